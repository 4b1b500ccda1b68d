"""DocumentView driven with Textual's pilot inside a tiny host app."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.color import Color

from tui.layout.document_layout import DocumentLayout
from tui.widgets.document_view import GUTTER, DocumentView, Highlight

PROSE = "The cat, sat on the mat.\nA second line here.\n\nNew paragraph starts.\n\n\nLast one."
MIXED = "a\t日本 e\u0301 😀 z"  # tab, wide, combining, emoji
# offsets: a=0 tab=1 日=2 本=3 ' '=4 e=5 ◌́=6 ' '=7 😀=8 ' '=9 z=10
# cells:   a=0 tab=1-3 日=4-5 本=6-7 ' '=8 é=9 ' '=10 😀=11-12 ' '=13 z=14


class Host(App[None]):
    """The smallest app around a DocumentView: escape is also bound here, to see it bubble."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, text: str = PROSE) -> None:
        super().__init__()
        self.text = text
        self.backs = 0
        self.cursor_messages: list[int] = []
        self.selection_messages: list[tuple[int, int] | None] = []

    def compose(self) -> ComposeResult:
        yield DocumentView(self.text)

    def on_mount(self) -> None:
        self.query_one(DocumentView).focus()

    def action_back(self) -> None:
        self.backs += 1

    def on_document_view_cursor_moved(self, message: DocumentView.CursorMoved) -> None:
        self.cursor_messages.append(message.offset)

    def on_document_view_selection_changed(self, message: DocumentView.SelectionChanged) -> None:
        self.selection_messages.append(message.selection)


def segments(view: DocumentView, y: int) -> list[Segment]:
    return list(view.render_line(y))


def text_of(view: DocumentView, y: int) -> str:
    return "".join(segment.text for segment in segments(view, y))


def style_at(view: DocumentView, y: int, column: int) -> Style:
    """The style of the cell at ``column`` of the text area (after the gutter)."""
    position = 0
    for segment in segments(view, y):
        position += len(segment.text)  # ASCII rows only
        if position > column + GUTTER:
            assert segment.style is not None
            return segment.style
    raise AssertionError("no such cell")


# ------------------------------------------------------------------ keyboard


async def test_arrow_keys_and_hjkl_move_by_cluster() -> None:
    app = Host("ab e\u0301x\nnext")
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("right", "l", "right")
        assert view.cursor == 3
        await pilot.press("right")
        assert view.cursor == 5  # over e + combining acute in one step
        await pilot.press("right", "right")
        assert view.cursor == 7  # past the newline to the next line
        await pilot.press("left", "h")
        assert view.cursor == 5


async def test_up_and_down_keep_the_column() -> None:
    app = Host("abcdef\nab\nabcdef")
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(4)
        await pilot.press("down")
        assert view.cursor == 9  # end of the short line
        await pilot.press("j")
        assert view.cursor == 14  # column 4 again
        await pilot.press("up", "k")
        assert view.cursor == 4


async def test_v_then_movement_selects_from_the_anchor_to_the_cursor() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("v", "l", "l", "l")
        assert view.selection == (0, 3)
        assert view.text[slice(*view.selection)] == "The"
        await pilot.press("w", "w")
        assert view.selection == (0, 9)  # "cat," is one word: a comma is not a stop
        await pilot.press("v")
        assert view.selection is None


async def test_shift_arrows_extend_and_plain_arrows_drop_the_selection() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(4)
        await pilot.press("shift+right", "shift+right", "shift+right")
        assert view.selection == (4, 7)
        await pilot.press("shift+left")
        assert view.selection == (4, 6)
        await pilot.press("shift+down")
        assert view.selection == (4, 31)
        await pilot.press("shift+up")
        assert view.selection == (4, 6)
        await pilot.press("right")
        assert view.selection is None
        assert view.cursor == 7


async def test_w_and_b_move_by_word() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        stops = []
        for _ in range(5):
            await pilot.press("w")
            stops.append(view.cursor)
        assert stops == [4, 9, 13, 16, 20]  # cat, sat on the mat.
        await pilot.press("b", "b")
        assert view.cursor == 13
        view.move_cursor(11)  # inside "sat"
        await pilot.press("b")
        assert view.cursor == 9


async def test_e_o_and_parentheses_select_a_clause_from_either_end() -> None:
    text = "Attendance was 58%, slightly above the national average. Next one here.\n\n- A bullet."
    app = Host(text)
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("w", "w", "v", "e", "e")
        assert view.text[slice(*view.selection)] == "58%, slightly"
        await pilot.press("o", "b", "o", "e")  # the start back a word, the end on a word
        assert view.text[slice(*view.selection)] == "was 58%, slightly above"
        await pilot.press("o", "w", "w")  # the start forward: shrink from the left
        assert view.text[slice(*view.selection)] == "slightly above"
        await pilot.press("escape", "right_parenthesis")
        assert view.text[view.cursor :].startswith("Next one")
        await pilot.press("right_parenthesis")
        assert view.text[view.cursor :] == "A bullet."  # the list marker is not a sentence
        await pilot.press("left_parenthesis", "left_parenthesis")
        assert view.cursor == 0


async def test_braces_move_by_paragraph() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        second, third = PROSE.index("New"), PROSE.index("Last")
        await pilot.press("}")
        assert view.cursor == second
        await pilot.press("}")
        assert view.cursor == third
        await pilot.press("}")
        assert view.cursor == len(PROSE)
        await pilot.press("{")
        assert view.cursor == third
        view.move_cursor(second + 4)
        await pilot.press("{")
        assert view.cursor == second
        await pilot.press("{")
        assert view.cursor == 0


async def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    app = Host("one\ntwo\nthree")
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("}", "}")
        assert view.cursor == 8
        await pilot.press("{")
        assert view.cursor == 4


async def test_home_end_and_document_ends() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(6)
        await pilot.press("end")
        assert view.cursor == 24  # the newline ending the first line
        await pilot.press("home")
        assert view.cursor == 0
        await pilot.press("ctrl+end")
        assert view.cursor == len(PROSE)
        await pilot.press("ctrl+home")
        assert view.cursor == 0


async def test_page_down_moves_a_screen_and_keeps_the_cursor_in_view() -> None:
    text = "\n".join(f"line {n}" for n in range(100))
    app = Host(text)
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("pagedown")
        assert view.cursor == text.index("line 9\n")
        assert view.scroll_offset.y == 9
        await pilot.press("pagedown", "pageup")
        assert view.cursor == text.index("line 9\n")
        await pilot.press("ctrl+end")
        y, _ = DocumentLayout(text, 36).offset_to_point(view.cursor)
        assert view.scroll_offset.y <= y < view.scroll_offset.y + 10


async def test_escape_clears_the_selection_then_bubbles_to_the_app() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("v", "l", "l")
        await pilot.press("escape")
        assert view.selection is None
        assert app.backs == 0
        await pilot.press("escape")
        assert app.backs == 1


async def test_bindings_have_ids_the_app_can_remap() -> None:
    ids = {binding.id for binding in DocumentView.BINDINGS if isinstance(binding, Binding)}
    assert {"document.cursor_left", "document.toggle_selection", "document.clear_selection"} <= ids
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        app.set_keymap({"document.cursor_right": "x"})
        await pilot.press("x", "x")
        assert app.query_one(DocumentView).cursor == 2


async def test_moves_and_selections_are_announced() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.press("v", "l", "l")
        await pilot.pause()
        assert app.cursor_messages[-1] == 2
        assert app.selection_messages[-1] == (0, 2)
        await pilot.press("escape")
        await pilot.pause()
        assert app.selection_messages[-1] is None


# ------------------------------------------------------------------ mouse


async def test_click_moves_the_cursor_on_wide_tab_and_past_the_end() -> None:
    app = Host(MIXED)
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        for column, offset in [(7, 3), (6, 3), (3, 1), (9, 5), (12, 8), (30, len(MIXED))]:
            await pilot.click(view, offset=(GUTTER + column, 0))
            assert view.cursor == offset, column
        assert view.selection is None


async def test_drag_selects_whole_clusters_between_press_and_pointer() -> None:
    app = Host(MIXED)
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.mouse_down(view, offset=(GUTTER + 5, 0))  # right half of 日
        await pilot.hover(view, offset=(GUTTER + 10, 0))
        await pilot.hover(view, offset=(GUTTER + 12, 0))  # right half of 😀
        await pilot.mouse_up(view, offset=(GUTTER + 12, 0))
        assert view.selection == (2, 9)
        assert view.text[2:9] == "日本 e\u0301 😀"

        await pilot.mouse_down(view, offset=(GUTTER + 9, 0))  # é (e + combining)
        await pilot.hover(view, offset=(GUTTER + 2, 0))  # inside the tab
        await pilot.mouse_up(view, offset=(GUTTER + 2, 0))
        assert view.selection == (1, 7)
        assert view.cursor == 1


async def test_a_click_clears_a_drag_selection() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.mouse_down(view, offset=(GUTTER, 0))
        await pilot.hover(view, offset=(GUTTER + 2, 1))
        await pilot.mouse_up(view, offset=(GUTTER + 2, 1))
        assert view.text[slice(*view.selection)] == "The cat, sat on the mat.\nA second"
        await pilot.click(view, offset=(GUTTER + 4, 0))
        assert view.selection is None and view.cursor == 4


async def test_a_drag_snaps_to_words_and_a_shift_drag_to_characters() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.mouse_down(view, offset=(GUTTER + 5, 0))  # inside "cat,"
        await pilot.hover(view, offset=(GUTTER + 10, 0))  # inside "sat"
        await pilot.mouse_up(view, offset=(GUTTER + 10, 0))
        assert view.text[slice(*view.selection)] == "cat, sat"
        await pilot.mouse_down(view, offset=(GUTTER + 5, 0), shift=True)
        await pilot.hover(view, offset=(GUTTER + 10, 0))
        await pilot.mouse_up(view, offset=(GUTTER + 10, 0))
        assert view.text[slice(*view.selection)] == "at, sa"
        await pilot.click(view, offset=(GUTTER + 4, 0))
        assert view.selection is None and view.cursor == 4


async def test_mouse_wheel_scrolls() -> None:
    app = Host("\n".join(f"line {n}" for n in range(100)))
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        for _ in range(3):
            view.post_message(events.MouseScrollDown(view, 3, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert view.scroll_offset.y > 0
        assert view.cursor == 0


# ------------------------------------------------------------------ drawing


async def test_highlights_tint_the_text_and_mark_the_gutter() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(30)
        view.set_highlights([Highlight(4, 7, "#ff0000", "a1", "strength")])
        await pilot.pause()
        plain, tinted = style_at(view, 0, 1), style_at(view, 0, 5)
        assert tinted.bgcolor != plain.bgcolor
        gutter = segments(view, 0)[0]
        assert gutter.text == "▌"
        assert gutter.style is not None and gutter.style.color == Color.parse("#ff0000").rich_color
        assert segments(view, 1)[0].text == "  "


async def test_overlapping_highlights_look_different_and_mark_the_gutter() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(30)
        view.set_highlights([Highlight(0, 7, "#ff0000", "a1"), Highlight(4, 12, "#0000ff", "a2")])
        await pilot.pause()
        red, both, blue = style_at(view, 0, 1), style_at(view, 0, 5), style_at(view, 0, 10)
        assert len({red.bgcolor, both.bgcolor, blue.bgcolor}) == 3
        assert both.underline and not red.underline and not blue.underline
        assert segments(view, 0)[0].text == "≡"
        assert [h.key for h in view.highlight_at(5)] == ["a1", "a2"]


async def test_highlights_stay_tints_on_a_light_theme() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        app.theme = "textual-light"
        view = app.query_one(DocumentView)
        view.move_cursor(30)
        view.set_highlights([Highlight(4, 7, "#c62828", "a1")])
        await pilot.pause()
        background = Color.from_rich_color(style_at(view, 0, 1).bgcolor)
        tint = Color.from_rich_color(style_at(view, 0, 5).bgcolor)
        red = Color.parse("#c62828")
        assert background.brightness > 0.5
        assert tint.brightness > red.brightness  # lighter than the code colour: text stays legible


async def test_the_cursor_is_a_reversed_cell_and_the_selection_is_coloured() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.select(4, 7)
        await pilot.pause()
        assert style_at(view, 0, 7).reverse  # cursor after the selection
        assert style_at(view, 0, 5).bgcolor != style_at(view, 0, 1).bgcolor
        assert not style_at(view, 0, 1).reverse


async def test_the_dateline_has_its_own_style() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(30)
        view.set_dateline(4, 7)
        await pilot.pause()
        assert style_at(view, 0, 5).italic and not style_at(view, 0, 1).italic
        view.set_dateline(None)
        await pilot.pause()
        assert not style_at(view, 0, 5).italic


async def test_markup_in_the_text_is_shown_literally_and_styles_nothing() -> None:
    text = "[bold red]x[/] [link=file:///etc/passwd]y[/link] [@click=app.quit]z[/]"
    app = Host(text)
    async with app.run_test(size=(100, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(len(text))
        await pilot.pause()
        assert text in text_of(view, 0)
        for segment in segments(view, 0):
            style = segment.style or Style()
            assert not style.bold and style.link is None and not style.meta
        assert app.is_running


async def test_escape_sequences_show_as_pictures_and_never_reach_the_terminal() -> None:
    text = (
        "clear\x1b[2J\x1b[H title\x1b]0;pwned\x07 copy\x1b]52;c;ZXZpbA==\x07 "
        "link\x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\ csi\x9b31m bell\x07 del\x7f"
    )
    app = Host(text)
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        shown = "".join(text_of(view, y) for y in range(6))
        assert "␛[2J" in shown and "␛]52;c;" in shown and "␇" in shown and "␡" in shown
        for y in range(10):
            for segment in segments(view, y):
                assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in segment.text)


async def test_resizing_rewraps_and_keeps_the_cursor() -> None:
    text = " ".join(f"word{n}" for n in range(60))
    app = Host(text)
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(200)
        await pilot.pause()
        narrow = view.virtual_size.height
        await pilot.resize_terminal(80, 10)
        await pilot.pause()
        assert view.virtual_size.height < narrow
        assert all(len(text_of(view, y).rstrip()) <= 78 for y in range(view.virtual_size.height))
        assert view.cursor == 200


async def test_a_readable_maximum_width_centres_the_text() -> None:
    text = " ".join(f"word{n}" for n in range(60))
    app = Host(text)
    async with app.run_test(size=(80, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.max_width = 30
        await pilot.pause()
        margin = (80 - 2 - GUTTER - 30) // 2  # scrollbar, gutter, column
        row = text_of(view, 0)
        assert row.startswith(" " * (margin + GUTTER)) and row[margin + GUTTER] == "w"
        assert len(row[margin + GUTTER :].rstrip()) <= 30
        assert view.offset_at(margin + GUTTER + 1, 0) == 1


async def test_a_megabyte_on_one_line_loads_and_renders() -> None:
    text = " ".join(("report", "日本語", "words") * 70_000)
    assert len(text) > 1_000_000
    app = Host(text)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        assert text_of(view, 0).strip().startswith("report 日本語 words")
        await pilot.press("ctrl+end")
        await pilot.pause()
        bottom = view.scroll_offset.y
        assert bottom > 10_000
        assert any("words" in text_of(view, y) for y in range(24))
        start, end = view.visible_range()
        assert end == len(text) and start < end


async def test_large_texts_count_their_rows_in_the_background() -> None:
    text = "\n\n".join(" ".join(["paragraph"] * (40 + n % 50)) for n in range(600))
    assert len(text) > 200_000
    app = Host(text)
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(DocumentView)
        for _ in range(50):
            await pilot.pause()
            exact = DocumentLayout(text, 56)
            exact.wrap_all()
            if view.virtual_size.height == exact.total_rows:
                break
        assert view.virtual_size.height == exact.total_rows


# ------------------------------------------------------------------ API


async def test_scroll_to_offset_and_visible_range() -> None:
    text = "\n".join(f"line {n}" for n in range(200))
    app = Host(text)
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        target = text.index("line 150")
        view.scroll_to_offset(target)
        await pilot.pause()
        start, end = view.visible_range()
        assert start < target < end
        assert view.offset_at(GUTTER, 5) == target


async def test_highlight_navigation_is_by_start() -> None:
    view = DocumentView(PROSE)
    first, second = Highlight(10, 20, "#00ff00", "b"), Highlight(2, 30, "#ff0000", "a")
    view.set_highlights([first, second])
    assert view.next_highlight(0) == second
    assert view.next_highlight(2) == first
    assert view.next_highlight(10) is None
    assert view.previous_highlight(10) == second
    assert view.previous_highlight(2) is None
    assert view.highlight_at(15) == [second, first]


async def test_load_resets_cursor_selection_and_highlights() -> None:
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        view.set_highlights([Highlight(0, 3, "#ff0000", "a")])
        view.select(2, 5)
        view.load("fresh text")
        await pilot.pause()
        assert (view.cursor, view.selection, view.highlights) == (0, None, [])
        assert text_of(view, 0).startswith("  fresh text")


async def test_an_empty_document_takes_every_key() -> None:
    app = Host("")
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("right", "down", "w", "b", "}", "{", "end", "pagedown", "v", "l")
        assert (view.cursor, view.selection) == (0, None)
        assert view.visible_range() == (0, 0)
        assert segments(view, 0)[1].style.reverse  # the cursor, after the gutter


async def test_the_cursor_never_rests_inside_a_cluster() -> None:
    app = Host("xe\u0301y")
    async with app.run_test(size=(40, 10)):
        view = app.query_one(DocumentView)
        view.move_cursor(2)
        assert view.cursor == 1
        view.select(2, 3)  # selections keep the offsets they are given
        assert view.selection == (2, 3)
