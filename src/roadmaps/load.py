"""TOML text -> model, collecting every shape problem with its line.

This module reads and parses (syntax problems, odd files, the edited text of a splice);
build.py checks the parsed values and builds the records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fields as F
from .build import TABLES, Builder
from .errors import Problem
from .memory import gc_paused
from .model import Registry
from .paths import display_path
from .positions import EntryCounts, Locator
from .rules import severity_of
from .textrules import file_problems

try:  # the compiled wheel is 2.5 times faster on large files; same API as tomllib
    import tomli as toml_reader
except ImportError:  # pragma: no cover - tomli is a dependency; stdlib is the safety net
    import tomllib as toml_reader  # type: ignore[no-redef]


@dataclass(frozen=True)
class Loaded:
    """A loaded file: the model (when the top level was usable) and the problems found."""

    locator: Locator
    registry: Registry | None
    problems: tuple[Problem, ...]
    declared: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.locator.file


def read_text(path: Path) -> tuple[str, str | None]:
    """The file's text, or a usage error for a file that cannot be read at all.

    Returns (text, None), or ("", reason) when the bytes are not UTF-8: that is a problem
    with the registry (E002), not with the command line.
    """
    from .reading import read_bytes

    data = read_bytes(path)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return "", f"{line}:{column}:byte 0x{data[exc.start]:02x} is not UTF-8"


def load_path(path: Path) -> Loaded:
    text, not_utf8 = read_text(path)
    name = display_path(path)
    if not_utf8 is not None:
        line, column, message = not_utf8.split(":", 2)
        locator = Locator(name, "", severity_of)
        problem = Problem("E002", severity_of("E002"), name, int(line), int(column), "", message)
        return Loaded(locator, None, (problem,))
    return load_text(text, name)


_POSITION_SUFFIX = re.compile(
    r"\s*\(at line (\d+), column (\d+)\)\s*$|\s*\(at end of document\)\s*$"
)


def load_text(text: str, file: str = "<text>") -> Loaded:
    locator = Locator(file, text, severity_of)
    with gc_paused():
        return _parse_and_build(text, locator, file)


def load_edited(
    text: str, file: str, before: Registry, after: Registry, fresh: str | None = None
) -> Loaded:
    """What `load_text(text, file)` gives, for the text of an edit that `splice` made from a
    text that loaded to `before` without a problem, meant to load to `after`.

    Records that `after` shares with `before` are copied bytes, whole table sections that
    built `before`'s records, so they are not built again: only the changed records and the
    top fields are, and must come out equal to `after`'s. With `fresh` (splice_parts: the
    head and the changed records' chunks, each self-contained) only that text is parsed:
    TOML reads the whole text as the copied chunks, already parsed within the old text, and
    the fresh ones side by side. Without it one parse of the whole text verifies it. Anything
    else (a problem in a changed record, ids in another order, a repeated id) is left to
    `load_text`, which reports it as it always has."""
    locator = Locator(file, text, severity_of)
    with gc_paused():
        try:
            data = toml_reader.loads(text if fresh is None else fresh)
        except (toml_reader.TOMLDecodeError, RecursionError, ValueError):
            return load_text(text, file)
        sample: dict[str, Any] = {k: v for k, v in data.items() if k not in TABLES}
        declared: dict[str, frozenset[str]] = {}
        for table in TABLES:
            raw = data.get(table, {})
            wanted: Mapping[str, object] = getattr(after, table)
            shared: Mapping[str, object] = getattr(before, table)
            edited = {
                rid: raw.get(rid, _ABSENT) if isinstance(raw, dict) else _ABSENT
                for rid, record in wanted.items()
                if shared.get(rid) is not record
            }
            expected = list(wanted) if fresh is None else list(edited)
            if not isinstance(raw, dict) or list(raw) != expected:
                return load_text(text, file)
            declared[table] = frozenset(wanted)
            if edited:
                sample[table] = edited
        if sum(map(len, declared.values())) != len(frozenset().union(*declared.values())):
            return load_text(text, file)  # an id in two tables: E206, as load_text words it
        built = Builder(locator).build(sample)
        if (
            built.problems
            or built.registry is None
            or not _same_edit(built.registry, after, sample)
        ):
            return load_text(text, file)
    locator.entries = entry_counts(after)
    return Loaded(locator, after, (), declared)


_ABSENT = object()  # a record the edited text lacks: load_text then words the problem


def _same_edit(built: Registry, after: Registry, sample: Mapping[str, Any]) -> bool:
    for f in F.REGISTRY.fields:
        if f.kind is not F.Kind.TABLE and getattr(built, f.name) != getattr(after, f.name):
            return False
    return all(
        getattr(built, table).get(rid) == getattr(after, table)[rid]
        for table in TABLES
        for rid in sample.get(table, ())
    )


def _parse_and_build(text: str, locator: Locator, file: str) -> Loaded:
    body = text[1:] if text.startswith("\ufeff") else text  # E003 says what the mark is
    try:
        data = toml_reader.loads(body)
    except toml_reader.TOMLDecodeError as exc:
        found = [_syntax_problem(exc, text, file), *file_problems(text, file, severity_of, False)]
        return Loaded(locator, None, tuple(sorted(found, key=lambda p: p.sort_key)))
    except RecursionError:
        line, column = _deepest(text)
        message = "arrays or inline tables are nested deeper than the parser allows"
        return Loaded(
            locator, None, (Problem("E001", severity_of("E001"), file, line, column, "", message),)
        )
    except ValueError:  # an integer of thousands of digits, beyond what Python converts
        line, column = _longest_number(text)
        message = "a number with more digits than a 64-bit integer can hold"
        return Loaded(
            locator, None, (Problem("E001", severity_of("E001"), file, line, column, "", message),)
        )
    built = Builder(locator).build(data)
    found = file_problems(text, file, severity_of, True)
    problems = built.problems
    if found:
        problems = tuple(sorted((*problems, *found), key=lambda p: p.sort_key))
    if built.registry is not None:
        locator.entries = entry_counts(built.registry)
    return Loaded(locator, built.registry, problems, built.declared)


def entry_counts(registry: Registry) -> EntryCounts:
    """How many entries the arrays of each record of `registry` have, for the locator of the
    text it loaded from (positions.Locator.entries); None for a record it left out."""

    def count(table: str, rid: str, array: str) -> int | None:
        records = getattr(registry, table, None)
        items = getattr(records.get(rid), array, None) if isinstance(records, dict) else None
        return len(items) if isinstance(items, tuple) else None

    return count


def _longest_number(text: str) -> tuple[int, int]:
    found = max(re.finditer(r"[0-9_]+", text), key=lambda m: m.end() - m.start(), default=None)
    if found is None:
        return 1, 1
    at = found.start()
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _deepest(text: str, limit: int = 400) -> tuple[int, int]:
    """Where bracket nesting first passes the parser's limit (strings are not told apart:
    this only locates a problem the parser has already found)."""
    depth = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        for column, ch in enumerate(line, start=1):
            depth += (ch in "[{") - (ch in "]}")
            if depth > limit:
                return lineno, column
    return 1, 1


def _syntax_problem(exc: ValueError, text: str, file: str) -> Problem:
    message = str(exc)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    found = _POSITION_SUFFIX.search(message)
    if found:
        message = message[: found.start()]
        if line is None and found.group(1):
            line, column = int(found.group(1)), int(found.group(2))
    if line is None:  # "at end of document"
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    message = message[:1].lower() + message[1:]
    if message == "illegal character '\\n'":
        message = "the line ends inside a string: a closing quote is missing"
    return Problem("E001", severity_of("E001"), file, line, column or 1, "", message)
