"""Coded passages: every passage whole (wrapped, a line of the text before and after it, more
with space), chosen by code, coder and document, in document, dateline or coding order. From
here a passage is uncoded, recoded, annotated or opened in its document."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from annotations.analysis import ORDERS, PassageFilter, chosen_passages
from annotations.errors import CasereaderError
from annotations.model import Annotation
from annotations.segments import paragraph_number_in, paragraph_starts
from tui.coding_app import CodingApp
from tui.formatting import one_line, short_dateline, visible
from tui.messages import OpenDocument, StoreChanged
from tui.screens.note_and_remove import edit_note
from tui.session import Session
from tui.widgets.entries import code_heading
from tui.widgets.passage_list import PassageList
from tui.widgets.status import framed

CONTEXT = 400
"""Characters of the document shown before and after an expanded passage."""

ORDER_NAMES = {"document": "document order", "dateline": "dateline date", "coded": "newest coded"}
EVERY = "*every*"
"""The choice that lifts a filter (no code, coder or document id can be this)."""


def wrap(text: str, width: int) -> list[str]:
    """``text`` wrapped at ``width`` cells, its own line breaks kept (blank lines run into one),
    controls made visible."""
    found: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if found and found[-1]:
                found.append("")
            continue
        found.extend(textwrap.wrap(visible(line), width, break_on_hyphens=False) or [""])
    while found and not found[-1]:
        found.pop()
    return found


def tail(text: str, width: int) -> str:
    """The end of ``text`` on one line of ``width`` cells (the line of context before)."""
    flat = visible(one_line(text.strip(), 100_000))
    return flat if len(flat) <= width else "…" + flat[-(width - 1) :]


def head(text: str, width: int) -> str:
    """The start of ``text`` on one line of ``width`` cells (the line of context after)."""
    flat = visible(one_line(text.strip(), 100_000))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def context_before(before: str, width: int, expanded: bool) -> list[Text]:
    """The text before a passage: all of ``before`` when expanded, else its last line."""
    if expanded:
        return [Text(line, style="dim") for line in wrap("…" + before, width)]
    return [Text(tail(before, width), style="dim")] if before.strip() else []


def context_after(after: str, width: int, expanded: bool) -> list[Text]:
    """The text after a passage: all of ``after`` when expanded, else its first line."""
    if expanded:
        return [Text(line, style="dim") for line in wrap(after + "…", width)]
    return [Text(head(after, width), style="dim")] if after.strip() else []


class PassagesScreen(Screen[None]):
    """Reading back: the passages chosen, each whole, with what a coder does to them."""

    CSS_PATH = Path(__file__).with_name("passages.tcss")

    app = getters.app(CodingApp)

    BINDINGS = [
        Binding("escape", "back", "Back", id="passages.back"),
        Binding("t", "choose_code", "Code", id="passages.choose_code"),
        Binding("w", "choose_coder", "Coder", id="passages.choose_coder"),
        Binding("d", "choose_document", "Document", id="passages.choose_document"),
        Binding("s", "cycle_order", "Sort", id="passages.sort"),
        Binding("space", "expand", "More text", id="passages.expand"),
        Binding("C", "recode", "Recode", id="passages.recode"),
        Binding("x,delete", "uncode", "Uncode", id="passages.uncode"),
        Binding("n", "edit_note", "Note", id="passages.note"),
    ]

    def __init__(
        self,
        session: Session,
        code: str | None = None,
        *,
        document: str | None = None,
        only: frozenset[str] | None = None,
        about: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.wanted = PassageFilter(code=code, document=document, only=only)
        self.about = about
        """The report figure these passages were opened from (its passages: ``only``)."""
        self.by_id: dict[str, Annotation] = {}
        self.annotations: list[Annotation] = []
        self.paragraphs: dict[str, list[int] | None] = {}
        """Paragraph starts of each document shown (None: its text cannot be read now)."""

    @property
    def code_id(self) -> str | None:
        return self.wanted.code

    def compose(self) -> ComposeResult:
        yield from framed(
            self.session.read_only_reason,
            Static(id="passages-title"),
            PassageList(self.entry, empty="No passages have this code yet.", id="passages"),
        )

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#passages", PassageList).focus()

    # --- what is shown --------------------------------------------------------------------

    def fill(self) -> None:
        """Choose the passages again from the store (after any change) and show them."""
        self.annotations = self.session.current_annotations()
        self.paragraphs.clear()
        passages = chosen_passages(self.annotations, self.wanted, self.dates())
        self.by_id = {annotation.id: annotation for annotation in passages}
        entries = self.query_one("#passages", PassageList)
        entries.empty = (
            "No passages have this code yet." if self.wanted.code else "No passages match."
        )
        entries.set_entries([a.id for a in passages], entries.highlighted)
        self.query_one("#passages-title", Static).update(self.heading(passages))

    def dates(self) -> dict[str, str]:
        """The dateline date (ISO) of each document with passages, where it has one."""
        dates = {}
        for doc_id in {a.document for a in self.annotations}:
            document = self.session.documents.get(doc_id)
            if document is not None and document.dateline is not None:
                dates[doc_id] = document.dateline.date.isoformat()
        return dates

    def heading(self, passages: list[Annotation]) -> Text:
        """What is shown: the filters, the order, the count, and orphans among them."""
        wanted = self.wanted
        text = Text()
        if self.about is not None and wanted.only is not None:
            text.append("from the report: ", style="italic")
            text.append(visible(one_line(self.about, 80)) + "\n", style="bold")
        text.append_text(self.code_label(wanted.code))
        text.append(" · ")
        text.append(f"coder {visible(wanted.coder)}" if wanted.coder else "every coder")
        text.append(" · ")
        text.append(self.document_label(wanted.document))
        text.append(f" · by {ORDER_NAMES[wanted.order]} · ")
        text.append(f"{len(passages)} passage(s)", style="bold")
        orphans = sum(a.status == "orphan" for a in passages)
        if orphans:
            text.append(f" · {orphans} orphaned (enter opens, then A attaches)", "italic")
        return text

    def code_label(self, code_id: str | None) -> Text:
        """The code the passages have: its colour and name (its id if it is gone)."""
        code = self.session.store.codebook.get(code_id) if code_id else None
        if code is None:
            return Text(visible(code_id) if code_id else "every code", style="bold")
        return Text.assemble(("■ ", code.colour), (visible(code.name), "bold"))

    def document_label(self, doc_id: str | None) -> str:
        return visible(one_line(self.title_of(doc_id), 40)) if doc_id else "every document"

    def title_of(self, doc_id: str) -> str:
        """The title the coder gave the document, else its own, else its id."""
        given = self.session.store.display_title(doc_id)
        document = self.session.documents.get(doc_id)
        return given or (document.title if document is not None else doc_id)

    def text_of(self, doc_id: str) -> str | None:
        document = self.session.documents.get(doc_id)
        if document is None:
            return None
        try:
            return document.text
        except CasereaderError:  # unreadable now: the stored quote and context still say it
            return None

    def paragraph(self, annotation: Annotation) -> int | None:
        if annotation.document not in self.paragraphs:
            text = self.text_of(annotation.document)
            self.paragraphs[annotation.document] = (
                paragraph_starts(text) if text is not None else None
            )
        starts = self.paragraphs[annotation.document]
        if starts is None or annotation.status == "orphan":
            return None
        return paragraph_number_in(starts, annotation.start)

    def entry(self, annotation_id: str, width: int, expanded: bool) -> list[Text]:
        """Codes, document, date, ¶ and coder; the text before; the passage whole; the text
        after; the note. Expanded: up to ``CONTEXT`` characters each side instead of a line."""
        annotation = self.by_id[annotation_id]
        lines = [self.entry_heading(annotation, width)]
        before, after = self.around(annotation)
        if annotation.status == "orphan":
            lines.append(Text("(orphan: not in the current text; as it was coded)", "italic"))
        lines += context_before(before, width, expanded)
        lines += [Text(line, style="bold") for line in wrap(annotation.exact, width)]
        lines += context_after(after, width, expanded)
        if annotation.note:
            note = wrap("✎ " + annotation.note, width)
            lines += [Text(line, style="italic") for line in note]
        return lines

    def entry_heading(self, annotation: Annotation, width: int) -> Text:
        text = code_heading(annotation, self.session.store.codebook)
        text.append(" · ")
        text.append(visible(one_line(self.title_of(annotation.document), 60)), "underline")
        document = self.session.documents.get(annotation.document)
        text.append(" ")
        text.append_text(short_dateline(document.dateline if document else None))
        number = self.paragraph(annotation)
        if number is not None:
            text.append(f" · ¶ {number}")
        if annotation.coder:
            text.append(f" · {visible(annotation.coder)}", style="dim")
        return text

    def around(self, annotation: Annotation) -> tuple[str, str]:
        """The document text before and after the passage (its stored context when the text
        is not at hand or no longer holds it)."""
        body = self.text_of(annotation.document)
        if body is not None and annotation.status != "orphan" and annotation.selects_quote_in(body):
            return (
                body[max(0, annotation.start - CONTEXT) : annotation.start],
                body[annotation.end : annotation.end + CONTEXT],
            )
        return annotation.prefix, annotation.suffix

    def current(self) -> Annotation | None:
        key = self.query_one("#passages", PassageList).highlighted
        return self.by_id.get(key) if key is not None else None

    # --- choosing and ordering ------------------------------------------------------------

    def choose(self, question: str, choices: list[tuple[str, str]], then: str) -> None:
        from tui.dialogs.prompts import Choice

        def chosen(value: str | None) -> None:
            if value is None:
                return
            picked = None if value == EVERY else value
            wanted = self.wanted
            if then == "code":
                wanted = replace(wanted, code=picked)
            elif then == "coder":
                wanted = replace(wanted, coder=picked)
            else:
                wanted = replace(wanted, document=picked)
            self.wanted = wanted
            self.fill()

        self.app.push_screen(Choice(question, choices), chosen)

    def action_choose_code(self) -> None:
        codes = self.session.store.codebook.codes
        choices = [(EVERY, "every code"), *((code.id, code.name) for code in codes)]
        self.choose("Passages with code", choices, "code")

    def action_choose_coder(self) -> None:
        coders = sorted({a.coder for a in self.annotations if a.coder})
        self.choose(
            "Passages by coder", [(EVERY, "every coder"), *((c, c) for c in coders)], "coder"
        )

    def action_choose_document(self) -> None:
        """Every document with passages, the highlighted passage's first."""
        current = self.current()
        docs = sorted({a.document for a in self.annotations}, key=self.title_of)
        if current is not None:
            docs.remove(current.document)
            docs.insert(0, current.document)
        choices = [(EVERY, "every document")]
        choices += [(d, f"{one_line(self.title_of(d), 60)} ({d})") for d in docs]
        self.choose("Passages in document", choices, "document")

    def action_cycle_order(self) -> None:
        order = ORDERS[(ORDERS.index(self.wanted.order) + 1) % len(ORDERS)]
        self.wanted = replace(self.wanted, order=order)
        self.fill()

    def action_expand(self) -> None:
        self.query_one("#passages", PassageList).toggle_expanded()

    # --- acting on the highlighted passage --------------------------------------------------

    def action_edit_note(self) -> None:
        annotation = self.current()
        if annotation is not None:
            edit_note(self.app, annotation, self.fill)

    def action_uncode(self) -> None:
        """Take the code shown off the passage (the passage goes with its last code, and the
        status line says u undoes); with every code shown, the passage goes."""
        annotation = self.current()
        if annotation is None:
            return
        code = self.wanted.code
        if code is not None and code in annotation.codes:
            self.app.perform(self.app.coding.toggle, annotation, code)
        else:
            self.app.perform(self.app.coding.remove, annotation, "passage")
        self.fill()

    def action_recode(self) -> None:
        """The code picker with the passage's codes ticked: enter applies the ticks."""
        from tui.dialogs.code_picker import NEW, CodePicker

        annotation = self.current()
        if annotation is None:
            return
        picker = CodePicker(
            self.session.store, title="Recode passage", several=True, ticked=annotation.codes
        )

        def chosen(result: str | None) -> None:
            if result is None:
                return
            created = result.startswith(NEW)
            if created:
                outcome = self.app.perform(self.app.coding.add_code, result[len(NEW) :])
                if outcome is None or outcome.code is None:
                    return
                result = outcome.code
            codes = picker.chosen_codes(result, created)
            self.app.perform(self.app.coding.replace_codes, annotation, codes)
            self.fill()

        self.app.push_screen(picker, chosen)

    @on(PassageList.Selected, "#passages")
    def open_passage(self, event: PassageList.Selected) -> None:
        annotation = self.session.store.get(event.key)
        if annotation is not None:
            self.post_message(OpenDocument(annotation.document, annotation.start, annotation.id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        self.fill()
