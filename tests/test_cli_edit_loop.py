"""init, claim, set, rename, remove and search from the command line: exit codes, both
streams, and the file's bytes after every refusal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from roadmaps.schema import json_schema

from .conftest import MINI, Invoke, errors


def refused(invoke: Invoke, path: Path, *args: str) -> tuple[int, str, str]:
    """Run an edit that must change nothing; its exit code and streams."""
    before = path.read_bytes()
    result = invoke("--data", str(path), *args)
    assert path.read_bytes() == before
    return result.exit_code, result.stdout, result.stderr


# -- init ---------------------------------------------------------------------------------


def test_init_writes_a_registry_that_passes_check_and_fmt_at_once(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "--title", "EAEU road maps")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(
        "created data/roadmaps.toml and its schema data/roadmaps.schema.json\n\n"
        "Next steps (each command's -h lists its options):\n"
    )
    # In the order they can run: a plan cites a source, so the source comes first.
    steps = [line.split()[1:3] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert steps[:4] == [["add", "sector"], ["add", "source"], ["add", "plan"], ["add", "program"]]
    assert (tmp_path / "data" / "roadmaps.toml").read_text(encoding="utf-8") == (
        "#:schema roadmaps.schema.json\n"
        "format = 1\n"
        'title = "EAEU road maps"\n'
        f"as_of = {dt.date.today().isoformat()}\n"
        "stale_after_days = 365\n"
    )
    schema = (tmp_path / "data" / "roadmaps.schema.json").read_text(encoding="utf-8")
    assert json.loads(schema) == json_schema()
    assert (invoke("check").exit_code, invoke("check").stderr) == (
        0,
        "no problems in data/roadmaps.toml\n",
    )
    assert invoke("fmt", "--check").exit_code == 0
    # the next steps it prints are commands that exist
    for line in result.stdout.splitlines()[3:]:
        name = line.split()[1]
        assert invoke(name, "--help").exit_code == 0, line


def test_the_status_of_a_new_registry_says_none_under_each_empty_heading(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # A heading over an empty table ("status  programs" and no row) read as a broken page.
    monkeypatch.chdir(tmp_path)
    invoke("init", "--title", "EAEU road maps", "--as-of", "2026-01-01")
    result = invoke("status", "--as-of", "2026-01-01")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(
        "EAEU road maps\n"
        "as of 2026-01-01 · registry reviewed 2026-01-01 · 0 programs\n\n"
        "Programs by status\n  none\n\n"
        "Plans\n  none\n\n"
        "Stalled (0)\n  none\n"
    )


def test_init_refuses_to_overwrite_a_registry_without_force(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    registry = tmp_path / "data" / "roadmaps.toml"
    registry.parent.mkdir()
    registry.write_bytes(b"format = 1\n# mine\n")
    result = invoke("init")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "roadmaps: data/roadmaps.toml already exists; nothing was written "
        "(--force replaces it with an empty registry)\n"
    )
    assert registry.read_bytes() == b"format = 1\n# mine\n"
    assert not (tmp_path / "data" / "roadmaps.schema.json").exists()
    result = invoke("init", "--force", "--as-of", "2026-11-23", "--title", "T")
    assert result.exit_code == 0
    assert registry.read_text(encoding="utf-8").endswith(
        "as_of = 2026-11-23\nstale_after_days = 365\n"
    )


def test_init_refuses_a_title_the_check_would_refuse(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "--title", "")
    assert (result.exit_code, result.stdout) == (1, "")
    assert " E10" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_edit_without_a_registry_says_how_to_start_one(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    result = invoke("add", "sector", "gas", "--title", "Gas")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "roadmaps: no registry to edit here (the copy shipped with roadmaps is read-only): "
        "start one with `roadmaps init`, or choose one with --data PATH\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_edit_finds_the_nearest_registry_above(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    assert invoke("init", "--as-of", "2026-11-23").exit_code == 0
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "notes")
    result = invoke("add", "sector", "gas", "--title", "Gas")
    found = tmp_path.resolve() / "data" / "roadmaps.toml"
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"added sector gas to {found}\n",
        "",
    )
    assert "[sectors.gas]" in found.read_text(encoding="utf-8")


# -- claim --------------------------------------------------------------------------------


def test_claim_adds_a_claim_in_date_order(invoke: Invoke, canon: Path):
    result = invoke(
        "--data",
        str(canon),
        "claim",
        "new-plan",
        "--date",
        "2022-12-16",
        "--by",
        "Delta, Minister",
        "--qualifier",
        "almost",
        "--percent",
        "50",
        "--of",
        "programs",
        "--source",
        "s-tass",
        "--note",
        "At a briefing.",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "added a progress claim to new-plan: 2022-12-16, Delta, Minister: almost 50% of "
        f"programs (s-tass) in {canon}\n"
    )
    text = canon.read_text(encoding="utf-8")
    block = (
        "[[plans.new-plan.progress]]\n"
        "date = 2022-12-16\n"
        'by = "Delta, Minister"\n'
        'qualifier = "almost"\n'
        "percent = 50\n"
        'of = "programs"\n'
        'sources = [\n    "s-tass",\n]\n'
        'note = "At a briefing."\n'
    )
    assert block in text
    assert text.index("date = 2022-09-01") < text.index(block) < text.index('date = "2023-11"')
    assert errors(canon) == []


def test_claim_on_a_program_with_done_and_total(invoke: Invoke, canon: Path):
    result = invoke(
        "--data", str(canon), "claim", "power-market", "--date", "2024-01", "--by", "Epsilon",
        "--done", "3", "--total", "10", "--of", "measures", "--source", "s-belta",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == (
        f"added a progress claim to power-market: 2024-01, Epsilon: 3 of 10 measures (s-belta) in {canon}\n"
    )
    # s-belta (2019-11-13) is older than the claim it is cited for: the one warning introduced
    assert result.stderr == (
        f"{canon}:150:1: W506 programs.power-market: progress claim #1 (2024-01): source "
        "'s-belta' was published 2019-11-13, before the event it reports\n"
    )
    assert '[[programs.power-market.progress]]\ndate = "2024-01"\n' in canon.read_text("utf-8")


def test_claim_reports_the_conflict_it_introduces(invoke: Invoke, canon: Path):
    result = invoke(
        "--data", str(canon), "claim", "new-plan", "--date", "2022-08-10", "--by", "Zeta",
        "--percent", "70", "--of", "programs", "--source", "s-tass",
    )  # fmt: skip
    assert result.exit_code == 0
    # 70% disagrees with both claims of August 2022 on the plan's programs
    first, second = result.stderr.splitlines()
    assert " W503 plans.new-plan: conflicting claims: Embassy of Alpha (2022-08-01)" in first
    assert "Zeta (2022-08-10): 70% of programs; Beta, Deputy Prime Minister" in second


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["new-plan", "--percent", "50", "--done", "1", "--total", "2"],
            2,
            "roadmaps: give --percent, or --done with --total, not both\n",
        ),
        (["new-plan", "--done", "1"], 2, "roadmaps: give --percent N, or --done N with --total N\n"),
        (["new-plan", "--percent", "140"], 2, "roadmaps: --percent must be between 0 and 100, not 140\n"),
        (["new-plan", "--percent", "lots"], 2, "roadmaps: --percent: 'lots' is not a number\n"),
        (
            ["new-plan", "--done", "5", "--total", "4"],
            2,
            "roadmaps: --done 5 is more than --total 4\n",
        ),
        (
            ["new-plna", "--percent", "5"],
            2,
            "roadmaps: unknown plan or program 'new-plna'; did you mean new-plan?\n",
        ),
        (
            ["gas", "--percent", "5"],
            2,
            "roadmaps: 'gas' is a sector; claims are made on plans and programs\n",
        ),
        (
            ["new-plan", "--percent", "5", "--date", "2024-07-01"],
            1,
            "roadmaps: 2024-07-01 is after the registry's as_of (2024-06-30); "
            "pass --bump-as-of to move as_of to that date\n",
        ),
        (
            ["new-plan", "--percent", "40", "--date", "2022-08-01", "--by", "Embassy of Alpha",
             "--of", "programs"],
            1,
            "roadmaps: new-plan already has this claim by Embassy of Alpha of 2022-08-01\n",
        ),
    ],
)  # fmt: skip
def test_refused_claims_leave_the_bytes(invoke: Invoke, canon: Path, args, code, message):
    defaults = {"--date": "2024-01-01", "--by": "Eta", "--source": "s-tass"}
    extra = [x for k, v in defaults.items() if k not in args for x in (k, v)]
    assert refused(invoke, canon, "claim", *args, *extra) == (code, "", message)


# -- set ----------------------------------------------------------------------------------


def test_set_reads_a_partial_date_and_says_what_changed(invoke: Invoke, canon: Path):
    result = invoke("--data", str(canon), "set", "gas-market", "deadline", "2025-06")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"set gas-market deadline to 2025-06 (was 2023-12-01) in {canon}\n"
    assert 'deadline = "2025-06"\n' in canon.read_text(encoding="utf-8")


def test_set_lists_of_ids_numbers_and_text(invoke: Invoke, canon: Path):
    data = ("--data", str(canon))
    result = invoke(*data, "set", "power-market", "follows", "old-gas, gas-market")
    assert (
        result.stdout
        == f"set power-market follows to old-gas, gas-market (it had none) in {canon}\n"
    )
    result = invoke(*data, "set", "old-plan", "size", "31")
    assert result.stdout == f"set old-plan size to 31 (was 3) in {canon}\n"
    result = invoke(*data, "set", "s-unused", "title", "Никто не цитирует")
    assert result.stdout == (
        f'set s-unused title to "Никто не цитирует" (was "Nobody cites this") in {canon}\n'
    )
    text = canon.read_text(encoding="utf-8")
    assert 'follows = [\n    "old-gas",\n    "gas-market",\n]\n' in text
    assert "size = 31\n" in text and 'title = "Никто не цитирует"\n' in text
    assert errors(canon) == []


def test_set_reports_the_warnings_it_introduces(invoke: Invoke, canon: Path):
    result = invoke("--data", str(canon), "set", "s-kremlin", "published", "2019")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines and all(
        " W506 " in line and "'s-kremlin' was published 2019," in line for line in lines
    )
    result = invoke("--data", str(canon), "set", "old-plan", "size", "31")
    assert result.stderr == ""  # the plan was short of its size already: nothing new
    result = invoke("--data", str(canon), "set", "new-plan", "size", "5")
    assert result.stderr == (
        f"{canon}:30:1: W505 plans.new-plan: 4 programs identified, fewer than its size 5\n"
    )


def test_set_the_same_value_changes_nothing(invoke: Invoke, canon: Path):
    assert refused(invoke, canon, "set", "gas-market", "deadline", "2023-12-01") == (
        0,
        "",
        "gas-market already has deadline 2023-12-01; nothing changed\n",
    )
    assert refused(invoke, canon, "set", "gas-market", "--unset", "summary") == (
        0,
        "",
        "gas-market has no summary; nothing changed\n",
    )


def test_unset_clears_an_optional_field(invoke: Invoke, canon: Path):
    result = invoke("--data", str(canon), "set", "gas-market", "--unset", "title_ru")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f'cleared gas-market title_ru (was "Союзная программа по формированию объединенного '
        f'рынка газа") in {canon}\n'
    )
    assert (
        "title_ru" not in canon.read_text(encoding="utf-8").split("[programs.gas-market]")[1][:400]
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["gas-market", "status", "done"],
            2,
            "roadmaps: a status follows the history: use "
            "`roadmaps record gas-market STATUS --date D --source S`\n",
        ),
        (
            ["gas-market", "id", "gas"],
            2,
            "roadmaps: an id is changed with `roadmaps rename gas-market NEW`, which updates "
            "every reference\n",
        ),
        (
            ["new-plan", "progress", "x"],
            2,
            "roadmaps: progress claims are added with `roadmaps claim new-plan --date D --by WHO ...`\n",
        ),
        (
            ["gas-market", "titel", "x"],
            2,
            "roadmaps: a program has no field 'titel'; did you mean title? it has plan, sector, "
            "title, title_ru, deadline, follows, summary, note\n",
        ),
        (["gas-market", "deadline", "31.12.2025"], 2, "roadmaps: deadline: '31.12.2025' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)\n"),
        (["old-plan", "size", "many"], 2, "roadmaps: size is a whole number, not 'many'\n"),
        (["old-plan", "size", "0"], 2, "roadmaps: size must be at least 1, not 0\n"),
        (
            ["gas-market", "plan", "new-plna"],
            2,
            "roadmaps: unknown plan 'new-plna'; did you mean new-plan?\n",
        ),
        (["gas-market", "sector", "s-tass"], 2, "roadmaps: 's-tass' is a source, not a sector\n"),
        # title is required: --unset would be refused too, so the message does not offer it.
        (["gas-market", "title", " "], 2, "roadmaps: title cannot be empty\n"),
        (["gas-market", "summary", " "], 2, "roadmaps: summary cannot be empty; use --unset summary to clear it\n"),
        (["s-tass", "language", "Russian"], 2, 'roadmaps: \'Russian\' is not a language code ("en", "ru", "be")\n'),
        (["s-tass", "url", "javascript:alert(1)"], 2, "roadmaps: 'javascript:alert(1)' is not an http(s) address\n"),
        (["gas-markte", "title", "x"], 2, "roadmaps: unknown id 'gas-markte'; did you mean gas-market, gas-prices?\n"),
        (["gas-market", "--unset", "title"], 2, "roadmaps: title is required on a program; set a new value instead\n"),
        (["gas-market", "title"], 2, "roadmaps: give FIELD and VALUE, or --unset FIELD\n"),
        (["gas-market", "title", "--unset", "note"], 2, "roadmaps: give either FIELD VALUE or --unset FIELD, not both\n"),
    ],
)  # fmt: skip
def test_refused_sets_leave_the_bytes(invoke: Invoke, canon: Path, args, code, message):
    assert refused(invoke, canon, "set", *args) == (code, "", message)


def test_a_set_whose_result_has_errors_is_refused_whole(invoke: Invoke, canon: Path):
    code, out, err = refused(invoke, canon, "set", "energy", "parent", "gas")
    assert (code, out) == (1, "")
    assert " E205 sectors.energy: sector parents form a cycle: energy -> gas -> energy\n" in err
    code, out, err = refused(invoke, canon, "set", "s-tass", "url", "https://belta.example/125778")
    assert (code, out) == (1, "")
    assert " E402 sources.s-tass: url is also the url of 's-belta'" in err
    # A program cannot continue itself: `remove` could then never take it out.
    code, out, err = refused(invoke, canon, "set", "gas-market", "follows", "gas-market")
    assert (code, out) == (1, "")
    assert " E207 programs.gas-market: a program cannot follow itself\n" in err


# -- rename -------------------------------------------------------------------------------


def test_rename_a_source_updates_every_citation_and_back_is_the_identity(
    invoke: Invoke, canon: Path
):
    before = canon.read_bytes()
    result = invoke("--data", str(canon), "rename", "s-tass", "tass-2022-12-16")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"renamed source s-tass to tass-2022-12-16 and 4 references in {canon}\n"
    )
    text = canon.read_text(encoding="utf-8")
    assert '"s-tass"' not in text and "[sources.tass-2022-12-16]" in text
    assert text.count('"tass-2022-12-16"') == 4
    assert errors(canon) == []
    assert invoke("--data", str(canon), "rename", "tass-2022-12-16", "s-tass").exit_code == 0
    assert canon.read_bytes() == before


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ("energy", "power-and-fuel", ['parent = "power-and-fuel"\n', "[sectors.power-and-fuel]"]),
        ("gas", "natural-gas", ['sector = "natural-gas"\n', "[sectors.natural-gas]"]),
        ("new-plan", "union-2021", ['plan = "union-2021"\n', "[[plans.union-2021.progress]]"]),
        ("old-gas", "roadmap-gas", ['follows = [\n    "roadmap-gas",\n]', "[[programs.roadmap-gas.history]]"]),
    ],
)  # fmt: skip
def test_rename_any_id(invoke: Invoke, canon: Path, old: str, new: str, fragments: list[str]):
    before = canon.read_bytes()
    result = invoke("--data", str(canon), "rename", old, new)
    assert (result.exit_code, result.stderr) == (0, "")
    text = canon.read_text(encoding="utf-8")
    assert all(f in text for f in fragments)
    assert f'"{old}"' not in text and f".{old}]" not in text
    assert errors(canon) == []
    invoke("--data", str(canon), "rename", new, old)
    assert canon.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["s-tass", "s-belta"], 1, "roadmaps: 's-belta' already exists in [sources]; ids are unique across the registry\n"),
        (["s-tass", "gas"], 1, "roadmaps: 'gas' already exists in [sectors]; ids are unique across the registry\n"),
        (["s-tass", "S_Tass"], 2, "roadmaps: 'S_Tass' is not an id: use lowercase letters, digits and hyphens (gas-market)\n"),
        (["s-tas", "x"], 2, "roadmaps: unknown id 's-tas'; did you mean s-tass, s-belta?\n"),
    ],
)  # fmt: skip
def test_refused_renames_leave_the_bytes(invoke: Invoke, canon: Path, args, code, message):
    assert refused(invoke, canon, "rename", *args) == (code, "", message)


# -- remove -------------------------------------------------------------------------------


def test_remove_an_unused_source(invoke: Invoke, canon: Path):
    result = invoke("--data", str(canon), "remove", "s-unused")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"removed source s-unused from {canon}\n",
        "",
    )
    assert "s-unused" not in canon.read_text(encoding="utf-8")


def test_remove_a_program_reports_the_warning_it_introduces(invoke: Invoke, canon: Path):
    result = invoke("--data", str(canon), "remove", "gas-prices")
    assert result.exit_code == 0
    assert result.stdout == f"removed program gas-prices with its 1 history entry from {canon}\n"
    assert result.stderr == (
        f"{canon}:30:1: W505 plans.new-plan: 3 programs identified, fewer than its size 4\n"
    )


def test_remove_is_refused_while_anything_refers_to_the_record(invoke: Invoke, canon: Path):
    assert refused(invoke, canon, "remove", "s-tass") == (
        1,
        "",
        "roadmaps: s-tass is still referred to by 4 records:\n"
        "  plans.new-plan (progress 2022-08-01 by Embassy of Alpha)\n"
        "  plans.new-plan (progress 2022-08-24 by Beta, Deputy Prime Minister)\n"
        "  programs.gas-market (history 2022-12-16 stalled)\n"
        "  programs.gas-prices (history 2024 disputed)\n",
    )
    assert refused(invoke, canon, "remove", "energy") == (
        1,
        "",
        "roadmaps: energy is still referred to by 2 records:\n"
        "  sectors.gas (parent)\n"
        "  sectors.power (parent)\n",
    )
    code, _, err = refused(invoke, canon, "remove", "old-gas")
    assert (code, err.splitlines()[1:]) == (1, ["  programs.gas-market (follows)"])
    assert refused(invoke, canon, "remove", "gas-markt") == (
        2,
        "",
        "roadmaps: unknown id 'gas-markt'; did you mean gas-market?\n",
    )


# -- search -------------------------------------------------------------------------------


def test_search_finds_cyrillic_words_in_any_case(invoke: Invoke):
    result = invoke("--data", str(MINI), "search", "ГАЗА")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "programs (1)\n"
        "gas-market · Formation of a unified gas market\n"
        "  title_ru: Союзная программа по формированию объединенного рынка **газа**\n"
    )


def test_search_groups_by_kind_and_marks_every_matching_word(invoke: Invoke):
    result = invoke("--data", str(MINI), "search", "gas")
    assert result.exit_code == 0
    assert result.stdout == (
        "sectors (1)\n"
        "**gas** · **Gas**\n"
        "\n"
        "programs (3)\n"
        "**old-gas** · Road map on **gas**\n"
        "  history 2021-11-04: Superseded by the **gas-market** program.\n"
        "**gas-market** · Formation of a unified **gas** market\n"
        "**gas-prices** · **Gas** price formula\n"
        "\n"
        "sources (1)\n"
        "s-belta · Oil and **gas** road maps not agreed yet\n"
    )


def test_search_needs_every_word_and_ignores_accents_and_yo(invoke: Invoke, canon: Path):
    data = ("--data", str(canon))
    invoke(*data, "set", "s-unused", "note", "Quoted Lukašenka on the Ёлка market.")
    result = invoke(*data, "search", "lukasenka елка")
    assert result.stdout == (
        "sources (1)\n"
        "s-unused · Nobody cites this\n"
        "  note: Quoted **Lukašenka** on the **Ёлка** market.\n"
    )
    result = invoke(*data, "search", "lukasenka", "tass")  # both words, in one record
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "nothing matches 'lukasenka tass'\n",
    )


def test_search_json(invoke: Invoke):
    result = invoke("--data", str(MINI), "search", "сроки", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "format": 1,
        "query": "сроки",
        "count": 1,
        "results": {
            "sectors": [],
            "plans": [],
            "programs": [],
            "sources": [
                {
                    "id": "s-tass",
                    "title": "Сроки сорваны",
                    "matches": [{"field": "title", "text": "Сроки сорваны", "spans": [[0, 5]]}],
                }
            ],
            "claims": [],
        },
    }


def test_search_shows_claims_by_subject_date_speaker_and_figure(invoke: Invoke):
    result = invoke("--data", str(MINI), "search", "beta")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "claims (1)\nnew-plan · 2022-08-24 · **Beta**, Deputy Prime Minister · more than 46% of "
        "programs\n"
    )
    result = invoke("--data", str(MINI), "search", "beta", "--json")
    assert json.loads(result.stdout)["results"]["claims"] == [
        {
            "subject": "new-plan",
            "date": "2022-08-24",
            "by": "Beta, Deputy Prime Minister",
            "figure": "more than 46% of programs",
            "matches": [{"field": "by", "text": "Beta, Deputy Prime Minister", "spans": [[0, 4]]}],
        }
    ]


def test_search_without_a_match(invoke: Invoke):
    result = invoke("--data", str(MINI), "search", "zzz")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "nothing matches 'zzz'\n")


def test_search_without_a_word_is_a_usage_error(invoke: Invoke):
    # `search ""` answered "nothing matches ''" and exit 0, as if it had looked.
    for text in ["", "  "]:
        result = invoke("--data", str(MINI), "search", text)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == "roadmaps: search needs at least one word\n"


# -- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["init", "claim", "set", "rename", "remove", "search"])
def test_every_new_command_ends_its_help_with_an_example(invoke: Invoke, name: str):
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert f"Example: roadmaps {name} " in result.stdout


def test_init_where_no_folder_can_be_made_is_an_error_not_a_traceback(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "data").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("roadmaps: data: cannot create (")
    assert (tmp_path / "data").read_text(encoding="utf-8") == "a file where the folder should be"
