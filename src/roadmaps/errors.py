"""Problems as data, and the one exception root.

The core never prints and never exits. Findings about a registry are `Problem` values, all
collected before anyone reports them, so one run shows every mistake. Conditions that stop a
command are `RoadmapsError` subclasses, which the CLI alone turns into a message and an exit
code.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One finding: `file:line:column: CODE record: message`."""

    code: str
    severity: Severity
    file: str
    line: int
    column: int
    record: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        about = f"{self.record}: " if self.record else ""
        return f"{where}: {self.code} {about}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


class RoadmapsError(Exception):
    """Root of every error a user can cause; the CLI maps each subclass to an exit code."""

    exit_code = 1


class RegistryError(RoadmapsError):
    """The registry cannot be used as it is: it has errors, listed in `problems`."""

    # Whether the problems' lines and columns are positions in the file on disk. They are not
    # for an edit refused before it was written: they point into text nobody can open.
    located = True

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(f"{path}: {len(self.problems)} problem(s)")


class UsageError(RoadmapsError):
    """The command was asked something it cannot answer: a bad option value or a missing file."""

    exit_code = 2


class UnknownIdError(UsageError):
    """An id that no record has; carries the nearest ids so the message can offer them."""

    def __init__(self, wanted: str, nearest: Sequence[str], what: str = "id") -> None:
        self.wanted = wanted
        self.nearest = tuple(nearest)
        hint = f"; did you mean {', '.join(self.nearest)}?" if self.nearest else ""
        super().__init__(f"unknown {what} {wanted!r}{hint}")
