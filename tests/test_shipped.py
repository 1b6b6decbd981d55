"""The registry shipped with roadmaps: clean, cited, and saying what the seeds established."""

import datetime as dt
import json

import pytest

from roadmaps import query as Q
from roadmaps.check import structural
from roadmaps.load import load_path, shipped_registry
from roadmaps.model import Registry, Status

from .conftest import SHIPPED, Invoke


@pytest.fixture(scope="module")
def registry() -> Registry:
    loaded = load_path(SHIPPED)
    assert [str(p) for p in structural(loaded)] == []
    assert loaded.registry is not None
    return loaded.registry


def test_the_package_finds_the_same_registry():
    assert shipped_registry().read_bytes() == SHIPPED.read_bytes()


def test_three_plans_with_their_official_sizes(registry):
    assert {p.id: p.size for p in registry.plans.values()} == {
        "roadmaps-2019": 31,
        "union-programs-2021": 28,
        "main-directions-2024": None,
    }


def test_every_program_has_a_cited_history_and_every_claim_a_speaker(registry):
    for program in registry.programs.values():
        assert program.history, program.id
        assert program.status is sorted(program.history, key=lambda e: e.date.key)[-1].status, (
            program.id
        )
        assert all(entry.sources for entry in program.history), program.id
    for claim in Q.all_claims(registry):
        assert claim.by.strip() and claim.sources


def test_every_source_is_cited(registry):
    assert [sid for sid, cited in Q.citations(registry).items() if not cited] == []


def test_gas_market_stalled_since_december_2022(registry):
    view = Q.view(registry, registry.programs["gas-market"], dt.date(2026, 11, 23), frozenset())
    assert view is not None
    assert (view.status, str(view.since)) == (Status.STALLED, "2022-12-16")


def test_electricity_market_treaty_signed_2024_12_06(registry):
    entries = {str(e.date): e for e in registry.programs["electricity-market"].history}
    assert "treaty" in (entries["2024-12-06"].note or "")


def test_show_energy_answers_with_its_sub_sectors(invoke: Invoke):
    result = invoke("--data", str(SHIPPED), "show", "energy", "--json")
    doc = json.loads(result.stdout)
    assert doc["sector"]["sub_sectors"] == ["electricity", "gas", "oil"]
    assert {p["id"] for p in doc["programs"]} >= {"gas-market", "oil-market", "electricity-market"}


def test_status_runs_on_the_shipped_registry(invoke: Invoke):
    result = invoke("--data", str(SHIPPED), "status", "--as-of", "2026-11-23")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "union-programs-2021" in result.stdout
