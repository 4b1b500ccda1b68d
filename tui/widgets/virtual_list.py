"""The base of the reader's long lists (the corpus list, the annotation panel, coded passages,
search hits, suggestions): a line-API widget that draws only the rows in view, so 10,000
documents or 5,000 annotations fill in at once, where a widget per row took seconds.

A list has ``count`` items of ``item_height`` lines under ``header_rows`` header lines, one
item highlighted (the cursor); the keys move it, enter selects it, a click highlights and a
double click selects. Subclasses draw an item and say what highlighting and selecting post.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

KeyT = TypeVar("KeyT", str, str | None)


class ItemMessage(Message, Generic[KeyT]):
    """What a list says about one of its items: the list (``control``, for ``@on`` selectors)
    and the item's key (a document id, an annotation id, a hit's id)."""

    def __init__(self, source: VirtualList, key: KeyT) -> None:
        super().__init__()
        self.source = source
        self.key: KeyT = key

    @property
    def control(self) -> VirtualList:
        return self.source


def list_bindings(prefix: str, move: str, select: str, select_id: str) -> list[BindingType]:
    """The keys of every list, with ids under ``prefix`` (``list.up``, ``entries.up``...)."""
    return [
        Binding("up", f"{move}(-1)", "Up", show=False, id=f"{prefix}.up"),
        Binding("down", f"{move}(1)", "Down", show=False, id=f"{prefix}.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id=f"{prefix}.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id=f"{prefix}.page_down"),
        Binding("home", "jump(0)", "First", show=False, id=f"{prefix}.first"),
        Binding("end", "jump(-1)", "Last", show=False, id=f"{prefix}.last"),
        Binding("enter", "select", select, id=f"{prefix}.{select_id}"),
    ]


class VirtualList(ScrollView, can_focus=True):
    """Items drawn on demand, a highlighted one, and the keys and clicks that move it."""

    ALLOW_SELECT = False
    """A drag here picks an item; Textual's text selection drew nothing and copied "" (emptying
    the clipboard on ctrl+c)."""

    header_rows = 0
    """Lines above the items (a column header)."""

    class Highlighted(ItemMessage[str | None]):
        """The highlight moved to the item with this key (None: the list is empty). Each list
        subclasses it, so handlers are named after the list (``on_entry_list_highlighted``)."""

    class Selected(ItemMessage[str]):
        """The highlighted item was chosen: enter, or a double click."""

    def __init__(self, item_height: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item_height = item_height
        self.index: int | None = None
        """The highlighted item."""
        self._strips: LRUCache[tuple[int, int, bool], list[Strip]] = LRUCache(1024)

    # --- what a subclass provides ---------------------------------------------------------

    @property
    def count(self) -> int:
        """How many items there are."""
        raise NotImplementedError

    def go_to(self, index: int) -> None:
        """Highlight item ``index`` (within range)."""
        raise NotImplementedError

    def action_select(self) -> None:
        """Enter, or a double click: the highlighted item is chosen."""
        raise NotImplementedError

    def item_strips(self, index: int, width: int) -> list[Strip]:
        """The ``item_height`` lines of item ``index`` at ``width`` cells."""
        raise NotImplementedError

    def header_strip(self, width: int) -> Strip:
        raise NotImplementedError

    def empty_strip(self, width: int) -> Strip:
        """The first line of an empty list."""
        return Strip.blank(width, self.rich_style)

    # --- content --------------------------------------------------------------------------

    def redraw(self) -> None:
        """Items' contents (or which one is highlighted) changed: draw them again."""
        self._strips.clear()
        self.refresh()

    def _changed(self) -> None:
        """Items were added or removed."""
        self._strips.clear()
        lines = max(1, self.header_rows + self.count * self.item_height)
        self.virtual_size = Size(self.size.width, lines)
        self.refresh()

    def items_in_view(self) -> int:
        return max(
            1, (self.scrollable_content_region.height - self.header_rows) // self.item_height
        )

    def scroll_to_item(self, index: int) -> None:
        """As little scrolling as puts item ``index`` wholly in view."""
        top = index * self.item_height
        height = max(1, self.scrollable_content_region.height - self.header_rows)
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif top + self.item_height > self.scroll_offset.y + height:
            self.scroll_to(y=top + self.item_height - height, animate=False)

    # --- keys and mouse -------------------------------------------------------------------

    def action_jump(self, index: int) -> None:
        if self.count:
            self.go_to(index if index >= 0 else self.count - 1)

    def on_click(self, event: events.Click) -> None:
        if event.y < self.header_rows:
            return
        index, _ = self.locate(self.scroll_offset.y + event.y - self.header_rows)
        if 0 <= index < self.count:
            self.go_to(index)
            if event.chain >= 2:
                self.action_select()

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < self.header_rows:
            return self.header_strip(width)
        row = self.scroll_offset.y + y - self.header_rows
        if not self.count:
            return self.empty_strip(width) if row == 0 else Strip.blank(width, self.rich_style)
        index, line = self.locate(row)
        if index >= self.count:
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.index)
        strips = self._strips.get(key)
        if strips is None:
            strips = self.item_strips(index, width)
            self._strips[key] = strips
        return strips[line]

    def locate(self, row: int) -> tuple[int, int]:
        """The item on ``row`` (counted below the header) and the line of it there."""
        return divmod(row, self.item_height)

    def text_strip(self, text: Text, width: int, style: Style) -> Strip:
        """A line of ``text`` cut (with an ellipsis) or padded to ``width`` cells."""
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(self.text_segments(text, style)).adjust_cell_length(width, style)

    def text_segments(self, text: Text, style: Style) -> list[Segment]:
        """``text`` as segments over ``style`` (the row's background and highlight)."""
        return [
            Segment(segment.text, style + segment.style if segment.style else style)
            for segment in text.render(self.app.console)
        ]
