"""The coded-passages list: entries of different heights (each passage whole, wrapped), drawn
by line like the other long lists so thousands of passages scroll at once.

Each entry's lines come from ``render(key, width, expanded)``; their counts are worked out for
every entry when the width or the entries change (plain wrapping, about 10 µs a passage) and
kept as running totals, so finding the entry on a row is a bisection.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui.widgets.virtual_list import VirtualList, list_bindings

Render = Callable[[str, int, bool], Sequence[Text]]


class PassageList(VirtualList):
    """Passages of any height, one highlighted; enter selects, expanded ones show more."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("passages", "move", "Open", "open")
    COMPONENT_CLASSES = {"passage-list--highlight", "passage-list--empty"}
    DEFAULT_CSS = """
    PassageList { background: $surface; }
    PassageList > .passage-list--highlight { background: $block-cursor-blurred-background; }
    PassageList:focus > .passage-list--highlight { background: $boost; }
    PassageList > .passage-list--empty { color: $text-muted; text-style: italic; }
    """

    class Highlighted(Message):
        def __init__(self, passages: PassageList, key: str | None) -> None:
            super().__init__()
            self.passages = passages
            self.key = key

        @property
        def control(self) -> PassageList:
            return self.passages

    class Selected(Message):
        def __init__(self, passages: PassageList, key: str) -> None:
            super().__init__()
            self.passages = passages
            self.key = key

        @property
        def control(self) -> PassageList:
            return self.passages

    def __init__(self, render: Render, empty: str = "No passages.", *, id: str | None = None):
        super().__init__(1, id=id)
        self.render_entry = render
        self.empty = empty
        self.keys: list[str] = []
        self.index: int | None = None
        self.expanded: set[str] = set()
        self._tops: list[int] = [0]
        """Row of each entry's first line; the last item is the total."""
        self._width = 0
        self._lines: dict[int, list[Text]] = {}
        self._rows: LRUCache[tuple[int, int, int], Strip] = LRUCache(2048)

    @property
    def count(self) -> int:
        return len(self.keys)

    @property
    def current_index(self) -> int | None:
        return self.index

    @property
    def highlighted(self) -> str | None:
        return self.keys[self.index] if self.index is not None else None

    def go_to(self, index: int) -> None:
        self._highlight(index)

    # --- content --------------------------------------------------------------------------

    def set_entries(self, keys: Sequence[str], keep: str | None = None) -> None:
        """Replace the entries; the highlight stays on ``keep`` (else its old position)."""
        old = self.index
        self.keys = list(keys)
        self.expanded &= set(self.keys)
        if keep is not None and keep in self.keys:
            index: int | None = self.keys.index(keep)
        elif self.keys:
            index = min(old or 0, len(self.keys) - 1)
        else:
            index = None
        self.index = None if index is None else self.index
        self.relayout()
        self._highlight(index, always=True)

    def toggle_expanded(self) -> None:
        """Show more (or less) of the text around the highlighted passage."""
        key = self.highlighted
        if key is None:
            return
        self.expanded ^= {key}
        self.relayout()
        self._highlight(self.index, always=True)

    def relayout(self) -> None:
        """Entries or their contents changed: lay every entry out again at this width."""
        self._lines.clear()
        self._rows.clear()
        width = self._text_width()
        self._width = width
        tops = [0]
        for key in self.keys:
            tops.append(tops[-1] + len(self.render_entry(key, width, key in self.expanded)) + 1)
        self._tops = tops
        self.virtual_size = Size(self.size.width, max(1, tops[-1]))
        self.refresh()

    def redraw(self) -> None:
        self.relayout()

    def _changed(self) -> None:
        self.relayout()

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - 2)

    def on_resize(self, _: events.Resize) -> None:
        if self._text_width() != self._width:
            self.relayout()

    def entry_lines(self, index: int) -> list[Text]:
        found = self._lines.get(index)
        if found is None:
            key = self.keys[index]
            found = list(self.render_entry(key, self._width, key in self.expanded))
            self._lines[index] = found
        return found

    # --- moving ---------------------------------------------------------------------------

    def _highlight(self, index: int | None, always: bool = False) -> None:
        changed = index != self.index
        self.index = index
        self._rows.clear()
        self.refresh()
        if index is not None:
            self.scroll_to_item(index)
        if changed or always:
            self.post_message(self.Highlighted(self, self.highlighted))

    def scroll_to_item(self, index: int) -> None:
        """As little scrolling as shows the entry's start (and all of it, if it fits)."""
        top, bottom = self._tops[index], self._tops[index + 1]
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y or bottom - top > height:
            self.scroll_to(y=top, animate=False)
        elif bottom > self.scroll_offset.y + height:
            self.scroll_to(y=bottom - height, animate=False)

    def action_move(self, step: int) -> None:
        if self.keys:
            current = self.index if self.index is not None else -step
            self._highlight(max(0, min(len(self.keys) - 1, current + step)))

    def action_page(self, direction: int) -> None:
        """A screenful of rows on, landing on the entry there."""
        if not self.keys:
            return
        height = self.scrollable_content_region.height
        row = self._tops[self.index or 0] + direction * height
        row = max(0, min(row, self._tops[-1] - 1))
        target = bisect_right(self._tops, row) - 1
        if target == self.index:
            target += direction
        self._highlight(max(0, min(len(self.keys) - 1, target)))

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y
        index = bisect_right(self._tops, row) - 1
        if 0 <= index < self.count:
            self.go_to(index)
            if event.chain >= 2:
                self.action_select()

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if not self.keys:
            if row == 0:
                style = self.get_component_rich_style("passage-list--empty")
                return self._strip(Text(" " + self.empty), width, style)
            return Strip.blank(width, self.rich_style)
        index = bisect_right(self._tops, row) - 1
        if index >= self.count:
            return Strip.blank(width, self.rich_style)
        line = row - self._tops[index]
        key = (index, line, width)
        cached = self._rows.get(key)
        if cached is not None:
            return cached
        lines = self.entry_lines(index)
        style = self.rich_style
        if index == self.index:
            style += self.get_component_rich_style("passage-list--highlight")
        if line >= len(lines):  # the gap after an entry
            strip = Strip.blank(width, self.rich_style)
        else:
            marker = Text("▌" if index == self.index else " ", style="bold")
            strip = self._strip(marker + Text(" ") + lines[line], width, style)
        self._rows[key] = strip
        return strip

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(self.text_segments(text, style)).adjust_cell_length(width, style)
