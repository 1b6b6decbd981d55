"""Writes never replace a device, a pipe or a symlink; a multi-file export is whole or absent;
a failed write is one message and exit 1; edits keep links, mode, owner and group, say when
they wait and give up in time; the shipped registry is never written (design §4, §6)."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import threading
from pathlib import Path

import pytest

from roadmaps import write as W
from roadmaps.write import WriteError, save, save_folder

from .conftest import MINI, Invoke

RECORD = ("record", "tax-code", "stalled", "--date", "2024-06-01", "--source", "s-tass")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")


def export(invoke: Invoke, fmt: str, target: Path | str) -> tuple[int, str]:
    result = invoke("--data", str(MINI), "export", "--format", fmt, "-o", str(target))
    return result.exit_code, result.stderr


# -- targets -------------------------------------------------------------------------------


def test_a_symlinked_export_target_is_followed_and_the_link_kept(invoke: Invoke, tmp_path: Path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    for fmt in ("json", "markdown", "html", "sqlite"):
        real.write_text("old")
        code, _ = export(invoke, fmt, link)
        assert code == 0
        assert link.is_symlink() and os.readlink(link) == str(real)
        assert real.stat().st_size > 100


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "sqlite"])
def test_a_dangling_symlink_target_is_created_and_the_link_kept(
    invoke: Invoke, fmt: str, tmp_path: Path
):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "made-by-the-export")
    code, _ = export(invoke, fmt, link)
    assert code == 0
    assert link.is_symlink() and (tmp_path / "made-by-the-export").stat().st_size > 100


def test_a_device_is_written_into_never_replaced(invoke: Invoke):
    for fmt in ("json", "markdown", "html", "sqlite"):
        code, _ = export(invoke, fmt, "/dev/null")
        assert code == 0
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_text_larger_than_a_slice_is_saved_byte_for_byte(tmp_path: Path):
    # save encodes a text a slice at a time: characters of two and three bytes on every
    # boundary between slices must come out whole.
    text = ("газ — " * 400_000) + "end\n"
    assert len(text) > 2 * (1 << 20)
    target = tmp_path / "big.toml"
    save(target, text)
    assert target.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "sqlite", "csv"])
def test_a_full_disk_is_one_message_and_exit_1(invoke: Invoke, fmt: str, tmp_path: Path):
    target = "/dev/full" if fmt != "csv" else tmp_path / "out"
    if fmt == "csv":  # a folder on a full disk: every fsync fails as the disk would
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "fsync", _enospc)
            code, stderr = export(invoke, fmt, target)
        assert not Path(target).exists()
        assert [p.name for p in tmp_path.iterdir()] == []
    else:
        code, stderr = export(invoke, fmt, target)
    assert code == 1
    assert stderr.count("\n") == 1 and "the disk is full" in stderr, stderr


def _enospc(fd: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "sqlite", "csv"])
def test_a_missing_folder_is_one_message_and_exit_1(invoke: Invoke, fmt: str, tmp_path: Path):
    target = tmp_path / "missing" / "out"
    code, stderr = export(invoke, fmt, target)
    assert (code, stderr) == (1, f"roadmaps: {target}: cannot write (no such folder)" + _tail(fmt))
    assert not target.parent.exists()


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "sqlite"])
def test_a_read_only_target_is_one_message_and_exit_1(invoke: Invoke, fmt: str, tmp_path: Path):
    target = tmp_path / "out"
    target.write_bytes(b"kept")
    target.chmod(0o444)
    code, stderr = export(invoke, fmt, target)
    assert (code, stderr) == (
        1,
        f"roadmaps: {target}: the file is read-only; nothing was written\n",
    )
    assert target.read_bytes() == b"kept"


def _tail(fmt: str) -> str:
    if fmt == "sqlite":  # the database and its metadata, saved together
        return "; nothing was replaced\n"
    return "; nothing was written\n" if fmt == "csv" else "; the file is unchanged\n"


def test_a_csv_export_into_a_folder_is_whole_or_not_at_all(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "csv"
    assert export(invoke, "csv", folder)[0] == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(before) == [
        "datapackage.json",
        "history.csv",
        "plans.csv",
        "programs.csv",
        "progress.csv",
        "sectors.csv",
        "sources.csv",
    ]
    calls = []

    def fail_late(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 4:  # three tables written, the fourth fails
            _enospc(fd)

    monkeypatch.setattr(os, "fsync", fail_late)
    code, _ = export(invoke, "csv", folder)
    assert code == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no temp file left


def test_save_folder_writes_a_new_folder_in_one_step(tmp_path: Path):
    written = save_folder(tmp_path / "new", {"a.csv": b"a", "b.csv": b"b"})
    assert [p.read_bytes() for p in written] == [b"a", b"b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new"]


def test_the_registry_shipped_in_the_package_is_never_written():
    inside = W._PACKAGE / "data" / "roadmaps.toml"
    existed = inside.exists()
    with pytest.raises(WriteError, match="shipped inside roadmaps is read-only"):
        save(inside, "format = 1\n")
    assert inside.exists() is existed


def test_an_edit_of_the_shipped_registry_is_refused_before_anything_is_written(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    package = tmp_path / "site-packages" / "roadmaps"
    (package / "data").mkdir(parents=True)
    shipped = package / "data" / "roadmaps.toml"
    shipped.write_bytes(MINI.read_bytes())
    monkeypatch.setattr(W, "_PACKAGE", package)
    for args in (RECORD, ("fmt",)):
        result = invoke("--data", str(shipped), *args)
        assert (result.exit_code, result.stderr) == (
            1,
            f"roadmaps: {shipped}: the registry shipped inside roadmaps is read-only; start "
            "your own with `roadmaps init`, or choose one with --data\n",
        )
    assert sorted(p.name for p in (package / "data").iterdir()) == ["roadmaps.toml"]
    assert shipped.read_bytes() == MINI.read_bytes()


# -- edits ---------------------------------------------------------------------------------


def test_a_symlinked_registry_is_edited_through_its_link(invoke: Invoke, canon: Path):
    link = canon.parent / "link.toml"
    link.symlink_to(canon)
    result = invoke("--data", str(link), *RECORD)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert "2024-06-01" in canon.read_text(encoding="utf-8")


def test_an_edit_keeps_the_mode(invoke: Invoke, canon: Path):
    canon.chmod(0o640)
    assert invoke("--data", str(canon), *RECORD).exit_code == 0
    assert stat.S_IMODE(canon.stat().st_mode) == 0o640


@needs_root
def test_root_editing_another_users_file_keeps_its_owner_and_group(invoke: Invoke, canon: Path):
    os.chown(canon, 4321, 4322)
    assert invoke("--data", str(canon), *RECORD).exit_code == 0
    assert (canon.stat().st_uid, canon.stat().st_gid) == (4321, 4322)
    assert "2024-06-01" in canon.read_text(encoding="utf-8")


def test_an_edit_waiting_for_the_lock_says_so_and_gives_up(
    invoke: Invoke,
    canon: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(W, "LOCK_WAIT_SECONDS", 0.3)
    before = canon.read_bytes()
    with open(canon.with_name(".r.toml.lock"), "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = invoke("--data", str(canon), *RECORD)
    assert result.exit_code == 1
    assert result.stderr == (
        f"roadmaps: waiting for another edit of {canon} to finish\n"
        f"roadmaps: {canon}: another edit still holds the lock after 0.3 s; gave up, nothing "
        "was written\n"
    )
    assert canon.read_bytes() == before


def test_leftovers_of_a_killed_edit_are_removed_by_the_next(invoke: Invoke, canon: Path):
    leftover = canon.with_name(".r.toml.abc123.tmp")
    leftover.write_text("half a registry")
    assert invoke("--data", str(canon), *RECORD).exit_code == 0
    assert not leftover.exists()


def test_a_folder_named_like_a_leftover_does_not_block_edits(invoke: Invoke, canon: Path):
    """Only files an edit could have left are removed; a folder of that name (a branch can
    commit one) is left alone instead of stopping every edit."""
    folder = canon.with_name(".r.toml.abc123.tmp")
    folder.mkdir()
    result = invoke("--data", str(canon), *RECORD)
    assert result.exit_code == 0, result.stderr
    assert folder.is_dir()


def test_fmt_removes_a_byte_order_mark_and_crlf_that_edits_refuse(
    invoke: Invoke,
    canon: Path,
):
    good = canon.read_bytes()
    canon.write_bytes(b"\xef\xbb\xbf" + good.replace(b"\n", b"\r\n"))
    refused = invoke("--data", str(canon), *RECORD)
    assert refused.exit_code == 1 and " E003 " in refused.stderr and " E004 " in refused.stderr
    diff = invoke("fmt", "--diff", str(canon))  # what changes shows, and nothing raw
    assert diff.exit_code == 0 and "\r" not in diff.stdout
    assert '\n-title = "Test union"\\x0d\n' in diff.stdout
    assert '\n+title = "Test union"\n' in diff.stdout
    assert invoke("fmt", str(canon)).exit_code == 0
    assert canon.read_bytes() == good


def test_a_database_written_into_a_pipe_leaves_no_metadata_beside_it(
    invoke: Invoke, tmp_path: Path
):
    """Datasette's metadata goes beside a database file; beside a device or a pipe it would
    litter /dev (-o /dev/null) with a stray file."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _ = export(invoke, "sqlite", fifo)
    reader.join(timeout=10)
    assert code == 0
    assert received[0].startswith(b"SQLite format 3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html", "sqlite"])
def test_an_empty_output_path_is_a_usage_error(
    invoke: Invoke, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """`-o "$OUT"` with OUT unset: not the current folder (csv wrote its files there)."""
    monkeypatch.chdir(tmp_path)
    result = invoke("--data", str(MINI), "export", "--format", fmt, "-o", "")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "roadmaps: -o is empty: give a file, a folder for csv, or -\n"
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_loop_is_one_message_not_an_internal_error(invoke: Invoke, tmp_path: Path):
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "back")
    (tmp_path / "back").symlink_to(loop)
    for fmt in ("json", "markdown", "html", "sqlite", "csv"):
        code, stderr = export(invoke, fmt, loop)
        assert code == 1 and stderr.startswith(f"roadmaps: {loop}: "), (fmt, stderr)
        assert "internal error" not in stderr and stderr.count("\n") == 1
    for args in (("fmt", str(loop)), ("--data", str(loop), *RECORD)):
        result = invoke(*args)
        assert result.exit_code in (1, 2) and "symbolic links" in result.stderr, result.stderr
        assert "internal error" not in result.stderr


def test_a_lock_file_planted_as_a_symlink_is_never_followed(invoke: Invoke, canon: Path):
    """A branch can commit `data/.roadmaps.toml.lock` as a symlink: an edit run on it (often
    as root) would create the file it points to, `/etc/nologin` say. The edit is refused."""
    elsewhere = canon.parent / "elsewhere" / "created"
    elsewhere.parent.mkdir()
    (canon.parent / f".{canon.name}.lock").symlink_to(elsewhere)
    before = canon.read_bytes()
    result = invoke("--data", str(canon), *RECORD)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"roadmaps: {canon}: cannot lock for editing (")
    assert not elsewhere.exists() and canon.read_bytes() == before


def test_a_csv_export_refuses_a_folder_that_holds_a_non_file_in_a_tables_place(
    invoke: Invoke, tmp_path: Path
):
    """A folder named like one of the files would make the export fail halfway, with some
    files new and some old: every place is checked before anything is written."""
    folder = tmp_path / "csv"
    assert export(invoke, "csv", folder)[0] == 0
    for p in folder.iterdir():
        p.write_bytes(b"old " + p.name.encode())
    (folder / "programs.csv").unlink()
    (folder / "programs.csv").mkdir()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    code, stderr = export(invoke, "csv", folder)
    assert (code, stderr) == (
        1,
        f"roadmaps: {folder / 'programs.csv'}: is a folder; nothing was written\n",
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in folder.iterdir()) == sorted([*before, "programs.csv"])


def test_a_csv_export_keeps_the_modes_and_links_of_the_files_it_replaces(
    invoke: Invoke, tmp_path: Path
):
    folder = tmp_path / "csv"
    assert export(invoke, "csv", folder)[0] == 0
    (folder / "plans.csv").chmod(0o640)
    elsewhere = tmp_path / "kept-elsewhere.csv"
    elsewhere.write_bytes(b"old")
    (folder / "sources.csv").unlink()
    (folder / "sources.csv").symlink_to(elsewhere)
    assert export(invoke, "csv", folder)[0] == 0
    assert stat.S_IMODE((folder / "plans.csv").stat().st_mode) == 0o640
    assert (folder / "sources.csv").is_symlink()
    assert elsewhere.read_bytes().startswith(b"\xef\xbb\xbfid,")


def test_a_database_and_its_metadata_are_replaced_both_or_neither(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two separate saves could fail between them and leave an old metadata file beside a
    new database: both new copies are written before either replaces the old one."""
    db, meta = tmp_path / "r.db", tmp_path / "r.metadata.json"
    db.write_bytes(b"old db")
    meta.write_bytes(b"old metadata")
    real_fsync = os.fsync
    calls: list[int] = []

    def fail_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the first copy is written, the second fails
            _enospc(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fail_second)
    code, stderr = export(invoke, "sqlite", db)
    assert (code, stderr) == (
        1,
        f"roadmaps: {db}: cannot write (the disk is full); nothing was replaced\n",
    )
    assert (db.read_bytes(), meta.read_bytes()) == (b"old db", b"old metadata")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.db", "r.metadata.json"]
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert export(invoke, "sqlite", db)[0] == 0
    assert db.read_bytes().startswith(b"SQLite format 3")
    assert b'"databases"' in meta.read_bytes()


def test_fmt_and_edits_of_a_pipe_say_it_cannot_be_rewritten_in_place(
    invoke: Invoke, tmp_path: Path
):
    """`fmt /dev/stdin` said "cannot lock for editing (no such folder)": the lock file was
    sought beside the pipe's /proc name. What is wrong is that a pipe cannot be replaced."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = invoke("fmt", str(fifo))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"roadmaps: {fifo}: is a device or a pipe, not a file; an edit rewrites its file in "
        "place, which cannot be done to it (`roadmaps fmt --check` or `--diff` only read it); "
        "nothing was written\n"
    )
    result = invoke("--data", str(fifo), *RECORD)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"roadmaps: {fifo}: is a device or a pipe, not a file; an edit rewrites its file in "
        "place, which cannot be done to it; nothing was written\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["fifo"]  # no lock file beside it
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="Linux /proc only")
def test_fmt_of_a_file_in_proc_names_what_failed():
    from roadmaps.write import locked

    with pytest.raises(WriteError) as caught, locked(Path("/proc/self/mem")):
        pass  # pragma: no cover - never reached
    assert str(caught.value) == (
        "/proc/self/mem: cannot lock for editing (no new file can be made in /proc/self)"
    )


def test_save_folder_refuses_a_read_only_file_before_writing_any(tmp_path: Path):
    (tmp_path / "a.csv").write_bytes(b"old a")
    (tmp_path / "b.csv").write_bytes(b"old b")
    (tmp_path / "b.csv").chmod(0o444)
    with pytest.raises(WriteError, match=r"b\.csv: the file is read-only; nothing was written"):
        save_folder(tmp_path, {"a.csv": b"new a", "b.csv": b"new b"})
    assert sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir()) == [
        ("a.csv", b"old a"),
        ("b.csv", b"old b"),
    ]
