"""Find within the open document: ``/`` opens the find bar, enter goes to the next match, ``.``
and ``,`` step forward and back (wrapping, and saying so), escape in the text clears them."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from annotations.corpus import Document
from tui.widgets.document_view import DocumentView
from tui.widgets.find_bar import MAX_MATCHES, FindBar, find_all

MATCH = Binding.Group("Match", compact=True)
"""The footer shows ``.,`` once for stepping between matches."""


def matches_said(count: int, where: int | None, wrapped: str, typing: bool) -> str:
    """What the find bar says of ``count`` matches: which one the cursor is on (``where``),
    whether the step wrapped round, and the keys that step ("3 of 12 · . next , back")."""
    shown = f"{count}+" if count >= MAX_MATCHES else str(count)
    plural = "match" if count == 1 else "matches"
    place = f"{where + 1} of {shown}" if where is not None else f"{shown} {plural}"
    keys = "enter: next" if typing else ". next , back"
    return " · ".join(part for part in (place, wrapped, keys) if part)


def match_step(matches: list[tuple[int, int]], cursor: int, direction: int) -> tuple[int, str]:
    """The match after (1) or before (-1) the cursor, and "from the top" or "from the
    bottom" when the step wrapped round."""
    if direction > 0:
        index = next((i for i, (start, _) in enumerate(matches) if start > cursor), None)
        return (0, "from the top") if index is None else (index, "")
    index = next((i for i in range(len(matches) - 1, -1, -1) if matches[i][0] < cursor), None)
    return (len(matches) - 1, "from the bottom") if index is None else (index, "")


class DocumentFind(Screen[None]):
    """The find part of the document screen (which composes the ``FindBar``)."""

    document: Document

    BINDINGS = [
        Binding("slash", "find", "Find", key_display="/", id="document.find"),
        Binding(
            "full_stop",
            "step_match(1)",
            "Next match",
            key_display=".",
            id="document.next_match",
            group=MATCH,
        ),
        Binding(
            "comma",
            "step_match(-1)",
            "Previous match",
            key_display=",",
            id="document.previous_match",
            group=MATCH,
        ),
    ]

    def find_bar(self) -> FindBar:
        return self.query_one("#find", FindBar)

    def text_view(self) -> DocumentView:
        return self.query_one("#view", DocumentView)

    def action_find(self) -> None:
        self.find_bar().open()

    @on(Input.Changed, "#find-input")
    def find_changed(self, event: Input.Changed) -> None:
        spans = find_all(self.document.text, event.value)
        self.text_view().set_matches(spans)
        self.say_matches()
        self.refresh_bindings()

    @on(Input.Submitted, "#find-input")
    def find_submitted(self) -> None:
        if self.text_view().matches:
            self.text_view().focus()  # (takes effect after this handler)
            self.action_step_match(1, typing=False)

    def say_matches(
        self, where: int | None = None, wrapped: str = "", typing: bool | None = None
    ) -> None:
        """Say on the find bar how many matches there are (and which one the cursor is on)."""
        matches = self.text_view().matches
        bar = self.find_bar()
        if not bar.query_text.strip():
            bar.say("")
        elif not matches:
            bar.say("no match")
        else:
            if typing is None:
                typing = bar.query_one(Input).has_focus
            bar.say(matches_said(len(matches), where, wrapped, typing))

    def action_step_match(self, direction: int, typing: bool | None = None) -> None:
        """To the next (1) or previous (-1) match from the cursor, wrapping at either end."""
        view = self.text_view()
        matches = view.matches
        if not matches:
            return
        index, wrapped = match_step(matches, view.cursor, direction)
        start = matches[index][0]
        view.clear_selection()
        view.move_cursor(start)
        view.scroll_to_offset(start, center=True)
        self.say_matches(index, wrapped, typing)

    def clear_matches(self) -> bool:
        """Escape in the text: matches go (and the bar); True if there were any to clear."""
        bar = self.find_bar()
        if not bar.shown and not self.text_view().matches:
            return False
        self.text_view().set_matches([])
        bar.close()
        self.refresh_bindings()
        return True

    def leave_find(self) -> bool:
        """Escape in the find bar: back to the text (the matches stay, to step through)."""
        bar = self.find_bar()
        if not bar.query_one(Input).has_focus:
            return False
        if not self.text_view().matches:
            bar.close()
        self.text_view().focus()
        self.say_matches()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step_match":
            return bool(self.text_view().matches)  # shown only while there are matches
        return True
