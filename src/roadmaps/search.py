"""Find records by the words of their ids, titles, summaries, notes and sources.

Pure: registry and query in, hits out. Matching ignores case and accents (`Lukasenka` finds
`Lukašenka`, `газ` finds `ГАЗА`; io with its dots is the plain ie, as ordinary Russian print
has it) but keeps the short i and the Belarusian short u (the letters "\u0439" and "\u045e"),
which are letters of their own and not accented vowels.
Every word of the query must occur in the record, in any of its fields; each hit carries the
spans of the words that matched, in the original text, so a view can mark them.
Progress claims are records of their own here (kind "claims"): an analyst looks for what
Mishustin or Лукашенко said, so a claim is found by its speaker, its figure (unit and
qualifier included) and its note, and shown as subject, date, speaker and figure. Speakers are
named in Latin letters, so a word in Cyrillic also finds its Latin spelling (translit.py) in a
speaker: `Лукашенко` finds "Alexander Lukashenko".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from . import fields as F
from .model import ProgressClaim, Registry
from .query import describe_claim
from .translit import latin

Span = tuple[int, int]


class Match(NamedTuple):
    """One field of a record that holds a word of the query; `spans` are whole words."""

    field: str
    text: str
    spans: tuple[Span, ...]


class Hit(NamedTuple):
    kind: str  # "sectors", "plans", "programs", "sources" or "claims"
    id: str  # a claim's subject
    title: str  # a claim's speaker
    matches: tuple[Match, ...]
    date: str | None = None  # a claim's date
    figure: str | None = None  # a claim's figure: "about 90% of 990 measures"


_KEEP = frozenset("йўЙЎ")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    low = ch.casefold()
    if ch in _KEEP:
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The text as matching sees it: no case, no accents."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        piece = ch.lower() if ch.isascii() else _fold_char(ch)
        out.append(piece)
        where.extend([i] * len(piece))
    return "".join(out), where


def terms(query: str) -> list[str]:
    """The folded words of a query; repeated words count once."""
    return list(dict.fromkeys(fold(query).split()))


# The text fields of each kind of record, in the order a reader meets them: read from the one
# description of the format (fields.py), so a new text field is searched without a change here.
_TEXT_FIELDS = {
    table.name: tuple(f.name for f in table.record.fields if f.kind is F.Kind.TEXT)
    for table in F.REGISTRY.fields
    if table.kind is F.Kind.TABLE and table.record is not None
}


def _fields(registry: Registry, kind: str, rid: str) -> Iterator[tuple[str, str | None]]:
    """The searchable text of a record, field by field, then a program's history notes."""
    record = getattr(registry, kind)[rid]
    yield "id", rid
    for name in _TEXT_FIELDS[kind]:
        yield name, getattr(record, name)
    for entry in getattr(record, "history", ()):
        yield f"history {entry.date}", entry.note


def _claims(registry: Registry) -> Iterator[ProgressClaim]:
    """Every progress claim: the plans' then the programs', each in file order."""
    for plan in registry.plans.values():
        yield from plan.progress
    for program in registry.programs.values():
        yield from program.progress


def _matches(
    texts: list[tuple[str, str]], words: list[str], spelled: dict[str, str] | None = None
) -> tuple[Match, ...] | None:
    """The fields that hold a word of the query, or None unless every word is somewhere. In a
    speaker (`by`), a word of `spelled` also matches as its Latin spelling."""
    other = spelled or {}
    found: list[dict[str, str]] = []  # per field: query word -> the form that matched
    for name, text in texts:
        folded = fold(text)
        here: dict[str, str] = {}
        for w in words:
            if w in folded:
                here[w] = w
            elif name == "by" and w in other and other[w] in folded:
                here[w] = other[w]
        found.append(here)
    if not all(any(w in here for here in found) for w in words):
        return None
    return tuple(
        Match(name, text, _spans(text, list(here.values())))
        for (name, text), here in zip(texts, found, strict=True)
        if here
    )


def search(registry: Registry, query: str) -> list[Hit]:
    """Records holding every word of `query`, by kind (the file's order of tables, then the
    claims), each kind in file order; [] for a query without words."""
    words = terms(query)
    if not words:
        return []
    hits: list[Hit] = []
    for kind, table in registry.tables():
        for rid in table:
            texts = [(name, text) for name, text in _fields(registry, kind, rid) if text]
            matches = _matches(texts, words)
            if matches is not None:
                title = next(text for name, text in texts if name == "title")
                hits.append(Hit(kind, rid, title, matches))
    # Only a spelling with letters of its own: `ъ` spells as nothing, which is in every text.
    spelled = {w: spelling for w in words if not w.isascii() and (spelling := fold(latin(w)))}
    for claim in _claims(registry):
        figure = describe_claim(claim)
        texts = [("by", claim.by), ("figure", figure), ("note", claim.note or "")]
        matches = _matches([(n, t) for n, t in texts if t], words, spelled)
        if matches is not None:
            hits.append(Hit("claims", claim.subject, claim.by, matches, str(claim.date), figure))
    return hits


def _spans(text: str, words: list[str]) -> tuple[Span, ...]:
    """The whole words of `text` that hold an occurrence of a query word, merged and sorted."""
    folded, where = _folded_with_map(text)
    found: list[Span] = []
    for word in words:
        at = folded.find(word)
        while at != -1:
            start, end = where[at], where[at + len(word) - 1] + 1
            found.append(_word_around(text, start, end))
            at = folded.find(word, at + 1)
    merged: list[Span] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch in "-_" or unicodedata.combining(ch) != 0


def _word_around(text: str, start: int, end: int) -> Span:
    while start > 0 and _in_word(text[start - 1]):
        start -= 1
    while end < len(text) and _in_word(text[end]):
        end += 1
    return start, end
