"""SQLite export: one database file with a table per kind of record, for Datasette and SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from . import query as Q
from .export import Snapshot, _date
from .model import Program, ProgressClaim, Registry

# -- SQLite -------------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sectors (
    id TEXT PRIMARY KEY, title TEXT NOT NULL,
    parent TEXT REFERENCES sectors(id) DEFERRABLE INITIALLY DEFERRED, note TEXT);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, publisher TEXT NOT NULL, url TEXT, published TEXT,
    language TEXT NOT NULL, note TEXT);
CREATE TABLE plans (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, title_ru TEXT, adopted TEXT, size INTEGER,
    identified INTEGER NOT NULL, summary TEXT, note TEXT);
CREATE TABLE plan_sources (
    plan TEXT NOT NULL REFERENCES plans(id), source TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (plan, source));
CREATE TABLE programs (
    id TEXT PRIMARY KEY, plan TEXT NOT NULL REFERENCES plans(id), sector TEXT NOT NULL REFERENCES sectors(id),
    title TEXT NOT NULL, title_ru TEXT, status TEXT, since TEXT, deadline TEXT, flags TEXT,
    newest_evidence TEXT, summary TEXT, note TEXT);
CREATE TABLE program_follows (
    program TEXT NOT NULL REFERENCES programs(id),
    follows TEXT NOT NULL REFERENCES programs(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (program, follows));
CREATE TABLE history (
    program TEXT NOT NULL REFERENCES programs(id), position INTEGER NOT NULL, date TEXT NOT NULL,
    status TEXT NOT NULL, note TEXT, PRIMARY KEY (program, position));
CREATE TABLE history_sources (
    program TEXT NOT NULL, position INTEGER NOT NULL, source TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (program, position, source),
    FOREIGN KEY (program, position) REFERENCES history(program, position));
CREATE TABLE progress (
    id INTEGER PRIMARY KEY, plan TEXT REFERENCES plans(id), program TEXT REFERENCES programs(id),
    date TEXT NOT NULL, speaker TEXT NOT NULL, qualifier TEXT, percent REAL, done INTEGER, total INTEGER,
    unit TEXT, share REAL, note TEXT);
CREATE TABLE progress_sources (
    progress INTEGER NOT NULL REFERENCES progress(id), source TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (progress, source));
"""


def write_sqlite(snap: Snapshot, path: Path) -> None:
    """A fresh database that Datasette browses: built in a scratch folder, then saved over the
    target as any export is (write.save: atomic, symlinks followed, devices written into)."""
    import tempfile

    from .write import WriteError, save

    with tempfile.TemporaryDirectory(prefix="roadmaps-") as scratch:
        built = Path(scratch) / "export.db"
        try:
            _build_sqlite(snap, built)
            data = built.read_bytes()
        except (sqlite3.Error, OSError) as exc:
            raise WriteError(f"{path}: cannot build the database ({exc})") from None
    save(path, data)


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
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        s.id,
                        s.title,
                        s.publisher,
                        s.url,
                        _date(s.published) or None,
                        s.language,
                        s.note,
                    )
                    for s in r.sources.values()
                ],
            )
            db.executemany(
                "INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.id,
                        p.title,
                        p.title_ru,
                        _date(p.adopted) or None,
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
                "INSERT INTO programs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_program_row(p, snap.views.get(p.id)) for p in r.programs.values()],
            )
            db.executemany(
                "INSERT INTO program_follows VALUES (?, ?)",
                [(p.id, f) for p in r.programs.values() for f in dict.fromkeys(p.follows)],
            )
            db.executemany(
                "INSERT INTO history VALUES (?, ?, ?, ?, ?)",
                [
                    (p.id, i + 1, _date(e.date), e.status.value, e.note)
                    for p in r.programs.values()
                    for i, e in enumerate(p.history)
                ],
            )
            db.executemany(
                "INSERT INTO history_sources VALUES (?, ?, ?)",
                [
                    (p.id, i + 1, sid)
                    for p in r.programs.values()
                    for i, e in enumerate(p.history)
                    for sid in dict.fromkeys(e.sources)
                ],
            )
            for claim in Q.all_claims(r):
                cursor = db.execute(
                    "INSERT INTO progress (plan, program, date, speaker, qualifier, percent, done, total, unit, share,"
                    " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _claim_row(r, claim),
                )
                db.executemany(
                    "INSERT INTO progress_sources VALUES (?, ?)",
                    [(cursor.lastrowid, sid) for sid in dict.fromkeys(claim.sources)],
                )
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
        _date(p.deadline) or None,
        " ".join(sorted(f.value for f in v.flags)) if v else None,
        _date(v.evidence) if v else None,
        p.summary,
        p.note,
    )


def _claim_row(r: Registry, c: ProgressClaim) -> tuple[Any, ...]:
    on_plan = c.subject in r.plans
    return (
        c.subject if on_plan else None,
        None if on_plan else c.subject,
        _date(c.date),
        c.by,
        c.qualifier.value if c.qualifier else None,
        c.percent,
        c.done,
        c.total,
        c.of,
        c.share,
        c.note,
    )
