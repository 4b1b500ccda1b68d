"""Reading what the app draws: the styles of the cells that show a piece of text."""

from __future__ import annotations

from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region

from tui.app import CasereaderApp


def rows(app: CasereaderApp) -> list[list[Segment]]:
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def cells_of(app: CasereaderApp, needle: str, region: Region | None = None) -> list[Style]:
    """The styles of the segments drawing the first occurrence of ``needle`` on screen (or
    within ``region`` of it)."""
    for y, segments in enumerate(rows(app)):
        line = "".join(segment.text for segment in segments)
        if region is not None:
            if not region.y <= y < region.bottom:
                continue
            line = " " * region.x + line[region.x : region.right]
        start = line.find(needle)
        if start < 0:
            continue
        end = start + len(needle)
        found, column = [], 0
        for segment in segments:
            following = column + len(segment.text)
            if following > start and column < end and segment.style is not None:
                found.append(segment.style)
            column = following
        return found
    raise AssertionError(f"{needle!r} is not on screen")


def styles_in(app: CasereaderApp, region: Region) -> list[Style]:
    """The styles of every segment drawn inside ``region`` of the screen."""
    found = []
    for segments in rows(app)[region.y : region.bottom]:
        column = 0
        for segment in segments:
            following = column + len(segment.text)
            if following > region.x and column < region.right and segment.style is not None:
                found.append(segment.style)
            column = following
    return found


def shown_background(style: Style, system: ColorSystem) -> tuple[str, int | tuple[int, ...]]:
    """The background the terminal shows for a cell (reverse video swaps in the text colour),
    as that colour system sends it: a palette number, or RGB in truecolor."""
    colour = style.color if style.reverse else style.bgcolor
    assert colour is not None, style
    if system == ColorSystem.TRUECOLOR:
        return ("rgb", tuple(colour.get_truecolor()))
    downgraded = colour.downgrade(system)
    return ("palette", downgraded.number if downgraded.number is not None else -1)
