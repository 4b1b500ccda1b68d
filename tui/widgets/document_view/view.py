"""DocumentView: a line-API widget that shows a document for reading and coding.

It knows text, highlights (colour and key), the dateline, a cursor and a selection; nothing
about codes or stores. The package is cut by job: layout arithmetic lives in ``tui.layout``
(pure, property-tested); ``navigation`` moves the cursor and the selection (keys, mouse);
``dragging`` (with the pure ``edges``) moves a passage's edge dragged with the mouse;
``painting`` turns one row into a strip; ``highlights`` indexes what is marked over the text;
``paint`` picks colours that stay distinct in every colour system. This module holds the
widget: its public API, its layout at the current width (exact rows counted in a worker for a
long text), and Textual's hooks. Only the rows in view are ever drawn, each cached as a strip.
Every binding has an id (``document.*``) so the app can remap it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import ClassVar

from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.worker import get_current_worker

from tui.layout.document_layout import DocumentLayout
from tui.layout.wrap import count_rows
from tui.widgets.document_view.dragging import PassageDragging
from tui.widgets.document_view.highlights import Highlight, HighlightIndex, SpanIndex
from tui.widgets.document_view.painting import GUTTER, RowPainter

__all__ = ["GUTTER", "DocumentView", "Highlight"]

SYNC_WRAP_LIMIT = 200_000
"""Texts up to this many code points are wrapped exactly at once; longer ones in a worker."""

_FALLBACK_WIDTH = 80
"""Layout width used before the widget has a size (cursor arithmetic does not need more)."""


class DocumentView(PassageDragging, can_focus=True):
    """A scrolling, soft-wrapping view of one document with a cursor, selection and highlights.

    Posts ``CursorMoved``, ``SelectionChanged`` and ``PassageDragged``. Escape is consumed only
    while there is a selection (or ``v`` mode) to clear or an edge drag to cancel; otherwise it
    bubbles to the screen.
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

    def __init__(self, text: str = "", **widget: str | None) -> None:
        """``widget``: Textual's ``name``, ``id`` and ``classes``."""
        super().__init__(text, **widget)
        self._layout: DocumentLayout | None = None
        self._highlights = HighlightIndex(())
        self._dateline: tuple[int, int] | None = None
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._pending_scroll: tuple[int, bool] | None = None
        self._matches = SpanIndex()
        self._code_colours: tuple[str, ...] = ()
        self._painter = RowPainter(self)
        self._stripes_shown = False
        self.stripe_colours: tuple[str, ...] = ()
        """The coding stripes' columns: the colours of the codes used here, codebook order."""

    # ------------------------------------------------------------------ public API

    @property
    def text(self) -> str:
        return self._text

    @property
    def highlights(self) -> list[Highlight]:
        """The highlights shown, by start."""
        return list(self._highlights.items)

    def load(self, text: str) -> None:
        """Show another text; resets cursor, selection, highlights and dateline."""
        old_selection = self.selection
        self._reset_navigation(text)
        self._layout = None
        self._highlights = HighlightIndex(())
        self._dateline = None
        self._pending_scroll = None
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
        columns = self._stripe_columns()
        if columns != self.stripe_colours:
            self.stripe_colours = columns
            if self._stripes_shown:
                self._painter.forget()
                self._stripes_changed()
        if len(changed) > 64:
            self._strips.clear()
        else:
            for highlight in changed:
                self._invalidate(highlight.start, highlight.end)
        self.refresh()

    @property
    def stripes_shown(self) -> bool:
        return self._stripes_shown

    def show_stripes(self, shown: bool) -> None:
        """Coding stripes beside the text, or not (the text wraps to the width left)."""
        if shown != self._stripes_shown:
            self._stripes_shown = shown
            self._stripes_changed()

    def stripe_cells(self) -> int:
        """Cells the stripes take at the right edge: a gap and a column per code used here."""
        return len(self.stripe_colours) + 1 if self._stripes_shown and self.stripe_colours else 0

    def _stripe_columns(self) -> tuple[str, ...]:
        used = dict.fromkeys(item.colour for item in self._highlights.items)
        known = [colour for colour in dict.fromkeys(self._code_colours) if colour in used]
        return (*known, *(colour for colour in used if colour not in known))

    def _stripes_changed(self) -> None:
        """The stripes' columns or their display changed: lay out again if the width did."""
        self._strips.clear()
        if self.is_mounted:
            self._ensure_layout()
            self._update_virtual_size()
        self.refresh()

    def set_code_colours(self, colours: Sequence[str]) -> None:
        """The codebook's colours, in order: the earlier a code, the more it keeps its usual
        tint where the terminal's colours are few (``paint``)."""
        colours = tuple(colours)
        if colours != self._code_colours:
            self._code_colours = colours
            self._forget_paint()
            self.stripe_colours = self._stripe_columns()
            if self._stripes_shown:
                self._stripes_changed()

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
        width = max(1, available - GUTTER - self.stripe_cells())
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
        self._painter.forget()
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
            strip = self._painter.render_row(layout, *key, width)
            self._strips[key] = strip
        return strip

    def _forget_paint(self) -> None:
        self._painter.forget()
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

    def _tell(self, cursor_moved: bool, selection_changed: bool) -> None:
        if cursor_moved:
            self.post_message(self.CursorMoved(self, self._cursor))
        if selection_changed:
            self.post_message(self.SelectionChanged(self, self.selection))
