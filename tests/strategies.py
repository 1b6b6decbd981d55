"""Hypothesis strategies for whole, valid registries."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from hypothesis import strategies as st

from roadmaps.model import (
    HistoryEntry,
    PartialDate,
    Plan,
    Precision,
    Program,
    ProgressClaim,
    Qualifier,
    Registry,
    Sector,
    Source,
    Status,
)

ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
# Registry text holds no control character and no bidi control (design §3: those are E111,
# E112); everything else in Unicode is fair game.
FORBIDDEN = "".join(
    [chr(c) for c in range(0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
text = st.text(
    st.characters(codec="utf-8", exclude_categories=SURROGATES, exclude_characters=FORBIDDEN),
    min_size=1,
    max_size=40,
).filter(str.strip)
maybe_text = st.none() | text


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 11, 1)))
    precision = draw(st.sampled_from(Precision))
    if precision is Precision.YEAR:
        return PartialDate(day.replace(month=1, day=1), precision)
    if precision is Precision.MONTH:
        return PartialDate(day.replace(day=1), precision)
    return PartialDate(day, precision)


@st.composite
def registries(draw: st.DrawFn) -> Registry:
    names = draw(st.lists(ids, min_size=4, max_size=12, unique=True))
    sector_ids, plan_ids, source_ids, program_ids = names[0:1], names[1:2], names[2:3], names[3:]
    sources = {
        sid: Source(
            id=sid,
            title=draw(text),
            publisher=draw(text),
            language=draw(st.sampled_from(["en", "ru", "be"])),
            url=draw(st.none() | st.just(f"https://example.org/{sid}")),
            published=draw(partial_dates()),
            note=draw(maybe_text),
        )
        for sid in source_ids
    }
    cite = st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True).map(tuple)

    def claims(subject: str) -> st.SearchStrategy[tuple[ProgressClaim, ...]]:
        claim = st.builds(
            ProgressClaim,
            subject=st.just(subject),
            date=partial_dates(),
            by=text,
            sources=cite,
            percent=st.none()
            | st.integers(0, 100)
            | st.floats(0, 100, allow_nan=False).map(lambda f: round(f, 2)),
            done=st.just(3),
            total=st.just(10),
            of=maybe_text,
            qualifier=st.none() | st.sampled_from(Qualifier),
            note=maybe_text,
        )
        return st.lists(claim, max_size=2).map(tuple)

    programs = {}
    for pid in program_ids:
        history = tuple(
            sorted(
                draw(
                    st.lists(
                        st.builds(
                            HistoryEntry,
                            date=partial_dates(),
                            status=st.sampled_from(Status),
                            sources=cite,
                            note=maybe_text,
                        ),
                        min_size=1,
                        max_size=3,
                    )
                ),
                key=lambda e: e.date.key,
            )
        )
        programs[pid] = Program(
            id=pid,
            plan=plan_ids[0],
            sector=sector_ids[0],
            title=draw(text),
            status=history[-1].status,
            title_ru=draw(maybe_text),
            deadline=draw(st.none() | partial_dates()),
            summary=draw(maybe_text),
            note=draw(maybe_text),
            history=history,
            progress=draw(claims(pid)),
        )
    plan_id = plan_ids[0]
    return Registry(
        format=1,
        title=draw(text),
        as_of=PartialDate.of(dt.date(2026, 11, 1)),
        stale_after_days=draw(st.integers(1, 5000)),
        note=draw(maybe_text),
        sectors={sector_ids[0]: Sector(id=sector_ids[0], title=draw(text), note=draw(maybe_text))},
        plans={
            plan_id: Plan(
                id=plan_id,
                title=draw(text),
                size=draw(st.none() | st.integers(1, 50)),
                adopted=draw(st.none() | partial_dates()),
                sources=draw(st.just(()) | cite),
                progress=draw(claims(plan_id)),
            )
        },
        programs=programs,
        sources=sources,
    )
