"""HTML export: one self-contained page; registry text is escaped, only http(s) URLs link."""

from __future__ import annotations

import html
from collections.abc import Iterable

from . import query as Q
from . import render as R
from .export import Snapshot, safe_url
from .model import ProgressClaim, Status

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
