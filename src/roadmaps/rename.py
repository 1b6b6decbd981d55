"""Who refers to an id, and renaming an id everywhere at once.

Ids are the only links of the format: a program names its plan, sector and the programs it
follows; a sector its parent; plans, history entries and progress claims the sources they
cite. Both `remove` (refused while anything refers to a record) and `rename` (every reference
follows) read the same list of those links, kept here so that the two never disagree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TypeVar

from .errors import UnknownIdError
from .model import Plan, Program, ProgressClaim, Registry, Sector
from .query import nearest

T = TypeVar("T")


def referrers(registry: Registry, rid: str) -> list[str]:
    """Each place that names `rid`, as `programs.gas-market (sector)`; [] when none does."""
    found: list[str] = []
    for sector in registry.sectors.values():
        if sector.parent == rid:
            found.append(f"sectors.{sector.id} (parent)")
    for plan in registry.plans.values():
        if rid in plan.sources:
            found.append(f"plans.{plan.id} (sources)")
        found += _claims_citing(f"plans.{plan.id}", plan.progress, rid)
    for program in registry.programs.values():
        name = f"programs.{program.id}"
        if program.plan == rid:
            found.append(f"{name} (plan)")
        if program.sector == rid:
            found.append(f"{name} (sector)")
        if rid in program.follows:
            found.append(f"{name} (follows)")
        for entry in program.history:
            if rid in entry.sources:
                found.append(f"{name} (history {entry.date} {entry.status.value})")
        found += _claims_citing(name, program.progress, rid)
    return found


def _claims_citing(name: str, claims: tuple[ProgressClaim, ...], rid: str) -> list[str]:
    return [f"{name} (progress {c.date} by {c.by})" for c in claims if rid in c.sources]


def rename(registry: Registry, old: str, new: str) -> Registry:
    """The same registry with `old` called `new`: the record keeps its place in its table, and
    every reference to it follows. Renaming back gives the registry it started from."""
    from .edit import _new_id

    kind = registry.kind_of(old)
    if kind is None:
        raise UnknownIdError(old, nearest(old, registry.all_ids()))
    _new_id(registry, new)

    def one(value: str) -> str:
        return new if value == old else value

    def many(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if v == old else v for v in values) if old in values else values

    def claims(items: tuple[ProgressClaim, ...]) -> tuple[ProgressClaim, ...]:
        return tuple(
            dataclasses.replace(c, subject=one(c.subject), sources=many(c.sources)) for c in items
        )

    def sector(s: Sector) -> Sector:
        return dataclasses.replace(
            s, id=one(s.id), parent=None if s.parent is None else one(s.parent)
        )

    def plan(p: Plan) -> Plan:
        return dataclasses.replace(
            p, id=one(p.id), sources=many(p.sources), progress=claims(p.progress)
        )

    def program(p: Program) -> Program:
        # Most programs do not name `old`: leave them as they are (a registry holds 10,000).
        if (
            old not in (p.id, p.plan, p.sector)
            and old not in p.follows
            and not p.progress
            and not any(old in e.sources for e in p.history)
        ):
            return p
        return dataclasses.replace(
            p,
            id=one(p.id),
            plan=one(p.plan),
            sector=one(p.sector),
            follows=many(p.follows),
            history=tuple(
                dataclasses.replace(e, sources=many(e.sources)) if old in e.sources else e
                for e in p.history
            ),
            progress=claims(p.progress),
        )

    source = dataclasses.replace  # a source refers to nothing; only its own id changes
    return dataclasses.replace(
        registry,
        sectors=_table(registry.sectors, old, new, sector),
        plans=_table(registry.plans, old, new, plan),
        programs=_table(registry.programs, old, new, program),
        sources=_table(
            registry.sources, old, new, lambda s: source(s, id=new) if s.id == old else s
        ),
    )


def _table(records: Mapping[str, T], old: str, new: str, change: Callable[[T], T]) -> dict[str, T]:
    """The table with each record changed, `old`'s key replaced by `new` in the same place."""
    return {(new if key == old else key): change(record) for key, record in records.items()}
