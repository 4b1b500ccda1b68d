"""The casereader Textual app: corpus list, reader, codebook, passages, reports, export."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from annotations.errors import CasereaderError
from annotations.store import StoreError, StoreReadOnlyError
from tui.formatting import one_line, visible
from tui.messages import CorpusLoaded, DocumentsLoaded, StoreChanged
from tui.session import Session

if TYPE_CHECKING:
    from tui.components.dialogs import NoteEditor

T = TypeVar("T")

MAX_DEPTH = 3
"""Screens kept under a newly opened document (the list and a couple of retrieval screens)."""
SMALL_CORPUS = 100
"""Corpora up to this many files are listed before the first frame; larger ones in a worker."""
ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
"""An SSH connection dropping, the system stopping the process: the session ends cleanly."""
LAST_RESORT = 5.0
"""Seconds a signalled exit may take (a dead terminal can block output) before the process
ends regardless; by then the draft is on disk."""


def safe(text: str) -> str:
    """For the command palette, which reads titles as markup: escaped and control-free."""
    return escape(visible(text))


UNDO = Binding.Group("Undo/Redo", compact=True)
"""The footer shows undo and redo as one entry."""


class CasereaderApp(App[int]):
    """Keyboard first, mouse welcome; every change is saved durably before it says "saved"."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "casereader"
    BINDINGS = [
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

    status: reactive[str] = reactive("")

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.loading_done = False
        self.quitting = False
        """Quit was asked for and the app is closing: nothing new opens, whether asked by a key
        typed with q or by a palette command (a screen opened now would start on widgets
        already taken down, and crash)."""
        self.theme_restored = False
        """The user's saved theme is applied: from now on a change of theme is theirs."""
        self.status = self._status_text("ready")

    # --- start-up and the corpus loader ---------------------------------------------------

    def get_default_screen(self) -> Screen:
        from tui.screens.corpus import CorpusScreen

        session = self.session
        small = len(session.files) <= SMALL_CORPUS
        if small and not session.listed:
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
        loop = asyncio.get_running_loop()
        for ending in ENDING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(ending, self.end_by_signal, ending)

    def on_unmount(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for ending in ENDING_SIGNALS:
                loop.remove_signal_handler(ending)

    def end_by_signal(self, signum: int) -> None:
        """SIGHUP or SIGTERM: keep a note being written as a draft (durably, first), then exit
        the normal way, which leaves the alternate screen and turns mouse reporting off."""
        editor = self.note_being_written()
        if editor is not None:
            try:
                editor.keep_as_draft()
            except CasereaderError as error:
                # Nowhere to show it once the terminal is gone; stderr reaches a log, if any.
                with contextlib.suppress(OSError):
                    os.write(2, f"casereader: {visible(str(error))}\n".encode())
        code = 128 + signum
        watchdog = threading.Timer(LAST_RESORT, os._exit, (code,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=code)

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

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.loading_done = True

    # --- store operations -----------------------------------------------------------------

    def _status_text(self, state: str) -> str:
        store = self.session.store
        mode = "read-only" if store.read_only else state
        # What changed comes first: a long store path is what gets cut at the right edge.
        return f"{mode} · coder {self.session.coder} · store {store.location}"

    def apply(self, operation: Callable[[], T], done: str = "", quiet: bool = False) -> T | None:
        """Run one store change; say "saved" only after it is durable, else say why not.

        ``quiet`` is for housekeeping the user did not ask for (re-anchoring on open).
        """
        try:
            result = operation()
        except StoreReadOnlyError:
            self._refuse_read_only()
            return None
        except (StoreError, CasereaderError, KeyError, ValueError) as error:
            message = str(error.args[0] if isinstance(error, KeyError) and error.args else error)
            self.notify(visible(message), severity="error", markup=False, timeout=8)
            if isinstance(error, StoreError):  # the disk refused; a refused request saves nothing
                # The status line already names the store; the reason is what fits beside it.
                reason = message.replace(f"store {self.session.store.location}", "store")
                self.status = self._status_text("not saved: " + one_line(reason, 60))
            return None
        if not quiet:
            # What was done goes on the status line, not in a toast: a coder tags hundreds
            # of passages a day, and a toast for each would cover the text and the panel.
            self.status = self._status_text(self._saved(done))
        return result

    @staticmethod
    def _saved(done: str = "") -> str:
        saved = f"saved {time.strftime('%H:%M:%S')}"
        return f"{one_line(done, 60)} · {saved}" if done else saved

    def _refuse_read_only(self) -> None:
        self.notify(
            "Read-only: changes are not allowed here (the banner above says why)",
            severity="warning",
            markup=False,
            timeout=5,
        )

    def note_being_written(self) -> NoteEditor | None:
        """A note editor anywhere in the stack with text not yet saved."""
        from tui.components.dialogs import NoteEditor

        for screen in self.screen_stack:
            if isinstance(screen, NoteEditor) and screen.changed:
                return screen
        return None

    async def action_quit(self) -> None:
        """Quit, unless a note is being written: then ask first (ctrl+q works everywhere)."""
        if not self.screen.is_mounted:
            # A screen is still opening (quit typed with the key that opened it): quit once it
            # has, or its start-up would run on widgets already taken down.
            self.call_after_refresh(self.action_quit)
            return
        editor = self.note_being_written()
        if editor is None:
            self.quitting = True
            self.exit()
            return
        while self.screen is not editor:  # the palette or a question above it: back to it
            self.pop_screen()
        editor.confirm_quit()

    def action_undo(self) -> None:
        """Undo the last change of this session, durably, and say what it was."""
        self._step(self.session.store.undo, "undone", "nothing to undo")

    def action_redo(self) -> None:
        self._step(self.session.store.redo, "redone", "nothing to redo")

    def _step(self, step: Callable[[], str | None], done_word: str, nothing: str) -> None:
        if self.session.store.read_only:
            self._refuse_read_only()
            return
        outcome: list[str | None] = []
        self.apply(lambda: outcome.append(step()))
        if not outcome:  # refused; apply has said why
            return
        done = outcome[0]
        if done:
            self.status = self._status_text(self._saved(f"{done_word}: {done}"))
        else:
            self.notify(nothing, markup=False, timeout=3)
        self.screen.post_message(StoreChanged())

    async def _on_key(self, event: events.Key) -> None:
        """Keys for bindings, before Textual's own handling (the same event, after this
        unless prevented). Two kinds go nowhere, since their screen could not act on them:
        a key typed with q while the app closes (a screen it opened would start on widgets
        already taken down), and one typed at a screen still opening (its widgets are not
        there yet: escape in a document opened a moment ago). The terminal sends keys typed
        quickly at once, so both happen."""
        if self.quitting or not self.screen.is_mounted:
            event.prevent_default()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.quitting:  # keys typed with q must not open screens while the app closes
            return False
        # Not under a dialog: an undo there would change what the dialog is about.
        if action in ("undo", "redo") and isinstance(self.screen, ModalScreen):
            return None  # shown (in help too) but disabled
        return True

    # --- navigation -----------------------------------------------------------------------

    def open_document(
        self, doc_id: str, offset: int | None = None, annotation: str | None = None
    ) -> None:
        from tui.screens.document import DocumentScreen

        if self.quitting:
            return
        document = self.session.documents.get(doc_id)
        if document is None:
            self.notify(f"no document {visible(doc_id)}", severity="error", markup=False)
            return
        try:
            document.text  # noqa: B018 - read now so an unreadable file is one clear line
        except CasereaderError as error:
            self.notify(visible(str(error)), severity="error", markup=False)
            return
        if self.note_being_written() is not None:  # opening would close it unsaved
            self.notify("Save the note (ctrl+s) or cancel it (escape) first.", severity="warning")
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

    def action_help(self) -> None:
        if self.quitting:
            return
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_codebook(self) -> None:
        if self.quitting:
            return
        from tui.screens.codebook import CodebookScreen

        if not isinstance(self.screen, CodebookScreen):
            self.push_screen(CodebookScreen(self.session))

    def action_passages(self, code: str | None = None) -> None:
        if self.quitting:
            return
        from tui.screens.passages import PassagesScreen

        self.push_screen(PassagesScreen(self.session, code))

    def action_reports(self) -> None:
        if self.quitting:
            return
        from tui.screens.reports import ReportsScreen

        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen(self.session))

    def action_suggest(self, code_id: str) -> None:
        if self.quitting:
            return
        from tui.screens.suggestions import SuggestionsScreen

        self.push_screen(SuggestionsScreen(self.session, code_id))

    def action_search(self) -> None:
        if self.quitting:
            return
        from tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.session))

    def action_export(self) -> None:
        if self.quitting:
            return
        from tui.components.export_dialog import ExportDialog
        from tui.screens.document import DocumentScreen

        reading = self.screen.document if isinstance(self.screen, DocumentScreen) else None
        self.push_screen(ExportDialog(self.session, reading))

    def action_command_palette(self) -> None:
        """Textual's palette with guards against its crashes on quick keys (see palette.py)."""
        from textual._node_list import DuplicateIds  # (not exported by Textual)

        from tui.components.palette import ReaderPalette

        open_ = any(isinstance(screen, ReaderPalette) for screen in self.screen_stack)
        if not self.use_command_palette or open_:
            return
        try:
            self.push_screen(ReaderPalette())
        except DuplicateIds:
            # The palette closed a moment ago (ctrl+p, enter, ctrl+p) is still being taken
            # down and holds the palette's id till then: open once it has gone.
            self.call_after_refresh(self.action_command_palette)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
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
