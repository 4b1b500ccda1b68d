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

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from tui.layout.document_layout import DocumentLayout
from tui.layout.wrap import LineLayout
from tui.widgets.document_view import paint

if TYPE_CHECKING:
    from tui.widgets.document_view.view import DocumentView

GUTTER = 2
"""Cells left of the text for highlight markers."""


NOWHERE = (-1, -1)
"""A span no offset is in: no selection, no dateline."""


@dataclass(frozen=True, slots=True)
class RowMarks:
    """What marks the text of one row besides highlights and matches: the cursor (and the end
    of its cell, when on this row), the selection and the dateline."""

    cursor: int
    cursor_end: int
    selection: tuple[int, int]
    dateline: tuple[int, int]

    @classmethod
    def of(cls, view: DocumentView, layout: DocumentLayout, start: int, end: int) -> RowMarks:
        """The marks of the row showing [start, end)."""
        cursor = view._cursor
        cursor_end = layout.next_position(cursor) if start <= cursor < end else cursor
        return cls(cursor, cursor_end, view.selection or NOWHERE, view._dateline or NOWHERE)

    def spans(self) -> tuple[int, ...]:
        """Where these marks start and end."""
        return (*self.selection, *self.dateline, self.cursor, self.cursor_end)

    def selected(self, offset: int) -> bool:
        return self.selection[0] <= offset < self.selection[1]

    def in_dateline(self, offset: int) -> bool:
        return self.dateline[0] <= offset < self.dateline[1]

    def shows_line_end(self, end: int) -> bool:
        """Whether the cell after a line's text is drawn: the cursor or the selection is there."""
        return self.cursor == end or self.selected(end)


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
        marks = RowMarks.of(self.view, layout, start, end)
        highlights = self.view._highlights
        segments: list[Segment] = []
        if margin:
            segments.append(Segment(" " * margin, self.view.rich_style))
        touching, overlap = highlights.touching(start, end + 1 if at_line_end else end)
        segments.extend(self.gutter(touching, overlap))
        cuts = sorted(
            {*highlights.cuts(start, end), *self.view._matches.cuts(start, end), *marks.spans()}
        )
        segments.extend(self.text_runs(line, row, base, cuts, marks))
        used = margin + GUTTER + line.row_cells(row)
        if at_line_end and marks.shows_line_end(end):
            segments.append(self.line_end(marks, end))
            used += 1
        stripes = self.view.stripe_cells()
        strip = self.fitted(segments, used, width - stripes)
        if stripes:
            colours = frozenset(highlights.items[index].colour for index in touching)
            strip = Strip.join([strip, Strip(self.stripes(colours), stripes)])
        return strip

    def text_runs(
        self, line: LineLayout, row: int, base: int, cuts: list[int], marks: RowMarks
    ) -> list[Segment]:
        """The row's text in runs of one look each (cut where any mark starts or ends)."""
        highlights, matches = self.view._highlights, self.view._matches
        return [
            Segment(
                text,
                self.text_style(
                    highlights.at(base + rel),
                    marks.selected(base + rel),
                    marks.in_dateline(base + rel),
                    base + rel == marks.cursor,
                    matches.covering(base + rel) is not None,
                ),
            )
            for rel, text, _cells in line.row_runs(row, [cut - base for cut in cuts])
        ]

    def line_end(self, marks: RowMarks, end: int) -> Segment:
        """The cell after a line's text: the cursor there, or the selection running on."""
        at_end = marks.cursor == end
        return Segment(" ", self.text_style((), not at_end, False, at_end))

    def fitted(self, segments: list[Segment], used: int, width: int) -> Strip:
        """The row padded (or cut) to ``width`` cells."""
        if used < width:
            segments.append(Segment(" " * (width - used), self.view.rich_style))
        strip = Strip(segments, max(used, width))
        return strip.crop(0, width) if used > width else strip

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
        """The style of text under the given highlights and states (cached)."""
        items = self.view._highlights.items
        colours = tuple(items[index].colour for index in active)
        key = (colours, selected, dateline, cursor, match)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.made_style(colours, selected, dateline, cursor, match)
        return style

    def tint(self, colours: tuple[str, ...]) -> Color:
        """The background of highlights of these codes: one code's tint, or where codes
        overlap their mix."""
        chosen = self.paint_now()
        if len(colours) == 1:
            return chosen.highlight(colours[0])
        if colours:
            return chosen.overlapping(sorted(set(colours)))
        return chosen.base

    def background(self, colours: tuple[str, ...], selected: bool, match: bool) -> Color:
        """The background of text in these states: the selection and a search match are
        opaque over highlights (each must read as itself)."""
        tint = self.tint(colours)  # chosen even when covered: the paint's choices keep their order
        chosen = self.paint_now()
        if selected:
            return chosen.selection
        return chosen.match if match else tint

    def made_style(
        self, colours: tuple[str, ...], selected: bool, dateline: bool, cursor: bool, match: bool
    ) -> Style:
        """The style of text in these states: overlapping codes are underlined, the dateline
        and the cursor take their layers' looks."""
        chosen = self.paint_now()
        background = self.background(colours, selected, match)
        plain = background is chosen.base
        foreground = self.view.styles.color if plain else chosen.ink(background)
        text_style = Style(underline=True) if len(colours) > 1 else Style()
        if dateline:
            layer = self.view.get_component_styles("document-view--dateline")
            if layer.has_rule("color") and plain:
                foreground = layer.color
            text_style += layer.text_style
        if cursor:
            text_style += self.view.get_component_styles("document-view--cursor").text_style
        style = Style(color=(background + foreground).rich_color, bgcolor=background.rich_color)
        return style + text_style

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
