"""Model -> canonical TOML, and the only code that writes a registry to disk.

Canonical form is what tomli-w writes from a document whose keys follow fields.py: the
`#:schema` line, the top fields, then sectors, plans, programs and sources, records in their
file order, keys in a fixed order. Writing is idempotent, so `roadmaps fmt` of a canonical file
changes no byte.

A save never leaves a half-written file: the text is checked by re-loading it, written to a
temporary file in the same folder, flushed, fsynced, read back and compared, then moved over
the original in one atomic rename, with the original's mode, owner and group. A save never
replaces what it was not meant to (design §6): a symlink is followed and its target replaced,
a device or a pipe is written into, and the registry shipped inside the package is refused.
A lock held for the whole edit (load, change, check, save) serialises concurrent edits; an
edit that must wait says so and gives up after a bounded wait, and the kernel releases the
lock when a process dies, so a killed edit never blocks the next one.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import fields as F
from .errors import RegistryError, RoadmapsError, Severity
from .model import PartialDate, Precision, Registry

if TYPE_CHECKING:  # load is imported lazily: writing must not slow the reading commands' start-up
    from .load import Loaded

SCHEMA_LINE = "#:schema ../schema/roadmaps.schema.json"


class WriteError(RoadmapsError):
    """The file could not be written; it is left exactly as it was."""


class EditRefused(RegistryError):
    """The edited registry would have errors; nothing was written."""

    located = False  # the positions are in the text that was not written


# -- the canonical text ---------------------------------------------------------------------


def to_document(registry: Registry) -> dict[str, Any]:
    return _record(F.REGISTRY, registry)


def _record(spec: F.Record, record: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in spec.fields:
        value = getattr(record, f.name)
        if value is None or value == () or value == {}:
            continue
        out[f.name] = _value(f, value)
    return out


def _value(f: F.Field, value: Any) -> Any:
    if f.kind is F.Kind.DATE:
        assert isinstance(value, PartialDate)
        return value.start if value.precision is Precision.DAY else str(value)
    if f.kind in (F.Kind.STATUS, F.Kind.QUALIFIER):
        return value.value
    if f.kind is F.Kind.IDS:
        return list(value)
    if f.kind is F.Kind.RECORDS:
        assert f.record is not None
        return [_record(f.record, item) for item in value]
    if f.kind is F.Kind.TABLE:
        assert f.record is not None
        return {rid: _record(f.record, item) for rid, item in value.items()}
    return value


def dumps(registry: Registry, schema_line: str | None = SCHEMA_LINE) -> str:
    """The canonical text: what `tomli_w.dumps(to_document(registry))` writes, record by record
    (splice.py; tests/test_splice.py holds the two equal)."""
    from .splice import render

    return render(registry, schema_line)


def schema_line_of(text: str) -> str | None:
    """A registry's own `#:schema` line, or None when it has none: both are kept, since the
    line's path is relative to the file and only its author knows where the schema lies."""
    end = text.find("\n")  # not split: that would copy the whole text after the line
    first = (text if end < 0 else text[:end]).rstrip("\r")
    return first if first.startswith("#:schema ") else None


_FMT_FIXES = frozenset({"E003", "E004"})


def canonical(text: str, file: str) -> str:
    """The canonical form of a registry's text. Refuses a file the loader cannot read whole,
    since records it left out would be lost. A byte-order mark and CRLF line ends (E003, E004)
    are what the canonical form removes, so they are no reason to refuse."""
    from .load import load_text
    from .splice import spans

    loaded = load_text(text, file)
    blocking = [p for p in loaded.problems if p.code not in _FMT_FIXES]
    if blocking or loaded.registry is None:
        raise RegistryError(file, loaded.problems)
    line = schema_line_of(text.removeprefix("\ufeff"))
    if spans(text, loaded.registry, line) is not None:
        # The text is what the registry it loads to renders to: it is its own canonical form,
        # and it has just been loaded back, so there is nothing more to verify.
        return text
    result = dumps(loaded.registry, line)
    _verify(load_text(result, file), loaded.registry, file)
    return result


def _verify(again: Loaded, expected: Registry, file: str) -> None:
    """A written text must load back to the very model it was written from."""
    if again.problems or again.registry != expected:  # pragma: no cover - a writer bug
        raise WriteError(
            f"{file}: refusing to write: the new text does not load back to the same registry"
        )


# -- the safe save --------------------------------------------------------------------------

# How long an edit waits for another edit's lock before it gives up (it says so at once).
LOCK_WAIT_SECONDS = 60.0
_LOCK_POLL_SECONDS = 0.05
# The installed package: the registry shipped inside it is read-only (design §4).
_PACKAGE = Path(__file__).resolve().parent


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def real_target(path: Path) -> Path:
    """The file a write to `path` changes: a symlink is followed, so that the link stays and
    its target is replaced (design §6)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _refuse_package(path: Path, target: Path) -> None:
    try:
        inside = target.resolve().is_relative_to(_PACKAGE)
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        return  # the write itself says so
    if inside:
        raise WriteError(
            f"{path}: the registry shipped inside roadmaps is read-only; start your own with "
            "`roadmaps init`, or choose one with --data"
        )


def _waiting_notice(path: Path) -> None:
    from .visible import visible

    try:
        sys.stderr.write(visible(f"roadmaps: waiting for another edit of {path} to finish\n"))
        sys.stderr.flush()
    except OSError:  # pragma: no cover - stderr gone: keep waiting silently
        pass


def refuse_special(path: Path, hint: str = "") -> None:
    """An edit replaces its file with a new copy, which cannot be done to a device or a pipe
    (`fmt /dev/stdin`): say so, rather than fail later on a lock file beside it in /dev or
    /proc with a reason that makes no sense there."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # absent or unreadable: the read says what is wrong
        return
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return
    raise WriteError(
        f"{path}: is a device or a pipe, not a file; an edit rewrites its file in place, "
        f"which cannot be done to it{hint}; nothing was written"
    )


@contextmanager
def locked(path: Path, on_wait: Callable[[Path], None] = _waiting_notice) -> Iterator[None]:
    """Hold an exclusive lock for the edit of `path` (a separate file: the registry itself is
    replaced by each save, so a lock on it would not outlive the first edit). The lock is the
    real file's, so edits through a symlink and through its target exclude each other. An edit
    that has to wait says so (`on_wait`) and gives up after LOCK_WAIT_SECONDS."""
    target = real_target(path)
    _refuse_package(path, target)  # before the lock file, which would be written beside it
    refuse_special(path)
    try:
        # Never through a symlink: a branch could commit one in the lock's place, and opening
        # it would create whatever file it names (as root, anywhere).
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(_lock_path(target), flags, 0o666)
        handle = open(fd, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        reason = _reason(exc)
        if exc.errno == errno.ENOENT and target.parent.is_dir():  # /proc: no new files there
            reason = f"no new file can be made in {target.parent}"
        raise WriteError(f"{path}: cannot lock for editing ({reason})") from None
    try:
        if not _try_lock(handle.fileno()):
            on_wait(path)
            _wait_for_lock(handle.fileno(), path)
        _remove_leftovers(target)
        yield
    finally:
        handle.close()  # closing releases the lock


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for_lock(fd: int, path: Path) -> None:
    import time

    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            raise WriteError(
                f"{path}: another edit still holds the lock after {LOCK_WAIT_SECONDS:g} s; "
                "gave up, nothing was written"
            )
        time.sleep(_LOCK_POLL_SECONDS)


def _remove_leftovers(path: Path) -> None:
    """Temporary files of edits that were killed mid-save. Only called under the lock, when no
    other edit of this file can be writing one."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        if leftover.is_symlink() or not leftover.is_file():
            continue  # not a file a save made: a folder or a link a branch may hold
        leftover.unlink(missing_ok=True)


def save(path: Path, text: str | bytes) -> None:
    """Replace `path` with `text` atomically, or raise WriteError and leave it untouched.

    A symlink is followed and its target replaced (the link stays); an existing file that is
    not a regular file (a device, a pipe: -o /dev/stdout) is written into, never replaced; a
    regular file keeps its mode, owner and group; the registry shipped inside the package is
    never written."""
    save_stream(path, _slices(text) if isinstance(text, str) else (text,))


def _slices(text: str, size: int = 1 << 20) -> Iterator[str]:
    """A text in slices, each encoded as it is written: a 20 MB registry is never also held
    whole as bytes (the peak of an edit)."""
    for start in range(0, len(text), size):
        yield text[start : start + size]


def _target_of(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file a save of `path` changes (a symlink followed) and its status, None when it
    does not exist yet; a folder, a read-only file and the shipped registry are refused here,
    before anything is written. Shared by `save` and `save_stream`, so every format writes
    by the same rules."""
    target = real_target(path)
    _refuse_package(path, target)
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({_reason(exc)})") from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise WriteError(f"{path}: is a folder; nothing was written")
    if status is not None and stat.S_ISREG(status.st_mode):
        mode = stat.S_IMODE(status.st_mode)
        # A file marked read-only stays so, even for root, whom os.access would let through.
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
            target, os.W_OK
        ):
            raise WriteError(f"{path}: the file is read-only; nothing was written")
    return target, status


def _write_into(path: Path, target: Path, pieces: Iterable[bytes]) -> None:
    """A device or a pipe (-o /dev/stdout, /dev/null): there is nothing to replace atomically,
    and renaming a file over it would destroy it. Write into it instead."""
    try:
        with open(target, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({_reason(exc)})") from None


def _keep_owner(path: Path, tmp: str, status: os.stat_result) -> None:
    """Give the new copy the old file's owner and group (root editing another user's file),
    or refuse rather than silently hand the file to whoever edited it."""
    if not hasattr(os, "chown"):  # pragma: no cover - Windows
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (status.st_uid, status.st_gid):
        return
    try:
        os.chown(tmp, status.st_uid, status.st_gid)
    except PermissionError:
        raise WriteError(
            f"{path}: belongs to another user or group, which this save could not keep; "
            "nothing was written"
        ) from None


def save_folder(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write several files into `folder` whole or not at all (a CSV export).

    A new folder is built beside its place under a temporary name and renamed into it in one
    step. Into an existing folder, every file's place is checked first (by `save`'s rules: a
    folder, a device, a pipe or a read-only file there is refused before anything is written,
    since it would make the export stop halfway, with some files new and some old); then every
    file is written in full under a temporary name beside the file it replaces (a symlink is
    followed, the link kept); only when all are written do they replace the old ones, each
    with the old one's mode, owner and group. A full disk or a missing permission leaves the
    old set as it was."""
    target = real_target(folder)
    _refuse_package(folder, target)
    if target.exists() and not target.is_dir():
        raise WriteError(f"{folder}: is not a folder; nothing was written")
    if not target.exists():
        return _new_folder(folder, target, files)
    _save_all(folder, [(folder / name, target / name, data) for name, data in files.items()])
    return [folder / name for name in files]


def save_all(label: Path, files: list[tuple[Path, bytes]]) -> None:
    """Save several files as one (a database and its metadata): all of them or none.

    Every target is checked first, then every new copy written in full beside its target,
    and only then are they renamed into place, one after the other. POSIX has no rename of
    several files at once: only a crash between two of those renames (not a full disk, a
    missing permission or a folder in the way, which all fail before the first) can leave
    some files new and some old: the files are renamed in the order given. `label` names the
    set in a message."""
    _save_all(label, [(path, path, data) for path, data in files])


def _save_all(label: Path, files: list[tuple[Path, Path, bytes]]) -> None:
    places: list[tuple[Path, Path, os.stat_result | None, bytes]] = []
    for shown, path, data in files:
        final, status = _target_of(path)
        if status is not None and not stat.S_ISREG(status.st_mode):
            raise WriteError(f"{shown}: is not a regular file; nothing was written")
        places.append((shown, final, status, data))
    staged: list[tuple[str, Path]] = []
    replaced = 0
    try:
        for shown, final, status, data in places:
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
            staged.append((tmp, final))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _default_mode() if status is None else stat.S_IMODE(status.st_mode))
            if status is not None:
                _keep_owner(shown, tmp, status)
        for tmp, final in staged:
            os.replace(tmp, final)
            replaced += 1
        staged = []
        for folder in dict.fromkeys(final.parent for _, final, _, _ in places):
            _fsync_folder(folder)
    except OSError as exc:
        done = (
            "nothing was replaced"
            if not replaced
            else f"only {replaced} of {len(places)} files were replaced"
        )
        raise WriteError(f"{label}: cannot write ({_reason(exc)}); {done}") from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def _new_folder(folder: Path, target: Path, files: dict[str, bytes]) -> list[Path]:
    import shutil

    temp: str | None = None
    try:
        temp = tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        for name, data in files.items():
            with open(Path(temp) / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(Path(temp) / name, _default_mode())
        os.chmod(temp, 0o777 & ~_umask())
        os.rename(temp, target)
        temp = None
        _fsync_folder(target.parent)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot write ({_reason(exc)}); nothing was written") from None
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return [folder / name for name in files]


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _default_mode() -> int:
    """What a new file would get: mkstemp's 0600 would hide a new export from other readers."""
    return 0o666 & ~_umask()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - folders cannot be opened on some systems
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno == errno.ENOENT:
        return "no such folder"
    if exc.errno == errno.EBUSY:  # a rename of a mount point or a folder in use
        return "the folder is in use and cannot be replaced (a mount point?)"
    return exc.strerror or str(exc)


# -- an edit, start to finish ---------------------------------------------------------------


class Edited(NamedTuple):
    """What an edit saved: the new registry and its text (to locate warnings in, rather than
    read the file again)."""

    registry: Registry
    text: str


def edit(path: Path, change: Callable[[Registry], Registry]) -> Edited:
    """Load, change, check, save: under the lock, and only if the result has no errors.

    A canonical registry (as every edit and `fmt` leave it) is not written again: the changed
    records' text is spliced into the old text (splice.py), which is byte for byte the full
    render, and only the text that is new in it (the top fields and the changed records) is
    parsed and built again to verify the result (load.load_edited); the check of the errors
    still runs on the whole new registry."""
    from .check import check
    from .load import load_edited, load_path, load_text
    from .paths import display_path
    from .rules import severity_of
    from .splice import spans, splice_parts

    with locked(path):
        loaded = load_path(path)
        if loaded.problems or loaded.registry is None:
            raise RegistryError(loaded.file, loaded.problems)
        before, file, old = loaded.registry, loaded.file, loaded.locator.text
        del loaded  # the old text goes as soon as the new one is made: 20 MB at the peak
        changed = change(before)
        line = schema_line_of(old)
        places = spans(old, before, line)
        if places is None:
            text, fresh = dumps(changed, line), None
        else:
            text, fresh = splice_parts(old, before, changed, places, line)
        del old
        if places is None:
            # One reload serves both the full check of the result and the round trip.
            again = load_text(text, display_path(path))
        else:
            again = load_edited(text, display_path(path), before, changed, fresh)
        errors = check(again, wanted=lambda code: severity_of(code) is Severity.ERROR)
        if errors:
            raise EditRefused(file, errors)
        if again.problems or again.registry != changed:  # pragma: no cover - a writer bug
            raise WriteError(f"{file}: refusing to write: the new text does not load back the same")
        save(path, text)
    return Edited(changed, text)


def first_difference(old: str, new: str) -> int:
    """The 1-based line where two texts first differ."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), start=1):
        if a != b:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1


def save_stream(path: Path, chunks: Iterable[str | bytes]) -> None:
    """`save` for text made piece by piece (a 60 MB HTML page): written as it comes, never
    held whole, checked by a digest read back, then renamed over `path` in one step. The
    same targets as `save`: a symlink is followed and kept, a device or a pipe written into."""
    import hashlib

    target, status = _target_of(path)
    pieces = (c.encode("utf-8") if isinstance(c, str) else c for c in chunks)
    if status is not None and not stat.S_ISREG(status.st_mode):  # a device or a pipe
        _write_into(path, target, pieces)
        return
    mode = None if status is None else stat.S_IMODE(status.st_mode)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                digest.update(piece)
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        again = hashlib.sha256()
        with open(tmp, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                again.update(block)
        if again.digest() != digest.digest():  # pragma: no cover - a failing disk
            raise WriteError(
                f"{path}: the written copy did not read back the same; nothing was replaced"
            )
        os.chmod(tmp, mode if mode is not None else _default_mode())
        if status is not None:
            _keep_owner(path, tmp, status)
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(target.parent)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({_reason(exc)}); the file is unchanged") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
