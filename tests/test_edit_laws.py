"""Laws of the editing loop, for any registry: a rename undone and a field set then cleared
give back the very bytes; search finds every record by its id; marks cover what matched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from roadmaps import fields as F
from roadmaps import setfield as S
from roadmaps.load import load_path
from roadmaps.model import Registry
from roadmaps.rename import referrers, rename
from roadmaps.search import Match, fold, search, terms
from roadmaps.translit import latin
from roadmaps.write import canonical, dumps

from .conftest import MINI, Invoke
from .strategies import ids, partial_dates, registries, text


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(registries(), st.data())
def test_rename_then_rename_back_is_the_identity(registry: Registry, data: st.DataObject):
    old = data.draw(st.sampled_from(registry.all_ids()))
    new = data.draw(ids.filter(lambda i: registry.kind_of(i) is None))
    renamed = rename(registry, old, new)
    assert registry.kind_of(old) == renamed.kind_of(new) and renamed.kind_of(old) is None
    assert referrers(renamed, old) == []
    assert len(referrers(renamed, new)) == len(referrers(registry, old))
    assert dumps(rename(renamed, new, old)) == dumps(registry)


def value_for(f: F.Field, registry: Registry) -> st.SearchStrategy[str]:
    """Text the command line would be given for a field of this kind."""
    if f.kind is F.Kind.TEXT:
        return text
    if f.kind is F.Kind.INT:
        low = int(f.minimum) if f.minimum is not None else -(2**63)
        return st.integers(low, 2**63 - 1).map(str)
    if f.kind is F.Kind.DATE:
        return partial_dates().map(str)
    if f.kind in (F.Kind.ID, F.Kind.IDS):
        assert f.refers_to is not None
        pool = list(getattr(registry, f.refers_to))
        one = st.sampled_from(pool)
        return one if f.kind is F.Kind.ID else st.lists(one, min_size=1).map(",".join)
    if f.kind is F.Kind.LANGUAGE:
        return st.sampled_from(["en", "ru", "be", "de-AT"])
    assert f.kind is F.Kind.URL
    return st.from_regex(r"https://example\.org/[a-z0-9]{1,8}", fullmatch=True)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(registries(), st.data())
def test_set_then_unset_restores_the_bytes_of_an_absent_optional_field(
    registry: Registry, data: st.DataObject
):
    rid = data.draw(st.sampled_from(registry.all_ids()))
    kind = registry.kind_of(rid)
    assert kind is not None
    record = getattr(registry, kind)[rid]
    spec = S.SPECS[kind]
    absent = [
        f
        for f in spec.fields
        if f.name in S.settable(spec) and not f.required and getattr(record, f.name) in (None, ())
    ]
    assume(absent)
    f = data.draw(st.sampled_from(absent))
    assume(f.refers_to is None or getattr(registry, f.refers_to))
    value = data.draw(value_for(f, registry))
    changed = S.set_field(registry, rid, f.name, value)
    assert dumps(changed) != dumps(registry)
    assert dumps(S.unset_field(changed, rid, f.name)) == dumps(registry)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_search_finds_every_record_by_its_id(registry: Registry):
    for kind, table in registry.tables():
        for rid in table:
            assert (kind, rid) in {(h.kind, h.id) for h in search(registry, rid)}


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(registries(), text)
def test_every_hit_holds_every_word_and_its_marks_hold_what_matched(registry: Registry, query: str):
    words = terms(query)

    def forms(w: str, m: Match) -> list[str]:  # a speaker also holds a word's Latin spelling
        spelling = fold(latin(w)) if m.field == "by" and not w.isascii() else ""
        return [w, spelling] if spelling else [w]

    for hit in search(registry, query):
        assert all(any(f in fold(m.text) for m in hit.matches for f in forms(w, m)) for w in words)
        for m in hit.matches:
            assert m.spans, m
            for a, b in m.spans:
                assert 0 <= a < b <= len(m.text)
            marked = " ".join(fold(m.text[a:b]) for a, b in m.spans)
            assert any(f in marked for w in words for f in forms(w, m))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("GAS", "gas"),
        ("ГАЗ", "газа"),
        ("ёлка", "елка"),  # io is ie
        ("Lukašenka", "lukasenka"),
    ],
)
def test_fold(query: str, found: str):
    assert fold(query) in fold(found) or fold(found) in fold(query)


def test_short_i_stays_a_letter_of_its_own():
    assert fold("Й") == "й" and fold("ў") == "ў" and fold("и") != fold("й")


# -- the same laws through the command line, on the small registry -------------------------


@pytest.fixture
def canon(tmp_path: Path) -> Path:
    path = tmp_path / "r.toml"
    path.write_text(canonical(MINI.read_text(encoding="utf-8"), "r.toml"), encoding="utf-8")
    return path


MINI_REGISTRY = load_path(MINI).registry
assert MINI_REGISTRY is not None


@pytest.mark.parametrize("rid", MINI_REGISTRY.all_ids())
def test_cli_rename_and_back_gives_the_same_bytes(invoke: Invoke, canon: Path, rid: str):
    before = canon.read_bytes()
    assert invoke("--data", str(canon), "rename", rid, "zz-renamed").exit_code == 0
    assert canon.read_bytes() != before
    assert invoke("--data", str(canon), "rename", "zz-renamed", rid).exit_code == 0
    assert canon.read_bytes() == before


ABSENT = [
    (rid, f.name)
    for kind, table in MINI_REGISTRY.tables()
    for rid, record in table.items()
    for f in S.SPECS[kind].fields
    if f.name in S.settable(S.SPECS[kind])
    and not f.required
    and getattr(record, f.name) in (None, ())
    and f.kind in (F.Kind.TEXT, F.Kind.DATE)
]


@pytest.mark.parametrize(("rid", "name"), ABSENT)
def test_cli_set_then_unset_gives_the_same_bytes(invoke: Invoke, canon: Path, rid: str, name: str):
    value = "2020-05" if name in ("adopted", "deadline", "published") else "Set, then unset."
    before = canon.read_bytes()
    result = invoke("--data", str(canon), "set", rid, name, value)
    assert result.exit_code == 0, result.stderr
    assert canon.read_bytes() != before
    assert invoke("--data", str(canon), "set", rid, "--unset", name).exit_code == 0
    assert canon.read_bytes() == before


# -- the warnings an edit introduced: the fast path agrees with comparing every warning ---


@st.composite
def edits(draw: st.DrawFn) -> tuple[Registry, Registry, tuple[str, str] | None]:
    """A registry, the same after one edit of the loop, and the rename if it was one."""
    import dataclasses
    import datetime as dt

    from roadmaps import edit as E
    from roadmaps.errors import RoadmapsError
    from roadmaps.model import PartialDate, Status

    registry = draw(registries())
    which = draw(st.sampled_from(["rename", "published", "record", "remove", "as_of", "size"]))
    renamed = None
    try:
        if which == "rename":
            old = draw(st.sampled_from(registry.all_ids()))
            new = draw(ids.filter(lambda i: registry.kind_of(i) is None))
            renamed = (old, new)
            changed = rename(registry, old, new)
        elif which == "published":
            sid = draw(st.sampled_from(list(registry.sources)))
            changed = S.set_field(registry, sid, "published", str(draw(partial_dates())))
        elif which == "record":
            changed = E.record(
                registry,
                draw(st.sampled_from(list(registry.programs))),
                draw(st.sampled_from(Status)),
                draw(partial_dates()),
                draw(st.lists(st.sampled_from(list(registry.sources)), min_size=1)),
                today=dt.date(2026, 11, 1),
            )
        elif which == "remove":
            removable = [i for i in registry.all_ids() if not referrers(registry, i)]
            changed = E.remove(registry, draw(st.sampled_from(removable or ["nothing"])))
        elif which == "size":
            plan = next(iter(registry.plans))
            changed = S.set_field(registry, plan, "size", str(draw(st.integers(1, 12))))
        else:
            day = draw(st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 1)))
            changed = dataclasses.replace(registry, as_of=PartialDate.of(day))
    except RoadmapsError:
        assume(False)
    return registry, changed, renamed


@settings(
    max_examples=50, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(edits())
def test_introduced_warnings_agree_with_comparing_every_warning(
    edit: tuple[Registry, Registry, tuple[str, str] | None],
):
    from roadmaps.check import warnings
    from roadmaps.introduced import _new, introduced

    before, after, renamed = edit
    assert sorted(introduced(before, after, renamed), key=repr) == sorted(
        _new(warnings(before), warnings(after), renamed), key=repr
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_warnings_located_record_by_record_are_where_the_whole_text_puts_them(
    registry: Registry,
):
    from roadmaps.check import warnings
    from roadmaps.introduced import locate
    from roadmaps.positions import Locator
    from roadmaps.rules import severity_of

    text = dumps(registry)
    found = warnings(registry)
    whole = Locator("r.toml", text, severity_of)
    expected = sorted((whole.problem(*f) for f in found), key=lambda p: p.sort_key)
    assert locate(text, "r.toml", found) == expected
