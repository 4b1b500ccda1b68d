"""The casereader Textual app: corpus list, reader, codebook, passages, reports, export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import ModalScreen, Screen

from annotations.errors import CasereaderError
from tui.coding_app import CodingApp
from tui.formatting import one_line, visible
from tui.messages import CorpusLoaded, DocumentsLoaded, OpenDocument, ShowPassages
from tui.screens.corpus import CorpusScreen
from tui.session import QUICK_LISTING
from tui.startup import no_readable_documents

if TYPE_CHECKING:
    from annotations.corpus import Document

MAX_DEPTH = 3
"""Screens kept under a newly opened document (the list and a couple of retrieval screens)."""
SMALL_CORPUS = QUICK_LISTING
"""Corpora up to this many files (none to extract first: ``Session.lists_quickly``) are listed
before the first frame; others in a worker."""


def safe(text: str) -> str:
    """For the command palette, which reads titles as markup: escaped and control-free."""
    return escape(visible(text))


UNDO = Binding.Group("Undo/Redo", compact=True)
"""The footer shows undo and redo as one entry."""


class CasereaderApp(CodingApp):
    """Keyboard first, mouse welcome: the corpus list, the reader and the retrieval screens."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "casereader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("c", "codebook", "Codebook", id="app.codebook"),
        Binding("r", "reports", "Reports", id="app.reports"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("p", "passages", "Passages", id="app.passages"),
        Binding("ctrl+f", "search", "Search", id="app.search"),
        Binding("u,ctrl+z", "undo", "Undo", id="app.undo", group=UNDO),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", id="app.redo", group=UNDO),
    ]

    # --- start-up and the corpus loader ---------------------------------------------------

    theme_restored = False
    """The user's saved theme is applied: from now on a change of theme is theirs."""

    def get_default_screen(self) -> Screen[Any]:
        session = self.session
        if not session.listed and session.lists_quickly():
            # Listed before the first frame: no worker, no progress bar, one layout.
            session.read_corpus()
        self.loading_done = session.listed
        self.corpus_screen = CorpusScreen(session, arriving=not session.listed)
        return self.corpus_screen

    def on_mount(self) -> None:
        if self.session.keymap:
            self.set_keymap(self.session.keymap)
        settings = self.session.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.theme_restored = True
        if settings.problem:
            self.notify(visible(settings.problem), severity="warning", markup=False, timeout=8)
        if not self.loading_done:
            self.load_corpus()
        self.watch_for_signals()

    @work(thread=True, exclusive=True, group="corpus")
    def load_corpus(self) -> None:
        """A large corpus is read in a thread; the list fills batch by batch."""
        post = self.corpus_screen.post_message
        self.session.read_corpus(
            lambda batch, done, total: post(DocumentsLoaded(batch, done, total)),
            lambda skipped: post(CorpusLoaded(skipped)),
        )

    def watch_theme(self, theme: str) -> None:
        """The theme chosen (ctrl+p, Theme) is the one next time too."""
        if self.theme_restored:
            self.session.settings.update(theme=theme)

    unreadable: str | None = None
    """Why the app ended at once: its corpus, read after the first frame, had nothing
    readable (``launch`` prints it, as it does for a corpus read before the first frame)."""

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.loading_done = True
        if not self.session.documents and message.skipped:
            where = [] if self.session.bundled else [str(self.session.root)]
            self.unreadable = no_readable_documents(where, message.skipped)
            self.exit(return_code=2)

    # --- navigation -----------------------------------------------------------------------

    def open_document(
        self, doc_id: str, offset: int | None = None, annotation: str | None = None
    ) -> None:
        from tui.screens.document import DocumentScreen

        if self.quitting:
            return
        document = self.openable(doc_id)
        if document is None:
            return
        if not self.screen.is_mounted:
            # A screen opened a moment ago (a document by enter pressed twice, the palette, a
            # report) is still opening: closing it below would leave its start-up running on
            # widgets already gone. Open the document once it has opened.
            self.call_after_refresh(self.open_document, doc_id, offset, annotation)
            return
        # Back (escape) returns to where the document was opened from: the list, or coded
        # passages, search or suggestions. Documents and dialogs above that are closed, and a
        # deep stack is cut back to the list.
        while len(self.screen_stack) > 1 and isinstance(self.screen, DocumentScreen | ModalScreen):
            self.pop_screen()
        if len(self.screen_stack) > MAX_DEPTH:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        self.push_screen(DocumentScreen(self.session, document, offset, annotation))

    def openable(self, doc_id: str) -> Document | None:
        """The document to open, or None when it cannot be opened now (said in a toast): it
        is not in the corpus, its file cannot be read, or a note being written would be lost.
        """
        document = self.session.documents.get(doc_id)
        if document is None:
            self.notify(f"no document {visible(doc_id)}", severity="error", markup=False)
            return None
        try:
            document.text  # noqa: B018 - read now so an unreadable file is one clear line
        except CasereaderError as error:
            self.notify(visible(str(error)), severity="error", markup=False)
            return None
        if self.note_being_written() is not None:  # opening would close it unsaved
            self.notify("Save the note (ctrl+s) or cancel it (escape) first.", severity="warning")
            return None
        return document

    def on_open_document(self, message: OpenDocument) -> None:
        self.open_document(message.document, message.offset, message.annotation)

    def on_show_passages(self, message: ShowPassages) -> None:
        self.action_passages(message.code)

    def show_screen(
        self, make: Callable[[], Screen[Any]], kind: type[Screen[Any]] | None = None
    ) -> None:
        """Push the screen ``make`` makes, unless casereader is quitting or a screen of
        ``kind`` is the one shown already (a second would only have to be closed again)."""
        if self.quitting or (kind is not None and isinstance(self.screen, kind)):
            return
        self.push_screen(make())

    def action_help(self) -> None:
        from tui.dialogs.help import HelpScreen

        self.show_screen(lambda: HelpScreen(self.screen), HelpScreen)

    def action_codebook(self) -> None:
        from tui.screens.codebook import CodebookScreen

        self.show_screen(lambda: CodebookScreen(self.session), CodebookScreen)

    def action_passages(self, code: str | None = None) -> None:
        from tui.screens.passages import PassagesScreen

        self.show_screen(lambda: PassagesScreen(self.session, code))

    def action_reports(self) -> None:
        from tui.screens.reports import ReportsScreen

        self.show_screen(lambda: ReportsScreen(self.session), ReportsScreen)

    def action_suggest(self, code_id: str) -> None:
        from tui.screens.suggestions import SuggestionsScreen

        self.show_screen(lambda: SuggestionsScreen(self.session, code_id))

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        self.show_screen(lambda: SearchScreen(self.session), SearchScreen)

    def action_export(self) -> None:
        from tui.dialogs.export_dialog import ExportDialog
        from tui.screens.document import DocumentScreen

        reading = self.screen.document if isinstance(self.screen, DocumentScreen) else None
        self.show_screen(lambda: ExportDialog(self.session, reading))

    def action_command_palette(self) -> None:
        """Textual's palette with guards against its crashes on quick keys (see palette.py)."""
        from textual._node_list import DuplicateIds  # (not exported by Textual)

        from tui.dialogs.palette import ReaderPalette

        open_ = any(isinstance(screen, ReaderPalette) for screen in self.screen_stack)
        if not self.use_command_palette or open_:
            return
        try:
            self.push_screen(ReaderPalette())
        except DuplicateIds:
            # The palette closed a moment ago (ctrl+p, enter, ctrl+p) is still being taken
            # down and holds the palette's id till then: open once it has gone.
            self.call_after_refresh(self.action_command_palette)

    def action_change_theme(self) -> None:
        """Textual's theme picker (the palette's "Theme"), in the guarded palette (see
        palette.py): Textual's own opens its plain one."""
        from textual.theme import ThemeProvider

        from tui.dialogs.palette import ReaderPalette

        self.push_screen(ReaderPalette([ThemeProvider], placeholder="Search for themes…", id=None))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Codebook", "Add, rename, recolour and remove codes", self.action_codebook
        )
        yield SystemCommand("Export", "Export annotations to a file", self.action_export)
        yield SystemCommand("Reports", "Frequencies, co-occurrence, timeline", self.action_reports)
        yield SystemCommand("Search", "Search the corpus, keyword in context", self.action_search)
        yield SystemCommand("Help", "Keys for this screen", self.action_help)
        from tui.screens.document import DocumentScreen

        if isinstance(screen, DocumentScreen):
            yield SystemCommand(
                "Find in this document", "Words, then enter (/)", screen.action_find
            )
            if screen.orphans():
                yield SystemCommand(
                    "Attach orphan here",
                    "Place the orphan picked in the panel on the selected text (A)",
                    screen.action_attach_orphan,
                )
        for code in self.session.store.codebook.codes:
            yield SystemCommand(
                f"Jump to code: {safe(code.name)}",
                "Every passage with this code across the corpus",
                lambda code_id=code.id: self.action_passages(code_id),
            )
            yield SystemCommand(
                f"Suggest passages for: {safe(code.name)}",
                "Sentences matching the code's keywords, to accept or reject",
                lambda code_id=code.id: self.action_suggest(code_id),
            )
        for document in sorted(self.session.documents.values(), key=lambda d: d.title):
            yield SystemCommand(
                f"Open: {safe(one_line(document.title, 70))}",
                safe(document.id),
                lambda doc_id=document.id: self.open_document(doc_id),
            )
