"""The canonical text record by record: tomli-w's bytes, written faster, and spliced.

tomli-w writes a registry document as its top fields, then each record as a chunk of its own:
`[table.id]`, the record's keys, its `[[table.id.history]]` entries. Every chunk is preceded by
one blank line and depends on nothing but the record. So the canonical text is

    schema line + top fields + ("\\n" + chunk) for every record, in file order

and `tomli_w.dumps({table: {id: record}})` is exactly one chunk. Two things follow:

- A text can be tested for canonical form record by record, comparing each chunk where it
  should start (`spans`), and the test stops at the first record that differs.
- An edit of a canonical text changes only its changed records' chunks: the new text is the old
  one with those chunks replaced (`splice`), byte for byte what a full render would write.

tomli-w formats each string a character at a time in Python, most of the 2.5 s it takes to
write 20 MB. `chunk` writes the shapes a registry has (strings, whole numbers, floats, dates,
arrays of strings, arrays of tables) with the same rules, escapes strings with one regex, and
hands any other shape to tomli-w itself; tests/test_splice.py holds the two equal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

import tomli_w

from . import fields as F
from .model import Precision, Qualifier, Registry, Status

TABLES = ("sectors", "plans", "programs", "sources")
_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
# What tomli-w escapes in a basic string: quote, backslash and every ASCII control but tab.
_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_COMPACT = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _COMPACT.get(char) or "\\u" + hex(ord(char))[2:].rjust(4, "0")


def _string(text: str) -> str:
    # The first test settles nearly every string without the regex: a printable string holds
    # no control character.
    if (text.isprintable() and '"' not in text and "\\" not in text) or (
        _ESCAPED.search(text) is None
    ):
        return f'"{text}"'
    return f'"{_ESCAPED.sub(_escape, text)}"'


def _key(part: str) -> str:
    return part if part and _BARE.issuperset(part) else _string(part)


class _Unusual(Exception):
    """A shape `chunk` does not write itself: tomli-w writes the record."""


def _literal(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int or kind is float or kind is dt.date:
        return str(value)
    if kind is list:
        if not value:
            return "[]"
        if any(type(item) is list or type(item) is dict for item in value):
            raise _Unusual
        return "[\n" + ",\n".join(f"    {_literal(item)}" for item in value) + ",\n]"
    raise _Unusual


def _table(name: str, table: Mapping[str, Any], in_array: bool) -> str:
    """tomli-w's gen_table_chunks for a table of literals and arrays of tables."""
    literals: list[str] = []
    arrays: list[tuple[str, dict[str, Any]]] = []
    for key, value in table.items():
        if type(value) is list and value and all(type(item) is dict for item in value):
            # tomli-w writes such an array inline when every table fits on one line; a table
            # holding a non-empty array never does (the array spans lines).
            for item in value:
                if not any(type(v) is list and v for v in item.values()):
                    raise _Unusual
            arrays.extend((key, item) for item in value)
        elif type(value) is dict:
            raise _Unusual
        else:
            literals.append(f"{_key(key)} = {_literal(value)}\n")
    parts: list[str] = []
    if in_array or literals or not arrays:
        parts.append(f"[[{name}]]\n" if in_array else f"[{name}]\n")
    parts += literals
    for key, item in arrays:
        if parts:
            parts.append("\n")
        parts.append(_table(f"{name}.{_key(key)}", item, True))
    return "".join(parts)


def chunk(table: str, rid: str, document: dict[str, Any]) -> str:
    """One record's canonical text: `tomli_w.dumps({table: {rid: document}})`."""
    try:
        return _table(f"{table}.{_key(rid)}", document, False)
    except _Unusual:
        return tomli_w.dumps({table: {rid: document}})


_K = F.Kind
_SPECS: dict[str, F.Record] = {}
for _name in TABLES:
    _spec = F.REGISTRY.by_name[_name].record
    assert _spec is not None
    _SPECS[_name] = _spec

_DAY = Precision.DAY
# How `_model_table` writes a field, decided once per field instead of once per value.
_TEXT, _DATE, _LABEL, _IDS, _NUMBER, _HISTORY, _RECORDS, _OTHER = range(8)
_CODES = {
    _K.TEXT: _TEXT,
    _K.URL: _TEXT,
    _K.LANGUAGE: _TEXT,
    _K.ID: _TEXT,
    _K.DATE: _DATE,
    _K.STATUS: _LABEL,
    _K.QUALIFIER: _LABEL,
    _K.IDS: _IDS,
    _K.INT: _NUMBER,
    _K.NUMBER: _NUMBER,
}
# A field's attribute, its `key = ` prefix, its code, and for an array of tables other than
# the history the entries' own plan, the names of their arrays and the array's key.
_Step = tuple[str, str, int, Any]
_Plan = tuple[_Step, ...]


def _plan(spec: F.Record) -> _Plan:
    steps: list[_Step] = []
    for f in spec.fields:
        code, sub = _CODES.get(f.kind, _OTHER), None
        if f.kind is _K.RECORDS and f.record is not None:
            code = _HISTORY if f.record is F.HISTORY else _RECORDS
            lists = tuple(g.name for g in f.record.fields if g.kind is _K.IDS)
            sub = _key(f.name) if code == _HISTORY else (_plan(f.record), lists, _key(f.name))
        steps.append((f.name, f"{_key(f.name)} = ", code, sub))
    return tuple(steps)


_PLANS = {table: _plan(spec) for table, spec in _SPECS.items()}
# Statuses and qualifiers are written bare inside quotes: none holds a character a string
# escapes.
_LABEL_TYPES = (Status, Qualifier)
if any(_ESCAPED.search(label.value) for kind in _LABEL_TYPES for label in kind):
    raise ImportError("splice expects labels that need no escape")  # pragma: no cover
_STATUS_TEXT = {status: f'"{status.value}"' for status in Status}


# The text of each day a history entry was dated, made once: most share their days with
# others, and a dict look-up is a third of the cost of formatting a date. Bounded, so that
# a long-lived caller's cache cannot grow without end.
_DAYS: dict[dt.date, str] = {}
_DAYS_KEPT = 100_000


def _histories(entries: Any, header: str) -> str:
    """`_model_table` of each history entry, the record a registry has most of (ten a
    program), in one loop, one blank line between two; its fields in fields.HISTORY's order,
    which the module checks on import."""
    out: list[str] = []
    days = _DAYS
    for entry in entries:
        date, status, sources, note = entry.date, entry.status, entry.sources, entry.note
        if (
            type(sources) is not tuple
            or not sources
            or (note is not None and type(note) is not str)
        ):
            raise _Unusual
        try:
            joined = "".join(sources)
        except TypeError:  # an id that is not a string
            raise _Unusual from None
        # _string's test, inline: a call costs as much as the test.
        if not (joined.isprintable() and '"' not in joined and "\\" not in joined) and (
            _ESCAPED.search(joined) is not None
        ):
            raise _Unusual
        cited = '",\n    "'.join(sources)
        if date.precision is not _DAY:
            day = _string(str(date))
        elif type(start := date.start) is not dt.date:
            day = str(start)
        elif (known := days.get(start)) is not None:
            day = known
        else:
            if len(days) >= _DAYS_KEPT:
                days.clear()
            day = days[start] = str(start)
        # A status's own value, unless it is not a Status: then as the table has it.
        label = status._value_ if type(status) is Status else _STATUS_TEXT[status][1:-1]
        if note is None:
            out.append(
                f'{header}date = {day}\nstatus = "{label}"\nsources = [\n    "{cited}",\n]\n'
            )
        elif (note.isprintable() and '"' not in note and "\\" not in note) or (
            _ESCAPED.search(note) is None
        ):
            out.append(
                f'{header}date = {day}\nstatus = "{label}"\nsources = [\n    "{cited}",\n]\n'
                f'note = "{note}"\n'
            )
        else:
            out.append(
                f'{header}date = {day}\nstatus = "{label}"\nsources = [\n    "{cited}",\n]\n'
                f"note = {_string(note)}\n"
            )
    return "\n".join(out)


if tuple(f.name for f in F.HISTORY.fields) != ("date", "status", "sources", "note"):
    raise ImportError("splice._histories no longer matches fields.HISTORY")  # pragma: no cover


def _model_table(plan: _Plan, record: object, name: str, in_array: bool) -> str:
    """`_table` of the record's document (write._record), written from the record itself
    (building the document first took half the time) by its table's plan (`_plan`)."""
    literals: list[str] = []
    arrays: list[tuple[int, Any, Any]] = []
    for attr, prefix, code, sub in plan:
        value = getattr(record, attr)
        if value is None:
            continue
        if code == _TEXT and type(value) is str:  # the commonest field first; never == ()
            if (value.isprintable() and '"' not in value and "\\" not in value) or (
                _ESCAPED.search(value) is None
            ):
                literals.append(f'{prefix}"{value}"\n')
            else:
                literals.append(f"{prefix}{_string(value)}\n")
        elif value == ():
            continue
        elif code == _TEXT:
            raise _Unusual
        elif code == _DATE:
            if value.precision is _DAY:
                literals.append(f"{prefix}{value.start!s}\n")
            else:
                literals.append(f"{prefix}{_string(str(value))}\n")
        elif code == _LABEL:
            # A label's own value (`value` is a property, `_value_` the attribute behind it)
            # needs no escape (checked on import), unless it is not a label after all.
            if type(value) in _LABEL_TYPES:
                literals.append(f'{prefix}"{value._value_}"\n')
            else:
                literals.append(f"{prefix}{_string(value.value)}\n")
        elif code == _HISTORY:
            # tomli-w writes an array of tables inline unless an entry holds an array; a
            # history entry always does, or _histories hands the record to tomli-w.
            arrays.append((code, sub, value))
        elif code == _RECORDS:
            for item in value:
                if not any(getattr(item, ids) for ids in sub[1]):
                    raise _Unusual
            arrays.append((code, sub, value))
        elif code == _IDS and type(value) is tuple and all(type(v) is str for v in value):
            literals.append(
                f"{prefix}[\n" + ",\n".join(f"    {_string(item)}" for item in value) + ",\n]\n"
            )
        elif code == _NUMBER and (type(value) is int or type(value) is float):
            literals.append(f"{prefix}{value!s}\n")
        else:
            raise _Unusual
    parts: list[str] = []
    if in_array or literals or not any(value for _, _, value in arrays):
        parts.append(f"[[{name}]]\n" if in_array else f"[{name}]\n")
    parts += literals
    for code, sub, value in arrays:
        if code == _HISTORY:
            tables = _histories(value, f"[[{name}.{sub}]]\n")
        else:
            inner, _, key = sub
            tables = "\n".join([_model_table(inner, item, f"{name}.{key}", True) for item in value])
        if tables:
            if parts:
                parts.append("\n")
            parts.append(tables)
    return "".join(parts)


def record_chunk(table: str, rid: str, record: object) -> str:
    """`chunk(table, rid, record_document(table, record))`, without the document."""
    try:
        return _model_table(_PLANS[table], record, f"{table}.{_key(rid)}", False)
    except _Unusual:
        return chunk(table, rid, record_document(table, record))


def record_document(table: str, record: object) -> dict[str, Any]:
    from .write import _record

    return _record(_SPECS[table], record)


def head(registry: Registry, schema_line: str | None) -> str:
    """The schema line (a registry may have none) and the top fields: all that precedes the
    first record."""
    from .write import _value

    top: dict[str, Any] = {}
    for f in F.REGISTRY.fields:
        value = getattr(registry, f.name)
        if f.kind is F.Kind.TABLE or value is None or value == () or value == {}:
            continue
        top[f.name] = _value(f, value)
    body = tomli_w.dumps(top)
    return body if schema_line is None else f"{schema_line}\n{body}"


def records(registry: Registry) -> Iterator[tuple[str, str, object]]:
    for table, items in registry.tables():
        for rid, record in items.items():
            yield table, rid, record


def render(registry: Registry, schema_line: str | None) -> str:
    """The whole canonical text, as tomli-w writes it."""
    parts = [head(registry, schema_line)]
    for table, rid, record in records(registry):
        parts.append("\n")
        parts.append(record_chunk(table, rid, record))
    return "".join(parts)


Span = tuple[int, int]


def spans(
    text: str, registry: Registry, schema_line: str | None
) -> dict[tuple[str, str], Span] | None:
    """Where each record's chunk (with the blank line before it) is in `text`, when `text` is
    the canonical form of `registry`; None at the first byte that is not."""
    start = len(top := head(registry, schema_line))
    if not text.startswith(top):
        return None
    found: dict[tuple[str, str], Span] = {}
    for table, rid, record in records(registry):
        piece = "\n" + record_chunk(table, rid, record)
        if not text.startswith(piece, start):
            return None
        found[table, rid] = (start, start + len(piece))
        start += len(piece)
    return found if start == len(text) else None


def splice(
    text: str,
    old: Registry,
    new: Registry,
    places: Mapping[tuple[str, str], Span],
    schema_line: str | None,
) -> str:
    """The canonical text of `new`, made from `text`, the canonical text of `old` whose record
    chunks are at `places`: unchanged records are copied, only the others are written.

    A record is unchanged when it is the very same object in both registries (edits replace
    what they change and share the rest)."""
    return splice_parts(text, old, new, places, schema_line)[0]


def splice_parts(
    text: str,
    old: Registry,
    new: Registry,
    places: Mapping[tuple[str, str], Span],
    schema_line: str | None,
) -> tuple[str, str | None]:
    """`splice`'s text, and the text that is new in it: the head and the changed records'
    chunks, in their order, a TOML document of its own (load.load_edited parses it instead of
    the whole text). The second is None when a new chunk is not provably self-contained
    (`self_contained`): the whole text must then be parsed."""
    parts = [head(new, schema_line)]
    fresh: list[str] | None = [parts[0]]
    if "\n[" in parts[0] or parts[0].startswith("["):
        fresh = None
    for table, rid, record in records(new):
        before = getattr(old, table).get(rid)
        if before is record:
            start, end = places[table, rid]
            parts.append(text[start:end])
        else:
            piece = record_chunk(table, rid, record)
            parts.append("\n")
            parts.append(piece)
            if fresh is not None and self_contained(table, rid, piece):
                fresh.append("\n")
                fresh.append(piece)
            else:
                fresh = None
    return "".join(parts), None if fresh is None else "".join(fresh)


def self_contained(table: str, rid: str, piece: str) -> bool:
    """Whether a record's chunk defines only its own tables: it opens with its header
    `[table.id]`, every other line that opens with `[` is a header under that name, and it
    holds no multi-line string (in which a line could open with `[` and not be a header; the
    writer escapes newlines). TOML reads such chunks one after another as it reads each
    alone: a header line ends the previous table, and no two chunks name the same table. So
    the chunks of the records an edit left alone, which the old text parsed and built
    already, need not be parsed again."""
    name = f"{table}.{_key(rid)}"
    if not piece.startswith(f"[{name}]\n") or '"""' in piece or "'''" in piece:
        return False
    own, array = f"[{name}.", f"[[{name}."
    return all(
        line.startswith((own, array)) for line in piece.split("\n")[1:] if line.startswith("[")
    )
