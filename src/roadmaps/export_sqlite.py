"""SQLite export: one database file with a table per kind of record, for Datasette and SQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from . import query as Q
from .export import Snapshot, _date
from .export_vocabulary import datasette_metadata
from .model import PartialDate, Program, ProgressClaim, Registry
from .write import real_target, save, save_all

# -- SQLite -------------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sectors (
    id TEXT PRIMARY KEY, title TEXT NOT NULL,
    parent TEXT REFERENCES sectors(id) DEFERRABLE INITIALLY DEFERRED, note TEXT);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, publisher TEXT NOT NULL, url TEXT, published TEXT,
    published_precision TEXT, language TEXT NOT NULL, cited INTEGER NOT NULL, note TEXT);
CREATE TABLE plans (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, title_ru TEXT, adopted TEXT, adopted_precision TEXT,
    size INTEGER, identified INTEGER NOT NULL, summary TEXT, note TEXT);
CREATE TABLE plan_sources (
    plan TEXT NOT NULL REFERENCES plans(id), source TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (plan, source));
CREATE TABLE programs (
    id TEXT PRIMARY KEY, plan TEXT NOT NULL REFERENCES plans(id),
    sector TEXT NOT NULL REFERENCES sectors(id), title TEXT NOT NULL, title_ru TEXT,
    status TEXT, since TEXT, since_precision TEXT, deadline TEXT, deadline_precision TEXT,
    flags TEXT, newest_evidence TEXT, summary TEXT, note TEXT);
CREATE TABLE program_follows (
    program TEXT NOT NULL REFERENCES programs(id),
    follows TEXT NOT NULL REFERENCES programs(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (program, follows));
CREATE TABLE history (
    id INTEGER PRIMARY KEY, program TEXT NOT NULL REFERENCES programs(id),
    position INTEGER NOT NULL, date TEXT NOT NULL, date_precision TEXT NOT NULL,
    status TEXT NOT NULL, note TEXT, UNIQUE (program, position));
CREATE TABLE history_sources (
    history INTEGER NOT NULL REFERENCES history(id), source TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (history, source));
CREATE TABLE progress (
    id INTEGER PRIMARY KEY, subject TEXT NOT NULL, plan TEXT REFERENCES plans(id),
    program TEXT REFERENCES programs(id), date TEXT NOT NULL, date_precision TEXT NOT NULL,
    "by" TEXT NOT NULL, qualifier TEXT, percent REAL, done INTEGER, total INTEGER, "of" TEXT,
    share REAL, note TEXT);
CREATE TABLE progress_sources (
    progress INTEGER NOT NULL REFERENCES progress(id), source TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (progress, source));
"""

# Every foreign key gets an index, so that Datasette's "links from other tables" and joins
# never scan a whole table.
INDEXES = """
CREATE INDEX sectors_parent ON sectors(parent);
CREATE INDEX plan_sources_plan ON plan_sources(plan);
CREATE INDEX plan_sources_source ON plan_sources(source);
CREATE INDEX programs_plan ON programs(plan);
CREATE INDEX programs_sector ON programs(sector);
CREATE INDEX program_follows_program ON program_follows(program);
CREATE INDEX program_follows_follows ON program_follows(follows);
CREATE INDEX history_program ON history(program);
CREATE INDEX history_sources_history ON history_sources(history);
CREATE INDEX history_sources_source ON history_sources(source);
CREATE INDEX progress_plan ON progress(plan);
CREATE INDEX progress_program ON progress(program);
CREATE INDEX progress_sources_progress ON progress_sources(progress);
CREATE INDEX progress_sources_source ON progress_sources(source);
"""

# Full-text search as Datasette finds it (an FTS5 table whose content is the table searched).
SEARCH = """
CREATE VIRTUAL TABLE programs_fts USING fts5(
    id, title, title_ru, summary, note, content="programs");
CREATE VIRTUAL TABLE sources_fts USING fts5(
    id, title, publisher, note, content="sources");
INSERT INTO programs_fts(programs_fts) VALUES ('rebuild');
INSERT INTO sources_fts(sources_fts) VALUES ('rebuild');
"""


def metadata_path(path: Path) -> Path:
    """Datasette's metadata for `path` (roadmaps.db -> roadmaps.metadata.json), beside it."""
    return path.with_name(f"{path.stem}.metadata.json")


def write_sqlite(snap: Snapshot, path: Path) -> None:
    """A fresh database that Datasette browses: built in a scratch folder, then saved over the
    target as any export is (atomic, symlinks followed, devices written into), with its
    metadata beside it (`metadata_path`) when it is a file (not /dev/null, a pipe): the two
    are saved together (write.save_all), both or neither."""
    import tempfile

    from .write import WriteError

    with tempfile.TemporaryDirectory(prefix="roadmaps-") as scratch:
        built = Path(scratch) / "export.db"
        try:
            _build_sqlite(snap, built)
            data = built.read_bytes()
        except (sqlite3.Error, OSError) as exc:
            raise WriteError(f"{path}: cannot build the database ({exc})") from None
    if _written_into(path):  # a device or a pipe: nothing to put metadata beside
        save(path, data)
        return
    meta = datasette_metadata(path.stem, snap.registry.title, snap.day.isoformat())
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    # Both or neither: a failure between two separate saves would leave an old metadata file
    # beside a new database. The metadata is renamed first, the database last, so that only
    # a crash between the two renames (nothing else) can leave them apart.
    save_all(path, [(metadata_path(path), text.encode("utf-8")), (path, data)])


def _written_into(path: Path) -> bool:
    """An existing target that is not a regular file (a device, a pipe) is written into."""
    import os
    import stat

    try:
        return not stat.S_ISREG(os.stat(real_target(path)).st_mode)
    except OSError:  # absent (a new file), or a loop: the save says what is wrong
        return False


def _build_sqlite(snap: Snapshot, tmp: Path) -> None:
    r = snap.registry
    db = sqlite3.connect(tmp)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        with db:
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("format", "1"),
                    ("title", r.title),
                    ("as_of", snap.day.isoformat()),
                    ("reviewed", str(r.as_of)),
                ],
            )
            db.executemany(
                "INSERT INTO sectors VALUES (?, ?, ?, ?)",
                [(s.id, s.title, s.parent, s.note) for s in r.sectors.values()],
            )
            db.executemany(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        s.id,
                        s.title,
                        s.publisher,
                        s.url,
                        _date(s.published) or None,
                        _precision(s.published),
                        s.language,
                        len(snap.cited.get(s.id, [])),
                        s.note,
                    )
                    for s in r.sources.values()
                ],
            )
            db.executemany(
                "INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.id,
                        p.title,
                        p.title_ru,
                        _date(p.adopted) or None,
                        _precision(p.adopted),
                        p.size,
                        snap.identified[p.id],
                        p.summary,
                        p.note,
                    )
                    for p in r.plans.values()
                ],
            )
            db.executemany(
                "INSERT INTO plan_sources VALUES (?, ?)",
                [(p.id, sid) for p in r.plans.values() for sid in dict.fromkeys(p.sources)],
            )
            db.executemany(
                "INSERT INTO programs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_program_row(p, snap.views.get(p.id)) for p in r.programs.values()],
            )
            db.executemany(
                "INSERT INTO program_follows VALUES (?, ?)",
                [(p.id, f) for p in r.programs.values() for f in dict.fromkeys(p.follows)],
            )
            entries = [(p, i, e) for p in r.programs.values() for i, e in enumerate(p.history)]
            db.executemany(
                "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (n, p.id, i + 1, _date(e.date), e.date.precision.value, e.status.value, e.note)
                    for n, (p, i, e) in enumerate(entries, 1)
                ],
            )
            db.executemany(
                "INSERT INTO history_sources VALUES (?, ?)",
                [
                    (n, sid)
                    for n, (_, _, e) in enumerate(entries, 1)
                    for sid in dict.fromkeys(e.sources)
                ],
            )
            for claim in Q.all_claims(r):
                cursor = db.execute(
                    'INSERT INTO progress (subject, plan, program, date, date_precision, "by",'
                    ' qualifier, percent, done, total, "of", share, note)'
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _claim_row(r, claim),
                )
                db.executemany(
                    "INSERT INTO progress_sources VALUES (?, ?)",
                    [(cursor.lastrowid, sid) for sid in dict.fromkeys(claim.sources)],
                )
            db.executescript(INDEXES + SEARCH)
    finally:
        db.close()


def _program_row(p: Program, v: Q.ProgramView | None) -> tuple[Any, ...]:
    return (
        p.id,
        p.plan,
        p.sector,
        p.title,
        p.title_ru,
        v.status.value if v else None,
        _date(v.since) if v else None,
        _precision(v.since) if v else None,
        _date(p.deadline) or None,
        _precision(p.deadline),
        json.dumps(sorted(f.value for f in v.flags)) if v else None,
        _date(v.evidence) if v else None,
        p.summary,
        p.note,
    )


def _claim_row(r: Registry, c: ProgressClaim) -> tuple[Any, ...]:
    on_plan = c.subject in r.plans
    return (
        c.subject,
        c.subject if on_plan else None,
        None if on_plan else c.subject,
        _date(c.date),
        c.date.precision.value,
        c.by,
        c.qualifier.value if c.qualifier else None,
        c.percent,
        c.done,
        c.total,
        c.of,
        c.share,
        c.note,
    )


def _precision(value: PartialDate | None) -> str | None:
    return None if value is None else value.precision.value
