"""Regenerate the README's examples, field table and rule table from the code itself.

Run `python scripts/readme.py` after changing output, fields or rules; tests/test_readme.py
fails while the README differs from what this script would write, so the tour never lies.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from roadmaps import fields as F
from roadmaps.cli import app
from roadmaps.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# A generated block starts right after its marker and holds only its own lines, so a new marker
# (one not yet followed by a block) can never swallow the prose after it.
EXAMPLE = re.compile(
    r"<!-- example: (?P<cmd>.+?) -->\n(?:```console\n(?:(?!```\n|<!-- ).*\n)*```\n<!-- /example -->\n)?"
)
# A session runs its `$ ` commands in order in a fresh empty folder, each output regenerated
# under its command; a command continues on the next line after a trailing backslash.
SESSION = re.compile(
    r"<!-- session -->\n```console\n(?P<body>(?:(?!```\n|<!-- ).*\n)*)```\n<!-- /session -->\n"
)
BLOCK = re.compile(r"<!-- (?P<name>fields|rules) -->\n(?:(?:\|.*\n)*<!-- /(?P=name) -->\n)?")


def run_example(command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "roadmaps", command
    result = CliRunner().invoke(
        app, args[1:], env={"COLUMNS": "100", "NO_COLOR": "1", "ROADMAPS_DATA": None}
    )
    return f"$ {command}\n{result.stdout}{result.stderr}"


def run_session(body: str) -> str:
    """The session's commands, each followed by what it prints today, run in a new folder."""
    commands: list[list[str]] = []
    for line in body.splitlines():
        if commands and commands[-1][-1].endswith("\\"):
            commands[-1].append(line)
        elif line.startswith("$ "):
            commands.append([line])
    out: list[str] = []
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            for lines in commands:
                command = "\n".join(lines)
                args = shlex.split(command[2:].replace("\\\n", " "))
                assert args[0] == "roadmaps", command
                result = CliRunner().invoke(
                    app, args[1:], env={"COLUMNS": "100", "NO_COLOR": "1", "ROADMAPS_DATA": None}
                )
                out.append(f"{command}\n{result.stdout}{result.stderr}")
        finally:
            os.chdir(here)
    return "".join(out)


def fields_table() -> str:
    rows = ["| record | fields |", "|---|---|"]
    for record in (F.REGISTRY, F.SECTOR, F.PLAN, F.PROGRAM, F.HISTORY, F.PROGRESS, F.SOURCE):
        names = [f"**`{f.name}`**" if f.required else f"`{f.name}`" for f in record.fields]
        rows.append(f"| {record.name} | {', '.join(names)} |")
    return "\n".join(rows) + "\n"


def rules_table() -> str:
    rows = ["| code | problem | why | example |", "|---|---|---|---|"]
    for rule in RULES:
        example = rule.example.replace("|", "\\|")
        rows.append(f"| {rule.code} | {rule.title} | {rule.rationale} | `{example}` |")
    return "\n".join(rows) + "\n"


def render(text: str) -> str:
    def example(match: re.Match[str]) -> str:
        cmd = match["cmd"]
        return f"<!-- example: {cmd} -->\n```console\n{run_example(cmd)}```\n<!-- /example -->\n"

    def block(match: re.Match[str]) -> str:
        name = match["name"]
        body = fields_table() if name == "fields" else rules_table()
        return f"<!-- {name} -->\n{body}<!-- /{name} -->\n"

    def session(match: re.Match[str]) -> str:
        return f"<!-- session -->\n```console\n{run_session(match['body'])}```\n<!-- /session -->\n"

    return BLOCK.sub(block, SESSION.sub(session, EXAMPLE.sub(example, text)))


if __name__ == "__main__":
    fresh = render(README.read_text(encoding="utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if fresh == README.read_text(encoding="utf-8") else 1)
    README.write_text(fresh, encoding="utf-8")
