"""Where each table and key of a TOML text starts, so problems can name a line and column.

tomllib returns plain values without positions. Rather than write a second parser, this
module scans the text once, line by line, tracking only what decides where a key can start:
table headers, multi-line strings, and brackets of values that span lines. The scan runs only
when a problem needs locating, so a clean registry never pays for it.

A registry in which every program has a warning (stale, as the shipped one has) needs only
where each record starts, and indexing every key of a 20 MB file for that cost as much as
parsing it. So a `Locator` first answers from the record's own header line, found by one
C-speed regex pass over the text for each table asked about, and reads at most that record's
own lines; it falls back to the whole index whenever that shortcut cannot be proven to give
the same answer (see `_RecordHeaders`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, chain, repeat

from .errors import Problem, Severity

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]
# (table, id, array) -> how many entries that record's array has; None when unknown.
EntryCounts = Callable[[str, str, str], int | None]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
# Fast paths for what nearly every line of a registry is. A dotted key of bare parts, with
# the blanks after it; and the only things that can leave a value open at the end of a line
# (a bracket, or a triple quote): a line without any of them cannot change the scan's state.
_BARE_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*")
_STATEFUL = re.compile(r"[\[\]{}]|\"\"\"|'''")


def index_positions(text: str) -> dict[KeyPath, Position]:
    """Map each table header and key to its 1-based (line, column).

    Array-of-tables entries get their index in the path, as tomllib's lists do:
    `[[programs.gas-market.history]]` the second time is ("programs", "gas-market", "history", 1).
    """
    positions: dict[KeyPath, Position] = {}
    _index_lines(text.splitlines(), 1, (), positions, section_only=False)
    return positions


def _index_lines(
    lines: list[str],
    first_lineno: int,
    table: KeyPath,
    positions: dict[KeyPath, Position],
    section_only: bool,
) -> bool:
    """The scan behind `index_positions`, from a line where no value is open, keys going
    under `table`. With `section_only` it stops at the first table header: the keys of one
    table's own section. Returns False when the lines end inside an open value."""
    aot_counts: dict[KeyPath, int] = {}
    state = _ValueState()
    stateful = _STATEFUL.search
    for lineno, line in enumerate(lines, start=first_lineno):
        if state.busy:
            if state.string is not None or stateful(line):
                state.scan(line, 0)
            continue
        start = len(line) - len(line.lstrip(" \t"))
        if start == len(line) or line[start] == "#":
            continue
        if line[start] == "[":
            if section_only:
                return True
            is_array = line.startswith("[[", start)
            keys, _ = _read_key(line, start + (2 if is_array else 1))
            if keys is None:
                continue
            path = _resolve(tuple(keys), aot_counts)
            if is_array:
                count = aot_counts.get(path, 0)
                aot_counts[path] = count + 1
                path = (*path, count)
            table = path
            positions.setdefault(table, (lineno, start + 1))
            continue
        keys, end = _read_key(line, start)
        if keys is None:
            continue
        positions.setdefault((*table, *keys), (lineno, start + 1))
        equals = line.find("=", end)
        if equals >= 0 and stateful(line, equals + 1):
            state.scan(line, equals + 1)
    return not state.busy


def _resolve(path: KeyPath, aot_counts: dict[KeyPath, int]) -> KeyPath:
    """Insert the current index after every prefix that names an array of tables."""
    resolved: KeyPath = ()
    for part in path:
        resolved = (*resolved, part)
        count = aot_counts.get(resolved)
        if count is not None and resolved != path:
            resolved = (*resolved, count - 1)
    return resolved


def _read_key(line: str, i: int) -> tuple[list[str] | None, int]:
    """Read a dotted key at `i`; return its parts and the index just after it."""
    bare = _BARE_KEY.match(line, i)
    if bare is not None and not line.startswith(".", bare.end()):
        return [part.strip(" \t") for part in bare.group(1).split(".")], bare.end()
    parts: list[str] = []
    n = len(line)
    while True:
        while i < n and line[i] in " \t":
            i += 1
        if i >= n:
            return None, i
        ch = line[i]
        if ch in "\"'":
            close = line.find(ch, i + 1)
            while ch == '"' and close > 0 and _escaped(line, close):
                close = line.find(ch, close + 1)
            if close < 0:
                return None, i
            parts.append(line[i + 1 : close])
            i = close + 1
        else:
            j = i
            while j < n and line[j] in _BARE:
                j += 1
            if j == i:
                return None, i
            parts.append(line[i:j])
            i = j
        while i < n and line[i] in " \t":
            i += 1
        if i < n and line[i] == ".":
            i += 1
            continue
        return parts, i


def _escaped(line: str, i: int) -> bool:
    backslashes = 0
    while i - 1 - backslashes >= 0 and line[i - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


@dataclass
class _ValueState:
    """What is still open at the end of a line: a multi-line string, or brackets."""

    depth: int = 0
    string: str | None = None  # '"""' or "'''" while inside a multi-line string

    @property
    def busy(self) -> bool:
        return self.depth > 0 or self.string is not None

    def scan(self, line: str, i: int) -> None:
        n = len(line)
        while i < n:
            if self.string is not None:
                close = line.find(self.string, i)
                while close > 0 and self.string == '"""' and _escaped(line, close):
                    close = line.find(self.string, close + 1)
                if close < 0:
                    return
                # A closing delimiter may be followed by up to two more quotes of content.
                i = close + 3
                while i < n and line[i] == self.string[0]:
                    i += 1
                self.string = None
                continue
            ch = line[i]
            if ch == "#":
                return
            if ch in "\"'":
                if line.startswith(ch * 3, i):
                    self.string = ch * 3
                    i += 3
                    continue
                close = line.find(ch, i + 1)
                while ch == '"' and close > 0 and _escaped(line, close):
                    close = line.find(ch, close + 1)
                if close < 0:
                    return  # a broken single-line string: the parser reports it
                i = close + 1
                continue
            if ch in "[{":
                self.depth += 1
            elif ch in "]}":
                self.depth = max(0, self.depth - 1)
            i += 1


_RECORD_TABLES = frozenset(("sectors", "plans", "programs", "sources"))
# Arrays of tables under a record: their entries are counted across the whole file.
_ARRAYS = frozenset(("history", "progress"))
# A record's header as the canonical form writes it: `[table.id]` alone on its line, at the
# start of a line (the text's first line is left to the whole index); and not followed by
# what follows an element of a multi-line array: blank and comment lines, then `,` or `]`
# (a table's section holds keys and headers).
# The table's name goes between the two halves.
_HEADER_START = r"\n\["
_HEADER_END = r"\.([A-Za-z0-9_-]+)\][ \t]*(?=\r?\n|\Z)(?!(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*[,\]])"
# (Compiled on first use: every command imports this module, few locate a problem.)
# What str.splitlines takes for a line break besides \n and \r\n.
_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


class _RecordHeaders:
    """Where each record's `[table.id]` header line is, when that can be known without the
    whole scan.

    Proven only for a text without multi-line strings (a header-shaped line inside one would
    pass for a header) and whose lines are split at newlines alone (so that counting newlines
    gives the index's line numbers). The locator runs on text the parser accepted: there a
    line that starts with `[` outside a string is a header or an element of a multi-line
    array, and an element alone on its line is followed by `,` or `]`, which a header never
    is. A key found twice is left to the whole index.

    The headers of a table are found when one of its records is first asked for (a check
    of stale programs asks for no source), and numbered without a Python step per header
    (10,000 programs in a large registry): one regex pass, then `str.count` of the newlines
    from one header to the next, mapped over them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.usable = not _unprovable(text)
        # "programs" -> "gas-market" -> (offset of the header, its line)
        self.tables: dict[str, dict[str, tuple[int, int]]] = {}
        self.arrays: bool | None = None  # arrays_in_their_records, once decided

    def headers(self, table: str) -> dict[str, tuple[int, int]]:
        found = self.tables.get(table)
        if found is not None:
            return found
        found = self.tables[table] = {}
        if not self.usable:
            return found
        text = self.text
        pattern = re.compile(_HEADER_START + re.escape(table) + _HEADER_END)
        matches = list(pattern.finditer(text))
        breaks = list(map(re.Match.start, matches))  # the newline before each header
        # A header's line is 2 + the newlines before that one: the text's first line, and
        # the line the newline starts.
        before = accumulate(map(text.count, repeat("\n"), chain((0,), breaks), breaks))
        places = zip(map((1).__add__, breaks), map((2).__add__, before), strict=True)
        ids = list(map(re.Match.group, matches, repeat(1)))
        found.update(zip(ids, places, strict=True))
        if len(found) < len(ids):
            for rid, times in Counter(ids).items():
                if times > 1:
                    del found[rid]
        return found

    def position(self, path: KeyPath, entries: EntryCounts | None = None) -> Position | None:
        """The index's answer for a record, or one of its plain keys, or an entry of one of
        its arrays of tables (`history`, `progress`) or a key of that entry; None when
        unproven. `entries`, where the caller knows them, are the number of entries of each
        record's arrays (see `entry`)."""
        table, rid = path[0], path[1]
        if not isinstance(table, str) or not isinstance(rid, str):
            return None
        found = self.headers(table).get(rid)
        if found is None:
            return None
        start, line = found
        if len(path) == 2:
            return (line, 1)
        if len(path) == 3:
            return self.key(start, line, (table, rid), path)
        array, i = path[2], path[3]
        if not isinstance(array, str) or not isinstance(i, int):
            return None
        known = entries(table, rid, array) if entries is not None else None
        at = self.entry(start, f"[[{table}.{rid}.{array}]]", i, known)
        if at is None:
            return None
        entry_line = line + self.text.count("\n", start, at + 1)
        if len(path) == 4:
            return (entry_line, 1)
        return self.key(at + 1, entry_line, path[:4], path)

    def entry(self, start: int, header: str, i: int, known: int | None) -> int | None:
        """Where (the newline before) entry `i` of a record's array is, the record's header
        being at `start`: the i-th line `header` (`[[table.id.history]]`) after it. Every
        such line after the record's is an entry header (the text holds no multi-line
        string), so this is the index's answer when no entry comes before the record's
        header. That is proven by finding all `known` entries after it, when the caller
        knows how many the array has; otherwise by reading the record's own section alone,
        once arrays_in_their_records has proven that every entry is in its record's."""
        text, line = self.text, f"\n{header}"
        if known is not None:
            if not 0 <= i < known:
                return None
            found, at = [], start
            for _ in range(known):
                at = text.find(line, at + 1)
                if at < 0:
                    return None  # an entry before the record, or in another form
                found.append(at)
            return found[i]
        if not self.arrays_in_their_records():
            return None
        own = header[: header.rindex(".") + 1]  # "[[table.id."
        count, at = 0, start
        while True:
            at = text.find("\n[", at + 1)
            if at < 0 or not text.startswith(own, at + 1):
                return None  # the record's section ended before entry i
            if text.startswith(header, at + 1):  # proven a plain header, as a whole line
                if count == i:
                    return at
                count += 1

    def key(self, start: int, line: int, table: KeyPath, path: KeyPath) -> Position | None:
        """A plain key of the table whose header is at `start` (on `line`). It is defined in
        the header's own section (TOML allows no second definition elsewhere); a key that is
        not there is left to the whole index."""
        text = self.text
        body = text.find("\n", start)
        if body < 0:
            return None
        end = text.find("\n[", body)
        end = end if end >= 0 else len(text)
        name = path[len(table)]
        if isinstance(name, str):
            # As the canonical form writes it: `name = ...` at the start of a line, and no
            # bracket, brace or triple quote before it in the section, so no value is open
            # there (the key cannot be defined twice, so the first such line is the key's).
            # The search stops at the section's end only not to read the rest of the text:
            # a line beyond it would have the next header's bracket before it.
            at = text.find(f"\n{name} = ", body, end)
            if at >= 0 and _STATEFUL.search(text, body, at) is None:
                return (line + text.count("\n", start, at + 1), 1)
        lines = text[body + 1 : end].splitlines()
        keys: dict[KeyPath, Position] = {}
        if not _index_lines(lines, line + 1, table, keys, section_only=True):
            return None
        return keys.get(path[: len(table) + 1])

    def arrays_in_their_records(self) -> bool:
        """Whether every array-of-tables header of a record, `[[table.id.history]]`, is in
        that record's own section: after `[table.id]`, before the next header of another
        table. Then an entry's header is found by reading the record's section alone. Proven
        when every line that opens with `[` is a plain header (no quotes, no comment), each
        entry header under the record header before it, and no header is indented (an
        indented one would be missed). Decided once, on the first entry asked for."""
        if self.arrays is None:
            self.arrays = _arrays_in_their_records(self.text)
        return self.arrays


# A line that opens with a plain header: `[`, or `[[`, bare key parts, the closing brackets,
# and nothing but blanks after them.
_PLAIN_HEADER = r"\n(\[\[?)([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)(\]\]?)[ \t]*(?=\r?\n|\Z)"
_INDENTED_BRACKET = r"\n[ \t]+\["


def _arrays_in_their_records(text: str) -> bool:
    if text.lstrip("\ufeff \t").startswith("["):
        return False  # a header on the first line, which the scan (of "\n[") would miss
    headers = re.findall(_PLAIN_HEADER, text)
    if len(headers) != text.count("\n[") or re.search(_INDENTED_BRACKET, text):
        return False  # a header this does not read, an indented one, or an array element
    current = None  # the record whose section the scan is in: none before the first
    for opening, key, _ in headers:  # the parser accepted the text: the brackets pair up
        if "." not in key:
            return False  # `[programs]`: an entry header in its section is in no record's
        if opening == "[":
            current = f"{key}."
        elif current is None or not key.startswith(current):
            return False
    return True


def _unprovable(text: str) -> bool:
    """Whether the text may hold a multi-line string or a line break other than a newline.

    Each test is one C scan of the text: three apostrophes are looked for only when there is
    one, and the regex engine finds three quotes (a common character) faster than `in`."""
    if re.compile('"""').search(text) or ("'" in text and "'''" in text):
        return True
    if any(ch in text for ch in _OTHER_BREAKS):
        return True
    return "\r" in text and text.count("\r") != text.count("\r\n")


@dataclass
class Locator:
    """Turns a key path into a Problem at the right line. A record, a plain key of one, an
    entry of its history or claims and a key of that entry are found from the record's
    header line where _RecordHeaders proves that answer; anything else indexes the whole
    text on first need."""

    file: str
    text: str
    severity_of: Callable[[str], Severity]
    _positions: dict[KeyPath, Position] | None = field(default=None, repr=False)
    _headers: _RecordHeaders | None = field(default=None, repr=False)
    # How many entries each record's arrays have, where the caller knows (the check knows
    # them from the registry the text loaded to): an entry is then found from its record's
    # header without the proof that costs a scan of every header line (_RecordHeaders.entry).
    entries: EntryCounts | None = field(default=None, repr=False)

    def position(self, path: KeyPath) -> Position:
        if (
            self._positions is None
            and 2 <= len(path) <= 5
            and path[0] in _RECORD_TABLES
            and (len(path) == 2 or (path[2] in _ARRAYS) == (len(path) >= 4))
        ):
            if self._headers is None:
                self._headers = _RecordHeaders(self.text)
            quick = self._headers.position(path, self.entries)
            if quick is not None:
                return quick
        return self.indexed(path)

    def indexed(self, path: KeyPath) -> Position:
        """The answer of the whole index: the position of the longest prefix of `path` that
        has one."""
        if self._positions is None:
            self._positions = index_positions(self.text)
        for end in range(len(path), 0, -1):
            found = self._positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def problem(self, code: str, path: KeyPath, message: str) -> Problem:
        line, column = self.position(path)
        # By position: a large check makes 10,000 of them, and keywords nearly double the cost.
        return Problem(
            code, self.severity_of(code), self.file, line, column, record_name(path), message
        )


def record_name(path: KeyPath) -> str:
    """`("programs", "gas-market", "history", 1)` names the record `programs.gas-market`."""
    if len(path) >= 2 and path[0] in ("sectors", "plans", "programs", "sources"):
        return f"{path[0]}.{path[1]}"
    return ""
