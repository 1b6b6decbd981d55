"""The static site: a page per record, a timeline, an Atom feed, a JSON index and offline search.

Pages link to each other by relative addresses, so the site works from file:// as from any
web server, and fetches nothing from elsewhere (no CDN, no web font). Pages are written one at
a time as they are made, so a registry of 10,000 programs never sits in memory as HTML.

The site appears whole or not at all: it is built in a temporary folder beside the target,
then renamed into place. A target that holds anything but a previous site is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from . import html_parts as P
from . import query as Q
from .errors import UsageError
from .export import Snapshot, safe_url
from .export_html import claims_section, sector_section, status_figure
from .fields import is_web_address
from .model import Program

GENERATOR = "roadmaps site"
MARKER = b'{"format": 1, "generator": "roadmaps site"'  # how index.json begins
FEED_ENTRIES = 500  # the newest events; the timeline page has them all
SUBFOLDERS = ("programs", "plans", "sectors", "sources")


# A page's file name is its record's id, which has no length limit (add source makes one
# from the publisher), while a file name has one: 255 bytes on most file systems.
LONGEST_NAME = 120


def page_name(record_id: str) -> str:
    """The file name (without .html) of a record's page: its id, or for a very long id its
    start and a digest of the whole, so that every valid registry can be published."""
    if len(record_id) <= LONGEST_NAME:
        return record_id
    import hashlib

    digest = hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:16]
    return f"{record_id[: LONGEST_NAME - 20].rstrip('-')}-{digest}"


class SiteLinks(P.Links):
    """Relative links from a page `depth` folders below the root."""

    def __init__(self, depth: int) -> None:
        self.root = "../" * depth

    def program(self, pid: str) -> str:
        return f"{self.root}programs/{page_name(pid)}.html"

    def plan(self, pid: str) -> str:
        return f"{self.root}plans/{page_name(pid)}.html"

    def sector(self, sid: str) -> str | None:
        return f"{self.root}sectors/{page_name(sid)}.html"

    def source(self, sid: str) -> str:
        return f"{self.root}sources/{page_name(sid)}.html"

    def page(self, name: str) -> str:
        return f"{self.root}{name}"


def check_base_url(value: str | None) -> str | None:
    """An http(s) address ending in /, or a usage error."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or not is_web_address(value):
        raise UsageError(f"--base-url must be an http:// or https:// address, not {value!r}")
    if parts.query or parts.fragment or value.endswith(("?", "#")):  # page names follow it
        raise UsageError(
            f"--base-url must be an http:// or https:// address without ? or #, not {value!r}"
        )
    return value if value.endswith("/") else value + "/"


# -- building -------------------------------------------------------------------------------


def build(snap: Snapshot, target: Path, base_url: str | None = None) -> int:
    """Write the site to `target`, replacing a previous site there; return the page count.

    A symlinked folder is built through its link, which stays (design §6); a write that fails
    (a missing folder, a full disk) is a WriteError, exit 1, as for every export."""
    from .write import WriteError, real_target
    from .write import _reason as reason

    shown, target = target, real_target(target)
    _refuse_current(target, shown)
    _refuse_foreign(target, shown)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        work = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as exc:
        raise WriteError(f"{shown}: cannot write ({reason(exc)}); nothing was changed") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(work, 0o777 & ~umask)  # mkdtemp's 0700 would hide the site from a web server
        pages = Writer(snap, work, base_url).write_all()
        _swap(work, target)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise WriteError(f"{shown}: cannot write ({reason(exc)}); nothing was changed") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return pages


def _refuse_current(target: Path, shown: Path) -> None:
    """The site replaces its folder by a rename, which cannot be done to "." or ".." (the
    system says only "Device or resource busy") and, done to the current folder by its full
    name or to a folder above it, would leave the shell in a removed folder."""
    try:
        folder, here = target.resolve(), Path.cwd().resolve()
    except (OSError, RuntimeError):  # a loop, or no current folder: the write says so
        return
    if folder == here or folder in here.parents:
        raise UsageError(
            f"{shown}: is the current folder or holds it, which a site cannot replace; "
            "give a folder inside it (-o public)"
        )


def _refuse_foreign(target: Path, shown: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{shown}: exists and is not a folder; nothing was written")
    if not target.exists() or not any(target.iterdir()):
        return
    try:
        with open(target / "index.json", "rb") as handle:
            start = handle.read(len(MARKER))
    except OSError:
        start = b""
    if start != MARKER:
        raise UsageError(
            f"{shown}: the folder is not empty and is not a site roadmaps made; "
            "nothing was written (choose an empty or new folder)"
        )


def _swap(work: Path, target: Path) -> None:
    """Put the new site in place: the old one moves aside first and is removed after."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=work.parent, prefix=f".{target.name}.", suffix=".old"))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(work, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class Writer:
    """Writes the pages of one snapshot into a folder, one file at a time."""

    def __init__(self, snap: Snapshot, folder: Path, base_url: str | None) -> None:
        self.snap = snap
        self.folder = folder
        self.base = base_url
        self.pages: list[str] = []  # paths, for the sitemap
        self.events = [e for e in Q.events(snap.registry) if e.date.start <= snap.day]

    def write_all(self) -> int:
        r = self.snap.registry
        for sub in SUBFOLDERS:
            (self.folder / sub).mkdir()
        self._text("style.css", P.CSS.lstrip())
        self._text("search.js", SEARCH_JS)
        self._page("index.html", r.title, self._index(), depth=0, current="index.html")
        self._page("timeline.html", "Timeline", self._timeline(), depth=0, current="timeline.html")
        self._page("search.html", "Search", self._search(), depth=0, current="search.html")
        at = SiteLinks(0)
        for program in r.programs.values():
            self._page(at.program(program.id), program.title, self._program(program))
        for plan_id in r.plans:
            self._page(at.plan(plan_id), r.plans[plan_id].title, self._plan(plan_id))
        for sector_id in r.sectors:
            self._page(
                f"sectors/{page_name(sector_id)}.html",
                r.sectors[sector_id].title,
                self._sector(sector_id),
            )
        for source_id in r.sources:
            self._page(at.source(source_id), r.sources[source_id].title, self._source(source_id))
        self._json_index()
        self._search_index()
        self._feed()
        if self.base is not None:
            self._sitemap()
        return len(self.pages)

    # -- files --

    def _open(self, name: str) -> IO[str]:
        return open(self.folder / name, "w", encoding="utf-8", newline="\n")

    def _text(self, name: str, text: str) -> None:
        with self._open(name) as out:
            out.write(text)

    def _page(
        self, name: str, title: str, body: Iterable[str], depth: int = 1, current: str = ""
    ) -> None:
        links = SiteLinks(depth)
        nav = [
            ("index.html", "Status"),
            ("timeline.html", "Timeline"),
            ("search.html", "Search"),
            ("feed.xml", "Feed"),
        ]
        here = ' aria-current="page"'
        menu = "".join(
            f'<a href="{links.page(href)}"{here if href == current else ""}>{label}</a>'
            for href, label in nav
        )
        day = self.snap.day.isoformat()
        suffix = "" if name == "index.html" else f" · {P.h(self.snap.registry.title)}"
        with self._open(name) as out:
            out.write(
                "<!DOCTYPE html>\n"
                '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{P.h(title)}{suffix}</title>\n"
                '<link rel="icon" href="data:,">\n'
                f'<link rel="stylesheet" href="{links.page("style.css")}">\n'
                f'<link rel="alternate" type="application/atom+xml" href="{links.page("feed.xml")}" '
                f'title="{P.h(self.snap.registry.title)}">\n'
                "</head>\n<body>\n"
                f'<header class="site"><nav aria-label="site">{menu}</nav></header>\n<main>\n'
            )
            for part in body:
                out.write(part)
                out.write("\n")
            out.write(
                f'</main>\n<footer class="site">As of <time datetime="{day}">{day}</time>; '
                f"registry reviewed {P.h(self.snap.registry.as_of)}. Every status cites its "
                'sources; flags are derived at the as-of date. <a href="'
                f'{links.page("index.json")}">JSON index</a>.</footer>\n</body>\n</html>\n'
            )
        self.pages.append(name)

    # -- pages --

    def _index(self) -> Iterator[str]:
        snap, links = self.snap, SiteLinks(0)
        r = snap.registry
        yield f"<h1>{P.h(r.title)}</h1>"
        yield (
            f'<p class="muted">As of {snap.day.isoformat()}; registry reviewed {P.h(r.as_of)}.</p>'
        )
        if r.note:
            yield f'<p class="muted">{P.h(r.note)}</p>'
        yield from P.counts_cards(snap.ordered_views)
        yield from sector_section(snap)
        yield "<h2>Plans</h2>"
        yield from P.coverage_table(links, snap)
        latest = Q.claims_until(r, snap.day)[:5]
        if latest:
            yield "<h2>Latest progress claims</h2>"
            yield from P.claims_table(links, snap, latest, ' id="claims"')
        yield from P.status_lists(links, snap)
        yield "<h2>Sectors</h2>"
        yield '<ul class="sectors">'
        for sid, depth in Q.sector_tree(r):
            pad = f' style="margin-left:{depth}rem"' if depth else ""
            yield f"<li{pad}>{P.link(links.sector(sid), r.sectors[sid].title)} <code>{P.h(sid)}</code></li>"
        yield "</ul>"

    def _timeline(self) -> Iterator[str]:
        yield "<h1>Timeline</h1>"
        yield (
            f'<p class="muted">{len(self.events)} dated events up to {self.snap.day.isoformat()}: '
            "plan adoptions, status changes and progress claims, oldest first.</p>"
        )
        yield from P.timeline(SiteLinks(0), self.snap, self.events)

    def _search(self) -> Iterator[str]:
        yield "<h1>Search</h1>"
        yield (
            '<form class="search" role="search" action="search.html">'
            '<label for="q">Programs, plans, sectors and sources whose id or title has every word'
            '</label><br><input type="search" id="q" name="q" autocomplete="off"></form>'
        )
        yield '<p id="search-count" class="muted" aria-live="polite"></p><ol id="results"></ol>'
        yield "<noscript><p>Search needs JavaScript; the index lists every record.</p></noscript>"
        yield '<script src="search-index.js"></script><script src="search.js"></script>'

    def _program(self, program: Program) -> Iterator[str]:
        snap, links = self.snap, SiteLinks(1)
        yield f"<h1>{P.h(program.title)} <code>{P.h(program.id)}</code></h1>"
        yield from P.program_facts(links, snap, program)
        yield "<h2>History</h2>"
        yield from P.history_table(links, snap, program)
        claims = [c for c in program.progress if c.date.start <= snap.day]
        yield from claims_section(links, snap, claims, "Progress claims", table_id="")
        cited = dict.fromkeys(sid for e in Q.history_until(program, snap.day) for sid in e.sources)
        cited.update(dict.fromkeys(sid for c in claims for sid in c.sources))
        yield from self._source_list(cited)

    def _source_list(self, ids: Iterable[str]) -> Iterator[str]:
        chosen = [self.snap.registry.sources[s] for s in ids if s in self.snap.registry.sources]
        if not chosen:
            return
        links = SiteLinks(1)
        yield "<h2>Sources</h2>"
        yield '<ol class="sources">'
        for s in chosen:
            yield f"<li>{P.link(links.source(s.id), s.id)}: {P.source_reference(s)}</li>"
        yield "</ol>"

    def _plan(self, plan_id: str) -> Iterator[str]:
        snap, links = self.snap, SiteLinks(1)
        plan = snap.registry.plans[plan_id]
        yield f"<h1>{P.h(plan.title)} <code>{P.h(plan.id)}</code></h1>"
        if plan.title_ru:
            yield f'<p lang="ru"><i>{P.h(plan.title_ru)}</i></p>'
        n = snap.identified[plan.id]
        size = f"{n} of {plan.size}" if plan.size else str(n)
        adopted = f"Adopted {P.h(plan.adopted)}. " if plan.adopted else ""
        yield f"<p>{adopted}{size} programs identified.</p>"
        for text in (plan.summary, plan.note):
            if text:
                yield f'<p class="muted">{P.h(text)}</p>'
        chosen = [v for v in snap.ordered_views if v.program.plan == plan.id]
        if chosen:
            yield "<h2>Status over time</h2>"
            yield status_figure(snap, plan.id, "status-chart")
        claims = [c for c in plan.progress if c.date.start <= snap.day]
        yield from claims_section(links, snap, claims, "Progress claims", table_id="")
        yield f"<h2>Programs ({len(chosen)})</h2>"
        yield from P.counts_cards(chosen)
        if chosen:
            yield from P.programs_table(links, chosen)
        yield from self._source_list(plan.sources)

    def _sector(self, sector_id: str) -> Iterator[str]:
        snap, links = self.snap, SiteLinks(1)
        r = snap.registry
        sector = r.sectors[sector_id]
        yield f"<h1>{P.h(sector.title)} <code>{P.h(sector.id)}</code></h1>"
        if sector.parent:
            yield f"<p>Part of {P.link(links.sector(sector.parent) if sector.parent in r.sectors else None, sector.parent)}.</p>"
        if sector.note:
            yield f'<p class="muted">{P.h(sector.note)}</p>'
        children = [s for s in r.sectors.values() if s.parent == sector.id and s.id != sector.id]
        if children:
            yield "<h2>Sub-sectors</h2><ul>"
            for child in children:
                yield f"<li>{P.link(links.sector(child.id), child.title)} <code>{P.h(child.id)}</code></li>"
            yield "</ul>"
        members = Q.subtree(r, sector.id)
        chosen = [v for v in snap.ordered_views if v.program.sector in members]
        yield f"<h2>Programs ({len(chosen)}, with sub-sectors)</h2>"
        yield from P.counts_cards(chosen)
        if chosen:
            yield from P.programs_table(links, chosen)

    def _source(self, source_id: str) -> Iterator[str]:
        snap, links = self.snap, SiteLinks(1)
        s = snap.registry.sources[source_id]
        yield f"<h1>{P.h(s.title)} <code>{P.h(s.id)}</code></h1>"
        yield f"<p>{P.source_reference(s)}</p>"
        cited = [
            c for c in snap.cited.get(source_id, []) if c.date is None or c.date.start <= snap.day
        ]
        yield f"<h2>Cited by ({len(cited)})</h2>"
        if not cited:
            yield "<p>Nothing cites this source.</p>"
            return
        yield P.table("cited", ["record", "what", "date"])
        for c in cited:
            yield P.row(
                [
                    ("record", P.record_link(links, c.record)),
                    ("what", P.h(c.what)),
                    ("date", P.h(c.date or "")),
                ]
            )
        yield P.TABLE_END

    # -- machine-readable files --

    def _json_index(self) -> None:
        snap = self.snap
        r = snap.registry
        links = SiteLinks(0)
        with self._open("index.json") as out:
            out.write(MARKER.decode())
            head: dict[str, Any] = {
                "title": r.title,
                "as_of": snap.day.isoformat(),
                "reviewed": str(r.as_of),
            }
            out.write(", " + json.dumps(head, ensure_ascii=False)[1:-1])

            def table(name: str, rows: Iterable[dict[str, Any]]) -> None:
                out.write(f', "{name}": [')
                for n, item in enumerate(rows):
                    out.write(("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False))
                out.write("]")

            def program(p: Program) -> dict[str, Any]:
                v = snap.views.get(p.id)
                return {
                    "id": p.id,
                    "title": p.title,
                    "title_ru": p.title_ru,
                    "plan": p.plan,
                    "sector": p.sector,
                    "status": v.status.value if v else None,
                    "since": str(v.since) if v else None,
                    "flags": sorted(f.value for f in v.flags) if v else [],
                    "deadline": str(p.deadline) if p.deadline else None,
                    "page": links.program(p.id),
                }

            table("programs", (program(p) for p in r.programs.values()))
            table(
                "plans",
                (
                    {
                        "id": p.id,
                        "title": p.title,
                        "adopted": str(p.adopted) if p.adopted else None,
                        "size": p.size,
                        "identified": snap.identified[p.id],
                        "page": links.plan(p.id),
                    }
                    for p in r.plans.values()
                ),
            )
            table(
                "sectors",
                (
                    {"id": s.id, "title": s.title, "parent": s.parent, "page": links.sector(s.id)}
                    for s in r.sectors.values()
                ),
            )
            table(
                "sources",
                (
                    {
                        "id": s.id,
                        "title": s.title,
                        "publisher": s.publisher,
                        "url": s.url,
                        "page": links.source(s.id),
                    }
                    for s in r.sources.values()
                ),
            )
            out.write("}\n")

    def _search_index(self) -> None:
        """A script, not JSON: a page opened from file:// may load a script but not fetch."""
        r = self.snap.registry
        links = SiteLinks(0)
        rows: Iterator[list[str]] = (
            item
            for group in (
                (
                    ["program", p.id, p.title, p.title_ru or "", links.program(p.id)]
                    for p in r.programs.values()
                ),
                (
                    ["plan", p.id, p.title, p.title_ru or "", links.plan(p.id)]
                    for p in r.plans.values()
                ),
                (
                    ["sector", s.id, s.title, "", links.sector(s.id) or ""]
                    for s in r.sectors.values()
                ),
                (
                    ["source", s.id, s.title, s.publisher, links.source(s.id)]
                    for s in r.sources.values()
                ),
            )
            for item in group
        )
        with self._open("search-index.js") as out:
            out.write("window.ROADMAPS_SEARCH = [")
            for n, item in enumerate(rows):
                # ensure_ascii: U+2028 and friends, and "</script>", are all escaped.
                out.write(("," if n else "") + "\n" + json.dumps(item).replace("</", "<\\/"))
            out.write("];\n")

    def _feed(self) -> None:
        snap = self.snap
        r = snap.registry
        newest = list(reversed(self.events))[:FEED_ENTRIES]
        anchors = _anchors(self.events)
        updated = _stamp(self.events[-1].date.start if self.events else snap.day)
        with self._open("feed.xml") as out:
            out.write('<?xml version="1.0" encoding="utf-8"?>\n')
            out.write('<feed xmlns="http://www.w3.org/2005/Atom">\n')
            out.write(f"<title>{_x(r.title)}</title>\n")
            out.write(
                f"<subtitle>Status changes, progress claims and plan adoptions up to {snap.day.isoformat()}</subtitle>\n"
            )
            out.write(f"<id>{_x(self._id('feed.xml'))}</id>\n<updated>{updated}</updated>\n")
            out.write(f"<author><name>{_x(r.title)}</name></author>\n")
            out.write(
                f'<link rel="alternate" type="text/html" href="{_x(self._url("index.html"))}"/>\n'
            )
            if self.base is not None:
                out.write(
                    f'<link rel="self" type="application/atom+xml" href="{_x(self.base)}feed.xml"/>\n'
                )
            out.write(f"<generator>{GENERATOR}</generator>\n")
            for e in newest:
                anchor = anchors[id(e)]
                page = self._subject_page(e.subject)
                # Status changes have a row on the program's page; the rest link to the page.
                href = f"{page}#{anchor}" if e.kind == "status" else page
                out.write(
                    "<entry>\n"
                    f"<id>{_x(self._id(f'{page}#{anchor}'))}</id>\n"
                    f"<title>{_x(_entry_title(e))}</title>\n"
                    f"<updated>{_stamp(e.date.start)}</updated>\n"
                    f'<link rel="alternate" type="text/html" href="{_x(self._url(href))}"/>\n'
                    f'<summary type="text">{_x(_entry_summary(snap, e))}</summary>\n'
                    "</entry>\n"
                )
            out.write("</feed>\n")

    def _subject_page(self, subject: str) -> str:
        if subject in self.snap.registry.programs:
            return SiteLinks(0).program(subject)
        return SiteLinks(0).plan(subject)

    def _url(self, path: str) -> str:
        return (self.base or "") + path

    def _id(self, path: str) -> str:
        """Stable: the same event gets the same id in every build. Under a base URL, the event's
        address; without one, a name-based UUID of the registry title and that address."""
        if self.base is not None:
            return self.base + path
        return "urn:uuid:" + str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"roadmaps:{self.snap.registry.title}:{path}")
        )

    def _sitemap(self) -> None:
        assert self.base is not None
        with self._open("sitemap.xml") as out:
            out.write('<?xml version="1.0" encoding="utf-8"?>\n')
            out.write('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
            for page in self.pages:
                out.write(f"<url><loc>{_x(self.base + page)}</loc></url>\n")
            out.write("</urlset>\n")


def _anchors(events: Iterable[Q.Event]) -> dict[int, str]:
    """Each event's anchor on its subject's page, counted as history_table counts them."""
    seen: dict[tuple[str, str], int] = {}
    found = {}
    for e in events:
        name = P.event_anchor(e)
        n = seen[(e.subject, name)] = seen.get((e.subject, name), -1) + 1
        found[id(e)] = P.event_anchor(e, n)
    return found


def _entry_title(e: Q.Event) -> str:
    if e.kind == "status" and e.status is not None:
        if e.previous is not None and e.previous is not e.status:
            return f"{e.subject}: {e.previous.value} → {e.status.value}"
        return f"{e.subject}: {e.status.value}"
    if e.kind == "claim":
        return f"{e.subject}: claim by {e.text}"
    return e.text


def _entry_summary(snap: Snapshot, e: Q.Event) -> str:
    text = e.text if e.kind == "status" else ""
    cited = "; ".join(
        f"{s.publisher}, {s.title}" + (f" <{s.url}>" if safe_url(s.url) else "")
        for sid in e.sources
        if (s := snap.registry.sources.get(sid)) is not None
    )
    return " ".join(part for part in (text, f"Sources: {cited}." if cited else "") if part)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


_XML_BAD = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _x(text: object) -> str:
    """Text for XML 1.0: escaped, and without the control characters XML cannot hold."""
    return P.h(str(text).translate(_XML_BAD))


# Offline search: only textContent and href are set from the index, never HTML.
SEARCH_JS = """\
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("search-count");
  var rows = window.ROADMAPS_SEARCH || [];
  var haystack = rows.map(function (r) { return (r[1] + " " + r[2] + " " + r[3]).toLowerCase(); });
  function run() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { count.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < rows.length; i++) {
      if (!words.every(function (w) { return haystack[i].indexOf(w) !== -1; })) { continue; }
      found++;
      if (found > 100) { continue; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = rows[i][4];
      a.textContent = rows[i][2];
      var kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = " " + rows[i][0] + " " + rows[i][1];
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    }
    count.textContent = found + (found === 1 ? " match" : " matches") + (found > 100 ? ", the first 100 shown" : "");
  }
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; }
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  run();
})();
"""
