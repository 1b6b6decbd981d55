"""HTML export: one self-contained page; registry text is escaped, only http(s) URLs link.

The page is made of the same pieces as the site (html_parts, charts) and comes out as a
stream of strings, so a large registry is written as it is made, never held whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import charts as C
from . import html_parts as P
from . import query as Q
from .export import Snapshot
from .model import ProgressClaim


def to_html(snap: Snapshot) -> str:
    return "".join(html_chunks(snap))


def html_chunks(snap: Snapshot) -> Iterator[str]:
    """The report, piece by piece, each ending with a newline."""
    for part in _parts(snap):
        yield part + "\n"


def _parts(snap: Snapshot) -> Iterator[str]:
    r = snap.registry
    links = P.Links()
    yield from [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{P.h(r.title)}: as of {snap.day.isoformat()}</title>",
        '<link rel="icon" href="data:,">',
        f"<style>{P.CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{P.h(r.title)}</h1>",
        f'<p class="muted">As of <time datetime="{snap.day.isoformat()}">{snap.day.isoformat()}</time>; '
        f"registry reviewed {P.h(r.as_of)}. Every status cites its sources; flags are derived at the as-of date.</p>",
    ]
    if r.note:
        yield f'<p class="muted">{P.h(r.note)}</p>'
    yield from P.counts_cards(snap.ordered_views)
    yield from sector_section(snap)
    yield from claims_section(links, snap, Q.claims_until(r, snap.day), "Progress claims")
    yield from _plan_sections(snap, links)
    yield "<h2>Timeline</h2>"
    yield from P.timeline(links, snap, (e for e in Q.events(r) if e.date.start <= snap.day))
    yield "<h2>Programs</h2>"
    for program in r.programs.values():
        yield (
            f'<article id="program-{P.h(program.id)}"><h3>{P.h(program.title)} '
            f"<code>{P.h(program.id)}</code></h3>"
        )
        yield from P.program_facts(links, snap, program)
        yield from P.history_table(links, snap, program)
        yield "</article>"
    yield "<h2>Sources</h2>"
    yield '<ol class="sources">'
    for s in r.sources.values():
        yield f'<li id="source-{P.h(s.id)}"><code>{P.h(s.id)}</code>: {P.source_reference(s)}</li>'
    yield from ["</ol>", "</main>", "</body>", "</html>"]


def sector_section(snap: Snapshot) -> Iterator[str]:
    rows = Q.sector_rows(snap.registry, snap.ordered_views)
    if not rows:
        return
    yield "<h2>By sector</h2>"
    yield '<p class="muted">Each row counts its sub-sectors too. Other: planned, agreed or abandoned.</p>'
    yield f"<figure>{C.sector_bars(rows)}{P.legend(C.GROUP_COLORS.items())}</figure>"


def claims_section(
    links: P.Links,
    snap: Snapshot,
    claims: Iterable[ProgressClaim],
    heading: str,
    level: int = 2,
    table_id: str = ' id="claims"',
) -> Iterator[str]:
    """Claims with a chart per unit they count, then every claim, newest first."""
    figures = [c for c in claims if c.share is not None]
    if not figures:
        return
    ringed = P.conflicted_claims(snap)
    involved = sum(1 for c in figures if id(c) in ringed)
    yield f"<h{level}>{P.h(heading)}</h{level}>"
    charted = [(unit, group) for unit, group in C.claims_by_unit(figures).items() if len(group) > 1]
    yield (
        f'<p class="muted">{len(figures)} claims; {involved} of them conflict with another '
        "(same subject and unit, within 45 days, more than 5 points apart). A chart for each unit "
        "counted by two claims or more; every claim is in the table.</p>"
    )
    for n, (unit, group) in enumerate(charted):
        chart = C.claims_chart(f"claims-chart-{n}" if n else "claims-chart", unit, group, ringed)
        yield (
            f"<figure><figcaption>Claims about {P.h(C.about(unit))}, in percent</figcaption>"
            f"{chart}</figure>"
        )
    yield from P.claims_table(links, snap, sorted(figures, key=Q.BY_DATE, reverse=True), table_id)


def status_figure(snap: Snapshot, plan_id: str, chart_id: str) -> str:
    """The plan's programs by status over time, with its legend; empty when none has begun."""
    programs = Q.programs_of_plan(snap.registry, plan_id)
    series = C.status_series(programs, snap.day)
    if not series:
        return ""
    title = f"Programs of {plan_id} by status over time"
    present = [s for s in P.STATUS_COLORS if any(c[s] for _, c in series)]
    return (
        f"<figure><figcaption>{P.h(title)}: how many stood at each status on each date"
        f"</figcaption>{C.status_chart(chart_id, title, series, snap.day)}"
        f"{P.legend((s.value, P.STATUS_COLORS[s]) for s in present)}</figure>"
    )


def _plan_sections(snap: Snapshot, links: P.Links) -> Iterator[str]:
    for plan in snap.registry.plans.values():
        chosen = [v for v in snap.ordered_views if v.program.plan == plan.id]
        identified = snap.identified[plan.id]
        size = f"{identified} of {plan.size}" if plan.size else str(identified)
        yield f'<h2 id="plan-{P.h(plan.id)}">{P.h(plan.title)}</h2>'
        adopted = f", adopted {P.h(plan.adopted)}" if plan.adopted else ""
        yield (
            f'<p class="muted"><code>{P.h(plan.id)}</code>{adopted}: {size} programs identified. '
            f"{P.h(plan.note or '')}</p>"
        )
        if not chosen:
            continue
        yield status_figure(snap, plan.id, f"status-chart-{plan.id}")
        yield from P.programs_table(links, chosen, cls="plan")
