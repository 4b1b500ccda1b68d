"""The coding rules between the reader's screens and the store, in one typed place.

A screen asks for what the coder did (tag this selection, toggle that code, write a note,
remove, attach an orphan, undo) and gets back an ``Outcome`` to show: what was saved, for the
status line, or why nothing was. The rules live here, not in the screens: tagging a passage
that is already coded adds the code to it rather than making a twin; toggling off the last
code of a passage removes the passage. No Textual here: a request the store refuses raises
the store's typed error (a ``CasereaderError``), which the app turns into one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.anchoring import ReanchorReport
from annotations.codebook import Codebook
from annotations.corpus import Document
from annotations.model import Annotation, Code
from annotations.segments import one_line, trimmed
from annotations.store import AnnotationStore


@dataclass(frozen=True)
class Outcome:
    """What one request of the coder came to."""

    done: str | None = None
    """What was saved, for the status line ("tagged staffing"); None: nothing was."""
    hint: str = ""
    """Something to tell the coder (why nothing changed, or what to check), as a toast."""
    warning: bool = False
    """The hint is a warning (it stays on screen longer)."""
    timeout: float | None = None
    """Seconds the hint stays (None: the app's default, or 10 for a warning)."""
    annotation: str | None = None
    """The annotation the request acted on, or made (the keys act on it next)."""
    code: str | None = None
    """The code the request made (the code picker's "new code")."""

    @property
    def saved(self) -> bool:
        return self.done is not None


class CodingSession:
    """One coder's changes to one store: every change the reader makes goes through here."""

    def __init__(self, store: AnnotationStore, coder: str) -> None:
        self.store = store
        self.coder = coder

    @property
    def codebook(self) -> Codebook:
        return self.store.codebook

    def code_name(self, code_id: str) -> str:
        code = self.codebook.get(code_id)
        return code.name if code is not None else code_id

    # --- passages -------------------------------------------------------------------------

    def tag(self, document: Document, start: int, end: int, code_id: str) -> Outcome:
        """Code the selected text [start, end): its edges' white space left out; a passage
        already coded at exactly that place gets the code added instead of a twin."""
        start, end = trimmed(document.text, start, end)
        if start == end:
            return Outcome(hint="The selection holds only white space.")
        name = self.code_name(code_id)
        same = next(
            (
                a
                for a in self.store.annotations(document=document.id)
                if (a.start, a.end) == (start, end)
            ),
            None,
        )
        if same is None:
            added = self.store.add(document, start, end, codes=[code_id], coder=self.coder)
            return Outcome(f"tagged {name}", annotation=added.id)
        if code_id in same.codes:
            return Outcome(annotation=same.id)  # already so: nothing to save
        self.store.update(same.id, codes=[*same.codes, code_id])
        return Outcome(f"tagged {name}", annotation=same.id)

    def toggle(self, annotation: Annotation, code_id: str) -> Outcome:
        """The code on a passage, or off it; off the last code, the passage goes."""
        name = self.code_name(code_id)
        if code_id not in annotation.codes:
            self.store.update(annotation.id, codes=[*annotation.codes, code_id])
            return Outcome(f"tagged {name}", annotation=annotation.id)
        remaining = [c for c in annotation.codes if c != code_id]
        if not remaining:
            self.store.remove(annotation.id)
            return Outcome(
                f"removed {name} and its passage (u undoes)",
                hint=f"{name} was this passage's only code, so the passage is gone: u undoes. "
                "To change a code, press C then the right code's key.",
                warning=True,
                timeout=6,
            )
        self.store.update(annotation.id, codes=remaining)
        return Outcome(f"removed {name}", annotation=annotation.id)

    def replace_codes(self, annotation: Annotation, code_ids: list[str]) -> Outcome:
        """The passage's codes become ``code_ids`` (a wrong code fixed in one step, or the
        picker's several codes at once); the passage itself stays."""
        if not code_ids:
            return Outcome(hint="Choose at least one code (x removes the passage).")
        if list(annotation.codes) == list(dict.fromkeys(code_ids)):
            return Outcome(annotation=annotation.id)
        self.store.update(annotation.id, codes=code_ids)
        names = ", ".join(self.code_name(c) for c in dict.fromkeys(code_ids))
        return Outcome(f"now {names} (u undoes)", annotation=annotation.id)

    def tag_many(self, document: Document, start: int, end: int, code_ids: list[str]) -> Outcome:
        """Code the selection with several codes at once (the picker): one passage."""
        start, end = trimmed(document.text, start, end)
        if start == end:
            return Outcome(hint="The selection holds only white space.")
        if not code_ids:
            return Outcome(hint="Choose at least one code.")
        added = self.store.add(document, start, end, codes=code_ids, coder=self.coder)
        names = ", ".join(self.code_name(c) for c in added.codes)
        return Outcome(f"tagged {names}", annotation=added.id)

    def reshape(self, annotation: Annotation, document: Document, start: int, end: int) -> Outcome:
        """New bounds for a passage; it keeps its id, codes, note, coder and created time."""
        start, end = trimmed(document.text, start, end)
        if start == end:
            return Outcome(hint="The selection holds only white space.")
        if (start, end) == (annotation.start, annotation.end):
            return Outcome(hint="The passage already has these bounds.", annotation=annotation.id)
        self.store.reshape(annotation.id, document, start, end)
        return Outcome("passage reshaped (u undoes)", annotation=annotation.id)

    def merge(self, annotations: list[Annotation], document: Document) -> Outcome:
        """Passages that touch or overlap made one; the first keeps its id."""
        whole = self.store.merge([a.id for a in annotations], document)
        return Outcome(f"{len(annotations)} passages merged (u undoes)", annotation=whole.id)

    def split(self, annotation: Annotation, document: Document, at: int) -> Outcome:
        """A passage cut in two at ``at``; both parts keep its codes and note."""
        head, _tail = self.store.split(annotation.id, document, at)
        return Outcome("passage split in two (u undoes)", annotation=head.id)

    def set_note(self, annotation: Annotation, note: str) -> Outcome:
        self.store.update(annotation.id, note=note)
        return Outcome("note saved", annotation=annotation.id)

    def remove(self, annotation: Annotation, what: str = "annotation") -> Outcome:
        """Remove a passage with all its codes (``what`` it is called on the screen)."""
        self.store.remove(annotation.id)
        return Outcome(f"{what} removed (u undoes)")

    def rename_document(self, document: Document, title: str) -> Outcome:
        """The document's display title (blank: back to its own), saved with its coding."""
        given = self.store.set_display_title(document.id, title)
        if given is None:
            return Outcome("title removed: the document's own again (u undoes)")
        return Outcome(f"renamed “{one_line(given, 40)}” (u undoes)")

    def attach_orphan(
        self, orphan: Annotation, document: Document, start: int, end: int
    ) -> Outcome:
        """Place a passage re-anchoring could not place on the text the coder chose."""
        self.store.reattach(orphan.id, document, start, end)
        return Outcome("orphan attached here (u undoes)", annotation=orphan.id)

    def mark_reviewed(self, annotation: Annotation) -> Outcome:
        """The coder checked a moved passage: its "(moved)" mark goes."""
        self.store.mark_reviewed(annotation.id)
        return Outcome("move reviewed", annotation=annotation.id)

    def accept(self, document: Document, start: int, end: int, code_id: str) -> Outcome:
        """A suggested sentence accepted: coded as it is (it was found in the text as is)."""
        added = self.store.add(document, start, end, codes=[code_id], coder=self.coder)
        return Outcome("accepted: the sentence is coded (u undoes)", annotation=added.id)

    def reanchor(self, document: Document) -> Outcome:
        """Re-anchor a document changed since it was coded (in memory when read-only) and say
        what moved; nothing goes on the status line (the coder did not ask for it)."""
        report: ReanchorReport = self.store.reanchor(document)
        if not (report.moved or report.orphan):
            return Outcome()
        return Outcome(
            hint=f"This document changed since it was coded: {report.moved} passage(s) moved, "
            f"{report.orphan} could not be placed (listed as orphans).",
            warning=True,
        )

    # --- the codebook ---------------------------------------------------------------------

    def add_code(self, name: str, done: str = "added code") -> Outcome:
        code: Code = self.codebook.add(name)
        return Outcome(f"{done} {name}", code=code.id)

    def rename_code(self, code_id: str, name: str) -> Outcome:
        self.codebook.rename(code_id, name)
        return Outcome("renamed", code=code_id)

    def recolour_code(self, code_id: str, colour: str) -> Outcome:
        self.codebook.recolour(code_id, colour)
        return Outcome(f"colour {colour}", code=code_id)

    def rekey_code(self, code_id: str, key: str | None, swap: bool = False) -> Outcome:
        self.codebook.rekey(code_id, key, swap=swap)
        return Outcome("keys swapped" if swap else "key changed", code=code_id)

    def describe_code(self, code_id: str, description: str) -> Outcome:
        self.codebook.describe(code_id, description)
        return Outcome("described", code=code_id)

    def set_keywords(self, code_id: str, keywords: list[str]) -> Outcome:
        self.codebook.set_keywords(code_id, keywords)
        return Outcome("keywords saved", code=code_id)

    def delete_code(
        self, code: Code, *, strip: bool = False, reassign_to: str | None = None
    ) -> Outcome:
        """Delete a code; one in use is taken off its passages or moved to another code."""
        if reassign_to is not None:
            self.codebook.remove(code.id, reassign_to=reassign_to)
            return Outcome("deleted", code=reassign_to)
        if strip:
            self.codebook.remove(code.id, strip=True)
            return Outcome("deleted")
        self.codebook.remove(code.id)
        return Outcome(f"deleted {code.name} (u undoes)")

    # --- history --------------------------------------------------------------------------

    def undo(self) -> Outcome:
        done = self.store.undo()
        return Outcome(f"undone: {done}") if done else Outcome("", "nothing to undo", timeout=3)

    def redo(self) -> Outcome:
        done = self.store.redo()
        return Outcome(f"redone: {done}") if done else Outcome("", "nothing to redo", timeout=3)
