"""The records of a registry, as plain frozen values.

Nothing here reads files or prints: the loader builds these, the pure core reads them, the
writer serialises them. Ids stay strings; references are resolved by lookups in `Registry`,
so a registry with a dangling reference can still be held and reported on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """The closed status vocabulary of design §2, in the order a program usually moves."""

    PLANNED = "planned"
    AGREED = "agreed"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    STALLED = "stalled"
    DISPUTED = "disputed"
    ABANDONED = "abandoned"


class Qualifier(StrEnum):
    """How exactly a speaker gave a figure: "about 90%" is not "90%"."""

    ABOUT = "about"
    ALMOST = "almost"
    AT_LEAST = "at-least"
    MORE_THAN = "more-than"
    LESS_THAN = "less-than"


class Flag(StrEnum):
    """Derived flags: never stored, always computed at an as-of date."""

    STALE = "stale"
    OVERDUE = "overdue"
    CONFLICTING = "conflicting"


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or only the year.

    Sources often say "in April 2023" or only "in 2023"; turning that into a full date would
    invent a day. The value keeps its precision for display and sorts by its first day.
    """

    start: dt.date
    precision: Precision = Precision.DAY
    # Sort key: by first day, the less precise first (a month precedes its days). Stored,
    # not computed: checking a large registry asks for it half a million times.
    key: tuple[dt.date, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.start, _PRECISION_RANK[self.precision]))

    @classmethod
    def of(cls, value: dt.date) -> PartialDate:
        """A full date. Values are shared: a large registry repeats the same days many times."""
        found = _DAYS.get(value)
        if found is None:
            found = _DAYS[value] = cls(value, Precision.DAY)
        return found

    @property
    def end(self) -> dt.date:
        """The last day the value may stand for: deadlines pass only after it."""
        if self.precision is Precision.DAY:
            return self.start
        if self.precision is Precision.MONTH:
            # The day before the first of next month (calendar costs 2 ms to import).
            if self.start.month == 12:
                return self.start.replace(day=31)
            following = self.start.replace(month=self.start.month + 1, day=1)
            return following - dt.timedelta(days=1)
        return self.start.replace(month=12, day=31)

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()


_PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}
_DAYS: dict[dt.date, PartialDate] = {}


def parse_partial(text: str) -> PartialDate | None:
    """Read "YYYY" or "YYYY-MM"; anything else is not a partial date (full dates are TOML dates)."""
    parts = text.split("-")
    if not all(
        len(p) == n and p.isascii() and p.isdigit() for p, n in zip(parts, (4, 2), strict=False)
    ):
        return None
    try:
        if len(parts) == 1:
            return PartialDate(dt.date(int(parts[0]), 1, 1), Precision.YEAR)
        if len(parts) == 2:
            return PartialDate(dt.date(int(parts[0]), int(parts[1]), 1), Precision.MONTH)
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Sector:
    id: str
    title: str
    parent: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressClaim:
    """A dated statement by a named speaker about how far a plan or program has got."""

    subject: str
    date: PartialDate
    by: str
    sources: tuple[str, ...]
    percent: float | None = None
    done: int | None = None
    total: int | None = None
    of: str | None = None
    qualifier: Qualifier | None = None
    note: str | None = None

    @property
    def share(self) -> float | None:
        """The claim as a percentage, whichever way it was given."""
        if self.percent is not None:
            return float(self.percent)
        if self.done is not None and self.total:
            return 100.0 * self.done / self.total
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry:
    date: PartialDate
    status: Status
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    id: str
    title: str
    title_ru: str | None = None
    adopted: PartialDate | None = None
    size: int | None = None
    sources: tuple[str, ...] = ()
    summary: str | None = None
    note: str | None = None
    progress: tuple[ProgressClaim, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Program:
    id: str
    plan: str
    sector: str
    title: str
    status: Status
    title_ru: str | None = None
    deadline: PartialDate | None = None
    follows: tuple[str, ...] = ()
    summary: str | None = None
    note: str | None = None
    history: tuple[HistoryEntry, ...] = ()
    progress: tuple[ProgressClaim, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    id: str
    title: str
    publisher: str
    language: str
    url: str | None = None
    published: PartialDate | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Registry:
    """One registry file: the only source of truth. Mappings keep the file's order."""

    format: int
    title: str
    as_of: PartialDate
    stale_after_days: int = 365
    note: str | None = None
    sectors: Mapping[str, Sector] = field(default_factory=dict)
    plans: Mapping[str, Plan] = field(default_factory=dict)
    programs: Mapping[str, Program] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)

    def kind_of(self, record_id: str) -> str | None:
        """Which table holds an id; ids are unique across tables, so the answer is one."""
        for kind, table in self.tables():
            if record_id in table:
                return kind
        return None

    def tables(self) -> tuple[tuple[str, Mapping[str, object]], ...]:
        return (
            ("sectors", self.sectors),
            ("plans", self.plans),
            ("programs", self.programs),
            ("sources", self.sources),
        )

    def all_ids(self) -> list[str]:
        return [rid for _, table in self.tables() for rid in table]
