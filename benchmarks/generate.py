"""Write a deterministic synthetic registry of N programs, valid under `roadmaps check`.

    python benchmarks/generate.py 10000 > /tmp/r10k.toml
    python benchmarks/generate.py --warnings 10000 > /tmp/r10k-stale.toml
    python benchmarks/generate.py --warnings=mixed 10000 > /tmp/r10k-mixed.toml

About ten history entries per program, each with a note and two or three cited sources, so the
file has the shape and size of a real registry (10,000 programs: about 20 MB). The same N and
options give the same bytes.

By default every program is clean: its evidence is fresh and its last status is `done`. With
`--warnings` every program carries exactly one warning, of one kind:

- `stale` (the default kind): W501, as open programs of the shipped registry are: the history
  ends a year and more before the review date, still open (`in-progress`);
- `mixed`: the programs take turns through five kinds, each found at another depth of the
  file: W501 stale (the program), W502 overdue (its `deadline` key), W506 a source published
  before the event it reports (a history entry's `sources`), W503 conflicting claims (a
  progress claim) and W504 a source cited by nothing (a source of its own).

The draws are the same in every mode, so the files have the same records and nearly one size.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import sys

from roadmaps.model import (
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
from roadmaps.write import dumps

WORDS = [
    "gas",
    "oil",
    "electricity",
    "customs",
    "tax",
    "market",
    "union",
    "program",
    "agreement",
    "treaty",
    "protocol",
    "ratification",
    "council",
    "ministers",
    "measures",
    "sector",
    "integration",
    "harmonisation",
    "legislation",
    "payment",
    "currency",
    "transport",
    "industry",
    "agriculture",
    "procurement",
    "standards",
    "roaming",
    "labelling",
    "competition",
    "consumer",
    "social",
    "labour",
    "committee",
]
PUBLISHERS = [
    "TASS",
    "BelTA",
    "Interfax",
    "RIA Novosti",
    "Kremlin",
    "Belsat TV",
    "Belarus in Focus",
    "Sputnik",
]
FLOW = [
    Status.PLANNED,
    Status.AGREED,
    Status.IN_PROGRESS,
    Status.IN_PROGRESS,
    Status.STALLED,
    Status.IN_PROGRESS,
    Status.DISPUTED,
    Status.IN_PROGRESS,
    Status.IN_PROGRESS,
    Status.DONE,
]
START = dt.date(2015, 1, 1)
AS_OF = dt.date(2026, 11, 1)
# With --warnings, histories end this long before AS_OF: past the 365 days of stale_after_days.
STALE_BY = dt.timedelta(days=400)
KINDS = ("stale", "overdue", "early", "conflict", "unused")  # what --warnings=mixed cycles


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(n: int, seed: int = 20261123, warnings: bool | str = False) -> Registry:
    """The registry of `n` programs; with `warnings` ("stale", True, or "mixed"), one warning
    on every program (see the module's text)."""
    rng = random.Random(seed)
    mixed = warnings == "mixed"
    kinds = [KINDS[i % len(KINDS)] if mixed else "stale" if warnings else "" for i in range(n)]
    open_flow = [*FLOW[:-1], Status.IN_PROGRESS]
    flow = open_flow if warnings and not mixed else FLOW
    newest_evidence = AS_OF - STALE_BY if warnings and not mixed else AS_OF
    sectors = {"energy": Sector(id="energy", title="Energy")}
    for i in range(24):
        sid = f"sector-{i:02d}"
        sectors[sid] = Sector(id=sid, title=f"Sector {i}", parent="energy" if i < 6 else None)
    # Histories run backwards from the review date (or from a year and more before it, with
    # --warnings), so the evidence is fresh (no stale flags) or stale in every open program.
    timelines = []
    for i in range(n):
        newest_day = AS_OF - STALE_BY if kinds[i] == "stale" else newest_evidence
        day = newest_day - dt.timedelta(days=rng.randrange(0, 300))
        dates = []
        for _ in flow:
            dates.append(day)
            day -= dt.timedelta(days=rng.randrange(20, 200))
        timelines.append(dates[::-1])
    # One source per program, published on its newest event: it can report every event of it.
    sources = {}
    for i, dates in enumerate(timelines):
        sid = f"s-{i:06d}"
        sources[sid] = Source(
            id=sid,
            title=sentence(rng, 5),
            publisher=rng.choice(PUBLISHERS),
            url=f"https://news.example.org/{i:06d}",
            published=PartialDate.of(dates[-1]),
            language=rng.choice(["en", "ru", "be"]),
        )
    for i in range(n):  # W504: a source of its own, cited by nothing
        if kinds[i] == "unused":
            sid = f"s-unused-{i:06d}"
            sources[sid] = Source(
                id=sid,
                title="Never cited",
                publisher=PUBLISHERS[0],
                published=PartialDate.of(START),
                language="en",
            )
    by_date = sorted(range(n), key=lambda i: timelines[i][-1])
    newest = [timelines[i][-1] for i in by_date]
    plans = {
        f"plan-{k}": Plan(
            id=f"plan-{k}",
            title=f"Plan {k}",
            adopted=PartialDate.of(START),
            size=len(range(k, n, 4)),
            sources=(f"s-{k:06d}",),
        )
        for k in range(min(4, n))
    }
    programs = {}
    for i, dates in enumerate(timelines):
        pid = f"p-{i:06d}"
        history = []
        kind = kinds[i]
        statuses = open_flow if kind in ("stale", "overdue") else flow
        for status, day in zip(statuses, dates, strict=True):
            # Other sources published on or after the event, as a real citation would be.
            first = bisect.bisect_left(newest, day)
            others = [
                f"s-{by_date[rng.randrange(first, n)]:06d}" for _ in range(rng.choice((1, 1, 2)))
            ]
            if kind == "early" and day == dates[-1] and day > newest[0]:
                others.append(f"s-{by_date[0]:06d}")  # W506: published before this event
            cited = tuple(dict.fromkeys([f"s-{i:06d}", *others]))
            history.append(
                HistoryEntry(
                    date=PartialDate.of(day),
                    status=status,
                    sources=cited,
                    note=sentence(rng, rng.randrange(2, 6)),
                )
            )
        claims = ()
        if i % 10 == 0:
            claims = (
                ProgressClaim(
                    subject=pid,
                    date=history[-1].date,
                    by="A named official, minister",
                    sources=(f"s-{i:06d}",),
                    done=rng.randrange(0, 50),
                    total=50,
                    of="tasks",
                ),
            )
        if kind == "conflict":  # W503: two speakers, ten days and 30 points apart
            claims = tuple(
                ProgressClaim(
                    subject=pid,
                    date=PartialDate.of(history[-1].date.start - dt.timedelta(days=days)),
                    by=by,
                    sources=(f"s-{i:06d}",),
                    percent=percent,
                    of="tasks",
                )
                for days, by, percent in ((10, "A minister", 40), (0, "A deputy minister", 70))
            )
        due = -1 if kind == "overdue" else 1  # W502: due before the review, still open
        programs[pid] = Program(
            id=pid,
            plan=f"plan-{i % 4}",
            sector=rng.choice(list(sectors)),
            title=sentence(rng, 6),
            status=history[-1].status,
            deadline=PartialDate.of(AS_OF + due * dt.timedelta(days=rng.randrange(30, 900))),
            summary=sentence(rng, 6),
            history=tuple(history),
            progress=claims,
        )
    return Registry(
        format=1,
        title=f"Synthetic registry of {n} programs",
        as_of=PartialDate.of(AS_OF),
        stale_after_days=365,
        sectors=sectors,
        plans=plans,
        programs=programs,
        sources=sources,
    )


def main() -> None:
    args = sys.argv[1:]
    warnings: bool | str = False
    for arg in list(args):
        if arg == "--warnings" or arg.startswith("--warnings="):
            warnings = arg.partition("=")[2] or "stale"
            args.remove(arg)
    if warnings not in (False, "stale", "mixed") or len(args) != 1 or not args[0].isdigit():
        sys.exit("usage: python benchmarks/generate.py [--warnings[=stale|mixed]] N")
    sys.stdout.write(dumps(generate(int(args[0]), warnings=warnings)))


if __name__ == "__main__":
    main()
