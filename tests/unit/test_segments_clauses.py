"""Segments a coder selects by: words with their punctuation, clauses, sentence starts, list
markers left out, paragraph numbers for citing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.segments import (
    clause_spans,
    clauses_around,
    next_sentence_start,
    next_word_start,
    paragraph_number,
    paragraph_span,
    previous_sentence_start,
    previous_word_end,
    previous_word_start,
    sentence_spans,
    without_list_marker,
    word_end,
)

TEXT = (
    "Attendance was 58%, slightly above the national average, and rising (as last year). "
    "Next one: here.\n\n"
    "- The bullet one. And two.\n"
    "• second bullet\n\n"
    "12. Numbered item."
)


def quotes(spans: list[tuple[int, int]], text: str = TEXT) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_a_word_carries_the_punctuation_it_touches():
    start = TEXT.index("58%")
    assert next_word_start(TEXT, TEXT.index("was")) == start
    assert TEXT[start : word_end(TEXT, start)] == "58%,"
    assert next_word_start(TEXT, start) == TEXT.index("slightly")
    assert previous_word_start(TEXT, TEXT.index("slightly")) == start
    assert previous_word_start(TEXT, start + 2) == start  # inside a word: its start


def test_word_end_steps_to_the_next_end_from_an_end():
    first = word_end(TEXT, 0)
    assert TEXT[:first] == "Attendance"
    assert TEXT[first : word_end(TEXT, first)] == " was"
    assert previous_word_end(TEXT, word_end(TEXT, first)) == first
    assert word_end(TEXT, len(TEXT)) == len(TEXT)


def test_clauses_split_at_commas_colons_dashes_and_asides():
    sentence = next(iter(sentence_spans(TEXT)))
    assert quotes(clause_spans(TEXT, *sentence)) == [
        "Attendance was 58%",
        "slightly above the national average",
        "and rising",
        "(as last year).",
    ]
    dashed = "Staffing is stable – for now; leaders know this."
    assert quotes(clause_spans(dashed, 0, len(dashed)), dashed) == [
        "Staffing is stable",
        "for now",
        "leaders know this.",
    ]
    assert quotes(clauses_around(TEXT, 0))[-2:] == ["Next one", "here."]


def test_sentence_starts_skip_list_markers_and_cross_paragraphs():
    starts = []
    position = 0
    while position < len(TEXT):
        position = next_sentence_start(TEXT, position)
        starts.append(TEXT[position : position + 8])
    assert starts == ["Next one", "The bull", "And two.", "second b", "Numbered", ""]
    back = [previous_sentence_start(TEXT, TEXT.index(s)) for s in ("second", "The bullet")]
    assert [TEXT[b : b + 8] for b in back] == ["And two.", "Next one"]
    inside = TEXT.index("bullet one")
    assert TEXT[previous_sentence_start(TEXT, inside) :].startswith("The bullet")
    assert previous_sentence_start(TEXT, 5) == 0


def test_list_markers_are_left_out_of_a_selection():
    paragraph = paragraph_span(TEXT, TEXT.index("The bullet"), True)
    assert paragraph is not None
    start, end = without_list_marker(TEXT, *paragraph)
    assert TEXT[start:end].startswith("The bullet one.")
    numbered = TEXT.index("12.")
    assert TEXT[slice(*without_list_marker(TEXT, numbered, len(TEXT)))] == "Numbered item."
    plain = TEXT.index("Next")
    assert without_list_marker(TEXT, plain - 1, plain + 4) == (plain, plain + 4)
    # a hyphen inside a line is not a marker
    hyphen = "well-led - and safe"
    assert without_list_marker(hyphen, 5, len(hyphen)) == (5, len(hyphen))


def test_paragraph_numbers_count_from_one():
    assert paragraph_number(TEXT, 0) == 1
    assert paragraph_number(TEXT, TEXT.index("The bullet")) == 2
    assert paragraph_number(TEXT, TEXT.index("second")) == 2
    assert paragraph_number(TEXT, TEXT.index("Numbered")) == 3
    assert paragraph_number("\n\n  \nFirst.\n\nSecond.", 14) == 2


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=" \n,.;:-()aZ1%", max_size=60), st.integers(0, 60))
def test_word_motions_stay_in_the_text_and_move_the_right_way(text, offset):
    offset = min(offset, len(text))
    assert offset <= next_word_start(text, offset) <= len(text)
    assert next_word_start(text, offset) > offset or offset == len(text)
    assert 0 <= previous_word_start(text, offset) <= offset
    assert offset <= word_end(text, offset) <= len(text)
    assert offset <= next_sentence_start(text, offset) <= len(text)
    assert 0 <= previous_sentence_start(text, offset) <= max(offset, 0)
    for start, end in clauses_around(text, offset):
        assert text[start:end].strip() == text[start:end] != ""


def test_the_next_uncoded_paragraph_skips_coded_ones():
    from annotations.segments import next_uncoded_paragraph

    text = "One.\n\nTwo two.\n\nThree.\n\nFour."
    two, three, four = (text.index(w) for w in ("Two", "Three", "Four"))
    assert next_uncoded_paragraph(text, [], -1) == 0
    assert next_uncoded_paragraph(text, [(0, 4)], -1) == two
    assert next_uncoded_paragraph(text, [(0, 4), (two + 4, two + 7)], 0) == three
    assert next_uncoded_paragraph(text, [(three, four + 2)], two) is None
    assert next_uncoded_paragraph("a\nb\nc", [(0, 1)], -1) == 2  # no blank lines: by line
