"""Publishing: the registry, with derived statuses and flags, as JSON, CSV, Markdown, SQLite
and one self-contained HTML page.

Every export is made from one snapshot at one as-of date, which it records, and is
byte-stable for the same input and date, so published files diff cleanly. Registry text is
data, never markup: HTML and Markdown escape it, and only http(s) addresses become links.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from . import query as Q
from .fields import is_web_address
from .model import PartialDate, Program, ProgressClaim, Registry, Status


@dataclass(frozen=True)
class Snapshot:
    """What every export shows: the registry as it stood on `day`."""

    registry: Registry
    day: dt.date
    views: dict[str, Q.ProgramView]
    conflicts: list[Q.Conflict]
    cited: dict[str, list[Q.Citation]]
    identified: Counter[str]

    @classmethod
    def of(cls, registry: Registry, day: dt.date) -> Snapshot:
        registry = Q.as_known(registry, day)
        views = {v.program.id: v for v in Q.snapshot(registry, day)}
        return cls(
            registry,
            day,
            views,
            Q.conflicts(registry, day),
            Q.citations(registry),
            Q.identified(registry),
        )

    @property
    def ordered_views(self) -> list[Q.ProgramView]:
        return list(self.views.values())


def _date(value: PartialDate | None) -> str:
    return "" if value is None else str(value)


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else stays text."""
    return url if url is not None and is_web_address(url) else None


# -- diff ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    program: Program
    old: Status | None
    new: Status
    entry_date: PartialDate
    sources: tuple[str, ...]


def changes(registry: Registry, start: dt.date, end: dt.date) -> list[Change]:
    """Programs whose status on `end` differs from their status on `start` (None: not yet
    recorded), with the entry that set the new status."""
    found = []
    for program in registry.programs.values():
        after = Q.view(registry, program, end, frozenset())
        if after is None:
            continue
        before = Q.view(registry, program, start, frozenset())
        old = before.status if before else None
        if old is after.status:
            continue
        setting = next(
            e
            for e in Q.history_until(program, end)
            if e.date == after.since and e.status is after.status
        )
        found.append(Change(program, old, after.status, setting.date, setting.sources))
    return sorted(found, key=lambda c: (c.entry_date.key, c.program.id))


def claims_between(registry: Registry, start: dt.date, end: dt.date) -> list[ProgressClaim]:
    return sorted((c for c in Q.all_claims(registry) if start < c.date.start <= end), key=Q.BY_DATE)


# -- the formats, one module each (design §7) ------------------------------------------------
# Imported last, since each format module imports Snapshot from here.

from .export_csv import csv_tables, csv_text, write_csv  # noqa: E402
from .export_html import to_html  # noqa: E402
from .export_json import to_json  # noqa: E402
from .export_markdown import _md, to_markdown  # noqa: E402
from .export_sqlite import write_sqlite  # noqa: E402

__all__ = [
    "Change",
    "Snapshot",
    "_md",
    "changes",
    "claims_between",
    "csv_tables",
    "csv_text",
    "safe_url",
    "to_html",
    "to_json",
    "to_markdown",
    "write_csv",
    "write_sqlite",
]
