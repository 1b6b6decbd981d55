"""`spans` answers as comparing the text with tomli-w's, record by record, always.

`fmt --check` and every edit ask `splice.spans` whether a text is its registry's canonical
form, and `record_chunk` writes each record's canonical chunk from the model along fast
paths (a plan per table, the history entries in one loop, a cache of dates, a test for
strings that need no escape). Here the registries hold what those paths must get right or
hand on: strings with quotes, backslashes, newlines and control characters, odd ids and
keys, partial dates, progress claims, numbers of every kind, lists where tuples belong; and
the texts are canonical, or differ from the canonical text in one place. The reference is
tomli-w itself, whole record by whole record, never the code under test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmaps import splice
from roadmaps.model import PartialDate, Precision, Registry
from roadmaps.write import SCHEMA_LINE, schema_line_of

from .strategies import SURROGATES, partial_dates, registries

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
TABLES = ("sectors", "plans", "programs", "sources")

# What a string must be escaped for, and what merely looks like it (tab, NBSP, U+2028,
# U+0085, a bidi control), as well as plain text.
SPECIAL = ['"', "\\", "\n", "\r", "\t", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\xa0"]
SPECIAL += ["\u2028", "\u202e", "'''", '"""', "é", "газ", " ", "#", "[a]", "="]
odd_text = st.lists(
    st.sampled_from(SPECIAL) | st.text(st.characters(exclude_categories=SURROGATES), max_size=4),
    max_size=4,
).map("".join)
numbers = st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.booleans()


def odd_ids(draw: st.DrawFn, ids: tuple[str, ...]) -> Any:
    """The ids as they are, or with an odd one, or as a list (tomli-w writes both)."""
    ids = draw(st.just(ids) | st.lists(odd_text, min_size=1, max_size=2).map(tuple))
    return draw(st.sampled_from([ids, list(ids)]))


@st.composite
def oddities(draw: st.DrawFn, record: Any) -> Any:
    """`record` with some of its fields set to values a loaded registry seldom or never has,
    each of which tomli-w can still write."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if draw(st.integers(0, 3)) != 0:
            continue
        value = getattr(record, f.name)
        if f.name in ("id", "subject"):
            continue
        if type(value) is str or (value is None and f.name in ("note", "summary", "title_ru")):
            changes[f.name] = draw(odd_text)
        elif f.name == "date":  # required: a history entry or a claim always has one
            changes[f.name] = draw(partial_dates() | st.dates().map(PartialDate.of))
        elif f.name in ("deadline", "published", "adopted"):
            changes[f.name] = draw(st.none() | partial_dates() | st.dates().map(PartialDate.of))
        elif f.name in ("size", "percent", "done", "total"):
            changes[f.name] = draw(st.none() | numbers)
        elif f.name in ("sources", "follows") and value:
            changes[f.name] = odd_ids(draw, value)
        elif f.name in ("history", "progress") and value:
            items = tuple(draw(oddities(item)) for item in value)
            changes[f.name] = draw(st.sampled_from([items, list(items)]))
    return dataclasses.replace(record, **changes)


@st.composite
def odd_registries(draw: st.DrawFn) -> Registry:
    registry = draw(registries())
    tables: dict[str, Any] = {}
    for table in TABLES:
        items: dict[str, Any] = {}
        for rid, record in getattr(registry, table).items():
            key = (
                draw(st.just(rid) | odd_text.filter(bool)) if draw(st.integers(0, 5)) == 0 else rid
            )
            items.setdefault(key, draw(oddities(record)))
        tables[table] = items
    return dataclasses.replace(registry, **tables, note=draw(st.none() | odd_text))


def tomli_w_chunk(table: str, rid: str, record: object) -> str:
    return tomli_w.dumps({table: {rid: splice.record_document(table, record)}})


def reference_spans(
    text: str, registry: Registry, line: str | None
) -> dict[tuple[str, str], tuple[int, int]] | None:
    """`spans` as it was first written, over tomli-w's own chunks."""
    top = splice.head(registry, line)
    if not text.startswith(top):
        return None
    start, found = len(top), {}
    for table, rid, record in splice.records(registry):
        piece = "\n" + tomli_w_chunk(table, rid, record)
        if not text.startswith(piece, start):
            return None
        found[table, rid] = (start, start + len(piece))
        start += len(piece)
    return found if start == len(text) else None


REWRITES = [
    ('\\"', "\\u0022"),
    ("\\\\", "\\u005c"),
    ("\\n", "\\u000a"),
    ("\\u001b", "\\u001B"),
    ('"\n', '" \n'),
    (" = ", "="),
    ("-01-01\n", "-01-01T00:00:00\n"),
    ('",\n]', '"\n]'),
    ("[\n    ", "["),
]
lines = st.sampled_from([SCHEMA_LINE, "#:schema ./elsewhere.json", None])


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW)
@given(odd_registries())
def test_every_record_chunk_is_tomli_w_chunk(registry: Registry):
    for table, rid, record in splice.records(registry):
        expected = tomli_w_chunk(table, rid, record)
        assert splice.chunk(table, rid, splice.record_document(table, record)) == expected
        assert splice.record_chunk(table, rid, record) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW)
@given(odd_registries(), lines, st.data())
def test_spans_of_a_text_that_differs_in_one_place(
    registry: Registry, line: str | None, data: st.DataObject
):
    canonical = splice.head(registry, line) + "".join(
        "\n" + tomli_w_chunk(table, rid, record) for table, rid, record in splice.records(registry)
    )
    at = data.draw(st.integers(0, len(canonical)))
    change = data.draw(st.sampled_from(["none", "insert", "delete", "replace", "cut", "add"]))
    char = data.draw(st.sampled_from([" ", "\n", "#", '"', "\\", "a", "0", "[", "\x00"]))
    text = {
        "none": canonical,
        "insert": canonical[:at] + char + canonical[at:],
        "delete": canonical[:at] + canonical[at + 1 :],
        "replace": canonical[:at] + char + canonical[at + 1 :],
        "cut": canonical[:at],
        "add": canonical + char,
    }[change]
    if data.draw(st.booleans()):
        # The same value written another way (another escape, spacing, a date's form), once,
        # from `at` on: TOML reads it the same, but it is not the canonical text.
        old, new = data.draw(st.sampled_from(REWRITES))
        where = text.find(old, at)
        if where >= 0:
            text = text[:where] + new + text[where + len(old) :]
    found = splice.spans(text, registry, line)
    assert found == reference_spans(text, registry, line)
    assert (found is not None) == (text == splice.render(registry, line))


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW)
@given(odd_registries(), odd_registries(), lines)
def test_spans_of_another_registrys_text(registry: Registry, other: Registry, line: str | None):
    text = splice.render(other, line)
    assert splice.spans(text, registry, line) == reference_spans(text, registry, line)


def test_the_cache_of_days_stays_bounded_and_right(registry: Registry):
    """A day's text is cached; the cache is emptied when full, and a date that is not a
    plain date (a subclass that writes itself otherwise) never enters it."""

    class Odd(dt.date):
        def __str__(self) -> str:
            return "odd"

    program = next(iter(registry.programs.values()))

    def chunk(date: PartialDate) -> str:
        entry = dataclasses.replace(program.history[0], date=date)
        return splice.record_chunk("programs", "p", dataclasses.replace(program, history=(entry,)))

    kept = splice._DAYS_KEPT
    try:
        splice._DAYS_KEPT = 2
        splice._DAYS.clear()  # of the days other tests wrote
        for day in range(1, 6):
            assert f"\ndate = 2020-01-0{day}\n" in chunk(PartialDate.of(dt.date(2020, 1, day)))
            assert len(splice._DAYS) <= 2
        assert "\ndate = odd\n" in chunk(PartialDate(Odd(2020, 1, 1), Precision.DAY))
        assert all(type(day) is dt.date for day in splice._DAYS)
    finally:
        splice._DAYS_KEPT = kept


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["#:schema ", "x", "\n", "\r", " ", "\ufeff", "#"])).map("".join))
def test_the_schema_line_is_the_first_lines(text: str):
    first = text.split("\n", 1)[0].rstrip("\r")
    assert schema_line_of(text) == (first if first.startswith("#:schema ") else None)
