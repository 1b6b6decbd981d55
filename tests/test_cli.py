"""Each command on the small registry: exact stdout, stderr and exit code, apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, MINI, REPO, Invoke

AS_OF = "2024-06-30"


def test_status_is_the_headline(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "status", "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        result.stdout
        == """\
Test union
as of 2024-06-30 · registry reviewed 2024-06-30 · 5 programs

Programs by status
status       programs
in-progress         1
done                1
stalled             1
disputed            1
abandoned           1

By sector (each row includes its sub-sectors)
sector   total  done  in progress  stalled  disputed  other  bar
energy       4     -            1        1         1      1  =!?.
  gas        3     -            -        1         1      1  !?.
  power      1     -            1        -         -      -  =
finance      1     1            -        -         -      -  #
bar: # done  = in progress  ! stalled  ? disputed  . other (planned, agreed or abandoned)

Plans
plan      adopted     coverage           title
old-plan  -           1 of 3 identified  Road maps of 2019
new-plan  2021-11-04  4 of 4 identified  Union programs of 2021

Latest progress claims
date        subject   claim                      by                           sources
2023-11     new-plan  13 of 28 programs          Gamma, Prime Minister        s-kremlin
2022-09-01  new-plan  90% of measures            Gamma, Prime Minister        s-kremlin
2022-08-24  new-plan  more than 46% of programs  Beta, Deputy Prime Minister  s-tass
2022-08-01  new-plan  about 40% of programs      Embassy of Alpha             s-tass

Stalled (1)
program     status   since       title                              evidence
gas-market  stalled  2022-12-16  Formation of a unified gas market  2022-12-16
                                                                    s-tass

Disputed (1)
program     status    since  title              evidence
gas-prices  disputed  2024   Gas price formula  2024
                                                s-tass

Overdue (1)
program     status   deadline    title                              evidence
gas-market  stalled  2023-12-01  Formation of a unified gas market  2022-12-16
                                                                    s-tass

Stale (1): open programs with no evidence for more than 365 days
program     status   silent since  days
gas-market  stalled  2022-12-16     562

Conflicting claims (1)
subject   dates       claims                                                           gap
new-plan  2022-08-01  Embassy of Alpha: about 40% of programs (s-tass)                 6 points
          2022-08-24  Beta, Deputy Prime Minister: more than 46% of programs (s-tass)
"""
    )


def test_status_as_of_an_earlier_date_answers_from_the_history_then(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "status", "--as-of", "2021-11")
    assert result.exit_code == 0
    assert "as of 2021-11-30 · registry reviewed 2024-06-30 · 4 programs" in result.stdout
    assert [line.split() for line in result.stdout.splitlines()[4:7]] == [
        ["status", "programs"],
        ["agreed", "3"],
        ["abandoned", "1"],
    ]
    assert "Stalled (0)\n  none" in result.stdout


def test_status_of_one_plan(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "status", "--plan", "old-plan", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Test union · plan old-plan\nas of 2024-06-30 · registry reviewed 2024-06-30 · 1 program\n"
    )
    assert "Conflicting claims (0)\n  none" in result.stdout


def test_show_program_prints_its_dated_cited_history(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "show", "gas-market", "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        result.stdout
        == """\
gas-market · Formation of a unified gas market
Союзная программа по формированию объединенного рынка газа

plan      new-plan (Union programs of 2021)
sector    gas (Gas) < energy
status    stalled since 2022-12-16
deadline  2023-12-01 (overdue)
follows   old-gas
flags     overdue, stale (newest evidence 2022-12-16, 562 days before 2024-06-30)

History
date        status   what happened      sources
2021-11-04  agreed                      s-kremlin
2022-12-16  stalled  Deadlines missed.  s-tass

Sources
source     reference
s-kremlin  Kremlin, “Meeting of the Supreme State Council”, 2021-11-04 [en]
           http://en.kremlin.example/67066
s-tass     TASS, “Сроки сорваны”, 2022-12-16 [ru]
           https://tass.example/16611915
"""
    )


def test_show_program_before_its_history_began(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "show", "gas-prices", "--as-of", "2023-06-01")
    assert result.exit_code == 0
    assert "status  not yet recorded on 2023-06-01\n" in result.stdout
    assert "2024" not in result.stdout  # its history begins later: nothing of it is shown


def test_show_sector_includes_its_sub_sectors(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "show", "energy", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
energy · Energy

sub-sectors  gas (Gas)
             power (Power)
programs     4: 1 in-progress, 1 stalled, 1 disputed, 1 abandoned

Programs
program       status          since       sector  title                                 evidence
old-gas       abandoned       2021-11-04  gas     Road map on gas                       2021-11-04
                                                                                        s-kremlin
gas-market    stalled         2022-12-16  gas     Formation of a unified gas market     2022-12-16
              overdue, stale                                                            s-tass
power-market  in-progress     2023-11     power   Formation of a joint electricity      2023-11
                                                  market                                s-belta
gas-prices    disputed        2024        gas     Gas price formula                     2024
                                                                                        s-tass
"""
    )


def test_show_plan_lists_coverage_programs_and_claims(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "show", "new-plan", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout.startswith("""\
new-plan · Union programs of 2021

adopted   2021-11-04
programs  4 of 4 identified
status    1 in-progress, 1 done, 1 stalled, 1 disputed
sources   s-kremlin
""")
    assert (
        """\
Progress claims
date        claim                                             by                           sources
2022-08-01  about 40% of programs                             Embassy of Alpha             s-tass
"""
        in result.stdout
    )


def test_show_source_lists_what_cites_it_and_keeps_markup_as_text(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "show", "s-hostile")
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
s-hostile

title      [bold red]Injected[/] <script>alert(1)</script>
publisher  Example
published  2023-01
language   en
url        https://example.org/hostile

Cited by (1)
record             cited for
programs.tax-code  history 2023-01-19 done
"""
    )


def test_show_unknown_id_names_the_nearest_ids(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "show", "gas-markte")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == "roadmaps: unknown id 'gas-markte'; did you mean gas-market, gas-prices?\n"
    )


def test_list_filters_by_sector_subtree(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "list", "--sector", "gas", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
program     status          since       sector  title                              evidence
old-gas     abandoned       2021-11-04  gas     Road map on gas                    2021-11-04
                                                                                   s-kremlin
gas-market  stalled         2022-12-16  gas     Formation of a unified gas market  2022-12-16
            overdue, stale                                                         s-tass
gas-prices  disputed        2024        gas     Gas price formula                  2024
                                                                                   s-tass
"""
    )


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--status", "stalled"], ["gas-market"]),
        (["--plan", "old-plan"], ["old-gas"]),
        (["--flag", "overdue"], ["gas-market"]),
        (["--sector", "energy", "--status", "in-progress"], ["power-market"]),
    ],
)
def test_list_filters_combine(invoke: Invoke, mini: Path, args: list[str], ids: list[str]):
    result = invoke("--data", str(mini), "list", *args, "--as-of", AS_OF, "--json")
    assert result.exit_code == 0
    assert [p["id"] for p in json.loads(result.stdout)["programs"]] == ids


def test_list_with_no_match_says_so_on_stderr(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "list", "--status", "planned", "--as-of", AS_OF)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no program matches\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--sector", "gaz"], "roadmaps: unknown sector 'gaz'; did you mean gas?\n"),
        (["status", "--plan", "nope"], "roadmaps: unknown plan 'nope'\n"),
        (["timeline", "--plan", "new"], "roadmaps: unknown plan 'new'; did you mean new-plan?\n"),
    ],
)
def test_unknown_filter_ids_are_usage_errors(
    invoke: Invoke, mini: Path, args: list[str], message: str
):
    result = invoke("--data", str(mini), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_a_bad_status_or_date_option_is_a_usage_error(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "list", "--status", "finished")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        "Error: Invalid value for '--status': 'finished' is not a status: use one of planned, "
        "agreed, in-progress, done, stalled, disputed, abandoned.\n"
    ) in result.stderr
    result = invoke("--data", str(mini), "status", "--as-of", "30.06.2024")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "'30.06.2024' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)" in result.stderr


def test_timeline_lists_events_in_date_order(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "timeline", "--since", "2022-12", "--until", "2023")
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
date        subject       event                                          sources
2022-12-16  gas-market    agreed -> stalled: Deadlines missed.           s-tass
2023-01-19  tax-code      agreed -> done                                 s-hostile
2023-11     new-plan      Gamma, Prime Minister: 13 of 28 programs       s-kremlin
2023-11     power-market  agreed -> in-progress: Draft treaty approved.  s-belta
"""
    )


def test_sources_counts_citations_and_finds_the_unused(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "sources", "--unused")
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
source    publisher     published  lang  cited  title
s-unused  Example       2020       en        0  Nobody cites this
"""
    )


# -- JSON ---------------------------------------------------------------------------------


def test_status_json_is_one_document_with_the_same_facts(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "status", "--as-of", AS_OF, "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    doc = json.loads(result.stdout)
    assert doc["format"] == 1
    assert doc["as_of"] == "2024-06-30"
    assert doc["by_status"] == {
        "planned": 0,
        "agreed": 0,
        "in-progress": 1,
        "done": 1,
        "stalled": 1,
        "disputed": 1,
        "abandoned": 1,
    }
    assert [(p["id"], p["identified"], p["size"]) for p in doc["plans"]] == [
        ("old-plan", 1, 3),
        ("new-plan", 4, 4),
    ]
    assert [p["id"] for p in doc["stalled"]] == ["gas-market"]
    assert [p["id"] for p in doc["overdue"]] == ["gas-market"]
    assert [p["id"] for p in doc["stale"]] == ["gas-market"]  # open programs only
    assert doc["conflicting"][0]["gap"] == 6.0
    assert [c["text"] for c in doc["conflicting"][0]["claims"]] == [
        "about 40% of programs",
        "more than 46% of programs",
    ]


def test_show_json_carries_history_with_sources(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "show", "gas-market", "--as-of", AS_OF, "--json")
    doc = json.loads(result.stdout)
    assert doc["kind"] == "program"
    program = doc["program"]
    assert (program["status"], program["since"], program["flags"]) == (
        "stalled",
        "2022-12-16",
        ["overdue", "stale"],
    )
    assert program["history"] == [
        {"date": "2021-11-04", "status": "agreed", "sources": ["s-kremlin"], "note": None},
        {
            "date": "2022-12-16",
            "status": "stalled",
            "sources": ["s-tass"],
            "note": "Deadlines missed.",
        },
    ]


@pytest.mark.parametrize("record", ["energy", "new-plan", "s-tass"])
def test_show_json_for_each_kind(invoke: Invoke, mini: Path, record: str):
    doc = json.loads(invoke("--data", str(mini), "show", record, "--json").stdout)
    assert doc["format"] == 1
    assert doc["kind"] in {"sector", "plan", "source"}


@pytest.mark.parametrize("command", [["timeline"], ["sources"], ["list"]])
def test_every_reading_command_has_json(invoke: Invoke, mini: Path, command: list[str]):
    result = invoke("--data", str(mini), *command, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["format"] == 1


# -- the registry itself ------------------------------------------------------------------


def test_a_registry_with_errors_lists_every_problem_and_exits_1(invoke: Invoke, tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes((DATA / "broken.toml").read_bytes())
    result = invoke("--data", str(bad), "status")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{bad}:85:1: E104 programs.gas-market: status 'finished' is not one of planned, agreed, in-progress, "
        "done, stalled, disputed, abandoned",
        f"{bad}:115:1: E203 programs.power-market: history entry #2 (2023-11): source 's-nope' is not in [sources]",
        f"roadmaps: {bad} has 2 errors; fix them, or run `roadmaps check` for the full report",
    ]


def test_broken_toml_names_the_line(invoke: Invoke, tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\ntitle = "x\n', encoding="utf-8")
    result = invoke("--data", str(bad), "show", "x")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr.splitlines()[0]
        == f"{bad}:2:11: E001 the line ends inside a string: a closing quote is missing"
    )


def test_a_missing_registry_is_a_usage_error(invoke: Invoke, tmp_path: Path):
    result = invoke("--data", str(tmp_path / "none.toml"), "status")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"roadmaps: {tmp_path / 'none.toml'}: no such file\n",
    )


def test_the_registry_comes_from_the_environment(invoke: Invoke, mini: Path):
    result = invoke("show", "tax-code", "--json", env={"ROADMAPS_DATA": str(mini)})
    assert json.loads(result.stdout)["program"]["id"] == "tax-code"


def test_the_registry_is_found_in_a_parent_folder(
    invoke: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "data").mkdir()
    mini.rename(tmp_path / "data" / "roadmaps.toml")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = invoke("show", "tax-code", "--json")
    assert json.loads(result.stdout)["program"]["id"] == "tax-code"


def test_outside_any_repository_the_shipped_registry_answers(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    result = invoke("show", "gas-market", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["program"]["title"] == "Formation of a unified gas market"


def test_version(invoke: Invoke):
    from importlib.metadata import version

    result = invoke("--version")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"roadmaps {version('roadmaps')}\n"


def test_python_dash_m_runs_the_same_cli(tmp_path: Path):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("ROADMAPS_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", "--data", str(MINI), "show", "nothing"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "roadmaps: unknown id 'nothing'\n"


def test_no_arguments_shows_help(invoke: Invoke):
    result = invoke()
    assert result.exit_code == 2
    assert "status" in result.stdout + result.stderr
    assert REPO.exists()


COMMANDS = [
    "status",
    "show",
    "list",
    "timeline",
    "sources",
    "diff",
    "search",
    "export",
    "site",
    "check",
    "schema",
    "fmt",
    "record",
    "add",
    "init",
    "claim",
    "set",
    "rename",
    "remove",
]


def listed_commands(help_text: str) -> list[str]:
    section = help_text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in section.splitlines()]


def test_help_lists_every_command_in_order(invoke: Invoke):
    """Commands are built only when invoked; the help still names all of them."""
    result = invoke("--help")
    assert result.exit_code == 0
    assert listed_commands(result.stdout) == COMMANDS
    assert listed_commands(invoke("add", "--help").stdout) == [
        "sector",
        "plan",
        "program",
        "source",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stauts"], "Error: No such command 'stauts'. Did you mean 'status'?"),
        (["add", "prgram"], "Error: No such command 'prgram'. Did you mean 'program'?"),
    ],
)
def test_a_mistyped_command_gets_the_nearest_name(invoke: Invoke, args: list[str], message: str):
    result = invoke(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == message


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("roadmaps s", ["status", "show", "sources", "search", "site", "schema", "set"]),
        ("roadmaps add s", ["sector", "source"]),
        ("roadmaps ", list(COMMANDS)),
    ],
)
def test_shell_completion_offers_command_names(words: str, expected: list[str]):
    env = {
        **os.environ,
        "_ROADMAPS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    done = subprocess.run(
        [str(Path(sys.executable).with_name("roadmaps"))],  # the console script
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stdout.split(), done.stderr) == (0, expected, "")


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["status", "--as-of", "2023-13"], "--as-of"),
        (["timeline", "--since", "2023", "--until", "x"], "--until"),
        (["diff", "2025-13"], "FROM"),
        (["record", "gas-market", "done", "--date", "x", "--source", "tass-2023-01-13"], "--date"),
    ],
)
def test_a_bad_date_names_the_option_it_was_given_to(
    invoke: Invoke, mini: Path, args: list[str], name: str
):
    # "Invalid value: 'x' is not a date" left the user to guess which of several dates.
    result = invoke("--data", str(mini), *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"Error: Invalid value for '{name}': " in result.stderr


def test_a_source_and_a_plan_agree_on_citing_before_the_adoption(invoke: Invoke, mini: Path):
    # `show new-plan --as-of D` listed s-kremlin among its sources while `show s-kremlin` left
    # the plan out of its citers until the adoption date: one rule now answers both.
    assert invoke("--data", str(mini), "set", "new-plan", "adopted", "2021-12-01").exit_code == 0
    day = ("--as-of", "2021-11-20")
    plan = invoke("--data", str(mini), "show", "new-plan", *day)
    assert "sources   s-kremlin\n" in plan.stdout
    source = invoke("--data", str(mini), "show", "s-kremlin", *day)
    assert "Cited by (5)\n" in source.stdout
    assert "\nplans.new-plan         plan\n" in source.stdout
    listed = json.loads(invoke("--data", str(mini), "sources", *day, "--json").stdout)
    (kremlin,) = [s for s in listed["sources"] if s["id"] == "s-kremlin"]
    assert {"record": "plans.new-plan", "for": "plan"} in kremlin["cited_by"]
    # Before the source was published, neither names it.
    early = ("--as-of", "2021-11-01")
    assert "s-kremlin" not in invoke("--data", str(mini), "show", "new-plan", *early).stdout
