"""Segments: spans, lines, paragraphs and sentences, one definition for the core and the reader."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.segments import (
    PARAGRAPH_LIMIT,
    covered_characters,
    has_blank_lines,
    is_blank,
    line_at,
    merge_spans,
    next_paragraph,
    one_line,
    paragraph_at,
    paragraph_span,
    previous_paragraph,
    sentence_spans,
    sentences_around,
    shared_characters,
    trimmed,
)

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12)
lines = st.lists(st.sampled_from(["", " ", "\t", "\u00a0", "One line.", "two", "  x  "]))
texts = lines.map("\n".join)


# --- spans ----------------------------------------------------------------------------------


def test_covered_characters_counts_overlaps_once():
    assert covered_characters([(0, 5), (3, 8), (10, 12), (11, 11)]) == 10


def test_shared_characters_intersects_the_unions():
    assert shared_characters([(0, 5), (3, 8)], [(6, 12), (0, 1)]) == 3


def test_merge_spans_joins_overlapping_and_touching_spans_and_drops_empty_ones():
    assert merge_spans([(8, 10), (0, 3), (3, 5), (4, 6), (7, 7), (9, 2)]) == [(0, 6), (8, 10)]


@settings(max_examples=200)
@given(spans)
def test_merge_spans_covers_exactly_the_characters_of_its_spans(given_spans):
    merged = merge_spans(given_spans)
    assert {i for a, b in merged for i in range(a, b)} == {
        i for a, b in given_spans for i in range(a, b)
    }
    assert all(a < b for a, b in merged)
    assert all(b1 < a2 for (_a1, b1), (a2, _b2) in pairwise(merged))


def test_trimmed_drops_white_space_at_the_edges_only():
    text = "  a passage, \n kept  \t"
    start, end = trimmed(text, 0, len(text))
    assert text[start:end] == "a passage, \n kept"


def test_trimmed_white_space_shrinks_to_its_end():
    assert trimmed("ab   cd", 2, 5) == (5, 5)
    assert trimmed("ab", 1, 1) == (1, 1)


@settings(max_examples=200)
@given(st.text(alphabet=" \t\n\u00a0ab", max_size=20), st.data())
def test_trimmed_is_the_span_without_edge_white_space(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = trimmed(text, start, end)
    assert text[a:b] == text[start:end].strip()
    assert start <= a <= b <= end


def test_one_line_flattens_white_space_and_marks_a_cut():
    assert one_line("a  b\n\tc", 80) == "a b c"
    assert one_line("abcdefghij", 5) == "abcd…"
    assert one_line("abcdefghij", 5, mark="") == "abcde"


def test_one_line_reads_only_the_head_of_a_huge_text():
    huge = "word " * 10_000_000  # 50 MB: splitting it whole would take seconds
    assert one_line(huge, 12) == "word word w…"


@settings(max_examples=200)
@given(st.text(alphabet=" \n\tab", max_size=3000), st.integers(1, 200))
def test_one_line_without_a_mark_is_the_flattened_text_cut(text, limit):
    assert one_line(text, limit, mark="") == " ".join(text.split())[:limit]


# --- lines and blank lines ------------------------------------------------------------------


def test_line_at_is_the_line_without_its_break():
    text = "one\ntwo\n\nfour"
    assert line_at(text, 5) == (4, 7)
    assert line_at(text, 3) == (0, 3)  # on the line break: the line it ends
    assert line_at(text, 8) == (8, 8)


def test_a_line_of_any_white_space_is_blank():
    assert is_blank("a\n \t\u00a0\u3000\nb", 2, 6)
    assert has_blank_lines("para one\n \u00a0 \npara two")
    assert not has_blank_lines("line one\nline two\n")


# --- paragraphs -----------------------------------------------------------------------------


def test_paragraph_at_finds_the_paragraph_or_the_next_after_blank_lines():
    text = "Title line\n\nFirst one. Second!\nA list item\n\n\n  Last para.\n"
    assert text[slice(*paragraph_at(text, 3))] == "Title line"
    assert text[slice(*paragraph_at(text, 11))] == "First one. Second!\nA list item"  # blank
    assert text[slice(*paragraph_at(text, text.index("Second")))].startswith("First one.")
    assert text[slice(*paragraph_at(text, text.index("\n\n\n") + 1))] == "Last para."
    assert paragraph_at(text, len(text)) == (len(text), len(text))  # past the last line
    assert paragraph_at("", 0) == (0, 0)


def test_paragraph_span_is_what_a_triple_click_selects():
    text = "Title\n\nFirst line\nsecond line\n\u00a0\nLast"
    assert text[slice(*paragraph_span(text, 9, True))] == "First line\nsecond line"
    assert text[slice(*paragraph_span(text, 9, False))] == "First line"
    assert paragraph_span(text, 6, True) is None  # a blank line
    assert paragraph_span(text, text.index("\u00a0"), True) is None  # white space only


def test_braces_move_to_paragraph_starts():
    text = "The cat.\nA second line.\n\nNew paragraph.\n\n\nLast one."
    starts = [0, text.index("New"), text.index("Last"), len(text)]
    assert next_paragraph(text, 0, True) == starts[1]
    assert next_paragraph(text, starts[1], True) == starts[2]
    assert next_paragraph(text, starts[2], True) == starts[3]
    assert previous_paragraph(text, len(text), True) == starts[2]
    assert previous_paragraph(text, starts[2], True) == starts[1]
    assert previous_paragraph(text, starts[1] + 3, True) == starts[1]  # its own start
    assert previous_paragraph(text, starts[1], True) == 0


def test_without_blank_lines_each_line_is_a_paragraph():
    text = "one\ntwo\nthree"
    assert next_paragraph(text, 0, False) == 4
    assert previous_paragraph(text, 9, False) == 8
    assert previous_paragraph(text, 8, False) == 4


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Reference: every run of non-blank lines, found by splitting the whole text."""
    found, start, offset = [], None, 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            start = offset if start is None else start
            last_end = end
        elif start is not None:
            found.append((start, last_end))
            start = None
        offset = end + 1
    if start is not None:
        found.append((start, last_end))
    return found


@settings(max_examples=200)
@given(texts, st.data())
def test_paragraphs_are_the_runs_of_lines_between_blank_lines(text, data):
    offset = data.draw(st.integers(0, len(text)))
    expected = next((p for p in _paragraphs(text) if p[0] <= offset <= p[1]), None)
    assert paragraph_span(text, offset, True) == expected
    after = [p[0] for p in _paragraphs(text) if p[0] > offset]
    assert next_paragraph(text, offset, True) == (after[0] if after else len(text))


# --- sentences ------------------------------------------------------------------------------


def test_sentences_split_at_full_stops_and_lines():
    text = "First one. Second one!\nA heading\n\n  Third (sort of)? yes"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "First one.",
        "Second one!",
        "A heading",
        "Third (sort of)? yes",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (  # titles and initials keep their full stops
            "Dr. Sarah Jones joins from St. Mary's Trust. J. Bloggs agreed.",
            ["Dr. Sarah Jones joins from St. Mary's Trust.", "J. Bloggs agreed."],
        ),
        (  # council minutes: councillors, e.g., times, numbers
            "Cllr. Smith said no. It was 9 a.m. on Monday, e.g. Item No. 5 on p. 12 moved.",
            ["Cllr. Smith said no.", "It was 9 a.m. on Monday, e.g. Item No. 5 on p. 12 moved."],
        ),
        (  # numbered items keep their number, with ordinary or no-break spaces after it
            "1.\u00a0\u00a0 The Director reported. Staff agreed.\n2.    Members asked.",
            ["1.\u00a0\u00a0 The Director reported.", "Staff agreed.", "2.    Members asked."],
        ),
        (  # a paragraph wrapped by hand is one sentence; list items and headings stand alone
            "Leaders know their children well and visit them regularly, as they said they\n"
            "would do.\nA heading\n- a bullet item\nA short line\ncontinues here.",
            [
                "Leaders know their children well and visit them regularly, as they said they"
                "\nwould do.",
                "A heading",
                "- a bullet item",
                "A short line\ncontinues here.",
            ],
        ),
        (  # labels are not initials; times end a sentence unless a day or month follows
            "See Appendix A. The Committee agreed. It began at 7 p.m. Apologies were given. "
            "We meet at 9 a.m. Monday. The U.K. Government wrote on 5 Jan. 2009 to us.",
            [
                "See Appendix A.",
                "The Committee agreed.",
                "It began at 7 p.m.",
                "Apologies were given.",
                "We meet at 9 a.m. Monday.",
                "The U.K. Government wrote on 5 Jan. 2009 to us.",
            ],
        ),
        ("Dates stay whole: 09/11/2009, 4.5 and 2,000. Yes.", None),
    ],
)
def test_sentences_respect_abbreviations_list_numbers_and_wrapped_lines(text, sentences):
    found = [text[s:e] for s, e in sentence_spans(text)]
    if sentences is None:
        assert found == ["Dates stay whole: 09/11/2009, 4.5 and 2,000.", "Yes."]
    else:
        assert found == sentences


def test_sentences_around_reads_only_the_paragraph_at_the_offset():
    text = "Before. Not this.\n\nOne here. Two there!\nThree\n\nAfter."
    found = [text[a:b] for a, b in sentences_around(text, text.index("Two"))]
    assert found == ["One here.", "Two there!", "Three"]


def test_sentences_and_paragraphs_stay_fast_on_a_five_megabyte_text():
    """Each stop looks only near itself, never back to the start of the text: a quadratic
    splitter would not finish this (the suite's timeout would stop it)."""
    long_line = "Item No. 5 was moved by Cllr. Smith at 7 p.m. The meeting ended. " * 80_000
    assert len(list(sentence_spans(long_line))) == 160_000
    around = sentences_around(long_line, len(long_line) // 2)
    assert len(around) > 0 and around[-1][1] - around[0][0] <= PARAGRAPH_LIMIT
    many = "A line of a list without blank lines.\n" * 130_000
    start, end = paragraph_at(many, len(many) // 2)
    assert many[start:end] == "A line of a list without blank lines."


def test_paragraphs_are_numbered_from_one_between_blank_lines():
    from annotations.segments import paragraph_number_in, paragraph_starts

    text = "\n\nTitle\n\nOne, two\nlines.\n \t\n\nTwo.\n\n"
    starts = paragraph_starts(text)
    number = {
        word: paragraph_number_in(starts, text.index(word)) for word in ("Title", "lines", "Two")
    }
    assert number == {"Title": 1, "lines": 2, "Two": 3}
    assert paragraph_number_in(starts, len(text)) == 3  # trailing blank lines start nothing
    assert paragraph_number_in(starts, text.index("\n \t")) == 2  # the blanks after belong to it
    assert paragraph_starts("") == [0] and paragraph_number_in([0], 0) == 1
