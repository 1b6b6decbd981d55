"""As-of answers and the three flags, on the small registry at fixed dates."""

import datetime as dt
from typing import Any

import pytest

from roadmaps import query as Q
from roadmaps.model import Flag, Registry, Status, parse_partial


def states(registry: Registry, day: dt.date) -> dict[str, tuple[str, str, list[str]]]:
    return {
        v.program.id: (v.status.value, str(v.since), sorted(f.value for f in v.flags))
        for v in Q.snapshot(registry, day)
    }


def test_before_any_history_there_is_nothing_to_show(registry):
    assert Q.snapshot(registry, dt.date(2019, 11, 12)) == []


def test_statuses_follow_the_history_up_to_the_day(registry):
    assert states(registry, dt.date(2021, 11, 4)) == {
        "old-gas": ("abandoned", "2021-11-04", []),
        "gas-market": ("agreed", "2021-11-04", []),
        "power-market": ("agreed", "2021-11-04", []),
        "tax-code": ("agreed", "2021-11-04", []),
    }
    assert states(registry, dt.date(2022, 12, 15))["gas-market"] == (
        "agreed",
        "2021-11-04",
        ["stale"],
    )
    assert states(registry, dt.date(2022, 12, 16))["gas-market"] == ("stalled", "2022-12-16", [])


def test_overdue_starts_after_the_deadline_and_a_partial_deadline_after_its_period(registry):
    # tax-code's deadline "2022-12" passes only when December is over.
    assert states(registry, dt.date(2022, 12, 31))["tax-code"] == (
        "agreed",
        "2021-11-04",
        ["stale"],
    )
    assert states(registry, dt.date(2023, 1, 1))["tax-code"] == (
        "agreed",
        "2021-11-04",
        ["overdue", "stale"],
    )
    # ... and stops once the program is done.
    assert states(registry, dt.date(2023, 1, 19))["tax-code"] == ("done", "2023-01-19", [])
    assert states(registry, dt.date(2023, 12, 1))["gas-market"] == ("stalled", "2022-12-16", [])
    assert states(registry, dt.date(2023, 12, 2))["gas-market"] == (
        "stalled",
        "2022-12-16",
        ["overdue"],
    )


def test_stale_counts_days_since_the_newest_evidence(registry):
    # gas-market's newest evidence is 2022-12-16; stale_after_days is 365.
    assert "stale" not in states(registry, dt.date(2023, 12, 16))["gas-market"][2]
    assert "stale" in states(registry, dt.date(2023, 12, 17))["gas-market"][2]


def test_a_stale_program_keeps_its_status(registry):
    view = {v.program.id: v for v in Q.snapshot(registry, dt.date(2030, 1, 1))}["gas-market"]
    assert view.status is Status.STALLED
    assert Flag.STALE in view.flags


def test_conflicting_claims_need_the_same_unit_45_days_and_more_than_5_points(registry):
    found = Q.conflicts(registry, dt.date(2024, 6, 30))
    assert [(c.first.by, c.second.by, round(c.gap, 1)) for c in found] == [
        ("Embassy of Alpha", "Beta, Deputy Prime Minister", 6.0)
    ]
    # Not yet conflicting before the second claim was made.
    assert Q.conflicts(registry, dt.date(2022, 8, 23)) == []


def test_claims_without_a_unit_or_dated_only_to_a_year_are_not_compared(registry):
    import dataclasses

    first, second = registry.plans["new-plan"].progress[:2]
    assert Q.comparable(first, second)
    assert not Q.comparable(first, dataclasses.replace(second, of=None))
    assert not Q.comparable(first, dataclasses.replace(second, of="measures"))
    year = parse_partial("2022")
    assert year is not None
    assert not Q.comparable(first, dataclasses.replace(second, date=year))


def test_counts_by_sector_include_sub_sectors(registry):
    views = Q.snapshot(registry, dt.date(2024, 6, 30))
    rows = {r.sector: (r.depth, r.total, dict(r.counts)) for r in Q.sector_rows(registry, views)}
    assert rows == {
        "energy": (
            0,
            4,
            {Status.ABANDONED: 1, Status.STALLED: 1, Status.IN_PROGRESS: 1, Status.DISPUTED: 1},
        ),
        "gas": (1, 3, {Status.ABANDONED: 1, Status.STALLED: 1, Status.DISPUTED: 1}),
        "power": (1, 1, {Status.IN_PROGRESS: 1}),
        "finance": (0, 1, {Status.DONE: 1}),
    }


def test_coverage_compares_identified_programs_with_the_official_size(registry):
    views = Q.snapshot(registry, dt.date(2024, 6, 30))
    assert [(c.plan, c.identified, c.size) for c in Q.coverage(registry, views)] == [
        ("old-plan", 1, 3),
        ("new-plan", 4, 4),
    ]


def test_select_filters_by_status_sector_subtree_plan_and_flag(registry):
    views = Q.snapshot(registry, dt.date(2024, 6, 30))

    def ids(**kw: Any) -> list[str]:
        return [v.program.id for v in Q.select(registry, views, **kw)]

    assert ids(sector=["energy"]) == ["old-gas", "gas-market", "power-market", "gas-prices"]
    assert ids(sector=["gas"], status=[Status.STALLED]) == ["gas-market"]
    assert ids(plan=["old-plan"]) == ["old-gas"]
    assert ids(flag=[Flag.OVERDUE]) == ["gas-market"]
    # one filter's values are alternatives; filters apply together
    assert ids(status=[Status.STALLED, Status.DONE]) == ["gas-market", "tax-code"]
    assert ids(status=[Status.STALLED, Status.DONE], sector=["power", "finance"]) == ["tax-code"]
    assert ids(sector=["power", "finance"]) == ["power-market", "tax-code"]


def test_timeline_orders_every_dated_event_and_filters(registry):
    events = Q.timeline(registry, since=dt.date(2022, 8, 1), until=dt.date(2023, 1, 31))
    assert [(str(e.date), e.kind, e.subject) for e in events] == [
        ("2022-08-01", "claim", "new-plan"),
        ("2022-08-24", "claim", "new-plan"),
        ("2022-09-01", "claim", "new-plan"),
        ("2022-12-16", "status", "gas-market"),
        ("2023-01-19", "status", "tax-code"),
    ]
    change = events[3]
    assert (change.previous, change.status) == (Status.AGREED, Status.STALLED)
    assert [e.subject for e in Q.timeline(registry, sector=["power"])] == [
        "power-market",
        "power-market",
    ]
    assert [e.kind for e in Q.timeline(registry, plan=["old-plan"])] == ["status", "status"]


@pytest.mark.parametrize(
    ("index", "text"),
    [
        (0, "about 40% of programs"),
        (1, "more than 46% of programs"),
        (2, "90% of measures"),
        (3, "13 of 28 programs"),
    ],
)
def test_claims_read_as_spoken(registry, index, text):
    assert Q.describe_claim(registry.plans["new-plan"].progress[index]) == text


def test_citations_list_what_cites_each_source_and_the_unused(registry):
    cited = Q.citations(registry)
    assert cited["s-unused"] == []
    assert [(c.record, c.what) for c in cited["s-belta"]] == [
        ("plans.old-plan", "plan"),
        ("programs.old-gas", "history 2019-11-13 planned"),
        ("programs.power-market", "history 2023-11 in-progress"),
    ]


def test_nearest_ids_offer_close_spellings_and_containing_words(registry):
    ids = registry.all_ids()
    assert Q.nearest("gas-markte", ids) == ["gas-market", "gas-prices"]
    assert Q.nearest("tax", ids) == ["tax-code"]
    assert Q.nearest("gas", ids) == ["gas", "old-gas", "gas-market"]
    assert Q.nearest("zzz", ids) == []
    # Ids are lowercase: one typed in capitals still finds its record.
    assert Q.nearest("GAS-MARKET", ids)[0] == "gas-market"


def test_a_filter_is_one_value_or_several(registry):
    views = Q.snapshot(registry, dt.date(2024, 6, 30))

    def ids(**kw: Any) -> list[str]:
        return [v.program.id for v in Q.select(registry, views, **kw)]

    # a single string is one value, never its letters
    assert ids(plan="old-plan") == ids(plan=["old-plan"]) == ["old-gas"]
    assert ids(status=Status.DONE) == ["tax-code"]
    assert [e.subject for e in Q.timeline(registry, sector="power")] == ["power-market"] * 2
