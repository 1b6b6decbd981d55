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


RULES: tuple[Rule, ...] = (
    Rule(
        "E001",
        "TOML syntax error",
        "Nothing can be read from a file the parser rejects.",
        'status = "stalled  (unterminated string)',
    ),
    Rule(
        "E002",
        "not UTF-8 text",
        "TOML files are UTF-8; other bytes mean a wrong file or a broken save.",
        "a byte 0xff in the file",
    ),
    Rule(
        "E101",
        "unknown key",
        "A misspelt key would otherwise be silently ignored.",
        'stauts = "done"',
    ),
    Rule(
        "E102",
        "missing required field",
        "Every record needs the fields that make it readable and citable.",
        "a program without `sector`",
    ),
    Rule(
        "E103",
        "wrong type",
        "A value of the wrong type cannot mean what the format says.",
        'size = "28"',
    ),
    Rule(
        "E104",
        "value outside the vocabulary",
        "Statuses and qualifiers form closed lists, so tables can count them.",
        'status = "finished"',
    ),
    Rule(
        "E105",
        "malformed date",
        'Dates are TOML dates, or "YYYY-MM" / "YYYY" strings when only that is known.',
        'date = "16.12.2022"',
    ),
    Rule(
        "E106",
        "malformed id",
        "Ids are lowercase kebab-case so that `roadmaps show ID` works everywhere.",
        "[programs.Gas_Market]",
    ),
    Rule(
        "E107",
        "value out of range",
        "A percentage above 100 or a plan of zero programs is a typo.",
        "percent = 140",
    ),
    Rule(
        "E108",
        "progress claim without a figure",
        "A claim needs `percent`, or `done` with `total`.",
        'a claim with only `of = "measures"`',
    ),
    Rule(
        "E109",
        "malformed language code",
        "Languages are codes (en, ru, be) so outputs can filter by them.",
        'language = "Russian"',
    ),
    Rule(
        "E201",
        "unknown plan",
        "A program must belong to a plan of the registry.",
        'plan = "union-programs-2012"',
    ),
    Rule(
        "E202",
        "unknown sector",
        "Sectors must exist for counts per sector to add up.",
        'sector = "gaz"',
    ),
    Rule(
        "E203",
        "unknown source",
        "Every citation must resolve to a source record.",
        'sources = ["tass-2022-12-61"]',
    ),
    Rule(
        "E204",
        "unknown program",
        "`follows` must name programs of the registry.",
        'follows = ["roadmap-2019-gass"]',
    ),
    Rule(
        "E205",
        "sector cycle",
        "Sectors nest as a tree; a cycle has no top.",
        'gas.parent = "energy", energy.parent = "gas"',
    ),
    Rule(
        "E206",
        "id used twice",
        "Ids are unique across tables so `roadmaps show ID` is never ambiguous.",
        "[sectors.trade] and [programs.trade]",
    ),
    Rule(
        "E304",
        "entry without sources",
        "No fact without a source: every history entry and claim cites one.",
        "a [[programs.x.history]] entry with no `sources`",
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def severity_of(code: str) -> Severity:
    return BY_CODE[code].severity
