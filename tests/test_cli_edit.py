"""fmt, record and add from the command line: never a lost or half-written registry."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roadmaps.load import load_path

from .conftest import DATA, Invoke, errors

# An edit that is valid on the canonical small registry.
RECORD_TAX_CODE_DONE = ("record", "tax-code", "done", "--date", "2024-02-01", "--source", "s-tass")


# -- fmt ----------------------------------------------------------------------------------


def test_fmt_check_names_the_first_difference_and_changes_nothing(invoke: Invoke, mini: Path):
    before = mini.read_bytes()
    result = invoke("fmt", str(mini), "--check")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{mini}:23: not in canonical form; run `roadmaps fmt`\n"
    assert mini.read_bytes() == before


def test_fmt_diff_prints_a_unified_diff_and_changes_nothing(invoke: Invoke, mini: Path):
    before = mini.read_bytes()
    result = invoke("fmt", str(mini), "--diff")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- {mini}\n+++ {mini}\n@@ -20,13 +20,17 @@\n")
    assert "#:schema" not in result.stdout  # a registry without the line keeps its absence
    assert mini.read_bytes() == before


def test_fmt_rewrites_then_changes_no_byte(invoke: Invoke, mini: Path):
    result = invoke("fmt", str(mini))
    assert (result.exit_code, result.stdout) == (0, f"reformatted {mini}\n")
    once = mini.read_bytes()
    result = invoke("fmt", str(mini))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        f"{mini} is already canonical\n",
    )
    assert mini.read_bytes() == once
    assert invoke("fmt", str(mini), "--check").exit_code == 0


def test_fmt_takes_several_files_as_pre_commit_passes_them(invoke: Invoke, mini: Path, canon: Path):
    before = mini.read_bytes()
    result = invoke("fmt", "--check", str(canon), str(mini))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{canon} is already canonical\n{mini}:23: not in canonical form; run `roadmaps fmt`\n"
    )
    assert mini.read_bytes() == before
    result = invoke("fmt", str(mini), str(canon))
    assert (result.exit_code, result.stdout) == (0, f"reformatted {mini}\n")
    assert mini.read_bytes() == canon.read_bytes()
    assert invoke("fmt", "--check", str(mini), str(canon)).exit_code == 0


def test_fmt_of_several_files_formats_the_others_when_one_is_broken(
    invoke: Invoke, tmp_path: Path, mini: Path
):
    """pre-commit hands every changed registry to one run: a broken one is reported (exit 1,
    left as it was) and the others are still formatted."""
    broken = tmp_path / "broken.toml"
    broken.write_bytes((DATA / "invalid" / "unterminated-string.toml").read_bytes())
    before = broken.read_bytes()
    result = invoke("fmt", str(broken), str(mini))
    assert (result.exit_code, result.stdout) == (1, f"reformatted {mini}\n")
    assert f"{broken}:" in result.stderr and " E001 " in result.stderr
    assert broken.read_bytes() == before
    assert invoke("fmt", "--check", str(mini)).exit_code == 0


@pytest.mark.parametrize("name", ["unterminated-string", "duplicate-table"])
def test_fmt_refuses_toml_syntax_errors(invoke: Invoke, tmp_path: Path, name: str):
    path = tmp_path / "r.toml"
    path.write_bytes((DATA / "invalid" / f"{name}.toml").read_bytes())
    before = path.read_bytes()
    result = invoke("fmt", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert " E001 " in result.stderr
    assert path.read_bytes() == before


def test_fmt_refuses_a_file_whose_records_it_would_drop(invoke: Invoke, tmp_path: Path):
    path = tmp_path / "r.toml"
    path.write_bytes((DATA / "broken.toml").read_bytes())
    before = path.read_bytes()
    result = invoke("fmt", str(path))
    assert result.exit_code == 1
    assert path.read_bytes() == before


# -- record -------------------------------------------------------------------------------


def test_record_appends_and_reports(invoke: Invoke, canon: Path):
    result = invoke(
        "--data",
        str(canon),
        "record",
        "gas-market",
        "in-progress",
        "--date",
        "2024-03-01",
        "--source",
        "s-tass",
        "--source",
        "s-kremlin",
        "--note",
        "Talks resumed.",
    )
    # Both sources appeared before the event they are cited for: the edit lands, and says so.
    assert (result.exit_code, result.stderr) == (
        0,
        "".join(
            f"{canon}:125:1: W506 programs.gas-market: history entry #3 (2024-03-01): source "
            f"'{sid}' was published {day}, before the event it reports\n"
            for sid, day in (("s-tass", "2022-12-16"), ("s-kremlin", "2021-11-04"))
        ),
    )
    assert result.stdout == (
        f"recorded gas-market: in-progress on 2024-03-01 (s-tass, s-kremlin); "
        f"status is now in-progress in {canon}\n"
    )
    text = canon.read_text(encoding="utf-8")
    assert (
        """\
[[programs.gas-market.history]]
date = 2024-03-01
status = "in-progress"
sources = [
    "s-tass",
    "s-kremlin",
]
note = "Talks resumed."
"""
        in text
    )
    assert (
        'title_ru = "Союзная программа по формированию объединенного рынка газа"\nstatus = "in-progress"'
        in text
    )
    assert errors(canon) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["gas-markte", "done", "--date", "2024-01-01", "--source", "s-tass"],
            2,
            "roadmaps: unknown program 'gas-markte'; did you mean gas-market, gas-prices?\n",
        ),
        (
            ["gas-market", "done", "--date", "2024-01-01", "--source", "s-tas"],
            2,
            "roadmaps: unknown source 's-tas'; did you mean s-tass, s-belta?\n",
        ),
        (
            ["gas-market", "stalled", "--date", "2022-12-16", "--source", "s-tass"],
            1,
            "roadmaps: gas-market already has an entry of 2022-12-16 with status stalled\n",
        ),
        (["gas-market", "done", "--date", "2099-01-01", "--source", "s-tass"], 1, None),
    ],
)
def test_refused_records_leave_the_bytes_unchanged(
    invoke: Invoke, canon: Path, args, code, message
):
    before = canon.read_bytes()
    result = invoke("--data", str(canon), "record", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    if message is not None:
        assert result.stderr == message
    assert canon.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (
            ["gas-market", "finished", "--date", "2024-01-01", "--source", "s-tass"],
            "'finished' is not a status: use one of planned,",
        ),
        (
            ["gas-market", "done", "--date", "01.01.2024", "--source", "s-tass"],
            "'01.01.2024' is not a date",
        ),
        (["gas-market", "done", "--date", "2024-01-01"], "Missing option '--source'"),
    ],
)
def test_bad_arguments_are_usage_errors_and_change_nothing(
    invoke: Invoke, canon: Path, args, fragment
):
    before = canon.read_bytes()
    result = invoke("--data", str(canon), "record", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert fragment in result.stderr
    assert canon.read_bytes() == before


def test_an_edit_is_refused_when_the_result_would_have_errors(invoke: Invoke, canon: Path):
    canon.write_text(
        canon.read_text(encoding="utf-8").replace('status = "disputed"\n\n', 'status = "done"\n\n'),
        encoding="utf-8",
    )
    before = canon.read_bytes()
    result = invoke("--data", str(canon), *RECORD_TAX_CODE_DONE)
    assert (result.exit_code, result.stdout) == (1, "")
    # The problem is named by file and record, never by a line of the text not written.
    assert result.stderr.splitlines() == [
        f'{canon}: E302 programs.gas-prices: status "done" differs from its latest history '
        'entry "disputed" (2024)',
        "roadmaps: refused: the edit would leave 1 error; nothing was written",
    ]
    assert canon.read_bytes() == before


def test_a_read_only_registry_is_not_touched(invoke: Invoke, canon: Path):
    canon.chmod(0o444)
    before = canon.read_bytes()
    result = invoke("--data", str(canon), *RECORD_TAX_CODE_DONE)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"roadmaps: {canon}: the file is read-only; nothing was written\n"
    assert canon.read_bytes() == before


# -- add ----------------------------------------------------------------------------------


def test_add_each_kind(invoke: Invoke, canon: Path):
    data = ["--data", str(canon)]
    assert (
        invoke(*data, "add", "sector", "oil", "--title", "Oil", "--parent", "energy").stdout
        == f"added sector oil to {canon}\n"
    )
    assert (
        invoke(
            *data,
            "add",
            "plan",
            "plan-2027",
            "--title",
            "Main Directions 2027–2029",
            "--size",
            "3",
            "--source",
            "s-tass",
        ).exit_code
        == 0
    )
    result = invoke(
        *data,
        "add",
        "source",
        "--title",
        "Нефтяной рынок",
        "--publisher",
        "TASS",
        "--language",
        "ru",
        "--published",
        "2024-05-02",
        "--url",
        "https://tass.example/1",
    )
    assert (result.exit_code, result.stdout) == (0, f"added source tass-2024-05-02 to {canon}\n")
    result = invoke(
        *data,
        "add",
        "program",
        "oil-market",
        "--plan",
        "plan-2027",
        "--sector",
        "oil",
        "--title",
        "Oil market",
        "--status",
        "agreed",
        "--date",
        "2024-05-02",
        "--source",
        "tass-2024-05-02",
        "--deadline",
        "2027",
        "--follows",
        "old-gas",
        "--history-note",
        "Protocol signed.",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert errors(canon) == []
    shown = invoke(*data, "show", "oil-market", "--json", "--as-of", "2024-06-30").stdout
    assert '"deadline": "2027"' in shown and '"note": "Protocol signed."' in shown


def test_add_refuses_an_existing_id_and_leaves_the_bytes(invoke: Invoke, canon: Path):
    before = canon.read_bytes()
    result = invoke("--data", str(canon), "add", "sector", "gas", "--title", "Gas again")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr
        == "roadmaps: 'gas' already exists in [sectors]; ids are unique across the registry\n"
    )
    assert canon.read_bytes() == before


def test_add_source_needs_its_fields(invoke: Invoke, canon: Path):
    result = invoke("--data", str(canon), "add", "source", "--title", "T")
    assert (result.exit_code, result.stderr) == (
        2,
        "roadmaps: add source needs --publisher and --language\n",
    )
    result = invoke("--data", str(canon), "add", "source", "--url", "https://example.org/a")
    assert result.stderr == "roadmaps: add source needs --title, --publisher and --language\n"


# -- processes ----------------------------------------------------------------------------


def run_roadmaps(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("ROADMAPS_DATA", None)
    return subprocess.Popen(
        [sys.executable, "-m", "roadmaps", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_twenty_concurrent_records_all_land(canon: Path):
    procs = [
        run_roadmaps(
            "--data",
            str(canon),
            "record",
            "power-market",
            "in-progress",
            "--date",
            f"2024-01-{day:02d}",
            "--source",
            "s-belta",
        )
        for day in range(1, 21)
    ]
    outcomes = [(p.communicate(timeout=120)[1], p.returncode) for p in procs]
    waiting = f"roadmaps: waiting for another edit of {canon} to finish\n"
    assert [code for _, code in outcomes] == [0] * 20
    # Each cites a source of 2019 for an event of 2024: the one warning each edit introduces;
    # those that waited for the lock said so first.
    for stderr, _ in outcomes:
        rest = stderr.removeprefix(waiting)
        assert rest.count("\n") == 1 and " W506 programs.power-market: " in rest, stderr
    history = load_path(canon).registry.programs["power-market"].history  # type: ignore[union-attr]
    assert [str(e.date) for e in history][2:] == [f"2024-01-{day:02d}" for day in range(1, 21)]
    assert errors(canon) == []


EDITOR = """
import datetime as dt, sys
from pathlib import Path
from roadmaps import edit as E
from roadmaps.model import PartialDate, Status
from roadmaps.write import edit
path, start = Path(sys.argv[1]), int(sys.argv[2])
for i in range(start, start + 400):
    day = PartialDate.of(dt.date(2000, 1, 1) + dt.timedelta(days=i))
    status = (Status.IN_PROGRESS, Status.STALLED)[i % 2]
    edit(path, lambda r: E.record(r, "power-market", status, day, ["s-belta"], today=dt.date(2026, 11, 23)))
"""


def test_a_process_killed_mid_edit_leaves_a_whole_valid_file(canon: Path, invoke: Invoke):
    rng = random.Random(20261123)
    env = {**os.environ}
    for attempt in range(10):
        proc = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(canon), str(attempt * 400)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.25, 0.9))
        proc.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, stderr
        assert errors(canon) == [], f"attempt {attempt}"
    result = invoke(
        "--data",
        str(canon),
        "record",
        "tax-code",
        "stalled",
        "--date",
        "2024-06-01",
        "--source",
        "s-tass",
    )
    assert result.exit_code == 0, result.stderr
    assert errors(canon) == []
    assert sorted(p.name for p in canon.parent.iterdir()) == [".r.toml.lock", "r.toml"]
