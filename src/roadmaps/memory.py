"""Allocation-heavy phases run with the cyclic garbage collector paused.

Parsing, building, checking and unpickling a large registry allocate millions of objects
and free none of them: the collector would scan them again and again for nothing. Pausing
it saves a fifth of a load and more than half of an unpickle (design.md §7).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_freeze_after = False


def freeze_after_pauses() -> None:
    """Freeze, at the end of each paused phase, the objects it leaves alive.

    Only the console script calls this: a command's process ends soon after its registry is
    built, so the records live as long as it does, like the imports' objects (__main__.py).
    Objects made while the collector is paused still count towards its next collection, so
    the first one after a build of 10,000 programs scanned their million or so new objects
    (a tenth of a second) and moved them on to be scanned again; frozen, they are left out.
    A frozen object is still freed when nothing refers to it; only a reference cycle among
    frozen objects would stay. A library caller (or the test suite) keeps the default: its
    objects stay with the collector."""
    global _freeze_after
    _freeze_after = True


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _freeze_after:
                gc.freeze()
            gc.enable()
