"""Model -> problems: pure rules over a loaded registry.

Every rule returns problems instead of raising, so one run reports everything. References are
checked against the ids *declared* in the file, including records the loader left out for
shape problems, so one typo is reported once and does not cascade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence

from . import fields as F
from . import query as Q
from .errors import Problem
from .load import Loaded
from .memory import gc_paused
from .model import Flag, HistoryEntry, PartialDate, Program, ProgressClaim, Registry
from .positions import KeyPath, Locator

Finding = tuple[str, KeyPath, str]
_FLAG_CODES = ("W501", "W502", "W503", "W504", "W505")  # what _warning_findings finds


def _everything(code: str) -> bool:
    return True


def check(
    loaded: Loaded, today: dt.date | None = None, wanted: Callable[[str], bool] = _everything
) -> list[Problem]:
    """Every problem of a registry, sorted by position; only those whose code is `wanted`.

    Flags (W501-W503) are computed at the registry's own `as_of` date, so the same file gives
    the same report on any day; only "in the future" (E303) looks at today's date. Unwanted
    codes are dropped before they are located (a problem inside a history entry or claim
    indexes the whole text, 2 s for 10,000 programs; one about a record or a plain key of it
    reads only that record's lines), and the rules that find only unwanted warnings (W501-W506)
    do not run: an edit needs only the errors.
    """
    with gc_paused():
        return _check(loaded, today, wanted)


def _check(loaded: Loaded, today: dt.date | None, wanted: Callable[[str], bool]) -> list[Problem]:
    problems = [p for p in structural(loaded) if wanted(p.code)]
    registry = loaded.registry
    if registry is not None:
        today = today or dt.date.today()
        cited: set[str] = set()
        found = [
            *_program_findings(registry),
            *_evidence_findings(registry, today, cited, wanted("W506")),
            *_source_findings(registry, today),
        ]
        if any(wanted(code) for code in _FLAG_CODES):  # an edit wants only the errors
            found += _warning_findings(registry, cited)
        locate = loaded.locator.problem
        problems += [locate(code, path, message) for code, path, message in found if wanted(code)]
    return sorted(problems, key=lambda p: p.sort_key)


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
    return sorted(problems, key=lambda p: p.sort_key)


def references(
    registry: Registry, declared: Mapping[str, frozenset[str]], at: Locator
) -> list[Problem]:
    return [
        at.problem(code, path, message)
        for code, path, message in _reference_findings(registry, declared)
    ]


def _reference_findings(
    registry: Registry, declared: Mapping[str, frozenset[str]]
) -> Iterator[tuple[str, KeyPath, str]]:
    def unknown(
        code: str, table: str, wanted: str, path: KeyPath, what: str
    ) -> tuple[str, KeyPath, str]:
        close = Q.nearest(wanted, sorted(declared.get(table, ())), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return code, path, f"{what} {wanted!r} is not in [{table}]{hint}"

    sources = declared.get("sources", frozenset())

    def cited(ids: tuple[str, ...], path: KeyPath, date: PartialDate | None) -> Iterator[Finding]:
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

    for plan in registry.plans.values():
        yield from cited(plan.sources, ("plans", plan.id), None)
    for program in registry.programs.values():
        base: KeyPath = ("programs", program.id)
        if program.plan not in declared.get("plans", ()):
            yield unknown("E201", "plans", program.plan, (*base, "plan"), "plan")
        if program.sector not in declared.get("sectors", ()):
            yield unknown("E202", "sectors", program.sector, (*base, "sector"), "sector")
        for earlier in program.follows:
            if earlier not in declared.get("programs", ()):
                yield unknown("E204", "programs", earlier, (*base, "follows"), "followed program")
        if program.id in program.follows:
            yield "E207", (*base, "follows"), "a program cannot follow itself"
    is_declared = sources.issuperset
    for base, records in _dated_groups(registry):
        for i, record in enumerate(records):
            if not is_declared(record.sources):
                yield from cited(record.sources, (*base, i), record.date)


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


def _program_findings(registry: Registry) -> Iterator[Finding]:
    for program in registry.programs.values():
        yield from _program_history(program)


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
    for base, records in _dated_groups(registry):
        for i, record in enumerate(records):
            start = record.date.start
            cited.update(record.sources)
            if start > limit:
                found.append(_too_late(registry, (*base, i), record.date, today))
            if not early_sources:
                continue
            for sid in record.sources:
                end = published.get(sid)
                if end is not None and end < start:
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


def _program_history(program: Program) -> Iterator[Finding]:
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
        yield (
            "E302",
            (*base, "status"),
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


def _warning_findings(registry: Registry, cited: set[str]) -> list[Finding]:
    day = registry.as_of.end
    found: list[Finding] = []
    for view in Q.snapshot(registry, day):
        base: KeyPath = ("programs", view.program.id)
        if Flag.STALE in view.flags:
            found.append(
                (
                    "W501",
                    base,
                    f"stale: no evidence since {view.evidence}, more than {registry.stale_after_days} days before as_of {registry.as_of}",
                )
            )
        if Flag.OVERDUE in view.flags:
            found.append(
                (
                    "W502",
                    (*base, "deadline"),
                    f"overdue: deadline {view.program.deadline} passed and the status is {view.status.value}",
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
