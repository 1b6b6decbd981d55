"""Parsed TOML -> model: every value checked against fields.py, every shape problem kept.

The loader never stops at the first mistake: a contributor fixing a file wants the whole
list. A record with a shape problem is left out of the model (its id still counts as
declared, so references to it do not cascade into false "unknown id" reports).

A large registry is nearly all valid records of three kinds (ten history entries a program,
the programs, the sources), so those are decided inline first: known keys only, each value of
its common valid type. Anything else goes the general way through `Builder.record`, driven
by fields.py, which checks and words every problem; tests/test_load_fast.py proves both ways
give the same model and problems.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from . import fields as F
from .errors import Problem
from .model import (
    HistoryEntry,
    PartialDate,
    Plan,
    Program,
    ProgressClaim,
    Qualifier,
    Registry,
    Sector,
    Source,
    Status,
    parse_partial,
)
from .positions import KeyPath, Locator
from .textrules import UNSAFE, unsafe_character

TABLES = ("sectors", "plans", "programs", "sources")


@dataclass(frozen=True)
class Built:
    """What one pass over a parsed document gives: the model (when the top level was
    usable), the problems found, sorted by position, and the ids each table declares."""

    registry: Registry | None
    problems: tuple[Problem, ...]
    declared: Mapping[str, frozenset[str]]


class Builder:
    """One pass over the parsed document: check each value against fields.py, build records."""

    def __init__(self, locator: Locator) -> None:
        self.locator = locator
        self.problems: list[Problem] = []
        self.ok = True  # reset per record; False once the record has a problem
        self.good_ids: set[str] = set()
        self.handlers: dict[F.Kind, Any] = {
            F.Kind.TEXT: self.text,
            F.Kind.URL: self.text,
            F.Kind.INT: self.number,
            F.Kind.NUMBER: self.number,
            F.Kind.DATE: self.date_field,
            F.Kind.ID: self.id_field,
            F.Kind.IDS: self.ids,
            F.Kind.STATUS: self.status,
            F.Kind.QUALIFIER: self.qualifier,
            F.Kind.LANGUAGE: self.language,
            F.Kind.RECORDS: self.records,
            F.Kind.TABLE: self.table_field,
        }
        # Per record spec, its fields with their handlers, looked up once.
        self.plans: dict[int, tuple[tuple[F.Field, str, Any], ...]] = {}
        # The inline path of a table's records (see `program`); the others go `record`'s way.
        self.quick: dict[str, Any] = {"programs": self.program, "sources": self.source}
        self.languages: set[str] = set()  # language codes already matched

    def report(self, code: str, path: KeyPath, message: str) -> None:
        self.ok = False
        self.problems.append(self.locator.problem(code, path, message))

    def build(self, data: dict[str, Any]) -> Built:
        version = data.get("format")
        if isinstance(version, int) and not isinstance(version, bool) and version != F.FORMAT:
            # Another format's fields would all look wrong: say the one thing that matters.
            self.report(
                "E107",
                ("format",),
                f"format {version} is not supported; this version reads format {F.FORMAT}",
            )
            return self.finish(None, {})
        for name in TABLES:  # ids are cited before their table: know the valid ones first
            records = data.get(name)
            if isinstance(records, dict):
                self.good_ids.update(filter(F.ID_PATTERN.fullmatch, records))
        top = self.record(F.REGISTRY, data, (), "")
        declared = {
            name: frozenset(data[name]) if isinstance(data.get(name), dict) else frozenset()
            for name in TABLES
        }
        self.duplicate_ids(data)
        if "title" not in top or "as_of" not in top:
            return self.finish(None, declared)
        registry = Registry(
            format=F.FORMAT,
            title=top["title"],
            as_of=top["as_of"],
            stale_after_days=top.get("stale_after_days", F.DEFAULT_STALE_AFTER_DAYS),
            note=top.get("note"),
            sectors=top.get("sectors", {}),
            plans=top.get("plans", {}),
            programs=top.get("programs", {}),
            sources=top.get("sources", {}),
        )
        return self.finish(registry, declared)

    def finish(self, registry: Registry | None, declared: Mapping[str, frozenset[str]]) -> Built:
        problems = tuple(sorted(self.problems, key=lambda p: p.sort_key))
        return Built(registry, problems, declared)

    def duplicate_ids(self, data: dict[str, Any]) -> None:
        seen: dict[str, str] = {}
        for table in TABLES:
            records = data.get(table)
            if not isinstance(records, dict):
                continue
            for rid in records:
                if rid in seen:
                    self.report("E206", (table, rid), f"id {rid!r} is also used in [{seen[rid]}]")
                else:
                    seen[rid] = table

    # -- generic shape checking, driven by fields.py --------------------------------------

    def record(
        self, spec: F.Record, raw: dict[str, Any], path: KeyPath, label: object
    ) -> dict[str, Any]:
        """Check one table against its spec; return the converted values that passed.

        Handlers get the record's path and build a field's path only to report a problem:
        a tuple per field of 110,000 history entries was a fifth of the build."""
        plan = self.plans.get(id(spec))
        if plan is None:
            plan = self.plans[id(spec)] = tuple(
                (f, f.name, self.handlers[f.kind]) for f in spec.fields
            )
        values: dict[str, Any] = {}
        if not raw.keys() <= spec.by_name.keys():
            for key in raw:
                if key not in spec.by_name:
                    self.report(
                        "E101",
                        (*path, key),
                        f"{label}unknown key {key!r}{_suggest(key, spec.names)}",
                    )
        for f, name, handle in plan:
            raw_value = raw.get(name, _MISSING)
            if raw_value is _MISSING:
                if f.required:
                    self.missing(spec, f, path, label)
                continue
            value = handle(f, raw_value, path, label)
            if value is not _INVALID:
                values[name] = value
        return values

    def missing(self, spec: F.Record, f: F.Field, path: KeyPath, label: object) -> None:
        if f.name == "sources" and spec in (F.HISTORY, F.PROGRESS):
            self.report("E304", path, f"{label}cites no source: add `sources = [...]`")
        elif f.name == "history":
            self.report("E102", path, "has no history: add a [[...history]] entry with its source")
        else:
            self.report("E102", path, f"{label}missing required field {f.name!r}")

    # -- one handler per kind of field; each takes the common valid case first ----------
    # `path` is the record's; (*path, f.name) is the field's, built only for a problem.

    def text(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        if type(raw) is str and raw and not raw.isspace():
            if UNSAFE.search(raw) is None:
                return raw
            unsafe = unsafe_character(raw, f.name)
            if unsafe is None:  # a newline in a note or summary
                return raw
            code, what = unsafe
            self.report(code, (*path, f.name), f"{_Where(label, f.name)} {what}")
            return _INVALID
        where, path = _Where(label, f.name), (*path, f.name)
        if not isinstance(raw, str):
            return self.wrong(path, where, "a string", raw)
        self.report("E103", path, f"{where} is empty")
        return _INVALID

    def number(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        where, path = _Where(label, f.name), (*path, f.name)
        integral = f.kind is F.Kind.INT
        if isinstance(raw, bool) or not isinstance(raw, int if integral else int | float):
            return self.wrong(path, where, "a whole number" if integral else "a number", raw)
        if isinstance(raw, int) and not _INT64_MIN <= raw <= _INT64_MAX:
            self.report("E107", path, f"{where} is outside the 64-bit integers TOML allows")
            return _INVALID
        number = float(raw)
        if not math.isfinite(number):
            self.report("E107", path, f"{where} is {raw}; it must be a finite number")
            return _INVALID
        if (f.minimum is not None and number < f.minimum) or (
            f.maximum is not None and number > f.maximum
        ):
            self.report("E107", path, f"{where} is {raw}; {_range(f)}")
            return _INVALID
        return raw

    def date_field(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        if type(raw) is dt.date:
            return PartialDate.of(raw)
        return self.date(raw, (*path, f.name), _Where(label, f.name))

    def id_field(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        return self.ident(raw, (*path, f.name), _Where(label, f.name))

    def ids(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        if type(raw) is list and raw:
            try:
                if self.good_ids.issuperset(raw):  # only strings were ever added
                    return tuple(raw)
            except TypeError:  # an unhashable item: the slow path names it
                pass
        where, path = _Where(label, f.name), (*path, f.name)
        if not isinstance(raw, list) or not raw:
            if isinstance(raw, list) and f.name == "sources":
                self.report("E304", path, f"{where} is empty: cite at least one source")
                return _INVALID
            return self.wrong(path, where, "a non-empty array of ids", raw)
        found = [self.ident(item, path, where) for item in raw]
        return _INVALID if _INVALID in found else tuple(found)

    def status(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        if type(raw) is str:
            known = _STATUSES.get(raw)
            if known is not None:
                return known
        return self.choice(raw, (*path, f.name), _Where(label, f.name), F.STATUSES, Status)

    def qualifier(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        return self.choice(raw, (*path, f.name), _Where(label, f.name), F.QUALIFIERS, Qualifier)

    def language(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        where, path = _Where(label, f.name), (*path, f.name)
        if not isinstance(raw, str):
            return self.wrong(path, where, "a string", raw)
        if not F.LANGUAGE_PATTERN.fullmatch(raw):
            self.report(
                "E109", path, f'{where} {raw!r} is not a language code such as "en" or "ru"'
            )
            return _INVALID
        return raw

    def table_field(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> Any:
        return self.table(f, raw, (*path, f.name))

    def wrong(self, path: KeyPath, where: object, expected: str, raw: Any) -> object:
        self.report("E103", path, f"{where} must be {expected}, not {_describe(raw)}")
        return _INVALID

    def date(self, raw: Any, path: KeyPath, where: object) -> object:
        if isinstance(raw, dt.datetime):
            self.report(
                "E105", path, f"{where} has a time of day; write the date alone: {raw.date()}"
            )
            return _INVALID
        if isinstance(raw, dt.date):
            return PartialDate.of(raw)
        if isinstance(raw, str):
            partial = parse_partial(raw)
            if partial is not None:
                return partial
            hint = ""
            try:
                full = dt.date.fromisoformat(raw)
                hint = f"; write full dates without quotes: {full.isoformat()}"
            except ValueError:
                hint = (
                    '; use a TOML date (2023-04-05), or "2023-04" or "2023" when only that is known'
                )
            self.report("E105", path, f"{where} {raw!r} is not a date{hint}")
            return _INVALID
        return self.wrong(path, where, "a date", raw)

    def ident(self, raw: Any, path: KeyPath, where: object) -> object:
        if not isinstance(raw, str):
            return self.wrong(path, where, "an id string", raw)
        if raw in self.good_ids:  # ids are cited over and over: check each once
            return raw
        if not F.ID_PATTERN.fullmatch(raw):
            self.report(
                "E106",
                path,
                f"{where} {raw!r} is not an id (lowercase letters, digits and hyphens)",
            )
            return _INVALID
        self.good_ids.add(raw)
        return raw

    def choice(
        self, raw: Any, path: KeyPath, where: object, allowed: tuple[str, ...], enum: Any
    ) -> object:
        if not isinstance(raw, str):
            return self.wrong(path, where, "a string", raw)
        if raw not in allowed:
            self.report(
                "E104",
                path,
                f"{where} {raw!r} is not one of {', '.join(allowed)}{_suggest(raw, allowed)}",
            )
            return _INVALID
        return enum(raw)

    def table(self, f: F.Field, raw: Any, path: KeyPath) -> object:
        assert f.record is not None
        if not isinstance(raw, dict):
            return self.wrong(path, f"[{f.name}]", "a table of records", raw)
        built: dict[str, Any] = {}
        quick = self.quick.get(f.name) if _QUICK_TABLES else None
        good_ids = self.good_ids  # holds every valid record id already (see `build`)
        for rid, body in raw.items():
            self.ok = True
            rpath = (*path, rid)
            if rid in good_ids:
                if quick is not None and type(body) is dict:
                    record = quick(rid, body, rpath)
                    if record is not None:
                        if record is not _INVALID:
                            built[rid] = record
                        continue
            else:
                self.report(
                    "E106", rpath, f"{rid!r} is not an id (lowercase letters, digits and hyphens)"
                )
            if not isinstance(body, dict):
                self.report("E103", rpath, f"must be a table, not {_describe(body)}")
                continue
            values = self.record(f.record, body, rpath, "")
            if self.ok:
                built[rid] = _construct(f.name, rid, values)
        self.ok = True
        return built

    # -- the inline paths of the common valid record ------------------------------------
    # Each returns the record; None when the record is not the common case (nothing is
    # reported then, and the general way decides); or _INVALID when it was decided here and
    # left out (its history or claims had a problem, reported as the general way does).

    def program(self, rid: str, raw: dict[str, Any], path: KeyPath) -> Any:
        """A program whose keys are known and whose values before its history are each of
        their common valid type, as `record` with `text`, `id_field`, `status`, `date_field`
        and `ids` would accept them."""
        if not raw.keys() <= _PROGRAM_KEYS:
            return None
        get, good_ids = raw.get, self.good_ids
        plan, sector, title, status = get("plan"), get("sector"), get("title"), get("status")
        title_ru, deadline, follows = get("title_ru"), get("deadline"), get("follows")
        summary, note, history = get("summary"), get("note"), get("history")
        if not (
            type(plan) is str
            and plan in good_ids
            and type(sector) is str
            and sector in good_ids
            and _plain(title)
            and (title_ru is None or _plain(title_ru))
            and type(status) is str
            and (summary is None or _plain(summary))
            and (note is None or _plain(note))
            and type(history) is list
            and history
        ):
            return None
        known = _STATUSES.get(status)
        when = _quick_date(deadline) if deadline is not None else None
        if known is None or (deadline is not None and when is None):
            return None
        if follows is not None:
            if type(follows) is not list or not follows:
                return None
            try:
                if not good_ids.issuperset(follows):
                    return None
            except TypeError:  # an unhashable item: the general path names it
                return None
            follows = tuple(follows)
        for item in history:
            if type(item) is not dict:
                return None
        # From here on the fields' handlers may report: the record is decided here.
        entries = self.history(history, (*path, "history"))
        claims: Any = ()
        raw_claims = get("progress")
        if raw_claims is not None:
            claims = self.records(_PROGRESS_FIELD, raw_claims, path, "")
        if not self.ok:
            return _INVALID
        program = _new(Program)  # Program(id=rid, ...), see _PROGRAM_SLOTS
        for setter, value in zip(
            _PROGRAM_SLOTS,
            (rid, plan, sector, title, known, title_ru, when, follows or (), summary, note),
            strict=True,
        ):
            setter(program, value)
        _set_history(program, entries)
        _set_progress(program, tuple(ProgressClaim(subject=rid, **c) for c in claims))
        return program

    def source(self, rid: str, raw: dict[str, Any], path: KeyPath) -> Any:
        """A source whose keys are known and whose values are each of their common valid
        type, as `record` with `text`, `date_field` and `language` would accept them."""
        if not raw.keys() <= _SOURCE_KEYS:
            return None
        get = raw.get
        title, publisher, url, published = get("title"), get("publisher"), get("url"), None
        language, note = get("language"), get("note")
        if not (
            _plain(title)
            and _plain(publisher)
            and (url is None or _plain(url))
            and (note is None or _plain(note))
            and type(language) is str
        ):
            return None
        if language not in self.languages:
            if not F.LANGUAGE_PATTERN.fullmatch(language):
                return None
            self.languages.add(language)
        if "published" in raw:
            published = _quick_date(raw["published"])
            if published is None:
                return None
        source = _new(Source)  # Source(id=rid, ...), see _SOURCE_SLOTS
        for setter, value in zip(
            _SOURCE_SLOTS, (rid, title, publisher, language, url, published, note), strict=True
        ):
            setter(source, value)
        return source

    def records(self, f: F.Field, raw: Any, path: KeyPath, label: object) -> object:
        assert f.record is not None
        path = (*path, f.name)
        if type(raw) is not list or any(type(item) is not dict for item in raw):
            return self.wrong(
                path, f"{label}{f.name}", f"an array of tables ([[...{f.name}]])", raw
            )
        if not raw and f.required:
            self.report("E102", path, f"has an empty {f.name}")
            return _INVALID
        spec, record = f.record, self.record
        progress = spec is F.PROGRESS
        if not progress:
            return self.history(raw, path)
        entries: list[dict[str, Any]] = []
        for i, item in enumerate(raw):
            entry_label = _EntryLabel("progress claim", i, item)
            values = record(spec, item, (*path, i), entry_label)
            self.progress_figure(values, item, (*path, i), entry_label)
            entries.append(values)
        return entries

    def history(self, raw: list[dict[str, Any]], path: KeyPath) -> object:
        """A program's history entries, built as `HistoryEntry` values.

        A large registry has ten entries a program, so the common entry is decided inline:
        known keys only, a TOML date (not a date-time) or a "2023-04" or "2023", a known status, ids already
        validated, and a note (if any) that the text rule finds nothing in (UNSAFE is the
        same search `text` makes first). Anything else goes the general way through
        `record`, which checks and words every problem as it always has. Returns a tuple
        of entries, or a list holding dicts once an entry has a problem (the program is
        then left out, as `self.ok` is False)."""
        good_ids, unsafe, statuses, keys = self.good_ids, UNSAFE.search, _STATUSES, _HISTORY_KEYS
        new, of = object.__new__, PartialDate.of
        set_date, set_status, set_sources, set_note = _SLOTS
        entries: list[Any] = []
        append = entries.append
        clean = True
        for i, item in enumerate(raw):
            if item.keys() <= keys:
                when, status, cited = item.get("date"), item.get("status"), item.get("sources")
                note = item.get("note")
                day = of(when) if type(when) is dt.date else _quick_date(when)
                if (
                    day is not None
                    and type(status) is str
                    and type(cited) is list
                    and cited
                    and (
                        note is None
                        or (
                            type(note) is str
                            and note
                            and not note.isspace()
                            and unsafe(note) is None
                        )
                    )
                ):
                    known = statuses.get(status)
                    try:
                        cited_ok = good_ids.issuperset(cited)
                    except TypeError:  # an unhashable item: the general path names it
                        cited_ok = False
                    if known is not None and cited_ok:
                        entry = new(HistoryEntry)  # HistoryEntry(date=..., ...), see _SLOTS
                        set_date(entry, day)
                        set_status(entry, known)
                        set_sources(entry, tuple(cited))
                        set_note(entry, note)
                        append(entry)
                        continue
            before = len(self.problems)
            values = self.record(F.HISTORY, item, (*path, i), _EntryLabel("history entry", i, item))
            if clean and len(self.problems) == before:
                append(HistoryEntry(**values))
            else:
                clean = False
                append(values)
        return tuple(entries) if clean else entries

    def progress_figure(
        self, values: dict[str, Any], raw: dict[str, Any], path: KeyPath, label: object
    ) -> None:
        if "percent" not in raw and not ("done" in raw and "total" in raw):
            self.report("E108", path, f"{label}give `percent`, or `done` with `total`")
        elif (
            isinstance(values.get("done"), int)
            and isinstance(values.get("total"), int)
            and values["done"] > values["total"]
        ):
            self.report(
                "E107",
                (*path, "done"),
                f"{label}done ({values['done']}) exceeds total ({values['total']})",
            )


class _EntryLabel:
    """ "history entry #2 (2022-12-16): ", formatted only if a message needs it: building the
    label for every entry of a large registry cost more than checking the entry."""

    __slots__ = ("i", "item", "name")

    def __init__(self, name: str, i: int, item: dict[str, Any]) -> None:
        self.name, self.i, self.item = name, i, item

    def __format__(self, spec: str) -> str:
        when = self.item.get("date")
        shown = (
            when.isoformat()
            if isinstance(when, dt.date)
            else when
            if isinstance(when, str)
            else "?"
        )
        return f"{self.name} #{self.i + 1} ({shown}): "


class _Where:
    """A field's name in messages, with its record's label; formatted only on a problem."""

    __slots__ = ("label", "name")

    def __init__(self, label: object, name: str) -> None:
        self.label, self.name = label, name

    def __format__(self, spec: str) -> str:
        return f"{self.label}{self.name}"


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_MISSING: Any = object()
_STATUSES = {s.value: s for s in Status}
_HISTORY_KEYS = frozenset(F.HISTORY.by_name)
# The slot setters of HistoryEntry: what its generated __init__ does, without the call and
# its keyword arguments (a tenth of the build of 110,000 entries). HistoryEntry has no
# __post_init__ and no default the inline path could skip: every field is set, and the
# assertion fails at import if the model gains a field this does not know.
assert [f.name for f in dataclass_fields(HistoryEntry)] == ["date", "status", "sources", "note"]
assert not hasattr(HistoryEntry, "__post_init__")
_SLOTS = tuple(
    getattr(HistoryEntry, name).__set__ for name in ("date", "status", "sources", "note")
)


# The records the inline paths build without their generated __init__ (what it does, without
# the call and its keyword arguments). The assertions fail at import if the model or
# fields.py gains a field these paths do not know.
_QUICK_TABLES = True  # False: every record goes `record`'s way (tests compare the two)
_PROGRAM_KEYS = frozenset(F.PROGRAM.by_name)
_SOURCE_KEYS = frozenset(F.SOURCE.by_name)
_PROGRESS_FIELD = F.PROGRAM.by_name["progress"]
_new = object.__new__
assert not hasattr(Program, "__post_init__") and not hasattr(Source, "__post_init__")
_PROGRAM_ORDER = (
    "id",
    "plan",
    "sector",
    "title",
    "status",
    "title_ru",
    "deadline",
    "follows",
    "summary",
    "note",
    "history",
    "progress",
)
assert tuple(f.name for f in dataclass_fields(Program)) == _PROGRAM_ORDER
assert frozenset(_PROGRAM_ORDER[1:]) == _PROGRAM_KEYS
_SOURCE_ORDER = ("id", "title", "publisher", "language", "url", "published", "note")
assert tuple(f.name for f in dataclass_fields(Source)) == _SOURCE_ORDER
assert frozenset(_SOURCE_ORDER[1:]) == _SOURCE_KEYS
assert [F.PROGRAM.by_name[n].kind for n in ("plan", "sector", "status", "deadline", "follows")] == [
    F.Kind.ID,
    F.Kind.ID,
    F.Kind.STATUS,
    F.Kind.DATE,
    F.Kind.IDS,
]
assert {F.PROGRAM.by_name[n].kind for n in ("title", "title_ru", "summary", "note")} == {
    F.Kind.TEXT
}
assert [F.SOURCE.by_name[n].kind for n in _SOURCE_ORDER[1:]] == [
    F.Kind.TEXT,
    F.Kind.TEXT,
    F.Kind.LANGUAGE,
    F.Kind.URL,
    F.Kind.DATE,
    F.Kind.TEXT,
]
_PROGRAM_SLOTS = tuple(getattr(Program, name).__set__ for name in _PROGRAM_ORDER[:10])
_set_history, _set_progress = (getattr(Program, name).__set__ for name in _PROGRAM_ORDER[10:])
_SOURCE_SLOTS = tuple(getattr(Source, name).__set__ for name in _SOURCE_ORDER)


def _plain(value: Any) -> bool:
    """A text value `text` takes as it is: a string, not blank, nothing for the text rule."""
    return type(value) is str and bool(value) and not value.isspace() and not UNSAFE.search(value)


def _quick_date(value: Any) -> PartialDate | None:
    """A date field's value as `date_field` builds it; None where that would report."""
    if type(value) is dt.date:
        return PartialDate.of(value)
    return parse_partial(value) if type(value) is str else None


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID: Any = _Invalid()


def _construct(table: str, rid: str, v: dict[str, Any]) -> Any:
    """The record from values that passed their fields' checks, so every required field is
    there and each value has its model type; field names are the model's (fields.py)."""
    if table == "sectors":
        return Sector(id=rid, **v)
    if table == "sources":
        return Source(id=rid, **v)
    if "progress" in v:
        v["progress"] = tuple(ProgressClaim(subject=rid, **c) for c in v["progress"])
    if table == "plans":
        return Plan(id=rid, **v)
    return Program(id=rid, **v)  # its history is built already (Builder.history)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, int) and not _INT64_MIN <= value <= _INT64_MAX:
        return "a number outside the 64-bit integers"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"a {type(value).__name__}"


def _range(f: F.Field) -> str:
    if f.minimum is not None and f.minimum == f.maximum:
        return f"this version reads format {f.minimum:g} only"
    if f.maximum is None:
        return f"it must be at least {f.minimum:g}"
    return f"it must be between {f.minimum:g} and {f.maximum:g}"


def _suggest(word: str, choices: tuple[str, ...]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
