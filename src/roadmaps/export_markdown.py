"""Markdown export: one page for wikis and repositories; registry text is escaped, never markup."""

from __future__ import annotations

from collections.abc import Iterable

from . import query as Q
from .export import Snapshot, safe_url
from .model import Status
from .visible import markdown

# -- Markdown -------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """A table cell: no pipes, no newlines, no markup from the data (visible.markdown)."""
    return markdown(text)


def _md_sources(snap: Snapshot, ids: Iterable[str]) -> str:
    links = []
    for sid in ids:
        source = snap.registry.sources.get(sid)
        url = safe_url(source.url) if source else None
        # <...> keeps a URL's parentheses from closing the link; a web address holds no
        # whitespace, angle bracket or backslash (fields.is_web_address).
        links.append(f"[{_md(sid)}](<{url}>)" if url else _md(sid))
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
