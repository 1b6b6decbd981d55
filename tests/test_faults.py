"""No traceback reaches a user (design §4): bad arguments, unwritable outputs, a closed pipe, a
full device, exhausted memory, Ctrl-C. These run the real entry point in a process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from roadmaps.paths import display_path

from .conftest import MINI


def roadmaps(
    *args: str | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "roadmaps", *args],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        check=False,
    )


def test_invalid_utf8_in_arguments_is_shown_escaped(tmp_path: Path):
    for args in (
        [b"--data", str(MINI).encode(), b"show", b"gas-\xff"],
        [b"--data", str(MINI).encode(), b"status", b"--as-of", b"\xfe"],
        [b"check", b"\xffno.toml"],
        [b"--data", str(MINI).encode(), b"list", b"--status", b"\xff"],
    ):
        done = roadmaps(*args)
        assert done.returncode == 2, done.stderr
        assert b"Traceback" not in done.stderr
        assert b"\\x" in done.stderr or b"\\udcf" in done.stderr
        done.stderr.decode("utf-8")  # the message itself is valid UTF-8


def test_an_unwritable_step_summary_is_a_warning_and_the_check_still_reports(tmp_path: Path):
    done = roadmaps(
        "check",
        str(MINI),
        "--format",
        "github",
        env={"GITHUB_STEP_SUMMARY": str(tmp_path)},  # a folder: cannot be appended to
    )
    assert done.returncode == 0
    assert done.stdout.startswith(b"::warning file=")  # the annotations are all there
    warning, summary = done.stderr.decode().splitlines()
    assert warning == (
        f"roadmaps: warning: cannot write the step summary to {tmp_path} (Is a directory)"
    )
    assert summary.endswith(" warnings in " + display_path(MINI))


def test_stdout_on_a_full_device_is_one_message_and_exit_1():
    for args in (("status",), ("list", "--json"), ("schema",)):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "roadmaps", "--data", str(MINI), *args],
                stdout=full,
                stderr=subprocess.PIPE,
                check=False,
            )
        assert done.returncode == 1, args
        assert done.stderr == b"roadmaps: cannot write the output (No space left on device)\n"


def test_a_closed_pipe_ends_the_command_quietly():
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", "--data", str(MINI), "timeline"],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        check=False,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert reader.stdin is not None
    reader.stdin.close()
    assert reader.wait(timeout=30) == 0
    assert done.stderr == b""
    assert done.returncode in (0, 1)


PROBE = """
import sys
import roadmaps.query
def fail(*args):
    raise {error}
roadmaps.query.snapshot = fail
sys.argv = ["roadmaps", "--data", {data!r}, "status"]
from roadmaps.__main__ import main
main()
"""


def probe(error: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(error=error, data=str(MINI))],
        capture_output=True,
        check=False,
    )


def test_running_out_of_memory_is_one_message():
    done = probe("MemoryError()")
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        b"",
        b"roadmaps: out of memory: the registry is too large for this machine\n",
    )


def test_ctrl_c_exits_130_quietly():
    done = probe("KeyboardInterrupt()")
    assert done.returncode == 130
    assert b"Traceback" not in done.stderr and done.stderr.strip() == b""


def test_a_real_sigint_while_waiting_exits_130_quietly(tmp_path: Path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    holder = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer that never writes
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "roadmaps", "check", str(fifo)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(1.5)  # started and waiting for the pipe
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        os.close(holder)
    assert proc.returncode == 130
    assert b"Traceback" not in stderr


def test_a_bug_is_one_line_not_a_traceback():
    done = probe("ZeroDivisionError('boom')")
    assert done.returncode == 1
    assert done.stderr == (
        b"roadmaps: internal error (ZeroDivisionError: boom); please report it\n"
    )


def test_an_output_that_cannot_encode_the_registry_still_gets_every_answer():
    """A C locale without UTF-8 coercion, PYTHONIOENCODING=ascii, a legacy console: the
    registry's Cyrillic and dashes cannot be encoded. Piped output (data for scripts) is
    written as UTF-8, so JSON stays the same document; nothing ends in an internal error."""
    from .conftest import SHIPPED

    plain = roadmaps("--data", str(SHIPPED), "list", "--json")
    assert plain.returncode == 0
    for env in ({"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"}):
        for args in (("status",), ("show", "gas-market"), ("search", "gas"), ("schema",)):
            done = roadmaps("--data", str(SHIPPED), *args, env=env)
            assert (done.returncode, done.stderr) == (0, b""), (env, args, done.stderr)
            assert done.stdout == roadmaps("--data", str(SHIPPED), *args).stdout
        done = roadmaps("--data", str(SHIPPED), "list", "--json", env=env)
        assert (done.returncode, done.stdout) == (0, plain.stdout)
        done = roadmaps("--data", str(SHIPPED), "show", "no-such-id\u2013", env=env)
        assert done.returncode == 2 and b"internal error" not in done.stderr


def test_a_step_summary_pipe_nobody_reads_is_a_warning_not_a_hang(tmp_path: Path):
    fifo = tmp_path / "summary"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", "check", str(MINI), "--format", "github"],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": str(fifo)},
        check=False,
        timeout=20,
    )
    assert done.returncode == 0 and done.stdout.startswith(b"::warning file=")
    assert done.stderr.decode().startswith(
        f"roadmaps: warning: cannot write the step summary to {fifo} ("
    )


def test_non_ascii_arguments_in_a_c_locale_are_read_as_utf8(tmp_path: Path):
    """With a C locale and no UTF-8 mode, Python decodes `газ` as escaped bytes, and a search
    found nothing. Text arguments are read again as UTF-8 where their bytes are UTF-8; paths
    still name the same file, and bytes that are not UTF-8 stay shown as escapes."""
    from .conftest import SHIPPED

    c_locale = {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    folder = tmp_path / "газ"
    folder.mkdir()
    registry = folder / "реестр.toml"
    registry.write_bytes(SHIPPED.read_bytes())
    found = roadmaps("--data", str(registry), "search", "газ", env=c_locale)
    assert (found.returncode, found.stderr) == (0, b"")
    assert found.stdout == roadmaps("--data", str(registry), "search", "газ").stdout
    assert b"gas-market" in found.stdout
    out = folder / "выгрузка.json"
    done = roadmaps(
        "--data", str(registry), "export", "--format", "json", "-o", str(out), env=c_locale
    )
    assert (done.returncode, out.exists()) == (0, True), done.stderr
    done = roadmaps("--data", str(registry), "search", os.fsdecode(b"\xffgas"), env=c_locale)
    assert (done.returncode, done.stderr) == (0, b"nothing matches '\\udcffgas'\n")  # as before
