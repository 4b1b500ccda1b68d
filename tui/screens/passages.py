"""Coded passages: every passage with one code across the corpus; enter opens it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.components.status import Banner, StatusLine
from tui.formatting import one_line, short_dateline, visible
from tui.session import Session


class PassagesScreen(Screen):
    """Retrieval by code, with each passage's document title and dateline."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="passages.back"),
        Binding("t", "choose_code", "Code…", id="passages.choose_code"),
    ]

    def __init__(self, session: Session, code: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.code_id = code

    def compose(self) -> ComposeResult:
        if self.session.read_only_reason:
            yield Banner(f"Read-only: {self.session.read_only_reason}", id="banner")
        yield Static(id="passages-title")
        yield OptionList(id="passages")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        if self.code_id is None:
            self.action_choose_code()
        else:
            self.fill()
        self.query_one("#passages", OptionList).focus()

    def fill(self) -> None:
        store = self.session.store
        code = store.codebook.get(self.code_id) if self.code_id else None
        title = self.query_one("#passages-title", Static)
        options = self.query_one("#passages", OptionList)
        options.clear_options()
        if code is None:
            title.update(Text("Choose a code (t)", style="bold"))
            return
        passages = store.annotations(code=code.id)
        heading = Text()
        heading.append("■ ", style=code.colour)
        heading.append(f"{visible(code.name)}: {len(passages)} passage(s)", style="bold")
        title.update(heading)
        documents = self.session.documents
        for annotation in passages:
            document = documents.get(annotation.document)
            entry = Text()
            entry.append(visible(document.title if document else annotation.document), "bold")
            entry.append("  ")
            entry.append_text(short_dateline(document.dateline if document else None))
            if annotation.coder:
                entry.append(f"  — {visible(annotation.coder)}", style="dim")
            entry.append("\n  “" + visible(one_line(annotation.exact, 100)) + "”", "italic")
            if annotation.note:
                entry.append("\n  ✎ " + visible(one_line(annotation.note, 100)))
            options.add_option(Option(entry, id=annotation.id))
        if passages:
            options.highlighted = 0
        else:
            options.add_option(Option(Text("No passages have this code yet."), disabled=True))

    def action_choose_code(self) -> None:
        from tui.components.code_picker import CodePicker

        def chosen(code_id: str | None) -> None:
            if code_id:
                self.code_id = code_id
            self.fill()

        self.app.push_screen(
            CodePicker(self.session.store, title="Passages with code", allow_new=False), chosen
        )

    @on(OptionList.OptionSelected, "#passages")
    def open_passage(self, event: OptionList.OptionSelected) -> None:
        annotation = self.session.store.get(event.option.id or "")
        if annotation is not None:
            self.app.open_document(annotation.document, annotation.start)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_screen_resume(self) -> None:
        self.fill()
