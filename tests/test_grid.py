"""The grid lays tables out as Rich's Table does, for the options render uses."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from roadmaps.grid import Column, Grid

WORDS = st.sampled_from(
    [
        *("gas", "market", "2022-12-16", "union-programs-2021", "Союзная", "программа", "a"),
        *("", "—", "tass-ru-2022-12-16, ria-2024-12-06", "x" * 30, "12", "in-progress"),
    ]
)
CELL = st.lists(WORDS, max_size=6).map(" ".join) | st.lists(WORDS, max_size=3).map("\n".join)
COLUMN = st.builds(
    Column,
    header=st.sampled_from(["program", "status", "title", "what happened", "sources", ""]),
    justify=st.sampled_from(["left", "right"]),
    no_wrap=st.booleans(),
    overflow=st.sampled_from(["fold", "ellipsis"]),
    min_width=st.sampled_from([None, 12]),
)


@st.composite
def grids(draw: Any) -> Grid:
    columns = draw(st.lists(COLUMN, min_size=1, max_size=6))
    grid = Grid(columns, title=draw(st.none() | CELL), fancy=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 5))):
        grid.add_row(*draw(st.lists(CELL, min_size=len(columns), max_size=len(columns))))
    return grid


def rich_table(grid: Grid) -> Table:
    """The Rich table render._table used to build for the same columns and rows."""
    table = Table(
        *[c.header for c in grid.columns],
        title=grid.title,
        title_justify="left",
        title_style="bold" if grid.fancy else "",
        box=box.SIMPLE_HEAD if grid.fancy else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if grid.fancy else "",
    )
    for ours, theirs in zip(grid.columns, table.columns, strict=True):
        theirs.justify = ours.justify
        theirs.no_wrap = ours.no_wrap
        theirs.overflow = ours.overflow
        theirs.min_width = ours.min_width
    for row in grid.rows:
        table.add_row(*row)
    return table


def text_of(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, color_system=None, highlight=False, markup=False)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


@settings(max_examples=300, deadline=None)
@given(grid=grids(), width=st.integers(8, 140))
def test_the_grid_prints_what_rich_table_prints(grid: Grid, width: int):
    assert text_of(grid, width) == text_of(rich_table(grid), width)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(CELL, CELL), max_size=5), width=st.integers(8, 120))
def test_the_field_block_is_a_rich_grid(rows: list[tuple[str, str]], width: int):
    ours = Grid(
        [Column(style="bold", no_wrap=True), Column(overflow="fold")], show_header=False, pad_left=0
    )
    theirs = Table.grid(padding=(0, 2))
    theirs.add_column(style="bold", no_wrap=True)
    theirs.add_column(overflow="fold")
    for label, value in rows:
        ours.add_row(label, value)
        theirs.add_row(Text(label), Text(value))
    assert text_of(ours, width) == text_of(theirs, width)


@given(width=st.integers(20, 120))
def test_a_table_nested_in_a_field_block_is_measured_like_rich(width: int):
    claim = "measures and deadlines not met " * 3
    inner = Grid.of("date", "claim")
    inner.add_row("2022-12-16", claim)
    outer = Grid(
        [Column(style="bold", no_wrap=True), Column(overflow="fold")], show_header=False, pad_left=0
    )
    outer.add_row("claims", inner)
    rich_inner = Table("date", "claim", box=None, show_edge=False, pad_edge=False)
    rich_inner.add_row("2022-12-16", claim)
    rich_outer = Table.grid(padding=(0, 2))
    rich_outer.add_column(style="bold", no_wrap=True)
    rich_outer.add_column(overflow="fold")
    rich_outer.add_row("claims", rich_inner)
    assert text_of(outer, width) == text_of(rich_outer, width)


def test_styles_reach_the_terminal():
    grid = Grid.of("status", fancy=True)
    grid.add_row(Text("stalled", style="red"))
    console = Console(width=40, force_terminal=True, color_system="standard")
    with console.capture() as captured:
        console.print(grid)
    assert "\x1b[1mstatus" in captured.get()
    assert "\x1b[31mstalled" in captured.get()
    assert "──────" in captured.get()


# -- fitting: the column kinds, the drop order and the blocks (issue 12) ----------------------


def plain(renderable: RenderableType, width: int) -> str:
    """As the command line prints: never cropped, trailing spaces stripped."""
    console = Console(width=width, color_system=None, highlight=False, markup=False)
    with console.capture() as captured:
        console.print(renderable, crop=False)
    return "".join(line.rstrip() + "\n" for line in captured.get().splitlines())


def fitted(*columns: Column, rows: list[tuple[str, ...]], blocks: bool = True) -> Grid:
    grid = Grid(list(columns), fit=True, blocks=blocks)
    for row in rows:
        grid.add_row(*row)
    return grid


ID = "roadmap-2019-supranational-bodies"
URL = "https://www.urdupoint.com/en/world/update-belarus-president-hopes-for-adoption-1322753.html"
TITLE = "The 31st road map on the supranational bodies of the Union State"


def test_a_fixed_column_never_shrinks_and_prose_wraps_between_words():
    grid = fitted(
        Column("program", no_wrap=True),
        Column("status", no_wrap=True),
        Column("title", keep_words=True),
        rows=[(ID, "in-progress", TITLE)],
    )
    assert plain(grid, 70) == (
        "program                            status       title\n"
        "roadmap-2019-supranational-bodies  in-progress  The 31st road map on\n"
        "                                                the supranational\n"
        "                                                bodies of the Union\n"
        "                                                State\n"
    )


def test_whole_columns_go_in_the_drop_order_before_anything_is_cut():
    grid = fitted(
        Column("program", no_wrap=True),
        Column("since", no_wrap=True, drop=1),
        Column("evidence", keep_words=True, drop=0),
        Column("title", keep_words=True, min_width=12),
        rows=[(ID, "2021-11-04", "2021-11-04 ria-2021-11-04", TITLE)],
    )
    wide = plain(grid, 120).splitlines()[0].split()
    assert wide == ["program", "since", "evidence", "title"]
    assert plain(grid, 70).splitlines()[0].split() == ["program", "since", "title"]
    assert plain(grid, 50).splitlines()[0].split() == ["program", "title"]


def test_a_table_that_cannot_fit_becomes_one_block_per_row():
    grid = fitted(
        Column("program", no_wrap=True),
        Column("status", no_wrap=True),
        Column("total", no_wrap=True, justify="right"),
        rows=[(ID, "abandoned", "-"), ("gas-market", "stalled", "12")],
    )
    assert plain(grid, 40) == (
        f"{ID}\n  status  abandoned\n\ngas-market\n  status  stalled\n  total   12\n"
    )


def test_a_url_runs_on_whole_rather_than_fold():
    grid = fitted(
        Column("source", no_wrap=True),
        Column("reference", keep_words=True, spill=True),
        rows=[("urdupoint-2021-08-10", f"UrduPoint, “Belarus president hopes”\n{URL}")],
    )
    lines = plain(grid, 60).splitlines()
    assert lines[2].split() == [URL]
    assert lines[1].split()[0] == "urdupoint-2021-08-10"


def test_a_caption_goes_with_its_column():
    grid = fitted(
        Column("sector", no_wrap=True),
        Column("bar", no_wrap=True, drop=0),
        rows=[("energy", "=" * 30)],
    )
    grid.caption, grid.caption_of = Text("bar: = in progress"), 1
    assert plain(grid, 80).endswith("bar: = in progress\n")
    assert "bar:" not in plain(grid, 20)


FIT_COLUMN = st.builds(
    Column,
    header=st.sampled_from(["program", "status", "title", "what happened", "sources"]),
    justify=st.sampled_from(["left", "right"]),
    no_wrap=st.booleans(),
    min_width=st.sampled_from([None, 12]),
    keep_words=st.just(True),
    drop=st.sampled_from([None, 0, 1, 2]),
)


@settings(max_examples=200, deadline=None)
@given(
    columns=st.lists(FIT_COLUMN, min_size=1, max_size=6),
    cells=st.lists(CELL, min_size=36, max_size=36),
    width=st.integers(40, 140),  # a block needs its widest label and word side by side
    fancy=st.booleans(),
)
@example(  # a word after a blank at the start of its line: Rich wraps the blank with it
    columns=[Column("program", keep_words=True), Column("program", keep_words=True)],
    cells=["", "", "", "", "", "", " " + "x" * 30, "gas gas gas", *[""] * 28],
    width=40,
    fancy=False,
)
def test_a_fitted_grid_never_cuts_a_word(
    columns: list[Column], cells: list[str], width: int, fancy: bool
):
    grid = Grid(columns, fancy=fancy, fit=True)
    for r in range(3):
        grid.add_row(*cells[r * 6 : r * 6 + len(columns)])
    words = {w for c in [*cells, *(c.header for c in columns)] for w in c.split()}
    out = plain(grid, width)
    assert {w for w in out.split() if w.strip("─")} <= words
    for line in out.splitlines():  # only a word too long for any column runs past the edge
        assert len(line) <= width or max(len(w) for w in line.split()) >= 18, line


def test_a_list_of_ids_narrows_before_prose():
    grid = fitted(
        Column("what happened", keep_words=True, min_width=12),
        Column("sources", keep_words=True, squeeze_first=True),
        rows=[(TITLE, "kremlin-2021-11-04, primepress-2021-11-04")],
    )
    assert plain(grid, 70) == (
        "what happened                                    sources\n"
        "The 31st road map on the supranational bodies    kremlin-2021-11-04,\n"
        "of the Union State                               primepress-2021-11-04\n"
    )


def test_on_a_terminal_the_separators_go_before_any_column():
    grid = Grid(
        [Column("sector", no_wrap=True), *(Column(h, no_wrap=True, drop=0) for h in "abcde")],
        fancy=True,
        fit=True,
    )
    grid.add_row("energy", "1", "2", "3", "4", "5")
    assert plain(grid, 21).splitlines()[2] == "energy  1  2  3  4  5"  # 5 separators too many
    assert plain(grid, 30).splitlines()[2] == "energy   1   2   3   4   5"  # room for them


def test_a_fitted_table_narrower_than_its_title_does_not_fold_the_title():
    # `status --as-of 2019` printed "Programs by" / "status" on two lines at 100 columns.
    grid = Grid([Column("status", no_wrap=True), Column("programs", justify="right")], fit=True)
    grid.title = "Programs by status"
    grid.add_row("planned", "8")
    assert plain(grid, 100) == ("Programs by status\nstatus   programs\nplanned         8\n")
    assert plain(grid, 12).splitlines()[:2] == ["Programs by", "status"]
