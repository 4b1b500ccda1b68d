"""A list of many multi-line entries (annotations, passages, hits) as a line-API widget.

Only visible rows are drawn, so a panel of 5,000 annotations or a search with thousands of
hits stays instant; OptionList lays out every option and took over a second at that size.
Each entry is a few lines of ``Text`` produced on demand by a ``render(key, width)`` function
(``width``: the cells each line has, to wrap to).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.strip import Strip

from tui.widgets.keyed_list import KeyedList
from tui.widgets.virtual_list import list_bindings


class EntryList(KeyedList):
    """Entries of ``height`` lines (the last one a gap), a highlighted entry, enter selects."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("entries", "move", "Go", "select")
    DEFAULT_CSS = """
    EntryList:focus > .keyed-list--highlight { background: $block-cursor-background;
                                               color: $block-cursor-foreground; }
    """

    class Highlighted(KeyedList.Highlighted):
        """The highlighted entry changed."""

    class Selected(KeyedList.Selected):
        """An entry was chosen."""

    def __init__(
        self,
        render: Callable[[str, int], Sequence[Text]],
        height: int = 3,
        empty: str = "Nothing here yet.",
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(height, empty, id=id)
        self.render_entry = render

    # --- content --------------------------------------------------------------------------

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

    def action_page(self, direction: int) -> None:
        self.action_move(direction * self.items_in_view())

    # --- drawing --------------------------------------------------------------------------

    def item_strips(self, index: int, width: int) -> list[Strip]:
        style = self.item_style(index)
        lines = list(self.render_entry(self.keys[index], max(1, width - 1)))
        lines = lines[: self.item_height - 1]
        lines += [Text("")] * (self.item_height - 1 - len(lines))
        strips = [self.text_strip(Text(" ") + line, width, style) for line in lines]
        strips.append(Strip.blank(width, self.rich_style))
        return strips
