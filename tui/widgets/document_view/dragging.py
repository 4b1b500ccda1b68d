"""A passage's edge dragged with the mouse: press on its first or last character and drag, and
that end follows the pointer (by word, or by character while shift is held: a press with
shift selects by character, as ever), drawn as it moves; on
release the view posts ``PassageDragged`` with the new bounds for its owner to keep, and
escape puts the passage back. Where the edge is and where it may go: ``edges``.

The view only draws and tells: it knows highlights, not annotations or stores. Its owner says
whether passages may be reshaped at all (``passages_reshapable``: not in a read-only store,
where a drag from an edge selects, as any other drag, and the owner is told it was refused)
and which passage the keys act on (``preferred_passage``), which wins where edges meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from textual.message import Message

from tui.widgets.document_view.edges import EdgeDrag, dragged_to, moved_highlights, pressed_edge
from tui.widgets.document_view.highlights import Highlight, HighlightIndex
from tui.widgets.document_view.navigation import DocumentNavigation

DragPhase = Literal["moving", "released", "cancelled", "refused"]


class PassageDragging(DocumentNavigation):
    """The edge drag of the document view (the mouse handlers are ``navigation``'s)."""

    class PassageDragged(Message):
        """A passage's edge was dragged: ``phase`` says how far (moving, released with new
        bounds, cancelled by escape, refused in a read-only store). Rapid moves collapse."""

        def __init__(
            self, view: PassageDragging, drag: EdgeDrag, phase: DragPhase = "moving"
        ) -> None:
            super().__init__()
            self.view = view
            self.drag = drag
            self.phase = phase

        @property
        def control(self) -> PassageDragging:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return (
                isinstance(message, PassageDragging.PassageDragged)
                and message.view is self.view
                and message.phase == self.phase == "moving"
            )

    passages_reshapable = True
    """False (a read-only store): a drag from an edge selects, and is refused."""
    preferred_passage: str | None = None
    """The passage the keys act on: taken first where several edges meet."""
    _edge: EdgeDrag | None = None
    """The edge being dragged (set per view by a press; None between drags)."""
    _shown_before: Sequence[Highlight] = ()
    """The highlights as they were when the drag first moved (escape puts them back)."""

    def _edge_pressed(self, offset: int, shift: bool) -> None:
        """A press: on a passage's edge, the drag moves it; with shift, it selects as ever
        (by character; shift held once moving moves an edge by character)."""
        layout, preferred = self._layout_now(), self.preferred_passage
        self._edge = None if shift else pressed_edge(self._highlights, layout, offset, preferred)

    def _dragging_edge(self, offset: int, words: bool) -> bool:
        """The pointer moved to ``offset`` in a drag: move the pressed edge there (whether a
        passage's edge is being dragged; if not, the drag selects)."""
        drag = self._edge
        if drag is None:
            return False
        if not self.passages_reshapable:
            self._edge = None
            self.post_message(self.PassageDragged(self, drag, "refused"))
            return False
        if not drag.moved:
            self._shown_before = list(self._highlights.items)
        moved = dragged_to(drag, self._text, self._layout_now(), offset, words)
        if moved != drag:
            self._edge = moved
            self.set_highlights(moved_highlights(self._shown_before, moved))
            self.post_message(self.PassageDragged(self, moved))
            # past the top or bottom, the text scrolls, as for a selection (its cursor does)
            self.scroll_to_offset(self._moving_end(moved), center=False)
        return True

    def _moving_end(self, drag: EdgeDrag) -> int:
        """The first or last character of the passage: the one that moves."""
        return drag.start if drag.moves_start else self._layout_now().previous_position(drag.end)

    def _edge_released(self) -> None:
        """The button is up: a moved edge is posted (its passage stays drawn so until the
        owner sets the highlights again), the cursor on the moved end."""
        drag, self._edge = self._edge, None
        if drag is None:
            return
        if not drag.moved:
            if self._shown_before:  # it moved, then came back: the prompt goes
                self._shown_before = ()
                self.post_message(self.PassageDragged(self, drag, "cancelled"))
            return
        self._shown_before = ()
        self._move(self._moving_end(drag))
        self.post_message(self.PassageDragged(self, drag, "released"))

    @property
    def edge_drag(self) -> EdgeDrag | None:
        """The edge being dragged, if any."""
        return self._edge

    def cancel_edge_drag(self) -> bool:
        """Escape in a drag: the passage goes back as it was (whether a drag was cancelled)."""
        drag, self._edge = self._edge, None
        if drag is None:
            return False
        self._drag_origin = self._drag_cell = None  # the rest of this drag does nothing
        self.release_mouse()
        if drag.moved:
            self.set_highlights(self._shown_before)
            self.post_message(self.PassageDragged(self, drag, "cancelled"))
        return True

    # ------------------------------------------------------------------ what the view provides

    _highlights: HighlightIndex

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        raise NotImplementedError

    def scroll_to_offset(self, offset: int, center: bool = True) -> None:
        raise NotImplementedError
