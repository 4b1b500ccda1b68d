"""A list of many multi-line entries (annotations, passages, hits) as a line-API widget.

Only visible rows are drawn, so a panel of 5,000 annotations or a search with thousands of
hits stays instant; OptionList lays out every option and took over a second at that size.
Each entry is a few lines of ``Text`` produced on demand by a ``render(key, width)`` function
(``width``: the cells each line has, to wrap to).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


class EntryList(ScrollView, can_focus=True):
    """Entries of ``height`` lines (the last one a gap), a highlighted entry, enter selects."""

    ALLOW_SELECT = False
    """A drag here picks an entry; Textual's text selection drew nothing and copied "" (emptying
    the clipboard on ctrl+c)."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False, id="entries.up"),
        Binding("down", "move(1)", "Down", show=False, id="entries.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="entries.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="entries.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="entries.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="entries.last"),
        Binding("enter", "select", "Go", id="entries.select"),
    ]
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
        super().__init__(id=id)
        self.render_entry = render
        self.entry_height = height
        self.empty = empty
        self.keys: list[str] = []
        self.index: int | None = None
        self._strips: LRUCache[tuple[int, int, bool], list[Strip]] = LRUCache(256)

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

    def redraw(self) -> None:
        """Entries' contents changed: draw them again."""
        self._strips.clear()
        self.refresh()

    def _changed(self) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.size.width, max(1, len(self.keys) * self.entry_height))
        self.refresh()

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
            self._scroll_to_entry(index)
        if changed:
            self.post_message(self.Highlighted(self, self.highlighted))

    def _scroll_to_entry(self, index: int) -> None:
        top = index * self.entry_height
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif top + self.entry_height > self.scroll_offset.y + height:
            self.scroll_to(y=top + self.entry_height - height, animate=False)

    # --- keys and mouse -------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.keys:
            current = self.index if self.index is not None else -step
            self._highlight(max(0, min(len(self.keys) - 1, current + step)))

    def action_page(self, direction: int) -> None:
        per_page = max(1, self.scrollable_content_region.height // self.entry_height)
        self.action_move(direction * per_page)

    def action_jump(self, index: int) -> None:
        if self.keys:
            self._highlight(index if index >= 0 else len(self.keys) - 1)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = (self.scroll_offset.y + event.y) // self.entry_height
        if 0 <= index < len(self.keys):
            self._highlight(index)
            if event.chain >= 2:
                self.action_select()

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if not self.keys:
            if row == 0:
                style = self.get_component_rich_style("entry-list--empty")
                return self._strip(Text(" " + self.empty), width, style)
            return Strip.blank(width, self.rich_style)
        index, line = divmod(row, self.entry_height)
        if index >= len(self.keys):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.index)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._entry_strips(index, width)
            self._strips[key] = strips
        return strips[line]

    def _entry_strips(self, index: int, width: int) -> list[Strip]:
        style = self.rich_style
        if index == self.index:
            style += self.get_component_rich_style("entry-list--highlight")
        lines = list(self.render_entry(self.keys[index], max(1, width - 1)))
        lines = lines[: self.entry_height - 1]
        lines += [Text("")] * (self.entry_height - 1 - len(lines))
        strips = [self._strip(Text(" ") + line, width, style) for line in lines]
        strips.append(Strip.blank(width, self.rich_style))
        return strips

    def _strip(self, text: Text, width: int, style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(segment.text, style + segment.style if segment.style else style)
            for segment in text.render(self.app.console)
        ]
        return Strip(segments).adjust_cell_length(width, style)
