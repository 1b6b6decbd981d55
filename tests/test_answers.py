"""Right answers (issue 12): errors block answers, periods, as-of, stale, filters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import Invoke

READING = [
    ["status"],
    ["show", "gas-market"],
    ["list"],
    ["timeline"],
    ["sources"],
    ["diff", "2020"],
]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- errors block answers ------------------------------------------------------------------


@pytest.mark.parametrize("command", [*READING, ["export", "--format", "json", "-o", "-"]])
def test_a_history_date_in_2099_blocks_every_answer(invoke: Invoke, mini: Path, command: list[str]):
    _edit(mini, 'date = 2022-12-16\nstatus = "stalled"', 'date = 2099-12-16\nstatus = "stalled"')
    checked = invoke("--data", str(mini), "check")
    result = invoke("--data", str(mini), *command)
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    errors = [line for line in checked.stdout.splitlines() if re.search(r":\d+:\d+: E\d{3} ", line)]
    assert errors and lines[:-1] == errors
    assert "E303" in lines[0]
    assert lines[-1] == (
        f"roadmaps: {mini} has 1 error; fix it, or run `roadmaps check` for the full report"
    )


def test_a_stored_status_that_differs_from_history_blocks_status(invoke: Invoke, mini: Path):
    _edit(mini, 'status = "done"\ndeadline = "2022-12"', 'status = "stalled"\ndeadline = "2022-12"')
    result = invoke("--data", str(mini), "status")
    assert (result.exit_code, result.stdout) == (1, "")
    assert " E302 programs.tax-code: " in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"roadmaps: {mini} has 1 error; fix it, or run `roadmaps check` for the full report"
    )


def test_a_registry_with_errors_is_never_cached(invoke: Invoke, mini: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    _edit(mini, 'status = "done"\ndeadline = "2022-12"', 'status = "stalled"\ndeadline = "2022-12"')
    for _ in range(2):  # the second run would answer from an entry, if one had been kept
        result = invoke("--data", str(mini), "status", env={"ROADMAPS_CACHE": str(cache)})
        assert result.exit_code == 1
    assert not list(cache.glob("*.pickle"))


def test_warnings_never_block(invoke: Invoke, mini: Path):
    assert "W50" in invoke("--data", str(mini), "check").stdout
    assert invoke("--data", str(mini), "status").exit_code == 0


# -- periods -------------------------------------------------------------------------------


def test_diff_from_a_year_opens_at_its_first_day(invoke: Invoke, mini: Path):
    doc = json.loads(invoke("--data", str(mini), "diff", "2022", "2023", "--json").stdout)
    assert (doc["from"], doc["to"]) == ("2022-01-01", "2023-12-31")
    assert [c["program"] for c in doc["changes"]] == ["gas-market", "tax-code", "power-market"]


def test_diff_from_a_month_opens_at_its_first_day(invoke: Invoke, mini: Path):
    doc = json.loads(invoke("--data", str(mini), "diff", "2022-12", "2022-12", "--json").stdout)
    assert (doc["from"], doc["to"]) == ("2022-12-01", "2022-12-31")
    assert [c["program"] for c in doc["changes"]] == ["gas-market"]


def test_timeline_months_and_years_cover_whole_periods(invoke: Invoke, mini: Path):
    doc = json.loads(
        invoke(
            "--data", str(mini), "timeline", "--since", "2023", "--until", "2023-01", "--json"
        ).stdout
    )
    assert [(e["date"], e["subject"]) for e in doc["events"]] == [("2023-01-19", "tax-code")]


@pytest.mark.parametrize(
    "command",
    [
        ["timeline", "--since", "2026", "--until", "2025"],
        ["timeline", "--since", "2025-02-01", "--until", "2025-01"],
        ["diff", "2026", "2025"],
        ["diff", "2999"],
    ],
)
def test_a_period_that_ends_before_it_starts_is_a_usage_error(
    invoke: Invoke, mini: Path, command: list[str]
):
    result = invoke("--data", str(mini), *command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "before" in result.stderr and "starts" in result.stderr


# -- as of ---------------------------------------------------------------------------------

DAY = "2022-01-01"
DATED = {"date", "published", "since", "newest_evidence", "adopted"}


def _dates(doc: object) -> list[str]:
    """Every date of evidence in a JSON answer: the values of the dated keys, anywhere."""
    found: list[str] = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key in DATED and isinstance(value, str):
                found.append(value)
            else:
                found += _dates(value)
    elif isinstance(doc, list):
        for value in doc:
            found += _dates(value)
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["list"],
        ["timeline"],
        ["sources"],
        ["show", "gas-market"],
        ["show", "union-programs-2021"],
        ["show", "roadmaps-2019"],
        ["show", "energy"],
        ["show", "kremlin-2021-11-04"],
    ],
)
def test_as_of_shows_nothing_dated_after_the_day(invoke: Invoke, command: list[str]):
    result = invoke(*command, "--as-of", DAY, "--json")
    assert result.exit_code == 0, result.stderr
    dates = _dates(json.loads(result.stdout))
    assert dates, "the answer has dated facts"
    assert [d for d in dates if d > DAY] == []


def test_show_gas_market_as_of_lists_no_later_history(invoke: Invoke):
    result = invoke("show", "gas-market", "--as-of", DAY)
    assert result.exit_code == 0
    below = result.stdout[result.stdout.index("\nHistory\n") :]  # the head holds the deadline
    assert "2021-11-04" in below
    assert re.findall(r"\b20(?:2[2-9])-\d\d(?:-\d\d)?\b", below) == []


def test_show_source_cited_by_each_record_once(invoke: Invoke):
    result = invoke("show", "tass-2023-01-13")
    rows = [line for line in result.stdout.splitlines() if line.startswith(("plans.", "programs."))]
    assert rows and len(rows) == len(set(rows))


def test_a_source_published_after_the_day_is_not_shown(invoke: Invoke):
    result = invoke("show", "tass-2023-01-13", "--as-of", DAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "after 2022-01-01" in result.stderr


# -- stale -----------------------------------------------------------------------------------

OPEN = {"planned", "agreed", "in-progress", "stalled", "disputed"}


def test_only_open_programs_are_stale(invoke: Invoke):
    doc = json.loads(invoke("status", "--as-of", "2026-11-01", "--json").stdout)
    stale = doc["stale"]
    assert stale and {v["status"] for v in stale} <= OPEN
    listed = json.loads(invoke("list", "--flag", "stale", "--as-of", "2026-11-01", "--json").stdout)
    assert {v["status"] for v in listed["programs"]} <= OPEN
    closed = json.loads(
        invoke("list", "--status", "done", "--as-of", "2026-11-01", "--json").stdout
    )
    assert closed["programs"] and all("stale" not in v["flags"] for v in closed["programs"])


def test_the_stale_list_puts_the_longest_silent_first(invoke: Invoke):
    out = invoke("status", "--as-of", "2026-11-01").stdout
    block = out[out.index("\nStale (") :].split("\n\n")[0].splitlines()
    assert block[2].split()[2:] == ["silent", "since", "days"]
    rows = [line.split() for line in block[3:]]
    days = [int(row[-1].replace(",", "")) for row in rows]
    assert len(days) > 3 and days == sorted(days, reverse=True)
    assert all(row[1] in OPEN for row in rows)


# -- filters ---------------------------------------------------------------------------------


def _ids(invoke: Invoke, mini: Path, *args: str) -> list[str]:
    result = invoke("--data", str(mini), "list", *args, "--as-of", "2024-06-30", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)["programs"]]


def test_values_of_one_filter_are_alternatives(invoke: Invoke, mini: Path):
    assert _ids(invoke, mini, "--status", "stalled", "--status", "done") == [
        "gas-market",
        "tax-code",
    ]
    assert _ids(invoke, mini, "--sector", "power", "--sector", "finance") == [
        "power-market",
        "tax-code",
    ]
    assert _ids(invoke, mini, "--plan", "old-plan", "--plan", "new-plan") == [
        "old-gas",
        "gas-market",
        "power-market",
        "tax-code",
        "gas-prices",
    ]


def test_filters_combine(invoke: Invoke, mini: Path):
    both = ("--status", "stalled", "--status", "done", "--sector", "finance", "--sector", "power")
    assert _ids(invoke, mini, *both) == ["tax-code"]
    assert _ids(invoke, mini, "--flag", "overdue", "--flag", "stale", "--status", "stalled") == [
        "gas-market"
    ]


def test_timeline_filters_repeat(invoke: Invoke, mini: Path):
    args = ("timeline", "--sector", "power", "--sector", "finance", "--json")
    doc = json.loads(invoke("--data", str(mini), *args).stdout)
    assert {e["subject"] for e in doc["events"]} == {"power-market", "tax-code"}


def test_status_of_one_plan_counts_that_plan_alone(invoke: Invoke):
    out = invoke("status", "--plan", "main-directions-2024", "--as-of", "2026-11-01").stdout
    assert " of 31 identified" not in out and " of 28 identified" not in out
    assert "roadmaps-2019" not in out and "union-programs-2021" not in out
    doc = json.loads(
        invoke("status", "--plan", "main-directions-2024", "--as-of", "2026-11-01", "--json").stdout
    )
    assert [p["id"] for p in doc["plans"]] == ["main-directions-2024"]
    assert sum(doc["by_status"].values()) == doc["programs"]
    assert doc["latest_claims"] and {c["subject"] for c in doc["latest_claims"]} == {
        "main-directions-2024"
    }


def test_diff_counts_changes_on_its_first_day(invoke: Invoke, mini: Path):
    doc = json.loads(
        invoke("--data", str(mini), "diff", "2023-01-19", "2023-01-19", "--json").stdout
    )
    assert [c["program"] for c in doc["changes"]] == ["tax-code"]


def test_the_stale_list_in_json_is_ordered_as_on_the_page(invoke: Invoke):
    doc = json.loads(invoke("status", "--as-of", "2026-11-01", "--json").stdout)
    dates = [v["newest_evidence"] for v in doc["stale"]]
    assert len(dates) > 3 and dates == sorted(dates)


def test_check_warns_stale_only_for_open_programs(invoke: Invoke, mini: Path):
    stale = [
        line
        for line in invoke("--data", str(mini), "check").stdout.splitlines()
        if " W501 " in line
    ]
    assert [line.split(" W501 ")[1].split(":")[0] for line in stale] == ["programs.gas-market"]


def test_show_plan_as_of_names_no_source_published_after_the_day(invoke: Invoke):
    # kontur-2023-12-22 was listed among the plan's sources as of 2022-01-01.
    text = invoke("show", "union-programs-2021", "--as-of", DAY)
    assert text.exit_code == 0, text.stderr
    assert "tass-2021-09-10" in text.stdout
    assert "kontur-2023-12-22" not in text.stdout
    doc = json.loads(invoke("show", "union-programs-2021", "--as-of", DAY, "--json").stdout)
    assert doc["plan"]["sources"] == [
        "tass-2021-09-10",
        "kremlin-2021-11-04",
        "belta-2021-11-04",
        "belsat-2021-11-04",
    ]


@pytest.mark.parametrize("plan", ["union-programs-2021", "main-directions-2027"])
def test_a_plan_nothing_was_known_of_on_the_day_is_not_shown(invoke: Invoke, plan: str):
    # As a source published later: main-directions-2027 is first reported in 2025-12.
    result = invoke("show", plan, "--as-of", "2019")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "nothing was known of it on 2019-12-31" in result.stderr


def test_a_plan_before_its_adoption_shows_no_adoption_date(invoke: Invoke):
    # Approved by the Council of Ministers on 2021-09-10, adopted on 2021-11-04.
    result = invoke("show", "union-programs-2021", "--as-of", "2021-10-01")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^adopted +not yet on 2021-10-01$", result.stdout, re.M)
    assert "2021-11-04" not in result.stdout.split("\nnote ")[0]  # the note is the plan's text
    doc = json.loads(
        invoke("show", "union-programs-2021", "--as-of", "2021-10-01", "--json").stdout
    )
    assert doc["plan"]["adopted"] is None


def test_status_as_of_lists_no_plan_first_reported_later(invoke: Invoke):
    doc = json.loads(invoke("status", "--as-of", "2019", "--json").stdout)
    assert [p["id"] for p in doc["plans"]] == ["roadmaps-2019"]


def test_timeline_as_of_lists_no_plan_source_published_after_the_day(invoke: Invoke):
    # The adoption of 2021-11-04 listed kontur-2023-12-22 as of 2023-06.
    doc = json.loads(invoke("timeline", "--as-of", "2023-06", "--json").stdout)
    adopted = next(e for e in doc["events"] if e["subject"] == "union-programs-2021")
    assert adopted["date"] == "2021-11-04"
    assert adopted["sources"] == [
        "tass-2021-09-10",
        "kremlin-2021-11-04",
        "belta-2021-11-04",
        "belsat-2021-11-04",
    ]


def test_timeline_json_states_the_period_it_used(invoke: Invoke):
    # It echoed "2023" and "2023-02", where diff gives the days its period runs between.
    doc = json.loads(invoke("timeline", "--since", "2023", "--until", "2023-02", "--json").stdout)
    assert (doc["since"], doc["until"]) == ("2023-01-01", "2023-02-28")
    doc = json.loads(invoke("timeline", "--as-of", "2022-01-01", "--json").stdout)
    assert (doc["since"], doc["until"], doc["as_of"]) == (None, "2022-01-01", "2022-01-01")
