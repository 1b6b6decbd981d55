"""`roadmaps check`: every rule fires when it should and stays quiet when it should not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from roadmaps.check import check
from roadmaps.load import load_text
from roadmaps.paths import display_path
from roadmaps.positions import index_positions
from roadmaps.rules import RULES

from .conftest import DATA, SHIPPED, Invoke
from .test_load import BASE

TODAY = dt.date(2026, 11, 23)
INVALID = sorted((DATA / "invalid").glob("*.toml"))
assert INVALID, "the broken-TOML corpus is missing"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_family_of_broken_toml_is_one_e001_at_the_parsers_position(path: Path):
    text = path.read_text(encoding="utf-8")
    expected = text.splitlines()[0].removeprefix("# expect: ")
    problems = check(load_text(text, "f.toml"), TODAY)
    assert [str(p) for p in problems] == [f"f.toml:{expected}"]


def codes(text: str) -> list[str]:
    return [p.code for p in check(load_text(text, "r.toml"), TODAY)]


# A clean base with a plan claim, a deadline and a second source, to which each case makes one edit.
RICH = (
    BASE.replace(
        'title = "P"\n',
        'title = "P"\nsize = 1\n[[plans.p.progress]]\ndate = 2023-01-01\n'
        'by = "A"\npercent = 40\nof = "programs"\nsources = ["src2"]\n',
    )
    .replace('status = "agreed"\n\n[[', 'status = "agreed"\ndeadline = 2024-01-01\n\n[[')
    .replace("as_of = 2024-01-01", "as_of = 2023-12-31\nstale_after_days = 1000")
    + '\n[sources.src2]\ntitle = "Src 2"\npublisher = "Pub"\npublished = 2023-01-01\nlanguage = "en"\n'
)


def test_the_rich_base_is_clean():
    assert codes(RICH) == []


def add_entry(date: str, status: str = "agreed", sources: str = '["src"]') -> tuple[str, str]:
    anchor = "[sources.src]"
    return (
        anchor,
        f'[[programs.x.history]]\ndate = {date}\nstatus = "{status}"\nsources = {sources}\n\n{anchor}',
    )


def add_claim(date: str, percent: int) -> tuple[str, str]:
    anchor = "[programs.x]"
    return anchor, (
        f'[[plans.p.progress]]\ndate = {date}\nby = "B"\npercent = {percent}\nof = "programs"\nsources = ["src"]\n\n'
        f"{anchor}"
    )


def add_source(sid: str, url: str, published: str = "2021-11-04") -> tuple[str, str]:
    return "[sources.src]", (
        f'[sources.{sid}]\ntitle = "T"\npublisher = "P"\nurl = "{url}"\n'
        f'published = {published}\nlanguage = "en"\n\n[sources.src]'
    )


def two_sources(first: str, second: str) -> tuple[str, str]:
    """Two sources, each cited by a claim, with the given URLs."""
    anchor = "[programs.x]"
    claims = "".join(
        f'[[plans.p.progress]]\ndate = 2023-01-01\nby = "{sid}"\npercent = 40\nsources = ["{sid}"]\n'
        for sid in ("one", "two")
    )
    sources = "".join(
        f'[sources.{sid}]\ntitle = "T"\npublisher = "P"\nurl = "{url}"\npublished = 2023-01-01\nlanguage = "en"\n'
        for sid, url in (("one", first), ("two", second))
    )
    return anchor, f"{claims}{sources}\n{anchor}"


# code -> (an edit that makes it fire, an edit that stays just inside the rule)
PAIRS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "E301": (add_entry("2021-11-03"), add_entry("2021-11-04", "in-progress")),
    "E302": (('status = "agreed"\ndeadline', 'status = "done"\ndeadline'), ("", "")),
    "E303": (add_entry("2024-01-02"), add_entry("2023-12-31")),
    "E305": (add_entry("2021-11-04"), add_entry("2021-11-05")),
    "E401": (
        ('language = "en"', 'url = "javascript:alert(1)"\nlanguage = "en"'),
        ('language = "en"', 'url = "https://example.org/a"\nlanguage = "en"'),
    ),
    "E402": (
        two_sources("https://example.org/a", "https://example.org/a"),
        two_sources("https://example.org/a", "https://example.org/b"),
    ),
    "E403": (
        ("published = 2021-11-04\nlanguage", "language"),
        ("published = 2021-11-04\nlanguage", 'published = "2021"\nlanguage'),
    ),
    "W501": (
        ("stale_after_days = 1000", "stale_after_days = 786"),
        ("stale_after_days = 1000", "stale_after_days = 787"),
    ),
    "W502": (
        ("deadline = 2024-01-01", "deadline = 2023-12-30"),
        ("deadline = 2024-01-01", "deadline = 2023-12-31"),
    ),
    "W503": (add_claim("2023-02-15", 46), add_claim("2023-02-15", 45)),
    "W504": (add_source("other", "https://example.org/a"), ("", "")),
    "W505": (("size = 1", "size = 2"), ("size = 1", "size = 1")),
    "W506": (
        ('sources = ["src2"]', 'sources = ["src"]'),
        ("date = 2023-01-01", "date = 2023-01-01"),
    ),
}


@pytest.mark.parametrize("code", sorted(PAIRS))
def test_each_rule_fires_and_keeps_quiet_just_inside_its_limit(code: str):
    (old, new), (quiet_old, quiet_new) = PAIRS[code]
    assert old in RICH and quiet_old in RICH, code
    assert code in codes(RICH.replace(old, new, 1))
    assert code not in codes(RICH.replace(quiet_old, quiet_new, 1))


def test_every_rule_in_the_catalogue_has_a_test():
    from .test_load import CASES

    loader_codes = {line.split(": ")[1].split()[0] for _, _, expected in CASES for line in expected}
    syntax = {"E001", "E002"}
    assert {r.code for r in RULES} <= set(PAIRS) | loader_codes | syntax


@pytest.mark.parametrize(
    ("url", "fires"),
    [
        ("https://example.org/a", False),
        ("http://example.org", False),
        ("HTTPS://example.org/a", False),
        ("https://[2001:db8::1]/a", False),
        ("https:///a", True),
        ("https://", True),
        ("https://?q", True),
        ("ftp://example.org/a", True),
        ("example.org/a", True),
        ("http://[::1", True),  # urlsplit raises on it; the check must not
        ("https://example.org/a(b)?c=d&e#f", False),
        ("https://example.org/a b", True),
        ("https://example.org/a\\u00a0b", True),  # a no-break space
        ('https://example.org/\\"onmouseover=', True),
        ("https://example.org/<script>", True),
        ("https://example.org/{x}", True),
        ("https://example.org/a|b", True),
        ("https://example.org/a\\\\b", True),
        ("https://example.org/a^b", True),
        ("https://example.org/a`b", True),
    ],
)
def test_a_url_must_be_an_http_address_with_a_host(url: str, fires: bool):
    text = RICH.replace('language = "en"', f'url = "{url}"\nlanguage = "en"', 1)
    assert ("E401" in codes(text)) is fires


def test_a_date_in_the_future_is_an_error_even_before_as_of():
    text = RICH.replace("as_of = 2023-12-31", "as_of = 2030-01-01")
    problems = check(load_text(text.replace(*add_entry("2027-01-01")), "r.toml"), TODAY)
    assert (
        "E303 programs.x: history entry #2 (2027-01-01): date is in the future (today is 2026-11-23)"
        in [f"{p.code} {p.record}: {p.message}" for p in problems]
    )


# -- mutations of the shipped registry ---------------------------------------------------

SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")
GAS = "[programs.gas-market]\n"


def mutate(old: str, new: str, after: str = "") -> str:
    start = SHIPPED_TEXT.index(after) if after else 0
    at = SHIPPED_TEXT.index(old, start)
    return SHIPPED_TEXT[:at] + new + SHIPPED_TEXT[at + len(old) :]


MUTATIONS = [
    (
        "unknown status",
        mutate('status = "stalled"', 'status = "frozen"', GAS),
        "E104",
        ("programs", "gas-market", "status"),
    ),
    (
        "dangling source",
        mutate('"tass-ru-2022-12-16",', '"tass-ru-2022-12-61",'),
        "E203",
        ("programs", "gas-market", "history", 3, "sources"),
    ),
    (
        "history out of order",
        mutate("date = 2022-12-16", "date = 2021-01-01", GAS),
        "E301",
        ("programs", "gas-market", "history", 3, "date"),
    ),
    (
        "status differs",
        mutate('status = "stalled"', 'status = "done"', GAS),
        "E302",
        ("programs", "gas-market", "status"),
    ),
    (
        "future date",
        mutate('date = "2023-10"', "date = 2099-01-01", GAS),
        "E303",
        ("programs", "gas-market", "history", 4, "date"),
    ),
    (
        "javascript url",
        mutate('url = "http://en.special.kremlin.ru', 'url = "javascript:alert(1)//'),
        "E401",
        ("sources", "kremlin-2021-09-09", "url"),
    ),
    (
        "entry without sources",
        mutate('sources = [\n    "tass-ru-2022-12-16",\n]\n', ""),
        "E304",
        ("programs", "gas-market", "history", 3),
    ),
    (
        "unknown plan",
        mutate('plan = "union-programs-2021"', 'plan = "union-programs-2012"', GAS),
        "E201",
        ("programs", "gas-market", "plan"),
    ),
    (
        "unknown key",
        mutate('title = "Formation', 'titel = "Formation', GAS),
        "E101",
        ("programs", "gas-market", "titel"),
    ),
    (
        "program follows itself",
        mutate('follows = [\n    "roadmap-2019-gas",', 'follows = [\n    "gas-market",', GAS),
        "E207",
        ("programs", "gas-market", "follows"),
    ),
    (
        "sector cycle",
        mutate(
            '[sectors.energy]\ntitle = "Energy"\n',
            '[sectors.energy]\ntitle = "Energy"\nparent = "gas"\n',
        ),
        "E205",
        ("sectors", "energy", "parent"),
    ),
]


@pytest.mark.parametrize(("name", "text", "code", "path"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutations_of_the_shipped_registry_are_caught_at_the_line_of_the_record(
    name, text, code, path
):
    line = index_positions(text)[path][0]
    found = [
        (p.code, p.line)
        for p in check(load_text(text, "data/roadmaps.toml"), TODAY)
        if p.severity.value == "error"
    ]
    assert (code, line) in found, found


# -- the command -----------------------------------------------------------------------------


def test_the_shipped_registry_has_no_errors(invoke: Invoke):
    result = invoke("check", str(SHIPPED))
    assert result.exit_code == 0, result.stdout
    assert all(" W5" in line for line in result.stdout.splitlines())


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(
        RICH.replace('status = "agreed"\ndeadline', 'status = "done"\ndeadline').replace(
            "size = 1", "size = 2"
        ),
        encoding="utf-8",
    )
    return path


def test_text_lists_problems_on_stdout_and_a_summary_on_stderr(invoke: Invoke, bad: Path):
    result = invoke("check", str(bad))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{bad}:11:1: W505 plans.p: 1 program identified, fewer than its size 2\n"
        f'{bad}:23:1: E302 programs.x: status "done" differs from its latest history entry "agreed" (2021-11-04)\n'
    )
    assert result.stderr == f"1 error, 1 warning in {bad}\n"


def test_ignore_silences_codes_and_families(invoke: Invoke, bad: Path):
    result = invoke("check", str(bad), "--ignore", "e302,W5")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"no problems in {bad}\n")


def test_strict_makes_warnings_fail(invoke: Invoke, bad: Path):
    assert invoke("check", str(bad), "--ignore", "E302").exit_code == 0
    assert invoke("check", str(bad), "--ignore", "E302", "--strict").exit_code == 1


def test_json_format(invoke: Invoke, bad: Path):
    result = invoke("check", str(bad), "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["format"] == 1
    assert doc["counts"] == {"error": 1, "warning": 1}
    assert doc["problems"][1] == {
        "code": "E302",
        "severity": "error",
        "file": str(bad),
        "line": 23,
        "column": 1,
        "record": "programs.x",
        "message": 'status "done" differs from its latest history entry "agreed" (2021-11-04)',
    }


def test_github_format_escapes_and_writes_the_step_summary(invoke: Invoke, tmp_path: Path):
    path = tmp_path / "a,b:c.toml"
    path.write_text(
        RICH.replace('title = "X"', 'title = "X"\nnote = "100%\\nsure"\nbogus = 1'),
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    result = invoke(
        "check",
        str(path),
        "--format",
        "github",
        "--ignore",
        "W",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    escaped = str(path).replace(":", "%3A").replace(",", "%2C")
    assert result.stdout == (
        f"::error file={escaped},line=24,col=1,title=E101::programs.x: unknown key 'bogus'\n"
    )
    shown = str(path).replace("_", "\\_").replace(":", "\\:")  # Markdown, escaped
    assert summary.read_text(encoding="utf-8") == (
        f"### roadmaps check: 1 error in {shown}\n\n| file | line | code | record | message |\n|---|---|---|---|---|\n"
        f"| {shown} | 24 | E101 | programs.x | unknown key 'bogus' |\n"
    )


def test_annotation_messages_escape_percent_and_newlines():
    from roadmaps.errors import Problem, Severity
    from roadmaps.report import github

    problem = Problem("W504", Severity.WARNING, "r.toml", 3, 1, "sources.x", "50%\nof it | all")
    assert (
        github([problem])
        == "::warning file=r.toml,line=3,col=1,title=W504::sources.x: 50%25%0Aof it | all\n"
    )


def test_rules_lists_the_catalogue(invoke: Invoke):
    result = invoke("check", "--rules")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(RULES)
    assert result.stdout.splitlines()[0].split()[:2] == ["E001", "error"]
    doc = json.loads(invoke("check", "--rules", "--format", "json").stdout)
    assert [r["code"] for r in doc["rules"]] == [r.code for r in RULES]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--ignore", "X9"],
            "roadmaps: --ignore: 'X9' is not a rule code or family (see `roadmaps check --rules`)\n",
        ),
    ],
)
def test_usage_errors_exit_2(invoke: Invoke, bad: Path, args: list[str], message: str):
    result = invoke("check", str(bad), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_a_directory_or_missing_file_exits_2(invoke: Invoke, tmp_path: Path):
    result = invoke("check", str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"roadmaps: {tmp_path}: is a directory, not a registry file\n",
    )
    assert invoke("check", str(tmp_path / "none.toml")).exit_code == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe\x00\x01",
        b"[[[[",
        b'title = "x"\n' * 50000,
        b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        b"[a]\nb = 1\n",
    ],
)
def test_any_file_gives_a_problem_list_and_exit_1(invoke: Invoke, tmp_path: Path, content: bytes):
    path = tmp_path / "x.toml"
    path.write_bytes(content)
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert result.stdout and all(line.startswith(f"{path}:") for line in result.stdout.splitlines())


def test_several_files_are_checked_together(invoke: Invoke, bad: Path):
    result = invoke("check", str(bad), str(SHIPPED), "--ignore", "W")
    assert result.exit_code == 1
    assert result.stderr == f"1 error in {bad}, {display_path(SHIPPED)}\n"


def test_annotations_put_errors_before_warnings():
    """GitHub shows ten annotations per step: the error that fails the run comes first."""
    from roadmaps.errors import Problem, Severity
    from roadmaps.report import github

    warnings = [
        Problem("W501", Severity.WARNING, "r.toml", n, 1, f"programs.p{n}", "stale")
        for n in range(1, 13)
    ]
    error = Problem("E302", Severity.ERROR, "r.toml", 40, 1, "programs.x", "differs")
    lines = github([*warnings[:6], error, *warnings[6:]]).splitlines()
    assert lines[0] == "::error file=r.toml,line=40,col=1,title=E302::programs.x: differs"
    assert [line.split("line=")[1].split(",")[0] for line in lines[1:]] == [
        str(n) for n in range(1, 13)
    ]
