"""Every export read back and compared with the registry; the HTML page in a real browser."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from roadmaps import export as X
from roadmaps import query as Q
from roadmaps.load import load_path
from roadmaps.model import Registry

from .conftest import MINI, SHIPPED, Invoke

DAY = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def snap(registry: Registry) -> X.Snapshot:
    return X.Snapshot.of(registry, DAY)


def test_json_carries_the_registry_with_derived_statuses_and_is_byte_stable(registry, snap):
    text = X.to_json(snap)
    assert X.to_json(X.Snapshot.of(registry, DAY)) == text
    doc = json.loads(text)
    assert (doc["format"], doc["as_of"], doc["reviewed"]) == (1, "2024-06-30", "2024-06-30")
    assert [p["id"] for p in doc["programs"]] == list(registry.programs)
    statuses = {p["id"]: (p["status"], p["since"], p["flags"]) for p in doc["programs"]}
    assert statuses == {
        v.program.id: (v.status.value, str(v.since), sorted(f.value for f in v.flags))
        for v in Q.snapshot(registry, DAY)
    }
    assert [s["id"] for s in doc["sources"]] == list(registry.sources)
    assert len(doc["conflicts"]) == 1
    history = {
        p["id"]: [(h["date"], h["status"], h["sources"]) for h in p["history"]]
        for p in doc["programs"]
    }
    assert history["gas-market"] == [
        ("2021-11-04", "agreed", ["s-kremlin"]),
        ("2022-12-16", "stalled", ["s-tass"]),
    ]


def test_csv_tables_read_back_with_the_csv_module(registry, snap, tmp_path: Path):
    written = X.write_csv(snap, tmp_path / "out")
    assert sorted(p.name for p in written) == [
        "datapackage.json",
        "history.csv",
        "plans.csv",
        "programs.csv",
        "progress.csv",
        "sectors.csv",
        "sources.csv",
    ]
    raw = (tmp_path / "out" / "programs.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,plan,sector,title,")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")

    def rows(name: str) -> list[dict[str, str]]:
        with open(tmp_path / "out" / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    programs = rows("programs")
    assert [r["id"] for r in programs] == list(registry.programs)
    assert {r["id"]: r["status"] for r in programs}["gas-market"] == "stalled"
    assert {r["id"]: r["title_ru"] for r in programs}["gas-market"] == registry.programs[
        "gas-market"
    ].title_ru
    history = rows("history")
    assert len(history) == sum(len(p.history) for p in registry.programs.values())
    assert [r["sources"] for r in history if r["program"] == "power-market"] == [
        "s-kremlin",
        "s-belta",
    ]
    sources = {r["id"]: r for r in rows("sources")}
    assert sources["s-hostile"]["title"] == registry.sources["s-hostile"].title
    assert sources["s-unused"]["cited"] == "0"
    assert len(rows("progress")) == len(Q.all_claims(registry))


def test_csv_quotes_what_needs_quoting():
    text = X.csv_text(["a", "b"], [['x, "y"', "line\nbreak"]])
    assert text == 'a,b\r\n"x, ""y""","line\nbreak"\r\n'
    assert list(csv.reader(text.splitlines(keepends=True))) == [
        ["a", "b"],
        ['x, "y"', "line\nbreak"],
    ]


def test_markdown_has_a_row_per_program_and_escapes_the_data(registry, snap):
    text = X.to_markdown(snap)
    assert text.startswith(
        "# Test union\n\nAs of 2024-06-30 (registry reviewed 2024-06-30): 5 programs.\n"
    )
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [v.program.id for v in Q.snapshot(registry, DAY)]
    gas = next(row for row in rows if row.startswith("| `gas-market`"))
    assert gas == (
        "| `gas-market` | stalled | 2022-12-16 | gas | Formation of a unified gas market | overdue, stale | "
        "2022-12-16: [s-tass](<https://tass.example/16611915>) |"
    )
    assert "\\[bold red\\]Injected\\[/\\]" not in text  # source titles are not in the tables...
    assert (
        X._md("a | b [c] <d>") == "a \\| b \\[c\\] \\<d\\>"
    )  # ...and cells are escaped when they are


def test_sqlite_has_keys_and_reads_back(registry, snap, tmp_path: Path):
    path = tmp_path / "r.db"
    X.write_sqlite(snap, path)
    X.write_sqlite(snap, path)  # rewriting replaces the file whole
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [r[0] for r in db.execute("SELECT id FROM programs ORDER BY rowid")] == list(
            registry.programs
        )
        assert db.execute(
            "SELECT status, since, since_precision, flags FROM programs WHERE id = 'gas-market'"
        ).fetchone() == ("stalled", "2022-12-16", "day", '["overdue", "stale"]')
        joined = db.execute(
            "SELECT h.date, h.status, s.publisher FROM history h"
            " JOIN history_sources hs ON hs.history = h.id"
            " JOIN sources s ON s.id = hs.source WHERE h.program = 'gas-market' ORDER BY h.position"
        ).fetchall()
        assert joined == [("2021-11-04", "agreed", "Kremlin"), ("2022-12-16", "stalled", "TASS")]
        assert db.execute("SELECT count(*) FROM progress WHERE plan = 'new-plan'").fetchone() == (
            4,
        )
        assert db.execute("SELECT value FROM meta WHERE key = 'as_of'").fetchone() == (
            "2024-06-30",
        )
        fks = {row[2] for row in db.execute("PRAGMA foreign_key_list(programs)")}
        assert fks == {"plans", "sectors"}
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.db", "r.metadata.json"]


def test_sqlite_indexes_every_foreign_key_and_searches(snap, tmp_path: Path):
    path = tmp_path / "r.db"
    X.write_sqlite(snap, path)
    db = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"
                " AND name NOT LIKE '%_fts%'"
            )
        ]
        unindexed = []
        for table in tables:
            leading = {
                db.execute(f"PRAGMA index_info('{index[1]}')").fetchone()[2]
                for index in db.execute(f"PRAGMA index_list('{table}')")
            }
            for fk in db.execute(f"PRAGMA foreign_key_list('{table}')"):
                if fk[3] not in leading:
                    unindexed.append(f"{table}.{fk[3]}")
        assert unindexed == []
        found = db.execute(
            "SELECT p.id FROM programs_fts JOIN programs p ON p.rowid = programs_fts.rowid"
            " WHERE programs_fts MATCH 'gas' ORDER BY p.id"
        ).fetchall()
        assert ("gas-market",) in found
        hits = db.execute("SELECT count(*) FROM sources_fts WHERE sources_fts MATCH 'kremlin'")
        assert hits.fetchone()[0] >= 1
        partial = db.execute(
            "SELECT published, published_precision FROM sources WHERE id = 's-unused'"
        ).fetchone()
        assert partial == ("2020", "year")
        claim = db.execute(
            'SELECT subject, "by", "of" FROM progress WHERE "of" IS NOT NULL LIMIT 1'
        ).fetchone()
        assert claim is not None and claim[0] in snap.registry.plans | snap.registry.programs
    finally:
        db.close()
    meta = json.loads((tmp_path / "r.metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "Creative Commons Attribution 4.0 International"
    programs = meta["databases"]["r"]["tables"]["programs"]
    assert programs["fts_table"] == "programs_fts"
    assert programs["columns"]["flags"] == "Derived flags: stale, overdue, conflicting."


def test_html_escapes_registry_text_and_links_only_http(registry, tmp_path: Path):
    text = MINI.read_text(encoding="utf-8").replace(
        'url = "https://example.org/hostile"', 'url = "javascript:alert(1)"'
    )
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_path(path)
    assert loaded.registry is not None
    page = X.to_html(X.Snapshot.of(loaded.registry, DAY))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page.split('<ol class="sources">')[1].split("</ol>")[0].replace(
        "javascript:alert(1)", ""
    )  # the bad address is not kept as an href
    assert 'href="javascript' not in page
    parser = HTMLParser()
    parser.feed(page)  # well-formed enough for a parser to read to the end
    assert page.count('<article id="program-') == len(registry.programs)


# -- the browser ------------------------------------------------------------------------------------

HOSTILE_TITLE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
HOSTILE_PROGRAM = "<script>document.body.setAttribute('data-pwned','script')</script>"


def chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("CI"):
        pytest.fail(
            "chromium is not installed: .ci/run installs it, and the browser test never skips in CI"
        )
    return found


def render_dom(browser: str, page: Path, profile: Path) -> str:
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


class Dom(HTMLParser):
    """Just enough of the rendered DOM: elements with their attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_report_renders_in_chromium_and_hostile_text_stays_inert(tmp_path: Path):
    browser = chromium()
    if browser is None:
        pytest.skip("chromium is not installed here (CI installs it and never skips)")
    text = (
        MINI.read_text(encoding="utf-8")
        .replace('title = "Nobody cites this"', f"title = {json.dumps(HOSTILE_TITLE)}")
        .replace('title = "Gas price formula"', f"title = {json.dumps(HOSTILE_PROGRAM)}")
    )
    source = tmp_path / "r.toml"
    source.write_text(text, encoding="utf-8")
    loaded = load_path(source)
    assert loaded.problems == () and loaded.registry is not None
    page = tmp_path / "report.html"
    page.write_text(X.to_html(X.Snapshot.of(loaded.registry, DAY)), encoding="utf-8")

    dom = Dom()
    dom.feed(render_dom(browser, page, tmp_path / "profile"))
    body = next(attrs for tag, attrs in dom.elements if tag == "body")
    assert "data-pwned" not in body
    assert not any(tag in ("script", "img") for tag, _ in dom.elements)
    text_content = "".join(dom.text)
    assert HOSTILE_TITLE in text_content and HOSTILE_PROGRAM in text_content

    cards = {
        attrs.get("data-status")
        for tag, attrs in dom.elements
        if tag == "li" and attrs.get("data-status")
    }
    assert cards >= {"total", "done", "stalled", "disputed"}
    assert "5programs" in text_content.replace("\n", "")
    bars = [attrs for tag, attrs in dom.elements if tag == "rect" and attrs.get("class") == "bar"]
    assert {(b["data-sector"], b["data-group"], b["data-count"]) for b in bars} >= {
        ("energy", "stalled", "1"),
        ("finance", "done", "1"),
        ("gas", "disputed", "1"),
    }
    circles = [attrs for tag, attrs in dom.elements if tag == "circle"]
    assert len(circles) == 3  # the claims on programs; the lone claim on measures is not charted
    assert sum(1 for c in circles if "conflicting" in (c.get("class") or "")) == 2


def test_the_shipped_report_renders_with_its_counts(tmp_path: Path):
    browser = chromium()
    if browser is None:
        pytest.skip("chromium is not installed here (CI installs it and never skips)")
    loaded = load_path(SHIPPED)
    assert loaded.registry is not None
    snap = X.Snapshot.of(loaded.registry, dt.date(2026, 11, 23))
    page = tmp_path / "report.html"
    page.write_text(X.to_html(snap), encoding="utf-8")
    dom = Dom()
    dom.feed(render_dom(browser, page, tmp_path / "profile"))
    circles = [attrs for tag, attrs in dom.elements if tag == "circle"]
    assert sum(1 for c in circles if "conflicting" in (c.get("class") or "")) == 4
    articles = [attrs for tag, attrs in dom.elements if tag == "article"]
    assert len(articles) == len(loaded.registry.programs)


# -- commands -----------------------------------------------------------------------------------------


def test_export_to_stdout_and_to_files(invoke: Invoke, mini: Path, tmp_path: Path):
    result = invoke(
        "--data", str(mini), "export", "--format", "json", "-o", "-", "--as-of", "2024-06-30"
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["as_of"] == "2024-06-30"
    out = tmp_path / "r.db"
    result = invoke(
        "--data", str(mini), "export", "--format", "sqlite", "-o", str(out), "--as-of", "2024-06-30"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        f"wrote sqlite as of 2024-06-30 to {out}\n",
    )
    assert out.exists()


def test_export_csv_needs_a_folder(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "export", "--format", "csv", "-o", "-")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "roadmaps: --format csv writes files; give -o PATH\n"


def test_diff_lists_status_changes_and_claims_between_two_dates(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "diff", "2022-06-01", "2023-12-31", "--json")
    doc = json.loads(result.stdout)
    assert [
        (c["program"], c["from"], c["to"], c["date"], c["sources"]) for c in doc["changes"]
    ] == [
        ("gas-market", "agreed", "stalled", "2022-12-16", ["s-tass"]),
        ("tax-code", "agreed", "done", "2023-01-19", ["s-hostile"]),
        ("power-market", "agreed", "in-progress", "2023-11", ["s-belta"]),
    ]
    assert [c["date"] for c in doc["claims"]] == [
        "2022-08-01",
        "2022-08-24",
        "2022-09-01",
        "2023-11",
    ]


def test_diff_as_a_table_and_its_usage_errors(invoke: Invoke, mini: Path):
    result = invoke("--data", str(mini), "diff", "2023-01-01", "2023-06-30")
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
From 2023-01-01 to 2023-06-30: 1 status change, 0 progress claims

program   change          date        sources    title
tax-code  agreed -> done  2023-01-19  s-hostile  Common principles of indirect taxation

"""
    )
    result = invoke("--data", str(mini), "diff", "2024", "2023")
    assert (result.exit_code, result.stderr) == (
        2,
        "roadmaps: TO 2023 ends on 2023-12-31, before FROM 2024 starts on 2024-01-01\n",
    )


def test_diff_of_the_shipped_registry_over_the_first_two_years(invoke: Invoke):
    # FROM opens the period: the adoption day itself would count every program as new
    result = invoke("--data", str(SHIPPED), "diff", "2021-11-05", "2023-11-29", "--json")
    changes = {
        c["program"]: (c["from"], c["to"], c["date"]) for c in json.loads(result.stdout)["changes"]
    }
    assert changes["gas-market"] == ("agreed", "stalled", "2022-12-16")
    assert changes["indirect-taxes"] == ("agreed", "in-progress", "2022-10-03")
    assert changes["electricity-market"] == ("agreed", "in-progress", "2023-11-27")
    assert "oil-market" in changes and "macroeconomic-policy" not in changes


def test_an_export_as_of_a_day_holds_nothing_dated_after_it(invoke: Invoke):
    # Exports answer --as-of as every reading command does (design §4): the 2019 export listed
    # the 2021-2026 history, claims and sources.
    result = invoke("export", "--format", "json", "-o", "-", "--as-of", "2019")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    later: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"date", "adopted"} and isinstance(value, str) and value > "2019-12-31":
                    later.append(f"{key} {value}")
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    assert later == []
    gas = next(p for p in doc["programs"] if p["id"] == "roadmap-2019-gas")
    assert [h["date"] for h in gas["history"]] == ["2019-11-13", "2019-12-07"]
    cited = {s for p in doc["programs"] for e in p["history"] + p["progress"] for s in e["sources"]}
    cited |= {s for p in doc["plans"] for c in p["progress"] for s in c["sources"]}
    # A later report of an event of the day stays, as its id does beside the entry.
    late = {s["id"] for s in doc["sources"] if (s["published"] or "") > "2019-12-31"}
    assert late and late <= cited
    assert "kontur-2023-12-22" not in [s["id"] for s in doc["sources"]]
