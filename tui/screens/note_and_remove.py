"""Writing the note of an annotation, the same on every screen that shows annotations (the
document's panel, coded passages): the editor saves through the coding session."""

from __future__ import annotations

from collections.abc import Callable

from annotations.model import Annotation
from tui.coding_app import CodingApp
from tui.dialogs.note_editor import NoteEditor
from tui.formatting import one_line


def edit_note(app: CodingApp, annotation: Annotation, then: Callable[[], None]) -> None:
    """Open the note editor on ``annotation``; ``then`` runs after each attempt to save (the
    screen shows the note, or that it was refused, while the editor stays open)."""

    def save(note: str) -> bool:
        outcome = app.perform(app.coding.set_note, annotation, note)
        then()
        return outcome is not None

    app.push_screen(
        NoteEditor(
            annotation.note,
            one_line(annotation.exact, 70),
            save,
            app.session.note_draft(annotation),
        )
    )
