"""CSV export: a folder of tables, one file per kind of record."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import export_vocabulary as V
from . import query as Q
from .export import Snapshot, _date

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


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): =, +, -, @, or a tab
# or carriage return before one of them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(cell: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading single quote, as
    OWASP recommends, so it is shown as the text it is; other cells are unchanged."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """RFC 4180: CRLF line ends, quotes doubled, fields quoted when they need it; cells that
    would start a formula neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutral(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def write_csv(snap: Snapshot, folder: Path) -> list[Path]:
    """One file per table, all written or none (write.save_folder). UTF-8 with a byte-order
    mark, so spreadsheets read Cyrillic right. A Frictionless `datapackage.json` beside them
    describes every file and column."""
    from .write import save_folder

    tables = csv_tables(snap)
    files = {
        f"{name}.csv": csv_text(header, rows).encode("utf-8-sig")
        for name, (header, rows) in tables.items()
    }
    package = datapackage(snap, {name: header for name, (header, _) in tables.items()})
    files["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
    return save_folder(folder, files)


# -- the Frictionless data package ------------------------------------------------------------

_INTEGER = {"position", "size", "identified", "cited", "done", "total"}
_NUMBER = {"percent", "share"}
_KEYS: dict[str, str | list[str]] = {
    "programs": "id",
    "history": ["program", "position"],
    "sources": "id",
    "plans": "id",
    "sectors": "id",
}
_REFERENCES = {
    "programs": [("plan", "plans"), ("sector", "sectors")],
    "history": [("program", "programs")],
    "sectors": [("parent", "sectors")],
}


def datapackage(snap: Snapshot, headers: dict[str, list[str]]) -> dict[str, Any]:
    """A Frictionless tabular data package (https://specs.frictionlessdata.io/) for the CSV
    files: titles and descriptions from the one export vocabulary, types, keys, licence."""
    resources = []
    for name, header in headers.items():
        description, columns = V.TABLES[name]
        fields = [
            {
                "name": column,
                "type": "integer"
                if column in _INTEGER
                else "number"
                if column in _NUMBER
                else "string",
                "description": columns[column],
            }
            for column in header
        ]
        schema: dict[str, Any] = {"fields": fields}
        if name in _KEYS:
            schema["primaryKey"] = _KEYS[name]
        references = _REFERENCES.get(name)
        if references:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": target, "fields": "id"}}
                for column, target in references
            ]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "description": description,
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "roadmaps",
        "title": snap.registry.title,
        "description": f"The roadmaps registry as of {snap.day.isoformat()}, with derived "
        "statuses and flags. Lists within a cell are joined by spaces.",
        "licenses": [V.LICENCE],
        "resources": resources,
    }
