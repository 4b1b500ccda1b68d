"""The layout arithmetic behind the document view: display, wrapping, offsets <-> cells."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import cached_cell_len, cell_len, get_character_cell_size

from tui.layout import glyphs as tl
from tui.layout.document_layout import DocumentLayout, RowIndex, split_units
from tui.layout.glyphs import display_char, is_simple
from tui.layout.wrap import TAB_SIZE, LineLayout, count_rows

TRICKY = (
    "ab cd efg",
    " ",
    "\t",
    "日本",
    "😀",
    "e\u0301",
    "\u0301",
    "\u200d",
    "\ufe0f",
    "👩\u200d👧",
    "\u2764\ufe0f",
    "1\ufe0f\u20e3",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\u3000",
    "\xa0",
    "\u2028",
    "\u202e",
    "\xad",
    "“”—",
    "x",
)
tricky_text = st.lists(st.sampled_from(TRICKY), max_size=30).map("".join)
any_text = st.one_of(tricky_text, st.text(max_size=60).map(lambda t: t.replace("\n", " ")))
simple_text = st.text(alphabet="a  é—日", max_size=60)
widths = st.integers(min_value=1, max_value=30)


def positions(layout: LineLayout) -> list[int]:
    """Every offset the cursor may rest on in a line."""
    found = [o for o in range(len(layout.text)) if layout.cluster_start(o) == o]
    return [*found, len(layout.text)] if layout.ends_line else found


def rows_text(layout: LineLayout) -> list[str]:
    return [layout.text[slice(*layout.row_range(row))] for row in range(layout.row_count)]


# ------------------------------------------------------------------ display


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x00", "\u2400"),
        ("\x1b", "\u241b"),
        ("\x07", "\u2407"),
        ("\r", "\u240d"),
        ("\x7f", "\u2421"),
        ("\x85", "\ufffd"),
        ("\x9b", "\ufffd"),
        ("\ud800", "\ufffd"),
        ("\u2028", "\u2424"),
        ("a", "a"),
    ],
)
def test_controls_show_as_visible_pictures(char: str, shown: str) -> None:
    assert display_char(char) == shown


def test_escape_sequences_never_reach_the_terminal() -> None:
    layout = LineLayout("a\x1b[2Jb\x1b]52;c;aGk=\x07c\x9b31m", 80)
    shown = layout.row_text(0)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown == "a␛[2Jb␛]52;c;aGk=␇c\ufffd31m"


def test_markup_is_plain_text() -> None:
    assert LineLayout("[bold red]x[/]", 80).row_text(0) == "[bold red]x[/]"


def test_bidi_controls_are_kept_in_the_text_but_not_shown() -> None:
    layout = LineLayout("a\u202eb", 80)
    assert layout.row_text(0) == "ab"
    assert layout.offset_to_cell(1) == (0, 0)  # attached to the cell before
    assert layout.cell_to_offset(0, 1) == 2


def test_ordinary_prose_with_accents_and_quotes_is_simple() -> None:
    assert is_simple("Café “naïve” — £1,200 co\u2011operation")
    assert not is_simple("tab\there")
    assert not is_simple("日本")
    assert not is_simple("e\u0301")


# ------------------------------------------------------------------ wrapping


def test_words_wrap_at_the_width() -> None:
    layout = LineLayout("hello world this is a test", 12)
    assert rows_text(layout) == ["hello world ", "this is a ", "test"]


def test_ink_leaves_the_last_column_for_a_space_or_the_cursor() -> None:
    layout = LineLayout("abcde fghij", 6)
    assert rows_text(layout) == ["abcde ", "fghij"]
    assert layout.row_cells(1) == 5


def test_long_words_are_broken_between_clusters() -> None:
    assert rows_text(LineLayout("abcdefghij", 5)) == ["abcd", "efgh", "ij"]


def test_wide_characters_move_to_the_next_row_rather_than_split() -> None:
    layout = LineLayout("日本語のテ", 6)
    assert rows_text(layout) == ["日本", "語の", "テ"]
    assert [layout.row_cells(row) for row in range(3)] == [4, 4, 2]


def test_tabs_expand_to_the_next_stop() -> None:
    layout = LineLayout("a\tbc\td", 40)
    assert TAB_SIZE == 4
    assert layout.row_text(0) == "a   bc  d"
    assert layout.offset_to_cell(2) == (0, 4)
    assert [layout.cell_to_offset(0, col) for col in (1, 2, 3)] == [1, 1, 1]


def test_a_tab_at_the_edge_is_shortened() -> None:
    layout = LineLayout("abcde\tf", 7)
    assert layout.row_text(0) == "abcde  "
    assert layout.row_cells(0) == 7


@pytest.mark.parametrize("text", ["\t" * 5, "ab" + " " * 18, "a\t\t\t\t ", " " * 40])
@pytest.mark.parametrize("width", [2, 5, 20])
def test_the_line_end_always_has_a_cell_for_the_cursor(text: str, width: int) -> None:
    """Found by fuzzing: five tabs filled a 20-cell row, and the cursor after them vanished."""
    layout = LineLayout(text, width)
    row, col = layout.offset_to_cell(len(text))
    assert col < width, (row, col)


@given(
    st.lists(st.sampled_from(["a", " ", "\t", "日", "e\u0301", "😀"]), max_size=30).map("".join),
    st.integers(3, 12),  # a wide character and the cursor after it need three cells
)
def test_every_position_has_a_visible_cell(text: str, width: int) -> None:
    layout = LineLayout(text, width)
    for offset in range(len(text) + 1):
        assert layout.offset_to_cell(offset)[1] < width


def test_combining_characters_attach_to_the_cell_before() -> None:
    layout = LineLayout("e\u0301x", 80)
    assert layout.row_text(0) == "e\u0301x"
    assert layout.offset_to_cell(1) == (0, 0)
    assert layout.offset_to_cell(2) == (0, 1)
    assert layout.cluster_end(0) == 2


def test_a_combining_character_with_nothing_before_it_sits_on_a_dotted_circle() -> None:
    layout = LineLayout("\u0301a", 80)
    assert layout.row_text(0) == "\u25cc\u0301a"
    assert layout.row_cells(0) == 2


def test_an_emoji_family_is_one_wide_cluster() -> None:
    layout = LineLayout("👩\u200d👧!", 80)
    assert layout.row_cells(0) == 3
    assert layout.cell_to_offset(0, 1) == 0
    assert layout.cell_to_offset(0, 2) == 3


def test_the_right_half_of_a_wide_character_is_that_character() -> None:
    layout = LineLayout("a日b", 80)
    assert layout.cell_to_offset(0, 1) == 1
    assert layout.cell_to_offset(0, 2) == 1
    assert layout.cell_to_offset(0, 3) == 2


def test_past_the_end_of_the_last_row_is_the_line_end() -> None:
    layout = LineLayout("hello world", 8)
    assert layout.cell_to_offset(1, 50) == 11
    assert layout.cell_to_offset(0, 50) == 5  # the space that ends the wrapped row


def test_past_the_end_of_a_continued_piece_stays_on_its_row() -> None:
    layout = LineLayout("abc", 80, ends_line=False)
    assert layout.cell_to_offset(0, 50) == 2


def test_simple_row_counts_match_the_layout() -> None:
    text = "lorem ipsum dolor sit amet " * 40
    assert count_rows(text, 33) == LineLayout(text, 33).row_count


# ------------------------------------------------------------------ properties


@settings(max_examples=300)
@given(any_text, widths)
def test_wrapping_keeps_every_code_point_in_order(text: str, width: int) -> None:
    layout = LineLayout(text, width)
    assert "".join(rows_text(layout)) == text
    assert all(
        layout.row_range(r)[0] < layout.row_range(r)[1] for r in range(layout.row_count)
    ) or (text == "" and layout.row_count == 1)


@settings(max_examples=300)
@given(any_text, widths)
def test_rows_fit_unless_one_cluster_is_wider_than_the_row(text: str, width: int) -> None:
    layout = LineLayout(text, width)
    for row in range(layout.row_count):
        start, end = layout.row_range(row)
        single = layout.cluster_end(start) >= end
        assert layout.row_cells(row) <= width or single


@settings(max_examples=300)
@given(any_text, widths)
def test_what_we_draw_measures_what_we_laid_out(text: str, width: int) -> None:
    layout = LineLayout(text, width)
    for row in range(layout.row_count):
        assert cell_len(layout.row_text(row)) == layout.row_cells(row)


@settings(max_examples=300)
@given(any_text, widths)
def test_nothing_unsafe_is_drawn(text: str, width: int) -> None:
    layout = LineLayout(text, width)
    for row in range(layout.row_count):
        for char in layout.row_text(row):
            assert unicodedata.category(char) not in ("Cc", "Cs"), repr(char)


@settings(max_examples=300)
@given(any_text, widths, st.booleans())
def test_positions_round_trip_through_cells(text: str, width: int, ends_line: bool) -> None:
    layout = LineLayout(text, width, ends_line=ends_line)
    for offset in positions(layout):
        assert layout.cell_to_offset(*layout.offset_to_cell(offset)) == offset


@settings(max_examples=300)
@given(any_text, widths)
def test_cells_follow_offsets_in_order(text: str, width: int) -> None:
    layout = LineLayout(text, width)
    cells = [layout.offset_to_cell(offset) for offset in range(len(text) + 1)]
    assert cells == sorted(cells)


@settings(max_examples=300)
@given(any_text, widths, st.booleans())
def test_every_position_is_reachable_from_some_cell(text: str, width: int, ends_line: bool) -> None:
    assume(text or ends_line)  # only a line, never a continued piece, can be empty
    layout = LineLayout(text, width, ends_line=ends_line)
    reached = {
        layout.cell_to_offset(row, col)
        for row in range(layout.row_count)
        for col in range(layout.row_cells(row) + 2)
    }
    assert reached == set(positions(layout))


@settings(max_examples=300)
@given(any_text, widths)
def test_each_cell_maps_to_the_cluster_covering_it(text: str, width: int) -> None:
    layout = LineLayout(text, width)
    for row in range(layout.row_count):
        for col in range(layout.row_cells(row)):
            offset = layout.cell_to_offset(row, col)
            start_row, start_col = layout.offset_to_cell(offset)
            assert start_row == row and start_col <= col


@settings(max_examples=1000)
@given(st.one_of(simple_text, any_text), widths)
def test_the_fast_paths_agree_with_the_cluster_by_cluster_wrap(text: str, width: int) -> None:
    fast, slow = LineLayout(text, width), LineLayout(text, width, fast=False)
    assert fast.row_starts == slow.row_starts
    assert [fast.row_text(r) for r in range(fast.row_count)] == [
        slow.row_text(r) for r in range(slow.row_count)
    ]
    assert [fast.offset_to_cell(o) for o in range(len(text) + 1)] == [
        slow.offset_to_cell(o) for o in range(len(text) + 1)
    ]
    assert count_rows(text, width) == slow.row_count


@settings(max_examples=200)
@given(any_text, widths, st.lists(st.integers(0, 70), max_size=5))
def test_runs_split_a_row_without_losing_anything(text: str, width: int, cuts: list[int]) -> None:
    layout = LineLayout(text, width)
    for row in range(layout.row_count):
        runs = layout.row_runs(row, sorted(cuts))
        assert "".join(run for _, run, _ in runs) == layout.row_text(row)
        assert sum(cells for _, _, cells in runs) == layout.row_cells(row)


# ------------------------------------------------------------------ whole documents

document_text = st.lists(st.one_of(tricky_text, st.just("")), max_size=6).map("\n".join)


def document_positions(layout: DocumentLayout) -> list[int]:
    return sorted({layout.snap(offset) for offset in range(len(layout.text) + 1)})


@settings(max_examples=200)
@given(document_text, widths, st.integers(4, 40))
def test_document_points_round_trip(text: str, width: int, max_piece: int) -> None:
    layout = DocumentLayout(text, width, max_piece=max_piece)
    points = [layout.offset_to_point(offset) for offset in range(len(text) + 1)]
    assert points == sorted(points)
    for offset in document_positions(layout):
        assert layout.point_to_offset(*layout.offset_to_point(offset)) == offset


@settings(max_examples=200)
@given(document_text, widths, st.integers(4, 40))
def test_document_rows_show_the_whole_text(text: str, width: int, max_piece: int) -> None:
    layout = DocumentLayout(text, width, max_piece=max_piece)
    shown = []
    while len(shown) < layout.total_rows:  # the total firms up as rows are laid out
        shown.append(layout.row_span(len(shown)))
    rebuilt = "".join(
        text[start:end] + ("\n" if end < len(text) and text[end] == "\n" else "")
        for start, end in shown
    )
    assert rebuilt == text


@settings(max_examples=200)
@given(document_text, widths, st.integers(4, 40))
def test_moving_right_then_left_returns(text: str, width: int, max_piece: int) -> None:
    layout = DocumentLayout(text, width, max_piece=max_piece)
    steps = document_positions(layout)
    for here, there in pairwise(steps):
        assert layout.next_position(here) == there
        assert layout.previous_position(there) == here


@settings(max_examples=100)
@given(document_text, widths)
def test_estimated_and_exact_counts_agree_once_refined(text: str, width: int) -> None:
    lazy = DocumentLayout(text, width, max_piece=16)
    lazy.wrap_all()
    eager = DocumentLayout(text, width, max_piece=16)
    for unit in range(eager.unit_count):
        eager.line_layout(unit)
    assert lazy.total_rows == eager.total_rows
    assert not lazy.uncertain_units()


@settings(max_examples=200)
@given(st.text(alphabet="ab \u0301\u200d日", max_size=200), st.integers(4, 30))
def test_pieces_cover_lines_and_start_on_cluster_boundaries(text: str, max_piece: int) -> None:
    starts, ends, ends_line = split_units(text, max_piece)
    assert starts[0] == 0 and ends[-1] == len(text) and ends_line[-1]
    for index in range(1, len(starts)):
        joined = starts[index] == ends[index - 1]
        assert joined != ends_line[index - 1]
        if joined:
            assert LineLayout(text[starts[index] :], 80).cluster_start(0) == 0
            assert text[starts[index]] not in "\u0301\u200d"


def test_a_megabyte_line_is_laid_out_in_pieces() -> None:
    text = ("word " * 200_000).strip()
    layout = DocumentLayout(text, 100)
    assert layout.unit_count > 200
    y, col = layout.offset_to_point(500_000)
    assert layout.point_to_offset(y, col) == 500_000


@settings(max_examples=200)
@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=400),
    st.lists(st.tuples(st.integers(0, 399), st.integers(1, 5)), max_size=20),
)
def test_row_index_agrees_with_counting(counts: list[int], changes: list[tuple[int, int]]) -> None:
    index = RowIndex(counts)
    for unit, count in changes:
        if unit < len(counts):
            index.set(unit, count)
            counts[unit] = count
    assert index.total == sum(counts)
    expected = [(unit, row) for unit, count in enumerate(counts) for row in range(count)]
    assert [index.locate(y) for y in range(index.total)] == expected
    assert [index.first_row(unit) for unit in range(len(counts))] == [
        sum(counts[:unit]) for unit in range(len(counts))
    ]


def reference_clusters(line: str) -> tuple[list[int], list[str], list[int], list[int]]:
    """The cluster rules written as one plain loop over code points: the oracle."""
    starts: list[int] = []
    glyphs: list[str] = []
    widths: list[int] = []
    kinds: list[int] = []
    measured: str | None = None
    shows_marks = False
    index, count = 0, len(line)
    while index < count:
        char = line[index]
        if char == "\t":
            starts.append(index)
            glyphs.append("")
            widths.append(0)
            kinds.append(tl.TAB)
            measured, shows_marks = None, False
        elif tl.is_picture(ord(char)):
            starts.append(index)
            glyphs.append(display_char(char))
            widths.append(1)
            kinds.append(tl.INK)
            measured, shows_marks = None, False
        elif cells := get_character_cell_size(char):
            starts.append(index)
            glyphs.append(char)
            widths.append(cells)
            kinds.append(tl.SPACE if char in tl.BREAKABLE else tl.INK)
            measured, shows_marks = char, True
        elif not starts:
            starts.append(index)
            glyphs.append(tl.ORPHAN_MARK + (char if tl.shows_zero_width(char) else ""))
            widths.append(1)
            kinds.append(tl.INK)
            measured, shows_marks = None, True
        elif not shows_marks:
            pass
        elif char == "\u200d":
            if index + 1 < count and tl.joinable(line[index + 1]):
                glyphs[-1] += char + line[index + 1]
                index += 2
                continue
        elif char == "\ufe0f":
            if measured is not None:
                glyphs[-1] += char
                widths[-1] += cached_cell_len(measured + "\ufe0f") - cached_cell_len(measured)
                measured = None
        elif tl.shows_zero_width(char):
            glyphs[-1] += char
        index += 1
    return starts, glyphs, widths, kinds


@settings(max_examples=1000)
@given(st.one_of(any_text, st.text(max_size=40)))
def test_clusters_follow_the_reference_rules(text: str) -> None:
    assert tl.clusters(text) == reference_clusters(text)
