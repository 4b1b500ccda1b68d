"""A document's text cut into the units people read: lines, paragraphs, sentences, spans.

One definition of each, shared by the core (suggestions, reports, anchoring, exports) and the
reader (cursor motion by paragraph, a triple click, the context shown around a suggestion), so
that "a paragraph" means the same wherever it is used. Pure functions over the normalised text
(newlines are ``\\n``) and code-point offsets, end exclusive; nothing here reads more of a
text than the unit it is asked about needs: documents can be megabytes.

- A *blank line* holds nothing but white space. Paragraphs are the runs of lines between
  blank lines; a text without any blank line (a list, a letter typed line by line) is read a
  line at a time when moving the cursor.
- A *sentence* ends at ., ! or ? before a capital or digit, except after a common
  abbreviation, an initial or a list number (see ``sentence_spans``).
- A *span* is ``(start, end)``; ``merge_spans`` makes the union of several.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

Span = tuple[int, int]
"""``text[start:end]``: code-point offsets, end exclusive."""


# --- spans ----------------------------------------------------------------------------------


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """The union of spans as sorted, disjoint spans; empty spans drop out, touching ones
    join."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def covered_characters(spans: Iterable[Span]) -> int:
    """Characters in the union of spans."""
    total, reach = 0, -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def shared_characters(first: Sequence[Span], second: Sequence[Span]) -> int:
    """Characters inside both unions of spans."""
    merged_a, merged_b = merge_spans(first), merge_spans(second)
    total, i, j = 0, 0, 0
    while i < len(merged_a) and j < len(merged_b):
        start = max(merged_a[i][0], merged_b[j][0])
        end = min(merged_a[i][1], merged_b[j][1])
        total += max(0, end - start)
        if merged_a[i][1] < merged_b[j][1]:
            i += 1
        else:
            j += 1
    return total


def trimmed(text: str, start: int, end: int) -> Span:
    """``text[start:end]`` without the white space at its edges (a selection by words keeps
    a space); a span of white space only shrinks to nothing at its end."""
    piece = text[start:end]
    kept = piece.lstrip()
    if not kept:
        return max(start, end), end
    begin = start + len(piece) - len(kept)
    return begin, begin + len(kept.rstrip())


def _nonblank(text: str, start: int, end: int) -> Iterator[Span]:
    """The trimmed span, if anything but white space is left (for generators of spans)."""
    begin, finish = trimmed(text, start, end)
    if finish > begin:
        yield begin, finish


def one_line(text: str, limit: int = 80, mark: str = "…") -> str:
    """``text`` on one line (runs of white space made one space), cut to ``limit``
    characters, ``mark`` ending a cut text. Only as much of its head as that needs is looked
    at: a 50 MB note must not be split whole on every redraw."""
    size = max(8 * limit, 1024)
    while True:
        flat = " ".join(text[:size].split())
        if len(flat) > limit or size >= len(text):
            break
        size *= 4
    return flat if len(flat) <= limit else flat[: limit - len(mark)] + mark


# --- lines ----------------------------------------------------------------------------------


def line_end(text: str, start: int) -> int:
    """Where the line starting at (or holding) ``start`` ends, before its line break."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def line_at(text: str, offset: int) -> Span:
    """The line holding ``offset``, without its line break."""
    return text.rfind("\n", 0, offset) + 1, line_end(text, offset)


def is_blank(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds nothing but white space."""
    return not text[start:end].strip()


BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
"""A blank line between two others (white space only), as ``is_blank`` judges it."""

_NON_SPACE = re.compile(r"\S")


def has_blank_lines(text: str) -> bool:
    """Whether paragraphs are separated by blank lines here; if not, each line is one."""
    return BLANK_LINE.search(text) is not None


# --- paragraphs -----------------------------------------------------------------------------

PARAGRAPH_LIMIT = 20_000
"""A "paragraph" longer than this (a text without blank lines) is read a line at a time."""


def _lines_between_blanks(text: str, line: Span, offset: int, limit: int | None = None) -> Span:
    """The run of non-blank lines around ``line`` (itself not blank): from the line after a
    blank one to the end of the line before the next. With ``limit``, no further than that
    many characters from ``offset`` on either side."""
    low, high = (0, len(text)) if limit is None else (offset - limit, offset + limit)
    return _run_start(text, line[0], low), _run_end(text, line[1], high)


def _run_start(text: str, start: int, stop: int) -> int:
    """Where the run of non-blank lines ending with the line at ``start`` begins: back over
    each line before it that is not blank, while the run still starts at or after ``stop``."""
    while start > 0 and start >= stop:  # text[start - 1] is the line break before the line
        before = text.rfind("\n", 0, start - 1) + 1
        if is_blank(text, before, start - 1):
            break
        start = before
    return start


def _run_end(text: str, end: int, stop: int) -> int:
    """Where the run of non-blank lines starting with the line ending at ``end`` ends: on over
    each line after it that is not blank, while the run still ends at or before ``stop``."""
    while end < len(text) and end <= stop:  # text[end] is the line break after the line
        after = line_end(text, end + 1)
        if is_blank(text, end + 1, after):
            break
        end = after
    return end


_BLANK_RUN = re.compile(r"\n(?:[^\S\n]*\n)+")


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph begins: 0, then the end of every run of blank lines with text on
    both sides. For citing a passage as "document, ¶ 12" (``paragraph_number``); computed
    once per document, so numbering many passages is a binary search each
    (``paragraph_number_in``)."""
    starts = [0]
    for match in _BLANK_RUN.finditer(text):
        if _NON_SPACE.search(text, match.end()) and _NON_SPACE.search(text, 0, match.start()):
            starts.append(match.end())
    return starts


def paragraph_number_in(starts: Sequence[int], offset: int) -> int:
    """The 1-based number of the paragraph holding ``offset``, given ``paragraph_starts``
    (worked out once for many passages of one document); an offset in the blank lines after
    a paragraph still counts as that paragraph."""
    return max(1, bisect.bisect_right(starts, offset))


def paragraph_at(text: str, offset: int) -> Span:
    """The paragraph at ``offset`` to read (for the sentences around a passage), trimmed of
    white space; on a blank line, the next paragraph; (offset, offset) when there is none.
    Reads only lines near the offset; in a text without blank lines, the line at the offset."""
    offset = max(0, min(offset, len(text)))
    line = line_at(text, offset)
    if is_blank(text, *line):  # a blank line: on to the next text
        found = _NON_SPACE.search(text, offset)
        if found is None:
            return offset, offset
        offset = found.start()
        line = line_at(text, offset)
    start, end = _lines_between_blanks(text, line, offset, PARAGRAPH_LIMIT)
    if end - start > PARAGRAPH_LIMIT:
        start, end = line
    if end - start > PARAGRAPH_LIMIT:  # one enormous line: the stretch around the offset
        start = max(start, offset - PARAGRAPH_LIMIT // 2)
        end = min(end, offset + PARAGRAPH_LIMIT // 2)
    return next(_nonblank(text, start, end), (offset, offset))


def paragraph_span(text: str, offset: int, blank_lines: bool) -> Span | None:
    """The paragraph holding ``offset`` without its trailing newline, as a triple click
    selects it; None on a blank line. Without ``blank_lines`` each line is a paragraph."""
    line = line_at(text, offset)
    if is_blank(text, *line):
        return None
    if not blank_lines:
        return line
    return _lines_between_blanks(text, line, offset)


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
        if start < offset and _opens_paragraph(text, start, previous, blank_lines):
            return start
        start = previous
    return 0


def _opens_paragraph(text: str, start: int, previous: int, blank_lines: bool) -> bool:
    """Whether the line at ``start`` opens a paragraph: it is not blank and, where blank
    lines separate paragraphs, the line before it (at ``previous``) is blank."""
    if is_blank(text, start, line_end(text, start)):
        return False
    return not blank_lines or is_blank(text, previous, start - 1)


# --- sentences ------------------------------------------------------------------------------

_STOP = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
_NEXT_STARTS_SENTENCE = re.compile(r"\s*[\"'“‘(\[]?[A-Z0-9]")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•–]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])[ \t]")
_ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "mx", "dr", "st", "cllr", "prof", "rev", "revd", "sgt", "insp"),
        *("supt", "det", "ch", "hon", "jr", "sr", "e.g", "i.e", "cf", "approx", "dept", "viz"),
        *("est", "incl", "govt"),
    }
)
"""Words whose full stop does not end a sentence (compared in lower case, without the dot)."""
_BEFORE_NUMBERS = frozenset(
    {
        *("no", "nos", "p", "pp", "fig", "vol", "ref", "tel", "para"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)
"""Abbreviations only before a number ("No. 5", "p. 12", "5 Jan. 2009"): "said no. Then..."
ends there."""
_TIMES = frozenset(("a.m", "p.m"))
"""End a sentence before a capital ("at 7 p.m. Apologies were...") unless a day or month
follows ("9 a.m. Monday")."""
_DAYS_AND_MONTHS = re.compile(
    r"\s*(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
_LABELS = frozenset(
    {
        *("appendix", "annex", "annexe", "option", "plan", "schedule", "grade", "part"),
        *("section", "table", "figure", "item", "level", "tier", "class", "category"),
        *("phase", "stage", "type", "block", "unit", "ward", "room", "zone", "group"),
    }
)
"""Words after which a single capital is a label ("Appendix A."), not someone's initial."""
_DOTTED = re.compile(r"[A-Za-z](?:\.[A-Za-z])+")
"""Dotted abbreviations such as U.K or e.g (the final dot is the stop being judged)."""
_DIGIT_NEXT = re.compile(r"\s*\d")
WRAPPED_LINE = 60
"""A line at least this long that ends without punctuation was wrapped by hand mid-sentence."""


def sentence_spans(text: str) -> Iterator[Span]:
    """Sentences as spans, trimmed of white space.

    A sentence ends at ., ! or ? before a capital or digit, except after a common abbreviation
    (Dr., Cllr., e.g.), an initial (J.) or a list number at the start of a line (1.). A line
    break ends one too (news pages put headlines and list items on their own lines), except
    inside a paragraph wrapped by hand: when the next line starts in lower case, or the line
    is long and ends without punctuation.
    """
    start = 0
    for match in _STOP.finditer(text):
        if match.group() == "\n":
            if not _line_break_ends(text, match.start()):
                continue
        elif not _stop_ends(text, match.start(), match.end()):
            continue
        yield from _nonblank(text, start, match.end())
        start = match.end()
    yield from _nonblank(text, start, len(text))


def sentences_around(text: str, offset: int) -> list[Span]:
    """The sentences of the paragraph at ``offset`` (only that paragraph is read), in order."""
    start, end = paragraph_at(text, offset)
    return [(start + a, start + b) for a, b in sentence_spans(text[start:end])]


def _stop_ends(text: str, stop: int, after: int) -> bool:
    """Whether the ., ! or ? at ``stop`` (followed by white space) ends a sentence."""
    if not _NEXT_STARTS_SENTENCE.match(text, after):
        return False
    return text[stop] != "." or _full_stop_ends(text, stop, after)


def _full_stop_ends(text: str, stop: int, after: int) -> bool:
    """Whether the full stop at ``stop``, before a capital or a digit, ends a sentence: judged
    by the word it closes (a time, an initial, an abbreviation, a list number)."""
    word_start = _word_start(text, stop)
    word = text[word_start:stop].lstrip("\"'“‘([")
    if word.casefold() in _TIMES:
        return not _DAYS_AND_MONTHS.match(text, after)
    if len(word) == 1 and word.isupper():  # an initial, unless a label: "Appendix A."
        return _previous_word(text, word_start).casefold() in _LABELS
    if _abbreviated(word, text, after):
        return False
    if _list_number(word):  # "1." first on its line?
        return not _starts_line(text, word_start)
    return True


def _list_number(word: str) -> bool:
    """Whether ``word`` could number a list item ("12", "a") when a full stop follows it."""
    return word.isdigit() or (len(word) == 1 and word.isalpha())


def _abbreviated(word: str, text: str, after: int) -> bool:
    """Whether the full stop after ``word`` marks an abbreviation rather than an end."""
    folded = word.casefold()
    if folded in _ABBREVIATIONS or _DOTTED.fullmatch(word):
        return True
    return folded in _BEFORE_NUMBERS and _DIGIT_NEXT.match(text, after) is not None


def _word_start(text: str, end: int) -> int:
    """Where the run of non-space characters ending at ``end`` starts."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def _starts_line(text: str, pos: int) -> bool:
    """Whether only spaces and tabs stand between the start of the line and ``pos``."""
    before = _spaces_before(text, pos)
    return before == 0 or text[before - 1] == "\n"


def _spaces_before(text: str, pos: int) -> int:
    """Where the run of spaces and tabs ending at ``pos`` starts (stays on the line)."""
    while pos > 0 and text[pos - 1] in " \t\u00a0":
        pos -= 1
    return pos


def _previous_word(text: str, before: int) -> str:
    end = _spaces_before(text, before)
    start = end
    while start > 0 and text[start - 1].isalpha() and end - start < 20:
        start -= 1
    return text[start:end]


def _line_break_ends(text: str, newline: int) -> bool:
    """Whether the line break at ``newline`` ends a sentence (see ``sentence_spans``)."""
    next_line = text[slice(*line_at(text, newline + 1))]
    if not next_line.strip() or _LIST_ITEM.match(next_line):
        return True
    if next_line.lstrip()[:1].islower():
        return False
    line = text[slice(*line_at(text, newline))].strip()
    return len(line) < WRAPPED_LINE or line[-1:] in ".!?:;"


# --- words, clauses and list markers (how a coder selects part of a sentence) ----------------

_TOKEN = re.compile(r"\S+")
"""A word with the punctuation it touches: "58%," and "(average)." are one word each, so
moving by words never stops on a lone comma or a per cent sign."""

_CLAUSE_BREAK = re.compile(r"[,;:]+[\"'”’)\]]*(?=\s)|\s[–—-]{1,2}(?=\s)|\s\(|\)(?=\s)")
"""Where a clause ends inside a sentence: after a comma, semicolon or colon, before a dash
set off by spaces, around a bracketed aside."""

LIST_MARKER = re.compile(
    r"[^\S\n]*(?:[-*•–·▪●◦]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)])[^\S\n]+"
)
"""A list item's marker at the start of a line: "- ", "• ", "1. ", "(a) ", "iv) "."""


def next_word_start(text: str, offset: int) -> int:
    """Start of the next word after ``offset`` (words are runs of non-space, punctuation
    included), or the end of the text."""
    found = _TOKEN.search(text, offset)
    if found is not None and found.start() == offset:
        found = _TOKEN.search(text, found.end())
    return found.start() if found is not None else len(text)


def previous_word_start(text: str, offset: int) -> int:
    """Start of the word before ``offset`` (or of the word holding it), or 0."""
    pos = offset
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def word_end(text: str, offset: int) -> int:
    """Just past the end of the word holding ``offset``, or of the next word when ``offset``
    is on white space or already at a word's end (vim's ``e``, end exclusive)."""
    inside = 0 < offset < len(text) and not text[offset - 1].isspace()
    if inside and not text[offset].isspace():
        found = _TOKEN.match(text, previous_word_start(text, offset))
        return found.end() if found is not None else offset
    found = _TOKEN.search(text, offset)
    return found.end() if found is not None else len(text)


def previous_word_end(text: str, offset: int) -> int:
    """Just past the end of the word before ``offset`` (shrinking a selection's end by a
    word), or 0."""
    pos = previous_word_start(text, offset)
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def clause_spans(text: str, start: int, end: int) -> list[Span]:
    """The clauses of the sentence ``text[start:end]`` as trimmed spans: the pieces between
    commas, semicolons, colons, dashes set off by spaces and brackets. A comma, semicolon,
    colon or dash belongs to neither clause; a bracket belongs to the aside it opens or
    closes."""
    spans: list[Span] = []
    begin = start
    for found in _CLAUSE_BREAK.finditer(text, start, end):
        mark = found.group()
        if mark.startswith(")"):
            piece_end, next_begin = found.end(), found.end()
        elif mark.endswith("("):
            piece_end, next_begin = found.start(), found.end() - 1
        else:
            piece_end, next_begin = found.start(), found.end()
        spans.extend(_nonblank(text, begin, piece_end))
        begin = next_begin
    spans.extend(_nonblank(text, begin, end))
    return spans


def clauses_around(text: str, offset: int) -> list[Span]:
    """The clauses of the paragraph at ``offset``, sentence by sentence, in order."""
    return [
        clause
        for sentence in sentences_around(text, offset)
        for clause in clause_spans(text, *sentence)
    ]


def without_list_marker(text: str, start: int, end: int) -> Span:
    """``text[start:end]`` without a list item's marker at its start ("- ", "• ", "1. ") and
    without white space at its edges: a quoted bullet is its words, not its dash."""
    start, end = trimmed(text, start, end)
    line_start = text.rfind("\n", 0, start) + 1
    marker = LIST_MARKER.match(text, line_start)
    if marker is not None and line_start <= start < marker.end() < end:
        start = marker.end()
    return trimmed(text, start, end)


def next_sentence_start(text: str, offset: int) -> int:
    """Start of the first sentence that starts after ``offset`` (in this paragraph or the
    next ones), or the end of the text."""
    position = offset
    while position < len(text):
        found_start = _first_sentence_start(text, position, offset)
        if found_start is not None:
            return found_start
        paragraph_end = paragraph_at(text, position)[1]
        found = _NON_SPACE.search(text, max(paragraph_end, position + 1))
        if found is None:
            break
        position = found.start()
    return len(text)


def _first_sentence_start(text: str, position: int, offset: int) -> int | None:
    """The start (after any list marker) of the first sentence of the paragraph at
    ``position`` that starts after ``offset``."""
    for start, end in sentences_around(text, position):
        if start > offset:
            return without_list_marker(text, start, end)[0]
    return None


def previous_sentence_start(text: str, offset: int) -> int:
    """Start of the sentence holding ``offset`` if the cursor is inside it, else of the one
    before; 0 at the top."""
    position = offset
    while position > 0:
        found = _last_sentence_start(text, position, offset)
        if found is not None:
            return found
        back = _text_end_before(text, min(paragraph_at(text, position)[0], position))
        if back <= 0:
            break
        position = back - 1
    return 0


def _last_sentence_start(text: str, position: int, offset: int) -> int | None:
    """The start of the last sentence of the paragraph at ``position`` that starts before
    ``offset``, unless it starts after ``position`` (the paragraph read is a later one)."""
    starts = [without_list_marker(text, s, e)[0] for s, e in sentences_around(text, position)]
    before = [s for s in starts if s < offset]
    return before[-1] if before and before[-1] <= position else None


def _text_end_before(text: str, start: int) -> int:
    """Just past the last character before ``start`` that is not white space, or 0 (from a
    paragraph's start, or a blank line, back over the blank lines before it)."""
    back = start - 1
    while back > 0 and text[back - 1].isspace():
        back -= 1
    return back


def paragraph_number(text: str, offset: int) -> int:
    """The paragraph holding ``offset``, counted from 1 (paragraphs are separated by blank
    lines), for citing a passage as "document, ¶ 12". On a blank line, the paragraph
    before it (1 before the first)."""
    return paragraph_number_in(paragraph_starts(text), offset)


def next_uncoded_paragraph(text: str, coded: Iterable[Span], after: int) -> int | None:
    """Start of the first paragraph starting after ``after`` that no coded span touches
    (where a coder picks up), or None when every later paragraph carries coding."""
    spans = merge_spans(coded)
    ends = [end for _start, end in spans]
    blank_lines = has_blank_lines(text)
    starts = paragraph_starts(text) if blank_lines else _line_starts(text)
    for start in starts[bisect.bisect_right(starts, after) :]:
        found = paragraph_span(text, start, blank_lines)
        if not _touched(spans, ends, start, found[1] if found is not None else start):
            return start
    return None


def _touched(spans: Sequence[Span], ends: Sequence[int], start: int, end: int) -> bool:
    """Whether one of ``spans`` (merged; ``ends``: their ends) starts before ``end`` and ends
    after ``start``."""
    index = bisect.bisect_left(ends, start + 1)
    return index < len(spans) and spans[index][0] < end


def _line_starts(text: str) -> list[int]:
    """Where each non-blank line starts (paragraphs of a text without blank lines)."""
    starts, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(position)
        position += len(line) + 1
    return starts
