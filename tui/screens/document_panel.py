"""The annotations of the open document on screen: their highlights in the text, the panel
that lists them, which one the keys act on, and jumping between them (``]`` and ``[``)."""

from __future__ import annotations

from rich.text import Text
from textual import getters, on
from textual.widgets import Static

from annotations.corpus import Document
from annotations.model import Annotation, Code
from tui.coding_app import CodingApp
from tui.messages import StoreChanged
from tui.screens.document_find import DocumentFind
from tui.session import Session
from tui.widgets.document_view import DocumentView, Highlight
from tui.widgets.entries import panel_entry
from tui.widgets.entry_list import EntryList


def placed_at(annotations: list[Annotation], cursor: int) -> list[Annotation]:
    """The placed passages holding ``cursor`` (an empty passage holds its start)."""
    return [
        a
        for a in annotations
        if a.status != "orphan" and a.start <= cursor < max(a.end, a.start + 1)
    ]


def innermost(here: list[Annotation], current: str | None) -> Annotation | None:
    """Of passages holding the cursor, the one last jumped to, else the shortest."""
    chosen = next((a for a in here if a.id == current), None)
    if chosen is None and here:
        chosen = min(here, key=lambda a: a.end - a.start)
    return chosen


def next_stop(stops: list[Annotation], cursor: int, current: str | None, direction: int) -> int:
    """The index of the stop ``]`` (1) or ``[`` (-1) goes to from ``cursor``: the one after
    the current stop, else the first starting past the cursor (or the last before it). Past
    either end, ``len(stops)`` or -1: the caller wraps round."""
    here = next(
        (i for i, a in enumerate(stops) if a.id == current and a.start == cursor),
        None,
    )
    if here is not None:
        return here + direction
    if direction > 0:
        return next((i for i, a in enumerate(stops) if a.start > cursor), len(stops))
    return next((i for i in range(len(stops) - 1, -1, -1) if stops[i].start < cursor), -1)


class DocumentPanel(DocumentFind):
    """The annotation part of the document screen."""

    app = getters.app(CodingApp)

    def __init__(self, session: Session, document: Document) -> None:
        super().__init__()
        self.session = session
        self.document = document
        self.annotations: list[Annotation] = []
        self.by_id: dict[str, Annotation] = {}
        self.current_annotation: str | None = None
        self.several_coders = False
        self.just_tagged: tuple[str, int] | None = None
        """The passage tagged last and where the cursor was then."""

    def code(self, code_id: str) -> Code | None:
        return self.session.store.codebook.get(code_id)

    def refresh_annotations(self) -> None:
        self.annotations = self.session.store.annotations(document=self.document.id)
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
            self.by_id[annotation_id], self.session.store.codebook, width, self.several_coders
        )

    def under_cursor(self) -> Annotation | None:
        """The annotation the keys act on: the one last jumped to while the cursor is in it,
        else the innermost at the cursor (overlapping passages are otherwise ambiguous)."""
        cursor = self.query_one("#view", DocumentView).cursor
        here = placed_at(self.annotations, cursor) or self.tagged_just_now(cursor)
        return innermost(here, self.current_annotation)

    def tagged_just_now(self, cursor: int) -> list[Annotation]:
        """The passage just tagged, while the cursor has not moved since: it sits after the
        passage (its end is exclusive, and white space at the selection's edge was left out)."""
        if self.just_tagged is None or self.just_tagged[1] != cursor:
            return []
        return [a for a in self.annotations if a.id == self.just_tagged[0]]

    def target(self) -> Annotation | None:
        """The annotation the keys act on: the one highlighted in the panel while the panel
        has the focus (orphans included), else the one under the cursor."""
        panel = self.query_one("#annotation-list", EntryList)
        if panel.has_focus and panel.highlighted is not None:
            return self.by_id.get(panel.highlighted)
        return self.under_cursor()

    def changed(self) -> None:
        self.refresh_annotations()

    def act_on(self, annotation_id: str) -> None:
        """The keys act on this passage while the cursor is in it, and a drag takes its edge
        where edges meet."""
        self.current_annotation = annotation_id
        self.query_one("#view", DocumentView).preferred_passage = annotation_id

    def jump(self, annotation: Annotation) -> None:
        self.act_on(annotation.id)
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
        index = next_stop(stops, cursor, self.current_annotation, direction)
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
