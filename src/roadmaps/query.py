"""Questions asked of a registry at an as-of date. Pure: no I/O, no printing.

The three axes stay apart (design §1): the status comes from the cited history alone; `stale`
says how old our evidence is; `conflicting` says two officials' figures disagree. Nothing here
ever changes a status by itself.

Answers are NamedTuples: as immutable as the model's frozen dataclasses, and a tenth of their
cost to define, which every command pays at start-up (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from operator import attrgetter
from typing import NamedTuple

from .model import (
    Flag,
    HistoryEntry,
    PartialDate,
    Plan,
    Precision,
    Program,
    ProgressClaim,
    Registry,
    Status,
)

CONFLICT_WINDOW_DAYS = 45
CONFLICT_POINTS = 5.0
CLOSED = frozenset({Status.DONE, Status.ABANDONED})
BY_DATE = attrgetter("date.key")  # sort key of history entries and claims, for sorted()
_KEY = attrgetter("key")


class ProgramView(NamedTuple):
    """One program as it stood on a day."""

    program: Program
    status: Status
    since: PartialDate  # when the program entered its current status
    latest: HistoryEntry  # the newest history entry up to the day
    evidence: PartialDate  # the newest dated evidence of any kind up to the day
    flags: frozenset[Flag]


class Conflict(NamedTuple):
    """Two claims on one subject, close in time, far apart in figure."""

    first: ProgressClaim
    second: ProgressClaim

    @property
    def gap(self) -> float:
        return abs((self.first.share or 0.0) - (self.second.share or 0.0))


class SectorRow(NamedTuple):
    sector: str
    depth: int
    counts: Counter[Status]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Coverage(NamedTuple):
    plan: str
    identified: int
    size: int | None


class Event(NamedTuple):
    """One dated line of the timeline."""

    date: PartialDate
    kind: str  # "adopted", "status", "claim"
    subject: str
    text: str
    sources: tuple[str, ...]
    status: Status | None = None
    previous: Status | None = None


class Citation(NamedTuple):
    source: str
    record: str  # "programs.gas-market", "plans.union-programs-2021"
    what: str  # "history 2022-12-16", "progress 2023-11-29", "plan"
    date: PartialDate | None


# -- as-of ------------------------------------------------------------------------------


def history_until(program: Program, day: dt.date) -> list[HistoryEntry]:
    """Entries dated on or before `day`, in date order (file order breaks ties)."""
    entries = [e for e in program.history if e.date.start <= day]
    return sorted(entries, key=BY_DATE)


def view(
    registry: Registry, program: Program, day: dt.date, conflicted: frozenset[str]
) -> ProgramView | None:
    """The program as of `day`, or None when its history had not begun by then."""
    entries = history_until(program, day)
    if not entries:
        return None
    latest = entries[-1]
    since = latest.date
    for entry in reversed(entries):
        if entry.status is not latest.status:
            break
        since = entry.date
    evidence = evidence_until(program, latest, day)
    flags = standing(registry, program, latest.status, evidence, day)
    if program.id in conflicted:
        flags.add(Flag.CONFLICTING)
    return ProgramView(program, latest.status, since, latest, evidence, frozenset(flags))


def evidence_until(program: Program, latest: HistoryEntry, day: dt.date) -> PartialDate:
    """The newest dated evidence up to `day`, given the latest history entry up to it: that
    entry's date, or a progress claim's."""
    if not program.progress:
        return latest.date
    dates = [latest.date] + [c.date for c in program.progress if c.date.start <= day]
    return max(dates, key=_KEY)


def standing(
    registry: Registry, program: Program, status: Status, evidence: PartialDate, day: dt.date
) -> set[Flag]:
    """The flags of a program's own standing on `day` (stale, overdue), given its status and
    newest evidence then: what `view` flags, and what `check` warns of (W501, W502)."""
    flags = set()
    # Stale is about open programs only: a done or abandoned one has nothing left to report.
    if status not in CLOSED and (day - evidence.start).days > registry.stale_after_days:
        flags.add(Flag.STALE)
    if program.deadline is not None and program.deadline.end < day and status not in CLOSED:
        flags.add(Flag.OVERDUE)
    return flags


def snapshot(registry: Registry, day: dt.date) -> list[ProgramView]:
    """Every program whose history had begun by `day`, in file order."""
    conflicted = frozenset(c.first.subject for c in conflicts(registry, day))
    views = (view(registry, p, day, conflicted) for p in registry.programs.values())
    return [v for v in views if v is not None]


# -- claims -----------------------------------------------------------------------------


def all_claims(registry: Registry) -> list[ProgressClaim]:
    claims = [c for plan in registry.plans.values() for c in plan.progress]
    claims += [c for program in registry.programs.values() for c in program.progress]
    return claims


def claims_until(registry: Registry, day: dt.date) -> list[ProgressClaim]:
    """Claims made on or before `day`, newest first."""
    claims = [c for c in all_claims(registry) if c.date.start <= day]
    return sorted(claims, key=BY_DATE, reverse=True)


def comparable(a: ProgressClaim, b: ProgressClaim) -> bool:
    """Claims disagree only about the same thing: a claim on measures says nothing about
    programs, and a claim whose unit is unknown cannot be shown to disagree with anything.
    Claims dated only to the year are too vague to be placed within 45 days of another."""
    if a.of is None or b.of is None:
        return False
    if Precision.YEAR in (a.date.precision, b.date.precision):
        return False
    return _unit(a.of) == _unit(b.of)


def _unit(of: str) -> str:
    return of.strip().lower().removesuffix("s")


def conflicts(registry: Registry, day: dt.date) -> list[Conflict]:
    """Pairs of claims on one subject within 45 days that differ by more than 5 points."""
    by_subject: dict[str, list[ProgressClaim]] = {}
    for claim in all_claims(registry):
        if claim.date.start <= day and claim.share is not None:
            by_subject.setdefault(claim.subject, []).append(claim)
    found: list[Conflict] = []
    for claims in by_subject.values():
        claims.sort(key=BY_DATE)
        for i, a in enumerate(claims):
            for b in claims[i + 1 :]:
                if (b.date.start - a.date.start).days > CONFLICT_WINDOW_DAYS:
                    break
                if comparable(a, b) and abs((a.share or 0.0) - (b.share or 0.0)) > CONFLICT_POINTS:
                    found.append(Conflict(a, b))
    return sorted(found, key=lambda c: (c.second.date.key, c.first.subject))


# -- counts -----------------------------------------------------------------------------


def count_by_status(views: Iterable[ProgramView]) -> Counter[Status]:
    return Counter(v.status for v in views)


def sector_tree(registry: Registry) -> list[tuple[str, int]]:
    """Sectors depth-first under their parents, in file order; orphans and cycles at the top."""
    children: dict[str | None, list[str]] = {}
    for sector in registry.sectors.values():
        parent = sector.parent if sector.parent in registry.sectors else None
        children.setdefault(parent, []).append(sector.id)
    ordered: list[tuple[str, int]] = []
    seen: set[str] = set()

    def walk(sid: str, depth: int) -> None:
        if sid in seen:
            return
        seen.add(sid)
        ordered.append((sid, depth))
        for child in children.get(sid, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    for sid in registry.sectors:  # members of a parent cycle
        walk(sid, 0)
    return ordered


def subtree(registry: Registry, sector: str) -> set[str]:
    """A sector and every sector below it."""
    below = {sector}
    changed = True
    while changed:
        changed = False
        for s in registry.sectors.values():
            if s.parent in below and s.id not in below:
                below.add(s.id)
                changed = True
    return below


def sector_rows(registry: Registry, views: Sequence[ProgramView]) -> list[SectorRow]:
    """Counts per sector, each including its sub-sectors; sectors with no program are left out."""
    rows = []
    for sid, depth in sector_tree(registry):
        members = subtree(registry, sid)
        counts = Counter(v.status for v in views if v.program.sector in members)
        if counts:
            rows.append(SectorRow(sid, depth, counts))
    return rows


def coverage(
    registry: Registry,
    views: Sequence[ProgramView],
    day: dt.date | None = None,
    plans: Collection[str] = (),
) -> list[Coverage]:
    """Per plan: how many of its programs the registry identifies, against its official size.
    With a day, plans adopted after it are left out: they were not known then, nor is a plan
    without an adoption date that nothing on record by then mentions; with `plans`, only
    those."""
    identified = Counter(v.program.plan for v in views)
    return [
        Coverage(p.id, identified[p.id], p.size)
        for p in registry.plans.values()
        if (day is None or (p.adopted.start <= day if p.adopted else plan_known(registry, p, day)))
        and (not plans or p.id in plans)
    ]


# -- filters ----------------------------------------------------------------------------


def select(
    registry: Registry,
    views: Iterable[ProgramView],
    *,
    status: Status | Collection[Status] | None = None,
    sector: str | Collection[str] | None = None,
    plan: str | Collection[str] | None = None,
    flag: Flag | Collection[Flag] | None = None,
) -> list[ProgramView]:
    """Views that pass every filter given; the values of one filter are alternatives (design
    §4: `--status stalled --status disputed` selects either). A filter is one value or
    several; an empty one (None, ()) keeps all."""
    statuses, plans, flags = _many(status), _many(plan), _many(flag)
    sectors = subtrees(registry, _many(sector))
    return [
        v
        for v in views
        if (not statuses or v.status in statuses)
        and (sectors is None or v.program.sector in sectors)
        and (not plans or v.program.plan in plans)
        and (not flags or not flags.isdisjoint(v.flags))
    ]


def _many(value: str | Collection[str] | None) -> frozenset[str]:
    """One filter value or several as a set: a string (statuses and flags are strings too) is
    one value, never its characters."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def subtrees(registry: Registry, sectors: Collection[str]) -> set[str] | None:
    """The sectors named and every sector below them; None when none is named."""
    if not sectors:
        return None
    return set().union(*(subtree(registry, s) for s in sectors))


# -- timeline ---------------------------------------------------------------------------


def events(registry: Registry) -> list[Event]:
    """Every dated event: plan adoptions, status changes and progress claims, in date order."""
    found: list[Event] = []
    for plan in registry.plans.values():
        if plan.adopted is not None:
            found.append(
                Event(plan.adopted, "adopted", plan.id, f"{plan.title} adopted", plan.sources)
            )
        found.extend(_claim_event(c) for c in plan.progress)
    for program in registry.programs.values():
        previous: Status | None = None
        for entry in sorted(program.history, key=BY_DATE):
            found.append(
                Event(
                    entry.date,
                    "status",
                    program.id,
                    entry.note or "",
                    entry.sources,
                    entry.status,
                    previous,
                )
            )
            previous = entry.status
        found.extend(_claim_event(c) for c in program.progress)
    return sorted(found, key=BY_DATE)


def _claim_event(claim: ProgressClaim) -> Event:
    return Event(
        claim.date, "claim", claim.subject, f"{claim.by}: {describe_claim(claim)}", claim.sources
    )


def timeline(
    registry: Registry,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    sector: str | Collection[str] | None = None,
    plan: str | Collection[str] | None = None,
    day: dt.date | None = None,
) -> list[Event]:
    """The events of the period; with `day`, a plan's adoption names only the plan's sources
    published by then (an entry's own sources stay, as in `show`)."""
    sectors = subtrees(registry, _many(sector))
    plans = _many(plan)

    def keep(event: Event) -> bool:
        if since is not None and event.date.start < since:
            return False
        if until is not None and event.date.start > until:
            return False
        program = registry.programs.get(event.subject)
        if sectors is not None and (program is None or program.sector not in sectors):
            return False
        if plans:
            owner = program.plan if program is not None else event.subject
            return owner in plans
        return True

    found = [e for e in events(registry) if keep(e)]
    if day is None:
        return found
    return [
        e._replace(sources=tuple(s for s in e.sources if known(registry, s, day)))
        if e.kind == "adopted"
        else e
        for e in found
    ]


def describe_claim(claim: ProgressClaim) -> str:
    """'about 90% of 990 measures', '13 of 28 programs', 'more than 46%'."""
    hedge = f"{claim.qualifier.value.replace('-', ' ')} " if claim.qualifier else ""
    unit = f" {claim.of}" if claim.of else ""
    if claim.percent is not None:
        of_total = f" of {claim.total}{unit}" if claim.total else (f" of{unit}" if unit else "")
        return f"{hedge}{claim.percent:g}%{of_total}"
    return f"{hedge}{claim.done} of {claim.total}{unit}"


# -- sources ----------------------------------------------------------------------------


def known(registry: Registry, source: str, day: dt.date | None) -> bool:
    """Whether a source was published by `day` (one without a date is taken as known)."""
    found = registry.sources.get(source)
    published = found.published if found is not None else None
    return day is None or published is None or published.start <= day


def plan_sources(registry: Registry, plan: Plan, day: dt.date | None) -> list[str]:
    """The sources a plan cites as known on `day`: those published by then, whether or not
    the plan was adopted yet (a plan is on record before its adoption, its sources say so).
    The one rule for both sides: `show PLAN` lists them, `show SOURCE` lists the plan."""
    return [sid for sid in dict.fromkeys(plan.sources) if known(registry, sid, day)]


def citations(registry: Registry, day: dt.date | None = None) -> dict[str, list[Citation]]:
    """Every source id known on `day` with the records that cite it by then, each once;
    uncited sources map to []. Without a day, every source and every citation."""
    cited: dict[str, list[Citation]] = {
        sid: [] for sid in registry.sources if known(registry, sid, day)
    }

    def add(ids: Iterable[str], record: str, what: str, date: PartialDate | None) -> None:
        if day is not None and date is not None and date.start > day:
            return
        for sid in dict.fromkeys(ids):
            if sid not in cited and not known(registry, sid, day):
                continue
            found = Citation(sid, record, what, date)
            rows = cited.setdefault(sid, [])
            if found not in rows:  # one record citing a source twice for one thing is one row
                rows.append(found)

    for plan in registry.plans.values():
        add(plan_sources(registry, plan, day), f"plans.{plan.id}", "plan", None)
        for c in plan.progress:  # two claims of one day are told apart by what they say
            add(c.sources, f"plans.{plan.id}", f"progress {c.date}: {describe_claim(c)}", c.date)
    for program in registry.programs.values():
        for e in program.history:
            add(e.sources, f"programs.{program.id}", f"history {e.date} {e.status.value}", e.date)
        for c in program.progress:
            what = f"progress {c.date}: {describe_claim(c)}"
            add(c.sources, f"programs.{program.id}", what, c.date)
    return cited


def plan_known(registry: Registry, plan: Plan, day: dt.date) -> bool:
    """Whether anything of a plan was on record by `day`: its adoption, a source it cites, a
    progress claim or a program's history. A plan with nothing dated is taken as known."""
    dates = [plan.adopted, *(c.date for c in plan.progress)]
    dates += [e.date for p in programs_of_plan(registry, plan.id) for e in p.history]
    if any(d is not None and d.start <= day for d in dates):
        return True
    if any(known(registry, sid, day) for sid in plan.sources):
        return True
    return not plan.sources and all(d is None for d in dates)


def as_known(registry: Registry, day: dt.date) -> Registry:
    """The registry as known on `day`, for exports (design §4): history and claims dated
    after it, a later adoption date and sources published after it are left out. Every
    record stays, so references hold; a source published later stays only while an entry
    of the day cites it, as its id does in `show`."""
    from dataclasses import replace

    programs = {
        pid: replace(
            p,
            history=tuple(e for e in p.history if e.date.start <= day),
            progress=tuple(c for c in p.progress if c.date.start <= day),
        )
        for pid, p in registry.programs.items()
    }
    plans = {
        pid: replace(
            p,
            adopted=p.adopted if p.adopted is None or p.adopted.start <= day else None,
            sources=tuple(plan_sources(registry, p, day)),
            progress=tuple(c for c in p.progress if c.date.start <= day),
        )
        for pid, p in registry.plans.items()
    }
    cited = {s for p in programs.values() for e in p.history for s in e.sources}
    cited |= {s for p in programs.values() for c in p.progress for s in c.sources}
    cited |= {s for p in plans.values() for c in p.progress for s in c.sources}
    sources = {
        sid: s for sid, s in registry.sources.items() if sid in cited or known(registry, sid, day)
    }
    return replace(registry, plans=plans, programs=programs, sources=sources)


def nearest(wanted: str, ids: Iterable[str], n: int = 3) -> list[str]:
    """Ids containing the word first ("gas" finds "gas-market"), then close spellings."""
    from difflib import get_close_matches

    pool = list(ids)
    wanted = wanted.lower()  # ids are lowercase
    found = [i for i in pool if wanted in i]
    found += get_close_matches(wanted, pool, n=n, cutoff=0.6)
    return list(dict.fromkeys(found))[:n]


def programs_of_plan(registry: Registry, plan: str) -> Iterator[Program]:
    return (p for p in registry.programs.values() if p.plan == plan)


def identified(registry: Registry) -> Counter[str]:
    """Programs the registry identifies per plan, whatever their dates: what `size` is weighed
    against."""
    return Counter(p.plan for p in registry.programs.values())
