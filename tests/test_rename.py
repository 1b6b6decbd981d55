"""Who refers to an id, and renaming one everywhere."""

from __future__ import annotations

import pytest

from roadmaps.edit import EditError
from roadmaps.errors import UnknownIdError, UsageError
from roadmaps.rename import referrers, rename


def test_referrers_name_each_place(registry):
    assert referrers(registry, "new-plan") == [
        "programs.gas-market (plan)",
        "programs.power-market (plan)",
        "programs.tax-code (plan)",
        "programs.gas-prices (plan)",
    ]
    assert referrers(registry, "s-belta") == [
        "plans.old-plan (sources)",
        "programs.old-gas (history 2019-11-13 planned)",
        "programs.power-market (history 2023-11 in-progress)",
    ]
    assert referrers(registry, "s-unused") == []
    assert referrers(registry, "gas-prices") == []


def test_rename_keeps_the_place_and_moves_claims_with_their_plan(registry):
    renamed = rename(registry, "new-plan", "union-2021")
    assert list(renamed.plans) == ["old-plan", "union-2021"]
    plan = renamed.plans["union-2021"]
    assert plan.id == "union-2021"
    assert {c.subject for c in plan.progress} == {"union-2021"}
    assert {p.plan for p in renamed.programs.values()} == {"old-plan", "union-2021"}
    assert registry.plans["new-plan"].id == "new-plan"  # the input is untouched


def test_rename_leaves_records_that_do_not_name_the_id_as_they_are(registry):
    renamed = rename(registry, "s-belta", "belta-2019")
    assert renamed.programs["tax-code"] is registry.programs["tax-code"]
    assert renamed.programs["old-gas"].history[0].sources == ("belta-2019",)


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("nope", "x", UnknownIdError),
        ("gas", "Gas", UsageError),
        ("gas", "energy", EditError),
    ],
)
def test_rename_refuses(registry, old, new, error):
    with pytest.raises(error):
        rename(registry, old, new)
