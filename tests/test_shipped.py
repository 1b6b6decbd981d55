"""The registry shipped with roadmaps: clean, cited, and saying what the sources say."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from roadmaps import query as Q
from roadmaps.check import check
from roadmaps.errors import Severity
from roadmaps.load import load_path
from roadmaps.model import Registry, Status
from roadmaps.paths import shipped_registry

from .conftest import SHIPPED, Invoke

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def registry() -> Registry:
    loaded = load_path(SHIPPED)
    assert [str(p) for p in check(loaded) if p.severity is Severity.ERROR] == []
    assert loaded.registry is not None
    return loaded.registry


def status_on(registry: Registry, program: str, day: dt.date) -> tuple[str, str]:
    view = Q.view(registry, registry.programs[program], day, frozenset())
    assert view is not None
    return view.status.value, str(view.since)


def entry(registry: Registry, program: str, date: str):
    (found,) = [e for e in registry.programs[program].history if str(e.date) == date]
    return found


def test_the_package_finds_the_same_registry():
    assert shipped_registry().read_bytes() == SHIPPED.read_bytes()


def test_four_plans_with_their_official_sizes_and_adoption(registry):
    assert {p.id: (p.size, str(p.adopted)) for p in registry.plans.values()} == {
        "roadmaps-2019": (31, "None"),
        "union-programs-2021": (28, "2021-11-04"),
        "main-directions-2024": (None, "2024-01-29"),
        "main-directions-2027": (None, "None"),
    }


def test_the_28_are_not_padded(registry):
    identified = Q.identified(registry)["union-programs-2021"]
    assert 20 <= identified < 28


def test_every_program_has_a_cited_history_and_every_claim_a_speaker(registry):
    for program in registry.programs.values():
        assert program.history, program.id
        assert all(e.sources for e in program.history), program.id
    for claim in Q.all_claims(registry):
        assert claim.by.strip() and claim.sources


def test_every_source_is_cited_and_dated(registry):
    assert [sid for sid, cited in Q.citations(registry).items() if not cited] == []
    assert all(s.published is not None for s in registry.sources.values())


def test_inferred_memberships_say_so(registry):
    for pid in (
        "financial-information-security",
        "aml-cft",
        "banking-credit",
        "nuclear-legislation",
        "trade-policy",
        "pricing-policy",
    ):
        assert "Membership inferred" in (registry.programs[pid].note or ""), pid


def test_gas_market_stalled_since_december_2022(registry):
    assert status_on(registry, "gas-market", TODAY) == ("stalled", "2022-12-16")
    assert (
        registry.programs["gas-market"].title_ru
        == "Союзная программа по формированию объединенного рынка газа"
    )


def test_electricity_market_treaty_signed_2024_12_06(registry):
    assert "signed the treaty" in (entry(registry, "electricity-market", "2024-12-06").note or "")
    assert status_on(registry, "electricity-market", TODAY)[0] == "in-progress"


def test_oil_market_postponed_to_2027_01_01(registry):
    assert str(registry.programs["oil-market"].deadline) == "2027-01-01"
    assert "2027-01-01" in (entry(registry, "oil-market", "2024-12-06").note or "")
    assert status_on(registry, "oil-market", TODAY)[0] == "stalled"


def test_indirect_tax_agreement_signed_2022_10_03(registry):
    assert "signed the agreement" in (entry(registry, "indirect-taxes", "2022-10-03").note or "")


def test_the_contradicting_claims_are_flagged(registry):
    pairs = [
        (
            str(c.first.date),
            Q.describe_claim(c.first),
            str(c.second.date),
            Q.describe_claim(c.second),
        )
        for c in Q.conflicts(registry, TODAY)
    ]
    assert pairs == [
        ("2022-07-17", "more than 46% of programs", "2022-08-24", "about 40% of programs"),
        ("2023-11", "13 of 28 programs", "2023-11", "22 of 28 programs"),
    ]


def test_the_road_maps_were_superseded_by_the_union_programs(registry):
    for program in Q.programs_of_plan(registry, "roadmaps-2019"):
        assert status_on(registry, program.id, TODAY)[0] == "abandoned", program.id


def test_the_real_spread_of_statuses(registry):
    counts = Q.count_by_status(Q.snapshot(registry, TODAY))
    assert (
        counts[Status.DONE] >= 7 and counts[Status.IN_PROGRESS] >= 8 and counts[Status.STALLED] >= 2
    )
    assert Q.count_by_status(Q.snapshot(registry, dt.date(2020, 12, 31)))[Status.DISPUTED] == 2


@pytest.mark.parametrize("sector", ["energy", "finance", "trade", "transport"])
def test_show_each_main_sector_answers_usefully(invoke: Invoke, sector: str):
    result = invoke("--data", str(SHIPPED), "show", sector, "--json", "--as-of", "2026-11-23")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["programs"]) >= 2


def test_show_energy_lists_its_sub_sectors(invoke: Invoke):
    doc = json.loads(invoke("--data", str(SHIPPED), "show", "energy", "--json").stdout)
    assert doc["sector"]["sub_sectors"] == ["electricity", "gas", "nuclear", "oil"]


def test_status_runs_on_the_shipped_registry(invoke: Invoke):
    result = invoke("--data", str(SHIPPED), "status", "--as-of", "2026-11-23")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Conflicting claims (2)" in result.stdout


# Facts corrected by the source review of 2026-12-01 (docs/dataset.md): each pinned here so
# that a later edit cannot quietly bring the old error back.


def claims_of(registry: Registry, plan: str):
    return registry.plans[plan].progress


def test_reported_done_only_where_a_source_reports_it_done(registry):
    done = {v.program.id for v in Q.snapshot(registry, TODAY) if v.status is Status.DONE}
    assert done == {
        "currency-regulation",
        "payment-systems",
        "indirect-taxes",
        "customs-cooperation",
        "agrarian-policy",
        "veterinary-phytosanitary-control",
        "labelling-traceability",
    }


def test_the_january_2023_figures_belong_to_lukashenko_and_mezentsev_not_the_relaying_diplomat(
    registry,
):
    relayed = [
        c for c in claims_of(registry, "union-programs-2021") if c.sources == ("tass-2023-01-13",)
    ]
    assert [(str(c.date), Q.describe_claim(c)) for c in relayed] == [
        ("2023-01-09", "7 of 28 programs"),
        ("2023-01-09", "68% of 989 measures"),
    ]
    for claim in relayed:
        assert "Lukashenko" in claim.by and "Mezentsev" in claim.by
        assert "Polishchuk" not in claim.by and "Polishchuk" in (claim.note or "")


def test_the_standardisation_committee_was_decided_not_reported_working(registry):
    history = registry.programs["md2024-standardisation"].history
    assert [(str(e.date), e.status.value) for e in history] == [
        ("2025-12-04", "agreed"),
        ("2026-02-02", "agreed"),
        ("2026-02-26", "agreed"),
    ]


def test_competition_rules_agreement_signed_then_approved_but_not_reported_done(registry):
    history = registry.programs["competition-rules"].history
    assert [(str(e.date), e.status.value) for e in history][-2:] == [
        ("2022-11-09", "in-progress"),
        ("2023-01-18", "in-progress"),
    ]
    assert "No. 42" in (entry(registry, "competition-rules", "2023-01-18").note or "")


def test_krutoi_spoke_on_tuesday_12_march_2024_as_ambassador(registry):
    dates = [str(e.date) for e in registry.programs["industrial-policy"].history]
    assert "2024-03-12" in dates and "2024-03-13" not in dates


def test_krutoi_headed_the_presidential_administration_in_september_2024(registry):
    note = entry(registry, "public-procurement", "2024-09-27").note or ""
    assert "head of the Belarusian Presidential Administration" in note
    assert "ambassador" not in note


def test_gas_market_statements_dated_when_they_were_made(registry):
    dates = [str(e.date) for e in registry.programs["gas-market"].history]
    assert dates[:2] == ["2021-08-09", "2021-09-05"]
    assert "First Deputy Prime Minister" in (entry(registry, "gas-market", "2021-09-05").note or "")


def test_signings_and_ratifications_are_entries_of_their_own(registry):
    assert "Putin signed" in (entry(registry, "indirect-taxes", "2022-12").note or "")
    assert "ratifying" in (entry(registry, "public-procurement", "2024-10").note or "")
    assert "decree No. 6" in (entry(registry, "consumer-rights", "2024-12-06").note or "")
    assert entry(registry, "communications-informatization", "2024-11-05").sources == (
        "iz-2024-11-05",
    )
    assert entry(registry, "roadmap-2019-electricity", "2019-11-13").status is Status.PLANNED


def test_the_communications_program_has_its_reported_russian_title(registry):
    program = registry.programs["communications-informatization"]
    assert program.title_ru == (
        "Формирование единых принципов функционирования единого рынка связи и информатизации"
    )
    assert entry(registry, "communications-informatization", "2021-09-10").sources == (
        "glagol-2021-09",
        "tass-2021-09-10",
    )


def test_real_titles_replace_bracketed_ones_where_the_source_shows_them(registry):
    for sid in ("ria-2023-03-27", "belrus-2025-03-13", "mintrans-by-2024-11-21"):
        assert not registry.sources[sid].title.startswith("["), sid


MIRRORS = (
    "urdupoint.com",
    "francenetworktimes.com",
    "einpresswire.com",
    "belrus.ru",
    "finance-rambler.ru",
    "uralelement.ru",
    "osipovichi.mogilev-region.by",
    "tellerreport.com",
    "oopstop.com",
    "thegoaspotlight.com",
)


def test_a_source_read_on_a_mirror_says_so(registry):
    for sid, source in registry.sources.items():
        if source.url and any(host in source.url for host in MIRRORS):
            note = source.note or ""
            assert "mirror" in note or "republished" in note or "read on" in note.lower(), sid


def test_progress_claims_keep_their_verified_figures_and_units(registry):
    described = {
        (str(c.date), Q.describe_claim(c)) for c in claims_of(registry, "union-programs-2021")
    }
    assert ("2022-04-12", "more than 30% of the work planned up to the end of 2021") in described
    assert ("2022-12-19", "60%") in described
    assert ("2023-03-27", "8 of 28 programs") in described
    golovchenko = [
        c for c in claims_of(registry, "union-programs-2021") if str(c.date) == "2023-03-27"
    ]
    assert "almost 75%" in (golovchenko[0].note or "")


def test_semashko_counted_the_unagreed_road_maps_the_day_after_sochi(registry):
    (claim,) = [c for c in registry.plans["roadmaps-2019"].progress if "Semashko" in c.by]
    assert (str(claim.date), Q.describe_claim(claim)) == ("2019-12-08", "23 of 31 road maps agreed")
    assert claim.sources == ("belsat-2019-12", "miacenter-2019-12")
