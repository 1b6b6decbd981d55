"""Pure edits: registry -> new registry, or an error that says why not.

Nothing here touches a file. `write.edit` runs an edit under the lock, checks the result in
full and saves it; these functions only refuse what they can explain better than the check
would (an unknown id with its nearest neighbours, a duplicate entry, a date in the future).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from .errors import RoadmapsError, UnknownIdError, UsageError
from .fields import ID_PATTERN
from .model import (
    HistoryEntry,
    PartialDate,
    Plan,
    Program,
    ProgressClaim,
    Registry,
    Sector,
    Source,
    Status,
)
from .query import BY_DATE, nearest
from .translit import slug


class EditError(RoadmapsError):
    """The edit makes no sense for this registry; nothing was written."""


def _known(registry: Registry, table: str, wanted: str, what: str) -> None:
    records: Mapping[str, object] = getattr(registry, table)
    if wanted not in records:
        other = registry.kind_of(wanted)
        if other is not None:
            raise UsageError(f"{wanted!r} is a {other[:-1]}, not a {what}")
        raise UnknownIdError(wanted, nearest(wanted, records), what)


def _new_id(registry: Registry, rid: str) -> None:
    if not ID_PATTERN.fullmatch(rid):
        raise UsageError(
            f"{rid!r} is not an id: use lowercase letters, digits and hyphens (gas-market)"
        )
    kind = registry.kind_of(rid)
    if kind is not None:
        raise EditError(f"{rid!r} already exists in [{kind}]; ids are unique across the registry")


def _not_future(date: PartialDate, today: dt.date, registry: Registry, bump_as_of: bool) -> None:
    if date.start > today:
        raise EditError(f"{date} is in the future (today is {today.isoformat()})")
    if date.start > registry.as_of.end and not bump_as_of:
        raise EditError(
            f"{date} is after the registry's as_of ({registry.as_of}); "
            "pass --bump-as-of to move as_of to that date"
        )


def _with(registry: Registry, table: str, rid: str, record: object) -> Registry:
    records: dict[str, object] = dict(getattr(registry, table))
    records[rid] = record
    changes: dict[str, object] = {table: records}
    return dataclasses.replace(registry, **changes)  # type: ignore[arg-type]


def _as_of(registry: Registry, date: PartialDate, bump: bool) -> Registry:
    if bump and date.start > registry.as_of.end:
        return dataclasses.replace(registry, as_of=PartialDate.of(date.start))
    return registry


def record(
    registry: Registry,
    program_id: str,
    status: Status,
    date: PartialDate,
    sources: Sequence[str],
    note: str | None = None,
    *,
    today: dt.date,
    bump_as_of: bool = False,
) -> Registry:
    """Append a history entry in date order; the program's status follows when it is the latest."""
    _known(registry, "programs", program_id, "program")
    if not sources:
        raise UsageError("cite at least one --source")
    for sid in sources:
        _known(registry, "sources", sid, "source")
    _not_future(date, today, registry, bump_as_of)
    program = registry.programs[program_id]
    for entry in program.history:
        if entry.date == date and entry.status is status:
            raise EditError(
                f"{program_id} already has an entry of {date} with status {status.value}"
            )
    entry = HistoryEntry(
        date=date, status=status, sources=tuple(dict.fromkeys(sources)), note=note or None
    )
    at = sum(1 for e in program.history if e.date.key <= date.key)
    history = (*program.history[:at], entry, *program.history[at:])
    latest = max(history, key=BY_DATE)
    changed = dataclasses.replace(program, history=history, status=latest.status)
    return _as_of(_with(registry, "programs", program_id, changed), date, bump_as_of)


def add_sector(registry: Registry, sector: Sector) -> Registry:
    _new_id(registry, sector.id)
    if sector.parent is not None:
        _known(registry, "sectors", sector.parent, "sector")
    return _with(registry, "sectors", sector.id, sector)


def add_plan(registry: Registry, plan: Plan) -> Registry:
    _new_id(registry, plan.id)
    for sid in plan.sources:
        _known(registry, "sources", sid, "source")
    return _with(registry, "plans", plan.id, plan)


def add_program(
    registry: Registry, program: Program, *, today: dt.date, bump_as_of: bool = False
) -> Registry:
    """Add a program with its first history entry (a program without evidence has no status)."""
    _new_id(registry, program.id)
    _known(registry, "plans", program.plan, "plan")
    _known(registry, "sectors", program.sector, "sector")
    for earlier in program.follows:
        _known(registry, "programs", earlier, "program")
    (first,) = program.history
    for sid in first.sources:
        _known(registry, "sources", sid, "source")
    _not_future(first.date, today, registry, bump_as_of)
    return _as_of(_with(registry, "programs", program.id, program), first.date, bump_as_of)


def add_source(registry: Registry, source: Source, *, today: dt.date) -> Registry:
    _new_id(registry, source.id)
    if source.published is not None and source.published.start > today:
        raise EditError(
            f"published {source.published} is in the future (today is {today.isoformat()})"
        )
    return _with(registry, "sources", source.id, source)


def propose_source_id(registry: Registry, publisher: str, published: PartialDate | None) -> str:
    """`tass-2022-12-16` from "TASS" and 2022-12-16, `vedomosti-2024` from "Ведомости" and
    2024 (see translit); `-2`, `-3` when taken."""
    name = slug(publisher) or "source"
    base = f"{name}-{published}" if published is not None else name
    candidate, n = base, 1
    while registry.kind_of(candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def claim(
    registry: Registry, new: ProgressClaim, *, today: dt.date, bump_as_of: bool = False
) -> Registry:
    """Add a progress claim to a plan or a program, in date order (after claims of its date)."""
    subject = new.subject
    kind = registry.kind_of(subject)
    if kind is None:
        pool = [*registry.plans, *registry.programs]
        raise UnknownIdError(subject, nearest(subject, pool), "plan or program")
    if kind not in ("plans", "programs"):
        raise UsageError(f"{subject!r} is a {kind[:-1]}; claims are made on plans and programs")
    if not new.sources:
        raise UsageError("cite at least one --source")
    for sid in new.sources:
        _known(registry, "sources", sid, "source")
    _not_future(new.date, today, registry, bump_as_of)
    holder: Plan | Program = getattr(registry, kind)[subject]
    figures = (new.date, new.by, new.percent, new.done, new.total, new.of)
    for c in holder.progress:
        if (c.date, c.by, c.percent, c.done, c.total, c.of) == figures:
            raise EditError(f"{subject} already has this claim by {new.by} of {new.date}")
    at = sum(1 for c in holder.progress if c.date.key <= new.date.key)
    progress = (*holder.progress[:at], new, *holder.progress[at:])
    changed = dataclasses.replace(holder, progress=progress)
    return _as_of(_with(registry, kind, subject, changed), new.date, bump_as_of)


def remove(registry: Registry, rid: str) -> Registry:
    """Remove a record, refused while anything refers to it (the references are listed)."""
    from .rename import referrers

    kind = registry.kind_of(rid)
    if kind is None:
        raise UnknownIdError(rid, nearest(rid, registry.all_ids()))
    using = referrers(registry, rid)
    if using:
        listed = "".join(f"\n  {where}" for where in using)
        raise EditError(f"{rid} is still referred to by {_count(len(using), 'record')}:{listed}")
    records = {k: v for k, v in getattr(registry, kind).items() if k != rid}
    changes: dict[str, object] = {kind: records}
    return dataclasses.replace(registry, **changes)  # type: ignore[arg-type]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
