"""The `roadmaps` console script and `python -m roadmaps`.

A reading command spends most of its life starting: Python, Typer and Rich take about as
long to import as the registry takes to load and print. Two things make that start cheaper,
measured in docs/benchmarks.md. The cyclic garbage collector stays paused while the command
line is imported: the imports allocate tens of thousands of long-lived objects, and every
collection on the way would scan them all again for nothing. Then those objects are frozen
(`gc.freeze`): they live as long as the process, so no later collection, including the ones
Python runs while it shuts down, needs to look at them. The command itself runs with the
collector on, as any other Python code; the loader pauses it where that pays (memory.py).
"""

import gc


def main() -> None:
    """Console-script entry point."""
    enabled = gc.isenabled()
    gc.disable()
    from roadmaps.cli import app

    gc.freeze()
    if enabled:
        gc.enable()
    app()


if __name__ == "__main__":
    main()
