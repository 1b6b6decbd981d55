"""Allocation-heavy phases run with the cyclic garbage collector paused.

Parsing, building, checking and unpickling a large registry allocate millions of objects
and free none of them: the collector would scan them again and again for nothing. Pausing
it saves a fifth of a load and more than half of an unpickle (design.md §7).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
