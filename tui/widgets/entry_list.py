"""A list of many multi-line entries (annotations, passages, hits) as a line-API widget.

Only visible rows are drawn, so a panel of 5,000 annotations or a search with thousands of
hits stays instant; OptionList lays out every option and took over a second at that size.
Each entry is a few lines of ``Text`` produced on demand by a ``render(key, width)`` function
(``width``: the cells each line has, to wrap to).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.strip import Strip

from tui.widgets.virtual_list import VirtualList, list_bindings


class EntryList(VirtualList):
    """Entries of ``height`` lines (the last one a gap), a highlighted entry, enter selects."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("entries", "move", "Go", "select")
    COMPONENT_CLASSES = {"entry-list--highlight", "entry-list--empty"}
    DEFAULT_CSS = """
    EntryList { background: $surface; }
    EntryList > .entry-list--highlight { background: $block-cursor-blurred-background; }
    EntryList:focus > .entry-list--highlight { background: $block-cursor-background;
                                               color: $block-cursor-foreground; }
    EntryList > .entry-list--empty { color: $text-muted; text-style: italic; }
    """

    class Highlighted(Message):
        def __init__(self, entries: EntryList, key: str | None) -> None:
            super().__init__()
            self.entries = entries
            self.key = key

        @property
        def control(self) -> EntryList:
            return self.entries

    class Selected(Message):
        def __init__(self, entries: EntryList, key: str) -> None:
            super().__init__()
            self.entries = entries
            self.key = key

        @property
        def control(self) -> EntryList:
            return self.entries

    def __init__(
        self,
        render: Callable[[str, int], Sequence[Text]],
        height: int = 3,
        empty: str = "Nothing here yet.",
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(height, id=id)
        self.render_entry = render
        self.empty = empty
        self.keys: list[str] = []
        self.index: int | None = None

    @property
    def count(self) -> int:
        return len(self.keys)

    @property
    def current_index(self) -> int | None:
        return self.index

    def go_to(self, index: int) -> None:
        self._highlight(index)

    # --- content --------------------------------------------------------------------------

    def set_entries(self, keys: Sequence[str], keep: str | None = None) -> None:
        """Replace the entries; the highlight stays on ``keep`` (else its old position)."""
        old = self.index
        self.keys = list(keys)
        if keep is not None and keep in self.keys:
            index: int | None = self.keys.index(keep)
        elif self.keys:
            index = min(old or 0, len(self.keys) - 1)
        else:
            index = None
        self._changed()
        self._highlight(index)

    def add_entries(self, keys: Sequence[str]) -> None:
        self.keys.extend(keys)
        self._changed()
        if self.index is None and self.keys:
            self._highlight(0)

    def drop_entry(self, key: str) -> None:
        if key in self.keys:
            position = self.keys.index(key)
            del self.keys[position]
            self._changed()
            self._highlight(min(position, len(self.keys) - 1) if self.keys else None)

    @property
    def highlighted(self) -> str | None:
        return self.keys[self.index] if self.index is not None else None

    def highlight(self, key: str) -> None:
        if key in self.keys:
            self._highlight(self.keys.index(key))

    def _highlight(self, index: int | None) -> None:
        changed = index != self.index
        self.index = index
        self._strips.clear()
        self.refresh()
        if index is not None:
            self.scroll_to_item(index)
        if changed:
            self.post_message(self.Highlighted(self, self.highlighted))

    # --- keys and mouse -------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.keys:
            current = self.index if self.index is not None else -step
            self._highlight(max(0, min(len(self.keys) - 1, current + step)))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * self.items_in_view())

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    # --- drawing --------------------------------------------------------------------------

    def empty_strip(self, width: int) -> Strip:
        style = self.get_component_rich_style("entry-list--empty")
        return self._strip(Text(" " + self.empty), width, style)

    def item_strips(self, index: int, width: int) -> list[Strip]:
        style = self.rich_style
        if index == self.index:
            style += self.get_component_rich_style("entry-list--highlight")
        lines = list(self.render_entry(self.keys[index], max(1, width - 1)))
        lines = lines[: self.item_height - 1]
        lines += [Text("")] * (self.item_height - 1 - len(lines))
        strips = [self._strip(Text(" ") + line, width, style) for line in lines]
        strips.append(Strip.blank(width, self.rich_style))
        return strips

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(self.text_segments(text, style)).adjust_cell_length(width, style)
