"""Tables read at any width (issue 12, design §4): every reading command on the shipped
registry, at 60, 80, 100 and 120 columns, piped and on a terminal. Ids, statuses, dates and
numbers are never cut or folded, URLs never split; titles and notes wrap; a table that cannot
fit drops whole columns or turns into one block per record."""

from __future__ import annotations

import re
import tomllib
from functools import cache

import pytest
from typer.testing import CliRunner

from roadmaps.cli import app

from .conftest import SHIPPED

AS_OF = "2026-11-01"
COMMANDS = {
    "status": ["status", "--as-of", AS_OF],
    "status-plan": ["status", "--plan", "union-programs-2021", "--as-of", AS_OF],
    "show-program": ["show", "gas-market", "--as-of", AS_OF],
    "show-sector": ["show", "energy", "--as-of", AS_OF],
    "show-plan": ["show", "union-programs-2021", "--as-of", AS_OF],
    "show-source": ["show", "urdupoint-2021-08-10", "--as-of", AS_OF],
    "show-cited-source": ["show", "tass-2023-01-13", "--as-of", AS_OF],
    "list": ["list", "--as-of", AS_OF],
    "timeline": ["timeline", "--until", AS_OF],
    "sources": ["sources", "--as-of", AS_OF],
    "diff": ["diff", "2021", AS_OF],
}
WIDTHS = [60, 80, 100, 120]
ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
RULE = re.compile(r"^[─█-]+$")  # rules and bars: drawn, not data


def _run(args: list[str], width: int, terminal: bool) -> str:
    env = {"COLUMNS": str(width), "ROADMAPS_DATA": str(SHIPPED)}
    env.update({"TTY_COMPATIBLE": "1", "NO_COLOR": ""} if terminal else {"NO_COLOR": "1"})
    result = CliRunner().invoke(app, args, env=env, color=terminal)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return ESCAPES.sub("", result.stdout)


@cache
def _whole(name: str) -> frozenset[str]:
    """The words of the command's answer when nothing has to fit: none of them is cut."""
    return frozenset(_run(COMMANDS[name], 1000, terminal=False).split())


@cache
def _registry() -> dict[str, dict[str, dict[str, str]]]:
    with SHIPPED.open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_nothing_is_cut_at_any_width(name: str, width: int, terminal: bool):
    out = _run(COMMANDS[name], width, terminal)
    assert "…" not in out
    words = {w for w in out.split() if not RULE.match(w)}
    cut = sorted(words - _whole(name))
    assert cut == [], f"cut or folded at {width}: {cut[:10]}\n{out}"
    for line in out.splitlines():
        # a line may run past the edge only to keep a URL whole
        assert len(line.rstrip()) <= width or "http" in line, line


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize("width", WIDTHS)
def test_ids_are_never_dropped(width: int, terminal: bool):
    programs = set(_registry()["programs"])
    listed = set(_run(COMMANDS["list"], width, terminal).split())
    assert programs <= listed
    sources = set(_registry()["sources"])
    assert sources <= set(_run(COMMANDS["sources"], width, terminal).split())
    shown = _run(COMMANDS["show-plan"], width, terminal).split()
    plan = {k for k, v in _registry()["programs"].items() if v["plan"] == "union-programs-2021"}
    assert plan <= set(shown)


def test_on_a_terminal_source_ids_link_to_their_url():
    env = {"COLUMNS": "100", "ROADMAPS_DATA": str(SHIPPED), "TTY_COMPATIBLE": "1"}
    out = CliRunner().invoke(app, ["show", "gas-market"], env=env, color=True).stdout
    url = "http://en.special.kremlin.ru/events/president/news/67066"
    assert f";{url}\x1b\\kremlin-2021-11-04" in out  # OSC 8: the id links to the URL
    piped = CliRunner().invoke(app, ["show", "gas-market"], env={"COLUMNS": "100"}).stdout
    assert "\x1b" not in piped
