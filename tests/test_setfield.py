"""One field set or cleared by the field description: what each kind reads, what is refused."""

from __future__ import annotations

import pytest

from roadmaps import fields as F
from roadmaps import setfield as S
from roadmaps.errors import UnknownIdError, UsageError
from roadmaps.model import parse_partial


def test_settable_follows_the_field_description():
    assert S.settable(F.PROGRAM) == [
        "plan",
        "sector",
        "title",
        "title_ru",
        "deadline",
        "follows",
        "summary",
        "note",
    ]
    assert S.settable(F.SOURCE) == ["title", "publisher", "url", "published", "language", "note"]
    assert S.settable(F.SECTOR) == ["title", "parent", "note"]
    assert "progress" not in S.settable(F.PLAN) and "size" in S.settable(F.PLAN)


@pytest.mark.parametrize(
    ("rid", "name", "text", "value"),
    [
        ("gas-market", "deadline", "2025", parse_partial("2025")),
        ("old-plan", "size", "31", 31),
        ("gas-market", "follows", "old-gas,old-gas power-market", ("old-gas", "power-market")),
        ("gas", "parent", "finance", "finance"),
        ("s-tass", "language", "be", "be"),
        ("s-tass", "url", "https://tass.ru/1", "https://tass.ru/1"),
    ],
)  # fmt: skip
def test_values_are_read_by_the_fields_kind(registry, rid, name, text, value):
    changed = S.set_field(registry, rid, name, text)
    kind = registry.kind_of(rid)
    assert getattr(getattr(changed, kind)[rid], name) == value


def test_unset_gives_the_fields_empty_value(registry):
    changed = S.unset_field(registry, "gas-market", "follows")
    assert changed.programs["gas-market"].follows == ()
    changed = S.unset_field(registry, "gas-market", "deadline")
    assert changed.programs["gas-market"].deadline is None


def test_no_change_is_unchanged_not_an_edit(registry):
    with pytest.raises(S.Unchanged) as caught:
        S.set_field(registry, "old-plan", "size", "3")
    assert caught.value.exit_code == 0


@pytest.mark.parametrize(
    ("rid", "name", "text", "error"),
    [
        ("nope", "title", "x", UnknownIdError),
        ("gas-market", "follows", "old-gsa", UnknownIdError),
        ("gas-market", "follows", " , ", UsageError),
        ("old-plan", "size", str(2**63), UsageError),
        ("gas-market", "deadline", "2025-13", UsageError),
        ("gas-market", "history", "x", UsageError),
    ],
)
def test_bad_values_are_usage_errors(registry, rid, name, text, error):
    with pytest.raises(error):
        S.set_field(registry, rid, name, text)
