"""The pieces every HTML output is made of: the one-page report and the site share them.

Registry text is data, never markup: everything passes through `h` on its way out, and only
http(s) addresses become links. Where a piece links to a record, it asks a `Links` object, so
the same piece points at an anchor in the report (`#program-x`) or at a page of the site
(`../programs/x.html`). Pieces yield or return strings, never one big document, so that a
caller can write them as they come (a registry of 10,000 programs makes a 60 MB page).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence

from . import query as Q
from .export import Snapshot, safe_url
from .model import Flag, Program, ProgressClaim, Source, Status

# Colours pass WCAG AA against white text (badges) and white background (charts).
STATUS_COLORS = {
    Status.PLANNED: "#757575",
    Status.AGREED: "#00838f",
    Status.IN_PROGRESS: "#1565c0",
    Status.DONE: "#2e7d32",
    Status.STALLED: "#c62828",
    Status.DISPUTED: "#8e24aa",
    Status.ABANDONED: "#4e342e",
}

CSS = """
:root{--ink:#1b1b1b;--muted:#5f6368;--line:#ddd;--bg:#fff;--accent:#1565c0}
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:var(--bg);overflow-wrap:anywhere}
main{max-width:72rem;margin:0 auto;padding:1rem}
header.site{border-bottom:1px solid var(--line);background:#f6f8fa}
header.site nav{max-width:72rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
footer.site{max-width:72rem;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.9rem}
h1{font-size:1.6rem;margin:.5rem 0;line-height:1.25}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}.muted{color:var(--muted)}a{color:var(--accent)}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0;padding:0;list-style:none}
.card{border:1px solid var(--line);border-radius:.4rem;padding:.4rem .8rem;min-width:7rem}
.card b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;vertical-align:top;
padding:.3rem .5rem;border-bottom:1px solid var(--line)}th{background:#f6f6f6}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;color:#fff;font-size:.85rem;white-space:nowrap}
.s-done{background:#2e7d32}.s-in-progress{background:#1565c0}.s-stalled{background:#c62828}
.s-disputed{background:#8e24aa}.s-agreed{background:#00838f}.s-planned{background:#757575}
.s-abandoned{background:#4e342e}
.flag{color:#8a4b00;font-size:.85rem}code{font-size:.9em}
svg{max-width:100%}svg.chart{display:block;width:100%;font-family:inherit}
figure{margin:1rem 0;max-width:48rem}figcaption{font-size:.95rem;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;list-style:none;padding:0;margin:.3rem 0;font-size:.9rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.05rem}
ol.timeline{padding-left:1.2rem}ol.timeline li{margin:.2rem 0}time{white-space:nowrap}
td.date{white-space:nowrap}
@media (min-width:40.01rem){table.rows td{overflow-wrap:break-word}
td[data-label=sources] a,td[data-label=program] a,td[data-label=evidence] a,td[data-label=subject] a,
td[data-label=sector] a,td[data-label=plan] a,td[data-label=gap]{white-space:nowrap}}
.search input{font:inherit;width:100%;max-width:30rem;padding:.4rem}
@media (max-width:40rem){body{font-size:15px}
table.rows thead{display:none}table.rows,table.rows tbody,table.rows tr,table.rows td{display:block;width:100%}
table.rows tr{border:1px solid var(--line);border-radius:.4rem;margin:.5rem 0;padding:.3rem .6rem}
table.rows td{border:0;padding:.1rem 0;white-space:normal}table.rows td:empty{display:none}
table.rows td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}}
@media print{header.site,.search,.noprint{display:none}main{max-width:none;padding:0}
a{color:inherit;text-decoration:none}h2,h3{break-after:avoid}article,tr,figure{break-inside:avoid}
.badge{color:#000;background:none!important;border:1px solid #000}}
"""


def h(value: object) -> str:
    """Registry text as inert HTML (also safe inside a quoted attribute)."""
    return html.escape("" if value is None else str(value), quote=True)


def badge(status: Status) -> str:
    return f'<span class="badge s-{status.value}">{h(status.value)}</span>'


def flags(found: Iterable[Flag]) -> str:
    return "".join(f' <span class="flag">{h(f.value)}</span>' for f in sorted(found))


class Links:
    """Where a record is: anchors in the one-page report. The site overrides every method."""

    def program(self, pid: str) -> str:
        return f"#program-{pid}"

    def plan(self, pid: str) -> str:
        return f"#plan-{pid}"

    def sector(self, sid: str) -> str | None:
        return None  # the report has no section per sector

    def source(self, sid: str) -> str:
        return f"#source-{sid}"


def link(href: str | None, text: object) -> str:
    return f'<a href="{h(href)}">{h(text)}</a>' if href else h(text)


def source_links(links: Links, ids: Iterable[str]) -> str:
    return ", ".join(link(links.source(sid), sid) for sid in ids)


def record_link(links: Links, record: str) -> str:
    """A citation's record ("programs.gas-market") as a link to it."""
    table, _, rid = record.partition(".")
    href = {"programs": links.program, "plans": links.plan}.get(table)
    return link(href(rid) if href else None, rid)


def table(cls: str, headers: Sequence[str], attrs: str = "") -> str:
    """The opening of a table that turns into one card per row on a narrow screen."""
    cells = "".join(f"<th>{h(name)}</th>" for name in headers)
    return f'<table class="rows {cls}"{attrs}><thead><tr>{cells}</tr></thead><tbody>'


def row(cells: Sequence[tuple[str, str]], attrs: str = "") -> str:
    """One row of (label, html) cells; the label heads the cell when the row is a card."""
    out = []
    for label, content in cells:
        cls = ' class="date"' if label in ("date", "since", "deadline") else ""
        out.append(f'<td data-label="{h(label)}"{cls}>{content}</td>')
    return f"<tr{attrs}>{''.join(out)}</tr>"


TABLE_END = "</tbody></table>"


def counts_cards(views: Sequence[Q.ProgramView]) -> Iterator[str]:
    counts = Q.count_by_status(views)
    yield '<ul class="cards" id="counts">'
    yield f'<li class="card" data-status="total"><b>{len(views)}</b>programs</li>'
    for s in Status:
        yield f'<li class="card" data-status="{s.value}"><b>{counts[s]}</b>{h(s.value)}</li>'
    yield "</ul>"


def programs_table(
    links: Links, views: Iterable[Q.ProgramView], when: str = "since", cls: str = "programs"
) -> Iterator[str]:
    """Programs with status, since (or deadline), sector, title and the evidence it rests on."""
    yield table(cls, ["program", "status", when, "sector", "title", "evidence"])
    for v in views:
        p = v.program
        date = v.since if when == "since" else (p.deadline or "")
        yield row(
            [
                ("program", link(links.program(p.id), p.id)),
                ("status", badge(v.status) + flags(v.flags)),
                (when, h(date)),
                ("sector", link(links.sector(p.sector), p.sector)),
                ("title", h(p.title)),
                ("evidence", f"{h(v.latest.date)}: {source_links(links, v.latest.sources)}"),
            ]
        )
    yield TABLE_END


def claim_subject_link(links: Links, snap: Snapshot, subject: str) -> str:
    if subject in snap.registry.programs:
        return link(links.program(subject), subject)
    if subject in snap.registry.plans:
        return link(links.plan(subject), subject)
    return h(subject)


def claims_table(
    links: Links, snap: Snapshot, claims: Iterable[ProgressClaim], table_id: str = ""
) -> Iterator[str]:
    conflicted = conflicted_claims(snap)
    yield table("claims", ["date", "subject", "claim", "by", "sources"], table_id)
    for c in claims:
        mark = ' <span class="flag">conflicting</span>' if id(c) in conflicted else ""
        note = f'<br><span class="muted">{h(c.note)}</span>' if c.note else ""
        yield row(
            [
                ("date", h(c.date)),
                ("subject", claim_subject_link(links, snap, c.subject)),
                ("claim", f"{h(Q.describe_claim(c))}{mark}{note}"),
                ("by", h(c.by)),
                ("sources", source_links(links, c.sources)),
            ]
        )
    yield TABLE_END


def conflicted_claims(snap: Snapshot) -> set[int]:
    return {id(c.first) for c in snap.conflicts} | {id(c.second) for c in snap.conflicts}


def conflicts_table(links: Links, snap: Snapshot, found: Sequence[Q.Conflict]) -> Iterator[str]:
    yield table("conflicts", ["subject", "first", "second", "gap"])
    for c in found:
        a, b = c.first, c.second
        yield row(
            [
                ("subject", claim_subject_link(links, snap, a.subject)),
                (
                    "first",
                    f"{h(a.date)}: {h(a.by)}: {h(Q.describe_claim(a))} ({source_links(links, a.sources)})",
                ),
                (
                    "second",
                    f"{h(b.date)}: {h(b.by)}: {h(Q.describe_claim(b))} ({source_links(links, b.sources)})",
                ),
                ("gap", f"{c.gap:.0f} points"),
            ]
        )
    yield TABLE_END


def event_anchor(e: Q.Event, n: int = 0) -> str:
    """A stable name for an event on its subject's page: kind, date, status, and a counter
    for events that share all three."""
    status = f"-{e.status.value}" if e.status is not None else ""
    return f"event-{e.kind}-{e.date}{status}" + (f"-{n}" if n else "")


def event_html(links: Links, snap: Snapshot, e: Q.Event) -> str:
    if e.kind == "status" and e.status is not None:
        change = (
            f"{badge(e.previous)} → "
            if e.previous is not None and e.previous is not e.status
            else ""
        )
        what = f"{change}{badge(e.status)} {h(e.text)}"
    else:
        what = h(e.text)
    return (
        f"<li><time>{h(e.date)}</time> {claim_subject_link(links, snap, e.subject)}: "
        f'{what} <span class="muted">({source_links(links, e.sources)})</span></li>'
    )


def timeline(links: Links, snap: Snapshot, events: Iterable[Q.Event]) -> Iterator[str]:
    yield '<ol class="timeline">'
    for e in events:
        yield event_html(links, snap, e)
    yield "</ol>"


def history_table(links: Links, snap: Snapshot, program: Program) -> Iterator[str]:
    """The program's history up to the as-of day, each entry with its sources."""
    yield table("history", ["date", "status", "what happened", "sources"])
    seen: dict[str, int] = {}
    previous: Status | None = None
    for e in Q.history_until(program, snap.day):
        event = Q.Event(e.date, "status", program.id, e.note or "", e.sources, e.status, previous)
        name = event_anchor(event)
        n = seen[name] = seen.get(name, -1) + 1
        previous = e.status
        yield row(
            [
                ("date", h(e.date)),
                ("status", badge(e.status)),
                ("what happened", h(e.note or "")),
                ("sources", source_links(links, e.sources)),
            ],
            f' id="{h(event_anchor(event, n))}"',
        )
    yield TABLE_END


def program_facts(links: Links, snap: Snapshot, program: Program) -> Iterator[str]:
    """Status, flags, deadline, plan, sector, follows, summary and note of one program."""
    v = snap.views.get(program.id)
    status = f"{badge(v.status)} since {h(v.since)}" if v else "not yet recorded"
    if program.title_ru:
        yield f'<p lang="ru"><i>{h(program.title_ru)}</i></p>'
    deadline = f"; deadline {h(program.deadline)}" if program.deadline else ""
    yield (
        f"<p>{status}{flags(v.flags) if v else ''}{deadline}; plan "
        f"{link(links.plan(program.plan), program.plan)}, sector "
        f"{link(links.sector(program.sector), program.sector)}</p>"
    )
    if program.follows:
        follows = ", ".join(
            link(links.program(pid) if pid in snap.registry.programs else None, pid)
            for pid in program.follows
        )
        yield f"<p>Follows {follows}.</p>"
    for text in (program.summary, program.note):
        if text:
            yield f'<p class="muted">{h(text)}</p>'


def source_reference(s: Source) -> str:
    """Publisher, “title” (a link only when the address is http or https), date, language."""
    url = safe_url(s.url)
    title = f'<a href="{h(url)}" rel="noreferrer">{h(s.title)}</a>' if url else h(s.title)
    note = f' <span class="muted">{h(s.note)}</span>' if s.note else ""
    return (
        f"{h(s.publisher)}, “{title}”, {h(s.published or 'date unknown')} [{h(s.language)}].{note}"
    )


def legend(items: Iterable[tuple[str, str]]) -> str:
    keys = "".join(f'<li><i style="background:{color}"></i>{h(name)}</li>' for name, color in items)
    return f'<ul class="legend">{keys}</ul>'


def coverage_table(links: Links, snap: Snapshot) -> Iterator[str]:
    yield table("plans", ["plan", "adopted", "coverage", "title"])
    for plan in snap.registry.plans.values():
        n = snap.identified[plan.id]
        size = f"{n} of {plan.size} identified" if plan.size else f"{n} identified"
        yield row(
            [
                ("plan", link(links.plan(plan.id), plan.id)),
                ("adopted", h(plan.adopted or "")),
                ("coverage", h(size)),
                ("title", h(plan.title)),
            ]
        )
    yield TABLE_END


def status_lists(links: Links, snap: Snapshot) -> Iterator[str]:
    """Stalled, disputed, overdue and conflicting: what a reader of the status page looks for."""
    views = snap.ordered_views
    for status in (Status.STALLED, Status.DISPUTED):
        chosen = [v for v in views if v.status is status]
        yield f'<h2 id="{status.value}">{status.value.capitalize()} ({len(chosen)})</h2>'
        yield from programs_table(links, chosen) if chosen else ["<p>None.</p>"]
    overdue = [v for v in views if Flag.OVERDUE in v.flags]
    yield f'<h2 id="overdue">Overdue ({len(overdue)})</h2>'
    yield from programs_table(links, overdue, when="deadline") if overdue else ["<p>None.</p>"]
    yield f'<h2 id="conflicting">Conflicting claims ({len(snap.conflicts)})</h2>'
    if snap.conflicts:
        yield (
            '<p class="muted">Same subject and unit, within 45 days, more than 5 points apart.</p>'
        )
        yield from conflicts_table(links, snap, snap.conflicts)
    else:
        yield "<p>None.</p>"
