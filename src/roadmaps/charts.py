"""SVG charts that stay readable from a 390 px phone to a 1,280 px screen, and in print.

A chart drawn in a viewBox scales its text with its width: 13 units become 6 px on a phone.
These charts have no viewBox: one SVG unit is one CSS pixel, so text is always 13 px, and
horizontal positions are percentages of the chart's width. Only the stacked areas of the
status chart need free shapes; they sit in an inner SVG that stretches (no text inside it).
Every chart has a <title> and a <desc> that says in words what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from . import query as Q
from .html_parts import STATUS_COLORS, h
from .model import Program, ProgressClaim, Status

# The bar groups of render.BAR_GROUPS, with a colour each.
GROUP_COLORS = {
    "done": "#2e7d32",
    "in progress": "#1565c0",
    "stalled": "#c62828",
    "disputed": "#8e24aa",
    "other": "#757575",
}
BAR_GROUPS: tuple[tuple[str, frozenset[Status]], ...] = (
    ("done", frozenset({Status.DONE})),
    ("in progress", frozenset({Status.IN_PROGRESS})),
    ("stalled", frozenset({Status.STALLED})),
    ("disputed", frozenset({Status.DISPUTED})),
    ("other", frozenset({Status.PLANNED, Status.AGREED, Status.ABANDONED})),
)
FONT = 13  # px, whatever the width
LEFT, RIGHT = 12.0, 96.0  # the plot's horizontal extent, in percent of the chart's width
CONFLICT_RING = 'class="claim conflicting" r="7" stroke="#c62828" stroke-width="3"'


def _open(chart_id: str, height: int, title: str, desc: str) -> str:
    return (
        f'<svg class="chart" id="{h(chart_id)}" role="img" width="100%" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">'
        f"<title>{h(title)}</title><desc>{h(desc)}</desc>"
    )


def sector_bars(rows: Sequence[Q.SectorRow]) -> str:
    """One bar per sector, its label above it, split by the five status groups."""
    widest = max(r.total for r in rows)
    step = 40
    parts = [
        _open(
            "sector-chart",
            step * len(rows) + 4,
            "Programs per sector by status",
            "; ".join(
                f"{r.sector}: {r.total} programs ("
                + ", ".join(
                    f"{n} {name}"
                    for name, members in BAR_GROUPS
                    if (n := sum(r.counts[s] for s in members))
                )
                + ")"
                for r in rows
            ),
        )
    ]
    for i, r in enumerate(rows):
        y = i * step
        parts.append(f'<text x="{12 * r.depth}" y="{y + 14}">{h(r.sector)}</text>')
        x = 0.0
        for name, members in BAR_GROUPS:
            n = sum(r.counts[s] for s in members)
            if not n:
                continue
            w = 88.0 * n / widest
            parts.append(
                f'<rect class="bar" data-sector="{h(r.sector)}" data-group="{name}" data-count="{n}" '
                f'x="{x:.2f}%" y="{y + 19}" width="{w:.2f}%" height="14" fill="{GROUP_COLORS[name]}">'
                f"<title>{h(r.sector)}: {n} {name}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 1:.2f}%" y="{y + 31}">{r.total}</text>')
    parts.append("</svg>")
    return "".join(parts)


# -- time axes ------------------------------------------------------------------------------


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Dated ticks: at most five years when the span covers two new years, else three months."""
    years = [dt.date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
    if len(years) >= 2:
        every = -(-len(years) // 5)
        return [(d, str(d.year)) for d in years[::every]]
    months = []
    d = dt.date(first.year, first.month, 1)
    while d <= last:
        if d >= first:
            months.append(d)
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    if not months:
        return [(first, first.isoformat())]
    every = -(-len(months) // 3)  # "2023-04" is wide: three fit a phone's chart
    return [(m, f"{m.year:04d}-{m.month:02d}") for m in months[::every]]


class _Axis:
    """Dates to percentages of the chart's width, between LEFT and RIGHT."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first, self.last = first, last
        self.span = (last - first).days

    def x(self, day: dt.date) -> float:
        if self.span <= 0:
            return (LEFT + RIGHT) / 2
        return LEFT + (RIGHT - LEFT) * (day - self.first).days / self.span

    def ticks(self, y: int, top: int) -> str:
        out = []
        for day, label in _ticks(self.first, self.last) if self.span > 0 else []:
            x = self.x(day)
            # Near the right edge a centred label would be cut off on a phone: end it at its tick.
            anchor = "end" if x > RIGHT - 8 else "middle"
            out.append(
                f'<line x1="{x:.2f}%" x2="{x:.2f}%" y1="{top}" y2="{y - 14}" stroke="#eee"/>'
                f'<text x="{x:.2f}%" y="{y}" text-anchor="{anchor}">{label}</text>'
            )
        if self.span <= 0:
            out.append(
                f'<text x="{self.x(self.first):.2f}%" y="{y}" text-anchor="middle">'
                f"{self.first.isoformat()}</text>"
            )
        return "".join(out)


# -- claims ---------------------------------------------------------------------------------


def unit_of(claim: ProgressClaim) -> str:
    return claim.of.strip() if claim.of and claim.of.strip() else UNSTATED


UNSTATED = "what the speaker did not say"


def about(unit: str) -> str:
    """'measures', or words for a claim that does not say what it counts."""
    return "an unstated unit" if unit == UNSTATED else unit


def claims_by_unit(claims: Iterable[ProgressClaim]) -> dict[str, list[ProgressClaim]]:
    """Claims with a figure, grouped by what they count: a share of measures and a share of
    programs do not belong on one axis."""
    groups: dict[str, list[ProgressClaim]] = {}
    for c in claims:
        if c.share is not None:
            groups.setdefault(Q._unit(unit_of(c)), []).append(c)
    return {unit_of(cs[0]): sorted(cs, key=Q.BY_DATE) for cs in groups.values()}


def claims_chart(
    chart_id: str, unit: str, claims: Sequence[ProgressClaim], ringed: set[int]
) -> str:
    """Claims on one unit over time, in percent; conflicting claims ringed in red."""
    height, top, bottom = 230, 12, 192
    axis = _Axis(claims[0].date.start, claims[-1].date.start)
    low = min(c.share or 0.0 for c in claims)
    high = max(c.share or 0.0 for c in claims)
    desc = (
        f"{len(claims)} claims about {about(unit)} from {claims[0].date} to {claims[-1].date}, "
        f"from {round(low, 1):g}% to {round(high, 1):g}%; "
        + "; ".join(f"{c.date}: {c.by}: {Q.describe_claim(c)}" for c in claims[-10:])
    )
    parts = [
        _open(
            chart_id,
            height,
            f"Progress claims about {about(unit)}, in percent; conflicting claims ringed in red",
            desc,
        )
    ]
    for pct in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * pct / 100
        parts.append(
            f'<line x1="{LEFT}%" x2="{RIGHT}%" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>'
            f'<text x="0" y="{y + 4:.1f}">{pct}%</text>'
        )
    parts.append(axis.ticks(height - 6, top))
    for c in claims:
        x = axis.x(c.date.start)
        y = bottom - (bottom - top) * (c.share or 0.0) / 100
        look = CONFLICT_RING if id(c) in ringed else 'class="claim" r="5"'
        parts.append(
            f'<circle {look} cx="{x:.2f}%" cy="{y:.1f}" fill="#1565c0" fill-opacity=".7">'
            f"<title>{h(c.date)}: {h(c.by)}: {h(Q.describe_claim(c))}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


# -- status over time -----------------------------------------------------------------------

MAX_POINTS = 240


def status_series(
    programs: Iterable[Program], day: dt.date
) -> list[tuple[dt.date, Counter[Status]]]:
    """How many programs stood at each status after each date on which one changed."""
    changes: list[tuple[tuple[dt.date, int], int, str, Status]] = []
    for n, p in enumerate(programs):
        for e in Q.history_until(p, day):
            changes.append((e.date.key, n, p.id, e.status))
    changes.sort(key=lambda c: (c[0], c[1]))
    current: dict[str, Status] = {}
    counts: Counter[Status] = Counter()
    series: list[tuple[dt.date, Counter[Status]]] = []
    for key, _, pid, status in changes:
        before = current.get(pid)
        if before is not None:
            counts[before] -= 1
        counts[status] += 1
        current[pid] = status
        if series and series[-1][0] == key[0]:
            series[-1] = (key[0], counts.copy())
        else:
            series.append((key[0], counts.copy()))
    for coarse in (lambda d: (d.year, d.month), lambda d: (d.year, 0)):
        if len(series) <= MAX_POINTS:
            break
        kept: dict[tuple[int, int], tuple[dt.date, Counter[Status]]] = {}
        for point in series:
            kept[coarse(point[0])] = point  # the last point of each month (year) stands for it
        series = list(kept.values())
    return series


def status_chart(
    chart_id: str, title: str, series: Sequence[tuple[dt.date, Counter[Status]]], day: dt.date
) -> str:
    """A stacked step chart: on each date, how many programs stood at each status."""
    height, top, bottom = 220, 10, 182
    first = series[0][0]
    axis = _Axis(first, max(day, first))
    most = max(sum(c.values()) for _, c in series) or 1
    last_counts = series[-1][1]
    desc = (
        f"From {first.isoformat()} to {day.isoformat()}, {len(series)} dates with a change. "
        f"On {day.isoformat()}: "
        + ", ".join(f"{last_counts[s]} {s.value}" for s in Status if last_counts[s])
        + "."
    )
    parts = [_open(chart_id, height, title, desc)]
    for value in sorted({0, most // 2, most}):
        y = bottom - (bottom - top) * value / most
        parts.append(
            f'<line x1="{LEFT}%" x2="{RIGHT}%" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>'
            f'<text x="0" y="{y + 4:.1f}">{value}</text>'
        )
    parts.append(axis.ticks(height - 6, top))
    # The areas, in an inner SVG that stretches to the plot: x in 0..1000, y in counts.
    parts.append(
        f'<svg x="{LEFT}%" y="{top}" width="{RIGHT - LEFT}%" height="{bottom - top}" '
        f'viewBox="0 0 1000 {most}" preserveAspectRatio="none">'
    )

    def px(d: dt.date) -> float:
        return 1000 * (axis.x(d) - LEFT) / (RIGHT - LEFT)

    xs = [px(d) for d, _ in series] + [1000.0]
    below = [0] * len(series)
    for status in Status:
        if not any(c[status] for _, c in series):
            continue
        above = [b + c[status] for b, (_, c) in zip(below, series, strict=True)]
        top_edge = []
        for i, value in enumerate(above):
            top_edge.append(f"{xs[i]:.1f},{most - value} {xs[i + 1]:.1f},{most - value}")
        bottom_edge = []
        for i in range(len(below) - 1, -1, -1):
            bottom_edge.append(f"{xs[i + 1]:.1f},{most - below[i]} {xs[i]:.1f},{most - below[i]}")
        parts.append(
            f'<polygon class="area" data-status="{status.value}" fill="{STATUS_COLORS[status]}" '
            f'points="{" ".join(top_edge)} {" ".join(bottom_edge)}"/>'
        )
        below = above
    parts.append("</svg></svg>")
    return "".join(parts)
