"""Words of a document's text, for moving the cursor and selecting by double click.

Pure functions over the text and a code-point offset (no Textual): ``w``/``b`` move by vim's
words, a double click selects a word. Paragraphs (``{``/``}``, a triple click) are the core's,
one definition for the reader and the reports: ``annotations.segments``.
"""

from __future__ import annotations

import re

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200d\ufe00-\ufe0f"
WORD = re.compile(rf"[\w{_MARKS}]+|[^\w\s]+")
"""Words as vim sees them: runs of word characters (with their marks) or of punctuation."""

WORD_REACH = 1000
"""How far around a clicked offset a word is looked for (a word is never longer in prose)."""


def next_word_start(text: str, offset: int) -> int:
    """Start of the next word after ``offset`` (vim's ``w``), or the end of the text."""
    match = WORD.search(text, offset)
    if match is not None and match.start() == offset:
        match = WORD.search(text, match.end())
    return match.start() if match is not None else len(text)


def previous_word_start(text: str, offset: int) -> int:
    """Start of the word before ``offset`` (vim's ``b``), or 0."""
    window = 256
    while True:
        low = max(0, offset - window)
        last = None
        for last in WORD.finditer(text, low, offset):  # noqa: B007
            pass
        if last is not None and (last.start() > low or low == 0):
            return last.start()
        if low == 0:
            return 0
        window *= 4


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The word (or run of punctuation) holding ``offset``, as a double click selects it;
    None on white space."""
    if not 0 <= offset < len(text) or text[offset].isspace():
        return None
    low = max(0, offset - WORD_REACH)
    for match in WORD.finditer(text, low, min(len(text), offset + WORD_REACH)):
        if match.start() <= offset < match.end():
            return match.start(), match.end()
        if match.start() > offset:
            break
    return None
