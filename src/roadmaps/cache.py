"""The parse cache: a registry that passed the structural check, kept between reading commands.

Parsing and building 10,000 programs takes about two seconds; reading one back from the
cache takes a third of a second. An entry is found by the registry's absolute path and used
only when the file's size and SHA-256 digest both equal those of the text it was built from,
and it was written by this version of roadmaps on this version of Python. An entry that is
missing, stale, unreadable or damaged is ignored and rewritten; a cache folder that cannot be
written is no error. The digest is the whole key that matters: sizes and modification times
can stay the same across an edit, a 20 MB file hashes in 15 ms.

Only reading commands use it. `check` and every edit parse the file themselves.

The folder is $ROADMAPS_CACHE, else $XDG_CACHE_HOME/roadmaps, else ~/.cache/roadmaps;
ROADMAPS_CACHE=off turns the cache off. Entries are pickles: the folder is created private
(0700), and roadmaps reads only entries it wrote there.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from . import __version__
from .errors import RegistryError, Severity
from .memory import gc_paused
from .model import Registry

CACHE_ENV = "ROADMAPS_CACHE"
_MAGIC = b"roadmaps-cache"


def folder() -> Path | None:
    """Where entries live, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "0", "no", "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "roadmaps"


def open_registry(path: Path) -> Registry:
    """The registry at `path`, refused with every structural error it has (RegistryError)."""
    where = folder()
    try:
        data = path.read_bytes()
    except OSError:
        where = None  # the loader says what is wrong with the file
    if where is None:
        return _load(path, None)
    header = _header(data)
    entry = where / (hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32] + ".pickle")
    found = _read(entry, header)
    if found is not None:
        return found
    registry = _load(path, data)
    _write(where, entry, header, registry)
    return registry


def _load(path: Path, data: bytes | None) -> Registry:
    from .check import structural
    from .load import load_path, load_text
    from .paths import display_path

    try:
        text = None if data is None else data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    loaded = load_path(path) if text is None else load_text(text, display_path(path))
    problems = [p for p in structural(loaded) if p.severity is Severity.ERROR]
    if problems or loaded.registry is None:
        raise RegistryError(loaded.file, problems)
    return loaded.registry


def _header(data: bytes) -> bytes:
    python = ".".join(map(str, sys.version_info[:2]))
    digest = hashlib.sha256(data).hexdigest()
    return b" ".join(
        [_MAGIC, __version__.encode(), python.encode(), str(len(data)).encode(), digest.encode()]
    )


def _read(entry: Path, header: bytes) -> Registry | None:
    try:
        with open(entry, "rb") as handle:
            if handle.readline().rstrip(b"\n") != header:
                return None
            with gc_paused():
                registry = pickle.load(handle)
    except Exception:  # a missing, partial or foreign entry is only a miss
        return None
    return registry if isinstance(registry, Registry) else None


def _write(where: Path, entry: Path, header: bytes, registry: Registry) -> None:
    import tempfile  # only a miss writes

    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + b"\n")
                pickle.dump(registry, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, entry)
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # an optimisation that cannot be written is simply not made
