"""A whole text laid out at one width: lines cut into units, row counts estimated and made
exact on demand (or by a worker), and offsets mapped to (row, column) and back."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from itertools import accumulate

from rich.cells import get_character_cell_size

from tui.layout.glyphs import ZWJ, is_picture, is_simple, joinable
from tui.layout.wrap import TAB_SIZE, LineLayout, count_rows, estimate_rows

MAX_PIECE = 4096
"""Longest stretch of a line laid out in one go (code points)."""

CACHE_WEIGHT = 400_000
"""Code points of non-simple lines whose per-cluster layouts a DocumentLayout keeps."""


def _is_cluster_start(line: str, index: int) -> bool:
    """Whether a piece may begin at ``index`` without splitting a cluster."""
    char = line[index]
    if char == "\t" or is_picture(ord(char)):
        return True
    if get_character_cell_size(char) == 0:
        return False
    return not (index > 0 and line[index - 1] == ZWJ and joinable(char))


def _piece_starts(line: str, max_piece: int) -> list[int]:
    """Where to cut an over-long line: after a space near the limit, else between clusters."""
    cuts = [0]
    start = 0
    length = len(line)
    while length - start > max_piece:
        limit = start + max_piece
        space = line.rfind(" ", start + max_piece // 2, limit)
        cut = space + 1 if space >= 0 else limit
        while cut < length and not _is_cluster_start(line, cut):
            cut += 1
        if cut >= length:
            break
        cuts.append(cut)
        start = cut
    return cuts


def split_units(text: str, max_piece: int = MAX_PIECE) -> tuple[list[int], list[int], list[bool]]:
    """Split text into layout units: lines, with over-long lines cut into pieces.

    Returns (starts, ends, ends_line): unit ``i`` is ``text[starts[i]:ends[i]]``; ``ends_line``
    says whether its end is a position of its own (a newline or the end of the text) rather
    than the start of the next piece.
    """
    lengths = [len(line) for line in text.split("\n")]
    line_starts = [0, *accumulate(length + 1 for length in lengths)]
    if max(lengths) <= max_piece:
        line_ends = [start + length for start, length in zip(line_starts, lengths, strict=False)]
        return line_starts[:-1], line_ends, [True] * len(lengths)
    starts: list[int] = []
    ends: list[int] = []
    ends_line: list[bool] = []
    for line_start, length in zip(line_starts, lengths, strict=False):
        if length <= max_piece:
            starts.append(line_start)
            ends.append(line_start + length)
            ends_line.append(True)
            continue
        cuts = _piece_starts(text[line_start : line_start + length], max_piece)
        for a, b in zip(cuts, [*cuts[1:], length], strict=True):
            starts.append(line_start + a)
            ends.append(line_start + b)
            ends_line.append(b == length)
    return starts, ends, ends_line


class RowIndex:
    """Row counts per unit with prefix sums in two levels (blocks), so that both a single
    change and a bulk refinement are cheap, and y -> unit is a bisect.
    """

    BLOCK = 128

    def __init__(self, counts: Sequence[int]) -> None:
        self._counts = list(counts)
        block = self.BLOCK
        self._block_sums = [
            sum(self._counts[i : i + block]) for i in range(0, len(self._counts), block)
        ]
        self._block_starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self._counts)

    def _starts(self) -> list[int]:
        if self._block_starts is None:
            self._block_starts = [0, *accumulate(self._block_sums)]
        return self._block_starts

    @property
    def total(self) -> int:
        return self._starts()[-1]

    def count(self, unit: int) -> int:
        return self._counts[unit]

    def set(self, unit: int, count: int) -> bool:
        """Set a unit's row count; True if it changed."""
        delta = count - self._counts[unit]
        if not delta:
            return False
        self._counts[unit] = count
        self._block_sums[unit // self.BLOCK] += delta
        self._block_starts = None
        return True

    def first_row(self, unit: int) -> int:
        """Rows before ``unit``."""
        block = unit // self.BLOCK
        return self._starts()[block] + sum(self._counts[block * self.BLOCK : unit])

    def locate(self, y: int) -> tuple[int, int]:
        """(unit, row within unit) of global row ``y``, clamped to the text."""
        starts = self._starts()
        y = max(0, min(y, starts[-1] - 1))
        block = bisect_right(starts, y) - 1
        first = block * self.BLOCK
        sums = list(accumulate(self._counts[first : first + self.BLOCK]))
        inner = bisect_right(sums, y - starts[block])
        before = sums[inner - 1] if inner else 0
        return first + inner, y - starts[block] - before


class DocumentLayout:
    """The layout of a whole text at one width: units, rows, and offset <-> (y, col).

    Row counts start as estimates and become exact as units are laid out (on demand, or in
    bulk via ``apply_counts`` from a background pass), so loading a large text costs one pass
    over its line lengths. Every method is self-consistent at any moment; y values of rows
    below an estimated unit can shift when it is refined.
    """

    def __init__(
        self,
        text: str,
        width: int,
        *,
        tab_size: int = TAB_SIZE,
        max_piece: int = MAX_PIECE,
        cache_size: int = 2048,
    ) -> None:
        self.text = text
        self.width = max(1, width)
        self.tab_size = tab_size
        self.starts, self.ends, self.ends_line = split_units(text, max_piece)
        width = self.width
        self.rows = RowIndex(
            [estimate_rows(e - s, width) for s, e in zip(self.starts, self.ends, strict=True)]
        )
        limit_cells = max(1, width - 1)
        self._exact = bytearray(
            1 if e - s <= limit_cells and is_simple(text[s:e]) else 0
            for s, e in zip(self.starts, self.ends, strict=True)
        )
        self._cache: OrderedDict[int, LineLayout] = OrderedDict()
        self._cache_size = cache_size
        self._cache_weight = 0

    # ---------------------------------------------------------------- units and rows

    @property
    def unit_count(self) -> int:
        return len(self.starts)

    @property
    def total_rows(self) -> int:
        return self.rows.total

    def unit_at(self, offset: int) -> int:
        """The unit showing ``offset`` (a newline belongs to the line before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def is_exact(self, unit: int) -> bool:
        return bool(self._exact[unit])

    def uncertain_units(self) -> list[int]:
        """Units whose row count is still an estimate."""
        exact = self._exact
        return [unit for unit in range(len(exact)) if not exact[unit]]

    def unit_text(self, unit: int) -> str:
        return self.text[self.starts[unit] : self.ends[unit]]

    def line_layout(self, unit: int) -> LineLayout:
        """The exact layout of a unit, from the cache or laid out now (making its count exact)."""
        cache = self._cache
        layout = cache.get(unit)
        if layout is not None:
            cache.move_to_end(unit)
            return layout
        layout = LineLayout(
            self.unit_text(unit),
            self.width,
            ends_line=self.ends_line[unit],
            tab_size=self.tab_size,
        )
        cache[unit] = layout
        self._cache_weight += layout.weight
        while len(cache) > 1 and (
            len(cache) > self._cache_size or self._cache_weight > CACHE_WEIGHT
        ):
            self._cache_weight -= cache.popitem(last=False)[1].weight
        self.rows.set(unit, layout.row_count)
        self._exact[unit] = 1
        return layout

    def apply_counts(self, counts: Iterable[tuple[int, int]]) -> bool:
        """Record exact row counts computed elsewhere; True if any changed."""
        changed = False
        rows, exact = self.rows, self._exact
        for unit, count in counts:
            if not exact[unit]:
                changed = rows.set(unit, count) or changed
                exact[unit] = 1
        return changed

    def wrap_all(self) -> None:
        """Make every row count exact now (fine for small texts)."""
        text, width, tab = self.text, self.width, self.tab_size
        self.apply_counts(
            (unit, count_rows(text[self.starts[unit] : self.ends[unit]], width, tab))
            for unit in self.uncertain_units()
        )

    def locate(self, y: int) -> tuple[int, int]:
        """(unit, row) of global row ``y``, laying units out until the answer is exact."""
        while True:
            unit, row = self.rows.locate(y)
            if self._exact[unit]:
                return unit, row
            self.line_layout(unit)

    def row_span(self, y: int) -> tuple[int, int]:
        """Code points [start, end) shown on global row ``y``."""
        unit, row = self.locate(y)
        start, end = self.line_layout(unit).row_range(row)
        base = self.starts[unit]
        return base + start, base + end

    # ---------------------------------------------------------------- offsets and points

    def offset_to_point(self, offset: int) -> tuple[int, int]:
        """(global row, column) of the cell showing ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        unit = self.unit_at(offset)
        layout = self.line_layout(unit)
        row, col = layout.offset_to_cell(offset - self.starts[unit])
        return self.rows.first_row(unit) + row, col

    def point_to_offset(self, y: int, col: int) -> int:
        """The position shown at (global row, column); rows past either end clamp."""
        if y < 0:
            return 0
        if y >= self.total_rows:
            return len(self.text)
        unit, row = self.locate(y)
        return self.starts[unit] + self.line_layout(unit).cell_to_offset(row, col)

    def snap(self, offset: int) -> int:
        """The position at or before ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        unit = self.unit_at(offset)
        base = self.starts[unit]
        return base + self.line_layout(unit).cluster_start(offset - base)

    def next_position(self, offset: int) -> int:
        """The position after the one at ``offset`` (past a newline to the next line)."""
        offset = self.snap(offset)
        if offset >= len(self.text):
            return len(self.text)
        unit = self.unit_at(offset)
        base = self.starts[unit]
        if offset >= self.ends[unit]:
            return self.starts[unit + 1]
        return base + self.line_layout(unit).cluster_end(offset - base)

    def previous_position(self, offset: int) -> int:
        """The position before the one at ``offset``."""
        offset = self.snap(offset)
        if offset <= 0:
            return 0
        unit = self.unit_at(offset)
        base = self.starts[unit]
        if offset > base:
            return base + self.line_layout(unit).cluster_start(offset - base - 1)
        before = unit - 1
        if self.ends_line[before]:
            return self.ends[before]
        last = self.ends[before] - 1
        return self.starts[before] + self.line_layout(before).cluster_start(
            last - self.starts[before]
        )
