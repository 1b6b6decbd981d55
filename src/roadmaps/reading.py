"""Reading an input file whole, within bounds (design §6).

A registry path is an argument, an environment variable or the nearest file found: it may
name a file far larger than any registry (the 10,000-program benchmark is 17 MB), a device
that never ends (/dev/zero) or a pipe whose writer never finishes. Each is refused with a
message rather than read until memory runs out or forever. Standard input as a file
(`/dev/stdin`, a pipe) still works: it is read with the same bounds.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

from .errors import UsageError

# Far above any sensible registry (50,000 programs are about 100 MB), far below what would
# exhaust a machine's memory once parsed.
MAX_BYTES = 256 * 1024 * 1024
# How long a pipe or device may take to deliver its whole content.
READ_SECONDS = 10.0
_CHUNK = 1 << 20


def read_bytes(path: Path) -> bytes:
    """The whole content of `path`, or a UsageError saying why it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a registry file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UsageError(f"{path}: is a directory, not a registry file")
        if stat.S_ISREG(mode):
            size = os.fstat(fd).st_size
            if size > MAX_BYTES:
                raise _too_large(path)
            return _read_file(fd, path, size + 1)
        return _read_stream(fd, path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _too_large(path: Path) -> UsageError:
    return UsageError(
        f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB, more than a registry can "
        "sensibly hold; refusing to read it"
    )


def _read_file(fd: int, path: Path, first: int = _CHUNK) -> bytes:
    chunks: list[bytes] = []
    total, size = 0, first
    while chunk := os.read(fd, size):
        size = _CHUNK
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_BYTES:  # it grew while we read
            raise _too_large(path)
    return b"".join(chunks)


def _read_stream(fd: int, path: Path) -> bytes:
    """A pipe or a device: read as it comes, up to MAX_BYTES and READ_SECONDS."""
    if sys.platform == "win32":  # pragma: no cover - no select on pipes there
        return _read_file(fd, path)
    import select

    deadline = time.monotonic() + READ_SECONDS
    chunks: list[bytes] = []
    total = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise UsageError(
                f"{path}: still not at its end after {READ_SECONDS:g} s; roadmaps reads a "
                "registry whole, from a file or a pipe that ends"
            )
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_BYTES:
            raise _too_large(path)
