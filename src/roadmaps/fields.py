"""The declarative description of every record's fields.

One table drives three things that must never drift apart: the loader's shape checks, the
JSON Schema printed by `roadmaps schema`, and the key order of the canonical writer. Adding a
field here is the whole change for all three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from urllib.parse import urlsplit

from .model import Qualifier, Status


class Kind(StrEnum):
    TEXT = "text"  # a non-empty string
    INT = "int"
    NUMBER = "number"  # int or float
    DATE = "date"  # a TOML date, or "YYYY-MM" / "YYYY" for a partial one
    ID = "id"  # a reference to another record
    IDS = "ids"  # a non-empty array of references
    STATUS = "status"
    QUALIFIER = "qualifier"
    LANGUAGE = "language"
    URL = "url"
    RECORDS = "records"  # an array of tables (history, progress)
    TABLE = "table"  # a table of records keyed by id (sectors, plans, ...)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    doc: str = ""
    minimum: float | None = None
    maximum: float | None = None
    record: Record | None = None  # for RECORDS and TABLE
    refers_to: str | None = None  # for ID and IDS: the table the id must be in


@dataclass(frozen=True, slots=True)
class Record:
    name: str
    doc: str
    fields: tuple[Field, ...]
    by_name: dict[str, Field] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    def field(self, name: str) -> Field | None:
        return self.by_name.get(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


# What a web address may not hold (design §3): whitespace, control characters and the
# characters RFC 3986 never allows unescaped, which exports would otherwise have to quote.
_NOT_IN_URL = re.compile('[\\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069<>"{}|\\\\^`]')


def is_web_address(url: str) -> bool:
    """An http(s) URL with a host and no whitespace, control character or any of <>"{}|\\^`:
    what the check accepts and what exports make a link. The plain case is read directly
    (urlsplit for 10,000 sources took a tenth of the whole check); urlsplit judges the rest,
    and a URL it cannot split is no address."""
    if _NOT_IN_URL.search(url):
        return False
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            host = url[len(scheme) :].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            if host and "[" not in host:
                return True
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": a bracket that does not close
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


STATUSES = tuple(s.value for s in Status)
QUALIFIERS = tuple(q.value for q in Qualifier)
FORMAT = 1

_CITES = "Ids of the sources that say so."
_SUMMARY = "What it is about, in a few sentences."
_PROGRESS = "Dated progress claims made about it."

NOTE = Field(
    "note", Kind.TEXT, doc="Free text; carries what a comment would, and reaches every output."
)

HISTORY = Record(
    "history entry",
    "A dated status change of one program, citing at least one source.",
    (
        Field("date", Kind.DATE, required=True, doc="When the change happened or was reported."),
        Field("status", Kind.STATUS, required=True, doc="The program's status from this date on."),
        Field("sources", Kind.IDS, required=True, refers_to="sources", doc=_CITES),
        NOTE,
    ),
)

PROGRESS = Record(
    "progress claim",
    "A dated statement by a named speaker about how far a plan or program has got.",
    (
        Field("date", Kind.DATE, required=True, doc="When the statement was made."),
        Field("by", Kind.TEXT, required=True, doc="The speaker: name and office."),
        Field(
            "qualifier",
            Kind.QUALIFIER,
            doc="How the figure was hedged: about, almost, more-than...",
        ),
        Field("percent", Kind.NUMBER, minimum=0, maximum=100, doc="How far, in percent."),
        Field("done", Kind.INT, minimum=0, doc="How many units are done (with `total`)."),
        Field("total", Kind.INT, minimum=1, doc="How many units there are (with `done`)."),
        Field("of", Kind.TEXT, doc='The unit counted: "measures", "programs".'),
        Field("sources", Kind.IDS, required=True, refers_to="sources", doc=_CITES),
        NOTE,
    ),
)

SECTOR = Record(
    "sector",
    "A field of policy; sectors nest through `parent`.",
    (
        Field("title", Kind.TEXT, required=True, doc="The sector's name."),
        Field(
            "parent", Kind.ID, refers_to="sectors", doc="The id of the sector this one is part of."
        ),
        NOTE,
    ),
)

PLAN = Record(
    "plan",
    "An adopted package of programs.",
    (
        Field("title", Kind.TEXT, required=True, doc="The plan's name, in English."),
        Field("title_ru", Kind.TEXT, doc="Official Russian title, only where a source gives it."),
        Field("adopted", Kind.DATE, doc="When the plan was adopted."),
        Field("size", Kind.INT, minimum=1, doc="How many programs the plan officially has."),
        Field("sources", Kind.IDS, refers_to="sources", doc=_CITES),
        Field("summary", Kind.TEXT, doc=_SUMMARY),
        NOTE,
        Field("progress", Kind.RECORDS, record=PROGRESS, doc=_PROGRESS),
    ),
)

PROGRAM = Record(
    "program",
    "One road map, union program or task of a plan.",
    (
        Field("plan", Kind.ID, required=True, refers_to="plans", doc="The id of its plan."),
        Field("sector", Kind.ID, required=True, refers_to="sectors", doc="The id of its sector."),
        Field("title", Kind.TEXT, required=True, doc="The program's name, in English."),
        Field("title_ru", Kind.TEXT, doc="Official Russian title, only where a source gives it."),
        Field("status", Kind.STATUS, required=True, doc="Must equal the latest history entry's."),
        Field("deadline", Kind.DATE, doc="When it was due; past it, an open program is overdue."),
        Field(
            "follows", Kind.IDS, refers_to="programs", doc="Earlier programs this one continues."
        ),
        Field("summary", Kind.TEXT, doc=_SUMMARY),
        NOTE,
        Field(
            "history",
            Kind.RECORDS,
            required=True,
            record=HISTORY,
            doc="Its dated status changes, oldest first.",
        ),
        Field("progress", Kind.RECORDS, record=PROGRESS, doc=_PROGRESS),
    ),
)

SOURCE = Record(
    "source",
    "A cited publication.",
    (
        Field("title", Kind.TEXT, required=True, doc="The original title, in its own language."),
        Field("publisher", Kind.TEXT, required=True, doc="Who published it."),
        Field("url", Kind.URL, doc="The original publisher's URL where known."),
        Field("published", Kind.DATE, doc="When it was published."),
        Field("language", Kind.LANGUAGE, required=True, doc='A language code: "en", "ru", "be".'),
        NOTE,
    ),
)

REGISTRY = Record(
    "registry",
    "One registry file.",
    (
        Field(
            "format",
            Kind.INT,
            required=True,
            minimum=FORMAT,
            maximum=FORMAT,
            doc="The version of this file format.",
        ),
        Field("title", Kind.TEXT, required=True, doc="What the registry tracks."),
        Field(
            "as_of", Kind.DATE, required=True, doc="When the registry was last reviewed as a whole."
        ),
        Field(
            "stale_after_days",
            Kind.INT,
            minimum=1,
            doc="Days without evidence before a program is stale.",
        ),
        NOTE,
        Field("sectors", Kind.TABLE, record=SECTOR, doc="Fields of policy, by id."),
        Field("plans", Kind.TABLE, record=PLAN, doc="Adopted packages of programs, by id."),
        Field("programs", Kind.TABLE, record=PROGRAM, doc="The tracked programs, by id."),
        Field("sources", Kind.TABLE, record=SOURCE, doc="Cited publications, by id."),
    ),
)

DEFAULT_STALE_AFTER_DAYS = 365
