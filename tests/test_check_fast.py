"""The check's shortcuts decide exactly as the general rules they stand beside.

A large registry is checked with shortcuts: source references are proven declared from the
ids the evidence pass collected (instead of walking every record again); a history strictly
in date order is seen so at once (instead of walked entry by entry for E301, E305, E302);
and a program's standing (W501 stale, W502 overdue) is read from its last history entry
when E301 found its history in date order (instead of `Q.snapshot` sorting each history).
Here registries with histories out of order, entries of one date, statuses that differ,
entries after as_of and undeclared sources are checked both ways: the findings must be the
same, in the same order."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps import check as C
from roadmaps.model import Registry, Status

from .strategies import partial_dates, registries

GHOST = "ghost"  # a source id no record declares


@st.composite
def unusual(draw: st.DrawFn) -> Registry:
    """A valid registry made irregular: some histories shuffled (E301, E302), a source
    swapped for an undeclared one here and there (E203), as_of anywhere (entries after it,
    programs whose history had not begun)."""
    registry = draw(registries())

    def cite(sources: tuple[str, ...]) -> tuple[str, ...]:
        return (GHOST, *sources[1:]) if draw(st.integers(0, 4)) == 0 else sources

    programs = {}
    for pid, program in registry.programs.items():
        history = program.history
        if draw(st.booleans()):  # an entry again, or another of the same date (E305)
            twin = draw(st.sampled_from(history))
            if draw(st.booleans()):
                twin = dataclasses.replace(twin, status=draw(st.sampled_from(Status)))
            history = tuple(sorted((*history, twin), key=lambda e: e.date.key))
        if draw(st.booleans()):
            history = tuple(draw(st.permutations(history)))
        history = tuple(dataclasses.replace(e, sources=cite(e.sources)) for e in history)
        progress = tuple(dataclasses.replace(c, sources=cite(c.sources)) for c in program.progress)
        status = draw(st.sampled_from([history[-1].status, program.status, *Status]))
        programs[pid] = dataclasses.replace(
            program, history=history, progress=progress, status=status
        )
    plans = {
        pid: dataclasses.replace(plan, sources=cite(plan.sources) if plan.sources else ())
        for pid, plan in registry.plans.items()
    }
    return dataclasses.replace(
        registry, as_of=draw(partial_dates()), programs=programs, plans=plans
    )


@settings(max_examples=150, deadline=None)
@given(registry=unusual(), today=st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))
def test_references_proven_from_the_cited_ids_are_the_walked_ones(
    registry: Registry, today: dt.date
) -> None:
    cited: set[str] = set()
    C._evidence_findings(registry, today, cited)
    declared = {
        "sources": frozenset(registry.sources),
        "plans": frozenset(registry.plans),
        "sectors": frozenset(registry.sectors),
        "programs": frozenset(registry.programs),
    }
    general = list(C._reference_findings(registry, declared))
    assert list(C._reference_findings(registry, declared, cited)) == general
    assert any(code == "E203" for code, _, _ in general) == (GHOST in cited)


@settings(max_examples=150, deadline=None)
@given(registry=unusual())
def test_standings_from_the_last_entry_are_the_snapshots(registry: Registry) -> None:
    disordered: set[str] = set()
    list(C._program_findings(registry, disordered))
    cited = set(registry.sources)
    general = C._warning_findings(registry, cited)
    assert C._warning_findings(registry, cited, disordered) == general
    day = registry.as_of.end
    assert [s[:3] for s in C._standings(registry, day, disordered)] == [
        s[:3] for s in C._standings(registry, day, None)
    ]


@settings(max_examples=150, deadline=None)
@given(registry=unusual())
def test_history_rules_seen_at_once_are_the_walked_ones(registry: Registry) -> None:
    walked = [f for program in registry.programs.values() for f in C._history_walk(program)]
    assert list(C._program_findings(registry)) == walked
