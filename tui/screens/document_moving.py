"""Moving through the corpus from the document screen: the next or previous document in the
list's order and filter (``>``/``<``) without going back to it, and the next paragraph with
no coding (``g``), where a coder picks up."""

from __future__ import annotations

from annotations.segments import next_uncoded_paragraph
from tui.messages import OpenDocument
from tui.screens.document_reshaping import DocumentReshaping
from tui.widgets.document_list import DocumentList
from tui.widgets.document_view import DocumentView


class DocumentMoving(DocumentReshaping):
    """Next and previous document; the next uncoded paragraph."""

    def listed_order(self) -> list[str]:
        """The documents in the order (and filter) the list shows them; the corpus order
        when there is no list (or it does not hold this document)."""
        for screen in self.app.screen_stack:
            for found in screen.query(DocumentList):
                order = [document.id for document in found.rows]
                if self.document.id in order:
                    return order
        return list(self.session.documents)

    def action_next_document(self, step: int) -> None:
        """``>`` / ``<``: the next or previous document of the list, opened where the reader
        left it (or at its first uncoded paragraph); the list's cursor follows."""
        order = self.listed_order()
        index = order.index(self.document.id) if self.document.id in order else -1
        target = index + step
        if not 0 <= target < len(order):
            where = "last" if step > 0 else "first"
            self.notify(f"This is the {where} document of the list.", timeout=3)
            return
        for screen in self.app.screen_stack:
            for found in screen.query(DocumentList):
                rows = [document.id for document in found.rows]
                if order[target] in rows:
                    found.go_to(rows.index(order[target]))
        self.post_message(OpenDocument(order[target]))  # this one remembers its place as it goes

    def action_next_uncoded(self) -> None:
        """``g``: to the next paragraph that carries no coding (round to the first)."""
        view = self.query_one("#view", DocumentView)
        coded = [(a.start, a.end) for a in self.annotations if a.status != "orphan"]
        found = next_uncoded_paragraph(self.document.text, coded, view.cursor)
        if found is None:
            found = next_uncoded_paragraph(self.document.text, coded, -1)
            if found is None:
                self.notify("Every paragraph here carries coding.", timeout=3)
                return
            self.notify("Past the last uncoded paragraph: back to the first.", timeout=3)
        view.clear_selection()
        view.move_cursor(found)
        view.scroll_to_offset(found, center=True)

    def opening_offset(self) -> int:
        """Where a document opens without an offset asked for: where the reader left it,
        else its first paragraph with no coding (its start when it has none)."""
        state = self.session.state
        if state is not None and self.document.id in state.data.get("positions", {}):
            return state.position(self.document.id)
        coded = [(a.start, a.end) for a in self.annotations if a.status != "orphan"]
        if not coded:
            return 0
        found = next_uncoded_paragraph(self.document.text, coded, -1)
        return found if found is not None else 0

    def action_switch_focus(self) -> None:
        """Tab: to the panel, on the passage under the cursor (or the nearest after it)."""
        from tui.widgets.entry_list import EntryList

        view = self.query_one("#view", DocumentView)
        panel = self.query_one("#annotation-list", EntryList)
        if not view.has_focus:
            view.focus()
            return
        here = self.under_cursor()
        if here is None:
            later = [a for a in self.stops() if a.start >= view.cursor]
            here = later[0] if later else None
        if here is not None:
            panel.highlight(here.id)
        panel.focus()
