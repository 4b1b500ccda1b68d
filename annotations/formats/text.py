"""The shape every extractor gives its text: blocks separated by blank lines, clean characters.

Extractors collect *blocks* (a heading, a paragraph, a list item, a table, a page marker) and
hand them here, so every format reads the same way: one blank line between blocks, a table as
one line per row with cells joined by `` | ``, ``\\n`` newlines only, ligatures spelled out,
soft hyphens and invisible characters removed, no trailing spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
INVISIBLE = "\u00ad\u200b\u2060\ufeff"
"""Soft hyphen, zero-width space, word joiner, byte-order mark: never part of the words."""

CELL_SEPARATOR = " | "
_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n") + "\x7f"
_TRANSLATE = str.maketrans(
    {
        **{k: v for k, v in LIGATURES.items()},
        **dict.fromkeys(INVISIBLE, ""),
        **dict.fromkeys(_CONTROLS, ""),
        "\u2028": "\n",
        "\u2029": "\n",
        "\u000b": "\n",
        "\u000c": "\n",
    }
)
_BLANKS = " \t\u00a0\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_BLANKS}]{{2,}}|[\t\u2000-\u200a\u202f\u205f\u3000]")
"""A run of blanks, or one blank that is neither a space nor a no-break space."""
_PARAGRAPH_BREAKS = re.compile(r"\n{3,}")


def clean_characters(text: str) -> str:
    """Newlines as ``\\n``; ligatures spelled out; soft hyphens and control characters gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_TRANSLATE)


def clean_line(line: str) -> str:
    """One line of a paragraph: runs of blanks as one space, none at either end.

    A no-break space stays a no-break space when alone (``10\\u00a0km``); a run of blanks of
    any kind becomes one plain space.
    """
    return _SPACES.sub(" ", line).strip()


def paragraph(text: str, keep_lines: bool = False) -> str:
    """A paragraph from source text: lines joined by spaces, or kept (``keep_lines``)."""
    lines = [clean_line(line) for line in clean_characters(text).split("\n")]
    lines = [line for line in lines if line]
    return ("\n" if keep_lines else " ").join(lines)


def table(rows: Iterable[Sequence[str]]) -> str:
    """A table as one line per row, cells joined by `` | ``; empty rows and cells at the end go."""
    return "\n".join(line for line in map(_row_line, rows) if line)


def _row_line(row: Sequence[str]) -> str:
    """A table row as one line, its empty cells at the end left out ("" for an empty row)."""
    cells = [paragraph(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return CELL_SEPARATOR.join(cells)


def join_blocks(blocks: Iterable[str]) -> str:
    """Blocks separated by one blank line, with clean characters and no trailing spaces."""
    parts = []
    for block in blocks:
        lines = [line.rstrip() for line in clean_characters(block).split("\n")]
        cleaned = "\n".join(lines).strip("\n")
        if cleaned.strip():
            parts.append(cleaned)
    return _PARAGRAPH_BREAKS.sub("\n\n", "\n\n".join(parts))


def page_marker(number: int) -> str:
    """The line that stands for a PDF's page break, so a coder can cite pages."""
    return f"— page {number} —"


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def number_label(number: int, fmt: str) -> str:
    """A list item's number as Word and OpenDocument show it: ``3``, ``c``, ``C``, ``iii``."""
    if fmt in ("lowerLetter", "upperLetter"):
        label = _letters(number)
    elif fmt in ("lowerRoman", "upperRoman") and 0 < number < 4000:
        label = _roman(number)
    else:
        return str(number)
    return label.upper() if fmt.startswith("upper") else label


def _letters(number: int) -> str:
    """``a`` to ``z``, then ``aa``, ``ab``... (bijective base 26); "" for 0 or less."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _roman(number: int) -> str:
    """Lower-case Roman numerals for 1 to 3999."""
    roman = ""
    for value, numeral in _ROMAN:
        while number >= value:
            roman += numeral
            number -= value
    return roman
