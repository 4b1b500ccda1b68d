"""Pure layout of untrusted document text for a terminal: code points <-> cells, soft wrap.

The document view must show any text faithfully and safely, and map every code-point offset
to exactly one screen cell and back. Keeping that arithmetic here, free of Textual, makes it
testable as plain functions (see ``tests/unit/test_text_layout.py``).

The rules, which the widget and its tests rely on:

- **Display.** C0 controls (U+0000-U+001F except tab) show as their control pictures
  U+2400+n (ESC as ␛), DEL as ␡, C1 controls (U+0080-U+009F) and lone surrogates as U+FFFD,
  LINE SEPARATOR as ␤, PARAGRAPH SEPARATOR as ¶ and SOFT HYPHEN as ``-``. Invisible format
  characters (bidi controls, ZWSP, BOM, ...) stay in the text and keep their offsets but are
  never sent to the terminal. Nothing is ever parsed as markup.
- **Tabs** expand to the next multiple of ``TAB_SIZE`` (4) cells from the start of their
  display row; a tab that would cross the right edge is shortened to fit.
- **Clusters.** A cluster is what rich measures as one grapheme: a base character plus the
  zero-width characters after it (combining marks, VS16, ZWJ with the character it joins).
  A zero-width character with nothing before it on its line shows as ◌ in one cell.
  Wide (East Asian, emoji) clusters take two cells; widths come from ``rich.cells`` so they
  agree with how Textual measures the strips we hand it.
- **Wrapping.** Greedy word wrap at ``width`` cells. Ink (non-space) stays within
  ``width - 1`` cells so that one trailing space, or the cursor at the end of a line, fits in
  the last column. A word longer than a row is broken between clusters. Breakable spaces:
  U+0020, tab and the Unicode spaces other than the no-break ones.
- **Pieces.** Lines longer than ``MAX_PIECE`` code points are laid out in pieces cut after a
  space (or at a cluster boundary), so one huge line never costs more than one piece of work;
  a row may end early where a piece ends.
- **Positions** are cluster starts and line ends. offset -> (row, col) gives the first cell
  of the cluster holding the offset; (row, col) -> offset gives the cluster covering the cell
  (either half of a wide character, any cell of a tab), the line end past the end of a line's
  last row, and the last cluster of a wrapped row past its end (so the cursor stays on it).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import accumulate, compress, pairwise

from rich.cells import cached_cell_len, get_character_cell_size

TAB_SIZE = 4
"""Tab stops every 4 cells: prose rarely aligns on tabs, and 8 wastes a narrow terminal."""

MAX_PIECE = 4096
"""Longest stretch of a line laid out in one go (code points)."""

CACHE_WEIGHT = 400_000
"""Code points of non-simple lines whose per-cluster layouts a DocumentLayout keeps."""

ORPHAN_MARK = "\u25cc"
"""Dotted circle: the conventional base shown under a combining mark with nothing to sit on."""

_ZWJ = "\u200d"
_VS16 = "\ufe0f"
_INK, _SPACE, _TAB = 0, 1, 2

_PICTURES: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x09}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_PICTURES[0xAD] = "-"
_PICTURES[0x2028] = "\u2424"
_PICTURES[0x2029] = "\u00b6"

_BREAKABLE = frozenset(
    " \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
)
"""Spaces a row may break after; NBSP, FIGURE SPACE and NNBSP deliberately absent."""


def display_char(char: str) -> str:
    """What one code point looks like on screen when it stands alone (controls as pictures)."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if char == "\t":
        return " "
    return _PICTURES.get(code, char)


@cache
def _shows_zero_width(char: str) -> bool:
    """Zero-width characters worth sending to the terminal: marks and conjoining jamo only."""
    return char != _VS16 and unicodedata.category(char)[0] in "ML"


def _is_picture(code: int) -> bool:
    return code in _PICTURES or 0xD800 <= code <= 0xDFFF


def _joinable(char: str) -> bool:
    """Whether ZWJ may glue ``char`` into the cluster before it (as rich does)."""
    return (
        char != "\t"
        and not _is_picture(ord(char))
        and char not in _BREAKABLE
        and get_character_cell_size(char) > 0
    )


@cache
def _complex_pattern() -> re.Pattern[str]:
    """A regex finding any character the one-cell-per-code-point fast path cannot handle.

    Built on first use from the Latin, Greek, Cyrillic and punctuation blocks so that ordinary
    prose with accents, curly quotes and dashes stays on the fast path.
    """
    simple: list[int] = []
    for code in range(0xA0, 0x2500):
        char = chr(code)
        category = unicodedata.category(char)
        if code in _PICTURES or char in _BREAKABLE or category[0] in "MC":
            continue
        if category[0] == "Z" and char not in "\u00a0\u2007\u202f":
            continue
        if get_character_cell_size(char) == 1:
            simple.append(code)
    ranges: list[str] = []
    run_start = previous = simple[0]
    for code in [*simple[1:], -1]:
        if code != previous + 1:
            ranges.append(re.escape(chr(run_start)))
            if previous != run_start:
                ranges.append("-" + re.escape(chr(previous)))
            run_start = code
        previous = code
    return re.compile("[^ -~" + "".join(ranges) + "]")


def is_simple(line: str) -> bool:
    """True when every code point is one printable cell and only U+0020 is breakable."""
    if line.isascii():
        return line.isprintable()
    return _complex_pattern().search(line) is None


# --------------------------------------------------------------------------- one line


def _fast_row_starts(line: str, width: int, cells: list[int] | None = None) -> list[int]:
    """Row starts found with ``str.rfind`` and bisects instead of a loop over characters.

    For lines where each code point is its own cluster, only U+0020 is breakable and there
    are no tabs. ``cells`` holds cumulative widths (``cells[i]``: cells before code point
    ``i``); None means one cell per code point. Gives exactly what ``_wrap_clusters`` gives
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


_ODD = re.compile("[\u00ad\ud800-\udfff\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]")
"""Characters that look plain to a width check but need the full cluster path."""


def _plain_widths(line: str) -> list[int] | None:
    """Widths of a line whose code points are each one cluster (wide ones allowed), else None.

    Zero widths catch tabs, controls and every combining or joining character.
    """
    widths = list(map(get_character_cell_size, line))
    if 0 in widths or _ODD.search(line):
        return None
    return widths


_BREAK = re.compile("[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]")
_SHOWN_AS_PICTURE = re.compile("[\u00ad\ud800-\udfff]")
"""Pictured characters rich gives a width; every other one has width 0 and is found so."""


def _clusters(line: str) -> tuple[list[int], list[str], list[int], list[int]]:
    """Split a line into clusters: start offsets, display glyphs, widths and kinds.

    Mirrors ``rich.cells.split_graphemes`` so that ``cell_len`` of the glyphs we emit equals
    the widths we lay out; characters we do not show are attached to a cluster but dropped
    from its glyph. Tabs get their width later, when their column is known. Every code point
    starts as its own cluster; only the special ones (zero width, pictured) are visited.
    """
    count = len(line)
    widths = list(map(get_character_cell_size, line))
    kinds = [_INK] * count
    for match in _BREAK.finditer(line):
        kinds[match.start()] = _TAB if match.group() == "\t" else _SPACE
    specials = sorted(
        {
            *compress(range(count), map(operator.not_, widths)),
            *(match.start() for match in _SHOWN_AS_PICTURE.finditer(line)),
        }
    )
    if not specials:
        return list(range(count)), list(line), widths, kinds
    glyphs = list(line)
    keep = bytearray(b"\x01") * count
    current = -1  # the cluster zero-width characters attach to
    measured: str | None = None  # the base character VS16 may widen
    shows_marks = False  # whether zero-width marks may be drawn on the current cluster
    done = -1  # every index up to here has been dealt with
    for index in specials:
        if index <= done:
            continue
        if index - 1 > done:  # a plain character just before started a cluster
            current, measured, shows_marks = index - 1, line[index - 1], True
        done = index
        char = line[index]
        if char == "\t":
            glyphs[index] = ""
            current, measured, shows_marks = index, None, False
        elif _is_picture(ord(char)):
            glyphs[index] = display_char(char)
            widths[index] = 1
            current, measured, shows_marks = index, None, False
        elif current < 0:
            glyphs[index] = ORPHAN_MARK + (char if _shows_zero_width(char) else "")
            widths[index] = 1
            current, measured, shows_marks = index, None, True
        else:
            keep[index] = 0
            if not shows_marks:
                continue
            if char == _ZWJ:
                if index + 1 < count and _joinable(line[index + 1]):
                    glyphs[current] += char + line[index + 1]
                    keep[index + 1] = 0
                    done = index + 1
            elif char == _VS16:
                if measured is not None:
                    glyphs[current] += char
                    widths[current] += cached_cell_len(measured + _VS16) - cached_cell_len(measured)
                    measured = None
            elif _shows_zero_width(char):
                glyphs[current] += char
    return (
        list(compress(range(count), keep)),
        list(compress(glyphs, keep)),
        list(compress(widths, keep)),
        list(compress(kinds, keep)),
    )


def _wrap_clusters(
    widths: list[int], kinds: list[int], width: int, tab_size: int
) -> tuple[list[int], list[int]]:
    """Greedy word wrap over clusters; returns each cluster's column and each row's first cluster.

    Resolves tab widths in place (they depend on the column).
    """
    limit_cells = max(1, width - 1)
    count = len(widths)
    cols = [0] * count
    row_first = [0]
    col = 0
    index = 0
    while index < count:
        end = index
        ink = 0
        while end < count and kinds[end] == _INK:
            ink += widths[end]
            end += 1
        if col + ink > limit_cells and col > 0 and end > index:
            row_first.append(index)
            col = 0
        for cluster in range(index, end):
            if col + widths[cluster] > limit_cells and col > 0:
                row_first.append(cluster)
                col = 0
            cols[cluster] = col
            col += widths[cluster]
        while end < count and kinds[end] != _INK:
            # Spaces may hang into the last column, except the last cluster: the line-end
            # position after it (where the cursor can stand) needs a cell of its own.
            room = limit_cells if end == count - 1 else width
            if kinds[end] == _TAB:
                if col >= room and col > 0:
                    row_first.append(end)
                    col = 0
                cells = min(tab_size - col % tab_size, room - col)
                # (at least one cell even where room is exhausted: width 1)
                widths[end] = max(1, cells)
            elif col + widths[end] > room and col > 0:
                row_first.append(end)
                col = 0
            cols[end] = col
            col += widths[end]
            end += 1
        index = end
    return cols, row_first


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
            self.row_starts = _fast_row_starts(text, self.width)
            return
        widths = _plain_widths(text) if fast else None
        if widths is not None:
            cells = [0, *accumulate(widths)]
            self.row_starts = _fast_row_starts(text, self.width, cells)
            self._cells = array("i", cells)
            return
        self._cluster(text, tab_size)

    def _cluster(self, text: str, tab_size: int) -> None:
        """Lay out cluster by cluster (tabs, controls, combining and joining characters)."""
        starts, glyphs, widths, kinds = _clusters(text)
        cols, row_first = _wrap_clusters(widths, kinds, self.width, tab_size)
        for cluster, kind in enumerate(kinds):
            if kind == _TAB:
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
        if self._starts is not None:
            first, last = self._row_first[row], self._row_first[row + 1]
            cluster = bisect_right(self._cols, col, first, last) - 1
            if col < self._cols[cluster] + self._widths[cluster]:
                return self._starts[cluster]
        elif self._cells is None:
            if col < end - start:
                return start + col
        else:
            cells = self._cells
            target = cells[start] + col
            offset = bisect_right(cells, target, start, end) - 1
            if target < cells[offset + 1]:
                return offset
        if row == self.row_count - 1 and self.ends_line:
            return end
        return self.cluster_start(end - 1)

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
        starts, glyphs, widths = self._starts, self._glyphs, self._widths
        first, last = self._row_first[row], self._row_first[row + 1]
        indices = [first]
        for cut in cuts:
            if start < cut < end:
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
        return len(_fast_row_starts(text, width))
    widths = _plain_widths(text)
    if widths is not None:
        return len(_fast_row_starts(text, width, [0, *accumulate(widths)]))
    return LineLayout(text, width, tab_size=tab_size).row_count


def estimate_rows(length: int, width: int) -> int:
    """A guess at the rows a line of ``length`` code points needs, refined later."""
    limit_cells = max(1, width - 1)
    if length <= limit_cells:
        return 1
    per_row = max(1, limit_cells - limit_cells // 16)
    return -(-length // per_row)


# --------------------------------------------------------------------------- whole text


def _is_cluster_start(line: str, index: int) -> bool:
    """Whether a piece may begin at ``index`` without splitting a cluster."""
    char = line[index]
    if char == "\t" or _is_picture(ord(char)):
        return True
    if get_character_cell_size(char) == 0:
        return False
    return not (index > 0 and line[index - 1] == _ZWJ and _joinable(char))


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
