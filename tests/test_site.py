"""The static site: files, links, feed and index read back; the pages in a real browser."""

from __future__ import annotations

import datetime as dt
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from roadmaps import export as X
from roadmaps import site
from roadmaps.export_html import html_chunks
from roadmaps.load import load_path
from roadmaps.model import Registry

from .conftest import MINI, SHIPPED, Invoke
from .test_export import HOSTILE_PROGRAM, HOSTILE_TITLE, chromium

DAY = dt.date(2024, 6, 30)
# In every page's <title> and the feed; in an attribute, in a chart's <title> and <desc>.
HOSTILE_REGISTRY = "Union</title><script>document.body.setAttribute('data-pwned','title')</script>"
HOSTILE_SPEAKER = "Alpha\" onmouseover=\"document.body.setAttribute('data-pwned','attr')\" x=\""
ATOM = "{http://www.w3.org/2005/Atom}"


def hostile_registry(tmp_path: Path) -> Registry:
    text = (
        MINI.read_text(encoding="utf-8")
        .replace('title = "Nobody cites this"', f"title = {json.dumps(HOSTILE_TITLE)}")
        .replace('title = "Gas price formula"', f"title = {json.dumps(HOSTILE_PROGRAM)}")
        .replace('url = "https://example.org/hostile"', 'url = "javascript:alert(1)"')
        .replace('title = "Test union"', f"title = {json.dumps(HOSTILE_REGISTRY)}", 1)
        .replace('by = "Embassy of Alpha"', f"by = {json.dumps(HOSTILE_SPEAKER)}")
    )
    source = tmp_path / "hostile.toml"
    source.write_text(text, encoding="utf-8")
    loaded = load_path(source)
    assert loaded.problems == () and loaded.registry is not None
    return loaded.registry


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    site.build(X.Snapshot.of(registry, DAY), out, "https://example.org/union/")
    return out


class Page(HTMLParser):
    """Links, ids and scripts of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        for name in ("href", "src"):
            if found.get(name):
                self.refs.append(found[name] or "")
        if tag == "script":
            self.scripts.append(found)


def pages(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*.html")))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_site_has_a_page_per_record_and_its_files(built: Path, registry: Registry):
    names = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    expected = {
        "index.html",
        "timeline.html",
        "search.html",
        "style.css",
        "search.js",
        "search-index.js",
        "index.json",
        "feed.xml",
        "sitemap.xml",
    }
    for folder, table in (
        ("programs", registry.programs),
        ("plans", registry.plans),
        ("sectors", registry.sectors),
        ("sources", registry.sources),
    ):
        expected |= {f"{folder}/{rid}.html" for rid in table}
    assert names == expected
    assert not [p for p in built.parent.iterdir() if p.name != "public"]  # no temporary left


def check_links(built: Path) -> int:
    """Every href and src of every page: http(s) links go out (never a script), the rest
    name a file of the site, and a #fragment an id on that page. Returns the count."""
    checked = 0
    ids: dict[Path, set[str]] = {}
    for path in pages(built):
        page = parse(path)
        for ref in page.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https"):
                assert not any(ref == s.get("src") for s in page.scripts), ref
                continue
            if parts.scheme == "data":
                continue
            assert not parts.scheme and not parts.netloc, f"{path.name}: {ref}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path.relative_to(built)} links to missing {ref}"
            assert built in target.parents
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                assert parts.fragment in ids[target], f"{path.name}: {ref}"
            checked += 1
    return checked


def test_every_internal_link_resolves_and_nothing_is_fetched_from_elsewhere(built: Path):
    assert check_links(built) > 100


def test_every_link_of_the_shipped_registrys_site_resolves(tmp_path: Path):
    loaded = load_path(SHIPPED)
    assert loaded.registry is not None
    out = tmp_path / "shipped"
    pages_written = site.build(X.Snapshot.of(loaded.registry, dt.date(2026, 11, 23)), out)
    assert pages_written == len(list(pages(out)))
    assert check_links(out) > 1000


def test_the_index_page_is_the_status_page(built: Path):
    text = (built / "index.html").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("<h2")]
    assert headings == [
        "<h2>By sector</h2>",
        "<h2>Plans</h2>",
        "<h2>Latest progress claims</h2>",
        '<h2 id="stalled">Stalled (1)</h2>',
        '<h2 id="disputed">Disputed (1)</h2>',
        '<h2 id="overdue">Overdue (1)</h2>',
        '<h2 id="conflicting">Conflicting claims (1)</h2>',
        "<h2>Sectors</h2>",
    ]
    assert '<a href="programs/gas-market.html">gas-market</a>' in text
    assert ">1 of 3 identified</td>" in text and ">4 of 4 identified</td>" in text


def test_a_program_page_has_its_dated_history_with_source_links(built: Path):
    text = (built / "programs" / "gas-market.html").read_text(encoding="utf-8")
    assert '<tr id="event-status-2021-11-04-agreed">' in text
    assert '<tr id="event-status-2022-12-16-stalled">' in text
    assert '<a href="../sources/s-tass.html">s-tass</a>' in text
    assert '<a href="../plans/new-plan.html">new-plan</a>' in text
    assert '<span class="flag">overdue</span>' in text
    tass = (built / "sources" / "s-tass.html").read_text(encoding="utf-8")
    assert '<a href="../programs/gas-market.html">gas-market</a>' in tass
    assert 'href="https://tass.example/16611915"' in tass


def test_the_plan_page_charts_status_over_time_and_one_unit_per_claims_chart(built: Path):
    text = (built / "plans" / "new-plan.html").read_text(encoding="utf-8")
    assert text.count('<svg class="chart" id="status-chart"') == 1
    # Three claims count programs, one counts measures: a chart for programs only, the lone
    # claim on measures in the table with the rest.
    assert text.count('<svg class="chart" id="claims-chart') == 1
    assert text.count("<circle ") == 3
    assert "<title>Progress claims about programs, in percent;" in text
    assert "<desc>3 claims about programs from 2022-08-01 to 2023-11, from 40% to 46.4%" in text
    assert '<td data-label="claim">90% of measures' in text
    assert 'class="area" data-status="in-progress"' in text


def test_the_feed_is_atom_with_stable_ids_and_links_to_pages(
    built: Path, registry: Registry, tmp_path: Path
):
    root = ET.parse(built / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == "https://example.org/union/feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4 + 1 + 9  # claims, an adoption, history entries up to the day
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated", "").endswith("T00:00:00Z")
        href = str(entry.find(f"{ATOM}link").get("href"))  # type: ignore[union-attr]
        assert href.startswith("https://example.org/union/")
        assert (built / urlsplit(href).path.removeprefix("/union/")).is_file()
    assert entries[0].findtext(f"{ATOM}updated") == "2024-01-01T00:00:00Z"  # newest first
    stalled = next(e for e in entries if "agreed → stalled" in e.findtext(f"{ATOM}title", ""))
    assert stalled.findtext(f"{ATOM}id") == (
        "https://example.org/union/programs/gas-market.html#event-status-2022-12-16-stalled"
    )
    # Without a base URL: name-based ids, the same in every build; relative links; no sitemap.
    again = tmp_path / "again"
    site.build(X.Snapshot.of(registry, DAY), again)
    other = ET.parse(again / "feed.xml").getroot().findall(f"{ATOM}entry")
    first = [e.findtext(f"{ATOM}id") for e in other]
    assert all(i and i.startswith("urn:uuid:") for i in first)
    site.build(X.Snapshot.of(registry, DAY), again)
    assert [e.findtext(f"{ATOM}id") for e in ET.parse(again / "feed.xml").getroot()][
        -len(first) :
    ] == first
    assert not (again / "sitemap.xml").exists()
    assert other[0].find(f"{ATOM}link").get("href").startswith(("programs/", "plans/"))  # type: ignore[union-attr]


def test_the_json_index_and_the_sitemap(built: Path, registry: Registry):
    doc = json.loads((built / "index.json").read_text(encoding="utf-8"))
    assert (doc["format"], doc["generator"], doc["as_of"]) == (1, "roadmaps site", "2024-06-30")
    assert [p["id"] for p in doc["programs"]] == list(registry.programs)
    gas = next(p for p in doc["programs"] if p["id"] == "gas-market")
    assert (gas["status"], gas["page"]) == ("stalled", "programs/gas-market.html")
    locs = [
        e.text
        for e in ET.parse(built / "sitemap.xml").getroot()
        if e.tag.endswith("url")
        for e in e
    ]
    assert "https://example.org/union/programs/gas-market.html" in locs
    assert len(locs) == len(list(pages(built)))


def test_hostile_text_stays_inert_on_every_page(tmp_path: Path):
    out = tmp_path / "site"
    site.build(X.Snapshot.of(hostile_registry(tmp_path), DAY), out)
    seen = 0
    for path in pages(out):
        text = path.read_text(encoding="utf-8")
        page = parse(path)
        own = [s.get("src") for s in page.scripts]
        assert own == (["search-index.js", "search.js"] if path.name == "search.html" else [])
        assert "<img" not in text and 'href="javascript' not in text
        assert "<script>document" not in text and 'onmouseover="' not in text
        seen += text.count("&lt;script&gt;document.body.setAttribute(")
    assert seen > 3
    index = (out / "search-index.js").read_text(encoding="utf-8")
    assert "</script>" not in index and "<\\/script>" in index
    feed = ET.parse(out / "feed.xml").getroot()  # still well-formed XML
    assert feed.findtext(f"{ATOM}title") == HOSTILE_REGISTRY
    assert any(HOSTILE_SPEAKER in (e.findtext(f"{ATOM}title") or "") for e in feed)
    summaries = [e.findtext(f"{ATOM}summary") or "" for e in feed.iter(f"{ATOM}entry")]
    cited = [s for s in summaries if "Injected[/] <script>alert(1)</script>" in s]
    assert cited and not any("javascript:" in s for s in summaries)  # text, and no bad address


def test_the_report_is_streamed_in_pieces_that_make_the_page(registry: Registry):
    snap = X.Snapshot.of(registry, DAY)
    chunks = list(html_chunks(snap))
    assert len(chunks) > 50 and "".join(chunks) == X.to_html(snap)


# -- the command ------------------------------------------------------------------------------


def test_site_command_writes_and_rebuilds_a_site(invoke: Invoke, mini: Path, tmp_path: Path):
    out = tmp_path / "public"
    args = ("--data", str(mini), "site", "-o", str(out), "--as-of", "2024-06-30")
    result = invoke(*args)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"wrote a site of 19 pages as of 2024-06-30 to {out}\n"
    (out / "programs" / "gone.html").write_text("left from an older build", encoding="utf-8")
    result = invoke(*args)
    assert result.exit_code == 0
    assert not (out / "programs" / "gone.html").exists()  # replaced whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.toml", "public"]


def test_site_refuses_a_folder_that_is_not_a_site_and_a_bad_base_url(
    invoke: Invoke, mini: Path, tmp_path: Path
):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_bytes(b"mine\n")
    result = invoke("--data", str(mini), "site", "-o", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"roadmaps: {out}: the folder is not empty and is not a site roadmaps made; "
        "nothing was written (choose an empty or new folder)\n"
    )
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert (out / "notes.txt").read_bytes() == b"mine\n"
    fresh = tmp_path / "fresh"
    bad_urls = ("ftp://example.org/", "javascript:alert(1)", "example.org")
    for bad in (*bad_urls, "https://example.org/?page=1", "https://example.org/#top"):
        result = invoke("--data", str(mini), "site", "-o", str(fresh), "--base-url", bad)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.startswith("roadmaps: --base-url must be an http:// or https://")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "mini.toml"]


def test_a_build_that_fails_leaves_the_previous_site_whole(
    invoke: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "public"
    args = ("--data", str(mini), "site", "-o", str(out), "--as-of", "2024-06-30")
    assert invoke(*args).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def full_disk(self: site.Writer) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site.Writer, "_feed", full_disk)
    result = invoke(*args[:-1], "2024-07-31")
    assert (result.exit_code, result.stdout) == (1, "")  # a failed write, as for every export
    assert result.stderr == (
        f"roadmaps: {out}: cannot write (the disk is full); nothing was changed\n"
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.toml", "public"]


def test_export_html_to_a_file_is_the_page(invoke: Invoke, mini: Path, tmp_path: Path, registry):
    out = tmp_path / "r.html"
    result = invoke(
        "--data", str(mini), "export", "--format", "html", "-o", str(out), "--as-of", "2024-06-30"
    )
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == X.to_html(X.Snapshot.of(registry, DAY))
    stdout = invoke(
        "--data", str(mini), "export", "--format", "html", "-o", "-", "--as-of", "2024-06-30"
    )
    assert stdout.stdout == out.read_text(encoding="utf-8")


# -- the browser ------------------------------------------------------------------------------

MEASURE = """() => {
  const small = [];
  for (const t of document.querySelectorAll('svg text')) {
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    if (size < 12) small.push(t.textContent + ' ' + size);
    const box = t.getBoundingClientRect(), chart = t.closest('svg.chart').getBoundingClientRect();
    if (box.left < chart.left - 0.5 || box.right > chart.right + 0.5) small.push('cut: ' + t.textContent);
  }
  const heads = [...document.querySelectorAll('table.rows thead')];
  return {width: document.documentElement.scrollWidth, small: small,
          pwned: document.body.hasAttribute('data-pwned'),
          cards: heads.length ? heads.every(t => getComputedStyle(t).display === 'none') : null};
}"""


def test_every_page_in_chromium_at_390_and_1280_px(tmp_path: Path, registry: Registry):
    """One browser for every page of two sites (the small registry and a hostile one), pages
    of the shipped registry's site, and the report: no console error, no sideways scrolling, chart text of 12 px at least,
    nothing injected; then search finds a program by a word of its title."""
    browser = chromium()
    if browser is None:
        pytest.skip("chromium is not installed here (CI installs it and never skips)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is in the test extra; CI never skips the browser tests")
        pytest.skip("playwright is not installed here")
    plain, hostile = tmp_path / "plain", tmp_path / "hostile"
    site.build(X.Snapshot.of(registry, DAY), plain)
    site.build(X.Snapshot.of(hostile_registry(tmp_path), DAY), hostile)
    report = tmp_path / "report.html"
    report.write_text(X.to_html(X.Snapshot.of(registry, DAY)), encoding="utf-8")
    shipped = tmp_path / "shipped"
    loaded = load_path(SHIPPED)
    assert loaded.registry is not None
    site.build(X.Snapshot.of(loaded.registry, dt.date(2026, 11, 23)), shipped)
    real = [  # the real data's longest pages and titles, and every kind of page
        "index.html",
        "timeline.html",
        "plans/union-programs-2021.html",
        "programs/gas-market.html",
        "sectors/energy.html",
        "sources/tass-ru-2022-12-16.html",
    ]
    targets = [*pages(plain), *pages(hostile), report, *(shipped / name for name in real)]

    with sync_playwright() as pw:
        chrome = pw.chromium.launch(executable_path=browser, args=["--no-sandbox"])
        problems: list[str] = []
        try:
            for width in (390, 1280):
                tab = chrome.new_page(viewport={"width": width, "height": 800})
                tab.on(
                    "console",
                    lambda m: problems.append(m.text) if m.type in ("error", "warning") else None,
                )
                tab.on("pageerror", lambda e: problems.append(str(e)))
                for path in targets:
                    tab.goto(path.as_uri())
                    seen = tab.evaluate(MEASURE)
                    where = f"{path.relative_to(tmp_path)} at {width} px"
                    assert seen["width"] <= width, where
                    assert seen["small"] == [], where
                    assert not seen["pwned"], where
                    assert problems == [], where
                    if seen["cards"] is not None:  # tables are cards on a phone, tables on a screen
                        assert seen["cards"] is (width == 390), where
                tab.close()
            tab = chrome.new_page(viewport={"width": 390, "height": 800})
            tab.goto((plain / "programs" / "gas-market.html").as_uri())
            tab.emulate_media(media="print")  # the print stylesheet drops the navigation
            assert (
                tab.evaluate("getComputedStyle(document.querySelector('header.site')).display")
                == "none"
            )
            tab.emulate_media(media="screen")
            tab.goto((plain / "search.html").as_uri() + "?q=Gas+FORMULA")
            found = tab.eval_on_selector_all("#results a", "as => as.map(a => a.href)")
            assert found == [(plain / "programs" / "gas-prices.html").as_uri()]
            tab.fill("#q", "unified market")
            found = tab.eval_on_selector_all("#results a", "as => as.map(a => a.textContent)")
            assert "Formation of a unified gas market" in found
            tab.goto((hostile / "search.html").as_uri() + "?q=script")
            assert tab.eval_on_selector_all("#results a", "as => as.length") >= 1
            assert not tab.evaluate("document.body.hasAttribute('data-pwned')")
        finally:
            chrome.close()


def test_status_over_time_counts_the_programs_at_each_status_on_each_date(registry: Registry):
    from roadmaps.charts import status_series
    from roadmaps.model import Status as S

    series = status_series(registry.programs.values(), DAY)
    got = [(d.isoformat(), {s.value: n for s, n in c.items() if n}) for d, c in series]
    assert got == [
        ("2019-11-13", {"planned": 1}),
        ("2021-11-04", {"abandoned": 1, "agreed": 3}),
        ("2022-12-16", {"abandoned": 1, "agreed": 2, "stalled": 1}),
        ("2023-01-19", {"abandoned": 1, "agreed": 1, "stalled": 1, "done": 1}),
        ("2023-11-01", {"abandoned": 1, "stalled": 1, "done": 1, "in-progress": 1}),
        ("2024-01-01", {"abandoned": 1, "stalled": 1, "done": 1, "in-progress": 1, "disputed": 1}),
    ]
    early = status_series(registry.programs.values(), dt.date(2022, 1, 1))
    assert early[-1][1][S.AGREED] == 3 and len(early) == 2


def test_site_into_a_missing_folder_is_a_failed_write(invoke: Invoke, mini: Path, tmp_path: Path):
    result = invoke("--data", str(mini), "site", "-o", str(tmp_path / "missing" / "public"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"roadmaps: {tmp_path / 'missing' / 'public'}: cannot write (no such folder); "
        "nothing was changed\n"
    )


def test_site_to_standard_output_is_a_usage_error(
    invoke: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """`-o -` means standard output to every export; a site is a folder, so it is refused
    rather than written into a folder named "-"."""
    monkeypatch.chdir(tmp_path)
    result = invoke("--data", str(mini), "site", "-o", "-")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "roadmaps: a site is a folder of pages; give -o DIR, not -\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.toml"]


def test_a_symlinked_site_folder_is_built_through_its_link(
    invoke: Invoke, mini: Path, tmp_path: Path
):
    real = tmp_path / "www"
    real.mkdir()
    link = tmp_path / "public"
    link.symlink_to(real)
    for _ in range(2):  # built, then rebuilt over the previous site
        result = invoke("--data", str(mini), "site", "-o", str(link))
        assert result.exit_code == 0, result.stderr
        assert link.is_symlink() and os.readlink(link) == str(real)
        assert (real / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.toml", "public", "www"]


def test_a_valid_registry_with_very_long_ids_builds_a_site(invoke: Invoke, mini: Path):
    """An id has no length limit (and `add source` makes one from the publisher), but a file
    name has one (255 bytes): a page of a long id gets a shortened, still unique name."""
    long_ids = {"gas-market": "gas-" + "x" * 300, "s-tass": "s-" + "y" * 300}
    for old, new in long_ids.items():
        assert invoke("--data", str(mini), "rename", old, new).exit_code == 0
    out = mini.parent / "public"
    result = invoke("--data", str(mini), "site", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert check_links(out) > 100
    names = [p.name for p in out.rglob("*.html")]
    assert max(len(n) for n in names) < 200
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("where", [".", "..", "ABSOLUTE"])
def test_a_site_into_the_current_folder_or_above_it_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
):
    """The site replaces its folder as a whole; the current folder cannot be replaced (rename
    of "." fails with a raw "Device or resource busy"), and replacing it would leave the shell
    in a removed folder. Refused with a usage message, nothing written."""
    here = tmp_path / "empty"
    here.mkdir()
    monkeypatch.chdir(here)
    target = str(here) if where == "ABSOLUTE" else where
    result = invoke("--data", str(MINI), "site", "-o", target)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"roadmaps: {target}: is the current folder or holds it, which a site cannot replace; "
        "give a folder inside it (-o public)\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]
    assert list(here.iterdir()) == []


def test_a_site_over_a_busy_folder_says_so_in_words(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A mount point cannot be renamed either: the reason is said, not the raw system text."""
    import errno

    def busy(src: object, dst: object) -> None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))

    monkeypatch.setattr(os, "rename", busy)
    target = tmp_path / "mounted"
    result = invoke("--data", str(MINI), "site", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1,
        f"roadmaps: {target}: cannot write (the folder is in use and cannot be replaced "
        "(a mount point?)); nothing was changed\n",
    )
    assert list(tmp_path.iterdir()) == []
