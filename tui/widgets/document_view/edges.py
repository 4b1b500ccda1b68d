"""Dragging a passage's edge: which passage a press on its first or last character takes, and
where its moving end goes as the pointer moves. Pure arithmetic over the text, the layout's
clusters and the highlights shown; the view (``dragging``) holds the gesture.

The rules, as a coder expects them from a word processor's handles:

- The edge is the passage's first character (its start moves) or its last (its end moves); a
  one-character passage is taken by its end. A press anywhere else is an ordinary press, and
  so is a press with shift (a selection by character). To select from a passage's first word
  rather than move its start, press on another letter of it: a drag snaps to the whole word.
- Where several passages have an edge under the pointer, the one the keys act on (the
  ``preferred`` key: the passage last jumped to or reshaped) is taken, else the innermost
  (the shortest; the later start, then the key, on a tie).
- The moving end snaps to word edges, words as ``w`` and ``e`` see them ("58%," is one), or to
  characters while shift is held; white space is never taken in at either edge.
- It never passes the fixed end: the passage keeps at least one word (a character, by
  character) at the fixed end, however far the pointer goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tui.layout.document_layout import DocumentLayout
from tui.widgets.document_view.highlights import Highlight, HighlightIndex


@dataclass(frozen=True, slots=True)
class EdgeDrag:
    """A passage whose edge is being dragged: ``key`` is the passage (its highlights' key),
    ``start``/``end`` its bounds now, ``original`` its bounds when pressed."""

    key: str
    moves_start: bool
    original: tuple[int, int]
    start: int
    end: int

    @property
    def moved(self) -> bool:
        return (self.start, self.end) != self.original


def word_start(text: str, offset: int) -> int:
    """The start of the word holding ``offset`` (a word runs between white space);
    ``offset`` itself on white space or at the end of the text."""
    if offset >= len(text) or text[offset].isspace():
        return offset
    while offset > 0 and not text[offset - 1].isspace():
        offset -= 1
    return offset


def word_stop(text: str, offset: int) -> int:
    """The end of the word holding ``offset`` (``offset`` itself on white space)."""
    while offset < len(text) and not text[offset].isspace():
        offset += 1
    return offset


def ink_from(text: str, offset: int) -> int:
    """The first character at or after ``offset`` that is not white space."""
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def ink_until(text: str, offset: int) -> int:
    """Just after the last character before ``offset`` that is not white space."""
    while offset > 0 and text[offset - 1].isspace():
        offset -= 1
    return offset


def pressed_edge(
    index: HighlightIndex, layout: DocumentLayout, offset: int, preferred: str | None
) -> EdgeDrag | None:
    """The passage whose edge is at ``offset`` (see the module's rules), or None."""
    edges = {
        item.key: item
        for item in (index.items[i] for i in index.at(offset))
        if offset in (item.start, layout.previous_position(item.end))
    }
    if not edges:
        return None
    chosen = edges.get(preferred or "") or min(
        edges.values(), key=lambda h: (h.end - h.start, -h.start, h.key)
    )
    moves_start = chosen.start == offset != layout.previous_position(chosen.end)
    bounds = (chosen.start, chosen.end)
    return EdgeDrag(chosen.key, moves_start, bounds, *bounds)


def dragged_to(
    drag: EdgeDrag, text: str, layout: DocumentLayout, offset: int, words: bool
) -> EdgeDrag:
    """``drag`` with its moving end under the pointer at ``offset``, kept from passing the
    fixed end."""
    if drag.moves_start:
        start = word_start(text, offset) if words else offset
        last = word_start(text, drag.end - 1) if words else layout.previous_position(drag.end)
        return replace(drag, start=min(ink_from(text, start), last))
    end = word_stop(text, offset) if words else layout.next_position(offset)
    first = word_stop(text, drag.start) if words else layout.next_position(drag.start)
    return replace(drag, end=max(ink_until(text, end), first))


def moved_highlights(items: Sequence[Highlight], drag: EdgeDrag) -> list[Highlight]:
    """The highlights shown while dragging: the passage's at its bounds now."""
    return [
        replace(item, start=drag.start, end=drag.end) if item.key == drag.key else item
        for item in items
    ]
