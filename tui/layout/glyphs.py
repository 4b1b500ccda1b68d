"""What each code point of a document looks like in a terminal cell, and which cluster (one
grapheme as rich measures it) it belongs to. The rules are in the package docstring."""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import cache
from itertools import compress

from rich.cells import cached_cell_len, get_character_cell_size

ORPHAN_MARK = "\u25cc"
"""Dotted circle: the conventional base shown under a combining mark with nothing to sit on."""

ZWJ = "\u200d"
VS16 = "\ufe0f"
INK, SPACE, TAB = 0, 1, 2

_PICTURES: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x09}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_PICTURES[0xAD] = "-"
_PICTURES[0x2028] = "\u2424"
_PICTURES[0x2029] = "\u00b6"

BREAKABLE = frozenset(
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
def shows_zero_width(char: str) -> bool:
    """Zero-width characters worth sending to the terminal: marks and conjoining jamo only."""
    return char != VS16 and unicodedata.category(char)[0] in "ML"


def is_picture(code: int) -> bool:
    return code in _PICTURES or 0xD800 <= code <= 0xDFFF


def joinable(char: str) -> bool:
    """Whether ZWJ may glue ``char`` into the cluster before it (as rich does)."""
    return (
        char != "\t"
        and not is_picture(ord(char))
        and char not in BREAKABLE
        and get_character_cell_size(char) > 0
    )


@cache
def _complex_pattern() -> re.Pattern[str]:
    """A regex finding any character the one-cell-per-code-point fast path cannot handle.

    Built on first use from the Latin, Greek, Cyrillic and punctuation blocks so that ordinary
    prose with accents, curly quotes and dashes stays on the fast path.
    """
    simple = [code for code in range(0xA0, 0x2500) if _one_plain_cell(code)]
    return re.compile("[^ -~" + _class_ranges(simple) + "]")


def _one_plain_cell(code: int) -> bool:
    """A code point drawn in one cell on its own: not a picture, a break, a mark or a
    control, and no space but the non-breaking ones."""
    char = chr(code)
    category = unicodedata.category(char)
    if code in _PICTURES or char in BREAKABLE or category[0] in "MC":
        return False
    if category[0] == "Z" and char not in "\u00a0\u2007\u202f":
        return False
    return get_character_cell_size(char) == 1


def _class_ranges(codes: list[int]) -> str:
    """Ascending code points as the inside of a regex character class: runs as ``a-z``."""
    ranges: list[str] = []
    run_start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            ranges.append(re.escape(chr(run_start)))
            if previous != run_start:
                ranges.append("-" + re.escape(chr(previous)))
            run_start = code
        previous = code
    return "".join(ranges)


def is_simple(line: str) -> bool:
    """True when every code point is one printable cell and only U+0020 is breakable."""
    if line.isascii():
        return line.isprintable()
    return _complex_pattern().search(line) is None


_ODD = re.compile("[\u00ad\ud800-\udfff\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]")
"""Characters that look plain to a width check but need the full cluster path."""


def plain_widths(line: str) -> list[int] | None:
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


def clusters(line: str) -> tuple[list[int], list[str], list[int], list[int]]:
    """Split a line into clusters: start offsets, display glyphs, widths and kinds.

    Mirrors ``rich.cells.split_graphemes`` so that ``cell_len`` of the glyphs we emit equals
    the widths we lay out; characters we do not show are attached to a cluster but dropped
    from its glyph. Tabs get their width later, when their column is known. Every code point
    starts as its own cluster; only the special ones (zero width, pictured) are visited.
    """
    count = len(line)
    widths = list(map(get_character_cell_size, line))
    kinds = [INK] * count
    for match in _BREAK.finditer(line):
        kinds[match.start()] = TAB if match.group() == "\t" else SPACE
    specials = sorted(
        {
            *compress(range(count), map(operator.not_, widths)),
            *(match.start() for match in _SHOWN_AS_PICTURE.finditer(line)),
        }
    )
    if not specials:
        return list(range(count)), list(line), widths, kinds
    clustering = _Clustering(line, widths)
    for index in specials:
        clustering.visit(index)
    keep = clustering.keep
    return (
        list(compress(range(count), keep)),
        list(compress(clustering.glyphs, keep)),
        list(compress(widths, keep)),
        list(compress(kinds, keep)),
    )


class _Clustering:
    """The walk of ``clusters`` over a line's special code points, in order."""

    def __init__(self, line: str, widths: list[int]) -> None:
        self.line = line
        self.widths = widths
        self.glyphs = list(line)
        self.keep = bytearray(b"\x01") * len(line)
        self.current = -1
        """The cluster zero-width characters attach to."""
        self.measured: str | None = None
        """The base character VS16 may widen."""
        self.shows_marks = False
        """Whether zero-width marks may be drawn on the current cluster."""
        self.done = -1
        """Every index up to here has been dealt with."""

    def visit(self, index: int) -> None:
        if index <= self.done:
            return
        if index - 1 > self.done:  # a plain character just before started a cluster
            self.begin(index - 1, self.line[index - 1], True)
        self.done = index
        char = self.line[index]
        if char == "\t":
            self.glyphs[index] = ""
            self.begin(index, None, False)
        elif is_picture(ord(char)):
            self.glyphs[index] = display_char(char)
            self.widths[index] = 1
            self.begin(index, None, False)
        elif self.current < 0:
            self.glyphs[index] = ORPHAN_MARK + (char if shows_zero_width(char) else "")
            self.widths[index] = 1
            self.begin(index, None, True)
        else:
            self.keep[index] = 0
            if self.shows_marks:
                self.attach(index, char)

    def begin(self, index: int, measured: str | None, shows_marks: bool) -> None:
        self.current, self.measured, self.shows_marks = index, measured, shows_marks

    def attach(self, index: int, char: str) -> None:
        """A zero-width character joins the current cluster (and shows, if it can)."""
        current, line = self.current, self.line
        if char == ZWJ:
            if index + 1 < len(line) and joinable(line[index + 1]):
                self.glyphs[current] += char + line[index + 1]
                self.keep[index + 1] = 0
                self.done = index + 1
        elif char == VS16:
            measured = self.measured
            if measured is not None:
                self.glyphs[current] += char
                self.widths[current] += cached_cell_len(measured + VS16) - cached_cell_len(measured)
                self.measured = None
        elif shows_zero_width(char):
            self.glyphs[current] += char
