"""search: which records hold every word, and which words to mark."""

from __future__ import annotations

from roadmaps.search import fold, search, terms

from .conftest import MINI, Invoke


def test_fold_ignores_case_and_accents_and_reads_yo_as_ye():
    assert fold("ГАЗ") == "газ"
    assert fold("Lukašenka") == "lukasenka"
    assert fold("Ёлка") == "елка"
    assert fold("Gas-Market") == "gas-market"


def test_fold_keeps_short_i_and_short_u():
    assert fold("Й") == "й" and fold("ЎКРАІНА") == "ўкраіна"


def test_terms_are_folded_words_once():
    assert terms("  Gas gas  ГАЗ ") == ["gas", "газ"]
    assert terms("   ") == []


def test_every_word_must_occur_somewhere_in_the_record(registry):
    assert [h.id for h in search(registry, "gas formation")] == ["gas-market"]
    assert search(registry, "gas electricity") == []
    assert search(registry, "") == []


def test_a_hit_names_its_fields_and_the_whole_words_that_matched(registry):
    (hit,) = search(registry, "unified")
    assert (hit.kind, hit.id, hit.title) == ("programs", "gas-market", hit.title)
    (match,) = hit.matches
    assert match.field == "title"
    assert [match.text[a:b] for a, b in match.spans] == ["unified"]
    (hit,) = search(registry, "ГАЗ")
    (match,) = hit.matches
    assert (match.field, [match.text[a:b] for a, b in match.spans]) == ("title_ru", ["газа"])


def test_history_notes_are_searched_with_their_dates(registry):
    (hit,) = search(registry, "superseded")
    assert [m.field for m in hit.matches] == ["history 2021-11-04"]


def test_claims_are_found_by_speaker_figure_and_note_as_records_of_their_own(registry):
    # An analyst searches for what a speaker said; claims used to be found by their note only.
    hits = search(registry, "gamma")
    assert [(h.kind, h.id, h.date, h.title, h.figure) for h in hits] == [
        ("claims", "new-plan", "2022-09-01", "Gamma, Prime Minister", "90% of measures"),
        ("claims", "new-plan", "2023-11", "Gamma, Prime Minister", "13 of 28 programs"),
    ]
    assert [m.field for m in hits[0].matches] == ["by"]
    (hit,) = search(registry, "alpha programs")  # the unit is part of the figure
    assert (hit.kind, hit.title, [m.field for m in hit.matches]) == (
        "claims",
        "Embassy of Alpha",
        ["by", "figure"],
    )
    (hit,) = search(registry, "comparable")
    assert (hit.kind, hit.id, [m.field for m in hit.matches]) == ("claims", "new-plan", ["note"])


def test_sources_are_found_by_publisher(registry):
    assert [h.id for h in search(registry, "tass")] == ["s-tass"]
    assert [h.id for h in search(registry, "example")] == ["s-hostile", "s-unused"]


def test_on_a_terminal_the_matching_words_are_bold_not_starred(invoke: Invoke):
    result = invoke("--data", str(MINI), "search", "газ", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[1mгаза\x1b[0m" in result.stdout and "**" not in result.stdout


def test_a_speaker_is_found_by_a_cyrillic_spelling_of_the_name(registry):
    # Speakers are named in Latin letters; an analyst types "Лукашенко" as often as not.
    hits = search(registry, "Гамма")
    assert [(h.kind, h.date) for h in hits] == [("claims", "2022-09-01"), ("claims", "2023-11")]
    (match,) = hits[0].matches
    assert (match.field, [match.text[a:b] for a, b in match.spans]) == ("by", ["Gamma"])
    assert search(registry, "Гамма сроки") == []  # every word still has to be in the claim
    # A hard sign spells as nothing in Latin, which must not match every speaker.
    assert [h.kind for h in search(registry, "ъ")] == ["programs"]  # объединенного
