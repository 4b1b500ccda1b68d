"""Tagging on the document screen: the selection (or the annotation the keys act on) with a
code by number, by a code's own key or from the picker; notes and removal; selecting the
sentence or the paragraph at the cursor. The rules themselves are the coding session's."""

from __future__ import annotations

from collections.abc import Callable

from textual.events import Key

from annotations.model import Code
from annotations.segments import (
    clauses_around,
    paragraph_at,
    previous_word_start,
    sentences_around,
    without_list_marker,
)
from tui.screens.document_orphans import DocumentOrphans
from tui.screens.note_and_remove import edit_note
from tui.widgets.document_view import DocumentView

Units = Callable[[str, int], list[tuple[int, int]]]
"""The units (sentences, clauses, a paragraph) around an offset of a text."""


def units_after(text: str, units: Units, after: int) -> list[tuple[int, int]]:
    """The units ending past ``after``; at the end of a paragraph, the next paragraph's."""
    spans = [span for span in units(text, after) if span[1] > after]
    if spans:
        return spans
    while after < len(text) and text[after].isspace():
        after += 1
    return [span for span in units(text, after) if span[1] > after]


def word_start_at(text: str, floor: int, cursor: int) -> int:
    """The start of the word the cursor is on (of the next word, on white space), not
    before ``floor``."""
    start = cursor
    while text[start].isspace():
        start += 1
    return max(floor, previous_word_start(text, start + 1))


def unit_selection(
    text: str, units: Units, selection: tuple[int, int] | None, cursor: int, from_cursor: bool
) -> tuple[int, int] | None:
    """The unit at the cursor, or the selection extended by the next unit; past the end of a
    paragraph, the next paragraph's first unit; None when there is none. A list item's marker
    ("- ", "1. ") is never part of it. ``from_cursor``: a first unit starts at the word the
    cursor is on, not at the unit's own start."""
    spans = units_after(text, units, selection[1] if selection else cursor)
    if not spans or spans[0][0] == spans[0][1]:
        return None
    first = without_list_marker(text, *spans[0])
    if selection is not None:
        return selection[0], first[1]
    if from_cursor and first[0] < cursor < first[1]:
        return word_start_at(text, first[0], cursor), first[1]
    return first


class DocumentTagging(DocumentOrphans):
    """The coding part of the document screen."""

    def tag(self, code_id: str) -> None:
        """Tag the selection with a code, or toggle the code on the annotation at the cursor."""
        view = self.query_one("#view", DocumentView)
        selection = view.selection
        coding = self.app.coding
        if selection is not None and selection[0] < selection[1]:
            outcome = self.app.perform(coding.tag, self.document, *selection, code_id)
            if outcome is not None and outcome.hint:  # nothing to tag: the selection stays
                return
            if outcome is not None and outcome.annotation is not None:
                self.just_tagged = (outcome.annotation, view.cursor)  # n, x and keys act on it
            view.clear_selection()
            self.changed()
            return
        annotation = self.target()
        if annotation is None:
            self.notify("Select a passage first: v then move, shift+arrows, or drag the mouse.")
            return
        self.app.perform(coding.toggle, annotation, code_id)
        self.changed()

    def code_for_number(self, number: int) -> Code | None:
        """The code a number key tags with: the code with that key, else the number-th code."""
        codebook = self.session.store.codebook
        code = codebook.by_key(str(number))
        if code is None and number <= len(codebook.codes):
            code = codebook.codes[number - 1]
        return code

    def help_descriptions(self) -> dict[str, str]:
        """For help: what each tagging key does with this codebook, by binding id."""
        return {
            f"document.tag_{n}": f"Tag with {code.name}" if code else f"Tag {n} (no code yet)"
            for n in range(1, 10)
            for code in [self.code_for_number(n)]
        }

    def help_rows(self) -> list[tuple[str, str, str]]:
        """For help: the codes' own letter keys, which are not bindings but work as keys."""
        return [
            (code.key, f"Tag with {code.name}", "codebook (K on the codebook screen)")
            for code in self.session.store.codebook.codes
            if code.key and not code.key.isdigit()
        ]

    def action_tag_number(self, number: int) -> None:
        code = self.code_for_number(number)
        if code is None:
            self.notify(f"No code has key {number}; press t to pick or create one.")
            return
        self.tag(code.id)

    def on_key(self, event: Key) -> None:
        """A code's own key (a letter not bound to anything else) tags with that code."""
        if event.character is None or not event.character.isprintable():
            return
        if event.key in self.active_bindings:
            return
        code = self.session.store.codebook.by_key(event.character)
        if code is not None:
            event.stop()
            event.prevent_default()
            self.tag(code.id)

    def action_pick_code(self) -> None:
        from tui.dialogs.code_picker import NEW, CodePicker

        target = self.target()
        has_selection = self.query_one("#view", DocumentView).selection is not None
        ticked = target.codes if target is not None and not has_selection else ()
        picker = CodePicker(self.session.store, several=True, ticked=ticked)

        def chosen(result: str | None) -> None:
            if not result:
                return
            created = result.startswith(NEW)
            if created:
                made = self.app.perform(
                    self.app.coding.add_code, result[len(NEW) :], "created code"
                )
                if made is None or made.code is None:
                    return
                result = made.code
            if picker.touched:
                self.picked_codes(picker.chosen_codes(result, created))
            else:
                self.tag(result)

        self.app.push_screen(picker, chosen)

    def picked_codes(self, codes: list[str]) -> None:
        """The picker's ticked codes (the reshaping base applies them)."""
        raise NotImplementedError

    def action_edit_note(self) -> None:
        annotation = self.target()
        if annotation is None:
            self.notify(
                "Put the cursor on an annotation (or pick one in the panel: tab) to write its note."
            )
            return
        edit_note(self.app, annotation, self.changed)

    def action_remove(self) -> None:
        annotation = self.target()
        if annotation is None:
            self.notify(
                "Put the cursor on an annotation (or pick one in the panel: tab) to remove it."
            )
            return
        self.app.perform(self.app.coding.remove, annotation)
        self.changed()

    def action_select_sentence(self) -> None:
        """Select the sentence at the cursor; again, take in the next sentence too."""
        self.select_unit(sentences_around)

    def action_select_paragraph(self) -> None:
        """Select the paragraph at the cursor; again, take in the next paragraph too."""
        self.select_unit(lambda text, offset: [paragraph_at(text, offset)])

    def action_select_clause(self) -> None:
        """Select from the cursor's word to the end of its clause (the whole clause at its
        start); again, take in the next clause too."""
        self.select_unit(clauses_around, from_cursor=True)

    def select_unit(self, units: Units, from_cursor: bool = False) -> None:
        """Select the unit at the cursor, or extend the selection by the next one (see
        ``unit_selection``)."""
        view = self.query_one("#view", DocumentView)
        span = unit_selection(self.document.text, units, view.selection, view.cursor, from_cursor)
        if span is None:
            self.notify("Nothing more to select here.")
            return
        view.select(*span)
        view.scroll_to_offset(span[1], center=False)
