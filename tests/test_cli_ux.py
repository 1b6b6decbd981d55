"""The command line as a new user meets it (issue 12): --data anywhere, completion from the
registry, help without type names and with an example, messages as sentences."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from roadmaps.cli import app

from .conftest import MINI, Invoke


def _commands() -> Iterator[tuple[list[str], Any]]:
    def walk(path: list[str], command: Any) -> Iterator[tuple[list[str], Any]]:
        subs = getattr(command, "commands", None)
        if subs:
            for name in list(subs):
                yield from walk([*path, name], subs[name])
        else:
            yield path, command

    return walk([], typer.main.get_command(app))


COMMANDS = [path for path, _ in _commands()]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_takes_data_after_its_name(path: list[str]):
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert re.search(r"^  --data PATH ", result.stdout, re.MULTILINE), result.stdout


@pytest.mark.parametrize("path", [[], *COMMANDS], ids=lambda p: " ".join(p) or "roadmaps")
def test_help_names_no_internal_types_and_ends_with_an_example(path: list[str]):
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    text = result.stdout
    assert not re.search(r"<[a-z]+(\[[^\]]*\])?>", text), text  # <str>, <list[Path]>, <path>
    assert "{" not in text.split("\n", 1)[0], text  # Usage: ... {ID}
    assert not re.search(r"x[<>]=?\d|\d<=?x", text), text  # Click's [x>=1]
    if path and path != ["add"]:
        paragraphs = [p.strip() for p in text.split("Options:")[0].split("\n\n")]
        examples = [p for p in paragraphs if p.startswith("Example: roadmaps ")]
        assert len(examples) == 1, text


def test_data_after_the_command(invoke: Invoke, mini: Path):
    after = invoke("status", "--data", str(mini), "--as-of", "2024-06-30")
    before = invoke("--data", str(mini), "status", "--as-of", "2024-06-30")
    assert (after.exit_code, after.stderr) == (0, "")
    assert after.stdout == before.stdout and after.stdout.startswith("Test union\n")


def test_data_after_the_command_wins_over_the_variable(invoke: Invoke, mini: Path):
    env = {"ROADMAPS_DATA": "/no/such/registry.toml"}
    assert invoke("show", "gas-market", "--data", str(mini), env=env).exit_code == 0
    assert invoke("show", "tax-code", "--json", env={"ROADMAPS_DATA": str(mini)}).exit_code == 0


def _complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    result = CliRunner().invoke(
        app,
        [],
        prog_name="roadmaps",
        env={
            "_ROADMAPS_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            **(env or {}),
        },
    )
    assert result.exit_code == 0
    return result.stdout.split()


def test_completion_offers_ids_statuses_sectors_and_plans():
    data = f"--data {MINI}"
    assert _complete(f"roadmaps {data} show gas-") == ["gas-market", "gas-prices"]
    assert _complete(f"roadmaps show s-t {data}".replace(f"s-t {data}", "s-t")) == []
    assert _complete(f"roadmaps list {data} --sector ") == ["energy", "gas", "power", "finance"]
    assert _complete(f"roadmaps list {data} --plan n") == ["new-plan"]
    assert _complete(f"roadmaps status {data} --plan o") == ["old-plan"]
    assert _complete(f"roadmaps list {data} --status st") == ["stalled"]
    assert _complete(f"roadmaps timeline {data} --sector p") == ["power"]


def test_completion_uses_the_variable_and_never_fails():
    assert _complete("roadmaps show old", env={"ROADMAPS_DATA": str(MINI)}) == [
        "old-gas",
        "old-plan",
    ]
    assert _complete("roadmaps --data /no/such.toml show g") == []


def test_no_color_bars_keep_their_characters(tmp_path: Path):
    result = CliRunner().invoke(
        app,
        ["--data", str(MINI), "status", "--as-of", "2024-06-30"],
        env={"NO_COLOR": "1", "FORCE_COLOR": "", "TTY_COMPATIBLE": "1", "COLUMNS": "100"},
        color=True,
    )
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert lines["energy"].rstrip().endswith("=!?.")
    assert lines["finance"].rstrip().endswith("#")
    assert "█" not in result.stdout


def test_one_progress_claim_is_singular(invoke: Invoke, mini: Path):
    doc = invoke("--data", str(mini), "diff", "2023-11", "2023-11")
    assert doc.stdout.splitlines()[0] == (
        "From 2023-11-01 to 2023-11-30: 1 status change, 1 progress claim"
    )
    assert json.loads(invoke("--data", str(mini), "diff", "2023-11", "--json").stdout)["claims"]


def test_an_edit_writes_to_the_registry_named_after_the_command(invoke: Invoke, tmp_path: Path):
    from roadmaps.write import canonical

    path = tmp_path / "r.toml"
    path.write_text(canonical(MINI.read_text(encoding="utf-8"), "r.toml"), encoding="utf-8")
    args = ("record", "tax-code", "done", "--date", "2024-02-01", "--source", "s-tass")
    result = invoke(*args, "--data", str(path))
    assert result.exit_code == 0, result.stderr
    assert 'date = 2024-02-01\nstatus = "done"' in path.read_text(encoding="utf-8")


def test_every_edit_command_completes_the_ids_it_takes():
    """Each argument or option that names a record offers the registry's ids of that kind."""
    data = f"--data {MINI}"
    assert _complete(f"roadmaps record {data} gas-") == ["gas-market", "gas-prices"]
    assert _complete(f"roadmaps record {data} gas-market done --source s-k") == ["s-kremlin"]
    assert _complete(f"roadmaps claim {data} n") == ["new-plan"]
    assert _complete(f"roadmaps claim {data} p") == ["power-market"]
    assert _complete(f"roadmaps set {data} s-t") == ["s-tass"]
    assert _complete(f"roadmaps rename {data} fin") == ["finance"]
    assert _complete(f"roadmaps remove {data} s-u") == ["s-unused"]
    assert _complete(f"roadmaps add program {data} x --plan o") == ["old-plan"]
    assert _complete(f"roadmaps add program {data} x --sector p") == ["power"]
    assert _complete(f"roadmaps add program {data} x --follows old") == ["old-gas"]
    assert _complete(f"roadmaps add sector {data} coal --parent e") == ["energy"]
    assert _complete(f"roadmaps add plan {data} p --source s-b") == ["s-belta"]


@pytest.mark.parametrize(
    ("command", "option"),
    [("program", "--deadline"), ("plan", "--adopted"), ("source", "--published")],
)
def test_the_date_options_of_add_say_they_take_a_date(command: str, option: str):
    # `--published PUBLISHED` with no help left the partial dates ("2023-04") unsaid.
    result = CliRunner().invoke(app, ["add", command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert re.search(rf"^  {option} DATE +\S.*YYYY-MM", result.stdout, re.MULTILINE), result.stdout


def test_the_add_group_has_an_example_too():
    result = CliRunner().invoke(app, ["add", "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "\n  Example: roadmaps add sector coal --title 'Coal' --parent energy\n" in result.stdout


@pytest.mark.parametrize(
    ("path", "option", "words"),
    [
        (["add", "plan"], "--size", "a whole number, 1 or more"),
        (["claim"], "--done", "a whole number, 0 or more"),
        (["claim"], "--total", "a whole number, 1 or more"),
    ],
)
def test_a_number_range_is_said_in_words(path: list[str], option: str, words: str):
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())  # the help may wrap the brackets
    assert re.search(rf" {option} [A-Z]+ [^\[]*\[{re.escape(words)}\]", flat), result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "plan", "p", "--size", "0"], "--size must be 1 or more, not 0."),
        (["claim", "new-plan", "--done", "-3"], "--done must be 0 or more, not -3."),
        (["claim", "new-plan", "--total", "0"], "--total must be 1 or more, not 0."),
    ],
)
def test_a_number_out_of_range_is_refused_in_a_sentence(
    invoke: Invoke, mini: Path, args: list[str], message: str
):
    before = mini.read_bytes()
    result = invoke("--data", str(mini), *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(f"\nError: {message}\n"), result.stderr
    assert mini.read_bytes() == before
