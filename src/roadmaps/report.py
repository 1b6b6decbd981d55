"""Problems -> the check's outputs: text lines, a JSON document, GitHub annotations.

Pure string building; the CLI decides where each goes. GitHub keeps only a few annotations per
step, so the full list also goes to the step summary as a Markdown table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .errors import Problem, Severity
from .rules import RULES
from .visible import json_text, markdown, one_line, visible


def counts(problems: Sequence[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    return errors, len(problems) - errors


def summary(problems: Sequence[Problem], files: Sequence[str]) -> str:
    """ "3 errors, 2 warnings in data/roadmaps.toml" """
    errors, warnings = counts(problems)
    where = ", ".join(files)
    if not problems:
        return f"no problems in {where}"
    parts = [_plural(errors, "error")] if errors else []
    if warnings:
        parts.append(_plural(warnings, "warning"))
    return f"{', '.join(parts)} in {where}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def text(problems: Sequence[Problem]) -> str:
    return "".join(f"{one_line(str(p))}\n" for p in problems)


def as_json(problems: Sequence[Problem], files: Sequence[str]) -> str:
    errors, warnings = counts(problems)
    doc = {
        "format": 1,
        "files": list(files),
        "counts": {"error": errors, "warning": warnings},
        "problems": [
            {
                "code": p.code,
                "severity": p.severity.value,
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "record": p.record,
                "message": p.message,
            }
            for p in problems
        ],
    }
    return json_text(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem]) -> str:
    """Workflow commands: `::error file=F,line=L,col=C,title=CODE::message`. Errors come
    first: GitHub shows only ten annotations of each kind per step, and a run with many
    warnings must not hide the error that failed it (the step summary has the full list)."""
    lines = []
    ordered = sorted(problems, key=lambda p: p.severity is not Severity.ERROR)  # stable
    for p in ordered:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = ",".join(
            [
                f"file={_escape_property(p.file)}",
                f"line={p.line}",
                f"col={p.column}",
                f"title={_escape_property(p.code)}",
            ]
        )
        about = f"{p.record}: " if p.record else ""
        lines.append(f"::{level} {props}::{_escape_data(about + p.message)}\n")
    return visible("".join(lines))


def step_summary(problems: Sequence[Problem], files: Sequence[str]) -> str:
    """The full list as Markdown, for $GITHUB_STEP_SUMMARY."""
    out = [f"### roadmaps check: {markdown(summary(problems, files))}\n"]
    if problems:
        out.append("\n| file | line | code | record | message |\n|---|---|---|---|---|\n")
        for p in problems:
            cells = [p.file, str(p.line), p.code, p.record, p.message]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |\n")
    return "".join(out)


def _cell(value: str) -> str:
    return markdown(value) or " "


def rules_text() -> str:
    width = max(len(r.title) for r in RULES)
    return "".join(
        f"{r.code}  {r.severity.value:<7}  {r.title:<{width}}  {r.rationale}\n" for r in RULES
    )


def rules_json() -> str:
    doc = {
        "format": 1,
        "rules": [
            {
                "code": r.code,
                "severity": r.severity.value,
                "title": r.title,
                "rationale": r.rationale,
                "example": r.example,
            }
            for r in RULES
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
