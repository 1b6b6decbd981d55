"""The record-by-record canonical text is tomli-w's, and a spliced edit is a full re-render."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmaps import splice, write
from roadmaps.check import check
from roadmaps.load import load_edited, load_text
from roadmaps.model import HistoryEntry, PartialDate, Registry, Source, Status
from roadmaps.paths import display_path
from roadmaps.write import SCHEMA_LINE, to_document

from .strategies import SURROGATES, registries, text


def tomli_w_text(registry: Registry, schema_line: str = SCHEMA_LINE) -> str:
    """What the writer wrote before splice.py: tomli-w, the whole document at once."""
    return f"{schema_line}\n{tomli_w.dumps(to_document(registry))}"


SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW)
@given(registries())
def test_the_record_by_record_text_is_tomli_w_text(registry: Registry):
    assert splice.render(registry, SCHEMA_LINE) == tomli_w_text(registry)


keys = st.text(st.characters(codec="utf-8", exclude_categories=SURROGATES), max_size=6)
scalars = (
    text
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW)
@given(st.dictionaries(keys, values, min_size=1, max_size=5), keys)
def test_a_chunk_of_any_shape_is_tomli_w_text(document: dict[str, Any], rid: str):
    """Shapes a registry never has (nested tables, inline arrays of tables, booleans, odd keys)
    are written exactly as tomli-w writes them, by tomli-w when need be."""
    assert splice.chunk("programs", rid, document) == tomli_w.dumps({"programs": {rid: document}})


Step = tuple[Any, ...]


@st.composite
def edits(draw: st.DrawFn) -> tuple[Registry, list[Step]]:
    """A registry, and random edits to make to it (`apply`), each sharing what it leaves alone
    as the edits of edit.py do."""
    old = draw(registries())
    programs, sources = sorted(old.programs), sorted(old.sources)
    steps: list[Step] = []
    for _ in range(draw(st.integers(1, 3))):
        step = draw(st.sampled_from(["record", "retitle", "add", "remove", "as_of"]))
        if step == "record":
            steps.append(
                (
                    step,
                    draw(st.sampled_from(programs)),
                    draw(st.sampled_from(Status)),
                    draw(st.sampled_from(sources)),
                    draw(st.none() | text),
                )
            )
        elif step == "retitle":
            steps.append((step, draw(st.sampled_from(sources)), draw(text)))
        elif step == "add":
            steps.append((step, draw(text)))
        elif step == "remove":
            steps.append((step, draw(st.sampled_from(programs))))
        else:
            steps.append((step,))
    return old, steps


def apply(registry: Registry, steps: list[Step]) -> Registry:
    for step in steps:
        programs, sources = dict(registry.programs), dict(registry.sources)
        if step[0] == "record":
            _, pid, status, sid, note = step
            if pid not in programs:
                continue
            entry = HistoryEntry(
                date=PartialDate.of(dt.date(2026, 11, 1)), status=status, sources=(sid,), note=note
            )
            program = programs[pid]
            programs[pid] = dataclasses.replace(
                program, history=(*program.history, entry), status=status
            )
        elif step[0] == "retitle":
            sources[step[1]] = dataclasses.replace(sources[step[1]], title=step[2])
        elif step[0] == "add":
            sid = f"new-{len(sources)}"
            sources[sid] = Source(id=sid, title=step[1], publisher="P", language="en")
        elif step[0] == "remove" and len(programs) > 1:
            programs.pop(step[1], None)
        elif step[0] == "as_of":
            registry = dataclasses.replace(registry, as_of=PartialDate.of(dt.date(2026, 11, 2)))
        registry = dataclasses.replace(registry, programs=programs, sources=sources)
    return registry


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW)
@given(edits(), st.sampled_from([SCHEMA_LINE, "#:schema ./elsewhere.json"]))
def test_a_spliced_edit_is_the_full_canonical_render(edit: tuple[Registry, list[Step]], line: str):
    old, steps = edit
    new = apply(old, steps)
    old_text = tomli_w_text(old, line)
    places = splice.spans(old_text, old, line)
    assert places is not None
    assert splice.splice(old_text, old, new, places, line) == tomli_w_text(new, line)


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW)
@given(registries(), st.data())
def test_a_text_that_differs_by_one_character_has_no_spans(registry: Registry, data: st.DataObject):
    canonical = tomli_w_text(registry)
    at = data.draw(st.integers(0, len(canonical)))
    changed = canonical[:at] + data.draw(st.sampled_from([" ", "\n", "#"])) + canonical[at:]
    assert splice.spans(changed, registry, SCHEMA_LINE) is None
    assert splice.spans(canonical[:at], registry, SCHEMA_LINE) is None or at == len(canonical)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[*SLOW, HealthCheck.function_scoped_fixture],
)
@given(edits())
def test_an_edit_of_a_canonical_file_writes_or_refuses_as_the_full_render(
    tmp_path: Path, edit: tuple[Registry, list[Step]]
):
    """write.edit splices and verifies only the changed records; the file it writes, or the
    errors it refuses with, are those of rendering and loading the whole new registry."""
    old, steps = edit
    path = tmp_path / "r.toml"
    path.write_text(tomli_w_text(old), encoding="utf-8")
    full = tomli_w_text(apply(old, steps))
    expected = check(load_text(full, display_path(path)), wanted=lambda c: c.startswith("E"))
    try:
        write.edit(path, lambda registry: apply(registry, steps))
    except write.EditRefused as refused:
        assert list(refused.problems) == expected
        assert path.read_text(encoding="utf-8") == tomli_w_text(old)
    else:
        assert expected == []
        assert path.read_text(encoding="utf-8") == full


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW)
@given(registries())
def test_every_record_chunk_holds_only_its_own_tables(registry: Registry):
    """What lets an edit parse only its new chunks: each chunk opens with its own header and
    defines no table outside its record (splice.self_contained)."""
    for table, rid, record in splice.records(registry):
        piece = splice.record_chunk(table, rid, record)
        # A triple quote in a value (a title of three apostrophes) makes self_contained say
        # no, to be safe: such an edit parses the whole text instead.
        if '"""' not in piece and "'''" not in piece:
            assert splice.self_contained(table, rid, piece)


def test_a_chunk_with_another_records_table_is_not_self_contained():
    own = '[programs.a]\ntitle = "A"\n\n[[programs.a.history]]\ndate = 2024-01-01\n'
    assert splice.self_contained("programs", "a", own)
    assert not splice.self_contained("programs", "a", own + "\n[programs.ab]\n")
    assert not splice.self_contained("programs", "a", own + "\n[[programs.b.history]]\n")
    assert not splice.self_contained("programs", "a", own.replace('"A"', '"""A"""'))
    assert not splice.self_contained("programs", "b", own)


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW)
@given(
    edits(),
    st.sampled_from([SCHEMA_LINE, "#:schema ./elsewhere.json"]),
    st.none() | st.sampled_from(["", " ", "esc\x1b", "rtl\u202e", "two\nlines", "nul\x00"]),
)
def test_parsing_only_the_new_chunks_loads_what_the_whole_text_loads(
    edit: tuple[Registry, list[Step]], line: str, bad_title: str | None
):
    """load_edited given the fresh text (the head and the changed chunks) answers as loading
    the whole spliced text does: the same registry, problems and declared ids, also when an
    edit wrote a title the loader refuses."""
    old, steps = edit
    new = apply(old, steps)
    if bad_title is not None:
        sid = sorted(new.sources)[0]
        sources = {**new.sources, sid: dataclasses.replace(new.sources[sid], title=bad_title)}
        new = dataclasses.replace(new, sources=sources)
    old_text = tomli_w_text(old, line)
    before = load_text(old_text, "r.toml").registry
    assert before == old
    places = splice.spans(old_text, old, line)
    assert places is not None
    text, fresh = splice.splice_parts(old_text, old, new, places, line)
    assert fresh is not None
    assert text == tomli_w_text(new, line)
    partial = load_edited(text, "r.toml", old, new, fresh)
    whole = load_text(text, "r.toml")
    assert partial.problems == whole.problems
    assert partial.registry == whole.registry
    assert partial.declared == whole.declared
