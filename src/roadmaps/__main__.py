"""The `roadmaps` console script and `python -m roadmaps`.

A reading command spends most of its life starting: Python, Typer and Rich take about as
long to import as the registry takes to load and print. Two things make that start cheaper,
measured in docs/benchmarks.md. The cyclic garbage collector stays paused while the command
line is imported: the imports allocate tens of thousands of long-lived objects, and every
collection on the way would scan them all again for nothing. Then those objects are frozen
(`gc.freeze`): they live as long as the process, so no later collection, including the ones
Python runs while it shuts down, needs to look at them. The command itself runs with the
collector on, as any other Python code; the loader pauses it where that pays, and what a
paused phase leaves alive (a built registry) is frozen in the same way (memory.py).

This is also the last line of defence of "no traceback reaches a user" (design §4): Ctrl-C
ends quietly with 130, a reader that closed the pipe (`| head -1`) ends it quietly, a full
or failing standard output, an exhausted memory or a bug each get one line on stderr and
exit 1 (cli.run shows Click's own usage messages). ROADMAPS_DEBUG=1 lets a bug's traceback
through, for whoever fixes it.
"""

import gc
import os
import sys
from typing import NoReturn

INTERRUPTED = 130  # as cli.INTERRUPTED: this module must not import cli before main runs


def main() -> NoReturn:
    """Console-script entry point."""
    try:
        code = _run()
        sys.stdout.flush()  # a full device or a closed pipe is found here, not at shutdown
    except KeyboardInterrupt:
        code = INTERRUPTED
    except BrokenPipeError:
        code = 1  # the reader stopped reading: nothing to say, as Click does
    except OSError as exc:  # what no command handled: standard output, nearly always
        where = f"{exc.filename}: " if exc.filename else ""
        what = "cannot write the output" if not where else "input or output failed"
        code = _say(f"{where}{what} ({exc.strerror or exc})")
    except MemoryError:
        code = _say("out of memory: the registry is too large for this machine")
    except RecursionError:
        code = _say("the input is nested too deeply to be read")
    except Exception as exc:
        if os.environ.get("ROADMAPS_DEBUG"):
            raise
        code = _say(f"internal error ({type(exc).__name__}: {exc}); please report it")
    _quiet_stdout()
    sys.exit(code)


def _encodable_output() -> None:
    """Standard output and error that can carry any registry text. Where their encoding is
    not UTF-8 (a C locale without coercion, PYTHONIOENCODING=ascii, a legacy console),
    Cyrillic or a dash would end the command in a UnicodeEncodeError. Piped, the output is
    data for a script or a file: it is written as UTF-8, so JSON stays the same document. On
    a terminal the reader's encoding is kept and what it cannot show becomes an escape."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8"):
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
            else:
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):  # pragma: no cover - not a text file
            pass


def _run() -> int:
    _encodable_output()
    enabled = gc.isenabled()
    gc.disable()
    from roadmaps.cli import run
    from roadmaps.memory import freeze_after_pauses

    gc.freeze()
    freeze_after_pauses()
    if enabled:
        gc.enable()
    return run()


def _say(message: str) -> int:
    from roadmaps.visible import visible

    try:
        sys.stderr.write(visible(f"roadmaps: {message}") + "\n")
        sys.stderr.flush()
    except OSError:
        pass
    return 1


def _quiet_stdout() -> None:
    """After a failed write, point standard output at /dev/null, so that Python's own flush at
    exit finds nothing to complain about."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass


if __name__ == "__main__":
    main()
