from roadmaps.positions import index_positions

TEXT = '''format = 1
title = "x # not a comment"
[sectors.energy]
title = "E"
  [programs."gas-market"]
plan = "p"
follows = [
  "a", # ] a bracket in a comment
  "b",
]
summary = """multi
[fake.header]
x = 1"""
note = \'\'\'raw \\ "quoted" \'\'\'
[[programs.gas-market.history]]
date = 2021-11-04
[[programs.gas-market.history]]
status = 'x'
sources.extra = ["s"]
'''


def test_tables_keys_and_array_entries_are_located():
    found = index_positions(TEXT)
    assert found[("format",)] == (1, 1)
    assert found[("sectors", "energy")] == (3, 1)
    assert found[("programs", "gas-market")] == (5, 3)
    assert found[("programs", "gas-market", "follows")] == (7, 1)
    assert found[("programs", "gas-market", "summary")] == (11, 1)
    assert found[("programs", "gas-market", "note")] == (14, 1)
    assert found[("programs", "gas-market", "history", 0)] == (15, 1)
    assert found[("programs", "gas-market", "history", 0, "date")] == (16, 1)
    assert found[("programs", "gas-market", "history", 1, "status")] == (18, 1)
    assert found[("programs", "gas-market", "history", 1, "sources", "extra")] == (19, 1)


def test_text_inside_strings_and_arrays_is_not_taken_for_keys():
    found = index_positions(TEXT)
    assert ("fake", "header") not in found
    assert not any(path[-1] == "x" for path in found)
