from __future__ import annotations

import tomllib
from collections.abc import Iterator

from hypothesis import given, settings

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
    """Paths a check locates with the shortcut: records and their plain keys, some missing."""
    found = index_positions(text)
    records = {path[:2] for path in found if len(path) >= 2 and path[0] in TABLES}
    keys = [path[:3] for path in found if len(path) >= 3 and path[0] in TABLES]
    missing = [(*record, name) for record in records for name in ("nothing", "extra", "inner")]
    return sorted({*records, *keys, *missing}, key=repr)


TABLES = ("sectors", "plans", "programs", "sources")


def _same_as_the_index(text: str) -> None:
    for path in _record_paths(text):
        assert Locator("f", text, severity_of).position(path) == Locator(
            "f", text, severity_of
        ).indexed(path), path


def test_the_record_shortcut_answers_as_the_index_on_unusual_layouts():
    for text in (TEXT, SPACED, UNUSUAL, UNUSUAL.replace("\n", "\r\n"), "x = 1\r" + UNUSUAL):
        _same_as_the_index(text)


def test_a_header_inside_a_multi_line_string_is_not_taken_for_a_record():
    text = 'note = """\n[programs.a]\nplan = "x"\n"""\n\n[programs.a]\nplan = "p"\n'
    assert Locator("f", text, severity_of).position(("programs", "a")) == (6, 1)
    assert Locator("f", text, severity_of).position(("programs", "a", "plan")) == (7, 1)


@settings(max_examples=40, deadline=None)
@given(registry=registries())
def test_the_record_shortcut_answers_as_the_index_on_written_registries(registry: Registry):
    _same_as_the_index(dumps(registry))
