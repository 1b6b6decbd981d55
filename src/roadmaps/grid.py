"""Aligned tables for the terminal, laid out by Rich's rules at a fraction of Rich's cost.

Rich's `Table` renders every cell through a `Padding`, a fresh `ConsoleOptions` and a full
wrap, and measures each cell twice: two thirds of `roadmaps status`'s own time went there
(about 40 ms for eight small tables; seconds for a `list` of thousands of programs). This grid
keeps Rich's layout (column measurement, the collapse of the widest wrapping columns, the
last-resort even reduction, the title wrapped to the table's width) for the subset of options
`render` uses, so its output is the same text; a cell whose one line fits its column is padded
directly and only longer cells go through Rich's `Text.wrap`. tests/test_grid.py compares the
two on generated tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

Justify = Literal["left", "right"]
SPILL_AFTER = 20  # a word longer than this (a URL) may run past a spill column's edge
Overflow = Literal["fold", "ellipsis"]


class Column:
    """How one column lays out its cells. Plain class: a dataclass costs 0.5 ms to create at
    import, a tenth of what `roadmaps status` may add to Python's start-up (design §7).

    Three kinds of column matter to a grid that `fits` (design §4): a `no_wrap` column (ids,
    dates, numbers) keeps its widest line and never shrinks; a `keep_words` column (titles,
    notes, lists of ids) wraps between words but never below its longest word, so no word is
    ever cut or folded; a `spill` column (the last, holding URLs) wraps its prose and lets a
    word longer than the column run past the edge whole. `drop` ranks the columns a grid may
    leave out when it cannot fit (lowest first); None is never dropped."""

    __slots__ = (
        "drop",
        "header",
        "justify",
        "keep_words",
        "min_width",
        "no_wrap",
        "overflow",
        "spill",
        "squeeze_first",
        "style",
    )

    def __init__(
        self,
        header: str = "",
        justify: Justify = "left",
        no_wrap: bool = False,
        overflow: Overflow = "ellipsis",
        min_width: int | None = None,
        style: str = "",
        keep_words: bool = False,
        spill: bool = False,
        drop: int | None = None,
        squeeze_first: bool = False,
    ) -> None:
        self.header = header
        self.justify = justify
        self.no_wrap = no_wrap
        self.overflow = overflow
        self.min_width = min_width
        self.style = style
        self.keep_words = keep_words
        self.spill = spill
        self.drop = drop
        # A list of ids narrows to its longest id before prose gives way: one more line of
        # ids costs a reader less than a title squeezed to a word a line.
        self.squeeze_first = squeeze_first


class Grid:
    """A table without borders: columns apart by `gap` spaces, a bold header ruled by a line
    when `fancy` (the terminal), plain text otherwise."""

    __slots__ = (
        "blocks",
        "caption",
        "caption_of",
        "columns",
        "fancy",
        "fit",
        "gap",
        "pad_left",
        "rows",
        "separators",
        "show_header",
        "title",
    )

    def __init__(
        self,
        columns: list[Column],
        title: str | None = None,
        fancy: bool = False,
        show_header: bool = True,
        gap: int = 2,
        pad_left: int = 1,
        fit: bool = False,
        blocks: bool = True,
    ) -> None:
        self.columns = columns
        self.title = title
        self.fancy = fancy
        self.show_header = show_header
        self.gap = gap  # blank cells between columns, as the cells' padding
        self.pad_left = pad_left  # of the gap, the part Rich counts in the right-hand column
        # `fit`: lay out by the column kinds (never cut a word), dropping columns and then,
        # if `blocks`, turning each row into a block when the table cannot fit. Otherwise
        # Rich's own layout, which may cut.
        self.fit = fit
        self.blocks = blocks
        # On a terminal a blank vertical line parts the columns; a fitted table gives it up
        # before it gives up a column.
        self.separators = True
        # A line under the table that explains one column (the bars' legend): shown only
        # while that column is.
        self.caption: RenderableType | None = None
        self.caption_of = 0
        self.rows: list[list[RenderableType]] = []

    @classmethod
    def of(cls, *headers: str, title: str | None = None, fancy: bool = False) -> Grid:
        return cls(
            [Column(h) for h in headers], title=title, fancy=fancy, show_header=bool(headers)
        )

    def add_row(self, *cells: RenderableType) -> None:
        self.rows.append([Text(c) if isinstance(c, str) else c for c in cells])

    # -- layout --------------------------------------------------------------------------------

    def _cells(self, index: int) -> Iterator[RenderableType]:
        if self.show_header:
            yield Text(self.columns[index].header)
        for row in self.rows:
            yield row[index] if index < len(row) else Text("")

    def _pads(self, index: int) -> int:
        """The padding Rich counts in a column's width: none at the table's outer edges."""
        last = len(self.columns) - 1
        return (self.pad_left if index > 0 else 0) + (
            self.gap - self.pad_left if index < last else 0
        )

    def _measure(
        self,
        console: Console,
        options: ConsoleOptions,
        index: int,
        max_width: int,
        minimum: bool = False,
    ) -> Measurement:
        """A column's (minimum, maximum) width with padding. Layout needs only maxima; the
        minimum (longest word) is measured only when asked, for a table nested in another."""
        if max_width < 1:
            return Measurement(0, 0)
        pads = self._pads(index)
        low = high = 0
        for cell in self._cells(index):
            if max_width - pads < 1:
                a = b = max_width
            else:
                a, b = _measure_cell(console, options, cell, max_width, minimum)
                a, b = min(a + pads, max_width), min(b + pads, max_width)
            low, high = max(low, a), max(high, b)
        if not self.rows and not self.show_header:
            low, high = 1, max_width
        column = self.columns[index]
        if column.min_width is not None:
            floor = column.min_width + pads
            low, high = max(low, floor), max(high, floor)
        return Measurement(low, high)

    def _widths(self, console: Console, options: ConsoleOptions, max_width: int) -> list[int]:
        n = len(self.columns)
        widths = [self._measure(console, options, i, max_width).maximum or 1 for i in range(n)]
        if sum(widths) > max_width:
            wrapable = [not c.no_wrap for c in self.columns]
            widths = _collapse(widths, wrapable, max_width)
            if sum(widths) > max_width:
                widths = _reduce(sum(widths) - max_width, [1] * n, widths, widths)
            widths = [
                self._measure(console, options, i, w).maximum or 0 for i, w in enumerate(widths)
            ]
        return widths

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        extra = self._extra
        if options.max_width < 0:
            return Measurement(0, 0)
        width = sum(self._widths(console, options, options.max_width - extra))
        found = [
            self._measure(console, options, i, width, minimum=True)
            for i in range(len(self.columns))
        ]
        return Measurement(
            sum(m.minimum for m in found) + extra, sum(m.maximum for m in found) + extra
        )

    @property
    def _extra(self) -> int:
        """Characters outside the cells: the box's vertical lines between columns."""
        return len(self.columns) - 1 if self.fancy and self.separators and self.columns else 0

    # -- rendering -----------------------------------------------------------------------------

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.columns:
            yield Segment("\n")
            return
        if self.fit:
            yield from self._fitted(console, options)
            return
        widths = self._widths(console, options, options.max_width - self._extra)
        yield from self._render(console, options, widths)

    def _render(
        self, console: Console, options: ConsoleOptions, widths: list[int]
    ) -> Iterator[Segment]:
        table_width = sum(widths) + self._extra
        if self.title:
            title = Text(self.title, style="bold" if self.fancy else "")
            # Rich wraps a title to its table; a fitted table's title is a heading, folded
            # only when the console itself is too narrow for it.
            width = (
                max(table_width, min(title.cell_len, options.max_width))
                if self.fit
                else table_width
            )
            yield from console.render(
                title, options.update(width=width, justify="left", height=None)
            )
        bold = Style(bold=True) if self.fancy else None
        if self.show_header:
            header = [Text(c.header) for c in self.columns]
            yield from self._row(console, header, widths, [bold] * len(widths), bottom=True)
            if self.fancy:
                yield Segment(("-" if options.ascii_only else "─") * table_width)
                yield Segment.line()
        styles = [console.get_style(c.style) if c.style else None for c in self.columns]
        for row in self.rows:
            yield from self._row(console, row, widths, styles)

    # -- fitting: whole columns dropped, then one block per row ---------------------------

    def _fitted(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        plan = self._fit(console, options, options.max_width)
        if plan is None:
            yield from self._blocks(console, options)
        else:
            yield from self._shown(console, options, *plan)
        if self.caption is not None and (plan is None or self.caption_of in plan[1]):
            yield from console.render(self.caption, options)

    def _shown(
        self,
        console: Console,
        options: ConsoleOptions,
        separators: bool,
        visible: list[int],
        widths: list[int],
    ) -> Iterator[Segment]:
        if len(visible) == len(self.columns) and separators == self.separators:
            yield from self._render(console, options, widths)
            return
        shown = Grid(
            [self.columns[i] for i in visible],
            title=self.title,
            fancy=self.fancy,
            show_header=self.show_header,
            gap=self.gap,
            pad_left=self.pad_left,
            fit=self.fit,
        )
        shown.separators = separators
        shown.rows = [[row[i] if i < len(row) else Text("") for i in visible] for row in self.rows]
        yield from shown._render(console, options, widths)

    def _fit(
        self, console: Console, options: ConsoleOptions, max_width: int
    ) -> tuple[bool, list[int], list[int]] | None:
        """Whether the terminal's separators stay, the columns to show and their widths
        (padding included); or None for blocks.

        Each column's floor is the narrowest it may be without cutting a word: its widest
        line when it does not wrap, its longest word when it keeps words. While the floors
        and the gaps exceed the width, the separators go first, then the column with the
        lowest `drop` rank; when none is left to drop, None. Otherwise the widest wrapping
        columns give way in turn, never below their floors."""
        measured = [self._content(console, options, i) for i in range(len(self.columns))]
        floors = [self._floor(i, *measured[i]) for i in range(len(self.columns))]
        visible = list(range(len(self.columns)))
        separators = self.fancy and self.separators
        while True:
            spare = max_width - self._between(len(visible), separators)
            if sum(floors[i] for i in visible) <= spare:
                break
            if separators:
                separators = False
                continue
            droppable = [i for i in visible[1:] if self.columns[i].drop is not None]
            if not droppable:
                if self.blocks:
                    return None
                break  # nothing else to do: lay out at the floors and let words spill
            visible.remove(min(droppable, key=lambda i: (self.columns[i].drop or 0, -i)))
        widths = [max(measured[i][1], floors[i], self.columns[i].min_width or 0) for i in visible]
        low = [floors[i] for i in visible]
        excess = sum(widths) - spare
        first = [k for k, i in enumerate(visible) if self.columns[i].squeeze_first]
        for k in first:
            taken = min(excess, widths[k] - low[k])
            if taken > 0:
                widths[k] -= taken
                excess -= taken
        while excess > 0:  # the widest column that can give way gives a cell, in turn
            slack = [k for k in range(len(widths)) if widths[k] > low[k]]
            if not slack:
                break
            widest = max(slack, key=lambda k: (widths[k], -k))
            widths[widest] -= 1
            excess -= 1
        last = len(visible) - 1
        padded = [
            w + (self.pad_left if j > 0 else 0) + (self.gap - self.pad_left if j < last else 0)
            for j, w in enumerate(widths)
        ]
        return separators or not self.fancy, visible, padded

    def _between(self, n: int, separators: bool) -> int:
        """Cells between `n` columns: the gaps, and on a terminal the blank vertical lines."""
        return (n - 1) * (self.gap + (1 if separators else 0)) if n else 0

    def _content(self, console: Console, options: ConsoleOptions, index: int) -> tuple[int, int]:
        """(longest word, longest line) over the column's cells and header, unpadded."""
        low = high = 0
        for cell in self._cells(index):
            a, b = _measure_cell(console, options, cell, 10**6, True)
            low, high = max(low, a, _first_words(cell)), max(high, b)
        return low, high

    def _floor(self, index: int, word: int, line: int) -> int:
        column = self.columns[index]
        least = column.min_width or 0
        if column.no_wrap:
            return max(line, least)
        if column.spill:  # words up to SPILL_AFTER cells stay in the column; longer run on
            return min(line, max(least, min(word, SPILL_AFTER)))
        if column.keep_words:  # min_width counts as content, as in Rich
            return max(word, least) if line else least
        return min(line, max(least, 1))

    def _blocks(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """One block per row: the first cell on a line of its own, then each other column's
        non-empty cell under its header, indented; a blank line between rows."""
        if self.title:
            title = Text(self.title, style="bold" if self.fancy else "")
            yield from console.render(title, options.update(justify="left", height=None))
        label_style = "bold" if self.fancy else ""
        inner = options.update_width(max(options.max_width - 2, 1))
        first = self.columns[0]
        label_width = max(_width(c.header or first.header) for c in self.columns[1:] or [first])
        for number, row in enumerate(self.rows):
            if number:
                yield Segment.line()
            heading = Grid(
                [Column(keep_words=True, spill=True)], show_header=False, fit=True, blocks=False
            )
            heading.add_row(row[0] if row else Text(""))
            yield from console.render(heading, options)
            fields = Grid(
                [
                    Column(no_wrap=True, style=label_style, min_width=label_width),
                    Column(keep_words=True, spill=True, justify="left"),
                ],
                show_header=False,
                pad_left=0,
                fit=True,
                blocks=False,
            )
            for index, column in enumerate(self.columns[1:], start=1):
                cell = row[index] if index < len(row) else Text("")
                if isinstance(cell, Text) and cell.plain.strip() in ("", "-"):
                    continue  # nothing to say: a block leaves the line out
                fields.add_row(Text(column.header or first.header), cell)
            for line in Segment.split_lines(console.render(fields, inner)):
                yield Segment("  ")
                yield from line
                yield Segment.line()

    def _row(
        self,
        console: Console,
        cells: Sequence[RenderableType],
        widths: Sequence[int],
        styles: Sequence[Style | None],
        bottom: bool = False,
    ) -> Iterator[Segment]:
        """Each cell with its padding, cropped to its column's width as Rich crops it (a
        column collapsed to nothing loses its padding too); the terminal's blank vertical
        line between columns. Header cells sit on the rule, as in Rich."""
        last = len(widths) - 1
        rendered = []
        for index, width in enumerate(widths):
            left = self.pad_left if index > 0 else 0
            right = self.gap - self.pad_left if index < last else 0
            content = width - left - right
            cell = cells[index] if index < len(cells) else Text("")
            column = self.columns[index]
            lines = _cell_lines(console, cell, content, column) if content > 0 else [[]]
            if column.spill:  # padded to the width, never cropped: a long URL runs on whole
                lines = [_padded([Segment(" " * left), *line], width) for line in lines]
            elif left or right or content < 0:
                lines = [
                    Segment.adjust_line_length(
                        [Segment(" " * left), *line, Segment(" " * right)], width
                    )
                    for line in lines
                ]
            style = styles[index]
            if style is not None:
                lines = [list(Segment.apply_style(line, style)) for line in lines]
            rendered.append(lines)
        height = max(len(lines) for lines in rendered)
        vertical = [Segment(" ")] if self.fancy and self.separators else []
        for k in range(height):
            line: list[Segment] = []
            for index, lines in enumerate(rendered):
                if index:
                    line += vertical
                at = k - (height - len(lines)) if bottom else k
                if 0 <= at < len(lines):
                    line += lines[at]
                else:
                    line.append(Segment(" " * widths[index]))
            yield from _merged(line)
            yield Segment.line()


def _merged(line: list[Segment]) -> Iterator[Segment]:
    """Neighbouring segments of one style as one: the console's work is per segment, and a
    row of padded cells is a dozen segments that are mostly plain spaces and text."""
    text, style = "", None
    for segment in line:
        if segment.style is style:
            text += segment.text
            continue
        if text:
            yield Segment(text, style)
        text, style = segment.text, segment.style
    if text:
        yield Segment(text, style)


def _width(text: str) -> int:
    """Terminal cells: one per character for ASCII (Text has no control codes left)."""
    return len(text) if text.isascii() else cell_len(text)


def _first_words(cell: RenderableType) -> int:
    """The widest first word of a line with the blanks before it: Rich wraps a line's leading
    blanks together with its first word, so a column narrower than that would cut the word."""
    if not isinstance(cell, Text):
        return 0
    starts = (_LEADING_WORD.match(line) for line in cell.plain.splitlines())
    return max((_width(m.group()) for m in starts if m), default=0)


_LEADING_WORD = re.compile(r"\s*\S+")


def _measure_cell(
    console: Console,
    options: ConsoleOptions,
    cell: RenderableType,
    max_width: int,
    minimum: bool,
) -> tuple[int, int]:
    """(longest word, longest line), as Rich measures text; other renderables ask Rich."""
    if isinstance(cell, Text):
        plain = cell.plain
        if "\n" in plain:
            longest = max(_width(line) for line in plain.splitlines())
        else:
            longest = _width(plain)
        words = plain.split() if minimum else ()
        shortest = max(_width(w) for w in words) if words else longest
        low, high = min(shortest, longest), longest
        return min(low, max_width), min(high, max_width)
    found = Measurement.get(console, options.update_width(max_width), cell)
    return found.minimum, found.maximum


def _cell_lines(
    console: Console, cell: RenderableType, width: int, column: Column
) -> list[list[Segment]]:
    if isinstance(cell, Text):
        plain = cell.plain
        used = _width(plain)
        fits = "\n" not in plain and "\t" not in plain and used <= width
        if fits and (column.justify == "left" or not plain[-1:].isspace()):
            # The common cell: one line that fits. Rich pads it inside the text's own style
            # (and strips a right-justified cell's trailing spaces first).
            style = console.get_style(cell.style) if cell.style else None
            pad = Segment(" " * (width - used), style)
            segments = _segments(console, cell)
            return [[*segments, pad] if column.justify == "left" else [pad, *segments]]
        if column.spill:
            return [_padded(_segments(console, line), width) for line in _spilled(cell, width)]
        lines = cell.wrap(
            console,
            width,
            justify=column.justify,
            overflow=column.overflow,
            no_wrap=column.no_wrap,
        )
        return [Segment.adjust_line_length(_segments(console, line), width) for line in lines]
    options = console.options.update(
        width=width,
        justify=column.justify,
        no_wrap=column.no_wrap,
        overflow=column.overflow,
        height=None,
    )
    return console.render_lines(cell, options, pad=True)


_WORD = re.compile(r"\s*\S+\s*")


def _spilled(text: Text, width: int) -> list[Text]:
    """`text` wrapped between words at `width`, as Rich wraps it, except that a word longer
    than the width stays whole on a line of its own (Rich would fold or crop it)."""
    lines: list[Text] = []
    for line in text.split(allow_blank=True):
        breaks: list[int] = []
        column = 0
        for word in _WORD.finditer(line.plain):
            size = _width(word.group().rstrip())
            if column and column + size > width:
                breaks.append(word.start())
                column = _width(word.group())
            else:
                column += _width(word.group())
        for part in line.divide(breaks):
            part.rstrip_end(width)
            part.rstrip()
            lines.append(part)
    return lines


def _padded(line: list[Segment], width: int) -> list[Segment]:
    """The line padded to `width`; a longer line is kept whole, never cropped."""
    used = Segment.get_line_length(line)
    return [*line, Segment(" " * (width - used))] if used < width else line


def _segments(console: Console, text: Text) -> list[Segment]:
    if text.spans:
        return list(text.render(console))
    style = console.get_style(text.style) if text.style else None
    return [Segment(text.plain, style)]


def _collapse(widths: list[int], wrapable: Sequence[bool], max_width: int) -> list[int]:
    """Narrow the widest wrapping columns to the next widest, in turn, until the table fits
    (Rich's `Table._collapse_widths`)."""
    total = sum(widths)
    excess = total - max_width
    if not any(wrapable):
        return widths
    while total and excess > 0:
        widest = max(w for w, can in zip(widths, wrapable, strict=True) if can)
        second = max(
            w if can and w != widest else 0 for w, can in zip(widths, wrapable, strict=True)
        )
        ratios = [
            1 if (w == widest and can) else 0 for w, can in zip(widths, wrapable, strict=True)
        ]
        if not any(ratios) or not widest - second:
            break
        widths = _reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        total = sum(widths)
        excess = total - max_width
    return widths


def _reduce(
    total: int, ratios: Iterable[int], maximums: Sequence[int], values: Sequence[int]
) -> list[int]:
    """Take `total` off `values` in proportion to `ratios`, no slot more than its maximum
    (Rich's `ratio_reduce`, rounding included)."""
    weights = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    remaining_weight = sum(weights)
    if not remaining_weight:
        return list(values)
    remaining = total
    result = []
    for weight, maximum, value in zip(weights, maximums, values, strict=True):
        if weight and remaining_weight > 0:
            taken = min(maximum, round(weight * remaining / remaining_weight))
            result.append(value - taken)
            remaining -= taken
            remaining_weight -= weight
        else:
            result.append(value)
    return result
