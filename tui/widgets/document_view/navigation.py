"""Moving the cursor and selecting in the document view: keys and mouse gestures over a
cursor and a selection anchor. The view (``view.py``) supplies the layout and the drawing; what
it must provide is declared at the end of ``DocumentNavigation``.

Selections are half-open ranges: the selected text runs from the anchor up to, not including,
the cursor (as in editors). Left/right move by cluster (across newlines); up/down by display
row, keeping the column; ``w``/``b`` to word starts and ``e`` to a word's end (a word carries
the punctuation it touches: "58%," is one); ``)``/``(`` to sentence starts; ``}``/``{`` to
paragraph starts. In a selection, movement moves one end (the cursor) and ``o`` swaps which end
that is, so either end grows or shrinks by a word, a sentence, a line. A mouse drag selects
whole words from the word pressed to the word under the pointer (shift+drag: every cluster
between the two cells, both included); a double click selects a word, a triple click a
paragraph. A drag from a passage's first or last character moves that edge instead
(``dragging``).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.scroll_view import ScrollView

from annotations.segments import (
    has_blank_lines,
    next_paragraph,
    next_sentence_start,
    next_word_start,
    paragraph_span,
    previous_paragraph,
    previous_sentence_start,
    previous_word_start,
    word_end,
)
from tui.layout.document_layout import DocumentLayout
from tui.layout.words import word_at
from tui.widgets.document_view.edges import word_start, word_stop
from tui.widgets.document_view.highlights import changed_spans


class DocumentNavigation(ScrollView, inherit_bindings=False):
    """The cursor, the selection and every key and gesture that moves them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "cursor_left", "Left", show=False, id="document.cursor_left"),
        Binding("right,l", "cursor_right", "Right", show=False, id="document.cursor_right"),
        Binding("up,k", "cursor_up", "Up", show=False, id="document.cursor_up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="document.cursor_down"),
        Binding("w", "word_next", "Next word", show=False, id="document.word_next"),
        Binding("b", "word_previous", "Previous word", show=False, id="document.word_previous"),
        Binding("e", "word_end", "Word end", show=False, id="document.word_end"),
        Binding(
            "right_parenthesis",
            "sentence_next",
            "Next sentence",
            show=False,
            id="document.sentence_next",
        ),
        Binding(
            "left_parenthesis",
            "sentence_previous",
            "Previous sentence",
            show=False,
            id="document.sentence_previous",
        ),
        Binding(
            "right_curly_bracket",
            "paragraph_next",
            "Next paragraph",
            show=False,
            id="document.paragraph_next",
        ),
        Binding(
            "left_curly_bracket",
            "paragraph_previous",
            "Previous paragraph",
            show=False,
            id="document.paragraph_previous",
        ),
        Binding("pageup", "page_up", "Page up", show=False, id="document.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="document.page_down"),
        Binding("home", "line_start", "Line start", show=False, id="document.line_start"),
        Binding("end", "line_end", "Line end", show=False, id="document.line_end"),
        Binding("ctrl+home", "document_start", "Top", show=False, id="document.document_start"),
        Binding("ctrl+end", "document_end", "Bottom", show=False, id="document.document_end"),
        Binding("v", "toggle_selection", "Select", id="document.toggle_selection"),
        Binding("shift+left", "select_left", "Extend left", show=False, id="document.select_left"),
        Binding(
            "shift+right", "select_right", "Extend right", show=False, id="document.select_right"
        ),
        Binding("shift+up", "select_up", "Extend up", show=False, id="document.select_up"),
        Binding("shift+down", "select_down", "Extend down", show=False, id="document.select_down"),
        Binding("o", "swap_ends", "Other end", id="document.swap_ends"),
        Binding("escape", "clear_selection", "Clear selection", id="document.clear_selection"),
    ]

    def __init__(
        self,
        text: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = text
        self._blank_paragraphs = has_blank_lines(text)
        self._cursor = 0
        self._anchor: int | None = None
        self._selecting = False
        self._goal_col: int | None = None
        self._drag_origin: int | None = None
        self._drag_cell: tuple[int, int] | None = None
        self._drag_words = True

    def _reset_navigation(self, text: str) -> None:
        """Another text: cursor at its start, no selection."""
        self._text = text
        self._blank_paragraphs = has_blank_lines(text)
        self._cursor = 0
        self._anchor = None
        self._selecting = False
        self._goal_col = None
        self._drag_origin = None
        self._drag_cell = None

    @property
    def cursor(self) -> int:
        """Code-point offset of the cursor (always a cluster start or a line end)."""
        return self._cursor

    @cursor.setter
    def cursor(self, offset: int) -> None:
        self.move_cursor(offset)

    @property
    def selection_start(self) -> int | None:
        """Where the selection started; the selection runs from here to the cursor."""
        return self._anchor

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range (start < end), or None."""
        if self._anchor is None or self._anchor == self._cursor:
            return None
        return min(self._anchor, self._cursor), max(self._anchor, self._cursor)

    def move_cursor(self, offset: int, select: bool = False) -> None:
        """Put the cursor at ``offset`` (snapped to a cluster start); ``select`` extends."""
        self._move(self._layout_now().snap(offset), extend=select)

    def select(self, start: int, end: int) -> None:
        """Select [start, end); the cursor goes to ``end``. Movement then moves that end (``o``
        swaps ends), as after ``v``: a sentence selected is shrunk or grown by words."""
        size = len(self._text)
        start, end = max(0, min(start, size)), max(0, min(end, size))
        self._selecting = start != end
        self._goal_col = None
        self._update(end, start)

    def clear_selection(self) -> None:
        """Drop the selection and leave selection mode."""
        self._selecting = False
        if self._anchor is not None:
            self._update(self._cursor, None)

    # ------------------------------------------------------------------ state changes

    def _update(self, cursor: int, anchor: int | None) -> None:
        """Set cursor and anchor, repaint what changed, keep the cursor in view, and tell."""
        old_cursor, old_anchor, old_selection = self._cursor, self._anchor, self.selection
        self._cursor, self._anchor = cursor, anchor
        selection = self.selection
        if cursor != old_cursor:
            self._invalidate(old_cursor, old_cursor)
            self._invalidate(cursor, cursor)
        if selection != old_selection:
            for span in changed_spans(old_selection, selection):
                self._invalidate(*span)
        if cursor != old_cursor or selection != old_selection:
            self.refresh()
            self._scroll_cursor_visible()
        self._tell(cursor != old_cursor, selection != old_selection)
        if (anchor is None) != (old_anchor is None):
            self.refresh_bindings()

    def _move(self, target: int, *, extend: bool = False, keep_goal: bool = False) -> None:
        """Move the cursor; extend (shift, ``v`` mode or ``select=True``) or drop the selection."""
        if not keep_goal:
            self._goal_col = None
        if extend or self._selecting:
            anchor = self._cursor if self._anchor is None else self._anchor
        else:
            anchor = None
        self._update(target, anchor)

    def _vertical(self, rows: int, *, extend: bool = False) -> None:
        """Move by display rows, keeping the column the cursor started from."""
        layout = self._ensure_layout()
        y, col = layout.offset_to_point(self._cursor)
        goal = col if self._goal_col is None else self._goal_col
        target = layout.point_to_offset(y + rows, goal)
        self._move(target, extend=extend, keep_goal=True)
        self._goal_col = goal

    def _page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self._scroll_y_to(self.scroll_offset.y + direction * height)
        self._vertical(direction * height)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is only ours while there is a selection to clear; otherwise it bubbles."""
        if action == "clear_selection":
            return self._anchor is not None or self._selecting or self.edge_drag is not None
        if action == "swap_ends":  # otherwise ``o`` is the screen's
            return self.selection is not None
        return True

    def action_cursor_left(self) -> None:
        self._move(self._layout_now().previous_position(self._cursor))

    def action_cursor_right(self) -> None:
        self._move(self._layout_now().next_position(self._cursor))

    def action_cursor_up(self) -> None:
        self._vertical(-1)

    def action_cursor_down(self) -> None:
        self._vertical(1)

    def action_select_left(self) -> None:
        self._move(self._layout_now().previous_position(self._cursor), extend=True)

    def action_select_right(self) -> None:
        self._move(self._layout_now().next_position(self._cursor), extend=True)

    def action_select_up(self) -> None:
        self._vertical(-1, extend=True)

    def action_select_down(self) -> None:
        self._vertical(1, extend=True)

    def action_word_next(self) -> None:
        self._move(self._forward_position(next_word_start(self._text, self._cursor)))

    def action_word_previous(self) -> None:
        self._move(self._layout_now().snap(previous_word_start(self._text, self._cursor)))

    def action_word_end(self) -> None:
        self._move(self._forward_position(word_end(self._text, self._cursor)))

    def action_sentence_next(self) -> None:
        following = next_sentence_start(self._text, self._cursor)
        self._move(self._forward_position(following))

    def action_sentence_previous(self) -> None:
        preceding = previous_sentence_start(self._text, self._cursor)
        self._move(self._layout_now().snap(preceding))

    def action_swap_ends(self) -> None:
        """``o`` (as in vim): the other end of the selection moves from now on."""
        if self._anchor is None or self.selection is None:
            raise SkipAction()
        self._goal_col = None
        self._update(self._anchor, self._cursor)

    def action_paragraph_next(self) -> None:
        following = next_paragraph(self._text, self._cursor, self._blank_paragraphs)
        self._move(self._forward_position(following))

    def action_paragraph_previous(self) -> None:
        preceding = previous_paragraph(self._text, self._cursor, self._blank_paragraphs)
        self._move(self._layout_now().snap(preceding))

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_line_start(self) -> None:
        layout = self._ensure_layout()
        y, _ = layout.offset_to_point(self._cursor)
        self._move(layout.point_to_offset(y, 0))

    def action_line_end(self) -> None:
        layout = self._ensure_layout()
        y, _ = layout.offset_to_point(self._cursor)
        self._move(layout.point_to_offset(y, layout.width + 8))

    def action_document_start(self) -> None:
        self._move(0)

    def action_document_end(self) -> None:
        self._move(len(self._text))

    def action_toggle_selection(self) -> None:
        """``v``: start selecting at the cursor, or stop (dropping the selection)."""
        if self._selecting or self._anchor is not None:
            self.clear_selection()
        else:
            self._selecting = True
            self._update(self._cursor, self._cursor)

    def action_clear_selection(self) -> None:
        """Escape: a passage's edge being dragged goes back, else the selection goes."""
        if self.cancel_edge_drag():
            return
        if self._anchor is None and not self._selecting:
            raise SkipAction()
        self.clear_selection()

    def _forward_position(self, offset: int) -> int:
        """The first position at or after ``offset`` (moving forward never lands mid-cluster)."""
        layout = self._layout_now()
        snapped = layout.snap(offset)
        return snapped if snapped >= offset else layout.next_position(snapped)

    # ------------------------------------------------------------------ mouse

    def _event_cell(self, event: events.MouseEvent) -> tuple[int, int]:
        region = self.scrollable_content_region
        return event.screen_x - region.x, event.screen_y - region.y

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        x, y = self._event_cell(event)
        offset = self.offset_at(x, y)
        self._selecting = False
        self._drag_words = not event.shift
        self._drag_origin = offset
        self._drag_cell = (x, y + self.scroll_offset.y)
        self._edge_pressed(offset, event.shift)
        self.capture_mouse()
        self._move(offset)
        event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        origin = self._drag_origin
        if origin is None:
            return
        x, y = self._event_cell(event)
        if self._drag_cell == (x, y + self.scroll_offset.y):
            return
        self._drag_cell = None  # moved: from now on even the origin cell selects
        offset = self.offset_at(x, y)
        event.stop()
        if self._dragging_edge(offset, self._drag_words and not event.shift):
            return
        layout = self._ensure_layout()
        if self._drag_words and not event.shift:
            start, end = self._word_edges(min(origin, offset), max(origin, offset))
        else:
            start, end = min(origin, offset), layout.next_position(max(origin, offset))
        if offset >= origin:
            self._update(end, start)
        else:
            self._update(start, end)

    def _word_edges(self, low: int, high: int) -> tuple[int, int]:
        """From the start of the word at ``low`` to the end of the word at ``high``, words as
        ``w`` and ``e`` see them ("58%,"): a drag selects whole words, as word processors do.
        On white space, the cell itself is the edge."""
        text = self._text
        end = word_stop(text, high)
        if end == high:  # on white space, or at the end of the text
            end = self._layout_now().next_position(high)
        return word_start(text, low), end

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_origin is None:
            return
        self._drag_origin = None
        self._drag_cell = None
        self.release_mouse()
        self._edge_released()
        event.stop()

    def on_click(self, event: events.Click) -> None:
        """A double click selects the word under the pointer, a triple click its paragraph."""
        if event.button != 1 or event.chain < 2:
            return
        offset = self.offset_at(*self._event_cell(event))
        if event.chain == 2:
            span = word_at(self._text, offset)
        else:
            span = paragraph_span(self._text, offset, self._blank_paragraphs)
        if span is not None:
            self.select(*span)
        event.stop()

    # ------------------------------------------------------------------ what the view provides

    def _layout_now(self) -> DocumentLayout:
        """The current layout, even before the widget has a size."""
        raise NotImplementedError

    def _ensure_layout(self) -> DocumentLayout:
        """The layout for the current width."""
        raise NotImplementedError

    def _invalidate(self, start: int, end: int) -> None:
        """Forget drawn rows showing offsets start..end."""
        raise NotImplementedError

    def _scroll_cursor_visible(self) -> None:
        raise NotImplementedError

    def _scroll_y_to(self, y: int) -> None:
        raise NotImplementedError

    def offset_at(self, x: int, y: int) -> int:
        """The position shown at (x, y) in the content region."""
        raise NotImplementedError

    def _tell(self, cursor_moved: bool, selection_changed: bool) -> None:
        """Post that the cursor moved, and that the selection changed."""
        raise NotImplementedError

    # the edge of a passage dragged (``dragging``)

    @property
    def edge_drag(self) -> object | None:
        """The passage edge being dragged, if any."""
        raise NotImplementedError

    def _edge_pressed(self, offset: int, shift: bool) -> None:
        """A press at ``offset``: on a passage's edge (without shift), a drag moves it."""
        raise NotImplementedError

    def _dragging_edge(self, offset: int, words: bool) -> bool:
        """The pointer moved in a drag: whether it moved a passage's edge."""
        raise NotImplementedError

    def _edge_released(self) -> None:
        raise NotImplementedError

    def cancel_edge_drag(self) -> bool:
        """Escape in a drag: whether a passage's edge drag was cancelled."""
        raise NotImplementedError
