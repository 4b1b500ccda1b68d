"""The document screen: the text with its highlights, a cursor and selection, and the panel
of this document's annotations. Tagging, notes, deletion and undo all go through the store."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widgets import Static

from annotations.corpus import Document
from annotations.model import Annotation, Code
from annotations.segments import paragraph_at, sentences_around
from annotations.store import AnnotationStore
from tui.coding_app import CodingApp
from tui.formatting import flag_words, short_dateline, utc_label, visible
from tui.messages import StoreChanged
from tui.screens.document_find import MATCH
from tui.screens.document_orphans import DocumentOrphans
from tui.screens.note_and_remove import edit_note
from tui.session import Session
from tui.widgets.document_view import DocumentView, Highlight
from tui.widgets.entries import panel_entry
from tui.widgets.entry_list import EntryList
from tui.widgets.find_bar import FindBar
from tui.widgets.status import Banner, KeyFooter, StatusLine

READABLE_WIDTH = 88


def tag_bindings() -> list[Binding]:
    return [
        Binding(str(n), f"tag_number({n})", f"Tag {n}", show=False, id=f"document.tag_{n}")
        for n in range(1, 10)
    ]


PANEL_MIN, PANEL_MAX = 26, 60
"""Columns for the annotation panel: room for a code name and a few words, at most."""
PANEL_ENTRY = 5
"""Lines of one panel entry: codes, the passage on two lines, coder and note, a gap."""

JUMP = Binding.Group("Jump", compact=True)
"""The footer shows ``[]`` once for the jumps between annotations."""


class DocumentScreen(DocumentOrphans):
    """Read one document and code its passages."""

    app = getters.app(CodingApp)

    BINDINGS = [
        Binding("escape", "back", "Back", id="document.back"),
        Binding("t", "pick_code", "Tag", id="document.pick_code"),
        Binding("n", "edit_note", "Note", id="document.note"),
        Binding("x,delete", "remove", "Remove", id="document.remove"),
        Binding(
            "left_square_bracket",
            "previous_annotation",
            "Prev",
            key_display="[",
            id="document.previous_annotation",
            group=JUMP,
        ),
        Binding(
            "right_square_bracket",
            "next_annotation",
            "Next",
            key_display="]",
            id="document.next_annotation",
            group=JUMP,
        ),
        Binding("slash", "find", "Find", key_display="/", id="document.find"),
        Binding(
            "full_stop",
            "step_match(1)",
            "Next match",
            key_display=".",
            id="document.next_match",
            group=MATCH,
        ),
        Binding(
            "comma",
            "step_match(-1)",
            "Previous match",
            key_display=",",
            id="document.previous_match",
            group=MATCH,
        ),
        Binding("A", "attach_orphan", "Attach orphan", id="document.attach_orphan"),
        Binding("o", "reviewed", "Move OK", id="document.reviewed"),
        Binding("s", "select_sentence", "Sentence", show=False, id="document.select_sentence"),
        Binding("S", "select_paragraph", "Paragraph", show=False, id="document.select_paragraph"),
        Binding("m", "toggle_width", "Width", show=False, id="document.toggle_width"),
        # Quitting still works here; the footer gives its place to help (esc goes back).
        Binding("q", "app.quit", "Quit", show=False, id="document.quit"),
        Binding("tab", "switch_focus", "To panel", show=False, id="document.switch_focus"),
        Binding("P", "toggle_panel", "Panel", key_display="P", id="document.toggle_panel"),
        *tag_bindings(),
    ]

    def __init__(
        self,
        session: Session,
        document: Document,
        offset: int | None = None,
        annotation: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.document = document
        self.start_offset = offset
        self.start_annotation = annotation
        """An annotation to pick in the panel on opening (an orphan from coded passages)."""
        self.annotations: list[Annotation] = []
        self.by_id: dict[str, Annotation] = {}
        self.current_annotation: str | None = None
        self.several_coders = False
        self.just_tagged: tuple[str, int] | None = None
        """The passage tagged last and where the cursor was then."""
        self.cursor = offset or 0

    @property
    def store(self) -> AnnotationStore:
        return self.session.store

    def compose(self) -> ComposeResult:
        if self.session.read_only_reason:
            yield Banner(f"Read-only: {self.session.read_only_reason}", id="banner")
        yield Static(self.heading(), id="doc-heading")
        with Horizontal(id="doc-body"):
            yield DocumentView(self.document.text, id="view")
            with Vertical(id="panel"):
                yield Static(Text("Annotations", style="bold"), id="panel-title")
                yield EntryList(
                    self.panel_lines,
                    height=PANEL_ENTRY,
                    empty="No annotations yet: select with v, then 1-9",
                    id="annotation-list",
                )
        yield FindBar(id="find")
        yield StatusLine(id="status")
        yield KeyFooter()

    def heading(self) -> Text:
        dateline = self.document.dateline
        text = Text()
        text.append(visible(self.document.title), style="bold")
        text.append("   ")
        text.append_text(short_dateline(dateline))
        if dateline is not None and dateline.utc is not None:
            text.append(f"  ({utc_label(dateline)})", style="dim")
        if dateline is not None and dateline.zone_assumed and dateline.local is not None:
            text.append(f"  *zone assumed: {dateline.zone}", style="dim")
        if dateline is not None:
            for words in flag_words(dateline):
                text.append(f"\n? {visible(words)}", style="dim")
        for note in self.document.notes:
            text.append(f"\n{visible(note)}", style="italic")
        return text

    def on_resize(self) -> None:
        self.fit_panel(self.size.width)

    def fit_panel(self, columns: int) -> None:
        """The panel takes about a third of a wide terminal and gives way on a narrow one
        (set only when it changes: each change costs a layout)."""
        panel = self.query_one("#panel")
        width = max(PANEL_MIN, min(PANEL_MAX, columns * 3 // 10))
        if panel.styles.width is None or panel.styles.width.value != width:
            panel.styles.width = width

    def on_mount(self) -> None:
        self.fit_panel(self.app.size.width)  # before the first layout, not after it
        self.query_one("#panel").display = self.session.settings.panel
        view = self.query_one("#view", DocumentView)
        view.set_code_colours([code.colour for code in self.store.codebook.codes])
        dateline = self.document.dateline
        if dateline is not None:
            view.set_dateline(dateline.start, dateline.end)
        self.reanchor()
        self.refresh_annotations()
        state = self.session.state
        offset = self.start_offset
        if offset is None and state is not None:
            offset = state.position(self.document.id)
        offset = max(0, min(offset or 0, len(self.document.text)))
        view.move_cursor(offset)
        view.scroll_to_offset(offset, center=True)
        self.cursor = offset
        view.focus()
        self.session.viewing(self.document.id)
        self.warn_of_shadowed_keys()
        picked = self.by_id.get(self.start_annotation) if self.start_annotation else None
        if picked is not None:
            self.query_one("#annotation-list", EntryList).highlight(picked.id)
            if picked.status == "orphan":
                self.notify(
                    "The passage you opened could not be placed in the changed text (an orphan, "
                    "picked in the panel): select where it belongs and press A to attach it.",
                    timeout=10,
                )

    def warn_of_shadowed_keys(self) -> None:
        """A code whose key a reader key now uses (a store from an older casereader, or a
        remapped key) cannot tag by that key: say so, once a session."""
        shadowed = [
            code
            for code in self.store.codebook.codes
            if code.key and not code.key.isdigit() and code.key in self.active_bindings
        ]
        if shadowed and not self.session.warned_keys:
            self.session.warned_keys = True
            names = ", ".join(f"{visible(c.name)} ({c.key})" for c in shadowed)
            self.notify(
                f"These codes' keys are taken by reader keys: {names}. Use t or 1-9, or give "
                "them other keys on the codebook screen (c, then K).",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def reanchor(self) -> None:
        """Re-anchor when the file changed since it was coded, and say what moved (read-only,
        in memory: the passages are drawn where they are now, and nothing is saved)."""
        self.app.perform(self.app.coding.reanchor, self.document)

    @on(DocumentView.CursorMoved)
    def cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.cursor = event.offset

    def remember_position(self) -> None:
        """Where the reader left this document, so reopening returns there."""
        if self.session.state is not None:
            self.session.state.remember(self.document.id, self.cursor)

    def on_screen_suspend(self) -> None:
        self.remember_position()

    def on_unmount(self) -> None:
        self.remember_position()

    # --- annotations on screen ------------------------------------------------------------

    def code(self, code_id: str) -> Code | None:
        return self.store.codebook.get(code_id)

    def refresh_annotations(self) -> None:
        self.annotations = self.store.annotations(document=self.document.id)
        self.several_coders = len({a.coder for a in self.annotations}) > 1
        view = self.query_one("#view", DocumentView)
        highlights = []
        for annotation in self.annotations:
            if annotation.status == "orphan":
                continue
            for code_id in annotation.codes:
                code = self.code(code_id)
                colour = code.colour if code else "#888888"
                label = code.name if code else code_id
                highlights.append(
                    Highlight(annotation.start, annotation.end, colour, annotation.id, label)
                )
        view.set_highlights(highlights)
        self.fill_panel()

    def fill_panel(self) -> None:
        self.by_id = {annotation.id: annotation for annotation in self.annotations}
        panel = self.query_one("#annotation-list", EntryList)
        panel.set_entries([annotation.id for annotation in self.annotations], panel.highlighted)
        panel.redraw()
        self.show_panel_title()
        self.refresh_bindings()

    def show_panel_title(self, where: str = "") -> None:
        title = Text(f"Annotations ({where or len(self.annotations)})", style="bold")
        orphans = sum(a.status == "orphan" for a in self.annotations)
        if orphans:
            title.append(f" · {orphans} orphan{'s' if orphans > 1 else ''}", style="italic")
        self.query_one("#panel-title", Static).update(title)

    def panel_lines(self, annotation_id: str, width: int) -> list[Text]:
        """One panel entry: codes (and status), the passage on two lines, coder and note."""
        return panel_entry(
            self.by_id[annotation_id], self.store.codebook, width, self.several_coders
        )

    def under_cursor(self) -> Annotation | None:
        """The annotation the keys act on: the one last jumped to while the cursor is in it,
        else the innermost at the cursor (overlapping passages are otherwise ambiguous)."""
        cursor = self.query_one("#view", DocumentView).cursor
        here = [
            a
            for a in self.annotations
            if a.status != "orphan" and a.start <= cursor < max(a.end, a.start + 1)
        ]
        if not here and self.just_tagged is not None and self.just_tagged[1] == cursor:
            # just tagged and not moved since: the cursor sits after the passage (its end is
            # exclusive, and white space at the selection's edge was left out)
            here = [a for a in self.annotations if a.id == self.just_tagged[0]]
        chosen = next((a for a in here if a.id == self.current_annotation), None)
        if chosen is None and here:
            chosen = min(here, key=lambda a: a.end - a.start)
        return chosen

    def target(self) -> Annotation | None:
        """The annotation the keys act on: the one highlighted in the panel while the panel
        has the focus (orphans included), else the one under the cursor."""
        panel = self.query_one("#annotation-list", EntryList)
        if panel.has_focus and panel.highlighted is not None:
            return self.by_id.get(panel.highlighted)
        return self.under_cursor()

    def changed(self) -> None:
        self.refresh_annotations()

    # --- tagging --------------------------------------------------------------------------

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
        codebook = self.store.codebook
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
            for code in self.store.codebook.codes
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
        code = self.store.codebook.by_key(event.character)
        if code is not None:
            event.stop()
            event.prevent_default()
            self.tag(code.id)

    def action_pick_code(self) -> None:
        from tui.dialogs.code_picker import NEW, CodePicker

        def chosen(result: str | None) -> None:
            if not result:
                return
            if result.startswith(NEW):
                made = self.app.perform(
                    self.app.coding.add_code, result[len(NEW) :], "created code"
                )
                if made is None or made.code is None:
                    return
                result = made.code
            self.tag(result)

        self.app.push_screen(CodePicker(self.store), chosen)

    # --- notes, removal, navigation -------------------------------------------------------

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

    def jump(self, annotation: Annotation) -> None:
        self.current_annotation = annotation.id
        self.query_one("#annotation-list", EntryList).highlight(annotation.id)
        view = self.query_one("#view", DocumentView)
        view.clear_selection()
        view.move_cursor(annotation.start)
        view.scroll_to_offset(annotation.start, center=True)

    def stops(self) -> list[Annotation]:
        """Where ``]`` and ``[`` stop: every placed passage, by start then end (two passages
        starting at one offset are two stops)."""
        placed = [a for a in self.annotations if a.status != "orphan"]
        return sorted(placed, key=lambda a: (a.start, a.end, a.id))

    def step_annotation(self, direction: int) -> None:
        """To the next (1) or previous (-1) passage; past the last, round to the first, and
        say so."""
        stops = self.stops()
        if not stops:
            self.notify("No annotations in this document yet.", timeout=3)
            return
        cursor = self.query_one("#view", DocumentView).cursor
        here = next(
            (
                i
                for i, a in enumerate(stops)
                if a.id == self.current_annotation and a.start == cursor
            ),
            None,
        )
        if here is not None:
            index = here + direction
        elif direction > 0:
            index = next((i for i, a in enumerate(stops) if a.start > cursor), len(stops))
        else:
            index = next((i for i in range(len(stops) - 1, -1, -1) if stops[i].start < cursor), -1)
        if index >= len(stops):
            index = 0
            self.notify("That was the last annotation: back to the first.", timeout=3)
        elif index < 0:
            index = len(stops) - 1
            self.notify("That was the first annotation: on to the last.", timeout=3)
        self.jump(stops[index])
        self.show_panel_title(f"{index + 1} of {len(stops)}")

    def action_next_annotation(self) -> None:
        self.step_annotation(1)

    def action_previous_annotation(self) -> None:
        self.step_annotation(-1)

    @on(EntryList.Selected, "#annotation-list")
    def panel_selected(self, event: EntryList.Selected) -> None:
        annotation = self.by_id.get(event.key)
        if annotation is None:
            return
        if annotation.status == "orphan":
            self.notify(
                "This passage could not be placed in the changed text (an orphan). Select "
                "where it belongs and press A to attach it; n writes its note, x removes it.",
                timeout=10,
            )
            return
        self.jump(annotation)
        self.query_one("#view", DocumentView).focus()

    def action_toggle_panel(self) -> None:
        """Hide or show the annotation panel (remembered for next time)."""
        panel = self.query_one("#panel")
        panel.display = not panel.display
        if not panel.display:
            self.query_one("#view", DocumentView).focus()
        self.session.settings.update(panel=bool(panel.display))

    def action_switch_focus(self) -> None:
        view = self.query_one("#view", DocumentView)
        panel = self.query_one("#annotation-list", EntryList)
        (panel if view.has_focus else view).focus()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.changed()

    def action_select_sentence(self) -> None:
        """Select the sentence at the cursor; again, take in the next sentence too."""
        self.select_unit(sentences_around)

    def action_select_paragraph(self) -> None:
        """Select the paragraph at the cursor; again, take in the next paragraph too."""
        self.select_unit(lambda text, offset: [paragraph_at(text, offset)])

    def select_unit(self, units: Callable[[str, int], list[tuple[int, int]]]) -> None:
        """Select the unit at the cursor, or extend the selection by the next one; past the
        end of a paragraph, the next paragraph's first unit."""
        view = self.query_one("#view", DocumentView)
        text = self.document.text
        selection = view.selection
        after = selection[1] if selection else view.cursor
        spans = [span for span in units(text, after) if span[1] > after]
        if not spans:  # at the end of a paragraph: on to the next one
            while after < len(text) and text[after].isspace():
                after += 1
            spans = [span for span in units(text, after) if span[1] > after]
        if not spans or spans[0][0] == spans[0][1]:
            self.notify("Nothing more to select here.")
            return
        first = spans[0]
        view.select(selection[0] if selection else first[0], first[1])
        view.scroll_to_offset(first[1], center=False)

    def action_toggle_width(self) -> None:
        view = self.query_one("#view", DocumentView)
        view.max_width = None if view.max_width else READABLE_WIDTH

    def action_back(self) -> None:
        """Escape: out of the find bar, then the search matches go, then back to the list."""
        if self.leave_find() or self.clear_matches():
            return
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted or not self.query("#view"):
            return True
        if action == "attach_orphan":
            return any(a.status == "orphan" for a in self.annotations)
        if action == "reviewed":
            return any(a.status == "moved" for a in self.annotations)
        return super().check_action(action, parameters)

    def on_screen_resume(self) -> None:
        self.session.viewing(self.document.id)
        self.refresh_annotations()
