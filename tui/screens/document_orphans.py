"""Passages re-anchoring could not place (orphans) or placed elsewhere (moved), on the
document screen: an orphan is picked in the panel, noted or removed like any passage, and
attached to new text with ``A``; a moved passage's mark goes with ``o`` once checked."""

from __future__ import annotations

from annotations.model import Annotation
from annotations.segments import trimmed
from tui.dialogs.prompts import Choice
from tui.formatting import one_line, visible
from tui.screens.document_panel import DocumentPanel
from tui.widgets.entry_list import EntryList


class DocumentOrphans(DocumentPanel):
    """The orphan and moved-passage part of the document screen."""

    def orphans(self) -> list[Annotation]:
        return [a for a in self.annotations if a.status == "orphan"]

    def action_attach_orphan(self) -> None:
        """Attach an orphan to the selected text: the one highlighted in the panel, the only
        one, or one chosen from a list."""
        orphans = self.orphans()
        if not orphans:
            self.notify("This document has no orphaned passages.", timeout=3)
            return
        span = self.selected_span()
        if span is None:
            self.notify(
                "Select the text the orphan belongs to first (v then move, or drag), then A.",
                timeout=5,
            )
            return
        chosen = self.picked_orphan() or (orphans[0] if len(orphans) == 1 else None)
        if chosen is not None:
            self.attach(chosen, *span)
        else:
            self.choose_orphan(orphans, span)

    def selected_span(self) -> tuple[int, int] | None:
        """The selection without white space at its edges (None: nothing else selected)."""
        selection = self.text_view().selection
        span = trimmed(self.document.text, *selection) if selection else None
        return None if span is None or span[0] == span[1] else span

    def picked_orphan(self) -> Annotation | None:
        """The orphan highlighted in the panel, if the panel's pick is one."""
        highlighted = self.query_one("#annotation-list", EntryList).highlighted
        chosen = self.by_id.get(highlighted) if highlighted else None
        return chosen if chosen is not None and chosen.status == "orphan" else None

    def choose_orphan(self, orphans: list[Annotation], span: tuple[int, int]) -> None:
        """Ask which of several orphans the selected text is, then attach it."""

        def answered(choice: str | None) -> None:
            if choice in self.by_id:
                self.attach(self.by_id[choice], *span)

        choices = [
            (a.id, "“" + one_line(visible(a.exact), 60) + "”")
            for a in sorted(orphans, key=lambda a: a.start)
        ]
        self.app.push_screen(Choice("Attach which orphan to the selected text?", choices), answered)

    def attach(self, orphan: Annotation, start: int, end: int) -> None:
        if self.app.perform(self.app.coding.attach_orphan, orphan, self.document, start, end):
            self.text_view().clear_selection()
            self.changed()

    def action_reviewed(self) -> None:
        """The "(moved)" mark of the passage the keys act on goes: the reader checked it."""
        annotation = self.target()
        if annotation is None or annotation.status != "moved":
            moved = sum(a.status == "moved" for a in self.annotations)
            self.notify(
                f"Put the cursor on a (moved) passage, or pick one in the panel (tab): "
                f"{moved} here.",
                timeout=4,
            )
            return
        self.app.perform(self.app.coding.mark_reviewed, annotation)
        self.changed()
