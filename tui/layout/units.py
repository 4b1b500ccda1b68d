"""Words and paragraphs of a document's text, for moving the cursor and selecting by click.

Pure functions over the text and a code-point offset (no Textual): ``w``/``b`` move by vim's
words, ``{``/``}`` by paragraphs, a double click selects a word and a triple click a paragraph.
"""

from __future__ import annotations

import re

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200d\ufe00-\ufe0f"
WORD = re.compile(rf"[\w{_MARKS}]+|[^\w\s]+")
"""Words as vim sees them: runs of word characters (with their marks) or of punctuation."""

BLANK_LINE = re.compile(r"\n[ \t]*\n")
"""A blank line: if a text has any, paragraphs are separated by them, else by newlines."""

WORD_REACH = 1000
"""How far around a clicked offset a word is looked for (a word is never longer in prose)."""


def has_blank_lines(text: str) -> bool:
    return BLANK_LINE.search(text) is not None


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


def line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def is_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip(" \t")


def next_paragraph(text: str, offset: int, blank_lines: bool) -> int:
    """Start of the next paragraph after ``offset``, or the end of the text. With
    ``blank_lines``, paragraphs are separated by blank lines, else each line is one."""
    line_start = text.rfind("\n", 0, offset) + 1
    end = line_end(text, line_start)
    previous_blank = is_blank(text, line_start, end)
    while end < len(text):
        start = end + 1
        end = line_end(text, start)
        blank = is_blank(text, start, end)
        if not blank and (previous_blank or not blank_lines):
            return start
        previous_blank = blank
    return len(text)


def previous_paragraph(text: str, offset: int, blank_lines: bool) -> int:
    """Start of the paragraph before ``offset`` (its own, if the cursor is inside), or 0."""
    start = text.rfind("\n", 0, offset) + 1
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        starts_paragraph = not is_blank(text, start, line_end(text, start)) and (
            not blank_lines or is_blank(text, previous, start - 1)
        )
        if start < offset and starts_paragraph:
            return start
        start = previous
    return 0


def paragraph_at(text: str, offset: int, blank_lines: bool) -> tuple[int, int] | None:
    """The paragraph holding ``offset`` without its trailing newline, as a triple click
    selects it; None on a blank line."""
    line_start = text.rfind("\n", 0, offset) + 1
    if is_blank(text, line_start, line_end(text, line_start)):
        return None
    if not blank_lines:
        return line_start, line_end(text, line_start)
    start = line_start
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if is_blank(text, previous, start - 1):
            break
        start = previous
    end = line_end(text, line_start)
    while end < len(text):
        following = line_end(text, end + 1)
        if is_blank(text, end + 1, following):
            break
        end = following
    return start, end
