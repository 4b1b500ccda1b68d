"""The note editor: a multi-line note of one annotation, with its draft kept when the session
ends before it is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from annotations.errors import CasereaderError
from tui.dialogs.prompts import Choice, Dialog
from tui.formatting import visible
from tui.session import NoteDraft

NOTE_EDIT_LIMIT = 100_000
"""Characters of a note the editor loads. A note is a few sentences; one of 50 MB (imported)
took a minute of CPU to load into the text area. A longer note is shown up to here, read-only,
and kept whole."""


class NoteEditor(Dialog[bool]):
    """A multi-line note; ctrl+s saves, escape cancels.

    ``save(text)`` stores the note and says whether it was saved; the editor closes only
    then, so a note the store refused (read-only, disk full) is still there to copy or retry.
    Dismissed with True when saved, False when cancelled. A note longer than
    ``NOTE_EDIT_LIMIT`` is shown in part, read-only, and the editor says so. With a ``draft``,
    text left unsaved when the session ended (SIGHUP, SIGTERM) is offered back here, and saving
    or discarding the note drops it.
    """

    CSS_PATH = Path(__file__).with_name("note_editor.tcss")

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(
        self,
        note: str,
        excerpt: str,
        save: Callable[[str], bool],
        draft: NoteDraft | None = None,
    ) -> None:
        super().__init__()
        self.note = note
        self.excerpt = excerpt
        self.save = save
        self.too_long = len(note) > NOTE_EDIT_LIMIT
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="note-dialog"):
            yield Label(Text("Note"), classes="dialog-title")
            yield Label(Text(visible(self.excerpt), style="italic"), classes="excerpt")
            if self.too_long:
                yield Label(
                    Text(
                        f"This note is {len(self.note):,} characters, too long to edit here: "
                        f"the first {NOTE_EDIT_LIMIT:,} are shown, read-only. The whole note "
                        "is kept, and exported.",
                        style="bold",
                    ),
                    id="note-too-long",
                )
            yield Label("", id="draft-restored")
            yield TextArea(
                self.note[:NOTE_EDIT_LIMIT],
                id="note-text",
                soft_wrap=True,
                show_line_numbers=False,
                read_only=self.too_long,
            )
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        restored = self.query_one("#draft-restored", Label)
        restored.display = False
        area.focus()
        area.move_cursor(area.document.end)  # a note is added to more often than rewritten
        if self.draft is None:
            return
        try:
            draft = self.draft.restore()
        except CasereaderError as error:
            self.notify(visible(str(error)), severity="error", markup=False, timeout=10)
            self.draft = None  # a drafts file that cannot be read is left alone
            return
        if draft is not None and draft.text == self.note:
            self.forget_draft()  # saved since, some other way: nothing to offer
        elif draft is not None:
            area.load_text(draft.text)
            area.move_cursor(area.document.end)
            when = draft.saved.replace("T", " ")[:16] + " UTC" if draft.saved else "earlier"
            restored.update(
                Text(
                    f"Restored the unsaved text kept when the last session ended ({when}): "
                    "ctrl+s saves it, escape discards it.",
                    style="bold",
                )
            )
            restored.display = True

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    @property
    def changed(self) -> bool:
        return not self.too_long and self.text != self.note

    def keep_as_draft(self) -> None:
        """The session is ending with this note unsaved: keep its text, durably, to offer
        back next time (raises CasereaderError when it cannot)."""
        if self.draft is not None and self.changed:
            self.draft.keep(self.text)

    def forget_draft(self) -> None:
        """Saved or discarded: no draft to offer any more."""
        if self.draft is None:
            return
        try:
            self.draft.drop()
        except CasereaderError as error:
            self.notify(visible(str(error)), severity="error", markup=False, timeout=10)

    def action_save(self) -> bool:
        """Save, and close if the store took it; say whether it did."""
        if not self.changed or self.save(self.text):
            self.forget_draft()
            self.dismiss(True)
            return True
        return False

    def action_cancel(self) -> None:
        """Escape: close at once if nothing was typed, else ask before the typing is lost."""
        if not self.changed:
            self.dismiss(False)
            return

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.forget_draft()
                self.dismiss(False)

        self.app.push_screen(
            Choice(
                "Discard your changes to this note?",
                [("keep", "Keep editing"), ("discard", "Discard the changes")],
            ),
            answered,
        )

    def confirm_quit(self) -> None:
        """The app is asked to quit with a changed note open: save it, drop it, or stay."""

        def answered(choice: str | None) -> None:
            if choice == "save":
                if self.action_save():  # quit only once the note is saved
                    self.app.exit()
            elif choice == "discard":
                self.forget_draft()
                self.app.exit()

        self.app.push_screen(
            Choice(
                "This note has changes that are not saved.",
                [
                    ("save", "Save the note and quit"),
                    ("discard", "Quit without saving the note"),
                    ("keep", "Keep editing"),
                ],
            ),
            answered,
        )

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
