"""Model -> problems: pure rules over a loaded registry.

Every rule returns problems instead of raising, so one run reports everything. References are
checked against the ids *declared* in the file, including records the loader left out for
shape problems, so one typo is reported once and does not cascade.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .errors import Problem
from .load import Loaded
from .model import Registry
from .positions import KeyPath, Locator
from .query import nearest


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
        close = nearest(wanted, sorted(declared.get(table, ())), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return code, path, f"{what} {wanted!r} is not in [{table}]{hint}"

    def cited(
        ids: tuple[str, ...], path: KeyPath, label: str
    ) -> Iterator[tuple[str, KeyPath, str]]:
        for sid in ids:
            if sid not in declared.get("sources", ()):
                yield unknown("E203", "sources", sid, path, f"{label}source")

    for sector in registry.sectors.values():
        if sector.parent is not None and sector.parent not in declared.get("sectors", ()):
            yield unknown(
                "E202", "sectors", sector.parent, ("sectors", sector.id, "parent"), "parent sector"
            )
    yield from _sector_cycles(registry)

    for plan in registry.plans.values():
        yield from cited(plan.sources, ("plans", plan.id, "sources"), "")
        for i, claim in enumerate(plan.progress):
            yield from cited(
                claim.sources,
                ("plans", plan.id, "progress", i, "sources"),
                f"progress claim #{i + 1} ({claim.date}): ",
            )

    for program in registry.programs.values():
        base: KeyPath = ("programs", program.id)
        if program.plan not in declared.get("plans", ()):
            yield unknown("E201", "plans", program.plan, (*base, "plan"), "plan")
        if program.sector not in declared.get("sectors", ()):
            yield unknown("E202", "sectors", program.sector, (*base, "sector"), "sector")
        for earlier in program.follows:
            if earlier not in declared.get("programs", ()):
                yield unknown("E204", "programs", earlier, (*base, "follows"), "followed program")
        for i, entry in enumerate(program.history):
            yield from cited(
                entry.sources,
                (*base, "history", i, "sources"),
                f"history entry #{i + 1} ({entry.date}): ",
            )
        for i, claim in enumerate(program.progress):
            yield from cited(
                claim.sources,
                (*base, "progress", i, "sources"),
                f"progress claim #{i + 1} ({claim.date}): ",
            )


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
