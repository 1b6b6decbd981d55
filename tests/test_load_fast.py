"""The builder's inline paths decide exactly as the general one.

A large registry holds ten history entries a program, ten thousand programs and as many
sources, so `Builder.history`, `Builder.program` and `Builder.source` take the common record
without the per-field handlers. Here every record, valid or not, is loaded both ways: with the
inline paths, and with them switched off (no history key is then "known", and no table has an
inline path, so every record goes through `record`). The model and every problem must be the
same.

Each generated record starts valid and then has none, one or two of its keys changed: given an
odd value, dropped, or joined by an unknown key. A record that is wrong in one place only is
the case an inline path must not take, and records wrong in many places would rarely reach it.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps import build, load

HEAD = {
    "format": 1,
    "title": "T",
    "as_of": dt.date(2024, 1, 1),
    "sectors": {"s": {"title": "S"}},
    "plans": {"p": {"title": "P"}},
}
SOURCES = {
    "src": {"title": "Src", "publisher": "Pub", "language": "en"},
    "other": {"title": "O", "publisher": "Pub", "language": "ru"},
}

values = st.one_of(
    st.integers(-3, 3),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "x", "2023", "2023-04", "2023-04-05", "agreed", "src"]),
    st.just([]),
    st.just({}),
)


def odd(*specific: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The odd values of one field: mostly those that field is likely to meet, sometimes
    any value at all (a bare one_of would flatten `values` and drown the specific ones)."""
    return st.integers(0, 2).flatmap(lambda n: values if n == 0 else st.one_of(*specific))


good_dates = st.one_of(
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(["2023", "2023-04", "1999-12"]),
)
odd_dates = odd(
    st.just(dt.datetime(2022, 3, 4, 5, 6)),
    st.sampled_from(["2023-13", "23", "2023-04-05", "2023-4", "２０２３"]),
)
good_texts = st.sampled_from(["Gas market", "Газовый рынок", "a \\ b", 'say "x"', "é"])
odd_texts = odd(
    st.sampled_from(["", "  ", "\n", "two\nlines", "tab\there", "esc\x1b", "rtl\u202e", "\x85"]),
    st.text(max_size=4),
)
good_id_lists = st.lists(st.sampled_from(["src", "other"]), min_size=1, max_size=3)
odd_id_lists = odd(
    st.lists(
        st.one_of(st.sampled_from(["src", "missing", "Bad Id", "", "p-"]), st.integers(0, 2)),
        max_size=3,
    ),
    st.just([["src"]]),
)
odd_ids = odd(st.sampled_from(["Bad Id", "", "p-", "P"]))
odd_statuses = odd(st.sampled_from(["Done", "later", "in progress"]))


@st.composite
def changed(
    draw: st.DrawFn,
    good: dict[str, st.SearchStrategy[Any]],
    optional: frozenset[str],
    odd: dict[str, st.SearchStrategy[Any]],
    unknown: list[str],
    changes: tuple[int, ...] = (0, 1, 1, 1, 2),
) -> dict[str, Any]:
    """A valid record of these fields (each optional one there or not), then as many
    `changes` (drawn): a key given an odd value, a key dropped, or an unknown key added."""
    record = {
        key: draw(value)
        for key, value in good.items()
        if key not in optional or draw(st.booleans())
    }
    for _ in range(draw(st.sampled_from(changes))):
        key = draw(st.sampled_from(sorted(good)))
        how = draw(st.sampled_from(["odd", "odd", "odd", "drop", "unknown"]))
        if how == "odd":
            record[key] = draw(odd[key])
        elif how == "drop":
            record.pop(key, None)
        else:
            record[draw(st.sampled_from(unknown))] = "x"
    return record


ENTRY = (
    {"date": good_dates, "status": st.sampled_from(["agreed", "done"]), "sources": good_id_lists}
    | {"note": st.one_of(good_texts, st.just("two\nlines"))},
    frozenset({"note"}),
    {"date": odd_dates, "status": odd_statuses, "sources": odd_id_lists, "note": odd_texts},
    ["dates", "extra", "source"],
)
entries = changed(*ENTRY)
# In a program, entries are mostly valid, so that the program's own changes are what decides.
program_entries = changed(*ENTRY, changes=(0, 0, 0, 0, 1))
claims = changed(
    {
        "date": good_dates,
        "by": good_texts,
        "sources": good_id_lists,
        "percent": st.integers(0, 100),
        "qualifier": st.just("about"),
    },
    frozenset({"qualifier"}),
    {
        "date": odd_dates,
        "by": odd_texts,
        "sources": odd_id_lists,
        "percent": odd(st.integers(-5, 120)),
        "qualifier": odd(st.just("around")),
    },
    ["extra", "when"],
    changes=(0, 0, 0, 1),
)
programs = changed(
    {
        "plan": st.just("p"),
        "sector": st.just("s"),
        "title": good_texts,
        "title_ru": good_texts,
        "status": st.sampled_from(["agreed", "done", "in-progress"]),
        "deadline": good_dates,
        "follows": st.lists(st.sampled_from(["a", "x0", "nowhere"]), min_size=1, max_size=2),
        "summary": st.one_of(good_texts, st.just("two\nlines")),
        "note": good_texts,
        "history": st.lists(program_entries, min_size=1, max_size=3),
        "progress": st.lists(claims, min_size=1, max_size=2),
    },
    frozenset({"title_ru", "deadline", "follows", "summary", "note", "progress"}),
    {
        "plan": odd_ids,
        "sector": odd_ids,
        "title": odd_texts,
        "title_ru": odd_texts,
        "status": odd_statuses,
        "deadline": odd_dates,
        "follows": odd_id_lists,
        "summary": odd_texts,
        "note": odd_texts,
        "history": odd(st.lists(values, max_size=2)),
        "progress": odd(st.lists(values, max_size=2)),
    },
    ["extra", "id", "sources", "Title"],
)
sources = changed(
    {
        "title": good_texts,
        "publisher": good_texts,
        "language": st.sampled_from(["en", "ru", "be-Latn"]),
        "url": st.just("https://example.org/a"),
        "published": good_dates,
        "note": good_texts,
    },
    frozenset({"url", "published", "note"}),
    {
        "title": odd_texts,
        "publisher": odd_texts,
        "language": odd(st.sampled_from(["EN", "english", "e", "ru\n"])),
        "url": odd_texts,
        "published": odd_dates,
        "note": odd_texts,
    },
    ["extra", "id", "date"],
)
record_ids = st.sampled_from(["x0", "x1", "x2", "x3", "Bad Id", "s"])
# Records are tables nearly always: a record that is not one is the general way's alone.
programs_or_not = st.integers(0, 5).flatmap(lambda n: values if n == 0 else programs)
sources_or_not = st.integers(0, 5).flatmap(lambda n: values if n == 0 else sources)


@contextmanager
def general_way() -> Iterator[None]:
    known, quick = build._HISTORY_KEYS, build._QUICK_TABLES
    try:
        build._HISTORY_KEYS, build._QUICK_TABLES = frozenset(), False
        yield
    finally:
        build._HISTORY_KEYS, build._QUICK_TABLES = known, quick


def assert_both_ways_alike(document: dict[str, Any]) -> None:
    text = tomli_w.dumps(document)
    fast = load.load_text(text)
    with general_way():
        general = load.load_text(text)
    assert fast.problems == general.problems
    assert fast.registry == general.registry
    assert fast.declared == general.declared


def registry(more_programs: dict[str, Any], more_sources: dict[str, Any]) -> dict[str, Any]:
    first = {"date": dt.date(2021, 1, 1), "status": "agreed", "sources": ["src", "other"]}
    program = {"plan": "p", "sector": "s", "title": "A", "status": "agreed", "history": [first]}
    return {
        **HEAD,
        "programs": {"a": program} | more_programs,
        "sources": SOURCES | more_sources,
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(entries, min_size=1, max_size=4), min_size=1, max_size=3))
def test_inline_history_path_is_the_general_one(histories: list[list[dict[str, Any]]]) -> None:
    valid = {"plan": "p", "sector": "s", "title": "X", "status": "agreed"}
    more = {f"x{i}": valid | {"history": history} for i, history in enumerate(histories)}
    assert_both_ways_alike(registry(more, {}))


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(record_ids, programs_or_not, max_size=3),
    st.dictionaries(record_ids, sources_or_not, max_size=3),
)
def test_inline_program_and_source_paths_are_the_general_ones(
    more_programs: dict[str, Any], more_sources: dict[str, Any]
) -> None:
    assert_both_ways_alike(registry(more_programs, more_sources))
