"""Query results -> rich renderables and JSON-ready documents. Never prints.

All registry text goes through `Text`, never through console markup, so a title such as
"[red]x[/]" is shown as written. `fancy` is true on a terminal: boxes and coloured bars there,
plain, stable columns everywhere else (pipes, files, NO_COLOR diffs in CI).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from . import query as Q
from .errors import Problem
from .grid import Column, Grid
from .model import Flag, PartialDate, Plan, Program, ProgressClaim, Registry, Sector, Source, Status

FORMAT = 1

STATUS_STYLE = {
    Status.PLANNED: "bright_black",
    Status.AGREED: "cyan",
    Status.IN_PROGRESS: "blue",
    Status.DONE: "green",
    Status.STALLED: "red",
    Status.DISPUTED: "magenta",
    Status.ABANDONED: "bright_black",
}
# The bar groups statuses into the four a reader scans for; the rest is "other".
BAR_GROUPS: tuple[tuple[str, frozenset[Status], str, str], ...] = (
    ("done", frozenset({Status.DONE}), "green", "#"),
    ("in progress", frozenset({Status.IN_PROGRESS}), "blue", "="),
    ("stalled", frozenset({Status.STALLED}), "red", "!"),
    ("disputed", frozenset({Status.DISPUTED}), "magenta", "?"),
    ("other", frozenset({Status.PLANNED, Status.AGREED, Status.ABANDONED}), "bright_black", "."),
)
BAR_WIDTH = 28


def count(n: int, noun: str) -> str:
    """ "1 progress claim", "2 progress claims": numbers in sentences agree with their noun."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _t(value: object, style: str = "") -> Text:
    return Text("" if value is None else str(value), style=style)


def status_text(status: Status) -> Text:
    return Text(status.value, style=STATUS_STYLE[status])


# How columns adapt to the width (design §4; the README's "How tables adapt to the width").
# Ids, dates, numbers and statuses never wrap and never shrink: a cut id cannot be copied into
# `roadmaps show`. Prose and lists of ids wrap between words, never inside one. A URL runs on
# whole past the edge rather than fold. A table too wide for the terminal drops whole columns
# in DROP_ORDER (only those a row can do without: the first column, the record's key, never
# goes); if it still does not fit, every row becomes a block of `header value` lines.
# fmt: off
WHOLE = frozenset({
    "program", "source", "plan", "sector", "subject", "record", "date", "dates", "since",
    "deadline", "adopted", "published", "lang", "total", "cited", "programs", "silent since",
    "days", "done", "in progress", "stalled", "disputed", "other", "bar", "gap", "change",
})
# fmt: on
SPILL = frozenset({"reference"})
DROP_ORDER = ("bar", "evidence", "sector", "since", "lang", "publisher")


def _table(fancy: bool, *headers: str, title: str | None = None) -> Grid:
    table = Grid.of(*headers, title=title, fancy=fancy)
    table.fit = True
    for index, column in enumerate(table.columns):
        name = column.header
        if name in WHOLE:
            column.no_wrap = True
        else:
            column.keep_words = True
            column.spill = name in SPILL
            column.min_width = 12 if name not in ("status", "sources") else None
        column.squeeze_first = name in ("sources", "evidence")
        if index and name in DROP_ORDER:
            column.drop = DROP_ORDER.index(name)
    return table


def _heading(text: str, fancy: bool) -> Text:
    return Text(text, style="bold underline" if fancy else "")


def _fields(rows: Iterable[tuple[str, RenderableType | str | None]]) -> Grid:
    """An aligned `label  value` block for the head of `show`."""
    grid = Grid(
        [Column(style="bold", no_wrap=True), Column(keep_words=True, spill=True)],
        show_header=False,
        pad_left=0,
        fit=True,
        blocks=False,
    )
    for label, value in rows:
        if value is None or value == "":
            continue
        grid.add_row(label, value if isinstance(value, Text | Grid) else _t(value))
    return grid


def flags_text(flags: Iterable[Flag]) -> Text:
    names = sorted(f.value for f in flags)
    return Text(", ".join(names), style="yellow") if names else Text("")


def evidence_text(v: Q.ProgramView) -> Text:
    """The newest history entry's date over its sources: where the current status comes from."""
    return Text(f"{v.latest.date}\n{', '.join(v.latest.sources)}")


def bar(counts: Counter[Status], scale: float, fancy: bool) -> Text:
    """A stacked bar, one cell per program (scaled down when a sector is large): coloured
    blocks when `fancy`, else one character per group."""
    text = Text()
    for _, members, style, char in BAR_GROUPS:
        n = sum(counts[s] for s in members)
        cells = round(n * scale) if n else 0
        if n and not cells:
            cells = 1
        text.append(("█" if fancy else char) * cells, style=style if fancy else "")
    return text


def bar_legend(fancy: bool) -> Text:
    legend = Text("bar: ")
    for i, (name, _, style, char) in enumerate(BAR_GROUPS):
        if i:
            legend.append("  ")
        legend.append("█" if fancy else char, style=style if fancy else "")
        legend.append(f" {name}")
    legend.append(" (planned, agreed or abandoned)")
    return legend


def claim_text(claim: ProgressClaim) -> Text:
    return Text(Q.describe_claim(claim))


# -- status -------------------------------------------------------------------------------


def status_view(
    registry: Registry,
    views: Sequence[Q.ProgramView],
    day: dt.date,
    plans: str | Sequence[str] | None,
    fancy: bool,
    color: bool = True,
) -> RenderableType:
    """The headline; with `plans`, every number is about those plans alone. Bars are
    coloured blocks only where colour shows (`color`): under NO_COLOR each group keeps its
    character, or the legend would mean nothing."""
    plans = _plans(plans)
    blocks = fancy and color
    parts: list[RenderableType] = []
    scope = f" · plan {', '.join(plans)}" if plans else ""
    parts.append(Text(f"{registry.title}{scope}", style="bold" if fancy else ""))
    parts.append(
        Text(
            f"as of {day.isoformat()} · registry reviewed {registry.as_of} · "
            f"{count(len(views), 'program')}",
            style="dim" if fancy else "",
        )
    )
    parts.append(Text(""))

    counts = Q.count_by_status(views)
    by_status = _table(fancy, "status", "programs", title="Programs by status")
    by_status.columns[1].justify = "right"
    for status in Status:
        if counts[status]:
            by_status.add_row(status_text(status), str(counts[status]))
    parts.append(by_status if by_status.rows else _none("Programs by status", fancy))
    parts.append(Text(""))

    rows = Q.sector_rows(registry, views)
    if rows:
        widest = max(r.total for r in rows)
        scale = min(1.0, BAR_WIDTH / widest)
        sectors = _table(
            fancy,
            "sector",
            "total",
            "done",
            "in progress",
            "stalled",
            "disputed",
            "other",
            "bar",
            title="By sector (each row includes its sub-sectors)",
        )
        for col in sectors.columns[1:7]:
            col.justify = "right"
        for row in rows:
            groups = [sum(row.counts[s] for s in members) for _, members, _, _ in BAR_GROUPS]
            sectors.add_row(
                _t("  " * row.depth + row.sector),
                str(row.total),
                *[str(n) if n else "-" for n in groups],
                bar(row.counts, scale, blocks),
            )
        sectors.caption, sectors.caption_of = bar_legend(blocks), len(sectors.columns) - 1
        parts.append(sectors)
        parts.append(Text(""))

    table = _table(fancy, "plan", "adopted", "coverage", "title", title="Plans")
    for cov in Q.coverage(registry, views, day, plans):
        p = registry.plans[cov.plan]
        size = (
            f"{cov.identified} of {cov.size} identified"
            if cov.size
            else f"{cov.identified} identified"
        )
        table.add_row(_t(p.id), _t(p.adopted or "-"), size, _t(p.title))
    parts.append(table if table.rows else _none("Plans", fancy))
    parts.append(Text(""))

    claims = [
        c for c in Q.claims_until(registry, day) if not plans or _owner(registry, c) in plans
    ][:5]
    if claims:
        table = _table(
            fancy, "date", "subject", "claim", "by", "sources", title="Latest progress claims"
        )
        for c in claims:
            table.add_row(
                _t(c.date), _t(c.subject), claim_text(c), _t(c.by), _t(", ".join(c.sources))
            )
        parts.append(table)
        parts.append(Text(""))

    for status in (Status.STALLED, Status.DISPUTED):
        chosen = [v for v in views if v.status is status]
        parts.append(
            _program_list(f"{status.value.capitalize()} ({len(chosen)})", chosen, fancy, since=True)
        )
    overdue = [v for v in views if Flag.OVERDUE in v.flags]
    parts.append(_program_list(f"Overdue ({len(overdue)})", overdue, fancy, since=False))
    stale = [v for v in views if Flag.STALE in v.flags]
    parts.append(_stale_list(stale, registry.stale_after_days, day, fancy))
    found = [
        c for c in Q.conflicts(registry, day) if not plans or _owner(registry, c.first) in plans
    ]
    parts.append(conflicts_table(found, fancy))
    return Group(*parts)


def _plans(plans: str | Sequence[str] | None) -> list[str]:
    """One plan or several (a string is one id, never its letters)."""
    if plans is None:
        return []
    return [plans] if isinstance(plans, str) else list(plans)


def _owner(registry: Registry, claim: ProgressClaim) -> str:
    program = registry.programs.get(claim.subject)
    return program.plan if program is not None else claim.subject


def _none(title: str, fancy: bool) -> RenderableType:
    """An empty section: its heading and "none", not a header row over nothing."""
    return Group(Text(title, style="bold" if fancy else ""), Text("  none"))


def _program_list(
    title: str, views: Sequence[Q.ProgramView], fancy: bool, since: bool
) -> RenderableType:
    if not views:
        return Group(_heading(title, fancy), Text("  none"), Text(""))
    table = _table(
        fancy, "program", "status", "since" if since else "deadline", "title", "evidence"
    )
    for v in views:
        when = v.since if since else (v.program.deadline or "-")
        table.add_row(
            _t(v.program.id), status_text(v.status), _t(when), _t(v.program.title), evidence_text(v)
        )
    return Group(_heading(title, fancy), Padding(table, (0, 0, 1, 0)))


def _stale_list(
    views: Sequence[Q.ProgramView], days: int, day: dt.date, fancy: bool
) -> RenderableType:
    """One short line per open program, the longest silent first: stale is about the age of
    evidence, so that is all it shows: since when, and for how many days."""
    title = f"Stale ({len(views)}): open programs with no evidence for more than {days} days"
    if not views:
        return Group(_heading(title, fancy), Text("  none"), Text(""))
    table = _table(fancy, "program", "status", "silent since", "days")
    table.columns[3].justify = "right"
    for v in sorted(views, key=lambda v: v.evidence.key):
        silent = (day - v.evidence.start).days
        table.add_row(_t(v.program.id), status_text(v.status), _t(v.evidence), f"{silent:,}")
    return Group(_heading(title, fancy), Padding(table, (0, 0, 1, 0)))


def conflicts_table(found: Sequence[Q.Conflict], fancy: bool) -> RenderableType:
    title = f"Conflicting claims ({len(found)})"
    if not found:
        return Group(_heading(title, fancy), Text("  none"))
    table = _table(fancy, "subject", "dates", "claims", "gap")
    for c in found:
        a, b = c.first, c.second
        claims = Text(
            f"{a.by}: {Q.describe_claim(a)} ({', '.join(a.sources)})\n"
            f"{b.by}: {Q.describe_claim(b)} ({', '.join(b.sources)})"
        )
        table.add_row(_t(a.subject), _t(f"{a.date}\n{b.date}"), claims, f"{c.gap:.0f} points")
    return Group(_heading(title, fancy), table)


# -- list, timeline, sources ----------------------------------------------------------------


def status_cell(v: Q.ProgramView) -> Text:
    """The status, with the derived flags under it: they qualify it without replacing it."""
    text = status_text(v.status)
    if v.flags:
        text.append("\n")
        text.append_text(flags_text(v.flags))
    return text


def programs_table(views: Sequence[Q.ProgramView], fancy: bool, title: str | None = None) -> Grid:
    """Programs with their status, since when, and the entry it rests on."""
    table = _table(fancy, "program", "status", "since", "sector", "title", "evidence", title=title)
    for v in views:
        p = v.program
        table.add_row(
            _t(p.id), status_cell(v), _t(v.since), _t(p.sector), _t(p.title), evidence_text(v)
        )
    return table


def timeline_table(events: Sequence[Q.Event], fancy: bool) -> Grid:
    table = _table(fancy, "date", "subject", "event", "sources")
    for e in events:
        table.add_row(_t(e.date), _t(e.subject), event_text(e), _t(", ".join(e.sources)))
    return table


def event_text(e: Q.Event) -> Text:
    if e.kind == "status" and e.status is not None:
        text = Text()
        if e.previous is not None and e.previous is not e.status:
            text.append_text(status_text(e.previous))
            text.append(" -> ")
        elif e.previous is e.status:
            text.append("still ")
        text.append_text(status_text(e.status))
        if e.text:
            text.append(f": {e.text}")
        return text
    return _t(e.text)


def sources_table(
    registry: Registry, cited: dict[str, list[Q.Citation]], ids: Iterable[str], fancy: bool
) -> Grid:
    table = _table(fancy, "source", "publisher", "published", "lang", "cited", "title")
    table.columns[4].justify = "right"
    for sid in ids:
        s = registry.sources[sid]
        table.add_row(
            source_id(s, fancy),
            _t(s.publisher),
            _t(s.published or "-"),
            _t(s.language),
            str(len(cited.get(sid, []))),
            _t(s.title),
        )
    return table


# -- show ---------------------------------------------------------------------------------


def show_program(
    registry: Registry, v: Q.ProgramView | None, program: Program, day: dt.date, fancy: bool
) -> RenderableType:
    sector = registry.sectors.get(program.sector)
    lineage = " < ".join(_ancestors(registry, program.sector)[1:])
    plan = registry.plans.get(program.plan)
    if v is None:
        status_line = Text(f"not yet recorded on {day.isoformat()}")
    else:
        status_line = status_text(v.status)
        status_line.append(f" since {v.since}")
    deadline = None
    if program.deadline is not None:
        deadline = Text(str(program.deadline))
        if v is not None and Flag.OVERDUE in v.flags:
            deadline.append(" (overdue)", style="yellow")
    flags = None
    if v is not None and v.flags:
        flags = flags_text(v.flags)
        if Flag.STALE in v.flags:
            flags.append(
                f" (newest evidence {v.evidence}, {(day - v.evidence.start).days} days before "
                f"{day.isoformat()})"
            )
    head = _fields(
        [
            ("plan", f"{program.plan} ({plan.title})" if plan else program.plan),
            (
                "sector",
                f"{program.sector} ({sector.title})" + (f" < {lineage}" if lineage else "")
                if sector
                else program.sector,
            ),
            ("status", status_line),
            ("deadline", deadline),
            ("follows", ", ".join(program.follows)),
            ("flags", flags),
            ("summary", program.summary),
            ("note", program.note),
        ]
    )
    title = Text(program.title, style="bold" if fancy else "")
    parts: list[RenderableType] = [
        Text.assemble(Text(program.id, style="bold cyan" if fancy else ""), " · ", title)
    ]
    if program.title_ru:
        parts.append(_t(program.title_ru, "italic" if fancy else ""))
    parts += [Text(""), head, Text("")]
    # As known on the day: nothing dated after it is shown (design §4).
    entries = Q.history_until(program, day)
    claims = [c for c in program.progress if c.date.start <= day]
    if entries:
        history = _table(fancy, "date", "status", "what happened", "sources", title="History")
        for entry in entries:
            history.add_row(
                _t(entry.date),
                status_text(entry.status),
                _t(entry.note or ""),
                _t(", ".join(entry.sources)),
            )
        parts += [history, Text("")]
    if claims:
        parts += [claims_table(claims, fancy), Text("")]
    cited = dict.fromkeys(s for e in entries for s in e.sources)
    cited.update(dict.fromkeys(s for c in claims for s in c.sources))
    known = [sid for sid in cited if Q.known(registry, sid, day)]
    if known:
        parts.append(source_list(registry, known, fancy))
    return Group(*parts)


def claims_table(claims: Sequence[ProgressClaim], fancy: bool) -> Grid:
    table = _table(fancy, "date", "claim", "by", "sources", title="Progress claims")
    for c in sorted(claims, key=Q.BY_DATE):
        text = claim_text(c)
        if c.note:
            text.append(f"\n{c.note}", style="dim" if fancy else "")
        table.add_row(_t(c.date), text, _t(c.by), _t(", ".join(c.sources)))
    return table


def source_list(registry: Registry, ids: Iterable[str], fancy: bool) -> RenderableType:
    table = _table(fancy, "source", "reference", title="Sources")
    for sid in ids:
        s = registry.sources.get(sid)
        table.add_row(
            source_id(s, fancy) if s else _t(sid),
            source_reference(s) if s else _t("(not in the registry)"),
        )
    return table


def source_id(s: Source, fancy: bool, style: str = "") -> Text:
    """A source's id; on a terminal, a hyperlink to its URL (the id stays whole either way)."""
    if not fancy or not s.url:
        return _t(s.id)
    return Text(s.id, style=Style.parse(style) + Style(link=s.url) if style else Style(link=s.url))


def source_reference(s: Source) -> Text:
    """Publisher, "Title", date, language, URL: enough to find the piece again."""
    text = Text(f"{s.publisher}, “{s.title}”, {s.published or 'date unknown'} [{s.language}]")
    if s.url:
        text.append(f"\n{s.url}")
    return text


def _ancestors(registry: Registry, sector: str) -> list[str]:
    chain: list[str] = []
    current: str | None = sector
    while current is not None and current in registry.sectors and current not in chain:
        chain.append(current)
        current = registry.sectors[current].parent
    return chain


def show_sector(
    registry: Registry, sector: Sector, views: Sequence[Q.ProgramView], fancy: bool
) -> RenderableType:
    members = Q.subtree(registry, sector.id)
    chosen = [v for v in views if v.program.sector in members]
    counts = Q.count_by_status(chosen)
    lineage = _ancestors(registry, sector.id)[1:]
    tree = [
        (sid, depth)
        for sid, depth in Q.sector_tree(registry)
        if sid in members and sid != sector.id
    ]
    base = next(d for sid, d in Q.sector_tree(registry) if sid == sector.id)
    summary = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s]) or "no programs"
    head = _fields(
        [
            ("parent", " < ".join(lineage)),
            (
                "sub-sectors",
                "\n".join(
                    "  " * (d - base - 1) + f"{sid} ({registry.sectors[sid].title})"
                    for sid, d in tree
                ),
            ),
            ("programs", f"{len(chosen)}: {summary}"),
            ("note", sector.note),
        ]
    )
    parts: list[RenderableType] = [
        Text.assemble(
            Text(sector.id, style="bold cyan" if fancy else ""),
            " · ",
            Text(sector.title, style="bold" if fancy else ""),
        ),
        Text(""),
        head,
        Text(""),
    ]
    if chosen:
        parts.append(programs_table(chosen, fancy, title="Programs"))
    return Group(*parts)


def show_plan(
    registry: Registry,
    plan: Plan,
    views: Sequence[Q.ProgramView],
    fancy: bool,
    day: dt.date | None = None,
) -> RenderableType:
    """A plan as known on `day` (every claim and source when None)."""
    chosen = [v for v in views if v.program.plan == plan.id]
    counts = Q.count_by_status(chosen)
    # As known on the day: programs begun, the adoption and the sources published by then.
    identified = Q.identified(registry)[plan.id] if day is None else len(chosen)
    coverage = (
        f"{identified} of {plan.size} identified" if plan.size else f"{identified} identified"
    )
    adopted = str(plan.adopted) if plan.adopted else None
    if day is not None and plan.adopted is not None and plan.adopted.start > day:
        adopted = f"not yet on {day.isoformat()}"
    head = _fields(
        [
            ("title (ru)", plan.title_ru),
            ("adopted", adopted),
            ("programs", coverage),
            ("status", ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s]) or None),
            ("sources", ", ".join(Q.plan_sources(registry, plan, day))),
            ("summary", plan.summary),
            ("note", plan.note),
        ]
    )
    parts: list[RenderableType] = [
        Text.assemble(
            Text(plan.id, style="bold cyan" if fancy else ""),
            " · ",
            Text(plan.title, style="bold" if fancy else ""),
        ),
        Text(""),
        head,
        Text(""),
    ]
    if chosen:
        parts += [programs_table(chosen, fancy, title="Programs"), Text("")]
    claims = [c for c in plan.progress if day is None or c.date.start <= day]
    if claims:
        parts += [claims_table(claims, fancy), Text("")]
    cited = dict.fromkeys(Q.plan_sources(registry, plan, day))
    cited.update(dict.fromkeys(s for c in claims for s in c.sources))
    known = [sid for sid in cited if Q.known(registry, sid, day)]
    if known:
        parts.append(source_list(registry, known, fancy))
    return Group(*parts)


def show_source(source: Source, cited: Sequence[Q.Citation], fancy: bool) -> RenderableType:
    head = _fields(
        [
            ("title", source.title),
            ("publisher", source.publisher),
            ("published", str(source.published) if source.published else "unknown"),
            ("language", source.language),
            ("url", source.url),
            ("note", source.note),
        ]
    )
    table = _table(fancy, "record", "cited for", title=f"Cited by ({len(cited)})")
    for c in cited:
        table.add_row(_t(c.record), _t(c.what))
    return Group(
        source_id(source, fancy, "bold cyan"),
        Text(""),
        head,
        Text(""),
        table if cited else Text("Cited by nothing (unused)"),
    )


# -- problems -----------------------------------------------------------------------------


def problem_line(problem: Problem) -> Text:
    from .visible import one_line

    return Text(one_line(str(problem)))


# -- JSON documents -------------------------------------------------------------------------


def _date(d: PartialDate | None) -> str | None:
    return None if d is None else str(d)


def claim_json(c: ProgressClaim) -> dict[str, Any]:
    return {
        "subject": c.subject,
        "date": _date(c.date),
        "by": c.by,
        "qualifier": c.qualifier,
        "percent": c.percent,
        "done": c.done,
        "total": c.total,
        "of": c.of,
        "share": c.share,
        "text": Q.describe_claim(c),
        "sources": list(c.sources),
        "note": c.note,
    }


def plan_json(
    plan: Plan, identified: int, day: dt.date | None = None, registry: Registry | None = None
) -> dict[str, Any]:
    """A plan as known on `day` (with the registry, only the sources published by then)."""
    adopted = (
        plan.adopted if day is None or plan.adopted is None or plan.adopted.start <= day else None
    )
    sources = list(plan.sources) if registry is None else Q.plan_sources(registry, plan, day)
    return {
        "id": plan.id,
        "title": plan.title,
        "title_ru": plan.title_ru,
        "adopted": _date(adopted),
        "size": plan.size,
        "identified": identified,
        "sources": sources,
        "summary": plan.summary,
        "note": plan.note,
        "progress": [claim_json(c) for c in plan.progress if day is None or c.date.start <= day],
    }


def view_json(v: Q.ProgramView) -> dict[str, Any]:
    p = v.program
    return {
        "id": p.id,
        "plan": p.plan,
        "sector": p.sector,
        "title": p.title,
        "title_ru": p.title_ru,
        "status": v.status,
        "since": _date(v.since),
        "deadline": _date(p.deadline),
        "evidence": {"date": _date(v.latest.date), "sources": list(v.latest.sources)},
        "newest_evidence": _date(v.evidence),
        "flags": sorted(f.value for f in v.flags),
    }


def program_json(
    program: Program, v: Q.ProgramView | None, day: dt.date | None = None
) -> dict[str, Any]:
    """The program as known on `day`: history and claims after it left out."""
    doc: dict[str, Any] = view_json(v) if v is not None else {"id": program.id, "status": None}
    doc.update(
        {
            "plan": program.plan,
            "sector": program.sector,
            "title": program.title,
            "title_ru": program.title_ru,
            "deadline": _date(program.deadline),
            "follows": list(program.follows),
            "summary": program.summary,
            "note": program.note,
            "history": [
                {
                    "date": _date(e.date),
                    "status": e.status,
                    "sources": list(e.sources),
                    "note": e.note,
                }
                for e in program.history
                if day is None or e.date.start <= day
            ],
            "progress": [
                claim_json(c) for c in program.progress if day is None or c.date.start <= day
            ],
        }
    )
    return doc


def source_json(s: Source, cited: Sequence[Q.Citation] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "url": s.url,
        "published": _date(s.published),
        "language": s.language,
        "note": s.note,
    }
    if cited is not None:
        doc["cited_by"] = [{"record": c.record, "for": c.what} for c in cited]
    return doc


def conflict_json(c: Q.Conflict) -> dict[str, Any]:
    return {
        "subject": c.first.subject,
        "gap": round(c.gap, 1),
        "claims": [claim_json(c.first), claim_json(c.second)],
    }


def event_json(e: Q.Event) -> dict[str, Any]:
    return {
        "date": _date(e.date),
        "kind": e.kind,
        "subject": e.subject,
        "status": e.status,
        "previous": e.previous,
        "text": e.text,
        "sources": list(e.sources),
    }


def status_json(
    registry: Registry,
    views: Sequence[Q.ProgramView],
    day: dt.date,
    plans: str | Sequence[str] | None,
) -> dict[str, Any]:
    plans = _plans(plans)
    counts = Q.count_by_status(views)
    claims = [c for c in Q.claims_until(registry, day) if not plans or _owner(registry, c) in plans]
    found = [
        c for c in Q.conflicts(registry, day) if not plans or _owner(registry, c.first) in plans
    ]
    return {
        "format": FORMAT,
        "title": registry.title,
        "as_of": day.isoformat(),
        "reviewed": _date(registry.as_of),
        "plan": list(plans) if len(plans) != 1 else plans[0],
        "programs": len(views),
        "by_status": {s.value: counts[s] for s in Status},
        "by_sector": [
            {
                "sector": r.sector,
                "depth": r.depth,
                "total": r.total,
                "by_status": {s.value: r.counts[s] for s in Status if r.counts[s]},
            }
            for r in Q.sector_rows(registry, views)
        ],
        "plans": [
            {
                "id": c.plan,
                "title": registry.plans[c.plan].title,
                "identified": c.identified,
                "size": c.size,
                "adopted": _date(registry.plans[c.plan].adopted),
            }
            for c in Q.coverage(registry, views, day, plans)
        ],
        "latest_claims": [claim_json(c) for c in claims[:5]],
        "stalled": [view_json(v) for v in views if v.status is Status.STALLED],
        "disputed": [view_json(v) for v in views if v.status is Status.DISPUTED],
        "overdue": [view_json(v) for v in views if Flag.OVERDUE in v.flags],
        "stale": [  # as on the page: the longest silent first
            view_json(v)
            for v in sorted(views, key=lambda v: v.evidence.key)
            if Flag.STALE in v.flags
        ],
        "conflicting": [conflict_json(c) for c in found],
    }


def diff_view(
    changes: Sequence[Any],
    claims: Sequence[ProgressClaim],
    start: dt.date,
    end: dt.date,
    fancy: bool,
) -> RenderableType:
    """Status changes between two dates (export.Change values), then the claims made in between."""
    head = Text(
        f"From {start.isoformat()} to {end.isoformat()}: {count(len(changes), 'status change')}, "
        f"{count(len(claims), 'progress claim')}",
        style="bold" if fancy else "",
    )
    parts: list[RenderableType] = [head, Text("")]
    if changes:
        table = _table(fancy, "program", "change", "date", "sources", "title")
        for c in changes:
            change = Text("new: ") if c.old is None else Text.assemble(status_text(c.old), " -> ")
            change.append_text(status_text(c.new))
            table.add_row(
                _t(c.program.id),
                change,
                _t(c.entry_date),
                _t(", ".join(c.sources)),
                _t(c.program.title),
            )
        parts += [table, Text("")]
    if claims:
        parts.append(claims_table(claims, fancy))
    return Group(*parts)
