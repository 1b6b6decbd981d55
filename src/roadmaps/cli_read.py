"""The reading commands: status, show, list, timeline, sources and diff.

Each opens the registry (refused when it has errors), asks the pure query layer and hands
the answer to render as a table or to JSON; none of them writes a file.
"""

import datetime as dt
from typing import Annotated, Any

import typer
import typer.main
from rich.console import RenderableType
from rich.text import Text

from . import query as Q
from . import render as R
from .cli import (
    SHORT_HELP,
    AsOf,
    FlagFilter,
    Json,
    PlanFilter,
    SectorFilter,
    StatusFilter,
    _as_of,
    _color,
    _consoles,
    _emit,
    _emit_json,
    _fancy,
    _open,
    _period,
    _require,
    command,
    complete_ids,
)
from .errors import UnknownIdError, UsageError

# -- reading commands ---------------------------------------------------------------------


@command(
    "status",
    "The headline: programs per status and sector, plan coverage, latest claims, "
    "and what is stalled, disputed, overdue, stale or conflicting."
    "\n\nExample: roadmaps status --plan union-programs-2021 --as-of 2024-12",
)
def status(
    ctx: typer.Context,
    plan: PlanFilter = None,
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    plans = list(dict.fromkeys(plan or ()))
    _require(registry, "plans", plans, "plan")
    day = _as_of(as_of)
    views = Q.select(registry, Q.snapshot(registry, day), plan=plans)
    if json:
        _emit_json(R.status_json(registry, views, day, plans))
    else:
        _emit(R.status_view(registry, views, day, plans, _fancy(), color=_color()))


@command(
    "show",
    "One record: a program with its cited history, a sector with its sub-sectors, "
    "a plan, or a source and what cites it."
    "\n\nExample: roadmaps show gas-market --as-of 2022-01-01",
)
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A program, sector, plan or source id.",
            autocompletion=complete_ids("programs", "sectors", "plans", "sources"),
        ),
    ],
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    day = _as_of(as_of)
    kind = registry.kind_of(record_id)
    if kind is None:
        raise UnknownIdError(record_id, Q.nearest(record_id, registry.all_ids()))
    fancy = _fancy()
    if kind == "programs":
        program = registry.programs[record_id]
        conflicted = frozenset(c.first.subject for c in Q.conflicts(registry, day))
        v = Q.view(registry, program, day, conflicted)
        if json:
            _emit_json(
                {
                    "format": R.FORMAT,
                    "kind": "program",
                    "as_of": day.isoformat(),
                    "program": R.program_json(program, v, day),
                }
            )
        else:
            _emit(R.show_program(registry, v, program, day, fancy))
    elif kind == "sectors":
        sector = registry.sectors[record_id]
        members = Q.subtree(registry, record_id)
        views = [v for v in Q.snapshot(registry, day) if v.program.sector in members]
        if json:
            _emit_json(
                {
                    "format": R.FORMAT,
                    "kind": "sector",
                    "as_of": day.isoformat(),
                    "sector": {
                        "id": sector.id,
                        "title": sector.title,
                        "parent": sector.parent,
                        "note": sector.note,
                        "sub_sectors": sorted(members - {sector.id}),
                    },
                    "by_status": {s.value: n for s, n in Q.count_by_status(views).items()},
                    "programs": [R.view_json(v) for v in views],
                }
            )
        else:
            _emit(R.show_sector(registry, sector, views, fancy))
    elif kind == "plans":
        plan = registry.plans[record_id]
        if not Q.plan_known(registry, plan, day):
            raise UsageError(
                f"plan {record_id!r} is first on record after {day.isoformat()}: "
                f"nothing was known of it on {day.isoformat()}"
            )
        views = [v for v in Q.snapshot(registry, day) if v.program.plan == record_id]
        if json:
            _emit_json(
                {
                    "format": R.FORMAT,
                    "kind": "plan",
                    "as_of": day.isoformat(),
                    "plan": R.plan_json(plan, len(views), day, registry),
                    "programs": [R.view_json(v) for v in views],
                }
            )
        else:
            _emit(R.show_plan(registry, plan, views, fancy, day))
    else:
        source = registry.sources[record_id]
        if not Q.known(registry, record_id, day):
            raise UsageError(
                f"source {record_id!r} was published on {source.published}, "
                f"after {day.isoformat()}: nothing was known of it then"
            )
        cited = Q.citations(registry, day).get(record_id, [])
        if json:
            _emit_json(
                {
                    "format": R.FORMAT,
                    "kind": "source",
                    "as_of": day.isoformat(),
                    "source": R.source_json(source, cited),
                }
            )
        else:
            _emit(R.show_source(source, cited, fancy))


@command(
    "list",
    "A table of programs, filtered by status, sector (with sub-sectors), plan or flag."
    "\n\nExample: roadmaps list --status stalled --status disputed --sector energy",
)
def list_programs(
    ctx: typer.Context,
    status: StatusFilter = None,
    sector: SectorFilter = None,
    plan: PlanFilter = None,
    flag: FlagFilter = None,
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    _require(registry, "sectors", sector, "sector")
    _require(registry, "plans", plan, "plan")
    day = _as_of(as_of)
    views = Q.select(
        registry,
        Q.snapshot(registry, day),
        status=frozenset(status or ()),
        sector=sector or (),
        plan=frozenset(plan or ()),
        flag=frozenset(flag or ()),
    )
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "as_of": day.isoformat(),
                "count": len(views),
                "programs": [R.view_json(v) for v in views],
            }
        )
    elif views:
        _emit(R.programs_table(views, _fancy()))
    else:
        _, err = _consoles()
        err.print("no program matches")


@command(
    "timeline",
    "Every dated event in order: plan adoptions, status changes and progress claims."
    "\n\nExample: roadmaps timeline --since 2023 --until 2023-06 --plan union-programs-2021",
)
def timeline(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="From this date on (a month or year: its first day)."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE", help="Up to this date (a month or year: its last day)."
        ),
    ] = None,
    sector: SectorFilter = None,
    plan: PlanFilter = None,
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    start, end = _period(since, until)
    day = _as_of(as_of)
    end = day if end is None else min(end, day)
    registry = _open(ctx)
    _require(registry, "sectors", sector, "sector")
    _require(registry, "plans", plan, "plan")
    found = Q.timeline(
        registry,
        since=start,
        until=end,
        sector=sector or (),
        plan=frozenset(plan or ()),
        day=day,
    )
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "as_of": day.isoformat(),
                "since": start.isoformat() if start else None,
                "until": end.isoformat(),
                "count": len(found),
                "events": [R.event_json(e) for e in found],
            }
        )
    elif found:
        _emit(R.timeline_table(found, _fancy()))
    else:
        _, err = _consoles()
        err.print("no event in that range")


@command(
    "sources",
    "The bibliography, and how many records cite each source."
    "\n\nExample: roadmaps sources --unused",
)
def sources(
    ctx: typer.Context,
    unused: Annotated[
        bool, typer.Option("--unused", help="Only sources that nothing cites.")
    ] = False,
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    day = _as_of(as_of)
    cited = Q.citations(registry, day)
    ids = [sid for sid in cited if not unused or not cited[sid]]
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "as_of": day.isoformat(),
                "count": len(ids),
                "sources": [
                    R.source_json(registry.sources[sid], cited.get(sid, [])) for sid in ids
                ],
            }
        )
    elif ids:
        _emit(R.sources_table(registry, cited, ids, _fancy()))
    else:
        _, err = _consoles()
        err.print("every source is cited" if unused else "the registry has no sources")


@command(
    "diff",
    "What changed status between two dates, and the progress claims made in between. A month "
    "or year given as FROM starts at its first day; as TO, it ends at its last."
    "\n\nExample: roadmaps diff 2024 2025",
)
def diff_command(
    ctx: typer.Context,
    start: Annotated[
        str, typer.Argument(metavar="FROM", help="YYYY-MM-DD, YYYY-MM or YYYY.", show_default=False)
    ],
    end: Annotated[
        str | None, typer.Argument(metavar="[TO]", help="Default: today.", show_default=False)
    ] = None,
    json: Json = False,
) -> None:
    from . import export as X

    day_from, day_to = _period(start, end or "today", ("FROM", "TO"))
    assert day_from is not None and day_to is not None
    registry = _open(ctx)
    # The period includes its first day: compare with the status on the day before it.
    before = day_from - dt.timedelta(days=1)
    found = X.changes(registry, before, day_to)
    claims = X.claims_between(registry, before, day_to)
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "from": day_from.isoformat(),
                "to": day_to.isoformat(),
                "changes": [
                    {
                        "program": c.program.id,
                        "title": c.program.title,
                        "from": c.old,
                        "to": c.new,
                        "date": str(c.entry_date),
                        "sources": list(c.sources),
                    }
                    for c in found
                ],
                "claims": [R.claim_json(c) for c in claims],
            }
        )
        return
    _emit(R.diff_view(found, claims, day_from, day_to, _fancy()))


SHORT_HELP["search"] = "Find records by words, in any script."


@command(
    "search",
    "Find records whose ids, titles (Russian ones too), summaries, notes, or sources' titles "
    "and publishers hold every word of TEXT, ignoring case and accents, and progress claims "
    "by their speaker (a Cyrillic name finds its Latin spelling), figure (unit and qualifier "
    "too) or note. Results are grouped by kind, "
    "claims last; the matching words are bold on a terminal and between ** when piped.\n\n"
    "Example: roadmaps search газ",
)
def search_command(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(metavar="TEXT", help="One or more words.", show_default=False),
    ],
    json: Json = False,
) -> None:
    from .search import search, terms

    text = " ".join(words)
    if not terms(text):
        raise UsageError("search needs at least one word")
    registry = _open(ctx)
    hits = search(registry, text)
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "query": text,
                "count": len(hits),
                "results": {
                    kind: [_search_json(h) for h in hits if h.kind == kind]
                    for kind in [*(kind for kind, _ in registry.tables()), "claims"]
                },
            }
        )
    elif hits:
        _emit(_search_view(hits, _fancy()))
    else:
        _, err = _consoles()
        err.print(f"nothing matches {text!r}")


def _search_json(hit: Any) -> dict[str, Any]:
    """One hit: a record by id and title, a claim by subject, date, speaker and figure."""
    head: dict[str, Any] = (
        {"subject": hit.id, "date": hit.date, "by": hit.title, "figure": hit.figure}
        if hit.kind == "claims"
        else {"id": hit.id, "title": hit.title}
    )
    matches = [
        {"field": m.field, "text": m.text, "spans": [list(s) for s in m.spans]} for m in hit.matches
    ]
    return {**head, "matches": matches}


EXCERPT = 200  # a longer note or summary is shown around its first match


def _search_view(hits: list[Any], fancy: bool) -> RenderableType:
    """Hits by kind: `id · title`, then each other field that matched, words marked; long
    texts wrap under themselves."""
    from rich.console import Group
    from rich.table import Table

    parts: list[RenderableType] = []
    kinds = list(dict.fromkeys(h.kind for h in hits))
    for n, kind in enumerate(kinds):
        group = [h for h in hits if h.kind == kind]
        parts.append(
            Text(f"{'' if n == 0 else chr(10)}{kind} ({len(group)})", style="bold" if fancy else "")
        )
        for hit in group:
            by_field = {m.field: m for m in hit.matches}
            if kind == "claims":  # subject · date · speaker · figure
                head = Text(f"{hit.id} · {hit.date} · ")
                head.append_text(_marked(by_field.get("by"), hit.title, fancy))
                head.append(" · ")
                head.append_text(_marked(by_field.get("figure"), hit.figure, fancy))
                shown: tuple[str, ...] = ("by", "figure")
            else:
                head = _marked(by_field.get("id"), hit.id, fancy)
                head.append(" · ")
                head.append_text(_marked(by_field.get("title"), hit.title, fancy))
                shown = ("id", "title")
            parts.append(head)
            rest = [m for m in hit.matches if m.field not in shown]
            if rest:
                grid = Table.grid(padding=(0, 1))
                grid.add_column(no_wrap=True)
                grid.add_column(overflow="fold")
                for m in rest:
                    grid.add_row(f"  {m.field}:", _marked(m, m.text, fancy))
                parts.append(grid)
    return Group(*parts)


def _marked(match: Any, text: str, fancy: bool) -> Text:
    """`text` with its matched words bold (terminal) or between ** (piped), cut to an excerpt
    around the first match when long."""
    spans: list[tuple[int, int]] = list(match.spans) if match is not None else []
    start, end = 0, len(text)
    if end > EXCERPT and spans:
        start = max(0, spans[0][0] - EXCERPT // 4)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), start + EXCERPT)
        while end < len(text) and not text[end].isspace():
            end += 1
    out = Text("…" if start else "")
    at = start
    for a, b in spans:
        if a < at or b > end:
            continue
        out.append(text[at:a])
        if fancy:
            out.append(text[a:b], style="bold")
        else:
            out.append(f"**{text[a:b]}**")
        at = b
    out.append(text[at:end])
    if end < len(text):
        out.append("…")
    return out
