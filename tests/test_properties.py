"""Laws that hold for any input: the loader answers with problems, never with a traceback."""

import datetime as dt
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmaps.check import structural
from roadmaps.cli import app
from roadmaps.load import load_text

from .conftest import MINI

keys = st.sampled_from(
    [
        "format",
        "title",
        "as_of",
        "sectors",
        "plans",
        "programs",
        "sources",
        "history",
        "progress",
        "status",
        "date",
        "sources",
        "plan",
        "sector",
        "parent",
        "percent",
        "done",
        "total",
        "by",
        "note",
        "x",
        "Bad Key",
    ]
)
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["2023", "2023-04", "agreed", "stalled", "gas", "s-kremlin", "en"]),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)


def assert_answers(text: str) -> None:
    problems = structural(load_text(text, "r.toml"))
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.code[0] in "EW" and problem.message


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=8))
def test_any_toml_document_yields_problems_not_exceptions(document: dict[str, Any]):
    assert_answers(tomli_w.dumps(document))


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_text_yields_problems_not_exceptions(text: str):
    assert_answers(text)


MINI_TEXT = MINI.read_text(encoding="utf-8")


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=len(MINI_TEXT)), st.text(max_size=20))
def test_any_edit_of_a_real_registry_yields_problems_not_exceptions(at: int, insert: str):
    assert_answers(MINI_TEXT[:at] + insert + MINI_TEXT[at:])


def test_dates_far_apart_do_not_overflow():
    text = MINI_TEXT.replace("as_of = 2024-06-30", "as_of = 9999-12-31").replace(
        'date = "2024"', "date = 0001-01-01"
    )
    assert_answers(text)
    assert dt.date.max.year == 9999


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.integers(min_value=0, max_value=len(MINI_TEXT)),
    st.text(max_size=12),
    st.sampled_from(
        [
            ["status"],
            ["show", "energy"],
            ["show", "gas-market"],
            ["list"],
            ["timeline"],
            ["sources"],
            ["status", "--json"],
        ]
    ),
)
def test_commands_on_any_edited_registry_never_show_a_traceback(
    tmp_path_factory, at, insert, command
):
    path = tmp_path_factory.mktemp("edit") / "r.toml"
    path.write_text(MINI_TEXT[:at] + insert + MINI_TEXT[at:], encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["--data", str(path), *command, "--as-of", "2024-06-30"],
        env={"NO_COLOR": "1", "COLUMNS": "100"},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
