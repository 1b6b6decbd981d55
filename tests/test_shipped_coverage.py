"""The shipped registry's coverage, counted, and the facts of 2025 and 2026 it records.

The README states how much of each plan the registry identifies and how fresh its evidence is.
Those figures are counted here from the registry itself, so that an edit to the data which
forgets the README fails the build instead of leaving the front page wrong. The second half
pins the facts brought in for 2025 and 2026, each as its source gives it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from roadmaps import query as Q
from roadmaps.load import load_path
from roadmaps.model import Registry

from .conftest import REPO, SHIPPED

LANGUAGES = {"en": "English", "ru": "Russian", "be": "Belarusian", "de": "German", "it": "Italian"}
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def registry() -> Registry:
    loaded = load_path(SHIPPED)
    assert loaded.registry is not None
    return loaded.registry


@pytest.fixture(scope="module")
def dataset() -> str:
    """The README's dataset section, where the coverage figures live."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## The dataset")
    return text[start : text.index("\n## ", start + 1)]


def history(registry: Registry, program: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(str(e.date), e.status.value, e.sources) for e in registry.programs[program].history]


# Coverage: counted from the registry, stated by the README.


def test_the_programs_row_counts_each_plan(registry, dataset):
    counted = Q.identified(registry)
    roadmaps, union, tasks = (
        counted["roadmaps-2019"],
        counted["union-programs-2021"],
        counted["main-directions-2024"],
    )
    assert counted["main-directions-2027"] == 0
    row = (
        f"| programs | {len(registry.programs)}: {roadmaps} of the 31 road maps, {union} of the "
        f"28 union programs, {tasks} tasks of the Main Directions 2024–2026, none yet of "
        "2027–2029 |"
    )
    assert row in dataset
    assert f"known by area only: {roadmaps} of 31" in dataset
    assert f"The Main Directions 2024–2026 are known by {tasks} tasks" in dataset
    assert f"so {28 - union} of the 28 are\n  missing" in dataset


def test_the_plans_row_counts_the_plans(registry, dataset):
    assert f"| plans | {len(registry.plans)}: " in dataset
    assert registry.plans["roadmaps-2019"].size == 31
    assert registry.plans["union-programs-2021"].size == 28


def test_the_claims_row_counts_claims_and_speakers(registry, dataset):
    claims = Q.all_claims(registry)
    speakers = {c.by for c in claims}
    unnamed = {by for by in speakers if "not named" in by}
    first = min(claims, key=lambda c: c.date.key).date.key[0]
    last = max(claims, key=lambda c: c.date.key).date.key[0]
    row = (
        f"| progress claims | {len(claims)}, by {len(speakers) - len(unnamed)} named speakers "
        f"(and {WORDS[len(unnamed)]} not named by their sources), "
        f"{first:%Y-%m} to {last:%Y-%m} |"
    )
    assert row in dataset


def test_the_sources_row_counts_sources_by_language(registry, dataset):
    by_language = Counter(s.language for s in registry.sources.values())
    parts = [
        f"{n} in {LANGUAGES[code]}"
        for code, n in sorted(by_language.items(), key=lambda item: (-item[1], item[0]))
    ]
    assert f"| sources | {len(registry.sources)} ({', '.join(parts)}), every one cited |" in dataset
    assert [sid for sid, cited in Q.citations(registry).items() if not cited] == []


def test_the_evidence_row_and_the_newest_evidence(registry, dataset):
    events = Q.events(registry)
    first, last = str(events[0].date), str(events[-1].date)
    assert f"| dated evidence | {first} to {last} |" in dataset
    assert f"The newest evidence is of {last}," in dataset
    assert (first, last) == ("2019-09", "2026-02-26")


# The facts brought in for 2025 and 2026.


def test_the_2027_2029_document_is_a_plan_in_preparation(registry):
    plan = registry.plans["main-directions-2027"]
    assert (plan.adopted, plan.size, plan.progress) == (None, None, ())
    assert (plan.note or "").startswith("Status: in preparation, not adopted.")
    assert "kremlin-2026-02-26" in plan.sources and "newsby-2026-02-26" in plan.sources
    assert list(Q.programs_of_plan(registry, "main-directions-2027")) == []


def test_the_main_directions_progress_claims_in_order(registry):
    claims = [
        (str(c.date), c.by.split(",")[0], Q.describe_claim(c))
        for c in registry.plans["main-directions-2024"].progress
    ]
    assert claims == [
        ("2025-03-13", "Vladimir Putin", "more than 26% of measures"),
        ("2025-12-04", "Dmitry Krutoi", "115 of 310 measures"),
        ("2026-02-26", "Alexander Lukashenko", "125 of 310 measures"),
    ]


def test_belarus_ratified_the_electricity_treaty_in_november_2025(registry):
    for program in ("electricity-market", "md2024-electricity-market"):
        assert history(registry, program)[-2:] == [
            ("2025-11-05", "in-progress", ("xinhua-2025-11-05",)),
            ("2025-11-27", "in-progress", ("prime-2025-11-27",)),
        ]
    note = registry.programs["electricity-market"].history[-1].note or ""
    assert "No report of Russia's ratification was found." in note


def test_the_gas_market_is_still_stalled(registry):
    assert history(registry, "gas-market")[-2:] == [
        ("2025-11-05", "stalled", ("xinhua-2025-11-05",)),
        ("2026-01-22", "stalled", ("sputnik-2026-01-22",)),
    ]
    view = Q.view(registry, registry.programs["gas-market"], TODAY, frozenset())
    assert view is not None
    assert (view.status.value, str(view.since), str(view.evidence)) == (
        "stalled",
        "2022-12-16",
        "2026-01-22",
    )
    gas = registry.programs["md2024-gas-prices"]
    assert (gas.plan, gas.status.value, gas.follows) == (
        "main-directions-2024",
        "agreed",
        ("gas-market",),
    )
    # The ambassador's interview does not date the adoption; the plan's own source does.
    assert history(registry, "md2024-gas-prices") == [
        ("2024-01-29", "agreed", ("agenzianova-2024-01-29", "belta-2024-02-05")),
    ]


def test_the_undated_oil_protocol_vote_has_no_entry(registry):
    """The only report of the Belarusian vote gives 23 April without a year: no date is made up."""
    entries = history(registry, "oil-market")
    assert not any(date.endswith("-04-23") for date, _, _ in entries)
    protocol = registry.programs["oil-market"].history[-2]
    assert (str(protocol.date), protocol.sources) == ("2024-12-06", ("telegraf-2025",))
    assert "whose year it does not state" in (protocol.note or "")
    assert str(registry.programs["oil-market"].deadline) == "2027-01-01"


def test_both_ratified_the_e_signature_agreement_yet_it_stalled(registry):
    assert history(registry, "public-procurement")[-3:] == [
        ("2024-10", "in-progress", ("gazeta-2026-01-05",)),
        ("2024-11-26", "in-progress", ("belta-de-2024-11-26",)),
        ("2026-01-05", "stalled", ("gazeta-2026-01-05",)),
    ]


def test_the_february_2026_supreme_state_council(registry):
    assert history(registry, "md2024-transport")[-1] == (
        "2026-02-26",
        "in-progress",
        ("kremlin-2026-02-26",),
    )
    assert history(registry, "md2024-standardisation")[0] == (
        "2025-12-04",
        "agreed",
        ("tass-ru-2025-12-04",),
    )
    # The review of part (a) found only decisions, no reported work: agreed, not done.
    assert history(registry, "md2024-standardisation")[-1][:2] == ("2026-02-26", "agreed")
    # Pages that could not be found again are not cited.
    assert "rg-2025-11-12" not in registry.sources
    assert "dudinka-2025-04-21" not in registry.sources


@pytest.mark.parametrize(
    ("program", "first"),
    [
        ("roadmap-2019-agriculture", ("2019-11", "planned", ("belsat-2019-11",))),
        ("roadmap-2019-tax", ("2019-11", "planned", ("belsat-2019-11",))),
        ("roadmap-2019-industry", ("2019-09", "planned", ("rt-2019-09",))),
        ("roadmap-2019-transport", ("2019-09", "planned", ("rt-2019-09",))),
        ("roadmap-2019-currency", ("2019-11-09", "planned", ("belnovosti-2019-11-09",))),
    ],
)
def test_the_road_maps_sources_name(registry, program, first):
    entries = history(registry, program)
    assert entries[0] == first
    assert entries[-1] == ("2021-11-04", "abandoned", ("ria-2021-11-04",))
    assert registry.programs[program].plan == "roadmaps-2019"


def test_candidates_stay_in_the_plans_notes(registry):
    union = registry.plans["union-programs-2021"].note or ""
    assert "Candidates not entered as programs" in union
    assert "protection of consumers of financial services" in union
    maps = registry.plans["roadmaps-2019"].note or ""
    assert "Candidates not entered as maps" in maps and "banking supervision" in maps
    assert not any("insur" in pid or "banking-supervision" in pid for pid in registry.programs)


@pytest.mark.parametrize(
    ("sid", "host", "language"),
    [
        ("tass-ru-2025-12-04b", "tass.ru", "ru"),
        ("kremlin-2026-02-26", "en.special.kremlin.ru", "en"),
        ("interfax-ru-2026-02-06", "www.interfax.ru", "ru"),
        ("prime-2025-11-27", "1prime.ru", "ru"),
        ("belta-de-2024-11-26", "deu.belta.by", "de"),
        ("govby-2026-01", "www.government.by", "en"),
        ("belsat-2019-11", "belsat.eu", "en"),
        ("newsby-2026-02-26-committee", "news.by", "ru"),
        ("oreanda-2019-12", "www.oreanda.ru", "en"),
        ("interfax-ru-2019-11-01", "www.interfax.ru", "ru"),
        ("ria-2026-02-02", "ria.ru", "ru"),
        ("kontur-2023-12-22", "normativ.kontur.ru", "ru"),
        ("belta-2021-11-04", "belta.by", "ru"),
        ("kommersant-2022-07", "kommersant.ru", "ru"),
    ],
)
def test_new_sources_point_at_their_publishers(registry, sid, host, language):
    source = registry.sources[sid]
    assert source.url is not None and source.url.split("/")[2] == host
    assert source.language == language


@pytest.mark.parametrize(
    ("sid", "host", "original"),
    [
        ("xinhua-2025-11-05", "www.thestar.com.my", "Xinhua"),
        ("sputnik-2026-01-22", "news.mail.ru", "Sputnik"),
    ],
)
def test_mirrors_say_so_and_name_the_original(registry, sid, host, original):
    source = registry.sources[sid]
    assert source.url is not None and source.url.split("/")[2] == host
    note = source.note or ""
    assert "mirror" in note and original in note and "was not found" in note


# The third pass of 2026-12-01: sources searched for again, gaps closed where a source allowed.


def test_the_review_ends_on_2026_12_01(registry):
    assert str(registry.as_of) == "2026-12-01"
    assert str(Q.events(registry)[-1].date) == "2026-02-26"


@pytest.mark.parametrize(
    "sid",
    [
        "govru-2024-11-05",
        "oopstop-kommersant-2021-09",
        "sb-mir-2022",
        "rossaprimavera-2022",
        "4esnok-2026-02-26",
        "newsby-2026-02-26",
    ],
)
def test_sources_found_again_no_longer_say_not_found(registry, sid):
    assert "not found again" not in (registry.sources[sid].note or "").lower()


@pytest.mark.parametrize(
    "sid",
    [
        "charter97-2020-03-18",
        "kremlin-2021-11-04",
        "bif-2023-11-27",
    ],
)
def test_sources_still_missing_say_they_were_searched_twice(registry, sid):
    note = registry.sources[sid].note or ""
    assert "not found again in the review of 2026-12-01" in note.lower()
    assert "nor in a second search that day" in note


def test_mishustins_november_2024_claim_rests_on_a_page_found_again(registry):
    (claim,) = [
        c for c in registry.plans["union-programs-2021"].progress if str(c.date) == "2024-11-05"
    ]
    assert (claim.by.split(",")[0], claim.percent, claim.sources) == (
        "Mikhail Mishustin",
        100,
        ("govru-2024-11-05",),
    )
    assert "January 2024" in (claim.note or "") and "not found" not in (claim.note or "")
    for program in ("macroeconomic-policy", "monetary-policy", "currency-regulation"):
        (first, *_) = registry.programs[program].history
        assert (str(first.date), first.sources) == ("2021-09-10", ("oopstop-kommersant-2021-09",))
        assert "not found" not in (first.note or "")


def test_the_31st_road_map_was_put_off_in_december_2019(registry):
    assert history(registry, "roadmap-2019-supranational-bodies") == [
        ("2019-12-23", "planned", ("oreanda-2019-12",)),
        ("2020-03-18", "planned", ("charter97-2020-03-18",)),
        ("2021-11-04", "abandoned", ("ria-2021-11-04",)),
    ]
    note = registry.programs["roadmap-2019-supranational-bodies"].history[0].note or ""
    assert "single issuing centre" in note and "Peskov" in note


def test_the_committee_resolution_cites_the_agencys_report_beside_the_regional_site(registry):
    assert history(registry, "md2024-standardisation")[-1] == (
        "2026-02-26",
        "agreed",
        ("4esnok-2026-02-26", "newsby-2026-02-26", "newsby-2026-02-26-committee"),
    )


def test_new_candidates_go_in_the_notes_not_the_registry(registry):
    maps = registry.plans["roadmaps-2019"]
    assert "interfax-ru-2019-11-01" in maps.sources
    assert "Pavel Kallaur" in (maps.note or "") and "monetary policy" in (maps.note or "")
    assert not any(pid.startswith("roadmap-2019-monetary") for pid in registry.programs)
    directions = registry.plans["main-directions-2024"]
    assert "ria-2026-02-02" in directions.sources
    assert "gave no figure" in (directions.note or "")
    assert len(directions.progress) == 3
    union = registry.plans["union-programs-2021"]
    assert "kontur-2023-12-22" in union.sources
    assert "signed in Moscow on 2023-12-22" in (union.note or "")
    assert not any("securities" in pid for pid in registry.programs)


def test_the_oil_reports_year_is_said_to_be_inferred(registry):
    source = registry.sources["telegraf-2025"]
    assert str(source.published) == "2025"
    assert "the year 2025 is inferred" in (source.note or "")
    assert "2025-04-23" in (source.note or "")


def test_the_verification_log_has_a_row_for_every_source(registry):
    log = (REPO / "docs" / "dataset.md").read_text(encoding="utf-8")
    table = log[log.index("## Verification log") : log.index("## Open points")]
    rows = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    assert rows == set(registry.sources)


def test_the_mir_rule_and_the_2021_decree_rest_on_pages_found_or_beside_them(registry):
    (mir,) = [
        e for e in registry.programs["payment-systems"].history if str(e.date) == "2022-01-01"
    ]
    assert mir.sources == ("sb-mir-2022",) and "National Bank" in (mir.note or "")
    assert "may be 2021" in (registry.sources["sb-mir-2022"].note or "")
    sources = registry.plans["union-programs-2021"].sources
    assert sources.index("belta-2021-11-04") == sources.index("kremlin-2021-11-04") + 1


def test_overchuks_46_percent_is_dated_by_the_page_found_again(registry):
    (claim,) = [
        c for c in registry.plans["union-programs-2021"].progress if str(c.date) == "2022-07-17"
    ]
    assert claim.sources == ("tass-2022-08-24", "rossaprimavera-2022", "kommersant-2022-07")
    assert (claim.qualifier.value if claim.qualifier else None, claim.percent) == ("more-than", 46)
    title = registry.sources["rossaprimavera-2022"].title
    assert not title.startswith("[") and "союзных программ" in title
