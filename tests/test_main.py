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


def test_under_the_console_script_a_built_registry_is_frozen_and_a_library_callers_is_not():
    # The first collection after a paused build would otherwise scan all its new objects.
    probe = (
        "import gc\n"
        "from pathlib import Path\n"
        "from roadmaps import memory\n"
        "from roadmaps.load import load_path\n"
        "def frozen(loaded):\n"
        "    programs = loaded.registry.programs\n"
        "    return not any(o is programs for o in gc.get_objects())\n"
        f"plain = frozen(load_path(Path({str(MINI)!r})))\n"
        "memory.freeze_after_pauses()\n"
        f"owned = load_path(Path({str(MINI)!r}))\n"
        "print(gc.isenabled(), plain, frozen(owned), bool(owned.registry.programs))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "True False True True\n", "")
