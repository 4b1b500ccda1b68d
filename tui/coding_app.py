"""The app as its screens see it: the session, the coding session, the status line, undo and
redo, and what happens when the terminal goes away. ``CasereaderApp`` (``tui.app``) adds the
screens, their keys and the command palette.

Screens type their app as this class (``getters.app(CodingApp)``) and ask for navigation with
messages (``OpenDocument``, ``ShowPassages``), so no screen imports the module that imports
the screens.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec

from textual import events
from textual.app import App
from textual.reactive import reactive
from textual.screen import ModalScreen

from annotations.errors import CasereaderError
from annotations.store import StoreError, StoreReadOnlyError
from tui.coding import CodingSession, Outcome
from tui.formatting import one_line, visible
from tui.messages import StoreChanged
from tui.session import Session

if TYPE_CHECKING:
    from tui.dialogs.note_editor import NoteEditor

P = ParamSpec("P")

ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
"""An SSH connection dropping, the system stopping the process: the session ends cleanly."""
LAST_RESORT = 5.0
"""Seconds a signalled exit may take (a dead terminal can block output) before the process
ends regardless; by then the draft is on disk."""


class CodingApp(App[int]):
    """Every change is saved durably before the status line says "saved"."""

    status: reactive[str] = reactive("")

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.coding = CodingSession(session.store, session.coder)
        self.loading_done = False
        """Every document of the corpus is listed (read before the first frame, or by the
        loader in a worker)."""
        self.quitting = False
        self.watchdog: threading.Timer | None = None
        """The last-resort exit, started when a signal ends the session."""
        """Quit was asked for and the app is closing: nothing new opens, whether asked by a key
        typed with q or by a palette command (a screen opened now would start on widgets
        already taken down, and crash)."""
        self.status = self._status_text("ready")

    # --- store changes --------------------------------------------------------------------

    def show_refusal(self, error: CasereaderError) -> None:
        """A change refused: the reason in a toast, and on the status line too when it was the
        disk that refused (a request refused saves nothing, and the status line stays)."""
        message = str(error)
        self.notify(visible(message), severity="error", markup=False, timeout=8)
        if isinstance(error, StoreError):
            # The status line already names the store; the reason is what fits beside it.
            reason = message.replace(f"store {self.session.store.location}", "store")
            self.status = self._status_text("not saved: " + one_line(reason, 60))

    def show_outcome(self, outcome: Outcome) -> None:
        if outcome.done is not None:
            # What was done goes on the status line, not in a toast: a coder tags hundreds
            # of passages a day, and a toast for each would cover the text and the panel.
            self.status = self._status_text(self._saved(outcome.done))
        if outcome.hint:
            timeout = outcome.timeout or (10 if outcome.warning else None)
            self.notify(
                visible(outcome.hint),
                severity="warning" if outcome.warning else "information",
                markup=False,
                timeout=timeout,
            )

    def perform(
        self, change: Callable[P, Outcome], *args: P.args, **kwargs: P.kwargs
    ) -> Outcome | None:
        """Make one change through the coding session and show what it came to: "saved" on
        the status line only once it is durable; a refusal as one line (None is returned).

        Only the errors a user can cause are caught: anything else is a bug, and shows so.
        """
        try:
            outcome = change(*args, **kwargs)
        except StoreReadOnlyError:
            self.refuse_read_only()
            return None
        except CasereaderError as error:
            self.show_refusal(error)
            return None
        self.show_outcome(outcome)
        return outcome

    def show_state(self, state: str) -> None:
        """Say on the status line what the app is doing (not a saved change: see perform)."""
        self.status = self._status_text(state)

    def _status_text(self, state: str) -> str:
        store = self.session.store
        mode = "read-only" if store.read_only else state
        # What changed comes first: a long store path is what gets cut at the right edge.
        return f"{mode} · coder {self.session.coder} · store {store.location}"

    @staticmethod
    def _saved(done: str = "") -> str:
        saved = f"saved {time.strftime('%H:%M:%S')}"
        return f"{one_line(done, 60)} · {saved}" if done else saved

    def refuse_read_only(self) -> None:
        self.notify(
            "Read-only: changes are not allowed here (the banner above says why)",
            severity="warning",
            markup=False,
            timeout=5,
        )

    def action_undo(self) -> None:
        """Undo the last change of this session, durably, and say what it was."""
        self._step(self.coding.undo)

    def action_redo(self) -> None:
        self._step(self.coding.redo)

    def _step(self, step: Callable[[], Outcome]) -> None:
        if self.session.store.read_only:
            self.refuse_read_only()
            return
        if self.perform(step) is not None:
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

    # --- notes being written, and the end of a session ------------------------------------

    def note_being_written(self) -> NoteEditor | None:
        """A note editor anywhere in the stack with text not yet saved."""
        from tui.dialogs.note_editor import NoteEditor

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

    def watch_for_signals(self) -> None:
        """SIGHUP and SIGTERM end the session (``end_by_signal``). The handlers are Python's,
        not the event loop's: Python runs them between two steps of whatever the main thread
        is doing, so they also act when the loop is too busy to take a callback (a process
        left by a dropped terminal, busy with a flood of events, ignored SIGTERM for
        minutes). Each starts the last-resort exit at once."""
        loop = asyncio.get_running_loop()

        def ending(signum: int, _frame: object) -> None:
            self.exit_regardless(128 + signum)
            with contextlib.suppress(RuntimeError):  # (the loop already closed)
                loop.call_soon_threadsafe(self.end_by_signal, signum)

        for signum in ENDING_SIGNALS:
            with contextlib.suppress(ValueError, OSError):  # (not the main thread)
                signal.signal(signum, ending)

    def on_unmount(self) -> None:
        for signum in ENDING_SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, signal.SIG_DFL)

    def exit_regardless(self, code: int) -> None:
        """End the process after ``LAST_RESORT`` seconds whatever the app is doing (a dead
        terminal can block output); by then a note being written is on disk as a draft."""
        if self.watchdog is None:
            self.watchdog = threading.Timer(LAST_RESORT, os._exit, (code,))
            self.watchdog.daemon = True
            self.watchdog.start()

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
        self.exit_regardless(code)
        self.exit(return_code=code)
