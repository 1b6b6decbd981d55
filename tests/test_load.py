"""Every loader problem, with its exact message and position."""

from pathlib import Path

import pytest

from roadmaps.check import structural
from roadmaps.errors import UsageError
from roadmaps.load import load_path, load_text
from roadmaps.model import PartialDate, Precision, Qualifier, Status

BASE = """\
format = 1
title = "T"
as_of = 2024-01-01

[sectors.s]
title = "S"

[plans.p]
title = "P"

[programs.x]
plan = "p"
sector = "s"
title = "X"
status = "agreed"

[[programs.x.history]]
date = 2021-11-04
status = "agreed"
sources = ["src"]

[sources.src]
title = "Src"
publisher = "Pub"
published = 2021-11-04
language = "en"
"""


def problems(text: str) -> list[str]:
    return [str(p) for p in structural(load_text(text, "r.toml"))]


def test_the_base_text_is_clean_and_builds_the_model():
    loaded = load_text(BASE, "r.toml")
    assert structural(loaded) == []
    assert loaded.registry is not None
    program = loaded.registry.programs["x"]
    assert program.status is Status.AGREED
    assert program.history[0].sources == ("src",)


CASES = [
    (
        "unknown status",
        ('status = "agreed"\n\n[[', 'status = "finished"\n\n[['),
        [
            "r.toml:15:1: E104 programs.x: status 'finished' is not one of planned, agreed, in-progress, "
            "done, stalled, disputed, abandoned"
        ],
    ),
    (
        "status typo gets a suggestion",
        ('status = "agreed"\n\n[[', 'status = "stalld"\n\n[['),
        [
            "r.toml:15:1: E104 programs.x: status 'stalld' is not one of planned, agreed, in-progress, done, "
            "stalled, disputed, abandoned; did you mean 'stalled'?"
        ],
    ),
    (
        "unknown key",
        ('title = "X"\n', 'title = "X"\nstauts = "x"\n'),
        ["r.toml:15:1: E101 programs.x: unknown key 'stauts'; did you mean 'status'?"],
    ),
    (
        "missing field",
        ('sector = "s"\n', ""),
        ["r.toml:11:1: E102 programs.x: missing required field 'sector'"],
    ),
    (
        "wrong type",
        ('title = "P"\n', 'title = "P"\nsize = "28"\n'),
        ["r.toml:10:1: E103 plans.p: size must be a whole number, not the string '28'"],
    ),
    (
        "boolean is not a number",
        ('title = "P"\n', 'title = "P"\nsize = true\n'),
        ["r.toml:10:1: E103 plans.p: size must be a whole number, not the boolean true"],
    ),
    (
        "date as a string",
        ("date = 2021-11-04\nstatus", 'date = "2021-11-04"\nstatus'),
        [
            "r.toml:18:1: E105 programs.x: history entry #1 (2021-11-04): date '2021-11-04' is not a date; "
            "write full dates without quotes: 2021-11-04"
        ],
    ),
    (
        "malformed date",
        ("date = 2021-11-04\nstatus", 'date = "16.12.2022"\nstatus'),
        [
            "r.toml:18:1: E105 programs.x: history entry #1 (16.12.2022): date '16.12.2022' is not a date; "
            'use a TOML date (2023-04-05), or "2023-04" or "2023" when only that is known'
        ],
    ),
    (
        "date with a time",
        ("published = 2021-11-04", "published = 2021-11-04T10:00:00"),
        [
            "r.toml:25:1: E105 sources.src: published has a time of day; write the date alone: 2021-11-04"
        ],
    ),
    (
        "malformed id",
        ("[sources.src]", "[sources.Src_1]"),
        [
            "r.toml:20:1: E203 programs.x: history entry #1 (2021-11-04): source 'src' is not in [sources]",
            "r.toml:22:1: E106 sources.Src_1: 'Src_1' is not an id (lowercase letters, digits and hyphens)",
        ],
    ),
    (
        "percent out of range",
        (
            'title = "P"\n',
            'title = "P"\n[[plans.p.progress]]\ndate = 2023-01-01\n'
            'by = "A"\npercent = 140\nsources = ["src"]\n',
        ),
        [
            "r.toml:13:1: E107 plans.p: progress claim #1 (2023-01-01): percent is 140; it must be between 0 and 100"
        ],
    ),
    (
        "not a finite number",
        (
            'title = "P"\n',
            'title = "P"\n[[plans.p.progress]]\ndate = 2023-01-01\n'
            'by = "A"\npercent = nan\nsources = ["src"]\n',
        ),
        [
            "r.toml:13:1: E107 plans.p: progress claim #1 (2023-01-01): percent is nan; it must be a finite number"
        ],
    ),
    (
        "claim without a figure",
        (
            'title = "P"\n',
            'title = "P"\n[[plans.p.progress]]\ndate = 2023-01-01\n'
            'by = "A"\nof = "measures"\nsources = ["src"]\n',
        ),
        [
            "r.toml:10:1: E108 plans.p: progress claim #1 (2023-01-01): give `percent`, or `done` with `total`"
        ],
    ),
    (
        "done above total",
        (
            'title = "P"\n',
            'title = "P"\n[[plans.p.progress]]\ndate = 2023-01-01\n'
            'by = "A"\ndone = 30\ntotal = 28\nsources = ["src"]\n',
        ),
        ["r.toml:13:1: E107 plans.p: progress claim #1 (2023-01-01): done (30) exceeds total (28)"],
    ),
    (
        "bad language",
        ('language = "en"', 'language = "English"'),
        [
            'r.toml:26:1: E109 sources.src: language \'English\' is not a language code such as "en" or "ru"'
        ],
    ),
    (
        "entry without sources",
        ('sources = ["src"]\n', ""),
        [
            "r.toml:17:1: E304 programs.x: history entry #1 (2021-11-04): cites no source: add `sources = [...]`"
        ],
    ),
    (
        "empty sources",
        ('sources = ["src"]\n', "sources = []\n"),
        [
            "r.toml:20:1: E304 programs.x: history entry #1 (2021-11-04): sources is empty: cite at least one source"
        ],
    ),
    (
        "no history",
        ('[[programs.x.history]]\ndate = 2021-11-04\nstatus = "agreed"\nsources = ["src"]\n', ""),
        [
            "r.toml:11:1: E102 programs.x: has no history: add a [[...history]] entry with its source"
        ],
    ),
    (
        "unknown plan",
        ('plan = "p"', 'plan = "q"'),
        ["r.toml:12:1: E201 programs.x: plan 'q' is not in [plans]"],
    ),
    (
        "unknown plan with a near id",
        ('plan = "p"', 'plan = "pp"'),
        ["r.toml:12:1: E201 programs.x: plan 'pp' is not in [plans]; did you mean 'p'?"],
    ),
    (
        "unknown sector",
        ('sector = "s"', 'sector = "gas"'),
        ["r.toml:13:1: E202 programs.x: sector 'gas' is not in [sectors]"],
    ),
    (
        "unknown source",
        ('sources = ["src"]', 'sources = ["srx"]'),
        [
            "r.toml:20:1: E203 programs.x: history entry #1 (2021-11-04): source 'srx' is not in [sources]; "
            "did you mean 'src'?"
        ],
    ),
    (
        "unknown followed program",
        ('title = "X"\n', 'title = "X"\nfollows = ["y"]\n'),
        ["r.toml:15:1: E204 programs.x: followed program 'y' is not in [programs]"],
    ),
    (
        "program following itself",
        ('title = "X"\n', 'title = "X"\nfollows = ["x"]\n'),
        ["r.toml:15:1: E207 programs.x: a program cannot follow itself"],
    ),
    (
        "sector cycle",
        (
            '[sectors.s]\ntitle = "S"\n',
            '[sectors.s]\ntitle = "S"\nparent = "t"\n[sectors.t]\ntitle = "T"\nparent = "s"\n',
        ),
        ["r.toml:7:1: E205 sectors.s: sector parents form a cycle: s -> t -> s"],
    ),
    (
        "id in two tables",
        (
            'language = "en"\n',
            'language = "en"\n[sources.s]\ntitle = "S"\npublisher = "P"\nlanguage = "en"\n',
        ),
        ["r.toml:27:1: E206 sources.s: id 's' is also used in [sectors]"],
    ),
    # Hostile text (design §3): each is an error at its line, whatever the field.
    (
        "byte-order mark",
        ("format = 1", "\ufeffformat = 1"),
        [
            "r.toml:1:1: E003 the file starts with a UTF-8 byte-order mark (U+FEFF); `roadmaps "
            "fmt` removes it"
        ],
    ),
    (
        "windows line endings",
        ('title = "X"\n', 'title = "X"\r\n'),
        [
            "r.toml:1:1: E004 the file has Windows line endings (CRLF); `roadmaps fmt` rewrites "
            "it with LF (and for git: `git config core.autocrlf input`)"
        ],
    ),
    (
        "comment",
        ('title = "X"\n', 'title = "X" # "quoted" #\n'),
        [
            "r.toml:14:13: E110 a comment: the next write would lose it; put what it says in a `note`"
        ],
    ),
    (
        "hash inside a string is no comment, a comment line is",
        ('title = "X"\n', 'title = "X#1"\n   # todo\n'),
        ["r.toml:15:4: E110 a comment: the next write would lose it; put what it says in a `note`"],
    ),
    (
        "escape character in a title",
        ('title = "X"\n', 'title = "X\\u001b[2J"\n'),
        ["r.toml:14:1: E111 programs.x: title holds an escape (ESC) (U+001B) at character 2"],
    ),
    (
        "C1 control in a publisher",
        ('publisher = "Pub"', 'publisher = "P\\u009bub"'),
        [
            "r.toml:24:1: E111 sources.src: publisher holds a control character (U+009B) at character 2"
        ],
    ),
    (
        "DEL in a history note",
        ('sources = ["src"]\n', 'sources = ["src"]\nnote = "a\\u007f"\n'),
        [
            "r.toml:21:1: E111 programs.x: history entry #1 (2021-11-04): note holds a control "
            "character (U+007F) at character 2"
        ],
    ),
    (
        "newline in a title",
        ('title = "X"\n', 'title = "X\\nY"\n'),
        [
            "r.toml:14:1: E111 programs.x: title holds a newline (U+000A) at character 2; only "
            "`note` and `summary` may hold newlines"
        ],
    ),
    (
        "tab in a note",
        ('title = "X"\n', 'title = "X"\nnote = "a\\tb"\n'),
        ["r.toml:15:1: E111 programs.x: note holds a tab (U+0009) at character 2"],
    ),
    (
        "bidi override in a note",
        ('title = "X"\n', 'title = "X"\nnote = "a\\u202eb"\n'),
        [
            "r.toml:15:1: E112 programs.x: note holds the bidirectional control U+202E at character 2"
        ],
    ),
    (
        "bidi isolate in a url",
        ('language = "en"', 'url = "https://e.org/\\u2066"\nlanguage = "en"'),
        [
            "r.toml:26:1: E112 sources.src: url holds the bidirectional control U+2066 at character 15"
        ],
    ),
    (
        "integer beyond 64 bits",
        ('title = "P"\n', 'title = "P"\nsize = 9223372036854775808\n'),
        ["r.toml:10:1: E107 plans.p: size is outside the 64-bit integers TOML allows"],
    ),
    (
        "integer beyond 64 bits where a string belongs",
        ('title = "P"\n', "title = 99999999999999999999999\n"),
        [
            "r.toml:9:1: E103 plans.p: title must be a string, not a number outside the 64-bit integers"
        ],
    ),
    (
        "integer of thousands of digits",
        ('title = "P"\n', f'title = "P"\nsize = {"9" * 5000}\n'),
        ["r.toml:10:8: E001 a number with more digits than a 64-bit integer can hold"],
    ),
    (
        "unsupported format",
        ("format = 1", "format = 2"),
        ["r.toml:1:1: E107 format 2 is not supported; this version reads format 1"],
    ),
]


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported_with_its_line(name, edit, expected):
    old, new = edit
    assert old in BASE, name
    found = problems(BASE.replace(old, new, 1))
    assert found[: len(expected)] == expected


def test_newlines_are_allowed_in_notes_and_summaries():
    text = BASE.replace('title = "X"\n', 'title = "X"\nnote = "a\\nb"\nsummary = """c\nd"""\n', 1)
    assert problems(text) == []


def test_the_schema_line_is_no_comment_even_after_a_byte_order_mark():
    assert [p.code for p in load_text("#:schema x\n" + BASE, "r").problems] == []
    assert [p.code for p in load_text("\ufeff#:schema x\n" + BASE, "r").problems] == ["E003"]


def test_every_problem_is_reported_at_once():
    text = BASE.replace('status = "agreed"\n\n[[', 'status = "finished"\n\n[[').replace(
        'sources = ["src"]', 'sources = ["nope"]'
    )
    assert problems(text) == [
        "r.toml:15:1: E104 programs.x: status 'finished' is not one of planned, agreed, in-progress, done, "
        "stalled, disputed, abandoned",
    ]


def test_a_broken_record_does_not_cascade_into_reference_errors():
    text = (
        BASE.replace('sector = "s"', "sector = 5")
        + '\n[programs.z]\nplan = "p"\nsector = "s"\ntitle = "Z"\n'
        'status = "agreed"\nfollows = ["x", "missing"]\n[[programs.z.history]]\ndate = 2021-11-04\n'
        'status = "agreed"\nsources = ["src"]\n'
    )
    assert problems(text) == [
        "r.toml:13:1: E103 programs.x: sector must be an id string, not the number 5",
        "r.toml:33:1: E204 programs.z: followed program 'missing' is not in [programs]",
    ]


def test_toml_syntax_errors_carry_the_parsers_position():
    assert problems(BASE.replace('title = "S"', "title = = 1")) == [
        "r.toml:6:9: E001 invalid value"
    ]
    assert problems(BASE.replace('title = "S"', 'title = "S')) == [
        "r.toml:6:11: E001 the line ends inside a string: a closing quote is missing"
    ]
    assert problems("format = 1\nformat = 1\n") == ["r.toml:2:11: E001 cannot overwrite a value"]


def test_a_top_level_of_another_shape_is_described():
    text = 'format = 1\ntitle = "T"\nas_of = 2024-01-01\nprograms = 3\n'
    assert problems(text) == [
        "r.toml:4:1: E103 [programs] must be a table of records, not the number 3"
    ]


def test_partial_dates_and_qualifiers_load():
    text = BASE.replace("date = 2021-11-04\nstatus", 'date = "2021-11"\nstatus').replace(
        'title = "P"\n',
        'title = "P"\n[[plans.p.progress]]\ndate = "2023"\nby = "A"\nqualifier = "about"\n'
        'percent = 90\nsources = ["src"]\n',
    )
    loaded = load_text(text, "r.toml")
    assert structural(loaded) == []
    assert loaded.registry is not None
    assert loaded.registry.programs["x"].history[0].date.precision is Precision.MONTH
    claim = loaded.registry.plans["p"].progress[0]
    assert claim.date == PartialDate(claim.date.start, Precision.YEAR)
    assert claim.qualifier is Qualifier.ABOUT


def test_bytes_that_are_not_utf8_are_reported_with_their_line(tmp_path: Path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'format = 1\ntitle = "\xff"\n')
    loaded = load_path(path)
    assert [str(p) for p in loaded.problems] == [f"{loaded.file}:2:10: E002 byte 0xff is not UTF-8"]


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_an_unreadable_path_is_a_usage_error(tmp_path: Path, make: str):
    path = tmp_path / "r.toml"
    if make == "directory":
        path.mkdir()
    with pytest.raises(UsageError) as caught:
        load_path(path)
    assert str(caught.value) == f"{path}: " + (
        "no such file" if make == "missing" else "is a directory, not a registry file"
    )
