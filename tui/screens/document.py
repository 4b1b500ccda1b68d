"""The document screen: the text with its highlights, a cursor and selection, and the panel
of this document's annotations. Tagging, notes, deletion and undo all go through the coding
session (``tui.coding``)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from annotations.corpus import Document
from annotations.dateline import Dateline
from annotations.store import AnnotationStore
from tui.formatting import flag_words, one_line, short_dateline, utc_label, visible
from tui.messages import StoreChanged
from tui.screens.document_moving import DocumentMoving
from tui.session import Session
from tui.widgets.document_view import DocumentView
from tui.widgets.entry_list import EntryList
from tui.widgets.find_bar import FindBar
from tui.widgets.status import Banner, KeyFooter, StatusLine

READABLE_WIDTH = 88


def tag_bindings() -> list[Binding]:
    return [
        Binding(str(n), f"tag_number({n})", f"Tag {n}", show=False, id=f"document.tag_{n}")
        for n in range(1, 10)
    ]


PANEL_ENTRY = 5
"""Lines of one panel entry: codes, the passage on two lines, coder and note, a gap."""

JUMP = Binding.Group("Jump", compact=True)
"""The footer shows ``[]`` once for the jumps between annotations."""


def title_text(document: Document, given: str | None) -> Text:
    """The document's title, or the display title it was given (its own beside it)."""
    text = Text()
    text.append(visible(given or document.title), style="bold")
    if given:
        text.append(f"  (renamed; its own: {visible(one_line(document.title, 40))})", "dim")
    return text


def dateline_details(dateline: Dateline) -> Text:
    """After the dateline: its time in UTC, the zone when assumed, what is uncertain in it."""
    text = Text()
    if dateline.utc is not None:
        text.append(f"  ({utc_label(dateline)})", style="dim")
    if dateline.zone_assumed and dateline.local is not None:
        text.append(f"  *zone assumed: {dateline.zone}", style="dim")
    for words in flag_words(dateline):
        text.append(f"\n? {visible(words)}", style="dim")
    return text


def heading_text(document: Document, given: str | None) -> Text:
    """The document screen's heading: the title, the dateline and its details, the notes."""
    text = title_text(document, given)
    text.append("   ")
    text.append_text(short_dateline(document.dateline))
    if document.dateline is not None:
        text.append_text(dateline_details(document.dateline))
    for note in document.notes:
        text.append(f"\n{visible(note)}", style="italic")
    return text


class DocumentScreen(DocumentMoving):
    """Read one document and code its passages.

    Cut by job, each part a base of the next: ``DocumentFind`` (find in the text),
    ``DocumentPanel`` (the annotations on screen, the panel, jumping between them),
    ``DocumentOrphans`` (orphans and moved passages), ``DocumentTagging`` (tagging, notes,
    removal, selecting a clause, a sentence or a paragraph), ``DocumentReshaping`` (a code
    replaced, a passage's bounds changed, merged, split), ``DocumentMoving`` (next and
    previous document, the next uncoded paragraph); here, the screen itself: its keys, layout,
    heading, and where the reader left the document.
    """

    CSS_PATH = Path(__file__).with_name("document.tcss")

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
        Binding("A", "attach_orphan", "Attach orphan", id="document.attach_orphan"),
        Binding("o", "reviewed", "Move OK", id="document.reviewed"),
        Binding("s", "select_sentence", "Sentence", show=False, id="document.select_sentence"),
        Binding("S", "select_paragraph", "Paragraph", show=False, id="document.select_paragraph"),
        # ``e`` is a word's end here (the view's); export is E in a document
        Binding("E", "app.export", "Export", show=False, id="document.export"),
        Binding(
            "greater_than_sign",
            "next_document(1)",
            "Next doc",
            key_display=">",
            id="document.next_document",
        ),
        Binding(
            "less_than_sign",
            "next_document(-1)",
            "Prev doc",
            key_display="<",
            show=False,
            id="document.previous_document",
        ),
        Binding("g", "next_uncoded", "Uncoded", show=False, id="document.next_uncoded"),
        Binding("a", "select_clause", "Clause", show=False, id="document.select_clause"),
        Binding("C", "replace_code", "Change code", show=False, id="document.replace_code"),
        Binding("V", "select_passage", "Reshape", show=False, id="document.select_passage"),
        Binding("equals_sign", "reshape", "Keep bounds", show=False, id="document.reshape"),
        Binding("M", "merge", "Merge", show=False, id="document.merge"),
        Binding("vertical_line", "split", "Split", show=False, id="document.split"),
        Binding("m", "toggle_width", "Width", show=False, id="document.toggle_width"),
        # Quitting still works here; the footer gives its place to help (esc goes back).
        Binding("q", "app.quit", "Quit", show=False, id="document.quit"),
        Binding("tab", "switch_focus", "To panel", show=False, id="document.switch_focus"),
        Binding("P", "toggle_panel", "Panel", key_display="P", id="document.toggle_panel"),
        Binding("R", "rename", "Rename", show=False, id="document.rename"),
        Binding("z", "toggle_stripes", "Stripes", show=False, id="document.toggle_stripes"),
        *tag_bindings(),
    ]

    def __init__(
        self,
        session: Session,
        document: Document,
        offset: int | None = None,
        annotation: str | None = None,
    ) -> None:
        super().__init__(session, document)
        self.start_offset = offset
        self.start_annotation = annotation
        """An annotation to pick in the panel on opening (an orphan from coded passages)."""
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
        return heading_text(self.document, self.store.display_title(self.document.id))

    def on_mount(self) -> None:
        self.query_one("#panel").display = self.session.settings.panel
        view = self.query_one("#view", DocumentView)
        view.set_code_colours([code.colour for code in self.store.codebook.codes])
        view.show_stripes(self.session.settings.data.get("stripes") is True)
        view.passages_reshapable = not self.store.read_only
        dateline = self.document.dateline
        if dateline is not None:
            view.set_dateline(dateline.start, dateline.end)
        self.reanchor()
        self.refresh_annotations()
        offset = self.start_offset
        if offset is None:
            offset = self.opening_offset()
        offset = max(0, min(offset, len(self.document.text)))
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
        self.drop_edge_drag()

    def on_unmount(self) -> None:
        self.remember_position()
        self.drop_edge_drag()

    def drop_edge_drag(self) -> None:
        """Leaving (``>``, a screen on top) with a passage's edge held: the drag ends as
        escape ends it, and its prompt leaves the status line."""
        for view in self.query("#view").results(DocumentView):
            if view.cancel_edge_drag():
                self.app.show_state("reshape cancelled: the passage is as it was")

    def action_rename(self) -> None:
        """Give the document a display title (for letters and minutes whose first lines make
        poor titles), saved with its coding; blank goes back to its own."""
        from tui.dialogs.prompts import TextPrompt

        current = self.store.display_title(self.document.id) or self.document.title

        def renamed(title: str | None) -> None:
            if title is not None:
                self.app.perform(self.app.coding.rename_document, self.document, title)
                self.show_heading()

        prompt = "Display title (blank: the document's own)"
        self.app.push_screen(TextPrompt(prompt, value=current), renamed)

    def show_heading(self) -> None:
        self.query_one("#doc-heading", Static).update(self.heading())

    def on_store_changed(self, message: StoreChanged) -> None:
        super().on_store_changed(message)
        self.show_heading()  # undo or redo may have renamed the document

    def action_toggle_stripes(self) -> None:
        """Coding stripes beside the text, or not (remembered, as the panel is)."""
        view = self.query_one("#view", DocumentView)
        view.show_stripes(not view.stripes_shown)
        self.session.settings.update(stripes=view.stripes_shown)
        if view.stripes_shown and not view.stripe_colours:
            self.notify("Coding stripes are on: no passage of this document is coded yet.")

    def action_toggle_width(self) -> None:
        view = self.query_one("#view", DocumentView)
        view.max_width = None if view.max_width else READABLE_WIDTH

    def action_back(self) -> None:
        """Escape: out of the find bar, then the search matches go, then back to the list."""
        if self.cancel_pending() or self.leave_find() or self.clear_matches():
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
