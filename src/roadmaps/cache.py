"""The parse cache: a registry that passed the check without errors, kept between reading
commands.

Parsing and building 10,000 programs takes about two seconds; reading one back from the
cache takes a third of a second. An entry is used only when it was written by this version
of roadmaps on this version of Python and the file still holds the text it was built from.
In an editable install (the package outside site-packages) the version does not move when
the code does, so the modification times and sizes of the package's own .py files are part
of the writer too: a registry cached before a new check rule is parsed and checked again.

Whether it does is decided as git decides whether a file in its index is clean. Every
entry keeps the SHA-256 digest of the text. It also keeps the file's stat fingerprint
(size, modification and change times in nanoseconds, inode, device), but only when the file
had been left alone for a while when the entry was written: an edit always moves the change
time, which nobody can set back, so a later edit cannot keep the fingerprint unless it falls
in the very clock tick of the one before, which the settling time rules out. When the
fingerprint matches, the entry is used without reading the file; otherwise the text is read
and hashed, and a match with the digest is still a hit (a `touch`, a checkout of the same
content), after which the entry is rewritten with the new fingerprint. Sizes and
modification times alone could stay the same across an edit; hashing every time would load
OpenSSL on every command, a tenth of what `status` may add to Python's start-up.

A missing, stale, unreadable or damaged entry is ignored and rewritten; a cache folder that
cannot be written is no error. Only reading commands use the cache. `check` and every edit
parse the file themselves.

The folder is $ROADMAPS_CACHE, else $XDG_CACHE_HOME/roadmaps, else ~/.cache/roadmaps;
ROADMAPS_CACHE=off turns the cache off. Entries are pickles, and unpickling runs code, so the
folder is created private (0700) and used only while it is a folder of this user that nobody
else can write to, and an entry is read only if it is a regular file of this user that
nobody else can write (design §6); anything else is ignored, never unpickled.
"""

from __future__ import annotations

import functools
import os
import pickle
import stat
import sys
import time
import zlib
from pathlib import Path

from . import __version__
from .errors import RegistryError, Severity, UsageError
from .memory import gc_paused
from .model import Registry
from .reading import read_bytes

CACHE_ENV = "ROADMAPS_CACHE"
# How long a file must have been left alone before its stat fingerprint can stand for its
# text: far above any file system's time granularity (FAT's two seconds included).
SETTLED_NS = 3_000_000_000
_MAGIC = b"roadmaps-cache-2"  # the entry layout; bump when it changes
_UNSETTLED = b"-"
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def code_stamp(package: str) -> bytes:
    """What changes when the code of an editable install changes: a checksum of the names,
    modification times and sizes of the package's .py files (one scandir, a third of a
    millisecond). An installed package (in site-packages or dist-packages) changes its
    version instead, so it gets an empty stamp and pays nothing."""
    parts = set(os.path.normcase(package).split(os.sep))
    if parts & {"site-packages", "dist-packages"}:
        return b""
    try:
        with os.scandir(package) as found:
            files = sorted(
                (e.name, e.stat().st_mtime_ns, e.stat().st_size)
                for e in found
                if e.name.endswith(".py")
            )
    except OSError:
        return b"unknown"
    return f"{zlib.crc32(repr(files).encode()):08x}".encode()


@functools.cache
def _writer() -> list[bytes]:
    """Entries are only read by the roadmaps (and, editable, the code) and the Python that
    wrote them."""
    python = ".".join(map(str, sys.version_info[:2])).encode()
    return [_MAGIC, __version__.encode() + code_stamp(_PACKAGE), python]


def folder() -> Path | None:
    """Where entries live, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "0", "no", "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "roadmaps"


def open_registry(path: Path) -> Registry:
    """The registry at `path`, refused with every error `check` finds in it (RegistryError).

    A registry with errors gets no answer (design §4) and is never cached, so a cached entry
    is always one that passed; warnings never block."""
    where = folder()
    if where is not None and not _private(where, missing_ok=True):
        where = None  # someone else could have written its entries: never unpickle them
    try:
        status = os.stat(path)
    except OSError:
        where = None  # the loader says what is wrong with the file
    else:
        if not stat.S_ISREG(status.st_mode):
            where = None  # a pipe or a device: read once, by the loader, within its bounds
    if where is None:
        return _load(path, None)
    # The entry's name only spreads registries over slots; a shared slot is a miss, never a
    # wrong answer, because validity comes from the header.
    name = f"{zlib.crc32(os.fsencode(os.path.abspath(path))):08x}.pickle"
    entry = where / name
    fingerprint = _fingerprint(status)
    found = _read(entry, fingerprint, path)
    if found is not None:
        return found
    try:
        data = read_bytes(path)
    except UsageError:
        return _load(path, None)
    registry = _load(path, data)
    _write(where, entry, _header(fingerprint, _digest(data)), registry)
    return registry


def _fingerprint(status: os.stat_result) -> bytes:
    """The file's stat fingerprint, or `-` while the file may still be changing."""
    age = time.time_ns() - status.st_ctime_ns
    if age < SETTLED_NS or age <= 0:  # changed lately, or stamped by a clock ahead of ours
        return _UNSETTLED
    fields = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)
    return b":".join(str(f).encode() for f in fields)


def _digest(data: bytes) -> bytes:
    import hashlib  # loads OpenSSL: only when the fingerprint cannot answer

    return hashlib.sha256(data).hexdigest().encode()


def _header(fingerprint: bytes, digest: bytes) -> bytes:
    return b" ".join([*_writer(), fingerprint, digest])


def _load(path: Path, data: bytes | None) -> Registry:
    from .check import check
    from .load import load_path, load_text
    from .paths import display_path

    try:
        text = None if data is None else data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    loaded = load_path(path) if text is None else load_text(text, display_path(path))
    problems = [p for p in check(loaded, wanted=_is_error) if p.severity is Severity.ERROR]
    if problems or loaded.registry is None:
        raise RegistryError(loaded.file, problems)
    return loaded.registry


def _is_error(code: str) -> bool:
    """Only errors block an answer: warnings are never located, so a miss does not pay for them."""
    return code.startswith("E")


def _private(where: Path, missing_ok: bool = False) -> bool:
    """A folder owned by this user and writable by nobody else (design §6): entries are
    pickles, and unpickling runs code, so only a folder nobody else can write into is used."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the profile folder is private
        return True
    try:
        status = os.lstat(where)
    except FileNotFoundError:
        return missing_ok  # created private by the first write
    except OSError:
        return False
    return (
        stat.S_ISDIR(status.st_mode)
        and status.st_uid == os.getuid()
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _own_file(fd: int) -> bool:
    """An entry is read only if it is a regular file of this user that nobody else can change."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    status = os.fstat(fd)
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_uid == os.getuid()
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _read(entry: Path, fingerprint: bytes, path: Path) -> Registry | None:
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        if not _own_file(fd):
            os.close(fd)
            return None
        with open(fd, "rb") as handle:
            *written_by, kept, digest = handle.readline().rstrip(b"\n").split(b" ")
            if written_by != _writer():
                return None
            trusted = fingerprint != _UNSETTLED and kept == fingerprint
            if not trusted and _digest(read_bytes(path)) != digest:
                return None
            with gc_paused():
                registry = pickle.load(handle)
    except Exception:  # a missing, partial or foreign entry is only a miss
        return None
    if not isinstance(registry, Registry):
        return None
    if not trusted and fingerprint != _UNSETTLED:  # a hit by digest on a file now settled
        _write(entry.parent, entry, _header(fingerprint, digest), registry)
    return registry


def _write(where: Path, entry: Path, header: bytes, registry: Registry) -> None:
    import tempfile  # only a miss writes

    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(where):
            return
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
