"""fields.py -> JSON Schema, for editors (Taplo / Even Better TOML) and other validators.

Generated, never hand-written, so that it cannot drift from what the loader accepts. It is an
editing aid: the loader and `roadmaps check` remain the authority (a schema cannot say, for
instance, that a status must equal the latest history entry's).
"""

from __future__ import annotations

from typing import Any

from . import fields as F

# The dates the loader accepts: a TOML date (which editors hand to the schema as a string) or
# "YYYY-MM" / "YYYY". Years 0001-9999, months 01-12, days that exist in their month (29 February
# in a common year is left to `roadmaps check`). No look-ahead: Taplo's regex engine has none.
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH_DAY = (
    "(?:(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|1[0-9]|2[0-9]))?"
    "|(?:0[13-9]|1[0-2])-30"
    "|(?:0[13578]|1[02])-31)"
)
DATE_PATTERN = f"^{_YEAR}(?:-{_MONTH_DAY})?$"

# Text the loader accepts: no C0 control character (a newline only in notes and summaries),
# no DEL or C1, no bidirectional override (design §3).
_BIDI = r"\u202A-\u202E\u2066-\u2069"
_CONTROL = r"\u0000-\u001F\u007F-\u009F"
_CONTROL_BUT_NEWLINE = r"\u0000-\u0009\u000B-\u001F\u007F-\u009F"
TEXT_PATTERN = f"^[^{_CONTROL}{_BIDI}]*$"
PROSE_PATTERN = f"^[^{_CONTROL_BUT_NEWLINE}{_BIDI}]*$"
PROSE = frozenset({"note", "summary"})
# An http(s) URL with a host, holding no whitespace, control character or any of <>"{}|\^`.
_NOT_IN_URL = r'\s<>"{}|\\^`' + _CONTROL
URL_PATTERN = f"^https?://[^/?#{_NOT_IN_URL}]+[^{_NOT_IN_URL}]*$"

SCHEMA_ID = f"urn:roadmaps:registry-format:{F.FORMAT}"


def schema_text() -> str:
    """The schema as `roadmaps schema` prints it and as a registry's `#:schema` file holds it
    (what `init` or `schema -o` writes beside a registry)."""
    import json

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {
        "id": {
            "type": "string",
            "pattern": f"^{F.ID_PATTERN.pattern}$",
            "description": "Lowercase kebab-case id.",
        },
        "ids": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/id"},
            "description": "A non-empty list of ids.",
        },
        "date": {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": 'A TOML date, or "YYYY-MM" / "YYYY" when only that is known; '
            "the date must exist.",
        },
    }
    for record in (F.HISTORY, F.PROGRESS, F.SECTOR, F.PLAN, F.PROGRAM, F.SOURCE):
        defs[_def_name(record)] = _record(record)
    top = _record(F.REGISTRY)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"roadmaps registry, format {F.FORMAT}",
        "description": F.REGISTRY.doc,
        **top,
        "$defs": defs,
    }


def _def_name(record: F.Record) -> str:
    return record.name.replace(" ", "-")


def _record(record: F.Record) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": record.doc,
        "properties": {f.name: _field(f) for f in record.fields},
        "additionalProperties": False,
    }
    required = [f.name for f in record.fields if f.required]
    if required:
        schema["required"] = required
    if record is F.PROGRESS:
        schema["anyOf"] = [{"required": ["percent"]}, {"required": ["done", "total"]}]
    return schema


def _field(f: F.Field) -> dict[str, Any]:
    schema: dict[str, Any]
    kind = f.kind
    if kind is F.Kind.TEXT:
        pattern = PROSE_PATTERN if f.name in PROSE else TEXT_PATTERN
        schema = {"type": "string", "minLength": 1, "pattern": pattern}
    elif kind is F.Kind.URL:
        schema = {"type": "string", "pattern": URL_PATTERN}
    elif kind in (F.Kind.INT, F.Kind.NUMBER):
        schema = {"type": "integer" if kind is F.Kind.INT else "number"}
        if f.minimum is not None:
            schema["minimum"] = int(f.minimum) if float(f.minimum).is_integer() else f.minimum
        if f.maximum is not None:
            schema["maximum"] = int(f.maximum) if float(f.maximum).is_integer() else f.maximum
    elif kind is F.Kind.DATE:
        schema = {"$ref": "#/$defs/date"}
    elif kind is F.Kind.ID:
        schema = {"$ref": "#/$defs/id"}
    elif kind is F.Kind.IDS:
        schema = {"$ref": "#/$defs/ids"}
    elif kind is F.Kind.STATUS:
        schema = {"enum": list(F.STATUSES)}
    elif kind is F.Kind.QUALIFIER:
        schema = {"enum": list(F.QUALIFIERS)}
    elif kind is F.Kind.LANGUAGE:
        schema = {"type": "string", "pattern": f"^{F.LANGUAGE_PATTERN.pattern}$"}
    elif kind is F.Kind.RECORDS:
        assert f.record is not None
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{_def_name(f.record)}"}}
        if f.required:
            schema["minItems"] = 1
    else:  # TABLE
        assert f.record is not None
        schema = {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/id"},
            "additionalProperties": {"$ref": f"#/$defs/{_def_name(f.record)}"},
        }
    if f.doc:
        schema = {**schema, "description": f.doc}
    return schema
