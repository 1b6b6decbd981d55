"""Publishing: the registry, with derived statuses and flags, as JSON, CSV, Markdown, SQLite
and one self-contained HTML page.

Every export is made from one snapshot at one as-of date, which it records, and is
byte-stable for the same input and date, so published files diff cleanly. Registry text is
data, never markup: HTML and Markdown escape it, and only http(s) addresses become links.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import query as Q
from . import render as R
from .fields import is_web_address
from .model import PartialDate, Program, ProgressClaim, Registry, Status


@dataclass(frozen=True)
class Snapshot:
    """What every export shows: the registry as it stood on `day`."""

    registry: Registry
    day: dt.date
    views: dict[str, Q.ProgramView]
    conflicts: list[Q.Conflict]
    cited: dict[str, list[Q.Citation]]
    identified: Counter[str]

    @classmethod
    def of(cls, registry: Registry, day: dt.date) -> Snapshot:
        views = {v.program.id: v for v in Q.snapshot(registry, day)}
        return cls(
            registry,
            day,
            views,
            Q.conflicts(registry, day),
            Q.citations(registry),
            Q.identified(registry),
        )

    @property
    def ordered_views(self) -> list[Q.ProgramView]:
        return list(self.views.values())


def _date(value: PartialDate | None) -> str:
    return "" if value is None else str(value)


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else stays text."""
    return url if url is not None and is_web_address(url) else None


# -- JSON -------------------------------------------------------------------------------------


def to_json(snap: Snapshot) -> str:
    r = snap.registry
    head = {
        "format": 1,
        "title": r.title,
        "as_of": snap.day.isoformat(),
        "reviewed": str(r.as_of),
        "stale_after_days": r.stale_after_days,
        "note": r.note,
    }
    tables: dict[str, Iterable[object]] = {
        "sectors": (
            {"id": s.id, "title": s.title, "parent": s.parent, "note": s.note}
            for s in r.sectors.values()
        ),
        "plans": (R.plan_json(p, snap.identified[p.id]) for p in r.plans.values()),
        "programs": (R.program_json(p, snap.views.get(p.id)) for p in r.programs.values()),
        "sources": (R.source_json(s, snap.cited.get(s.id, [])) for s in r.sources.values()),
        "conflicts": (R.conflict_json(c) for c in snap.conflicts),
    }
    return _json_lines(head, tables)


def _json_lines(head: dict[str, Any], tables: dict[str, Iterable[object]]) -> str:
    """One record per line: diffs show which records changed, and unlike `indent`, this keeps
    json's C encoder (the indented encoder is pure Python, and took most of the export's time).
    Each record is encoded as soon as it is made, so the export never holds the whole
    registry as dictionaries (for 10,000 programs, 150 MB more)."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, default=str)

    fields = [f"{dump(key)}: {dump(value)}" for key, value in head.items()]
    for key, records in tables.items():
        items = [dump(record) for record in records]
        fields.append(
            f"{dump(key)}: [\n" + ",\n".join(items) + "\n]" if items else f"{dump(key)}: []"
        )
    return "{\n" + ",\n".join(fields) + "\n}\n"


# -- CSV ----------------------------------------------------------------------------------------


def csv_tables(snap: Snapshot) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Flat tables, one row per record, lists joined by spaces (ids never contain one)."""
    r = snap.registry
    programs = []
    for p in r.programs.values():
        v = snap.views.get(p.id)
        programs.append(
            [
                p.id,
                p.plan,
                p.sector,
                p.title,
                p.title_ru or "",
                v.status.value if v else "",
                _date(v.since) if v else "",
                _date(p.deadline),
                " ".join(p.follows),
                " ".join(sorted(f.value for f in v.flags)) if v else "",
                _date(v.evidence) if v else "",
                p.summary or "",
                p.note or "",
            ]
        )
    history = [
        [p.id, i + 1, _date(e.date), e.status.value, " ".join(e.sources), e.note or ""]
        for p in r.programs.values()
        for i, e in enumerate(p.history)
    ]
    progress = [
        [
            c.subject,
            _date(c.date),
            c.by,
            c.qualifier.value if c.qualifier else "",
            _num(c.percent),
            _num(c.done),
            _num(c.total),
            c.of or "",
            _num(None if c.share is None else round(c.share, 2)),
            " ".join(c.sources),
            c.note or "",
        ]
        for c in Q.all_claims(r)
    ]
    sources = [
        [
            s.id,
            s.title,
            s.publisher,
            s.url or "",
            _date(s.published),
            s.language,
            len(snap.cited.get(s.id, [])),
            s.note or "",
        ]
        for s in r.sources.values()
    ]
    plans = [
        [
            p.id,
            p.title,
            p.title_ru or "",
            _date(p.adopted),
            _num(p.size),
            snap.identified[p.id],
            " ".join(p.sources),
            p.summary or "",
            p.note or "",
        ]
        for p in r.plans.values()
    ]
    sectors = [[s.id, s.title, s.parent or "", s.note or ""] for s in r.sectors.values()]
    return {
        "programs": (
            [
                "id",
                "plan",
                "sector",
                "title",
                "title_ru",
                "status",
                "since",
                "deadline",
                "follows",
                "flags",
                "newest_evidence",
                "summary",
                "note",
            ],
            programs,
        ),
        "history": (["program", "position", "date", "status", "sources", "note"], history),
        "progress": (
            [
                "subject",
                "date",
                "by",
                "qualifier",
                "percent",
                "done",
                "total",
                "of",
                "share",
                "sources",
                "note",
            ],
            progress,
        ),
        "sources": (
            ["id", "title", "publisher", "url", "published", "language", "cited", "note"],
            sources,
        ),
        "plans": (
            [
                "id",
                "title",
                "title_ru",
                "adopted",
                "size",
                "identified",
                "sources",
                "summary",
                "note",
            ],
            plans,
        ),
        "sectors": (["id", "title", "parent", "note"], sectors),
    }


def _num(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """RFC 4180: CRLF line ends, quotes doubled, fields quoted when they need it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(snap: Snapshot, folder: Path) -> list[Path]:
    """One file per table. UTF-8 with a byte-order mark, so spreadsheets read Cyrillic right."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in csv_tables(snap).items():
        path = folder / f"{name}.csv"
        path.write_text(csv_text(header, rows), encoding="utf-8-sig", newline="")
        written.append(path)
    return written


# -- Markdown -------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """A table cell: no pipes, no newlines, no markup from the data."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _md_sources(snap: Snapshot, ids: Iterable[str]) -> str:
    links = []
    for sid in ids:
        source = snap.registry.sources.get(sid)
        url = safe_url(source.url) if source else None
        links.append(f"[{_md(sid)}]({url})" if url else _md(sid))
    return ", ".join(links)


def to_markdown(snap: Snapshot) -> str:
    r = snap.registry
    views = snap.ordered_views
    counts = Q.count_by_status(views)
    out = [
        f"# {_md(r.title)}",
        "",
        f"As of {snap.day.isoformat()} (registry reviewed {r.as_of}): {len(views)} programs.",
        "",
        "| status | programs |",
        "|---|---:|",
    ]
    out += [f"| {s.value} | {counts[s]} |" for s in Status if counts[s]]
    if snap.conflicts:
        out += ["", f"Conflicting progress claims: {len(snap.conflicts)}.", ""]
        out += [
            f"- {_md(c.first.subject)}: {_md(c.first.by)} ({c.first.date}), {_md(Q.describe_claim(c.first))}; "
            f"{_md(c.second.by)} ({c.second.date}), {_md(Q.describe_claim(c.second))}"
            for c in snap.conflicts
        ]
    for plan in r.plans.values():
        chosen = [v for v in views if v.program.plan == plan.id]
        identified = snap.identified[plan.id]
        size = f"{identified} of {plan.size}" if plan.size else str(identified)
        adopted = f"adopted {plan.adopted}, " if plan.adopted else ""
        out += [
            "",
            f"## {_md(plan.title)}",
            "",
            f"`{plan.id}`: {adopted}{size} programs identified.",
            "",
        ]
        out += [
            "| program | status | since | sector | title | flags | evidence |",
            "|---|---|---|---|---|---|---|",
        ]
        for v in chosen:
            flags = ", ".join(sorted(f.value for f in v.flags))
            out.append(
                f"| `{v.program.id}` | {v.status.value} | {v.since} | {_md(v.program.sector)} | "
                f"{_md(v.program.title)} | {flags} | {v.latest.date}: {_md_sources(snap, v.latest.sources)} |"
            )
    return "\n".join(out) + "\n"


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
    """A fresh database (built beside the target, then moved over it) that Datasette browses."""
    r = snap.registry
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
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
        db.close()
        tmp.replace(path)
    finally:
        db.close()
        tmp.unlink(missing_ok=True)


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


# -- HTML -----------------------------------------------------------------------------------------------

COLORS = {
    "done": "#2e7d32",
    "in progress": "#1565c0",
    "stalled": "#c62828",
    "disputed": "#8e24aa",
    "other": "#9e9e9e",
}
CONFLICT_RING = 'class="claim conflicting" r="7" stroke="#c62828" stroke-width="3"'

CSS = """
:root{--ink:#1b1b1b;--muted:#5f6368;--line:#ddd;--bg:#fff;--accent:#1565c0}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:var(--bg)}main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}.muted{color:var(--muted)}a{color:var(--accent)}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0;padding:0;list-style:none}
.card{border:1px solid var(--line);border-radius:.4rem;padding:.4rem .8rem;min-width:7rem}
.card b{display:block;font-size:1.5rem}.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;vertical-align:top;
padding:.3rem .5rem;border-bottom:1px solid var(--line)}th{background:#f6f6f6}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;color:#fff;font-size:.85rem;white-space:nowrap}
.s-done{background:#2e7d32}.s-in-progress{background:#1565c0}.s-stalled{background:#c62828}
.s-disputed{background:#8e24aa}.s-agreed{background:#00838f}.s-planned,.s-abandoned{background:#757575}
.flag{color:#a15c00;font-size:.85rem}svg{max-width:100%;height:auto}code{font-size:.9em}
ol.timeline{padding-left:1.2rem}ol.timeline li{margin:.2rem 0}td:first-child,time{white-space:nowrap}
@media (max-width:40rem){body{font-size:15px}th,td{padding:.25rem .3rem}}
@media print{main{max-width:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}
article{break-inside:avoid}.scroll{overflow:visible}}
"""


def _h(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _badge(status: Status) -> str:
    return f'<span class="badge s-{status.value}">{_h(status.value)}</span>'


def _source_links(snap: Snapshot, ids: Iterable[str]) -> str:
    return ", ".join(f'<a href="#source-{_h(sid)}">{_h(sid)}</a>' for sid in ids)


def to_html(snap: Snapshot) -> str:
    r = snap.registry
    views = snap.ordered_views
    counts = Q.count_by_status(views)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(r.title)}: as of {snap.day.isoformat()}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(r.title)}</h1>",
        f'<p class="muted">As of <time datetime="{snap.day.isoformat()}">{snap.day.isoformat()}</time>; '
        f"registry reviewed {_h(r.as_of)}. Every status cites its sources; flags are derived at the as-of date.</p>",
    ]
    if r.note:
        parts.append(f'<p class="muted">{_h(r.note)}</p>')
    parts.append('<ul class="cards" id="counts">')
    parts.append(f'<li class="card" data-status="total"><b>{len(views)}</b>programs</li>')
    parts += [
        f'<li class="card" data-status="{s.value}"><b>{counts[s]}</b>{_h(s.value)}</li>'
        for s in Status
    ]
    parts.append("</ul>")
    parts += _sector_section(snap)
    parts += _claims_section(snap)
    parts += _plan_sections(snap)
    parts += _timeline_section(snap)
    parts += _program_sections(snap)
    parts += _source_section(snap)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _sector_section(snap: Snapshot) -> list[str]:
    rows = Q.sector_rows(snap.registry, snap.ordered_views)
    if not rows:
        return []
    widest = max(row.total for row in rows)
    label_w, bar_w, row_h = 210, 420, 22
    height = row_h * len(rows) + 30
    svg = [
        f'<svg id="sector-chart" role="img" viewBox="0 0 {label_w + bar_w + 60} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>Programs per sector by status</title>'
    ]
    for i, row in enumerate(rows):
        y = i * row_h + 4
        svg.append(
            f'<text x="{4 + 12 * row.depth}" y="{y + 14}" font-size="13">{_h(row.sector)}</text>'
        )
        x = float(label_w)
        for name, members, _, _ in R.BAR_GROUPS:
            n = sum(row.counts[s] for s in members)
            if not n:
                continue
            w = bar_w * n / widest
            svg.append(
                f'<rect class="bar" data-sector="{_h(row.sector)}" data-group="{name}" data-count="{n}" '
                f'x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{COLORS[name]}">'
                f"<title>{_h(row.sector)}: {n} {name}</title></rect>"
            )
            x += w
        svg.append(f'<text x="{x + 6:.1f}" y="{y + 14}" font-size="12">{row.total}</text>')
    legend_y = len(rows) * row_h + 20
    lx = float(label_w)
    for name, color in COLORS.items():
        svg.append(
            f'<rect x="{lx:.0f}" y="{legend_y - 10}" width="10" height="10" fill="{color}"/>'
            f'<text x="{lx + 14:.0f}" y="{legend_y}" font-size="12">{name}</text>'
        )
        lx += 95
    svg.append("</svg>")
    return [
        "<h2>By sector</h2>",
        '<p class="muted">Each row counts its sub-sectors too. Other: planned, agreed '
        "or abandoned.</p>",
        *svg,
    ]


def _claims_section(snap: Snapshot) -> list[str]:
    claims = sorted(
        (c for c in Q.claims_until(snap.registry, snap.day) if c.share is not None),
        key=Q.BY_DATE,
    )
    if not claims:
        return []
    conflicted = {id(c.first) for c in snap.conflicts} | {id(c.second) for c in snap.conflicts}
    first, last = claims[0].date.start, claims[-1].date.start
    span = max((last - first).days, 1)
    w, h, pad = 720, 260, 40

    def xy(c: ProgressClaim) -> tuple[float, float]:
        return (
            pad + (w - 2 * pad) * (c.date.start - first).days / span,
            h - pad - (h - 2 * pad) * (c.share or 0.0) / 100,
        )

    svg = [
        f'<svg id="claims-chart" role="img" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">'
        "<title>Progress claims over time, in percent; conflicting claims ringed in red</title>"
    ]
    for pct in (0, 25, 50, 75, 100):
        y = h - pad - (h - 2 * pad) * pct / 100
        svg.append(
            f'<line x1="{pad}" x2="{w - pad}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>'
            f'<text x="4" y="{y + 4:.1f}" font-size="11">{pct}%</text>'
        )
    svg.append(
        f'<text x="{pad}" y="{h - 8}" font-size="11">{first.isoformat()}</text>'
        f'<text x="{w - pad}" y="{h - 8}" font-size="11" text-anchor="end">{last.isoformat()}</text>'
    )
    for c in claims:
        x, y = xy(c)
        ring = id(c) in conflicted
        look = CONFLICT_RING if ring else 'class="claim" r="5"'
        svg.append(
            f'<circle {look} cx="{x:.1f}" cy="{y:.1f}" fill="#1565c0" fill-opacity=".7">'
            f"<title>{_h(c.date)}: {_h(c.by)}: {_h(Q.describe_claim(c))}</title></circle>"
        )
    svg.append("</svg>")
    table = [
        '<div class="scroll"><table id="claims"><thead><tr><th>date</th><th>subject</th><th>claim</th><th>by</th>'
        "<th>sources</th></tr></thead><tbody>"
    ]
    for c in reversed(claims):
        mark = ' <span class="flag">conflicting</span>' if id(c) in conflicted else ""
        table.append(
            f"<tr><td>{_h(c.date)}</td><td>{_h(c.subject)}</td><td>{_h(Q.describe_claim(c))}{mark}</td>"
            f"<td>{_h(c.by)}</td><td>{_source_links(snap, c.sources)}</td></tr>"
        )
    table.append("</tbody></table></div>")
    return [
        "<h2>Progress claims</h2>",
        f'<p class="muted">{len(claims)} claims; {len(snap.conflicts)} pairs '
        "conflict (same subject and unit, within 45 days, more than 5 points apart).</p>",
        *svg,
        *table,
    ]


def _plan_sections(snap: Snapshot) -> list[str]:
    r = snap.registry
    out = []
    for plan in r.plans.values():
        chosen = [v for v in snap.ordered_views if v.program.plan == plan.id]
        identified = snap.identified[plan.id]
        size = f"{identified} of {plan.size}" if plan.size else str(identified)
        out.append(f'<h2 id="plan-{_h(plan.id)}">{_h(plan.title)}</h2>')
        out.append(
            f'<p class="muted"><code>{_h(plan.id)}</code>'
            f"{', adopted ' + _h(plan.adopted) if plan.adopted else ''}: {size} programs identified. "
            f"{_h(plan.note or '')}</p>"
        )
        if not chosen:
            continue
        out.append(
            '<div class="scroll"><table class="plan"><thead><tr><th>program</th><th>status</th><th>since</th>'
            "<th>sector</th><th>title</th><th>evidence</th></tr></thead><tbody>"
        )
        for v in chosen:
            flags = "".join(f' <span class="flag">{_h(f.value)}</span>' for f in sorted(v.flags))
            out.append(
                f'<tr><td><a href="#program-{_h(v.program.id)}">{_h(v.program.id)}</a></td>'
                f"<td>{_badge(v.status)}{flags}</td><td>{_h(v.since)}</td><td>{_h(v.program.sector)}</td>"
                f"<td>{_h(v.program.title)}</td><td>{_h(v.latest.date)}: "
                f"{_source_links(snap, v.latest.sources)}</td></tr>"
            )
        out.append("</tbody></table></div>")
    return out


def _timeline_section(snap: Snapshot) -> list[str]:
    events = [e for e in Q.events(snap.registry) if e.date.start <= snap.day]
    out = ["<h2>Timeline</h2>", '<ol class="timeline">']
    for e in events:
        if e.kind == "status" and e.status is not None:
            change = (
                f"{_badge(e.previous)} → "
                if e.previous is not None and e.previous is not e.status
                else ""
            )
            what = f"{change}{_badge(e.status)} {_h(e.text)}"
        else:
            what = _h(e.text)
        out.append(
            f'<li><time>{_h(e.date)}</time> <a href="#program-{_h(e.subject)}">{_h(e.subject)}</a>: '
            f'{what} <span class="muted">({_source_links(snap, e.sources)})</span></li>'
        )
    out.append("</ol>")
    return out


def _program_sections(snap: Snapshot) -> list[str]:
    out = ["<h2>Programs</h2>"]
    for program in snap.registry.programs.values():
        v = snap.views.get(program.id)
        status = f"{_badge(v.status)} since {_h(v.since)}" if v else "not yet recorded"
        flags = (
            "".join(f' <span class="flag">{_h(f.value)}</span>' for f in sorted(v.flags))
            if v
            else ""
        )
        out.append(
            f'<article id="program-{_h(program.id)}"><h3>{_h(program.title)} <code>{_h(program.id)}</code></h3>'
        )
        if program.title_ru:
            out.append(f'<p lang="ru"><i>{_h(program.title_ru)}</i></p>')
        deadline = f"; deadline {_h(program.deadline)}" if program.deadline else ""
        out.append(
            f'<p>{status}{flags}{deadline}; plan <a href="#plan-{_h(program.plan)}">{_h(program.plan)}</a>, '
            f"sector {_h(program.sector)}</p>"
        )
        for text in (program.summary, program.note):
            if text:
                out.append(f'<p class="muted">{_h(text)}</p>')
        out.append(
            '<div class="scroll"><table><thead><tr><th>date</th><th>status</th><th>what happened</th>'
            "<th>sources</th></tr></thead><tbody>"
        )
        for e in program.history:
            out.append(
                f"<tr><td>{_h(e.date)}</td><td>{_badge(e.status)}</td><td>{_h(e.note or '')}</td>"
                f"<td>{_source_links(snap, e.sources)}</td></tr>"
            )
        out.append("</tbody></table></div></article>")
    return out


def _source_section(snap: Snapshot) -> list[str]:
    out = ["<h2>Sources</h2>", '<ol class="sources">']
    for s in snap.registry.sources.values():
        url = safe_url(s.url)
        title = f'<a href="{_h(url)}" rel="noreferrer">{_h(s.title)}</a>' if url else _h(s.title)
        note = f' <span class="muted">{_h(s.note)}</span>' if s.note else ""
        out.append(
            f'<li id="source-{_h(s.id)}"><code>{_h(s.id)}</code>: {_h(s.publisher)}, “{title}”, '
            f"{_h(s.published or 'date unknown')} [{_h(s.language)}].{note}</li>"
        )
    out.append("</ol>")
    return out


# -- diff ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    program: Program
    old: Status | None
    new: Status
    entry_date: PartialDate
    sources: tuple[str, ...]


def changes(registry: Registry, start: dt.date, end: dt.date) -> list[Change]:
    """Programs whose status on `end` differs from their status on `start` (None: not yet
    recorded), with the entry that set the new status."""
    found = []
    for program in registry.programs.values():
        after = Q.view(registry, program, end, frozenset())
        if after is None:
            continue
        before = Q.view(registry, program, start, frozenset())
        old = before.status if before else None
        if old is after.status:
            continue
        setting = next(
            e
            for e in Q.history_until(program, end)
            if e.date == after.since and e.status is after.status
        )
        found.append(Change(program, old, after.status, setting.date, setting.sources))
    return sorted(found, key=lambda c: (c.entry_date.key, c.program.id))


def claims_between(registry: Registry, start: dt.date, end: dt.date) -> list[ProgressClaim]:
    return sorted((c for c in Q.all_claims(registry) if start < c.date.start <= end), key=Q.BY_DATE)
