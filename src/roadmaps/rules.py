"""The catalogue of problem codes: stable codes, severities and why each rule exists.

Codes are an interface: CI configurations ignore them by name, so a code is never reused for
another meaning. Families: E0 syntax, E1 shape, E2 references, E3 history, E4 sources,
W5 warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    title: str
    rationale: str
    example: str

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.code.startswith("W") else Severity.ERROR


# fmt: off
_CATALOGUE = (
    ("E001", "TOML syntax error", "Nothing can be read from a file the parser rejects.",
     'status = "stalled   (a string without its closing quote)'),
    ("E002", "not UTF-8 text", "TOML files are UTF-8; other bytes mean a wrong file or a broken save.",
     "a byte 0xff in the file"),
    ("E003", "byte-order mark", "A UTF-8 byte-order mark is invisible in editors and breaks the canonical form.",
     "the bytes EF BB BF at the very start of the file"),
    ("E004", "Windows line endings", "The canonical form ends lines with LF; CRLF would make every line differ.",
     "a file saved with CRLF"),
    ("E101", "unknown key", "A misspelt key would otherwise be silently ignored.",
     'stauts = "done"'),
    ("E102", "missing required field", "Every record needs the fields that make it readable and citable.",
     "a program without `sector`"),
    ("E103", "wrong type", "A value of the wrong type cannot mean what the format says.",
     'size = "28"'),
    ("E104", "value outside the vocabulary", "Statuses and qualifiers are closed lists, so that tables can count them.",
     'status = "finished"'),
    ("E105", "malformed date", 'Dates are TOML dates, or "YYYY-MM" / "YYYY" strings when only that is known.',
     'date = "16.12.2022"'),
    ("E106", "malformed id", "Ids are lowercase kebab-case so that `roadmaps show ID` works everywhere.",
     "[programs.Gas_Market]"),
    ("E107", "value out of range", "A percentage above 100, or a plan of zero programs, is a typo.",
     "percent = 140"),
    ("E108", "progress claim without a figure", "A claim needs `percent`, or `done` with `total`.",
     'a claim with only of = "measures"'),
    ("E109", "malformed language code", "Languages are codes (en, ru, be), so outputs can filter by them.",
     'language = "Russian"'),
    ("E110", "comment", "A rewrite cannot keep comments, so the format has none: put it in a `note`.",
     "# checked against the PDF"),
    ("E111", "control character in text", "Control characters can drive the terminal of whoever reads the registry.",
     'title = "Gas\\u001b[2J"'),
    ("E112", "bidirectional override in text", "Bidi controls make text read differently from what it holds.",
     'note = "\\u202e..."'),
    ("E201", "unknown plan", "A program must belong to a plan of the registry.",
     'plan = "union-programs-2012"'),
    ("E202", "unknown sector", "Sectors must exist for the counts per sector to add up.",
     'sector = "gaz"'),
    ("E203", "unknown source", "Every citation must resolve to a source record.",
     'sources = ["tass-2022-12-61"]'),
    ("E204", "unknown program", "`follows` must name programs of the registry.",
     'follows = ["roadmap-2019-gass"]'),
    ("E205", "sector cycle", "Sectors nest as a tree; a cycle has no top.",
     'gas.parent = "energy" and energy.parent = "gas"'),
    ("E206", "id used twice", "Ids are unique across tables so that `roadmaps show ID` is never ambiguous.",
     "[sectors.trade] and [programs.trade]"),
    ("E207", "program follows itself", "`follows` names earlier programs; a program is not its own.",
     'gas-market.follows = ["gas-market"]'),
    ("E301", "history out of date order", "Entries are kept in date order, so the file reads as a story.",
     "an entry of 2021-11-04 after one of 2022-12-16"),
    ("E302", "status differs from the latest entry", "The stored status is for readers; the history is the evidence.",
     'status = "done" while the latest entry says "stalled"'),
    ("E303", "date in the future or after as_of", "Nothing is reported before it happens, or after the review date.",
     "date = 2031-01-01"),
    ("E304", "entry without sources", "No fact without a source: every history entry and claim cites one.",
     "a history entry with no `sources`"),
    ("E305", "repeated history entry", "The same date and status twice is a double entry.",
     "two entries of 2022-12-16 with status stalled"),
    ("E401", "not an http(s) URL", "Links must open in a browser, and must never run code.",
     'url = "javascript:alert(1)"'),
    ("E402", "two sources with one URL", "One publication is one source; duplicates split its citations.",
     "two sources with the same url"),
    ("E403", "source without a date", 'Every source is dated, to the month or year if need be ("2023-04").',
     "a source with no `published`"),
    ("W501", "stale program", "An open program with no evidence for `stale_after_days` before as_of: its status may be out of date.",
     "latest evidence 2022-12-16, as_of 2026-11-23"),
    ("W502", "overdue program", "The deadline has passed and the program is neither done nor abandoned.",
     "deadline = 2023-12-01, status stalled"),
    ("W503", "conflicting claims", "Two claims on one subject within 45 days differ by more than 5 points.",
     "about 40% and more than 46% in August 2022"),
    ("W504", "unused source", "A source nothing cites is clutter, or a citation that was forgotten.",
     "a source cited by no record"),
    ("W505", "plan size differs", "A plan with fewer programs than its size has gaps; with more, a miscount.",
     "size = 28 with 26 programs"),
    ("W506", "source older than its event", "A source published before an event cannot report it.",
     "an entry of 2022-12-16 citing a source of 2021-11-04"),
)
# fmt: on

RULES: tuple[Rule, ...] = tuple(Rule(*row) for row in _CATALOGUE)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def severity_of(code: str) -> Severity:
    return BY_CODE[code].severity
