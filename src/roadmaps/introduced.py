"""The warnings an edit introduced: those of the new registry that the old one did not have.

Computing every warning of a 10,000-program registry twice would cost an edit a third of a
parse, for an answer that is almost always "none". An edit touches a few records, and the two
registries share every record it did not touch (records are frozen; edits replace only what
they change), so the warnings that depend on one program or plan (stale, overdue,
conflicting, a source older than its event) are computed for the touched ones only, by
running the check's own rules on registries reduced to them. The registry-wide warnings are
cheap to compare directly: unused sources (W504) by the set of cited ids, plan sizes (W505)
by the count of programs per plan.

A warning is known by its code and the record it is about, without the positions of entries
in their arrays (an entry inserted earlier shifts them), and across a rename by the new id; a
conflict (W503) and a source older than its event (W506) also by their message, which names
the claims or the source. A program that was stale and still is has no new warning.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from .check import Finding, warnings
from .errors import Problem
from .model import Plan, Program, Registry
from .positions import Locator
from .rules import severity_of

Renamed = tuple[str, str] | None


def introduced(before: Registry, after: Registry, renamed: Renamed = None) -> list[Finding]:
    """The warnings `after` has and `before` had not, unlocated, in no particular order."""
    if (before.as_of, before.stale_after_days) != (after.as_of, after.stale_after_days):
        return _new(warnings(before), warnings(after), renamed)  # every program may change
    old = _reduced(before, _touched(before, after, renamed))
    new = _reduced(after, _touched(after, before, _back(renamed)))
    per_record = [f for f in warnings(new) if f[0] not in ("W504", "W505")]
    found = _new([f for f in warnings(old) if f[0] not in ("W504", "W505")], per_record, renamed)
    found += _unused(before, after, old, new, renamed)
    found += _sizes(before, after, renamed)
    return found


def _back(renamed: Renamed) -> Renamed:
    return (renamed[1], renamed[0]) if renamed else None


def _touched(here: Registry, there: Registry, renamed: Renamed) -> tuple[set[str], set[str]]:
    """Plans and programs of `here` that are not the very records of `there` (under the
    rename), or that cite a source that changed."""

    def counterpart(rid: str) -> str:
        return renamed[1] if renamed and rid == renamed[0] else rid

    sources = {
        sid for sid, s in here.sources.items() if there.sources.get(counterpart(sid)) is not s
    }
    plans = {
        pid
        for pid, p in here.plans.items()
        if there.plans.get(counterpart(pid)) is not p or _cites(p, sources)
    }
    programs = {
        pid
        for pid, p in here.programs.items()
        if there.programs.get(counterpart(pid)) is not p or _cites(p, sources)
    }
    return plans, programs


def _cites(holder: Plan | Program, sources: set[str]) -> bool:
    if not sources:
        return False
    apart = sources.isdisjoint
    if isinstance(holder, Program) and not all(apart(e.sources) for e in holder.history):
        return True
    return not all(apart(c.sources) for c in holder.progress)


def _reduced(registry: Registry, touched: tuple[set[str], set[str]]) -> Registry:
    """The registry with only the touched plans and programs, and the sources they cite."""
    plans, programs = touched
    reduced = dataclasses.replace(
        registry,
        plans={k: v for k, v in registry.plans.items() if k in plans},
        programs={k: v for k, v in registry.programs.items() if k in programs},
    )
    cited = _cited(reduced)
    sources = {k: v for k, v in registry.sources.items() if k in cited}
    return dataclasses.replace(reduced, sources=sources)


def _key(finding: Finding) -> tuple[object, ...]:
    code, path, message = finding
    about = re.sub(r"#\d+ ", "", message) if code in ("W503", "W506") else ""
    return (code, *(p for p in path if not isinstance(p, int)), about)


def _moved(finding: Finding, renamed: Renamed) -> Finding:
    if not renamed:
        return finding
    old, new = renamed
    code, path, message = finding
    return (
        code,
        tuple(new if p == old else p for p in path),
        message.replace(f"'{old}'", f"'{new}'"),
    )


def _new(before: list[Finding], after: list[Finding], renamed: Renamed) -> list[Finding]:
    had = Counter(_key(_moved(f, renamed)) for f in before)
    found = []
    for finding in after:
        key = _key(finding)
        if had[key]:
            had[key] -= 1
        else:
            found.append(finding)
    return found


def _cited(registry: Registry) -> set[str]:
    cited: set[str] = set()
    for plan in registry.plans.values():
        cited.update(plan.sources)
        for c in plan.progress:
            cited.update(c.sources)
    for program in registry.programs.values():
        for e in program.history:
            cited.update(e.sources)
        for c in program.progress:
            cited.update(c.sources)
    return cited


def _unused(
    before: Registry, after: Registry, old: Registry, new: Registry, renamed: Renamed
) -> list[Finding]:
    """W504 for each source that nothing cites now, and that something cited before or that
    is new. Untouched records cite the same before and after, so only a source the touched
    records stopped citing needs a look at the others."""
    moved = {renamed[0]: renamed[1]} if renamed else {}
    dropped = {moved.get(s, s) for s in _cited(old)} - _cited(new)
    if dropped:
        dropped -= _cited_among(after, new, dropped)
    fresh = {s for s in after.sources if s not in before.sources and s not in moved.values()}
    now = {
        sid: s
        for sid, s in after.sources.items()
        if sid in dropped or (sid in fresh and sid not in new.sources)
    }
    if not now:
        return []
    alone = Registry(format=after.format, title=after.title, as_of=after.as_of, sources=now)
    return [f for f in warnings(alone) if f[0] == "W504"]


def _cited_among(registry: Registry, skip: Registry, wanted: set[str]) -> set[str]:
    """Which of `wanted` the records of `registry` outside `skip` cite."""
    found: set[str] = set()
    for pid, plan in registry.plans.items():
        if pid not in skip.plans:
            found |= wanted.intersection(plan.sources)
            for c in plan.progress:
                found |= wanted.intersection(c.sources)
    for pid, program in registry.programs.items():
        if pid not in skip.programs:
            for e in program.history:
                if not wanted.isdisjoint(e.sources):
                    found |= wanted.intersection(e.sources)
            for c in program.progress:
                found |= wanted.intersection(c.sources)
    return found


def _sizes(before: Registry, after: Registry, renamed: Renamed) -> list[Finding]:
    """W505 for each plan that matched its size, or had none, and now does not."""
    old_counts = Counter(p.plan for p in before.programs.values())
    new_counts = Counter(p.plan for p in after.programs.values())

    def off(plan: Plan, count: int) -> bool:
        return plan.size is not None and count != plan.size

    was_off = {
        (renamed[1] if renamed and pid == renamed[0] else pid)
        for pid, plan in before.plans.items()
        if off(plan, old_counts[pid])
    }
    now = [
        pid
        for pid, plan in after.plans.items()
        if off(plan, new_counts[pid]) and pid not in was_off
    ]
    if not now:
        return []
    plans = {pid: dataclasses.replace(after.plans[pid], progress=()) for pid in now}
    programs = {k: p for k, p in after.programs.items() if p.plan in plans}
    alone = Registry(
        format=after.format,
        title=after.title,
        as_of=after.as_of,
        stale_after_days=after.stale_after_days,
        plans=plans,
        programs=programs,
    )
    return [f for f in warnings(alone) if f[0] == "W505"]


def locate(text: str, file: str, found: list[Finding]) -> list[Problem]:
    """The findings as problems at their lines in `text`, a canonical registry just written.

    Locating through the whole text indexes every key of it (2 s for 10,000 programs), for
    the one or two warnings an edit introduces. In canonical text a record runs from its
    header to the next header of another record, so each finding's record alone is indexed,
    and its lines are shifted by where the record starts.
    """
    problems = []
    for code, path, message in found:
        start, end = _record_span(text, path)
        if start < 0:
            problems.append(Locator(file, text, severity_of).problem(code, path, message))
            continue
        problem = Locator(file, text[start:end], severity_of).problem(code, path, message)
        problems.append(problem._replace(line=problem.line + _lines_before(text, start)))
    return sorted(problems, key=lambda p: p.sort_key)


# What str.splitlines, and so the positions index, counts as a line break besides "\n".
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _lines_before(text: str, start: int) -> int:
    if _OTHER_BREAKS.search(text, 0, start) is None:
        return text.count("\n", 0, start)
    return len(text[:start].splitlines())


def _record_span(text: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    if len(path) < 2:
        return -1, -1
    kind, rid = re.escape(str(path[0])), re.escape(str(path[1]))
    header = re.compile(rf"^\[{kind}\.{rid}\]$", re.MULTILINE).search(text)
    if header is None:
        return -1, -1
    other = re.compile(rf"^\[(?!\[{kind}\.{rid}\.)", re.MULTILINE).search(text, header.end())
    return header.start(), other.start() if other else len(text)
