"""DocumentView: a line-API widget that shows a document for reading and coding.

It knows text, highlights (colour and key), the dateline, a cursor and a selection; nothing
about codes or stores. Layout arithmetic lives in ``tui.layout`` (pure, property-tested);
this module turns it into strips, keys and mouse gestures.

How it looks:

- Highlights are background tints: the highlight colour blended into the widget background,
  so text stays readable on dark and light themes. Where two or more overlap, the tint mixes
  their colours more strongly and the text is underlined. Search matches and the selection
  have backgrounds of their own. ``paint`` chooses them so that each stays distinct in the
  terminal's colour system (truecolor, 256 or 16 colours).
- A two-cell gutter on the left marks rows that hold highlighted text: ``▌`` in the colour of
  the one highlight there; ``▌▌`` in the first two colours when several highlights share the
  row without overlapping; ``≡`` (in the first colour) when highlights overlap on the row.
- The cursor is a block (reverse) on the cluster at ``cursor``; at the end of a line it is a
  reversed blank after the text. Selections are half-open ranges: the selected text runs from
  the anchor up to, not including, the cursor (as in editors, so shift+right four times from
  the start of "word" selects "word"). A mouse drag selects every cluster between the cell
  pressed and the cell under the pointer, both included; a double click selects a word, a
  triple click a paragraph.

How it moves: left/right by cluster (across newlines); up/down by display row, keeping the
column; home/end to the ends of the display row; ``w``/``b`` to word starts (vim's words:
runs of letters and digits, or of punctuation); ``}``/``{`` to paragraph starts (a line after
a blank line, or every line when the text has no blank lines). Every binding has an id
(``document.*``) so the app can remap it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from tui.layout.document_layout import DocumentLayout
from tui.layout.units import (
    has_blank_lines,
    next_paragraph,
    next_word_start,
    paragraph_at,
    previous_paragraph,
    previous_word_start,
    word_at,
)
from tui.layout.wrap import count_rows
from tui.widgets import paint
from tui.widgets.highlights import Highlight, HighlightIndex, SpanIndex, changed_spans

__all__ = ["GUTTER", "DocumentView", "Highlight"]

GUTTER = 2
"""Cells left of the text for highlight markers."""

SYNC_WRAP_LIMIT = 200_000
"""Texts up to this many code points are wrapped exactly at once; longer ones in a worker."""

_FALLBACK_WIDTH = 80
"""Layout width used before the widget has a size (cursor arithmetic does not need more)."""


class DocumentView(ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling, soft-wrapping view of one document with a cursor, selection and highlights.

    Posts ``CursorMoved`` and ``SelectionChanged``. Escape is consumed only while there is a
    selection (or ``v`` mode) to clear; otherwise it bubbles to the screen.
    """

    ALLOW_SELECT = False  # our own selection, not Textual's screen-level one

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-view--cursor",
        "document-view--selection",
        "document-view--dateline",
        "document-view--gutter",
        "document-view--match",
    }

    DEFAULT_CSS = """
    DocumentView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    DocumentView > .document-view--cursor {
        text-style: reverse;
    }
    DocumentView > .document-view--selection {
        background: $primary;
    }
    DocumentView > .document-view--match {
        background: $warning;
    }
    DocumentView > .document-view--dateline {
        color: $text-accent;
        text-style: italic;
    }
    DocumentView > .document-view--gutter {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "cursor_left", "Left", show=False, id="document.cursor_left"),
        Binding("right,l", "cursor_right", "Right", show=False, id="document.cursor_right"),
        Binding("up,k", "cursor_up", "Up", show=False, id="document.cursor_up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="document.cursor_down"),
        Binding("w", "word_next", "Next word", show=False, id="document.word_next"),
        Binding("b", "word_previous", "Previous word", show=False, id="document.word_previous"),
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
        Binding("escape", "clear_selection", "Clear selection", id="document.clear_selection"),
    ]

    max_width: reactive[int | None] = reactive(None)
    """Wrap at most this many cells wide (centred), for comfortable reading; None: full width."""

    class CursorMoved(Message):
        """The cursor moved. Rapid moves collapse into the latest."""

        def __init__(self, view: DocumentView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

        @property
        def control(self) -> DocumentView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DocumentView.CursorMoved) and message.view is self.view

    class SelectionChanged(Message):
        """The selection changed (None: no selection). Rapid changes collapse into the latest."""

        def __init__(self, view: DocumentView, selection: tuple[int, int] | None) -> None:
            super().__init__()
            self.view = view
            self.selection = selection

        @property
        def control(self) -> DocumentView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DocumentView.SelectionChanged) and message.view is self.view

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
        self._layout: DocumentLayout | None = None
        self._cursor = 0
        self._anchor: int | None = None
        self._selecting = False
        self._goal_col: int | None = None
        self._highlights = HighlightIndex(())
        self._dateline: tuple[int, int] | None = None
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._styles: dict[tuple[object, ...], Style] = {}
        self._gutters: dict[tuple[tuple[str, ...], bool], list[Segment]] = {}
        self._pending_scroll: tuple[int, bool] | None = None
        self._drag_origin: int | None = None
        self._drag_cell: tuple[int, int] | None = None
        self._blank_paragraphs = has_blank_lines(text)
        self._matches = SpanIndex()
        self._code_colours: tuple[str, ...] = ()
        self._paint: paint.Paint | None = None

    # ------------------------------------------------------------------ public API

    @property
    def text(self) -> str:
        return self._text

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

    @property
    def highlights(self) -> list[Highlight]:
        """The highlights shown, by start."""
        return list(self._highlights.items)

    def load(self, text: str) -> None:
        """Show another text; resets cursor, selection, highlights and dateline."""
        old_selection = self.selection
        self._text = text
        self._layout = None
        self._cursor = 0
        self._anchor = None
        self._selecting = False
        self._goal_col = None
        self._drag_origin = None
        self._drag_cell = None
        self._highlights = HighlightIndex(())
        self._dateline = None
        self._pending_scroll = None
        self._blank_paragraphs = has_blank_lines(text)
        self._strips.clear()
        if self.is_mounted:
            self._ensure_layout()
            self.scroll_to(y=0, animate=False)
            self.refresh_bindings()
        self.refresh()
        self.post_message(self.CursorMoved(self, 0))
        if old_selection is not None:
            self.post_message(self.SelectionChanged(self, None))

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Replace the highlights shown, repainting only rows whose highlights changed."""
        old = set(self._highlights.items)
        self._highlights = HighlightIndex(highlights)
        changed = old.symmetric_difference(self._highlights.items)
        if len(changed) > 64:
            self._strips.clear()
        else:
            for highlight in changed:
                self._invalidate(highlight.start, highlight.end)
        self.refresh()

    def set_code_colours(self, colours: Sequence[str]) -> None:
        """The codebook's colours, in order: the earlier a code, the more it keeps its usual
        tint where the terminal's colours are few (``paint``)."""
        colours = tuple(colours)
        if colours != self._code_colours:
            self._code_colours = colours
            self._forget_paint()

    @property
    def matches(self) -> list[tuple[int, int]]:
        """The search matches shown, by start."""
        return list(self._matches.spans)

    def set_matches(self, spans: Sequence[tuple[int, int]]) -> None:
        """Mark search matches [start, end) (non-overlapping); an empty list clears them."""
        old = self._matches
        self._matches = SpanIndex(spans)
        if len(old) + len(self._matches) > 64:
            self._strips.clear()
        else:
            for start, end in (*old.spans, *self._matches.spans):
                self._invalidate(start, end)
        self.refresh()

    def set_dateline(self, start: int | None, end: int | None = None) -> None:
        """Mark [start, end) as the dateline; None clears it."""
        old = self._dateline
        self._dateline = None if start is None or end is None or end <= start else (start, end)
        for span in (old, self._dateline):
            if span is not None:
                self._invalidate(*span)
        self.refresh()

    def move_cursor(self, offset: int, select: bool = False) -> None:
        """Put the cursor at ``offset`` (snapped to a cluster start); ``select`` extends."""
        self._move(self._layout_now().snap(offset), extend=select)

    def select(self, start: int, end: int) -> None:
        """Select [start, end); the cursor goes to ``end``."""
        size = len(self._text)
        start, end = max(0, min(start, size)), max(0, min(end, size))
        self._selecting = False
        self._goal_col = None
        self._update(end, start)

    def clear_selection(self) -> None:
        """Drop the selection and leave selection mode."""
        self._selecting = False
        if self._anchor is not None:
            self._update(self._cursor, None)

    def scroll_to_offset(self, offset: int, center: bool = True) -> None:
        """Scroll so ``offset`` is visible (centred, or with as little movement as possible)."""
        if not self.size:
            self._pending_scroll = (offset, center)
            return
        layout = self._ensure_layout()
        y, _ = layout.offset_to_point(offset)
        height = self.scrollable_content_region.height
        if center:
            self._scroll_y_to(y - height // 2)
        elif y < self.scroll_offset.y:
            self._scroll_y_to(y)
        elif y >= self.scroll_offset.y + height:
            self._scroll_y_to(y - height + 1)

    def offset_at(self, x: int, y: int) -> int:
        """The position shown at (x, y) in the content region (as from a mouse event)."""
        margin, _ = self._geometry()
        layout = self._ensure_layout()
        return layout.point_to_offset(self.scroll_offset.y + y, x - margin - GUTTER)

    def offset_at_screen(self, x: int, y: int) -> int:
        """The position shown at screen coordinates (x, y)."""
        origin = self.scrollable_content_region.offset
        return self.offset_at(x - origin.x, y - origin.y)

    def visible_range(self) -> tuple[int, int]:
        """Code points [start, end) on the rows in view."""
        layout = self._ensure_layout()
        top = self.scroll_offset.y
        bottom = min(top + max(1, self.scrollable_content_region.height), layout.total_rows) - 1
        return layout.row_span(top)[0], layout.row_span(max(top, bottom))[1]

    def highlight_at(self, offset: int) -> list[Highlight]:
        """Highlights covering ``offset``, by start."""
        items = self._highlights.items
        return [items[index] for index in self._highlights.at(offset)]

    def next_highlight(self, offset: int) -> Highlight | None:
        """The first highlight starting after ``offset``."""
        index = bisect_right(self._highlights.starts, offset)
        items = self._highlights.items
        return items[index] if index < len(items) else None

    def previous_highlight(self, offset: int) -> Highlight | None:
        """The last highlight starting before ``offset``."""
        index = bisect_left(self._highlights.starts, offset) - 1
        return self._highlights.items[index] if index >= 0 else None

    # ------------------------------------------------------------------ layout

    def _geometry(self) -> tuple[int, int]:
        """(left margin, text width) in cells: the text column, centred when limited."""
        available = self.scrollable_content_region.width
        if available <= 0:
            return 0, _FALLBACK_WIDTH
        width = max(1, available - GUTTER)
        if self.max_width and self.max_width < width:
            return (width - self.max_width) // 2, self.max_width
        return 0, width

    def _layout_now(self) -> DocumentLayout:
        """The current layout, even before the widget has a size (for cursor arithmetic)."""
        return self._layout if self._layout is not None else self._ensure_layout()

    def _ensure_layout(self) -> DocumentLayout:
        """The layout for the current width, rebuilt if the width changed."""
        _, width = self._geometry()
        layout = self._layout
        if layout is None or layout.width != width:
            layout = self._relayout(width)
        return layout

    def _relayout(self, width: int) -> DocumentLayout:
        """Lay the text out at a new width, keeping the top row's text (and the cursor) in view."""
        old = self._layout
        anchor = None
        cursor_was_visible = False
        if old is not None and self.size and old.total_rows:
            top = self.scroll_offset.y
            anchor = old.row_span(top)[0]
            cursor_y, _ = old.offset_to_point(self._cursor)
            cursor_was_visible = top <= cursor_y < top + self.scrollable_content_region.height
        layout = DocumentLayout(self._text, width)
        if len(self._text) <= SYNC_WRAP_LIMIT:
            layout.wrap_all()
        self._layout = layout
        self._strips.clear()
        self._goal_col = None
        if self.is_mounted:
            self._update_virtual_size()
            if anchor is not None:
                self._scroll_y_to(layout.offset_to_point(anchor)[0])
            if cursor_was_visible:
                self._scroll_cursor_visible()
            if self.size and layout.uncertain_units():
                # after the next frame, so that the first paint never waits for it
                self.call_after_refresh(self._count_rows, layout)
        return layout

    def _update_virtual_size(self) -> None:
        layout = self._layout
        rows = layout.total_rows if layout is not None else 0
        size = Size(self.scrollable_content_region.width, rows)
        if self.virtual_size != size:
            self.virtual_size = size

    @work(thread=True, exclusive=True, group="document-view-rows")
    def _count_rows(self, layout: DocumentLayout) -> None:
        """Count rows of every estimated unit off the UI thread, posting results in batches.

        Reads only the layout's immutable text and unit bounds; the counts are applied on the
        UI thread by ``_apply_counts``.
        """
        worker = get_current_worker()
        text, width, tab = layout.text, layout.width, layout.tab_size
        starts, ends = layout.starts, layout.ends
        batch: list[tuple[int, int]] = []
        budget = 0
        for unit in layout.uncertain_units():
            if worker.is_cancelled:
                return
            batch.append((unit, count_rows(text[starts[unit] : ends[unit]], width, tab)))
            budget += ends[unit] - starts[unit] + 16
            if budget > 250_000:
                self.call_later(self._apply_counts, layout, batch)
                batch, budget = [], 0
        if batch and not worker.is_cancelled:
            self.call_later(self._apply_counts, layout, batch)

    def _apply_counts(self, layout: DocumentLayout, counts: list[tuple[int, int]]) -> None:
        """Record refined row counts, keeping the text at the top of the view where it is."""
        if layout is not self._layout or not layout.total_rows:
            return
        top = self.scroll_offset.y
        unit, row = layout.rows.locate(top)
        if not layout.apply_counts(counts):
            return
        new_top = layout.rows.first_row(unit) + min(row, layout.rows.count(unit) - 1)
        self._update_virtual_size()
        if new_top != top:
            self._scroll_y_to(new_top)
        self.refresh()

    def _prepare_viewport(self) -> DocumentLayout:
        """Lay out every unit in view exactly before its rows are drawn."""
        layout = self._ensure_layout()
        top = self.scroll_offset.y
        bottom = min(top + self.scrollable_content_region.height, layout.total_rows)
        y = top
        while y < bottom:
            unit, row = layout.locate(y)
            y += layout.rows.count(unit) - row
            bottom = min(top + self.scrollable_content_region.height, layout.total_rows)
        self._update_virtual_size()
        return layout

    def _scroll_y_to(self, y: int) -> None:
        self.scroll_to(y=max(0, y), animate=False, force=True)

    def _scroll_cursor_visible(self) -> None:
        if not self.size or self._layout is None:
            return
        y, _ = self._layout.offset_to_point(self._cursor)
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        if y < top:
            self._scroll_y_to(y)
        elif y >= top + height:
            self._scroll_y_to(y - height + 1)

    # ------------------------------------------------------------------ Textual hooks

    def on_resize(self, event: events.Resize) -> None:
        layout = self._ensure_layout()
        self._update_virtual_size()
        if self._pending_scroll is not None:
            offset, center = self._pending_scroll
            self._pending_scroll = None
            self.scroll_to_offset(offset, center)
        elif layout.total_rows:
            self._scroll_cursor_visible()

    def watch_max_width(self) -> None:
        if self.is_mounted:
            self._ensure_layout()
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._paint = None
        self._styles.clear()
        self._gutters.clear()
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._prepare_viewport()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        layout = self._layout
        width = self.scrollable_content_region.width
        row_y = self.scroll_offset.y + y
        if layout is None or row_y >= layout.total_rows:
            return Strip.blank(width, self.rich_style)
        key = layout.locate(row_y)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(layout, *key, width)
            self._strips[key] = strip
        return strip

    # ------------------------------------------------------------------ drawing

    def _render_row(self, layout: DocumentLayout, unit: int, row: int, width: int) -> Strip:
        """Build the strip for one row: margin, gutter, styled text runs, padding."""
        line = layout.line_layout(unit)
        base = layout.starts[unit]
        rel_start, rel_end = line.row_range(row)
        start, end = base + rel_start, base + rel_end
        at_line_end = row == line.row_count - 1 and line.ends_line
        margin, _ = self._geometry()
        plain = self.rich_style

        cursor = self._cursor
        cursor_end = layout.next_position(cursor) if start <= cursor < end else cursor
        selection = self.selection or (-1, -1)
        dateline = self._dateline or (-1, -1)
        highlights = self._highlights
        matches = self._matches
        cuts = sorted(
            {
                *highlights.cuts(start, end),
                *matches.cuts(start, end),
                *selection,
                *dateline,
                cursor,
                cursor_end,
            }
        )
        segments: list[Segment] = []
        if margin:
            segments.append(Segment(" " * margin, plain))
        marker_end = end + 1 if at_line_end else end
        segments.extend(self._gutter(*highlights.touching(start, marker_end)))
        style_for = self._text_style
        for rel, text, _cells in line.row_runs(row, [cut - base for cut in cuts]):
            offset = base + rel
            segments.append(
                Segment(
                    text,
                    style_for(
                        highlights.at(offset),
                        selection[0] <= offset < selection[1],
                        dateline[0] <= offset < dateline[1],
                        offset == cursor,
                        matches.covering(offset) is not None,
                    ),
                )
            )
        used = margin + GUTTER + line.row_cells(row)
        if at_line_end and (cursor == end or selection[0] <= end < selection[1]):
            segments.append(Segment(" ", style_for((), cursor != end, False, cursor == end)))
            used += 1
        if used < width:
            segments.append(Segment(" " * (width - used), plain))
        strip = Strip(segments, max(used, width))
        return strip.crop(0, width) if used > width else strip

    def _gutter(self, indices: list[int], overlap: bool) -> list[Segment]:
        """The two gutter cells for a row holding the given highlights."""
        items = self._highlights.items
        colours = tuple(dict.fromkeys(items[index].colour for index in indices))
        key = (colours[:2], overlap)
        cached = self._gutters.get(key)
        if cached is not None:
            return cached
        style = self.rich_style + self.get_component_rich_style(
            "document-view--gutter", partial=True
        )
        if not colours:
            cells = [("  ", style)]
        elif overlap:
            cells = [("≡", style + Style(color=paint.parse(colours[0]).rich_color)), (" ", style)]
        elif len(colours) == 1:
            cells = [("▌", style + Style(color=paint.parse(colours[0]).rich_color)), (" ", style)]
        else:
            cells = [
                ("▌", style + Style(color=paint.parse(colour).rich_color)) for colour in colours[:2]
            ]
        segments = [Segment(text, cell_style) for text, cell_style in cells]
        self._gutters[key] = segments
        return segments

    def _text_style(
        self,
        active: tuple[int, ...],
        selected: bool,
        dateline: bool,
        cursor: bool,
        match: bool = False,
    ) -> Style:
        """The style of text under the given highlights and states (cached). The selection and
        a search match are opaque over highlights: each must read as itself."""
        items = self._highlights.items
        colours = tuple(items[index].colour for index in active)
        key = (colours, selected, dateline, cursor, match)
        style = self._styles.get(key)
        if style is not None:
            return style
        chosen = self._paint_now()
        background = chosen.base
        underline = False
        if len(colours) == 1:
            background = chosen.highlight(colours[0])
        elif colours:
            background = chosen.overlapping(sorted(set(colours)))
            underline = True
        if match:
            background = chosen.match
        if selected:
            background = chosen.selection
        plain = background is chosen.base
        foreground = self.styles.color if plain else chosen.ink(background)
        text_style = Style(underline=True) if underline else Style()
        if dateline:
            layer = self.get_component_styles("document-view--dateline")
            if layer.has_rule("color") and plain:
                foreground = layer.color
            text_style += layer.text_style
        if cursor:
            text_style += self.get_component_styles("document-view--cursor").text_style
        style = Style(color=(background + foreground).rich_color, bgcolor=background.rich_color)
        style += text_style
        self._styles[key] = style
        return style

    def _paint_now(self) -> paint.Paint:
        """Backgrounds for this theme, colour system and codebook (see ``paint``)."""
        if self._paint is None:
            base = self.background_colors[1]
            text = base + self.styles.color
            system = paint.SYSTEMS.get(self.app.console.color_system or "")
            codes = [*self._code_colours, *(item.colour for item in self._highlights.items)]
            self._paint = paint.choose(
                base,
                text,
                codes,
                self._layer_background("document-view--selection", Color(1, 120, 212)),
                self._layer_background("document-view--match", Color(255, 166, 43)),
                system,
            )
        return self._paint

    def _layer_background(self, name: str, fallback: Color) -> Color:
        layer = self.get_component_styles(name)
        if not layer.has_rule("background"):
            return fallback
        colour = layer.background
        return Color(colour.r, colour.g, colour.b)

    def _forget_paint(self) -> None:
        self._paint = None
        self._styles.clear()
        self._strips.clear()
        self.refresh()

    def _invalidate(self, start: int, end: int) -> None:
        """Forget cached rows of the units holding offsets start..end (inclusive)."""
        layout = self._layout
        if layout is None:
            return
        first, last = layout.unit_at(start), layout.unit_at(end)
        if last - first > 256:
            self._strips.clear()
            return
        for unit in range(first, last + 1):
            for row in range(layout.rows.count(unit)):
                self._strips.discard((unit, row))

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
        if cursor != old_cursor:
            self.post_message(self.CursorMoved(self, cursor))
        if selection != old_selection:
            self.post_message(self.SelectionChanged(self, selection))
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
            return self._anchor is not None or self._selecting
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
        self._drag_origin = offset
        self._drag_cell = (x, y + self.scroll_offset.y)
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
        layout = self._ensure_layout()
        if offset >= origin:
            self._update(layout.next_position(offset), origin)
        else:
            self._update(offset, layout.next_position(origin))
        event.stop()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_origin is None:
            return
        self._drag_origin = None
        self._drag_cell = None
        self.release_mouse()
        event.stop()

    def on_click(self, event: events.Click) -> None:
        """A double click selects the word under the pointer, a triple click its paragraph."""
        if event.button != 1 or event.chain < 2:
            return
        offset = self.offset_at(*self._event_cell(event))
        if event.chain == 2:
            span = word_at(self._text, offset)
        else:
            span = paragraph_at(self._text, offset, self._blank_paragraphs)
        if span is not None:
            self.select(*span)
        event.stop()
