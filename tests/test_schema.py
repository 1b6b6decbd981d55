"""The JSON Schema for editors: generated from fields.py, committed, and true to the loader."""

import datetime as dt
import functools
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmaps.load import load_text
from roadmaps.model import parse_partial
from roadmaps.schema import json_schema

from .conftest import REPO, SHIPPED, Invoke
from .test_check import MUTATIONS

COMMITTED = REPO / "schema" / "roadmaps.schema.json"


def as_json(value: Any) -> Any:
    """TOML values as editors hand them to a JSON Schema validator: dates become strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def validator() -> Any:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_what_the_command_prints(invoke: Invoke):
    result = invoke("schema")
    assert result.exit_code == 0
    assert result.stdout == COMMITTED.read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json_schema()


def test_the_shipped_registry_validates():
    data = as_json(tomllib.loads(SHIPPED.read_text(encoding="utf-8")))
    assert [e.message for e in validator().iter_errors(data)] == []


def test_the_registry_points_editors_at_the_schema():
    assert SHIPPED.read_text(encoding="utf-8").startswith(
        "#:schema ../schema/roadmaps.schema.json\n"
    )


SHAPE = [m for m in MUTATIONS if m[2] in {"E104", "E101", "E304", "E401"}]


@pytest.mark.parametrize(("name", "text"), [(m[0], m[1]) for m in SHAPE], ids=[m[0] for m in SHAPE])
def test_the_schema_rejects_shape_mutations(name: str, text: str):
    errors = list(validator().iter_errors(as_json(tomllib.loads(text))))
    assert errors, name


def test_the_schema_requires_a_figure_on_claims():
    claim: dict[str, Any] = {"date": "2023", "by": "A", "of": "measures", "sources": ["s"]}
    doc = {
        "format": 1,
        "title": "T",
        "as_of": "2024-01-01",
        "plans": {"p": {"title": "P", "progress": [claim]}},
    }
    assert list(validator().iter_errors(doc))
    claim["percent"] = 40
    assert list(validator().iter_errors(doc)) == []


def _properties(node: Any, where: str = "") -> Any:
    """Every (path, schema) of a property anywhere in the schema."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, where)


def test_the_schema_has_an_id_and_every_property_a_description():
    schema = json_schema()
    assert schema["$id"] == "urn:roadmaps:registry-format:1"
    properties = list(_properties(schema))
    assert len(properties) > 40
    assert [where for where, sub in properties if not sub.get("description")] == []


def _date_accepted_by_schema(text: str) -> bool:
    doc = {"format": 1, "title": "T", "as_of": text}
    return not list(validator().iter_errors(doc))


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2021", True),
        ("2021-11", True),
        ("2021-11-04", True),
        ("2024-02-29", True),
        ("2021-13-45", False),
        ("2023-13", False),
        ("2023-00", False),
        ("0000", False),
        ("2021-04-31", False),
        ("2021-02-30", False),
        ("2021-1", False),
        ("21-11-04", False),
        ("2021-11-04T00:00", False),
    ],
)
def test_the_schema_judges_dates_as_the_loader_does(text: str, ok: bool):
    assert _date_accepted_by_schema(text) is ok
    if len(text) == 10:  # a full date is a TOML date in the file
        loaded = load_text(f'format = 1\ntitle = "T"\nas_of = {text}\n', "r.toml")
        assert (loaded.problems == ()) is ok
    else:
        loaded = load_text(f'format = 1\ntitle = "T"\nas_of = "{text}"\n', "r.toml")
        assert (loaded.problems == ()) is ok, loaded.problems


@given(st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z"))
def test_any_date_shaped_text_is_judged_alike(text: str):
    if len(text) == 10:
        try:
            dt.date.fromisoformat(text)
            loader_ok = True
        except ValueError:
            loader_ok = False
        if text[5:] == "02-29" and not loader_ok:
            return  # 29 February of a common year: left to `roadmaps check`
    else:
        loader_ok = parse_partial(text) is not None
    assert _date_accepted_by_schema(text) is loader_ok


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Gas\x1b[31m market"), ("title", "Gas \u202emarket"), ("title", "two\nlines")],
)
def test_the_schema_refuses_text_the_loader_refuses(field: str, value: str):
    doc = {"format": 1, "title": "T", "as_of": "2024-01-01", "sectors": {"gas": {field: value}}}
    assert list(validator().iter_errors(doc))


def test_a_note_may_hold_a_newline():
    doc = {"format": 1, "title": "T", "as_of": "2024-01-01", "note": "two\nlines"}
    assert list(validator().iter_errors(doc)) == []


def test_schema_o_writes_the_same_schema(invoke: Invoke, tmp_path: Path):
    target = tmp_path / "roadmaps.schema.json"
    result = invoke("schema", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"wrote the JSON Schema to {target}\n"
    assert target.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
