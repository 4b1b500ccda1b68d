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

from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.strip import Strip

from tui.widgets.keyed_list import KeyedList
from tui.widgets.virtual_list import list_bindings

Render = Callable[[str, int, bool], Sequence[Text]]


class PassageList(KeyedList):
    """Passages of any height, one highlighted; enter selects, expanded ones show more."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("passages", "move", "Open", "open")
    DEFAULT_CSS = """
    PassageList:focus > .keyed-list--highlight { background: $boost; }
    """

    ANNOUNCE_REPLACED = True

    class Highlighted(KeyedList.Highlighted):
        """The highlighted passage changed (or the list was replaced)."""

    class Selected(KeyedList.Selected):
        """A passage was chosen."""

    def __init__(self, render: Render, empty: str = "No passages.", *, id: str | None = None):
        super().__init__(1, empty, id=id)
        self.render_entry = render
        self.expanded: set[str] = set()
        self._tops: list[int] = [0]
        """Row of each entry's first line; the last item is the total."""
        self._width = 0
        self._lines: dict[int, list[Text]] = {}

    # --- content --------------------------------------------------------------------------

    def set_entries(self, keys: Sequence[str], keep: str | None = None) -> None:
        """Replace the entries; the highlight stays on ``keep`` (else its old position)."""
        self.expanded &= set(keys)
        super().set_entries(keys, keep)

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
        self._strips.clear()
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

    def scroll_to_item(self, index: int) -> None:
        """As little scrolling as shows the entry's start (and all of it, if it fits)."""
        top, bottom = self._tops[index], self._tops[index + 1]
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y or bottom - top > height:
            self.scroll_to(y=top, animate=False)
        elif bottom > self.scroll_offset.y + height:
            self.scroll_to(y=bottom - height, animate=False)

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

    # --- drawing --------------------------------------------------------------------------

    def locate(self, row: int) -> tuple[int, int]:
        index = bisect_right(self._tops, row) - 1
        return index, row - self._tops[index]

    def item_strips(self, index: int, width: int) -> list[Strip]:
        """The passage's lines, a bar marking the highlighted one, and the gap after it."""
        height = self._tops[index + 1] - self._tops[index]
        style = self.item_style(index)
        marker = Text("▌" if index == self.index else " ", style="bold")
        strips = [
            self.text_strip(marker + Text(" ") + line, width, style)
            for line in self.entry_lines(index)[: height - 1]
        ]
        return strips + [Strip.blank(width, self.rich_style)] * (height - len(strips))
