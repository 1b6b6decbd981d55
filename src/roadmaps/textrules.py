"""The rules on registry text that a TOML parser does not enforce (design §3).

Registry text may come from a stranger's pull request. A control character in a title can
drive the terminal of whoever runs `roadmaps status`; a bidirectional override can make a
reviewer read a different note from the one merged; a comment is lost by the next write; a
byte-order mark or Windows line endings make every line of the canonical form differ. Each of
these is an error at its line, found here, before anything else reads the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import Problem, Severity

# Any character a text field may not hold, the newline included (allowed in notes only).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_NAMES = {0x09: "a tab", 0x0A: "a newline", 0x0D: "a carriage return", 0x1B: "an escape (ESC)"}
MULTILINE_FIELDS = frozenset({"note", "summary"})

# Strings, which may hold a '#', and the '#' that starts a comment (the parser has accepted the
# text, so these patterns only need to tell the two apart).
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""(?:"{1,2}(?!"))?'
    r"|'''(?:[^']|'(?!''))*'''(?:'{1,2}(?!'))?"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#"
)
SCHEMA_PREFIX = "#:schema "


def unsafe_character(text: str, field: str) -> tuple[str, str] | None:
    """(code, what) for the first character `field` may not hold, or None.

    Called only when UNSAFE has matched, so the common clean string costs one search."""
    bidi = _BIDI.search(text)
    control = _CONTROL_BUT_NEWLINE.search(text)
    if control is None and field not in MULTILINE_FIELDS:
        control = re.search("\n", text)
    found = min(
        (m for m in (bidi, control) if m is not None), key=lambda m: m.start(), default=None
    )
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    at = f"character {found.start() + 1}"
    if found is bidi:
        return "E112", f"holds the bidirectional control U+{code:04X} at {at}"
    name = _NAMES.get(code, "a control character")
    hint = "; only `note` and `summary` may hold newlines" if char == "\n" else ""
    return "E111", f"holds {name} (U+{code:04X}) at {at}{hint}"


def file_problems(
    text: str, file: str, severity_of: Callable[[str], Severity], parsed: bool
) -> list[Problem]:
    """A byte-order mark, CRLF line ends and comments, each at its line.

    Comments are only looked for in text the parser accepted (`parsed`)."""

    def problem(code: str, line: int, column: int, message: str) -> Problem:
        return Problem(code, severity_of(code), file, line, column, "", message)

    found = []
    if text.startswith("\ufeff"):
        found.append(
            problem(
                "E003",
                1,
                1,
                "the file starts with a UTF-8 byte-order mark (U+FEFF); `roadmaps fmt` removes it",
            )
        )
    if "\r" in text:
        found.append(
            problem(
                "E004",
                1,
                1,
                "the file has Windows line endings (CRLF); `roadmaps fmt` rewrites it with LF "
                "(and for git: `git config core.autocrlf input`)",
            )
        )
    if parsed:
        found += [
            problem("E110", line, column, message) for line, column, message in comments(text)
        ]
    return found


def comments(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of every comment but a first-line `#:schema`."""
    first = 1 if text.startswith("\ufeff") else 0  # E003 reports the mark
    start = text.find("\n") + 1 if text.startswith(SCHEMA_PREFIX, first) else first
    if text.find("#", start) < 0:
        return []
    if '"""' in text or "'''" in text:  # strings may span lines: scan the whole text
        spans = [(start, len(text))]
    else:  # every string is on one line: scan only the lines with a '#'
        spans = []
        at = text.find("#", start)
        while at >= 0:
            begin = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            spans.append((begin, end))
            at = text.find("#", end)
    found = []
    for begin, end in spans:
        token = _TOKENS.search(text, begin, end)
        while token is not None:
            at = token.start()
            if token.group() == "#":
                line = text.count("\n", 0, at) + 1
                column = at - (text.rfind("\n", 0, at) + 1) + 1
                found.append((line, column, _COMMENT))
                at = text.find("\n", at)  # the rest of the line is the comment
                if at < 0:
                    break
            token = _TOKENS.search(text, max(at + 1, token.end()), end)
    return found


_COMMENT = "a comment: the next write would lose it; put what it says in a `note`"
