"""The canonical writer and the safe save."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from roadmaps.errors import RegistryError
from roadmaps.load import load_text
from roadmaps.model import Registry
from roadmaps.write import WriteError, canonical, dumps, save

from .conftest import MINI, SHIPPED
from .strategies import registries


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_load_of_write_gives_back_the_same_registry(registry: Registry):
    text = dumps(registry)
    loaded = load_text(text, "r.toml")
    assert loaded.problems == ()
    assert loaded.registry == registry


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_writing_is_idempotent(registry: Registry):
    text = dumps(registry)
    assert canonical(text, "r.toml") == text


def test_the_shipped_registry_is_canonical():
    text = SHIPPED.read_text(encoding="utf-8")
    assert canonical(text, "data/roadmaps.toml") == text


def test_the_canonical_layout():
    text = canonical(MINI.read_text(encoding="utf-8"), "mini.toml")
    assert text.startswith(
        'format = 1\ntitle = "Test union"\n'
        "as_of = 2024-06-30\nstale_after_days = 365\n\n[sectors.energy]\n"
    )
    assert (
        """\
[programs.gas-market]
plan = "new-plan"
sector = "gas"
title = "Formation of a unified gas market"
title_ru = "Союзная программа по формированию объединенного рынка газа"
status = "stalled"
deadline = 2023-12-01
follows = [
    "old-gas",
]

[[programs.gas-market.history]]
date = 2021-11-04
status = "agreed"
sources = [
    "s-kremlin",
]
"""
        in text
    )
    assert 'deadline = "2027"\n' in text


def test_a_registry_without_a_schema_line_gets_none():
    """A `#:schema` path is relative to its file: stamping ours would point nowhere."""
    text = canonical(MINI.read_text(encoding="utf-8"), "mini.toml")
    assert "#:schema" not in text
    assert canonical(text, "mini.toml") == text


def test_a_registrys_own_schema_line_is_kept():
    text = "#:schema ./elsewhere.json\n" + MINI.read_text(encoding="utf-8")
    assert canonical(text, "mini.toml").startswith("#:schema ./elsewhere.json\nformat = 1\n")


def test_a_file_with_problems_is_refused_rather_than_half_rewritten():
    with pytest.raises(RegistryError) as caught:
        canonical(
            MINI.read_text(encoding="utf-8").replace('status = "done"', 'status = "finished"', 1),
            "m.toml",
        )
    assert [p.code for p in caught.value.problems] == ["E104"]


def test_save_keeps_permissions_and_leaves_no_temporary_file(tmp_path: Path):
    path = tmp_path / "r.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    save(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.toml"]


def test_a_read_only_file_is_not_touched(tmp_path: Path):
    path = tmp_path / "r.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(WriteError) as caught:
        save(path, "new")
    assert str(caught.value) == f"{path}: the file is read-only; nothing was written"
    assert path.read_text(encoding="utf-8") == "old"


def test_a_full_disk_leaves_the_file_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "r.toml"
    path.write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as caught:
        save(path, "new")
    assert str(caught.value) == f"{path}: cannot write (the disk is full); the file is unchanged"
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.toml"]


def test_a_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(WriteError) as caught:
        save(tmp_path / "nowhere" / "r.toml", "new")
    assert "cannot write" in str(caught.value)


def test_a_device_or_pipe_is_written_into_never_replaced(tmp_path: Path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    save(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert fifo.is_fifo()
    save(Path(os.devnull), "discarded")
    assert Path(os.devnull).is_char_device()
