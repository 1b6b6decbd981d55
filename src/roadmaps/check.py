"""Model -> problems: pure rules over a loaded registry.

Every rule returns problems instead of raising, so one run reports everything. References are
checked against the ids *declared* in the file, including records the loader left out for
shape problems, so one typo is reported once and does not cascade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import urlsplit

from . import query as Q
from .errors import Problem
from .load import Loaded, gc_paused
from .model import Flag, PartialDate, Program, Registry
from .positions import KeyPath, Locator

Finding = tuple[str, KeyPath, str]


def check(loaded: Loaded, today: dt.date | None = None) -> list[Problem]:
    """Every problem of a registry, sorted by position.

    Flags (W501-W503) are computed at the registry's own `as_of` date, so the same file gives
    the same report on any day; only "in the future" (E303) looks at today's date.
    """
    with gc_paused():
        return _check(loaded, today)


def _check(loaded: Loaded, today: dt.date | None) -> list[Problem]:
    problems = structural(loaded)
    registry = loaded.registry
    if registry is not None:
        today = today or dt.date.today()
        found = [*_history_findings(registry, today), *_source_findings(registry, today)]
        found += _warning_findings(registry)
        problems += [loaded.locator.problem(code, path, message) for code, path, message in found]
    return sorted(problems, key=lambda p: p.sort_key)


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

    def cited(ids: tuple[str, ...], path: KeyPath) -> Iterator[tuple[str, KeyPath, str]]:
        for sid in ids:
            if sid not in sources:
                label = f"{_label(path, _date_at(registry, path))}: " if len(path) > 3 else ""
                yield unknown("E203", "sources", sid, (*path, "sources"), f"{label}source")

    for sector in registry.sectors.values():
        if sector.parent is not None and sector.parent not in declared.get("sectors", ()):
            yield unknown(
                "E202", "sectors", sector.parent, ("sectors", sector.id, "parent"), "parent sector"
            )
    yield from _sector_cycles(registry)

    for plan in registry.plans.values():
        yield from cited(plan.sources, ("plans", plan.id))
    for program in registry.programs.values():
        base: KeyPath = ("programs", program.id)
        if program.plan not in declared.get("plans", ()):
            yield unknown("E201", "plans", program.plan, (*base, "plan"), "plan")
        if program.sector not in declared.get("sectors", ()):
            yield unknown("E202", "sectors", program.sector, (*base, "sector"), "sector")
        for earlier in program.follows:
            if earlier not in declared.get("programs", ()):
                yield unknown("E204", "programs", earlier, (*base, "follows"), "followed program")
    for path, _, ids in _dated_records(registry):
        yield from cited(ids, path)


def _date_at(registry: Registry, path: KeyPath) -> PartialDate:
    """The date of the history entry or claim at `path` (only for messages)."""
    owner = registry.plans[str(path[1])] if path[0] == "plans" else registry.programs[str(path[1])]
    records = owner.history if path[2] == "history" else owner.progress  # type: ignore[union-attr]
    return records[int(path[3])].date


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


def _dated_records(registry: Registry) -> Iterator[tuple[KeyPath, PartialDate, tuple[str, ...]]]:
    """Every history entry and progress claim: (path, date, sources)."""
    for plan in registry.plans.values():
        for i, claim in enumerate(plan.progress):
            yield ("plans", plan.id, "progress", i), claim.date, claim.sources
    for program in registry.programs.values():
        for i, entry in enumerate(program.history):
            yield ("programs", program.id, "history", i), entry.date, entry.sources
        for i, claim in enumerate(program.progress):
            yield ("programs", program.id, "progress", i), claim.date, claim.sources


def _label(path: KeyPath, date: PartialDate) -> str:
    """ "history entry #2 (2022-12-16)", built only for a record that has a problem."""
    kind = "history entry" if path[2] == "history" else "progress claim"
    return f"{kind} #{int(path[3]) + 1} ({date})"


def _history_findings(registry: Registry, today: dt.date) -> Iterator[Finding]:
    as_of = registry.as_of.end
    for program in registry.programs.values():
        yield from _program_history(program)
    for path, date, _ in _dated_records(registry):
        if date.start > today:
            yield (
                "E303",
                (*path, "date"),
                f"{_label(path, date)}: date is in the future (today is {today.isoformat()})",
            )
        elif date.start > as_of:
            yield (
                "E303",
                (*path, "date"),
                f"{_label(path, date)}: date is after the registry's as_of ({registry.as_of})",
            )


def _program_history(program: Program) -> Iterator[Finding]:
    base: KeyPath = ("programs", program.id)
    seen: set[tuple[object, ...]] = set()
    for i, entry in enumerate(program.history):
        path: KeyPath = (*base, "history", i)
        if i and entry.date.key < program.history[i - 1].date.key:
            previous = program.history[i - 1].date
            yield (
                "E301",
                (*path, "date"),
                f"{_label(path, entry.date)}: out of date order: it follows an entry of {previous}",
            )
        key = (entry.date.start, entry.date.precision, entry.status)
        if key in seen:
            yield (
                "E305",
                path,
                f"{_label(path, entry.date)}: repeats an earlier entry with the same date and status",
            )
        seen.add(key)
    latest = max(program.history, key=lambda e: e.date.key)
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
            parts = urlsplit(source.url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
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


def _warning_findings(registry: Registry) -> list[Finding]:
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
    for conflict in Q.conflicts(registry, day):
        a, b = conflict.first, conflict.second
        path = _claim_path(registry, b)
        found.append(
            (
                "W503",
                path,
                f"conflicting claims: {a.by} ({a.date}): {Q.describe_claim(a)}; {b.by} ({b.date}): "
                f"{Q.describe_claim(b)}; {conflict.gap:.0f} points apart",
            )
        )
    cited = _cited_ids(registry)
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
    found.extend(_early_sources(registry))
    return found


def _claim_path(registry: Registry, claim: object) -> KeyPath:
    for plan in registry.plans.values():
        for i, c in enumerate(plan.progress):
            if c is claim:
                return ("plans", plan.id, "progress", i)
    for program in registry.programs.values():
        for i, c in enumerate(program.progress):
            if c is claim:
                return ("programs", program.id, "progress", i)
    return ()


def _early_sources(registry: Registry) -> Iterable[Finding]:
    """A source published before the event it is cited for cannot report that event."""
    for path, date, sources in _dated_records(registry):
        for sid in sources:
            source = registry.sources.get(sid)
            if (
                source is not None
                and source.published is not None
                and source.published.end < date.start
            ):
                yield (
                    "W506",
                    (*path, "sources"),
                    f"{_label(path, date)}: source {sid!r} was published {source.published}, before the event it reports",
                )


def _cited_ids(registry: Registry) -> set[str]:
    cited = {sid for plan in registry.plans.values() for sid in plan.sources}
    cited.update(sid for _, _, sources in _dated_records(registry) for sid in sources)
    return cited


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
