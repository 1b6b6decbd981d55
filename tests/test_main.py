"""The entry point: the collector paused for the imports, frozen after them, on for the command."""

import os
import subprocess
import sys

from roadmaps import __version__

from .conftest import MINI


def test_the_command_runs_with_the_collector_on_and_the_imports_frozen():
    probe = (
        "import gc, sys\n"
        "from roadmaps.__main__ import main\n"
        "import roadmaps.query\n"
        "seen, snapshot = [], roadmaps.query.snapshot\n"
        "def watched(*args):\n"
        "    seen.append((gc.isenabled(), gc.get_freeze_count() > 10_000))\n"
        "    return snapshot(*args)\n"
        "roadmaps.query.snapshot = watched\n"
        f"sys.argv = ['roadmaps', '--data', {str(MINI)!r}, 'status']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print(seen, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "[(True, True)]\n")


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"roadmaps {__version__}\n", "")
