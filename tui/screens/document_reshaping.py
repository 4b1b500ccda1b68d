"""Fixing and reshaping passages on the document screen: a wrong code replaced in one step
(``C`` then the right code's key, or the picker's ticked codes), a passage's bounds changed
(``V`` selects it, movement reshapes the selection, ``=`` applies it), two passages merged
(``M``), one split at the cursor (``|``), an edge of a passage dragged with the mouse (the
view's ``PassageDragged``). A reshaped passage keeps its id, codes, note, coder and created
time; the rules are the coding session's and the store's, one undo step each."""

from __future__ import annotations

from dataclasses import replace

from textual import on

from annotations.model import Annotation
from annotations.segments import one_line
from tui.coding import Outcome
from tui.screens.document_tagging import DocumentTagging
from tui.widgets.document_view import DocumentView


def at_word_edge(text: str, offset: int) -> bool:
    return offset in (0, len(text)) or text[offset - 1].isspace() or text[offset].isspace()


def moving_edge(passage: str, moves_start: bool, room: int = 40) -> str:
    """A dragged passage for the status line, by the end that moves: "start → “Leaders
    know…”", "end → “…their services”"."""
    passage = " ".join(passage.split())
    if len(passage) <= room:
        return f"{'start' if moves_start else 'end'} → “{passage}”"
    if moves_start:
        return f"start → “{passage[: room - 1]}…”"
    return f"end → “…{passage[1 - room :]}”"


def bounds_change(old: Annotation, new: Annotation, text: str) -> str:
    """What new bounds did to a passage, for the status line: "widened by 2 words at its
    start" (in characters where a word was cut)."""
    edge = "start" if new.start != old.start else "end"
    low, high = sorted((old.start, new.start) if edge == "start" else (old.end, new.end))
    widened = new.end - new.start > old.end - old.start
    count, unit = len(text[low:high].split()), "word"
    if not (at_word_edge(text, low) and at_word_edge(text, high)):
        count, unit = high - low, "character"
    amount = f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{'widened' if widened else 'narrowed'} by {amount} at its {edge}"


class DocumentReshaping(DocumentTagging):
    """Replacing codes, new bounds, merging and splitting."""

    replacing: str | None = None
    """The passage whose codes the next code key replaces (after ``C``)."""
    reshaping: str | None = None
    """The passage ``V`` selected, which ``=`` gives the selection's bounds."""

    def tag(self, code_id: str) -> None:
        """A code key: after ``C``, the passage's codes become this one; else tagging."""
        replacing = self.by_id.get(self.replacing) if self.replacing else None
        self.replacing = None
        if replacing is None:
            super().tag(code_id)
            return
        self.app.perform(self.app.coding.replace_codes, replacing, [code_id])
        self.changed()

    def action_replace_code(self) -> None:
        """``C``: the next code key replaces the codes of the passage the keys act on."""
        annotation = self.target() or self.only_in_selection()
        if annotation is None:
            self.notify("Put the cursor on a passage to change its code.", timeout=4)
            return
        self.replacing = annotation.id
        # On the status line, not in a toast: it is replaced by what the next key does (a
        # toast stayed over the next document for its six seconds).
        self.app.show_state(
            f"change the code of “{one_line(annotation.exact, 40)}”: press the right code's "
            "key (or t to tick several); escape cancels"
        )

    def picked_codes(self, codes: list[str]) -> None:
        """The picker's ticked codes: the passage's new codes after ``C``, else a new
        passage on the selection, else the codes of the passage at the cursor."""
        view = self.query_one("#view", DocumentView)
        replacing = self.by_id.get(self.replacing) if self.replacing else None
        self.replacing = None
        selection = view.selection
        if replacing is None and selection is None:
            replacing = self.target()
        if replacing is not None:
            self.app.perform(self.app.coding.replace_codes, replacing, codes)
        elif selection is not None:
            outcome = self.app.perform(self.app.coding.tag_many, self.document, *selection, codes)
            if outcome is None or outcome.hint:
                return
            if outcome.annotation is not None:
                self.just_tagged = (outcome.annotation, view.cursor)
            view.clear_selection()
        else:
            self.notify("Select a passage first: v then move, s, S, or drag the mouse.")
            return
        self.changed()

    def only_in_selection(self) -> Annotation | None:
        """The one placed passage the selection overlaps, if exactly one does."""
        selection = self.query_one("#view", DocumentView).selection
        if selection is None:
            return None
        found = self.overlapping(*selection)
        return found[0] if len(found) == 1 else None

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Placed passages sharing text with start..end, or touching it."""
        return [
            a
            for a in self.annotations
            if a.status != "orphan" and a.start <= end and start <= a.end
        ]

    def action_select_passage(self) -> None:
        """``V``: select the passage the keys act on, to reshape it (``o`` swaps the end that
        moves; ``=`` applies)."""
        annotation = self.target()
        if annotation is None or annotation.status == "orphan":
            self.notify("Put the cursor on a passage to reshape it.", timeout=4)
            return
        self.reshaping = annotation.id
        view = self.query_one("#view", DocumentView)
        view.select(annotation.start, annotation.end)
        self.notify("Move either end (o swaps), then = keeps the new bounds.", timeout=4)

    def action_reshape(self) -> None:
        """``=``: the passage ``V`` picked (or the one the selection overlaps, or the one at
        the cursor) takes the selection's bounds, keeping everything else."""
        view = self.query_one("#view", DocumentView)
        selection = view.selection
        if selection is None:
            self.notify("Select the new bounds first (V selects a passage to reshape).")
            return
        annotation = self.by_id.get(self.reshaping) if self.reshaping else None
        if annotation is None:
            annotation = self.only_in_selection() or self.under_cursor()
        if annotation is None:
            self.notify("Which passage? The selection overlaps none, or several: V picks one.")
            return
        outcome = self.app.perform(self.app.coding.reshape, annotation, self.document, *selection)
        if outcome is None or not outcome.saved:
            return
        self.reshaping = None
        view.clear_selection()
        self.just_tagged = (annotation.id, view.cursor)
        self.changed()

    def action_merge(self) -> None:
        """``M``: merge the passages the selection touches; without a selection, the passage
        at the cursor and the next one that touches or overlaps it."""
        view = self.query_one("#view", DocumentView)
        selection = view.selection
        group = self.overlapping(*selection) if selection else self.with_next(self.target())
        if len(group) < 2:
            self.notify(
                "Nothing to merge: put the cursor on a passage that touches or overlaps the "
                "next, or select across the passages to merge.",
                timeout=5,
            )
            return
        outcome = self.app.perform(self.app.coding.merge, group, self.document)
        if outcome is not None:
            view.clear_selection()
            self.changed()

    def with_next(self, here: Annotation | None) -> list[Annotation]:
        """The passage and the next one that overlaps it or follows it with only white space
        between (none: an empty list)."""
        if here is None:
            return []
        text = self.document.text
        after = [
            a
            for a in self.stops()
            if a.id != here.id and here.start <= a.start and not text[here.end : a.start].strip()
        ]
        return [here, after[0]] if after else []

    def action_split(self) -> None:
        """``|``: cut the passage at the cursor in two there."""
        view = self.query_one("#view", DocumentView)
        annotation = self.under_cursor()
        if annotation is None:
            self.notify("Put the cursor inside a passage, where it should be cut.", timeout=4)
            return
        self.app.perform(self.app.coding.split, annotation, self.document, view.cursor)
        self.changed()

    @on(DocumentView.PassageDragged)
    def passage_dragged(self, event: DocumentView.PassageDragged) -> None:
        """An edge dragged with the mouse: said on the status line as it moves, kept on
        release (one undo step), put back on escape; refused in a read-only store."""
        drag = event.drag
        annotation = self.by_id.get(drag.key)
        if event.phase == "refused":
            self.app.refuse_read_only()
        elif annotation is None:
            self.changed()
        elif event.phase == "moving":
            shown = moving_edge(self.document.text[drag.start : drag.end], drag.moves_start)
            self.app.show_state(f"{shown}: release keeps, escape cancels")
        elif event.phase == "released" and (annotation.start, annotation.end) != drag.original:
            # undone, redone or reshaped while the button was down: the drag measured a
            # passage that is no longer there, and would bring back what was just undone
            self.app.show_state("the passage changed during the drag: nothing reshaped")
            self.changed()
        elif event.phase == "released":
            self.app.perform(self.drag_reshape, annotation, drag.start, drag.end)
            self.act_on(annotation.id)
            self.changed()
        else:
            self.app.show_state("reshape cancelled: the passage is as it was")

    def drag_reshape(self, annotation: Annotation, start: int, end: int) -> Outcome:
        """New bounds from a drag, said as what they did to the passage."""
        outcome = self.app.coding.reshape(annotation, self.document, start, end)
        new = self.session.store.get(annotation.id) if outcome.saved else None
        if new is None:
            return outcome
        done = f"passage {bounds_change(annotation, new, self.document.text)} (u undoes)"
        return replace(outcome, done=done)

    def on_document_view_selection_changed(self, event: DocumentView.SelectionChanged) -> None:
        if event.selection is None:  # the selection ``V`` made is gone: so is the reshaping
            self.reshaping = None

    def cancel_pending(self) -> bool:
        """Escape: forget a pending ``C`` or ``V``; whether there was one."""
        pending = self.replacing is not None or self.reshaping is not None
        if self.replacing is not None:
            self.app.show_state("code change cancelled")
        self.replacing = self.reshaping = None
        return pending
