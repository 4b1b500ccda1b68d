"""Coded passages: every passage with one code across the corpus; enter opens it."""

from __future__ import annotations

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.app import CasereaderApp
from tui.components.entry_list import EntryList
from tui.components.status import Banner, KeyFooter, StatusLine
from tui.formatting import one_line, short_dateline, visible
from tui.messages import StoreChanged
from tui.session import Session


class PassagesScreen(Screen):
    """Retrieval by code, with each passage's document title and dateline."""

    app = getters.app(CasereaderApp)

    BINDINGS = [
        Binding("escape", "back", "Back", id="passages.back"),
        Binding("t", "choose_code", "Code…", id="passages.choose_code"),
    ]

    def __init__(self, session: Session, code: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.code_id = code
        self.by_id: dict = {}

    def compose(self) -> ComposeResult:
        if self.session.read_only_reason:
            yield Banner(f"Read-only: {self.session.read_only_reason}", id="banner")
        yield Static(id="passages-title")
        yield EntryList(
            self.entry, height=4, empty="No passages have this code yet.", id="passages"
        )
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
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
        passages = store.annotations(code=code.id)
        self.by_id = {annotation.id: annotation for annotation in passages}
        heading = Text()
        heading.append("■ ", style=code.colour)
        heading.append(f"{visible(code.name)}: {len(passages)} passage(s)", style="bold")
        title.update(heading)
        entries.set_entries([annotation.id for annotation in passages], entries.highlighted)
        entries.redraw()

    def entry(self, annotation_id: str) -> list[Text]:
        """Document title and dateline, the passage, and its note."""
        annotation = self.by_id[annotation_id]
        document = self.session.documents.get(annotation.document)
        heading = Text()
        heading.append(visible(document.title if document else annotation.document), "bold")
        heading.append("  ")
        heading.append_text(short_dateline(document.dateline if document else None))
        if annotation.coder:
            heading.append(f"  — {visible(annotation.coder)}", style="dim")
        lines = [heading, Text("“" + visible(one_line(annotation.exact, 300)) + "”", "italic")]
        if annotation.note:
            lines.append(Text("✎ " + visible(one_line(annotation.note, 300))))
        return lines

    def action_choose_code(self) -> None:
        from tui.components.code_picker import CodePicker

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
            self.app.open_document(annotation.document, annotation.start)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        self.fill()
