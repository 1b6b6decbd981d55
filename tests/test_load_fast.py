"""The builder's inline path for history entries decides exactly as the general one.

A large registry holds ten history entries a program, so `_Builder.history` takes the
common entry without the per-field handlers. Here every entry, valid or not, is loaded
both ways: with the inline path, and with it switched off (no key is then "known", so
every entry goes through `record`). The model and every problem must be the same."""

import datetime as dt
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps import load

HEAD = {
    "format": 1,
    "title": "T",
    "as_of": dt.date(2024, 1, 1),
    "sectors": {"s": {"title": "S"}},
    "plans": {"p": {"title": "P"}},
}
SOURCES = {
    "src": {"title": "Src", "publisher": "Pub", "language": "en"},
    "other": {"title": "O", "publisher": "Pub", "language": "ru"},
}

values = st.one_of(
    st.integers(-3, 3),
    st.booleans(),
    st.sampled_from(["", " ", "x", "2023", "2023-04", "2023-04-05", "agreed", "src"]),
)


def mostly(good: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Valid values most of the time, so that whole entries often take the inline path."""
    return st.integers(0, 3).flatmap(lambda n: odd if n == 0 else good)


dates = mostly(
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    st.one_of(st.just(dt.datetime(2022, 3, 4, 5, 6)), values),
)
statuses = mostly(
    st.sampled_from(["agreed", "done", "in-progress"]),
    st.one_of(st.sampled_from(["Done", "later"]), values),
)
id_lists = mostly(
    st.lists(st.sampled_from(["src", "other"]), min_size=1, max_size=3),
    st.lists(
        st.one_of(st.sampled_from(["src", "missing", "Bad Id", ""]), st.integers(0, 2)),
        max_size=3,
    ),
)
notes = mostly(
    st.sampled_from(["a note", "two\nlines", "é"]),
    st.one_of(
        st.sampled_from(["", "  ", "\n", "tab\there", "esc\x1b", "rtl\u202e", "\r", "\x85"]),
        st.text(max_size=5),
        values,
    ),
)


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if draw(st.integers(0, 9)):
        entry["date"] = draw(dates)
    if draw(st.integers(0, 9)):
        entry["status"] = draw(statuses)
    if draw(st.integers(0, 9)):
        entry["sources"] = draw(st.one_of(id_lists, values))
    if draw(st.booleans()):
        entry["note"] = draw(notes)
    if not draw(st.integers(0, 9)):
        entry[draw(st.sampled_from(["dates", "extra", "source"]))] = "x"
    return entry


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(entries(), min_size=1, max_size=4), min_size=1, max_size=3))
def test_inline_history_path_is_the_general_one(histories: list[list[dict[str, Any]]]) -> None:
    # The first program cites both sources, so that their ids are known (validated) when
    # the generated entries are read, as in a real registry.
    first = {"date": dt.date(2021, 1, 1), "status": "agreed", "sources": ["src", "other"]}
    programs = {
        "a": {"plan": "p", "sector": "s", "title": "A", "status": "agreed", "history": [first]}
    }
    programs |= {
        f"x{i}": {
            "plan": "p",
            "sector": "s",
            "title": "X",
            "status": "agreed",
            "history": history,
        }
        for i, history in enumerate(histories)
    }
    text = tomli_w.dumps({**HEAD, "programs": programs, "sources": SOURCES})
    fast = load.load_text(text)
    known = load._HISTORY_KEYS
    try:
        load._HISTORY_KEYS = frozenset()  # nothing takes the inline path
        general = load.load_text(text)
    finally:
        load._HISTORY_KEYS = known
    assert fast.problems == general.problems
    assert fast.registry == general.registry
    assert fast.declared == general.declared
