"""The publishing and checking commands: export, site, check and schema.

These turn the registry into something other tools read: files for spreadsheets and sites, a
static website with a feed for readers, diagnostics for CI, a JSON Schema for editors.
"""

import os
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.main

from .cli import (
    AsOf,
    RegistryPaths,
    _as_of,
    _consoles,
    _open,
    command,
    path_argument,
)
from .errors import UsageError

if TYPE_CHECKING:
    from .export import Snapshot

# -- publishing ---------------------------------------------------------------------------


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    SQLITE = "sqlite"


@command(
    "export",
    "Publish the registry with derived statuses and flags: json, csv (a folder of "
    "tables), markdown, html (one self-contained page) or sqlite."
    "\n\nExample: roadmaps export --format html -o roadmaps.html",
)
def export_command(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="What to write.", show_default=False)
    ],
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            show_default=False,
            help="Where: a file, a folder for csv, or - for stdout (json, markdown, html).",
        ),
    ],
    as_of: AsOf = None,
) -> None:
    from . import export as X

    registry = _open(ctx)
    snap = X.Snapshot.of(registry, _as_of(as_of))
    if not output:  # -o "$OUT" with OUT unset would otherwise mean the current folder
        raise UsageError("-o is empty: give a file, a folder for csv, or -")
    chunks = _text_chunks(output_format, snap)
    if output == "-":
        if chunks is None:
            raise UsageError(f"--format {output_format.value} writes files; give -o PATH")
        sys.stdout.writelines(chunks)  # written as it is made: it can be 60 MB
        return
    target = path_argument(output)
    # Every writer raises WriteError (exit 1) with one message, and leaves the target whole.
    if chunks is not None:
        from .write import save_stream

        save_stream(target, chunks)
    elif output_format is ExportFormat.CSV:
        X.write_csv(snap, target)
    else:
        X.write_sqlite(snap, target)
    _, err = _consoles()
    err.print(f"wrote {output_format.value} as of {snap.day.isoformat()} to {target}")


def _text_chunks(output_format: ExportFormat, snap: "Snapshot") -> Iterable[str] | None:
    """A text format in pieces as they are made (JSON and HTML stream; Markdown is small);
    None for the formats that write files of their own (CSV, SQLite)."""
    if output_format is ExportFormat.JSON:
        from .export_json import json_chunks

        return json_chunks(snap)
    if output_format is ExportFormat.HTML:
        from .export_html import html_chunks

        return html_chunks(snap)
    if output_format is ExportFormat.MARKDOWN:
        from .export_markdown import to_markdown

        return map(to_markdown, (snap,))  # made when the writer first asks
    return None


@command(
    "site",
    "Build a static website from the registry: a status page, a page per program, plan, "
    "sector and source, a timeline, an Atom feed (feed.xml), a JSON index (index.json) and "
    "offline search; a sitemap too with --base-url. Relative links throughout: it works from "
    "a folder on disk and from any web server. DIR appears whole or not at all, and only an "
    "empty folder or a previous site is replaced.\n\n"
    "Example: roadmaps site -o public --base-url https://example.org/roadmaps/",
)
def site_command(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="DIR",
            show_default=False,
            help="The folder to write: new, empty, or a site roadmaps built before.",
        ),
    ],
    as_of: AsOf = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            show_default=False,
            help="Where the site will be served (http or https): absolute feed links and a sitemap.",
        ),
    ] = None,
) -> None:
    from . import export as X
    from . import site

    if str(output) == "-":  # standard output to every export; a site cannot go there
        raise UsageError("a site is a folder of pages; give -o DIR, not -")
    base = site.check_base_url(base_url)
    registry = _open(ctx)
    snap = X.Snapshot.of(registry, _as_of(as_of))
    pages = site.build(snap, output, base)
    _, err = _consoles()
    err.print(
        f"wrote a site of {pages} pages as of {snap.day.isoformat()} to {output}", highlight=False
    )


# -- the check --------------------------------------------------------------------------


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _ignored(value: str | None) -> tuple[str, ...]:
    """Codes or families ("W5", "E4") to silence; an unknown one is a usage error, not a no-op."""
    from .rules import RULES

    if not value:
        return ()
    wanted = tuple(code.strip().upper() for code in value.split(",") if code.strip())
    for code in wanted:
        if not any(rule.code.startswith(code) for rule in RULES):
            raise UsageError(
                f"--ignore: {code!r} is not a rule code or family (see `roadmaps check --rules`)"
            )
    return wanted


@command(
    "check",
    "Check registries for every problem at once: syntax, shape, references, history, "
    "sources, and warnings (stale, overdue, conflicting, unused, size)."
    "\n\nExample: roadmaps check --strict --ignore W505",
)
def check_command(
    ctx: typer.Context,
    paths: RegistryPaths = None,
    output: Annotated[
        CheckFormat,
        typer.Option(
            "--format", help="text for people, json for machines, github for workflow annotations."
        ),
    ] = CheckFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    ignore: Annotated[
        str | None,
        typer.Option(
            "--ignore",
            metavar="CODES",
            help="Comma-separated codes or families to silence: E402,W5.",
        ),
    ] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List every rule and exit.")] = False,
) -> None:
    from . import report
    from .check import check
    from .load import load_path
    from .paths import display_path, find_registry

    if rules:
        sys.stdout.write(report.rules_json() if output is CheckFormat.JSON else report.rules_text())
        return
    silenced = _ignored(ignore)
    files = paths or [find_registry(ctx.obj)]
    problems = []
    for path in files:
        problems += check(load_path(path), wanted=lambda code: not code.startswith(silenced))
    names = [display_path(path) for path in files]
    if output is CheckFormat.JSON:
        sys.stdout.write(report.as_json(problems, names))
    elif output is CheckFormat.GITHUB:
        sys.stdout.write(report.github(problems))
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            _append_summary(summary_file, report.step_summary(problems, names))
    else:
        sys.stdout.write(report.text(problems))
    _, err = _consoles()
    err.print(report.summary(problems, names))
    errors, warnings = report.counts(problems)
    if errors or (strict and warnings):
        raise typer.Exit(1)


def _append_summary(path: str, text: str) -> None:
    """The step summary is a copy for people: failing to write it is a warning, and the check
    still reports (its annotations are already on stdout)."""
    try:
        # Non-blocking open: a pipe nobody reads is refused (ENXIO) instead of waiting forever;
        # the writes themselves block as usual.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o666)
        os.set_blocking(fd, True)
        with open(fd, "a", encoding="utf-8") as handle:
            handle.write(text)
    except (OSError, ValueError) as exc:
        _, err = _consoles()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        err.print(f"roadmaps: warning: cannot write the step summary to {path} ({reason})")


@command(
    "schema",
    "Print the JSON Schema of the registry format, for editors and validators."
    "\n\nExample: roadmaps schema -o data/roadmaps.schema.json",
)
def schema_command(
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            help="Write it to this file (safely: whole or not at all) instead of stdout; "
            "- is stdout.",
        ),
    ] = "-",
) -> None:
    from .schema import schema_text

    text = schema_text()
    if output == "-":
        sys.stdout.write(text)
        return
    from .write import save

    target = path_argument(output)
    try:
        save(target, text)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write ({exc.strerror or exc})") from None
    _, err = _consoles()
    err.print(f"wrote the JSON Schema to {target}")
