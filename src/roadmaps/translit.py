"""Latin spellings of Russian and Belarusian text, for ids made from titles and publishers.

An id must be lowercase ASCII kebab-case, and a registry of Union State sources is half in
Cyrillic: without this table `--publisher "Ведомости"` would give the id `source-…`, which
says nothing. The table is a plain, reversible-enough scheme close to the one passports and
URLs use (short i → y, kha → kh, tse → ts, shcha → shch); the soft and hard signs and the apostrophe
vanish. It is for ids only: titles keep their own script everywhere.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",  # Belarusian
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "u",  # Belarusian short u
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "'": "",  # Belarusian apostrophe (and its typographic form below)
    "\u2019": "",
}
_TABLE = str.maketrans(_LETTERS)


def latin(text: str) -> str:
    """`Ведомости` -> `Vedomosti`-like lowercase ASCII: Cyrillic by the table, Latin letters
    with accents by their base letter; whatever has no Latin spelling is dropped."""
    lowered = text.lower().translate(_TABLE)
    return unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    """An id fragment: `"Ведомости"` -> `vedomosti`, `"Belarus in Focus"` -> `belarus-in-focus`;
    empty when nothing in the text has a Latin spelling."""
    return re.sub(r"[^a-z0-9]+", "-", latin(text)).strip("-")
