"""Coded passages: every passage with one code across the corpus; enter opens it, space shows
the highlighted one whole in its context, n writes its note, x removes it (orphans too)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from annotations.model import Annotation
from tui.coding_app import CodingApp
from tui.formatting import one_line, short_dateline, visible
from tui.messages import OpenDocument, StoreChanged
from tui.screens.note_and_remove import edit_note
from tui.session import Session
from tui.widgets.entries import STATUS_MARKS, quote_lines
from tui.widgets.entry_list import EntryList
from tui.widgets.status import Banner, KeyFooter, StatusLine

CONTEXT = 400
"""Characters of the document shown before and after an expanded passage."""


def lines(text: str) -> str:
    """Document text shown as it is laid out: its line breaks kept, controls made visible."""
    return "\n".join(visible(line) for line in text.split("\n"))


class PassagesScreen(Screen[None]):
    """Retrieval by code, with each passage's document title and dateline."""

    CSS_PATH = Path(__file__).with_name("passages.tcss")

    app = getters.app(CodingApp)

    BINDINGS = [
        Binding("escape", "back", "Back", id="passages.back"),
        Binding("t", "choose_code", "Code…", id="passages.choose_code"),
        Binding("space", "expand", "Expand", id="passages.expand"),
        Binding("n", "edit_note", "Note", id="passages.note"),
        Binding("x,delete", "remove", "Remove", id="passages.remove"),
    ]

    def __init__(self, session: Session, code: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.code_id = code
        self.by_id: dict[str, Annotation] = {}
        """Documents re-anchored already (see ``reanchor``)."""

    def compose(self) -> ComposeResult:
        if self.session.read_only_reason:
            yield Banner(f"Read-only: {self.session.read_only_reason}", id="banner")
        yield Static(id="passages-title")
        yield EntryList(
            self.entry, height=5, empty="No passages have this code yet.", id="passages"
        )
        with VerticalScroll(id="passage-context"):
            yield Static(id="passage-whole")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#passage-context").display = False
        if self.code_id is None:
            self.action_choose_code()
        else:
            self.fill()
        self.query_one("#passages", EntryList).focus()

    def fill(self) -> None:
        store = self.session.store
        code = store.codebook.get(self.code_id) if self.code_id else None
        title = self.query_one("#passages-title", Static)
        entries = self.query_one("#passages", EntryList)
        if code is None:
            title.update(Text("Choose a code (t)", style="bold"))
            entries.empty = "Choose a code with t."
            entries.set_entries([])
            return
        entries.empty = "No passages have this code yet."
        passages = self.session.current_annotations(code.id)
        self.by_id = {annotation.id: annotation for annotation in passages}
        heading = Text()
        heading.append("■ ", style=code.colour)
        heading.append(f"{visible(code.name)}: {len(passages)} passage(s)", style="bold")
        orphans = sum(a.status == "orphan" for a in passages)
        if orphans:
            heading.append(f" · {orphans} orphaned (enter opens, then A attaches)", "italic")
        title.update(heading)
        entries.set_entries([annotation.id for annotation in passages], entries.highlighted)
        entries.redraw()
        self.show_whole()

    def entry(self, annotation_id: str, width: int) -> list[Text]:
        """Status, document title and dateline; the passage on two lines; coder and note."""
        annotation = self.by_id[annotation_id]
        document = self.session.documents.get(annotation.document)
        heading = Text()
        mark = STATUS_MARKS.get(annotation.status)
        if mark:
            heading.append(mark + " ", style="bold italic")
        heading.append(visible(document.title if document else annotation.document), "bold")
        heading.append("  ")
        heading.append_text(short_dateline(document.dateline if document else None))
        last = Text()
        if annotation.coder:
            last.append(f"— {visible(annotation.coder)}", style="dim")
        if annotation.note:
            last.append(("  " if last else "") + "✎ " + visible(one_line(annotation.note, 300)))
        return [heading, *quote_lines(annotation, width), last]

    def current(self) -> Annotation | None:
        key = self.query_one("#passages", EntryList).highlighted
        return self.by_id.get(key) if key is not None else None

    # --- the whole passage ------------------------------------------------------------------

    def action_expand(self) -> None:
        """Show (or hide) the highlighted passage whole, with the text around it."""
        pane = self.query_one("#passage-context")
        pane.display = not pane.display
        self.show_whole()

    @on(EntryList.Highlighted, "#passages")
    def highlighted(self) -> None:
        self.show_whole()

    def show_whole(self) -> None:
        pane = self.query_one("#passage-context")
        if not pane.display:
            return
        annotation = self.current()
        whole = self.query_one("#passage-whole", Static)
        if annotation is None:
            whole.update(Text("No passage.", style="dim"))
            return
        whole.update(self.in_context(annotation))
        pane.scroll_home(animate=False)

    def in_context(self, annotation: Annotation) -> Text:
        """The passage in bold between the text before and after it (its stored quote and
        context when the document is not at hand or the passage is an orphan)."""
        document = self.session.documents.get(annotation.document)
        text = Text()
        title = document.title if document else annotation.document
        text.append(visible(title) + "\n", style="bold underline")
        if document is not None and annotation.status != "orphan":
            try:
                body = document.text
            except Exception:  # an unreadable file: the stored quote still says it
                body = None
            if body is not None and body[annotation.start : annotation.end] == annotation.exact:
                before = body[max(0, annotation.start - CONTEXT) : annotation.start]
                after = body[annotation.end : annotation.end + CONTEXT]
                lead = "…" if annotation.start > CONTEXT else ""
                tail = "…" if annotation.end + CONTEXT < len(body) else ""
                text.append(lead + lines(before), style="dim")
                text.append(lines(annotation.exact), style="bold reverse")
                text.append(lines(after) + tail, style="dim")
                return text
        if annotation.status == "orphan":
            text.append("(orphan: not found in the current text; as it was)\n", style="italic")
        text.append("…" + lines(annotation.prefix), style="dim")
        text.append(lines(annotation.exact), style="bold reverse")
        text.append(lines(annotation.suffix) + "…", style="dim")
        return text

    # --- acting on the highlighted passage --------------------------------------------------

    def action_edit_note(self) -> None:
        annotation = self.current()
        if annotation is not None:
            edit_note(self.app, annotation, self.fill)

    def action_remove(self) -> None:
        annotation = self.current()
        if annotation is not None:
            self.app.perform(self.app.coding.remove, annotation, "passage")
            self.fill()

    def action_choose_code(self) -> None:
        from tui.dialogs.code_picker import CodePicker

        def chosen(code_id: str | None) -> None:
            if code_id:
                self.code_id = code_id
            self.fill()

        self.app.push_screen(
            CodePicker(self.session.store, title="Passages with code", allow_new=False), chosen
        )

    @on(EntryList.Selected, "#passages")
    def open_passage(self, event: EntryList.Selected) -> None:
        annotation = self.session.store.get(event.key)
        if annotation is not None:
            self.post_message(OpenDocument(annotation.document, annotation.start, annotation.id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        self.fill()
