"""Change or clear one field of one record, by the field description.

`roadmaps set` must accept exactly the fields that fields.py declares, and read each value by
its declared kind (a partial date, an int with its bounds, a list of ids that must exist), so
that nothing here can drift from the loader and the schema: the record's description is
looked up, never restated. Two fields are not set here: `status`, which follows the history
(`roadmaps record`), and the id, which other records name (`roadmaps rename`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from . import fields as F
from .edit import EditError, _known
from .errors import UnknownIdError, UsageError
from .model import PartialDate, Qualifier, Registry, parse_partial
from .query import nearest

SPECS: dict[str, F.Record] = {
    "sectors": F.SECTOR,
    "plans": F.PLAN,
    "programs": F.PROGRAM,
    "sources": F.SOURCE,
}
_ELSEWHERE = {
    "status": "a status follows the history: use `roadmaps record {id} STATUS --date D --source S`",
    "id": "an id is changed with `roadmaps rename {id} NEW`, which updates every reference",
    "history": "history entries are added with `roadmaps record {id} STATUS --date D --source S`",
    "progress": "progress claims are added with `roadmaps claim {id} --date D --by WHO ...`",
}
_INT64 = 2**63


class Unchanged(EditError):
    """The edit would change nothing, so nothing is written; not a failure."""

    exit_code = 0


def settable(spec: F.Record) -> list[str]:
    """The fields `roadmaps set` changes on a record of this kind."""
    return [f.name for f in spec.fields if f.name not in _ELSEWHERE]


def _target(registry: Registry, rid: str, name: str) -> tuple[str, F.Field]:
    kind = registry.kind_of(rid)
    if kind is None:
        raise UnknownIdError(rid, nearest(rid, registry.all_ids()))
    spec = SPECS[kind]
    if name in _ELSEWHERE and (name == "id" or spec.field(name) is not None):
        raise UsageError(_ELSEWHERE[name].format(id=rid))
    found = spec.field(name)
    if found is None:
        names = settable(spec)
        close = nearest(name, names, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UsageError(f"a {spec.name} has no field {name!r}; {hint}it has {', '.join(names)}")
    return kind, found


def set_field(registry: Registry, rid: str, name: str, text: str) -> Registry:
    """The registry with one field of `rid` read from `text` by the field's kind."""
    kind, f = _target(registry, rid, name)
    value = read_value(registry, f, text)
    record = getattr(registry, kind)[rid]
    if getattr(record, name) == value:
        raise Unchanged(f"{rid} already has {name} {display(f, value)}; nothing changed")
    return _replace(registry, kind, rid, record, name, value)


def unset_field(registry: Registry, rid: str, name: str) -> Registry:
    """The registry with an optional field of `rid` cleared."""
    kind, f = _target(registry, rid, name)
    if f.required:
        raise UsageError(f"{name} is required on a {SPECS[kind].name}; set a new value instead")
    record = getattr(registry, kind)[rid]
    empty: object = () if f.kind is F.Kind.IDS else None
    if getattr(record, name) == empty:
        raise Unchanged(f"{rid} has no {name}; nothing changed")
    return _replace(registry, kind, rid, record, name, empty)


def _replace(
    registry: Registry, kind: str, rid: str, record: object, name: str, value: object
) -> Registry:
    changed = dataclasses.replace(record, **{name: value})  # type: ignore[type-var]
    records = dict(getattr(registry, kind))
    records[rid] = changed
    return dataclasses.replace(registry, **{kind: records})  # type: ignore[arg-type]


def read_value(registry: Registry, f: F.Field, text: str) -> object:
    """`text` as a value of the field's kind, or a UsageError that says what was expected."""
    kind = f.kind
    if kind is F.Kind.TEXT:
        if not text.strip():
            clear = "" if f.required else f"; use --unset {f.name} to clear it"
            raise UsageError(f"{f.name} cannot be empty{clear}")
        return text
    if kind is F.Kind.INT:
        return _int(f, text)
    if kind is F.Kind.DATE:
        return read_date(text, f.name)
    if kind is F.Kind.ID:
        assert f.refers_to is not None
        _known(registry, f.refers_to, text, f.refers_to[:-1])
        return text
    if kind is F.Kind.IDS:
        assert f.refers_to is not None
        ids = tuple(dict.fromkeys(i for i in re.split(r"[\s,]+", text) if i))
        if not ids:
            raise UsageError(f"give {f.name} at least one id; use --unset {f.name} to clear it")
        for i in ids:
            _known(registry, f.refers_to, i, f.refers_to[:-1])
        return ids
    if kind is F.Kind.LANGUAGE:
        if not F.LANGUAGE_PATTERN.fullmatch(text):
            raise UsageError(f'{text!r} is not a language code ("en", "ru", "be")')
        return text
    if kind is F.Kind.URL:
        if not F.is_web_address(text) or any(c.isspace() for c in text):
            raise UsageError(f"{text!r} is not an http(s) address")
        return text
    if kind is F.Kind.QUALIFIER:
        try:
            return Qualifier(text)
        except ValueError:
            raise UsageError(f"{text!r} is not one of {', '.join(F.QUALIFIERS)}") from None
    raise UsageError(f"{f.name} cannot be set from the command line")  # pragma: no cover


def _int(f: F.Field, text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise UsageError(f"{f.name} is a whole number, not {text!r}") from None
    if f.minimum is not None and number < f.minimum:
        raise UsageError(f"{f.name} must be at least {f.minimum:g}, not {number}")
    if f.maximum is not None and number > f.maximum:
        raise UsageError(f"{f.name} must be at most {f.maximum:g}, not {number}")
    if not -_INT64 <= number < _INT64:
        raise UsageError(f"{f.name} must fit in 64 bits, not {number}")
    return number


def read_date(text: str, name: str = "date") -> PartialDate:
    """YYYY-MM-DD, YYYY-MM or YYYY, keeping the precision given."""
    found: PartialDate | None
    try:
        found = (
            PartialDate.of(dt.date.fromisoformat(text)) if len(text) == 10 else parse_partial(text)
        )
    except ValueError:
        found = None
    if found is None:
        raise UsageError(f"{name}: {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return found


def display(f: F.Field, value: object) -> str:
    """A value as the change report shows it: text quoted, dates and ids bare."""
    if value is None or value == ():
        return "(none)"
    if f.kind is F.Kind.TEXT:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
