"""Model -> canonical TOML, and the only code that writes a registry to disk.

Canonical form is what tomli-w writes from a document whose keys follow fields.py: the
`#:schema` line, the top fields, then sectors, plans, programs and sources, records in their
file order, keys in a fixed order. Writing is idempotent, so `roadmaps fmt` of a canonical file
changes no byte.

A save never leaves a half-written file: the text is checked by re-loading it, written to a
temporary file in the same folder, flushed, fsynced, read back and compared, then moved over
the original in one atomic rename, with the original's permissions. A lock held for the whole
edit (load, change, check, save) serialises concurrent edits, and the kernel releases it when
a process dies, so a killed edit never blocks the next one.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def dumps(registry: Registry, schema_line: str = SCHEMA_LINE) -> str:
    """The canonical text: what `tomli_w.dumps(to_document(registry))` writes, record by record
    (splice.py; tests/test_splice.py holds the two equal)."""
    from .splice import render

    return render(registry, schema_line)


def schema_line_of(text: str) -> str:
    """Keep a registry's own `#:schema` line (its path is relative to the file)."""
    first = text.split("\n", 1)[0].rstrip("\r")
    return first if first.startswith("#:schema ") else SCHEMA_LINE


def canonical(text: str, file: str) -> str:
    """The canonical form of a registry's text. Refuses a file the loader cannot read whole,
    since records it left out would be lost."""
    from .load import load_text
    from .splice import spans

    loaded = load_text(text, file)
    if loaded.problems or loaded.registry is None:
        raise RegistryError(file, loaded.problems)
    line = schema_line_of(text)
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


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for the edit of `path` (a separate file: the registry itself is
    replaced by each save, so a lock on it would not outlive the first edit)."""
    try:
        handle = open(_lock_path(path), "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise WriteError(f"{path}: cannot lock for editing ({_reason(exc)})") from None
    try:
        _lock(handle.fileno())
        _remove_leftovers(path)
        yield
    finally:
        handle.close()  # closing releases the lock


def _lock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def _remove_leftovers(path: Path) -> None:
    """Temporary files of edits that were killed mid-save. Only called under the lock, when no
    other edit of this file can be writing one."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def save(path: Path, text: str) -> None:
    """Replace `path` with `text` atomically, or raise WriteError and leave it untouched."""
    data = text.encode("utf-8")
    mode = None
    if path.exists() and not path.is_file():
        # A device or a pipe (-o /dev/stdout, /dev/null): there is nothing to replace atomically,
        # and renaming a file over it would destroy it. Write into it instead.
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise WriteError(f"{path}: cannot write ({_reason(exc)})") from None
        return
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        # A file marked read-only stays so, even for root, whom os.access would let through.
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
            raise WriteError(f"{path}: the file is read-only; nothing was written")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if Path(tmp).read_bytes() != data:  # pragma: no cover - a failing disk
            raise WriteError(
                f"{path}: the written copy did not read back the same; nothing was replaced"
            )
        os.chmod(tmp, mode if mode is not None else _default_mode())
        os.replace(tmp, path)
        tmp = None
        _fsync_folder(path.parent)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({_reason(exc)}); the file is unchanged") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _default_mode() -> int:
    """What a new file would get: mkstemp's 0600 would hide a new export from other readers."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


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
    return exc.strerror or str(exc)


# -- an edit, start to finish ---------------------------------------------------------------


def edit(path: Path, change: Callable[[Registry], Registry]) -> Registry:
    """Load, change, check, save: under the lock, and only if the result has no errors.

    A canonical registry (as every edit and `fmt` leave it) is not written again: the changed
    records' text is spliced into the old text (splice.py), which is byte for byte the full
    render, and only the changed records are built again from the one parse that verifies the
    result (load.load_edited)."""
    from .check import check
    from .load import load_edited, load_path, load_text
    from .paths import display_path
    from .rules import severity_of
    from .splice import spans, splice

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
            text = dumps(changed, line)
        else:
            text = splice(old, before, changed, places, line)
        del old
        if places is None:
            # One reload serves both the full check of the result and the round trip.
            again = load_text(text, display_path(path))
        else:
            again = load_edited(text, display_path(path), before, changed)
        errors = check(again, wanted=lambda code: severity_of(code) is Severity.ERROR)
        if errors:
            raise EditRefused(file, errors)
        if again.problems or again.registry != changed:  # pragma: no cover - a writer bug
            raise WriteError(f"{file}: refusing to write: the new text does not load back the same")
        save(path, text)
    return changed


def first_difference(old: str, new: str) -> int:
    """The 1-based line where two texts first differ."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), start=1):
        if a != b:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1
