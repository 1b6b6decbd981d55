"""One column vocabulary for every export: each table's columns, named and described once.

CSV, JSON and SQLite call the same fact by the same name (a claim's speaker is `by` and its
unit `of`, as in the registry), and the descriptions here become Datasette's `metadata.json`
and the Frictionless `datapackage.json`, so a reader of any export learns what a column means
from the same sentence. tests/test_export_vocabulary.py holds every export to this table.
"""

from __future__ import annotations

from typing import Any

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

_PRECISION = "How much of the date is known: day, month or year."

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "programs": (
        "One row per program: its derived status as of the export date, flags and dates.",
        {
            "id": "The program's id.",
            "plan": "The id of the plan it belongs to.",
            "sector": "The id of its sector.",
            "title": "Its name, in English.",
            "title_ru": "Its official Russian title, where a source gives it.",
            "status": "Its status as of the export date (the latest history entry by then).",
            "since": "The date of the entry that set that status.",
            "since_precision": _PRECISION,
            "deadline": "When it was due.",
            "deadline_precision": _PRECISION,
            "follows": "Ids of earlier programs it continues.",
            "flags": "Derived flags: stale, overdue, conflicting.",
            "newest_evidence": "The date of its newest history entry or progress claim.",
            "summary": "What it is about.",
            "note": "Free text from the registry.",
            "evidence": "The entry that set the status: its date and sources.",
            "history": "Its dated status changes.",
            "progress": "Progress claims made about it.",
        },
    ),
    "history": (
        "One row per dated status change of a program.",
        {
            "id": "A key of its own for the row.",
            "program": "The id of the program.",
            "position": "Its place in the program's history, from 1.",
            "date": "When the change happened or was reported.",
            "date_precision": _PRECISION,
            "status": "The status from that date on.",
            "sources": "Ids of the sources cited.",
            "note": "Free text from the registry.",
        },
    ),
    "progress": (
        "One row per progress claim: a dated statement by a named speaker about how far a "
        "plan or program has got.",
        {
            "id": "A key of its own for the row.",
            "subject": "The id of the plan or program the claim is about.",
            "plan": "The plan's id, when the claim is about a plan.",
            "program": "The program's id, when the claim is about a program.",
            "date": "When the statement was made.",
            "date_precision": _PRECISION,
            "by": "The speaker: name and office.",
            "qualifier": "How the figure was hedged: about, almost, more-than...",
            "percent": "How far, in percent.",
            "done": "How many units are done.",
            "total": "How many units there are.",
            "of": "The unit counted.",
            "share": "The claim as a percentage: percent, or done out of total.",
            "text": "The claim in words.",
            "sources": "Ids of the sources cited.",
            "note": "Free text from the registry.",
        },
    ),
    "sources": (
        "One row per cited publication.",
        {
            "id": "The source's id.",
            "title": "Its original title, in its own language.",
            "publisher": "Who published it.",
            "url": "The publisher's address, where known.",
            "published": "When it was published.",
            "published_precision": _PRECISION,
            "language": "Its language code.",
            "cited": "How many records cite it.",
            "cited_by": "The records that cite it.",
            "note": "Free text from the registry.",
        },
    ),
    "plans": (
        "One row per adopted package of programs.",
        {
            "id": "The plan's id.",
            "title": "Its name, in English.",
            "title_ru": "Its official Russian title, where a source gives it.",
            "adopted": "When it was adopted.",
            "adopted_precision": _PRECISION,
            "size": "How many programs it officially has.",
            "identified": "How many of its programs the registry holds.",
            "sources": "Ids of the sources cited.",
            "summary": "What it is about.",
            "note": "Free text from the registry.",
            "progress": "Progress claims made about it.",
        },
    ),
    "sectors": (
        "One row per field of policy; sectors nest through parent.",
        {
            "id": "The sector's id.",
            "title": "Its name.",
            "parent": "The id of the sector it is part of.",
            "note": "Free text from the registry.",
        },
    ),
    "plan_sources": (
        "Which sources each plan cites.",
        {"plan": "The plan's id.", "source": "The id of a source it cites."},
    ),
    "program_follows": (
        "Which earlier programs each program continues.",
        {"program": "The program's id.", "follows": "The id of an earlier program it continues."},
    ),
    "history_sources": (
        "Which sources each history entry cites.",
        {"history": "The id of the history row.", "source": "The id of a source it cites."},
    ),
    "progress_sources": (
        "Which sources each progress claim cites.",
        {"progress": "The id of the progress row.", "source": "The id of a source it cites."},
    ),
    "meta": (
        "About the export: format, title, as-of date and review date.",
        {"key": "What the value is.", "value": "The value."},
    ),
}


def describe(table: str, column: str) -> str:
    return TABLES[table][1][column]


def datasette_metadata(database: str, title: str, as_of: str) -> dict[str, Any]:
    """Datasette's metadata for the SQLite export: titles, descriptions, licence, source,
    facets and search."""
    facets = {"programs": ["status", "plan", "sector"], "history": ["status"]}
    tables: dict[str, Any] = {}
    for name, (description, columns) in TABLES.items():
        table: dict[str, Any] = {"description": description, "columns": dict(columns)}
        if name in facets:
            table["facets"] = facets[name]
        if name in ("programs", "sources"):
            table["fts_table"] = f"{name}_fts"
            table["fts_pk"] = "rowid"
        if name in ("programs", "plans", "sectors", "sources"):
            table["label_column"] = "title"
        tables[name] = table
    return {
        "title": title,
        "description": f"The roadmaps registry as of {as_of}: every status change and progress "
        "claim cites its sources.",
        "license": LICENCE["title"],
        "license_url": LICENCE["path"],
        "source": "roadmaps registry (The roadmaps developers)",
        "databases": {database: {"title": title, "tables": tables}},
    }
