"""Reading is bounded (a huge file, an endless device, a pipe that never ends), and the parse
cache never unpickles what someone else could have written (design §6)."""

from __future__ import annotations

import os
import pickle
import shutil
import threading
from pathlib import Path

import pytest

from roadmaps import cache, reading
from roadmaps.errors import UsageError

from .conftest import MINI, Invoke


def test_a_file_larger_than_a_registry_can_be_is_refused_unread(invoke: Invoke, tmp_path: Path):
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as handle:
        handle.truncate(reading.MAX_BYTES + 1)  # sparse: nothing is really written
    for args in (("--data", str(huge), "status"), ("check", str(huge)), ("fmt", str(huge))):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            f"roadmaps: {huge}: larger than 256 MB, more than a registry can sensibly hold; "
            "refusing to read it\n"
        )


def test_an_endless_device_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 4 * 1024 * 1024)
    with pytest.raises(UsageError, match="larger than 4 MB"):
        reading.read_bytes(Path("/dev/zero"))


def test_a_pipe_that_never_ends_is_refused_in_time(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(reading, "READ_SECONDS", 0.5)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer_open = threading.Event()
    stop = threading.Event()

    def writer() -> None:  # opens the pipe, writes a little, then never finishes
        with open(fifo, "wb") as handle:
            writer_open.set()
            handle.write(b"format = 1\n")
            handle.flush()
            stop.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = invoke("check", str(fifo))
    finally:
        stop.set()
        thread.join(timeout=10)
    assert result.exit_code == 2
    assert result.stderr == (
        f"roadmaps: {fifo}: still not at its end after 0.5 s; roadmaps reads a registry whole, "
        "from a file or a pipe that ends\n"
    )


def test_a_pipe_that_ends_is_read(invoke: Invoke, tmp_path: Path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    thread = threading.Thread(target=lambda: fifo.write_bytes(MINI.read_bytes()))
    thread.start()
    result = invoke("check", str(fifo), "--ignore", "W")
    thread.join(timeout=10)
    assert (result.exit_code, result.stdout) == (0, "")


# -- the parse cache -----------------------------------------------------------------------


class _Planted:
    """A pickle that, if ever loaded, leaves a mark: what an attacker would plant."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.mark, "code ran"))


def plant(folder: Path, registry: Path, mark: Path) -> Path:
    """A valid cache entry for `registry` whose payload runs code."""
    cache.open_registry(registry)  # writes the genuine entry
    (entry,) = folder.glob("*.pickle")
    header = entry.read_bytes().split(b"\n", 1)[0]
    entry.write_bytes(header + b"\n" + pickle.dumps(_Planted(mark)))
    entry.chmod(0o600)
    return entry


@pytest.fixture
def setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ROADMAPS_CACHE", str(folder))
    registry = tmp_path / "r.toml"
    shutil.copyfile(MINI, registry)
    return folder, registry, tmp_path / "mark"


def test_a_private_cache_folder_is_used(setting: tuple[Path, Path, Path]):
    folder, registry, mark = setting
    plant(folder, registry, mark)
    cache.open_registry(registry)
    assert mark.exists()  # the entry was read: the control for the tests below


def test_a_cache_folder_others_can_write_to_is_never_read(setting: tuple[Path, Path, Path]):
    folder, registry, mark = setting
    plant(folder, registry, mark)
    folder.chmod(0o777)
    assert cache.open_registry(registry).title
    assert not mark.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files away needs root")
def test_a_cache_folder_or_entry_of_another_user_is_never_read(setting: tuple[Path, Path, Path]):
    folder, registry, mark = setting
    entry = plant(folder, registry, mark)
    os.chown(entry, 4321, 4321)
    assert cache.open_registry(registry).title
    assert not mark.exists()
    os.chown(entry, 0, 0)
    os.chown(folder, 4321, 4321)
    assert cache.open_registry(registry).title
    assert not mark.exists()


def test_a_symlinked_cache_entry_is_never_read(setting: tuple[Path, Path, Path]):
    folder, registry, mark = setting
    entry = plant(folder, registry, mark)
    elsewhere = folder.parent / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert cache.open_registry(registry).title
    assert not mark.exists()
