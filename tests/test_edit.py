"""Pure edits: what they change, and what they refuse with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmaps import edit as E
from roadmaps.errors import UnknownIdError, UsageError
from roadmaps.model import (
    HistoryEntry,
    PartialDate,
    Program,
    ProgressClaim,
    Sector,
    Source,
    Status,
    parse_partial,
)

TODAY = dt.date(2026, 11, 23)


def day(text: str) -> PartialDate:
    return PartialDate.of(dt.date.fromisoformat(text))


def test_record_appends_in_date_order_and_the_status_follows_the_latest(registry):
    changed = E.record(
        registry,
        "gas-market",
        Status.IN_PROGRESS,
        day("2024-03-01"),
        ["s-tass"],
        "Resumed.",
        today=TODAY,
    )
    program = changed.programs["gas-market"]
    assert [(str(e.date), e.status.value) for e in program.history] == [
        ("2021-11-04", "agreed"),
        ("2022-12-16", "stalled"),
        ("2024-03-01", "in-progress"),
    ]
    assert program.status is Status.IN_PROGRESS
    assert registry.programs["gas-market"].status is Status.STALLED  # the input is untouched


def test_an_earlier_entry_is_inserted_in_place_and_leaves_the_status(registry):
    month = parse_partial("2022-06")
    assert month is not None
    changed = E.record(registry, "gas-market", Status.IN_PROGRESS, month, ["s-tass"], today=TODAY)
    program = changed.programs["gas-market"]
    assert [str(e.date) for e in program.history] == ["2021-11-04", "2022-06", "2022-12-16"]
    assert program.status is Status.STALLED


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (
            ("gas-markte", ["s-tass"], "2024-01-01"),
            UnknownIdError,
            "unknown program 'gas-markte'; did you mean gas-market, gas-prices?",
        ),
        (("new-plan", ["s-tass"], "2024-01-01"), UsageError, "'new-plan' is a plan, not a program"),
        (
            ("gas-market", ["s-tas"], "2024-01-01"),
            UnknownIdError,
            "unknown source 's-tas'; did you mean s-tass, s-belta?",
        ),
        (("gas-market", [], "2024-01-01"), UsageError, "cite at least one --source"),
        (
            ("gas-market", ["s-tass"], "2022-12-16"),
            E.EditError,
            "gas-market already has an entry of 2022-12-16 with status stalled",
        ),
        (
            ("gas-market", ["s-tass"], "2027-01-01"),
            E.EditError,
            "2027-01-01 is in the future (today is 2026-11-23)",
        ),
        (
            ("gas-market", ["s-tass"], "2024-07-01"),
            E.EditError,
            "2024-07-01 is after the registry's as_of (2024-06-30); pass --bump-as-of to move as_of to that date",
        ),
    ],
)
def test_record_refuses_with_a_reason(registry, args, error, message):
    program, sources, date = args
    with pytest.raises(error) as caught:
        E.record(registry, program, Status.STALLED, day(date), sources, today=TODAY)
    assert str(caught.value) == message


def test_bump_as_of_moves_the_review_date(registry):
    changed = E.record(
        registry,
        "gas-market",
        Status.DONE,
        day("2024-07-01"),
        ["s-tass"],
        today=TODAY,
        bump_as_of=True,
    )
    assert str(changed.as_of) == "2024-07-01"


def test_add_refuses_an_existing_id_and_unknown_references(registry):
    with pytest.raises(E.EditError, match="'gas' already exists in \\[sectors\\]"):
        E.add_sector(registry, Sector(id="gas", title="Gas"))
    with pytest.raises(UnknownIdError, match="unknown sector 'enrgy'; did you mean energy"):
        E.add_sector(registry, Sector(id="oil", title="Oil", parent="enrgy"))
    with pytest.raises(UsageError, match="'Oil' is not an id"):
        E.add_sector(registry, Sector(id="Oil", title="Oil"))
    entry = HistoryEntry(date=day("2021-11-04"), status=Status.AGREED, sources=("s-kremlin",))
    program = Program(
        id="oil",
        plan="new-plan",
        sector="energy",
        title="Oil",
        status=Status.AGREED,
        follows=("old-oil",),
        history=(entry,),
    )
    with pytest.raises(UnknownIdError, match="unknown program 'old-oil'"):
        E.add_program(registry, program, today=TODAY)


def test_add_program_and_source(registry):
    entry = HistoryEntry(date=day("2021-11-04"), status=Status.AGREED, sources=("s-kremlin",))
    program = Program(
        id="oil",
        plan="new-plan",
        sector="energy",
        title="Oil",
        status=Status.AGREED,
        history=(entry,),
    )
    assert "oil" in E.add_program(registry, program, today=TODAY).programs
    source = Source(id="s-new", title="T", publisher="P", language="en")
    assert "s-new" in E.add_source(registry, source, today=TODAY).sources


@pytest.mark.parametrize(
    ("publisher", "published", "expected"),
    [
        ("TASS", "2022-12-16", "tass-2022-12-16"),
        ("Belarus in Focus", "2023-10", "belarus-in-focus-2023-10"),
        ("Kremlin", "2021-11-04", "kremlin-2021-11-04"),
        ("ТАСС", "2020", "tass-2020"),
        ("Ведомости", "2024", "vedomosti-2024"),
        ("Наша Ніва", "2021-11", "nasha-niva-2021-11"),
        ("新华社", "2020", "source-2020"),
    ],
)
def test_source_ids_are_proposed_from_publisher_and_date(registry, publisher, published, expected):
    date = parse_partial(published) or day(published)
    assert E.propose_source_id(registry, publisher, date) == expected


def test_a_proposed_id_that_is_taken_gets_a_number(registry):
    taken = E.add_source(
        registry,
        Source(id="tass-2022-12-16", title="T", publisher="TASS", language="ru"),
        today=TODAY,
    )
    assert E.propose_source_id(taken, "TASS", day("2022-12-16")) == "tass-2022-12-16-2"


# -- claim and remove ------------------------------------------------------------------------


def make_claim(subject: str, when: str, **figures: object) -> ProgressClaim:
    date = parse_partial(when) or day(when)
    return ProgressClaim(subject=subject, date=date, by="Theta", sources=("s-tass",), **figures)  # type: ignore[arg-type]


def test_a_claim_goes_in_date_order_after_claims_of_its_date(registry):
    changed = E.claim(registry, make_claim("new-plan", "2022-08-24", percent=50), today=TODAY)
    progress = changed.plans["new-plan"].progress
    assert [(str(c.date), c.by) for c in progress][1:3] == [
        ("2022-08-24", "Beta, Deputy Prime Minister"),
        ("2022-08-24", "Theta"),
    ]
    changed = E.claim(registry, make_claim("tax-code", "2023", done=1, total=2), today=TODAY)
    assert [str(c.date) for c in changed.programs["tax-code"].progress] == ["2023"]


def test_a_claim_after_as_of_moves_it_only_when_asked(registry):
    late = make_claim("new-plan", "2024-08-01", percent=60)
    with pytest.raises(E.EditError):
        E.claim(registry, late, today=TODAY)
    assert str(E.claim(registry, late, today=TODAY, bump_as_of=True).as_of) == "2024-08-01"


def test_remove_takes_the_record_with_its_entries_and_keeps_the_order(registry):
    changed = E.remove(registry, "gas-prices")
    assert list(changed.programs) == ["old-gas", "gas-market", "power-market", "tax-code"]
    assert list(E.remove(registry, "s-unused").sources)[-1] == "s-hostile"
    with pytest.raises(E.EditError, match="still referred to by 2 records"):
        E.remove(registry, "energy")
    with pytest.raises(UnknownIdError):
        E.remove(registry, "nothing")
