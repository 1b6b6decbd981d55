"""Model -> problems: pure rules over a loaded registry.

Every rule returns problems instead of raising, so one run reports everything. References are
checked against the ids *declared* in the file, including records the loader left out for
shape problems, so one typo is reported once and does not cascade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence, Set
from itertools import islice
from operator import attrgetter, lt

from . import fields as F
from . import query as Q
from .errors import Problem
from .load import Loaded
from .memory import gc_paused
from .model import Flag, HistoryEntry, PartialDate, Program, ProgressClaim, Registry, Status
from .positions import KeyPath, Locator

Finding = tuple[str, KeyPath, str]
_SORT_KEY = attrgetter("file", "line", "column", "code")  # Problem.sort_key, without a call
_DATE_KEY = attrgetter("date.key")
_FLAG_CODES = ("W501", "W502", "W503", "W504", "W505")  # what _warning_findings finds


def _everything(code: str) -> bool:
    return True


def check(
    loaded: Loaded, today: dt.date | None = None, wanted: Callable[[str], bool] = _everything
) -> list[Problem]:
    """Every problem of a registry, sorted by position; only those whose code is `wanted`.

    Flags (W501-W503) are computed at the registry's own `as_of` date, so the same file gives
    the same report on any day; only "in the future" (E303) looks at today's date. Unwanted
    codes are dropped before they are located (locating reads the record's own lines, or,
    where positions.py cannot prove that enough, indexes the whole text: 2 s for 10,000
    programs), and the rules that find only unwanted warnings (W501-W506) do not run: an edit
    needs only the errors.
    """
    with gc_paused():
        return _check(loaded, today, wanted)


def _check(loaded: Loaded, today: dt.date | None, wanted: Callable[[str], bool]) -> list[Problem]:
    problems = [p for p in loaded.problems if wanted(p.code)]
    registry = loaded.registry
    if registry is not None:
        today = today or dt.date.today()
        cited: set[str] = set()
        disordered: set[str] = set()
        evidence = _evidence_findings(registry, today, cited, wanted("W506"))
        found = [
            *_reference_findings(registry, loaded.declared, cited),
            *_program_findings(registry, disordered),
            *evidence,
            *_source_findings(registry, today),
        ]
        if any(wanted(code) for code in _FLAG_CODES):  # an edit wants only the errors
            found += _warning_findings(registry, cited, disordered)
        locate = loaded.locator.problem
        problems += [locate(code, path, message) for code, path, message in found if wanted(code)]
    return sorted(problems, key=_SORT_KEY)


def warnings(registry: Registry) -> list[Finding]:
    """The warnings of a registry, not yet located: what an edit compares before and after,
    to report the warnings it introduced (most edits introduce none, and locating costs)."""
    cited: set[str] = set()
    evidence = _evidence_findings(registry, registry.as_of.end, cited)
    return [f for f in evidence if f[0].startswith("W")] + _warning_findings(registry, cited)


def structural(loaded: Loaded) -> list[Problem]:
    """Syntax, shape and reference problems: what makes a registry unreadable for the commands."""
    problems = list(loaded.problems)
    if loaded.registry is not None:
        problems.extend(references(loaded.registry, loaded.declared, loaded.locator))
    return sorted(problems, key=_SORT_KEY)


def references(
    registry: Registry, declared: Mapping[str, frozenset[str]], at: Locator
) -> list[Problem]:
    return [
        at.problem(code, path, message)
        for code, path, message in _reference_findings(registry, declared)
    ]


def _reference_findings(
    registry: Registry,
    declared: Mapping[str, frozenset[str]],
    cited: Collection[str] | None = None,
) -> Iterator[tuple[str, KeyPath, str]]:
    """The reference problems. `cited`, when the caller has collected them, are the ids of
    every source the registry cites: when all are declared, no source reference is unknown
    and the 110,000 records of a large registry are not walked again to find none."""

    def unknown(
        code: str, table: str, wanted: str, path: KeyPath, what: str
    ) -> tuple[str, KeyPath, str]:
        close = Q.nearest(wanted, sorted(declared.get(table, ())), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return code, path, f"{what} {wanted!r} is not in [{table}]{hint}"

    sources = declared.get("sources", frozenset())

    def cited_by(
        ids: tuple[str, ...], path: KeyPath, date: PartialDate | None
    ) -> Iterator[Finding]:
        for sid in ids:
            if sid not in sources:
                label = f"{_label(path, date)}: " if date is not None else ""
                yield unknown("E203", "sources", sid, (*path, "sources"), f"{label}source")

    for sector in registry.sectors.values():
        if sector.parent is not None and sector.parent not in declared.get("sectors", ()):
            yield unknown(
                "E202", "sectors", sector.parent, ("sectors", sector.id, "parent"), "parent sector"
            )
    yield from _sector_cycles(registry)

    all_declared = cited is not None and sources.issuperset(cited)
    if not all_declared:
        for plan in registry.plans.values():
            yield from cited_by(plan.sources, ("plans", plan.id), None)
    plans = declared.get("plans", ())
    sectors = declared.get("sectors", ())
    programs = declared.get("programs", ())
    for program in registry.programs.values():
        if program.plan not in plans:
            yield unknown("E201", "plans", program.plan, ("programs", program.id, "plan"), "plan")
        if program.sector not in sectors:
            path: KeyPath = ("programs", program.id, "sector")
            yield unknown("E202", "sectors", program.sector, path, "sector")
        if program.follows:
            path = ("programs", program.id, "follows")
            for earlier in program.follows:
                if earlier not in programs:
                    yield unknown("E204", "programs", earlier, path, "followed program")
            if program.id in program.follows:
                yield "E207", path, "a program cannot follow itself"
    if all_declared:
        return
    is_declared = sources.issuperset
    for base, records in _dated_groups(registry):
        for i, record in enumerate(records):
            if not is_declared(record.sources):
                yield from cited_by(record.sources, (*base, i), record.date)


def _sector_cycles(registry: Registry) -> Iterator[tuple[str, KeyPath, str]]:
    """Report each cycle of parents once, at its first sector in file order."""
    reported: set[str] = set()
    for start in registry.sectors:
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in registry.sectors and current not in chain:
            chain.append(current)
            current = registry.sectors[current].parent
        if current is None or current not in chain:
            continue
        cycle = chain[chain.index(current) :]
        if reported.isdisjoint(cycle):
            reported.update(cycle)
            first = min(cycle, key=list(registry.sectors).index)
            loop = cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first]
            yield (
                "E205",
                ("sectors", first, "parent"),
                f"sector parents form a cycle: {' -> '.join(loop)}",
            )


def _dated_groups(
    registry: Registry,
) -> Iterator[tuple[KeyPath, Sequence[HistoryEntry | ProgressClaim]]]:
    """The history entries and progress claims, by the array that holds them: a rule walks
    the records with their index and builds a record's path only for a problem (paths for
    all 110,000 records of a large registry cost more than the rules themselves)."""
    for plan in registry.plans.values():
        if plan.progress:
            yield ("plans", plan.id, "progress"), plan.progress
    for program in registry.programs.values():
        yield ("programs", program.id, "history"), program.history
        if program.progress:
            yield ("programs", program.id, "progress"), program.progress


def _label(path: KeyPath, date: PartialDate) -> str:
    """ "history entry #2 (2022-12-16)", built only for a record that has a problem."""
    kind = "history entry" if path[2] == "history" else "progress claim"
    return f"{kind} #{int(path[3]) + 1} ({date})"


def _program_findings(registry: Registry, disordered: set[str] | None = None) -> Iterator[Finding]:
    """The history problems of every program (E301, E305, E302); adds to `disordered` the id
    of each program whose history is out of date order (E301).

    A history strictly in date order, as nearly all are, has no entry out of order and no
    two of one date, and its latest entry is its last: one C-level comparison of its dates
    tells, without the walk of `_history_walk`."""
    for program in registry.programs.values():
        history = program.history
        keys = list(map(_DATE_KEY, history))
        if keys and all(map(lt, keys, islice(keys, 1, None))):
            if program.status is not history[-1].status:
                yield _status_differs(program, history[-1])
            continue
        for finding in _history_walk(program):
            if finding[0] == "E301" and disordered is not None:
                disordered.add(program.id)
            yield finding


def _evidence_findings(
    registry: Registry, today: dt.date, cited: set[str], early_sources: bool = True
) -> list[Finding]:
    """One pass over every dated record: dates in the future or after as_of (E303), sources
    published before the event they report (W506, unless not `early_sources`); collects the
    cited ids for W504."""
    as_of = registry.as_of.end
    limit = min(today, as_of)
    published = {
        sid: s.published.end for sid, s in registry.sources.items() if s.published is not None
    }
    for plan in registry.plans.values():
        cited.update(plan.sources)
    found: list[Finding] = []
    # The pass visits a quarter of a million source ids in a large registry: what it calls
    # per id is looked up once, and a source without a date is published "never".
    cite, published_end, never = cited.update, published.get, dt.date.max
    for base, records in _dated_groups(registry):
        for i, record in enumerate(records):
            start = record.date.start
            sources = record.sources
            cite(sources)
            if start > limit:
                found.append(_too_late(registry, (*base, i), record.date, today))
            if not early_sources:
                continue
            for sid in sources:
                if published_end(sid, never) < start:
                    found.append(
                        (
                            "W506",
                            (*base, i, "sources"),
                            f"{_label((*base, i), record.date)}: source {sid!r} was published "
                            f"{registry.sources[sid].published}, before the event it reports",
                        )
                    )
    return found


def _too_late(registry: Registry, path: KeyPath, date: PartialDate, today: dt.date) -> Finding:
    if date.start > today:
        why = f"date is in the future (today is {today.isoformat()})"
    else:
        why = f"date is after the registry's as_of ({registry.as_of})"
    return "E303", (*path, "date"), f"{_label(path, date)}: {why}"


def _history_walk(program: Program) -> Iterator[Finding]:
    """One program's history, entry by entry: E301, E305, E302 in any history."""
    base: KeyPath = ("programs", program.id)
    seen: set[tuple[object, ...]] = set()
    previous: PartialDate | None = None
    latest = program.history[0]
    latest_key = latest.date.key
    for i, entry in enumerate(program.history):
        date = entry.date
        key = date.key
        if previous is not None and key < previous.key:
            path: KeyPath = (*base, "history", i)
            yield (
                "E301",
                (*path, "date"),
                f"{_label(path, date)}: out of date order: it follows an entry of {previous}",
            )
        if key > latest_key:  # as max(): the first of equally late entries
            latest, latest_key = entry, key
        same = (key, entry.status)
        if same in seen:
            path = (*base, "history", i)
            yield (
                "E305",
                path,
                f"{_label(path, date)}: repeats an earlier entry with the same date and status",
            )
        seen.add(same)
        previous = date
    if program.status is not latest.status:
        yield _status_differs(program, latest)


def _status_differs(program: Program, latest: HistoryEntry) -> Finding:
    return (
        "E302",
        ("programs", program.id, "status"),
        f'status "{program.status.value}" differs from its latest history entry "{latest.status.value}" ({latest.date})',
    )


def _source_findings(registry: Registry, today: dt.date) -> Iterator[Finding]:
    by_url: dict[str, str] = {}
    for source in registry.sources.values():
        base: KeyPath = ("sources", source.id)
        if source.url is not None:
            if not F.is_web_address(source.url):
                yield "E401", (*base, "url"), f"url {source.url!r} is not an http(s) address"
            elif source.url in by_url:
                yield (
                    "E402",
                    (*base, "url"),
                    f"url is also the url of {by_url[source.url]!r}: one publication, one source",
                )
            else:
                by_url[source.url] = source.id
        if source.published is None:
            yield (
                "E403",
                base,
                'has no `published` date: give it, to the month or year if that is all that is known ("2023-04")',
            )
        elif source.published.start > today:
            yield (
                "E303",
                (*base, "published"),
                f"published {source.published} is in the future (today is {today.isoformat()})",
            )


def _warning_findings(
    registry: Registry, cited: set[str], disordered: Collection[str] | None = None
) -> list[Finding]:
    """The warnings W501-W505. `disordered`, when the caller has found them, are the ids of
    the programs whose history is out of date order: every other program's latest entry is
    its last, when that is not after as_of (see `_standings`)."""
    day = registry.as_of.end
    found: list[Finding] = []
    stale = f"more than {registry.stale_after_days} days before as_of {registry.as_of}"
    for program, status, evidence, flags in _standings(registry, day, disordered):
        base: KeyPath = ("programs", program.id)
        if Flag.STALE in flags:
            found.append(("W501", base, f"stale: no evidence since {evidence}, {stale}"))
        if Flag.OVERDUE in flags:
            found.append(
                (
                    "W502",
                    (*base, "deadline"),
                    f"overdue: deadline {program.deadline} passed and the status is {status.value}",
                )
            )
    conflicts = Q.conflicts(registry, day)
    claim_paths = _claim_paths(registry) if conflicts else {}
    for conflict in conflicts:
        a, b = conflict.first, conflict.second
        path = claim_paths.get(id(b), ())
        found.append(
            (
                "W503",
                path,
                f"conflicting claims: {a.by} ({a.date}): {Q.describe_claim(a)}; {b.by} ({b.date}): "
                f"{Q.describe_claim(b)}; {conflict.gap:.0f} points apart",
            )
        )
    for sid in registry.sources:
        if sid not in cited:
            found.append(("W504", ("sources", sid), "cited by nothing: cite it or remove it"))
    identified = Q.identified(registry)
    for plan in registry.plans.values():
        if plan.size is not None and identified[plan.id] != plan.size:
            more = "fewer" if identified[plan.id] < plan.size else "more"
            found.append(
                (
                    "W505",
                    ("plans", plan.id, "size"),
                    f"{_count(identified[plan.id], 'program')} identified, {more} than its size {plan.size}",
                )
            )
    return found


def _standings(
    registry: Registry, day: dt.date, disordered: Collection[str] | None
) -> Iterator[tuple[Program, Status, PartialDate, Set[Flag]]]:
    """Each program's status, newest evidence and own flags (stale, overdue) on `day`, in file
    order, as `Q.snapshot` gives them (its conflicting flag aside).

    `snapshot` sorts each history up to the day to find its latest entry. A history in date
    order (not in `disordered`: E301 found nothing) whose last entry is not after the day
    is sorted already and wholly up to the day, so its last entry is the latest (the last of
    equally dated ones, as after a stable sort); any other goes through `Q.view`."""
    if disordered is None:
        for shown in Q.snapshot(registry, day):
            yield shown.program, shown.status, shown.evidence, shown.flags
        return
    none: frozenset[str] = frozenset()
    for program in registry.programs.values():
        history = program.history
        if history and history[-1].date.start <= day and program.id not in disordered:
            latest = history[-1]
        else:
            view = Q.view(registry, program, day, none)
            if view is None:
                continue
            latest = view.latest
        evidence = Q.evidence_until(program, latest, day)
        status = latest.status
        yield program, status, evidence, Q.standing(registry, program, status, evidence, day)


def _claim_paths(registry: Registry) -> dict[int, KeyPath]:
    """Each claim's path, by the claim's identity: one walk for every conflict (a walk per
    conflict made a registry with a conflict in every program quadratic)."""
    return {
        id(claim): (*base, i)
        for base, records in _dated_groups(registry)
        if base[-1] == "progress"
        for i, claim in enumerate(records)
    }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
