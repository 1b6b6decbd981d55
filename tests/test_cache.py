"""The parse cache answers exactly what parsing answers, and never anything stale."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import roadmaps.cache
from roadmaps.cache import open_registry
from roadmaps.errors import RegistryError
from roadmaps.load import load_path
from roadmaps.write import dumps

from .conftest import MINI, SHIPPED, Invoke
from .strategies import registries


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ROADMAPS_CACHE", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def test_the_second_read_comes_from_the_entry_the_first_wrote(cache: Path, mini: Path):
    first = open_registry(mini)
    [entry] = entries(cache)
    written = entry.stat().st_mtime_ns
    assert open_registry(mini) == first == load_path(mini).registry
    assert entry.stat().st_mtime_ns == written  # a hit rewrites nothing
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(cache: Path, mini: Path):
    assert open_registry(mini).title == "Test union"
    before = mini.stat()
    mini.write_text(mini.read_text(encoding="utf-8").replace("Test union", "Best union"))
    os.utime(mini, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert mini.stat().st_size == before.st_size
    assert open_registry(mini).title == "Best union"


@pytest.fixture
def settled_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust fingerprints of files changed a moment ago, as if seconds had passed."""
    monkeypatch.setattr(roadmaps.cache, "SETTLED_NS", 0)


def tick() -> None:
    """Let the kernel's file clock move on, so the next change gets a new change time."""
    time.sleep(0.05)


def test_a_settled_edit_that_keeps_size_and_mtime_is_still_seen(
    cache: Path, mini: Path, settled_now: None
):
    assert open_registry(mini).title == "Test union"
    before = mini.stat()
    tick()
    mini.write_text(mini.read_text(encoding="utf-8").replace("Test union", "Best union"))
    os.utime(mini, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (mini.stat().st_size, mini.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert open_registry(mini).title == "Best union"


def test_a_touched_registry_is_hashed_once_then_trusted_again(
    cache: Path, mini: Path, settled_now: None
):
    first = open_registry(mini)
    [entry] = entries(cache)
    written = entry.read_bytes()
    tick()
    os.utime(mini)  # same text, new times: a checkout of the same content does this
    assert open_registry(mini) == first
    rewritten = entry.read_bytes()
    assert rewritten != written  # the new fingerprint is kept...
    assert rewritten.split(b"\n", 1)[1] == written.split(b"\n", 1)[1]  # ...with the same model
    assert open_registry(mini) == first
    assert entry.read_bytes() == rewritten


def test_a_settled_hit_reads_neither_the_file_nor_openssl(cache: Path, mini: Path):
    """Hashing on every command would load OpenSSL, a tenth of what status may add to start-up."""
    probe = (
        "import sys, roadmaps.cache as cache\n"
        "from pathlib import Path\n"
        "cache.SETTLED_NS = 0\n"
        f"print(cache.open_registry(Path({str(mini)!r})).title, 'hashlib' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs == ["Test union True\n", "Test union False\n"]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        b"roadmaps-cache 0.0.0 3.11 1 abc\n" + pickle.dumps("foreign"),
    ],
)
def test_a_damaged_or_foreign_entry_is_replaced(cache: Path, mini: Path, damage: bytes):
    expected = open_registry(mini)
    [entry] = entries(cache)
    good = entry.read_bytes()
    entry.write_bytes(damage)
    assert open_registry(mini) == expected
    assert entry.read_bytes() == good


def test_an_entry_holding_something_else_than_a_registry_is_ignored(cache: Path, mini: Path):
    expected = open_registry(mini)
    [entry] = entries(cache)
    header = entry.read_bytes().split(b"\n", 1)[0]
    entry.write_bytes(header + b"\n" + pickle.dumps({"title": "not a registry"}))
    assert open_registry(mini) == expected


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, mini: Path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("ROADMAPS_CACHE", str(blocker / "cache"))
    assert open_registry(mini) == load_path(mini).registry


def test_off_writes_nothing(tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert open_registry(mini) == load_path(mini).registry
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_the_default_folder_follows_xdg(tmp_path: Path, mini: Path, monkeypatch):
    monkeypatch.delenv("ROADMAPS_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    open_registry(mini)
    assert len(entries(tmp_path / "xdg" / "roadmaps")) == 1


def test_a_registry_with_errors_is_refused_and_not_cached(cache: Path, tmp_path: Path):
    broken = tmp_path / "broken.toml"
    text = MINI.read_text(encoding="utf-8")
    broken.write_text(text.replace('plan = "new-plan"', 'plan = "no-such-plan"', 1))
    with pytest.raises(RegistryError) as refused:
        open_registry(broken)
    assert [p.code for p in refused.value.problems] == ["E201"]
    assert entries(cache) == []
    broken.write_text(text)
    assert open_registry(broken) == load_path(MINI).registry


def test_unreadable_and_missing_files_get_the_loaders_message(cache: Path, tmp_path: Path):
    with pytest.raises(Exception, match="no such file"):
        open_registry(tmp_path / "missing.toml")


def test_each_registry_has_its_own_entry(cache: Path, mini: Path, tmp_path: Path):
    shipped = tmp_path / "shipped.toml"
    shutil.copyfile(SHIPPED, shipped)
    assert open_registry(mini).title != open_registry(shipped).title
    assert len(entries(cache)) == 2
    assert open_registry(mini) == load_path(mini).registry


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(registry=registries())
def test_cached_equals_parsed_for_any_registry(tmp_path: Path, cache: Path, registry):
    path = tmp_path / "r.toml"
    path.write_text(dumps(registry), encoding="utf-8")
    parsed = load_path(path).registry
    try:
        first = open_registry(path)
    except RegistryError:
        return  # references the generator does not resolve: nothing is cached then
    assert first == parsed == open_registry(path)


def test_commands_print_the_same_with_and_without_the_cache(invoke: Invoke, cache: Path):
    args = ("--data", str(SHIPPED), "status", "--as-of", "2026-11-23")
    cold = invoke(*args)
    warm = invoke(*args)
    off = invoke(*args, env={"ROADMAPS_CACHE": "off"})
    assert cold.exit_code == 0 and len(entries(cache)) == 1
    assert cold.stdout == warm.stdout == off.stdout


def _package_copy(where: Path) -> Path:
    copy = where / "roadmaps"
    copy.mkdir(parents=True)
    for name in ("cache.py", "check.py", "rules.py"):
        shutil.copy2(Path(roadmaps.cache.__file__).with_name(name), copy / name)
    return copy


def test_the_code_stamp_of_an_editable_install_follows_its_files(tmp_path: Path):
    package = _package_copy(tmp_path / "src")
    before = roadmaps.cache.code_stamp(str(package))
    assert before == roadmaps.cache.code_stamp(str(package))
    rules = package / "rules.py"
    os.utime(rules, ns=(rules.stat().st_atime_ns, rules.stat().st_mtime_ns + 1_000_000_000))
    assert roadmaps.cache.code_stamp(str(package)) not in (before, b"")
    installed = _package_copy(tmp_path / "lib" / "python3.11" / "site-packages")
    assert roadmaps.cache.code_stamp(str(installed)) == b""  # the version says it there


def test_an_entry_written_before_a_code_change_is_not_used(
    cache: Path, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # An editable install keeps its version across a code change (a new check rule): an
    # entry cached before it used to keep answering as if the rule did not exist.
    package = _package_copy(tmp_path / "src")
    monkeypatch.setattr(roadmaps.cache, "_PACKAGE", str(package))
    roadmaps.cache._writer.cache_clear()
    try:
        expected = open_registry(mini)
        [entry] = entries(cache)
        old_answer = dataclasses.replace(expected, title="What the old code answered")
        header = entry.read_bytes().split(b"\n", 1)[0]
        entry.write_bytes(header + b"\n" + pickle.dumps(old_answer))
        assert open_registry(mini) == old_answer  # same code: the entry stands
        stale = entry.read_bytes()
        rules = package / "rules.py"
        os.utime(rules, ns=(rules.stat().st_atime_ns, rules.stat().st_mtime_ns + 10**9))
        roadmaps.cache._writer.cache_clear()  # a new process
        assert open_registry(mini) == expected
        assert entry.read_bytes() != stale  # a miss, written again under the new stamp
    finally:
        roadmaps.cache._writer.cache_clear()
