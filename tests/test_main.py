"""The entry point: the collector paused for the imports, frozen after them, on for the command."""

import subprocess
import sys

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
