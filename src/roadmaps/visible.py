"""Untrusted text made safe for the medium it leaves in: terminal, JSON or Markdown.

Registry text, arguments and file names may come from strangers (design §3, §4). The loader
refuses control characters and bidirectional overrides in the registry, but a file name, an
argument or a message quoting either can still carry them, and so can a registry read by
`check` itself. Each output applies one escape at its boundary, here, rather than each message
guarding itself:

- `visible` for people (tables, messages, `check` text, annotations): every control character
  but a newline, DEL, C1, the bidirectional overrides and isolates, the invisible format
  characters (a byte-order mark, zero-width space, direction marks, line and paragraph
  separators), and the lone surrogates that stand for bytes of an argument that were not UTF-8,
  become escapes (`\\x1b`, `\\u202e`), so nothing drives the terminal, hides text or reorders
  what a reviewer reads (JSON keeps these as they are: they are valid there, and a program
  reads them, not a person);
- `json_text` for JSON documents: what `json.dumps` leaves raw (DEL, C1, bidi, lone surrogates)
  becomes a `\\u` escape, so the document is still the same JSON value;
- `markdown` for Markdown cells and headings: every character that could start a link, an
  image, a heading, emphasis, HTML or an entity is escaped, and bare web addresses are broken so
  that no renderer makes a link of them.
"""

from __future__ import annotations

import re

# C0 but the newline, DEL, C1, the bidi embeddings/overrides and isolates, lone surrogates;
# and the invisible format characters that hide or split text on a terminal: the byte-order
# mark / zero-width no-break space, the zero-width space, the direction marks (LRM, RLM, ALM),
# the line and paragraph separators and the interlinear annotation marks. The zero-width
# joiners U+200C and U+200D are kept: emoji and Persian or Indic text need them.
_HIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff\ufff9-\ufffb]"
)
# What json.dumps(ensure_ascii=False) writes raw but a reader should not get raw.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every character that could act on a terminal shown as an escape."""
    return _HIDDEN.sub(_escape, text) if _HIDDEN.search(text) else text


def one_line(text: str) -> str:
    """`visible`, and a newline shown as `\\n` too: for what must stay one line (a problem of
    the check), where a newline from the data would print a line of its own, a forged
    problem or a workflow command that a CI runner obeys."""
    return visible(text).replace("\n", "\\n")


def json_text(document: str) -> str:
    """A JSON document with DEL, C1, bidi controls and lone surrogates as `\\u` escapes.

    Those characters can only occur inside JSON strings, where the escape means the same
    character, so the value is unchanged."""
    if not _JSON_RAW.search(document):
        return document
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


# Markdown: backslash-escape the ASCII punctuation that can start markup anywhere in a line in
# CommonMark or GitHub's extensions (a backslash before ASCII punctuation is always literal):
# `:` and `@` too, since GitHub makes links of bare "https://..." and "name@host" text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!:@$])")
# List and setext markers matter only where a line starts.
_MD_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
# GitHub turns "www.example.org" into a link even without a scheme: break the dot.
_MD_WWW = re.compile(r"(?i)(www)\.")


def markdown(text: str) -> str:
    """One line of Markdown that shows `text` literally: no link, image, heading, emphasis,
    table cell break, HTML or entity can come out of it."""
    text = " ".join(visible(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_START.sub(
        lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), text
    )
    return _MD_WWW.sub(r"\1\\.", text)
