"""The lists whose items are named by keys and drawn by the caller (the annotation panel, search
hits and suggestions as entries; the coded passages): which key is highlighted, how the
highlight moves, what highlighting and choosing post, and the line an empty list shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui.widgets.virtual_list import VirtualList


def kept_index(keys: Sequence[str], keep: str | None, old: int | None) -> int | None:
    """Where the highlight goes when the keys are replaced: on ``keep`` when it is still listed,
    else at its old position (or the last entry), none in an empty list."""
    if keep is not None and keep in keys:
        return keys.index(keep)
    if keys:
        return min(old or 0, len(keys) - 1)
    return None


class KeyedList(VirtualList):
    """Items named by string keys, one of them highlighted; enter selects it."""

    COMPONENT_CLASSES = {"keyed-list--highlight", "keyed-list--empty"}
    DEFAULT_CSS = """
    KeyedList { background: $surface; }
    KeyedList > .keyed-list--highlight { background: $block-cursor-blurred-background; }
    KeyedList > .keyed-list--empty { color: $text-muted; text-style: italic; }
    """
    ANNOUNCE_REPLACED: ClassVar[bool] = False
    """Whether replacing the entries posts ``Highlighted`` even when the highlight keeps its
    position (the passages list: another passage may stand there now)."""

    def __init__(self, item_height: int, empty: str, *, id: str | None = None) -> None:
        super().__init__(item_height, id=id)
        self.empty = empty
        self.keys: list[str] = []

    @property
    def count(self) -> int:
        return len(self.keys)

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
        index = kept_index(self.keys, keep, old)
        self._changed()
        self._highlight(index, always=self.ANNOUNCE_REPLACED)

    def highlight(self, key: str) -> None:
        if key in self.keys:
            self._highlight(self.keys.index(key))

    def _highlight(self, index: int | None, always: bool = False) -> None:
        changed = index != self.index
        self.index = index
        self._strips.clear()
        self.refresh()
        if index is not None:
            self.scroll_to_item(index)
        if changed or always:
            self.post_message(self.Highlighted(self, self.highlighted))

    # --- keys -----------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.keys:
            current = self.index if self.index is not None else -step
            self._highlight(max(0, min(len(self.keys) - 1, current + step)))

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    # --- drawing --------------------------------------------------------------------------

    def empty_strip(self, width: int) -> Strip:
        style = self.get_component_rich_style("keyed-list--empty")
        return self.text_strip(Text(" " + self.empty), width, style)

    def item_style(self, index: int) -> Style:
        """The item's background: the highlight's on the highlighted one."""
        if index == self.index:
            return self.rich_style + self.get_component_rich_style("keyed-list--highlight")
        return self.rich_style
