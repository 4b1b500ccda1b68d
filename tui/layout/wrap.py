"""One line (or piece of a line) wrapped at a width: rows, cells and positions."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate, pairwise

from tui.layout.glyphs import INK, TAB, clusters, is_simple, plain_widths

TAB_SIZE = 4
"""Tab stops every 4 cells: prose rarely aligns on tabs, and 8 wastes a narrow terminal."""


def fast_row_starts(line: str, width: int, cells: list[int] | None = None) -> list[int]:
    """Row starts found with ``str.rfind`` and bisects instead of a loop over characters.

    For lines where each code point is its own cluster, only U+0020 is breakable and there
    are no tabs. ``cells`` holds cumulative widths (``cells[i]``: cells before code point
    ``i``); None means one cell per code point. Gives exactly what ``wrap_clusters`` gives
    for the same line (a property test checks).
    """
    limit_cells = max(1, width - 1)
    count = len(line)
    rows = [0]
    start = 0
    if cells is None:
        while count - start > limit_cells:
            start = _fast_row_end(line, start, start + limit_cells, start + width)
            if start >= count:  # the rest ends in spaces: the last one starts a row, so the
                rows.append(count - 1)  # line end after it has a cell for the cursor
                break
            rows.append(start)
        return rows
    while cells[count] - cells[start] > limit_cells and count - start > 1:
        ink_end = bisect_right(cells, cells[start] + limit_cells) - 1
        row_end = bisect_right(cells, cells[start] + width) - 1
        start = _fast_row_end(line, start, ink_end, row_end)
        if start >= count:  # as above: the last space starts a row
            rows.append(count - 1)
            break
        rows.append(start)
    return rows


def _fast_row_end(line: str, start: int, ink_end: int, row_end: int) -> int:
    """Where a row starting at ``start`` ends, given how far ink and spaces may reach."""
    space = line.rfind(" ", start, ink_end + 1)
    if space < 0:
        return max(ink_end, start + 1)
    end = space + 1
    while end < row_end and line[end] == " ":
        end += 1
    return max(start + 1, min(end, row_end))


def wrap_clusters(
    widths: list[int], kinds: list[int], width: int, tab_size: int
) -> tuple[list[int], list[int]]:
    """Greedy word wrap over clusters; returns each cluster's column and each row's first cluster.

    Resolves tab widths in place (they depend on the column).
    """
    wrap = _Wrap(widths, kinds, width, tab_size)
    index = 0
    while index < len(widths):
        index = wrap.spaces(wrap.word(index))
    return wrap.cols, wrap.row_first


class _Wrap:
    """The state of ``wrap_clusters``: each cluster's column, each row's first cluster."""

    def __init__(self, widths: list[int], kinds: list[int], width: int, tab_size: int) -> None:
        self.widths = widths
        self.kinds = kinds
        self.width = width
        self.limit = max(1, width - 1)
        self.tab_size = tab_size
        self.cols = [0] * len(widths)
        self.row_first = [0]
        self.col = 0

    def new_row(self, cluster: int) -> None:
        self.row_first.append(cluster)
        self.col = 0

    def word(self, index: int) -> int:
        """Place the run of ink from ``index`` (on a new row if it does not fit; broken between
        clusters if it is longer than a row); returns where it ends."""
        widths, kinds, count = self.widths, self.kinds, len(self.widths)
        end = index
        ink = 0
        while end < count and kinds[end] == INK:
            ink += widths[end]
            end += 1
        if self.col + ink > self.limit and self.col > 0 and end > index:
            self.new_row(index)
        for cluster in range(index, end):
            if self.col + widths[cluster] > self.limit and self.col > 0:
                self.new_row(cluster)
            self.cols[cluster] = self.col
            self.col += widths[cluster]
        return end

    def spaces(self, end: int) -> int:
        """Place the run of spaces and tabs from ``end``; returns where it ends."""
        widths, kinds, count = self.widths, self.kinds, len(self.widths)
        while end < count and kinds[end] != INK:
            # Spaces may hang into the last column, except the last cluster: the line-end
            # position after it (where the cursor can stand) needs a cell of its own.
            room = self.limit if end == count - 1 else self.width
            if kinds[end] == TAB:
                self.tab(end, room)
            elif self.col + widths[end] > room and self.col > 0:
                self.new_row(end)
            self.cols[end] = self.col
            self.col += widths[end]
            end += 1
        return end

    def tab(self, cluster: int, room: int) -> None:
        """A tab reaches the next tab stop, or the edge (at least one cell even where room is
        exhausted)."""
        if self.col >= room and self.col > 0:
            self.new_row(cluster)
        self.widths[cluster] = max(
            1, min(self.tab_size - self.col % self.tab_size, room - self.col)
        )


class LineLayout:
    """The exact wrap of one line (or piece of a line) at one width.

    Offsets and rows here are relative to the line. Three shapes, cheapest first: *simple*
    lines (one cell per code point) keep only their row starts; *plain* lines (one cluster
    per code point, some wide) add cumulative cell counts; others keep per-cluster arrays.
    """

    __slots__ = (
        "_cells",
        "_cols",
        "_glyphs",
        "_row_first",
        "_starts",
        "_widths",
        "ends_line",
        "row_starts",
        "text",
        "width",
    )

    def __init__(
        self,
        text: str,
        width: int,
        *,
        ends_line: bool = True,
        tab_size: int = TAB_SIZE,
        fast: bool = True,
    ) -> None:
        self.text = text
        self.width = max(1, width)
        self.ends_line = ends_line
        """Whether the offset after the last code point is a position (a newline or the end)."""
        self._cells: array[int] | None = None
        self._starts: list[int] | None = None
        self._cols: list[int] = []
        self._widths: list[int] = []
        self._glyphs: list[str] = []
        self._row_first: list[int] = []
        if fast and is_simple(text):
            self.row_starts = fast_row_starts(text, self.width)
            return
        widths = plain_widths(text) if fast else None
        if widths is not None:
            cells = [0, *accumulate(widths)]
            self.row_starts = fast_row_starts(text, self.width, cells)
            self._cells = array("i", cells)
            return
        self._cluster(text, tab_size)

    def _cluster(self, text: str, tab_size: int) -> None:
        """Lay out cluster by cluster (tabs, controls, combining and joining characters)."""
        starts, glyphs, widths, kinds = clusters(text)
        cols, row_first = wrap_clusters(widths, kinds, self.width, tab_size)
        for cluster, kind in enumerate(kinds):
            if kind == TAB:
                glyphs[cluster] = " " * widths[cluster]
        starts.append(len(text))
        cols.append(0)
        row_first.append(len(widths))
        self._starts, self._cols, self._widths = starts, cols, widths
        self._glyphs, self._row_first = glyphs, row_first
        self.row_starts = [starts[first] for first in row_first[:-1]]

    @property
    def row_count(self) -> int:
        return len(self.row_starts)

    @property
    def is_simple(self) -> bool:
        return self._starts is None and self._cells is None

    @property
    def weight(self) -> int:
        """Roughly how much memory this layout holds, in code points' worth."""
        return 1 if self.is_simple else len(self.text)

    def _cell(self, offset: int) -> int:
        """Cells before ``offset`` on its line (one-cluster-per-code-point shapes only)."""
        return offset if self._cells is None else self._cells[offset]

    def row_range(self, row: int) -> tuple[int, int]:
        """Code points [start, end) shown on ``row``."""
        starts = self.row_starts
        end = starts[row + 1] if row + 1 < len(starts) else len(self.text)
        return starts[row], end

    def row_cells(self, row: int) -> int:
        """Cells used by ``row``."""
        start, end = self.row_range(row)
        if self._starts is None:
            return self._cell(end) - self._cell(start)
        first, last = self._row_first[row], self._row_first[row + 1]
        return sum(self._widths[first:last])

    def row_of(self, offset: int) -> int:
        """The row showing ``offset`` (a row boundary belongs to the later row)."""
        return max(0, bisect_right(self.row_starts, offset) - 1)

    def cluster_start(self, offset: int) -> int:
        """The position at or before ``offset``: the start of its cluster, or the line end."""
        offset = max(0, min(offset, len(self.text)))
        if self._starts is None or offset >= len(self.text):
            return offset
        return self._starts[bisect_right(self._starts, offset) - 1]

    def cluster_end(self, offset: int) -> int:
        """The position after the cluster holding ``offset`` (the line length at the end)."""
        if offset >= len(self.text):
            return len(self.text)
        if self._starts is None:
            return max(0, offset) + 1
        return self._starts[bisect_right(self._starts, offset)]

    def offset_to_cell(self, offset: int) -> tuple[int, int]:
        """(row, column) of the first cell of the cluster holding ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        if offset == len(self.text):
            row = self.row_count - 1
            return row, self.row_cells(row)
        row = self.row_of(offset)
        if self._starts is None:
            return row, self._cell(offset) - self._cell(self.row_starts[row])
        return row, self._cols[bisect_right(self._starts, offset) - 1]

    def cell_to_offset(self, row: int, col: int) -> int:
        """The position shown at (row, col); see the module docstring for cells past the end."""
        row = max(0, min(row, self.row_count - 1))
        start, end = self.row_range(row)
        if col <= 0 or start == end:
            return start
        shown = self._shown_at(row, col, start, end)
        if shown is not None:
            return shown
        if row == self.row_count - 1 and self.ends_line:
            return end
        return self.cluster_start(end - 1)

    def _shown_at(self, row: int, col: int, start: int, end: int) -> int | None:
        """The start of what is drawn in cell ``col`` of a row; None past its last glyph."""
        if self._starts is not None:
            first, last = self._row_first[row], self._row_first[row + 1]
            cluster = bisect_right(self._cols, col, first, last) - 1
            inside = col < self._cols[cluster] + self._widths[cluster]
            return self._starts[cluster] if inside else None
        if self._cells is None:
            return start + col if col < end - start else None
        cells = self._cells
        target = cells[start] + col
        offset = bisect_right(cells, target, start, end) - 1
        return offset if target < cells[offset + 1] else None

    def row_runs(self, row: int, cuts: Iterable[int]) -> list[tuple[int, str, int]]:
        """Display text of ``row`` split at ``cuts``: a list of (offset, text, cells).

        A cut inside a cluster moves to the next cluster start: a cluster is drawn in the
        style of the code point it starts with.
        """
        start, end = self.row_range(row)
        if self._starts is None:
            text, cell = self.text, self._cell
            bounds = [start, *(cut for cut in cuts if start < cut < end), end]
            return [(a, text[a:b], cell(b) - cell(a)) for a, b in pairwise(bounds) if b > a]
        return self._cluster_runs(row, [cut for cut in cuts if start < cut < end])

    def _cluster_runs(self, row: int, cuts: list[int]) -> list[tuple[int, str, int]]:
        """``row_runs`` where clusters are kept: each cut moved to the cluster start at or
        after it."""
        starts, glyphs, widths = self._starts, self._glyphs, self._widths
        assert starts is not None
        first, last = self._row_first[row], self._row_first[row + 1]
        indices = [first]
        for cut in cuts:
            cluster = bisect_left(starts, cut, first, last)
            if cluster > indices[-1]:
                indices.append(cluster)
        indices.append(last)
        return [
            (starts[a], "".join(glyphs[a:b]), sum(widths[a:b]))
            for a, b in pairwise(indices)
            if b > a
        ]

    def row_text(self, row: int) -> str:
        """Everything ``row`` sends to the terminal."""
        return "".join(text for _, text, _ in self.row_runs(row, ()))


def count_rows(text: str, width: int, tab_size: int = TAB_SIZE) -> int:
    """How many rows ``text`` wraps to; cheap unless it has tabs or combining characters."""
    width = max(1, width)
    if is_simple(text):
        return len(fast_row_starts(text, width))
    widths = plain_widths(text)
    if widths is not None:
        return len(fast_row_starts(text, width, [0, *accumulate(widths)]))
    return LineLayout(text, width, tab_size=tab_size).row_count


def estimate_rows(length: int, width: int) -> int:
    """A guess at the rows a line of ``length`` code points needs, refined later."""
    limit_cells = max(1, width - 1)
    if length <= limit_cells:
        return 1
    per_row = max(1, limit_cells - limit_cells // 16)
    return -(-length // per_row)
