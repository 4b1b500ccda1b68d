"""Drawing one row of the document view as a strip: margin, gutter markers, and the text in
runs styled by highlights, matches, the selection, the dateline and the cursor.

How it looks: highlights are background tints (the code's colour blended into the background,
so text stays readable on dark and light themes); where two or more overlap, the tint mixes
their colours more strongly and the text is underlined. Search matches and the selection have
backgrounds of their own (``paint`` keeps them distinct in every colour system). A two-cell
gutter marks rows holding highlighted text: ``▌`` in the colour of the one highlight there;
``▌▌`` in the first two colours when several share the row without overlapping; ``≡`` when
highlights overlap on the row. The cursor is a reversed cell; at the end of a line, a reversed
blank after the text.

Coding stripes (toggled): a margin at the right edge with one column per code used in the
document (codebook order); a row lights the column of every code whose passages touch it, in
that code's highlight colour (which ``paint`` keeps apart from every other role in 256 and 16
colours), so overlapping codes show side by side on the rows they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from tui.layout.document_layout import DocumentLayout
from tui.widgets.document_view import paint

if TYPE_CHECKING:
    from tui.widgets.document_view.view import DocumentView

GUTTER = 2
"""Cells left of the text for highlight markers."""


class RowPainter:
    """Strips for the rows of one view, with the styles and gutters they use cached (per
    theme, colour system and codebook: ``forget`` when one of those changes)."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self._styles: dict[tuple[object, ...], Style] = {}
        self._gutters: dict[tuple[tuple[str, ...], bool], list[Segment]] = {}
        self._stripes: dict[frozenset[str], list[Segment]] = {}
        self._paint: paint.Paint | None = None

    def forget(self) -> None:
        self._paint = None
        self._styles.clear()
        self._gutters.clear()
        self._stripes.clear()

    def render_row(self, layout: DocumentLayout, unit: int, row: int, width: int) -> Strip:
        """Build the strip for one row: margin, gutter, styled text runs, padding."""
        line = layout.line_layout(unit)
        base = layout.starts[unit]
        rel_start, rel_end = line.row_range(row)
        start, end = base + rel_start, base + rel_end
        at_line_end = row == line.row_count - 1 and line.ends_line
        margin, _ = self.view._geometry()
        plain = self.view.rich_style

        cursor = self.view._cursor
        cursor_end = layout.next_position(cursor) if start <= cursor < end else cursor
        selection = self.view.selection or (-1, -1)
        dateline = self.view._dateline or (-1, -1)
        highlights = self.view._highlights
        matches = self.view._matches
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
        touching, overlap = highlights.touching(start, marker_end)
        segments.extend(self.gutter(touching, overlap))
        stripes = self.view.stripe_cells()
        width -= stripes
        style_for = self.text_style
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
        strip = strip.crop(0, width) if used > width else strip
        if stripes:
            colours = frozenset(highlights.items[index].colour for index in touching)
            strip = Strip.join([strip, Strip(self.stripes(colours), stripes)])
        return strip

    def stripes(self, colours: frozenset[str]) -> list[Segment]:
        """The stripes margin of a row whose passages have these colours: a gap, then one
        cell per column, lit in its code's highlight colour where the code is on the row."""
        cached = self._stripes.get(colours)
        if cached is not None:
            return cached
        plain = self.view.rich_style
        chosen = self.paint_now()
        segments = [Segment(" ", plain)]
        for colour in self.view.stripe_colours:
            if colour in colours:
                lit = chosen.highlight(colour).rich_color
                segments.append(Segment(" ", Style(bgcolor=lit)))
            else:
                segments.append(Segment("·", plain + Style(dim=True)))
        self._stripes[colours] = segments
        return segments

    def gutter(self, indices: list[int], overlap: bool) -> list[Segment]:
        """The two gutter cells for a row holding the given highlights."""
        items = self.view._highlights.items
        colours = tuple(dict.fromkeys(items[index].colour for index in indices))
        key = (colours[:2], overlap)
        cached = self._gutters.get(key)
        if cached is not None:
            return cached
        style = self.view.rich_style + self.view.get_component_rich_style(
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

    def text_style(
        self,
        active: tuple[int, ...],
        selected: bool,
        dateline: bool,
        cursor: bool,
        match: bool = False,
    ) -> Style:
        """The style of text under the given highlights and states (cached). The selection and
        a search match are opaque over highlights: each must read as itself."""
        items = self.view._highlights.items
        colours = tuple(items[index].colour for index in active)
        key = (colours, selected, dateline, cursor, match)
        style = self._styles.get(key)
        if style is not None:
            return style
        chosen = self.paint_now()
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
        foreground = self.view.styles.color if plain else chosen.ink(background)
        text_style = Style(underline=True) if underline else Style()
        if dateline:
            layer = self.view.get_component_styles("document-view--dateline")
            if layer.has_rule("color") and plain:
                foreground = layer.color
            text_style += layer.text_style
        if cursor:
            text_style += self.view.get_component_styles("document-view--cursor").text_style
        style = Style(color=(background + foreground).rich_color, bgcolor=background.rich_color)
        style += text_style
        self._styles[key] = style
        return style

    def paint_now(self) -> paint.Paint:
        """Backgrounds for this theme, colour system and codebook (see ``paint``)."""
        if self._paint is None:
            base = self.view.background_colors[1]
            text = base + self.view.styles.color
            system = paint.SYSTEMS.get(self.view.app.console.color_system or "")
            codes = [
                *self.view._code_colours,
                *(item.colour for item in self.view._highlights.items),
            ]
            self._paint = paint.choose(
                base,
                text,
                codes,
                self.layer_background("document-view--selection", Color(1, 120, 212)),
                self.layer_background("document-view--match", Color(255, 166, 43)),
                system,
            )
        return self._paint

    def layer_background(self, name: str, fallback: Color) -> Color:
        layer = self.view.get_component_styles(name)
        if not layer.has_rule("background"):
            return fallback
        colour = layer.background
        return Color(colour.r, colour.g, colour.b)
