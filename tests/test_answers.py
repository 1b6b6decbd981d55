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
