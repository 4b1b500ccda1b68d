"""The corpus list as a line-API widget: only visible rows are rendered, so 10,000 documents
fill in at once and sorting or filtering is a list operation, not 10,000 widget updates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.strip import Strip

from annotations.corpus import Document
from tui.widgets.virtual_list import VirtualList, list_bindings


@dataclass(frozen=True)
class Column:
    title: str
    width: int | None
    """Cells; None takes what is left."""
    optional: bool = False
    """Left out when keeping it would leave the flexible column under MIN_FLEX cells."""

    def width_in(self, rest: int) -> int:
        """Its width, given the ``rest`` of the line the flexible column takes."""
        return self.width if self.width is not None else rest


MIN_FLEX = 32


class DocumentList(VirtualList):
    """Rows of documents with a cursor; cells come from a ``cells(document)`` function."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("list", "cursor", "Open", "open")
    COMPONENT_CLASSES = {"document-list--header", "document-list--cursor", "document-list--odd"}
    DEFAULT_CSS = """
    DocumentList { background: $surface; }
    DocumentList > .document-list--header { text-style: bold; background: $panel; }
    DocumentList > .document-list--cursor { background: $block-cursor-background;
                                            color: $block-cursor-foreground; }
    DocumentList:blur > .document-list--cursor { background: $block-cursor-blurred-background; }
    DocumentList > .document-list--odd { background: $surface-lighten-1; }
    """

    class Highlighted(VirtualList.Highlighted):
        """The cursor moved to the document with this id (None: no document is listed)."""

    class Selected(VirtualList.Selected):
        """The document with this id was chosen to open."""

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[Document], Sequence[Text]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(1, id=id)
        self.columns = list(columns)
        self.cells = cells
        self.rows: list[Document] = []
        self.index = 0

    header_rows = 1

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def cursor_row(self) -> int:
        """The row the cursor is on (0 in an empty list)."""
        return self.index or 0

    def go_to(self, index: int) -> None:
        self.move_cursor(index)

    # --- content --------------------------------------------------------------------------

    def set_rows(self, documents: Sequence[Document], keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep`` when it is still listed."""
        self.rows = list(documents)
        index = next((i for i, d in enumerate(self.rows) if d.id == keep), 0) if keep else 0
        self._changed()
        self.move_cursor(index, force=True)

    def append(self, documents: Sequence[Document]) -> None:
        self.rows.extend(documents)
        self._changed()
        if len(self.rows) == len(documents):
            self.move_cursor(0, force=True)

    @property
    def current(self) -> Document | None:
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    @property
    def current_id(self) -> str | None:
        current = self.current
        return current.id if current is not None else None

    # --- cursor ---------------------------------------------------------------------------

    def move_cursor(self, row: int, force: bool = False) -> None:
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor_row and not force:
            return
        self.index = row
        self.redraw()
        self.scroll_to_item(row)
        self.post_message(self.Highlighted(self, self.current_id))

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 2)
        self.move_cursor(self.cursor_row + direction * height)

    def action_select(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Selected(self, self.current_id))

    # --- drawing --------------------------------------------------------------------------

    def widths(self, total: int) -> list[int]:
        """Cells per column (0: left out): optional columns give way to the flexible one."""
        fixed = sum(c.width or 0 for c in self.columns) + len(self.columns)
        left_out: set[int] = set()
        for position, column in enumerate(self.columns):
            if column.optional and total - fixed < MIN_FLEX:
                fixed -= (column.width or 0) + 1
                left_out.add(position)
        rest = max(10, total - fixed)
        return [
            0 if position in left_out else column.width_in(rest)
            for position, column in enumerate(self.columns)
        ]

    def header_strip(self, width: int) -> Strip:
        style = self.get_component_rich_style("document-list--header")
        return self._cells_strip([Text(c.title) for c in self.columns], width, style, Style())

    def item_strips(self, index: int, width: int) -> list[Strip]:
        style = self.rich_style
        if index % 2:
            style += self.get_component_rich_style("document-list--odd")
        if index == self.cursor_row:
            style += self.get_component_rich_style("document-list--cursor")
        return [self._cells_strip(self.cells(self.rows[index]), width, style, style)]

    def _cells_strip(self, cells: Sequence[Text], width: int, style: Style, pad: Style) -> Strip:
        """One line of cells in their columns, a space between, padded with ``pad``."""
        segments: list[Segment] = [Segment(" ", style)]
        for cell, cell_width in zip(cells, self.widths(width - 1), strict=False):
            if not cell_width:
                continue
            text = cell.copy()
            text.truncate(cell_width, overflow="ellipsis", pad=True)
            text.no_wrap = True
            segments.extend(self.text_segments(text, style))
            segments.append(Segment(" ", style))
        return Strip(segments).adjust_cell_length(width, pad)
