from __future__ import annotations

import tomllib
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps.model import Registry
from roadmaps.positions import Locator, index_positions
from roadmaps.rules import severity_of
from roadmaps.write import dumps

from .strategies import registries

TEXT = '''format = 1
title = "x # not a comment"
[sectors.energy]
title = "E"
  [programs."gas-market"]
plan = "p"
follows = [
  "a", # ] a bracket in a comment
  "b",
]
summary = """multi
[fake.header]
x = 1"""
note = \'\'\'raw \\ "quoted" \'\'\'
[[programs.gas-market.history]]
date = 2021-11-04
[[programs.gas-market.history]]
status = 'x'
sources.extra = ["s"]
'''


def test_tables_keys_and_array_entries_are_located():
    found = index_positions(TEXT)
    assert found[("format",)] == (1, 1)
    assert found[("sectors", "energy")] == (3, 1)
    assert found[("programs", "gas-market")] == (5, 3)
    assert found[("programs", "gas-market", "follows")] == (7, 1)
    assert found[("programs", "gas-market", "summary")] == (11, 1)
    assert found[("programs", "gas-market", "note")] == (14, 1)
    assert found[("programs", "gas-market", "history", 0)] == (15, 1)
    assert found[("programs", "gas-market", "history", 0, "date")] == (16, 1)
    assert found[("programs", "gas-market", "history", 1, "status")] == (18, 1)
    assert found[("programs", "gas-market", "history", 1, "sources", "extra")] == (19, 1)


def test_text_inside_strings_and_arrays_is_not_taken_for_keys():
    found = index_positions(TEXT)
    assert ("fake", "header") not in found
    assert not any(path[-1] == "x" for path in found)


SPACED = """[ programs . "a.b" ]
plan = "p"
  x . y = 1
[[ programs . "a.b" . history ]]
date = 2021-11-04
"""


def test_blanks_and_quoted_parts_in_dotted_keys():
    found = index_positions(SPACED)
    assert found[("programs", "a.b")] == (1, 1)
    assert found[("programs", "a.b", "x", "y")] == (3, 3)
    assert found[("programs", "a.b", "history", 0, "date")] == (5, 1)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every key and array-of-tables entry; not the names that only headers imply
    ([sectors.a] implies `sectors`, [[x.history]] implies `x.history`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            implied = (isinstance(item, dict) and not path) or _tables(item)
            if not implied:
                yield (*path, key)
            yield from _paths(item, (*path, key))
    elif _tables(value):
        assert isinstance(value, list)
        for i, item in enumerate(value):
            yield (*path, i)
            yield from _paths(item, (*path, i))


def _tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


@settings(max_examples=40, deadline=None)
@given(registry=registries())
def test_every_key_of_a_written_registry_is_found_on_its_own_line(registry: Registry):
    """Each key tomllib reads is placed on a line that names it: its `key =` line, or the
    header of its table."""
    text = dumps(registry)
    lines = text.splitlines()
    found = index_positions(text)
    for path in _paths(tomllib.loads(text)):
        line, column = found[path]
        named = path[-1] if isinstance(path[-1], str) else path[-2]
        assert str(named) in lines[line - 1], (path, lines[line - 1])
        assert column == 1


# -- the record shortcut gives the whole index's answers ------------------------------------

UNUSUAL = """format = 1
title = "t"
as_of = 2026-11-01

[[programs.late.history]]
date = 2021-11-04

[sectors.energy]
title = "E"
list = [
[1.5]
,
]

[programs.late]
plan = "p"
deadline = 2025-01-01
  [programs.late.inner]
  x = 1

[programs.other]
title = "x"

[programs.late.extra]
y = 2
"""


def _record_paths(text: str) -> list[tuple[str | int, ...]]:
    """Paths a check locates with the shortcut: records, their plain keys, the entries of
    their arrays of tables and the keys of those, some of each missing."""
    found = index_positions(text)
    records = {path[:2] for path in found if len(path) >= 2 and path[0] in TABLES}
    keys = [path[:5] for path in found if len(path) >= 3 and path[0] in TABLES]
    missing = [(*record, name) for record in records for name in ("nothing", "extra", "inner")]
    entries = [
        (*record, array, i, *key)
        for record in records
        for array in ("history", "progress")
        for i in range(4)
        for key in ((), ("date",), ("sources",), ("nothing",))
    ]
    return sorted({*records, *keys, *missing, *entries}, key=repr)


TABLES = ("sectors", "plans", "programs", "sources")


def _same_as_the_index(text: str) -> None:
    """Every record path answered as the whole index answers it: by a locator that proves
    the layout from the text alone, and by one that knows how many entries each array has
    (as a loaded registry tells it)."""
    try:
        document = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError:  # a bare carriage return: only the index's layout rules
        document = None

    def counts(table: str, rid: str, array: str) -> int | None:
        items = document.get(table, {}).get(rid, {}).get(array) if document else None
        return len(items) if isinstance(items, list) else None

    whole = Locator("f", text, severity_of)
    for path in _record_paths(text):
        expected = whole.indexed(path)
        assert Locator("f", text, severity_of).position(path) == expected, path
        assert Locator("f", text, severity_of, entries=counts).position(path) == expected, path


ENTRIES = """format = 1

[programs.a]
plan = "p"

[[programs.a.history]]
date = 2021-11-04
sources = [
    "s",
]

[[programs.a.history]]
date = 2022-01-01
sources = ["s"]

[[programs.a.progress]]
by = "x"

[programs.b]
plan = "p"

[[programs.b.history]]
date = 2023-01-01
"""
# An entry header the record's own section does not hold, written before the record (in
# the section above it, where the whole index counts it first), in each form a reader of
# plain headers could miss; the shortcut must leave these to the whole index, or agree.
_BEFORE = "[programs.a]\n"
ODD_HEADERS = [
    "[[programs.a.history]]",
    "[[programs.a.history]]  ",
    "  [[programs.a.history]]",
    "[[ programs.a.history ]]",
    '[[programs.a."history"]]',
    "[[programs.a.history]] # c",
    '[programs.z]\nplan = "p"\n\n[[programs.a.history]]',
    "[programs.a.inner]\nx = 1\n\n[[programs.a.history]]",
    "[programs]\n\n[[programs.a.history]]",
]
ODD_ENTRIES = [
    *(ENTRIES.replace(_BEFORE, f"{odd}\ndate = 2020-01-01\n\n{_BEFORE}") for odd in ODD_HEADERS),
    "[[programs.a.history]]\ndate = 2020-01-01\n" + ENTRIES.replace("format = 1\n", ""),
    ENTRIES + "\n[[programs.a.history]]\ndate = 2024-01-01\n",  # after another record
    ENTRIES.replace('sources = ["s"]', "sources = [\n[1.5]\n]"),
    ENTRIES.replace('sources = ["s"]', "sources = [\n[1, 2],\n]"),
    ENTRIES.replace("[programs.b]", "[programs.a.inner]\nx = 1\n\n[programs.b]"),
    ENTRIES.replace("[programs.b]\n", "[programs]\nc.plan = 'p'\n\n[programs.b]\n"),
    ENTRIES.replace("\n", "\r\n"),
    "\ufeff" + ENTRIES,
    # TOML 1.1 (tomli reads it): an inline table over several lines, holding a line that
    # looks like the entry's own key before the key itself.
    ENTRIES.replace("date = 2022-01-01\n", "date = 2022-01-01\nextra = {\nsources = 1 }\n"),
]


def test_the_record_shortcut_answers_as_the_index_on_unusual_layouts():
    for text in (TEXT, SPACED, UNUSUAL, UNUSUAL.replace("\n", "\r\n"), "x = 1\r" + UNUSUAL):
        _same_as_the_index(text)
    for text in (ENTRIES, *ODD_ENTRIES):
        _same_as_the_index(text)


def test_an_entry_is_found_in_its_record_alone_when_the_layout_is_plain():
    locator = Locator("f", ENTRIES, severity_of)
    assert locator.position(("programs", "a", "history", 1, "sources")) == (14, 1)
    assert locator.position(("programs", "a", "progress", 0)) == (16, 1)
    assert locator.position(("programs", "b", "history", 0, "date")) == (23, 1)
    assert locator._positions is None  # answered without indexing the whole text


def test_an_entry_is_found_without_a_scan_of_every_header_when_its_count_is_known():
    locator = Locator("f", ENTRIES, severity_of, entries=lambda table, rid, array: 2)
    assert locator.position(("programs", "a", "history", 1, "sources")) == (14, 1)
    assert locator._headers is not None and locator._headers.arrays is None  # no proof run
    assert locator._positions is None
    # One entry more than the text holds after the record's header: left to the whole index.
    locator = Locator("f", ENTRIES, severity_of, entries=lambda table, rid, array: 3)
    assert locator.position(("programs", "a", "history", 1, "sources")) == (14, 1)
    assert locator._positions is not None


def test_a_header_inside_a_multi_line_string_is_not_taken_for_a_record():
    text = 'note = """\n[programs.a]\nplan = "x"\n"""\n\n[programs.a]\nplan = "p"\n'
    assert Locator("f", text, severity_of).position(("programs", "a")) == (6, 1)
    assert Locator("f", text, severity_of).position(("programs", "a", "plan")) == (7, 1)


@settings(max_examples=40, deadline=None)
@given(registry=registries())
def test_the_record_shortcut_answers_as_the_index_on_written_registries(registry: Registry):
    _same_as_the_index(dumps(registry))


@settings(max_examples=60, deadline=None)
@given(registry=registries(), data=st.data())
def test_the_record_shortcut_answers_as_the_index_when_sections_move(
    registry: Registry, data: st.DataObject
):
    """A written registry with one table section (a record, or an entry of its arrays) moved
    to the end of the file: still the same document to TOML, and to every locator."""
    text = dumps(registry)
    starts = [i + 1 for i in range(len(text)) if text.startswith("\n[", i)]
    if not starts:
        return
    k = data.draw(st.integers(0, len(starts) - 1))
    end = starts[k + 1] if k + 1 < len(starts) else len(text)
    moved = text[: starts[k]] + text[end:] + "\n" + text[starts[k] : end]
    try:
        tomllib.loads(moved)
    except tomllib.TOMLDecodeError:
        return  # keys moved away from their table: not a layout a check meets
    _same_as_the_index(moved)
