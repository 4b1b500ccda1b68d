"""The corpus screen: every document with its dateline and coding, sortable and filterable."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from annotations.corpus import Corpus, Document
from tui.coding_app import CodingApp
from tui.formatting import (
    code_marks,
    counted,
    plain,
    short_dateline,
    utc_label,
    visible,
)
from tui.messages import CorpusLoaded, DocumentsLoaded, OpenDocument, StoreChanged
from tui.screens.corpus_detail import coding_rows, detail_text, document_rows, row_note, titled
from tui.session import Session
from tui.widgets.document_list import Column, DocumentList
from tui.widgets.status import Banner, KeyFooter, StatusLine

SORTS = ("date", "title", "codes")
ROOMY, DETAIL_WIDE, DETAIL_SLIM = 150, 46, 38
"""From ROOMY columns the detail pane is DETAIL_WIDE, else DETAIL_SLIM (app.tcss)."""
WIDE = 140
"""Columns from which the detail pane is shown beside the list (unless toggled with i).
Below, the list keeps its UTC column (from about 100 columns) and a line under it explains
the highlighted row's marks."""
COLUMNS = (
    Column("date (local)", 26),
    Column("UTC", 17, optional=True),
    Column("title", None),
    Column("codes", 12),
)


class CorpusScreen(Screen[None]):
    """Documents in one table (not one widget per row) beside a detail pane."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (ROOMY, "-roomy")]
    """``-roomy`` widens the detail pane (app.tcss)."""

    app = getters.app(CodingApp)

    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/", id="corpus.filter"),
        Binding("s", "cycle_sort", "Sort", id="corpus.sort"),
        Binding("f", "filter_code", "Code filter", id="corpus.filter_code"),
        Binding("i", "toggle_detail", "Details", id="corpus.toggle_detail"),
        Binding("z", "zone", "Zone", id="corpus.zone"),
        Binding("j", "cursor_down", "Down", show=False, id="corpus.down"),
        Binding("k", "cursor_up", "Up", show=False, id="corpus.up"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="corpus.clear_filter"),
    ]

    def __init__(self, session: Session, arriving: bool = False) -> None:
        super().__init__()
        self.session = session
        self.arriving = arriving
        """Documents are still being read in the background (not Textual's `loading`)."""
        self.sort = "date"
        self.text_filter = ""
        self.code_filter: str | None = None
        self.counts: dict[str, Counter[str]] = {}
        self.titles: dict[str, str] = {}
        """Display titles coders gave documents (R in the reader), by id."""
        self.passages: Counter[str] = Counter()
        self.reopened = False
        self.views_when_left = 0
        self.detail_wanted: bool | None = None
        """The detail pane toggled with i (None: shown when the terminal is wide enough)."""

    def compose(self) -> ComposeResult:
        if self.session.read_only_reason:
            yield Banner(f"Read-only: {self.session.read_only_reason}", id="banner")
        with Horizontal(id="corpus-body"):
            with Vertical(id="corpus-left"):
                yield Static(id="list-caption")
                if self.arriving:
                    yield ProgressBar(id="loading", show_eta=False)
                yield DocumentList(COLUMNS, self.cells, id="documents")
                yield Static(id="row-note")
            yield Static(id="detail")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.fit_detail(self.app.size.width)  # before the first layout, not after it
        self.refresh_counts()
        self.query_one("#documents", DocumentList).focus()
        if self.arriving:
            self.update_caption()
        else:
            self.listed(self.session.skipped)

    # --- loading --------------------------------------------------------------------------

    @on(DocumentsLoaded)
    def documents_arrived(self, message: DocumentsLoaded) -> None:
        for document in message.documents:
            self.session.documents[document.id] = document
        for progress in self.query("#loading").results(ProgressBar):
            progress.update(total=message.total, progress=message.done)
        self.query_one("#documents", DocumentList).append(
            [document for document in message.documents if self.matches(document)]
        )
        self.update_caption()

    @on(CorpusLoaded)
    def corpus_complete(self, message: CorpusLoaded) -> None:
        self.query("#loading").remove()
        self.listed(message.skipped)

    def listed(self, skipped: list[str]) -> None:
        """Every document is known: sort, say what was skipped, reopen the last document."""
        self.say_skipped(skipped)
        last = self.session.state.last_document if self.session.state else None
        self.rebuild(keep=False, on=last)  # back from the reopened document, the list is there
        if last and last in self.session.documents and not self.reopened:
            self.reopened = True
            self.post_message(OpenDocument(last))

    def say_skipped(self, skipped: list[str]) -> None:
        """The first few files that could not be listed, each with its reason, and how many
        there were in all when there were more."""
        for line in skipped[:5]:
            self.notify(f"skipped {visible(line)}", severity="warning", markup=False, timeout=8)
        if len(skipped) > 5:
            self.notify(f"{len(skipped)} files skipped in all", severity="warning")

    # --- rows -----------------------------------------------------------------------------

    def refresh_counts(self) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        passages: Counter[str] = Counter()
        for annotation in self.session.store.annotations():
            passages[annotation.document] += 1
            for code in annotation.codes:
                counts[annotation.document][code] += 1
        self.counts = counts
        self.passages = passages
        self.titles = self.session.store.display_titles()

    def title_of(self, document: Document) -> str:
        """The title a coder gave the document (R in the reader), else its own."""
        return self.titles.get(document.id) or document.title

    def cells(self, document: Document) -> tuple[Text, Text, Text, Text]:
        """The row of one document: dateline, UTC, title, coloured code counts."""
        codes = self.session.store.codebook.codes
        return (
            short_dateline(document.dateline),
            Text(utc_label(document.dateline)),
            titled(document, self.title_of(document)),
            code_marks(self.counts.get(document.id, Counter()), codes),
        )

    def matches(self, document: Document) -> bool:
        if self.code_filter and not self.counts.get(document.id, Counter())[self.code_filter]:
            return False
        if not self.text_filter:
            return True
        needle = self.text_filter.casefold()
        date = document.dateline.date.isoformat() if document.dateline else ""
        titles = (self.title_of(document), document.title, document.id, date)
        return any(needle in hay.casefold() for hay in titles)

    def sort_key(self, document: Document) -> tuple[object, ...]:
        if self.sort == "title":
            return (self.title_of(document).casefold(), document.id)
        if self.sort == "codes":
            # Passages, not code uses: one passage with two codes is one annotation.
            return (-self.passages[document.id], document.id)
        dateline = document.dateline
        if dateline is None:
            return (1, datetime.max.replace(tzinfo=UTC), document.id)
        when = dateline.utc or datetime.combine(dateline.date, datetime.min.time(), tzinfo=UTC)
        return (0, when, document.id)

    def rebuild(self, keep: bool = True, on: str | None = None) -> None:
        """Rows again after a sort, filter or coding change, keeping the highlighted document
        (or moving to the document ``on``)."""
        table = self.query_one("#documents", DocumentList)
        current = on or (self.current_id() if keep else None)
        documents = sorted(
            (d for d in self.session.documents.values() if self.matches(d)), key=self.sort_key
        )
        table.set_rows(documents, keep=current)
        self.update_caption()
        self.show_detail()

    def current_id(self) -> str | None:
        return self.query_one("#documents", DocumentList).current_id

    def current_document(self) -> Document | None:
        """The highlighted document, as the session has it."""
        doc_id = self.current_id()
        return self.session.documents.get(doc_id) if doc_id else None

    def update_caption(self) -> None:
        shown = len(self.query_one("#documents", DocumentList).rows)
        total = len(self.session.documents)
        documents = counted(total, "document")
        parts = [f"{shown} of {documents}" if shown != total else documents]
        parts.append(f"sorted by {self.sort}")
        if self.text_filter or self.code_filter:
            parts += self.filter_words()
            if not shown and self.app.loading_done:
                parts.append("no document matches")
            parts.append("esc shows all")
        self.query_one("#list-caption", Static).update(Text(visible(" · ".join(parts))))

    def filter_words(self) -> list[str]:
        """The filters in force, as the caption names them."""
        words = [f"filter “{self.text_filter}”"] if self.text_filter else []
        if self.code_filter:
            code = self.session.store.codebook.get(self.code_filter)
            words.append(f"code {code.name if code else self.code_filter}")
        return words

    # --- detail pane ----------------------------------------------------------------------

    @on(DocumentList.Highlighted, "#documents")
    def highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        self.show_row_note()
        pane = self.query_one("#detail", Static)
        if not pane.display:
            return
        document = self.current_document()
        if document is None:
            pane.update(Text("No document", style="dim"))
            return
        rows = document_rows(document)
        counts = self.counts.get(document.id, Counter())
        rows += coding_rows(self.passages[document.id], counts, self.session.store.codebook.codes)
        # The pane's width as the stylesheet sets it for this screen width (the layout may not
        # have caught up yet): less its padding and border.
        width = self.detail_width() - 5
        pane.update(detail_text(plain(self.title_of(document), "bold"), rows, width))

    def show_row_note(self) -> None:
        """Under the list, when the detail pane is not shown: what the highlighted row's marks
        mean (``*`` an assumed zone, ``?`` a doubt), in one line."""
        note = self.query_one("#row-note", Static)
        show = not self.query_one("#detail").display
        if note.display != show:
            note.display = show
        if not show:
            return
        note.update(
            Text(visible(row_note(self.current_document())), no_wrap=True, overflow="ellipsis")
        )

    # --- actions --------------------------------------------------------------------------

    @on(DocumentList.Selected, "#documents")
    def open_selected(self, event: DocumentList.Selected) -> None:
        self.post_message(OpenDocument(event.key))

    def action_cursor_down(self) -> None:
        self.query_one("#documents", DocumentList).action_cursor(1)

    def action_cursor_up(self) -> None:
        self.query_one("#documents", DocumentList).action_cursor(-1)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.rebuild()

    def action_filter(self) -> None:
        """The filter box is mounted the first time it is wanted: start-up stays light."""
        boxes = self.query("#filter").results(Input)
        box = next(boxes, None)
        if box is None:
            box = Input(placeholder="filter by title, id or date", id="filter")
            self.query_one("#corpus-left").mount(box, before=0)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = event.value.strip()
        self.rebuild()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#documents", DocumentList).focus()

    def action_clear_filter(self) -> None:
        box = next(self.query("#filter").results(Input), None)
        if self.text_filter or self.code_filter or (box is not None and box.display):
            self.text_filter = ""
            self.code_filter = None
            if box is not None:
                box.value = ""
                box.display = False
            self.query_one("#documents", DocumentList).focus()
            self.rebuild()

    def action_filter_code(self) -> None:
        from tui.dialogs.code_picker import CodePicker

        def chosen(result: str | None) -> None:
            self.code_filter = result or None
            self.rebuild()

        self.app.push_screen(
            CodePicker(self.session.store, title="Show documents with code", allow_new=False),
            chosen,
        )

    def action_zone(self) -> None:
        """z: the corpus's zone, asked for, checked, saved in its casereader.toml, and every
        dateline read again with it."""
        from tui.dialogs.prompts import TextPrompt
        from tui.screens.corpus_zone import ask_zone

        if not self.app.loading_done:
            self.notify("The corpus is still being read; set its zone when it is listed.")
            return
        question, current = ask_zone(self.session)
        self.app.push_screen(
            TextPrompt(question, current, placeholder="e.g. Australia/Hobart, UTC+05:30"),
            self.zone_answered,
        )

    def zone_answered(self, answer: str | None) -> None:
        from tui.screens.corpus_zone import apply_zone

        if answer is None:
            return
        outcome = apply_zone(self.session, answer)
        if outcome.error:
            self.notify(visible(outcome.error), severity="error", markup=False)
            return
        if outcome.warning:
            self.notify(visible(outcome.warning), severity="warning", markup=False, timeout=8)
        self.notify(visible(outcome.message), markup=False)
        count = len(self.session.documents)
        self.app.show_state(f"listing {count} document(s) again with the new zone…")
        self.relist()

    @work(thread=True, exclusive=True, group="corpus")
    def relist(self) -> None:
        """Every document listed again with the new zone (heads and cached texts, in a
        thread); the list is replaced at once when done."""
        from tui.screens.corpus_zone import list_again

        documents = list_again(self.session)
        self.app.call_from_thread(self.relisted, documents)

    def relisted(self, documents: list[Document]) -> None:
        self.session.documents = {document.id: document for document in documents}
        self.session.corpus = Corpus(self.session.root, documents, [])
        self.rebuild()
        self.app.show_state(f"listed {len(documents)} document(s) with the new zone")

    def on_resize(self) -> None:
        self.fit_detail(self.size.width)
        self.show_detail()

    def detail_width(self) -> int:
        return DETAIL_WIDE if self.app.size.width >= ROOMY else DETAIL_SLIM

    def fit_detail(self, columns: int) -> None:
        """The detail pane gives way on a narrow terminal (i shows it anyway); its width is
        the stylesheet's. Styles change only when they must: each change costs a layout,
        and launch time matters."""
        detail = self.query_one("#detail")
        show = columns >= WIDE if self.detail_wanted is None else self.detail_wanted
        if detail.display != show:
            detail.display = show
        note = self.query_one("#row-note")
        if note.display == show:
            note.display = not show

    def action_toggle_detail(self) -> None:
        """i: the detail pane on or off, at any width."""
        self.detail_wanted = not self.query_one("#detail").display
        self.fit_detail(self.app.size.width)
        self.call_after_refresh(self.show_detail)

    def on_store_changed(self, _: StoreChanged) -> None:
        self.on_screen_resume()

    def on_screen_suspend(self) -> None:
        self.views_when_left = self.session.views

    def on_screen_resume(self) -> None:
        """Back from a document, the cursor is on that document."""
        self.refresh_counts()
        viewed = self.session.views != self.views_when_left
        if self.session.documents:
            self.rebuild(on=self.session.last_viewed if viewed else None)
