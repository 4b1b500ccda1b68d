"""Reports in the app: frequencies, co-occurrence, timeline, and agreement between coders.

The report in front has the focus, so the scrolling keys work at once; tab goes to the next
report; enter lists the report's cells (a code, a code in a document, a pair of codes, a
period) and opens the passages behind the one chosen."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from annotations import analysis as reports
from annotations.anchoring import placed
from annotations.corpus import Corpus
from annotations.errors import CasereaderError
from annotations.model import Annotation
from tui.formatting import visible
from tui.report_views import agreement_view, cooccurrence_view, frequencies_view, timeline_view
from tui.screens.comparison import Basis, compare
from tui.session import Session
from tui.widgets.status import KeyFooter, StatusLine


class ReportBody(VerticalScroll, can_focus=True):
    """One report's content, scrolled by the keys the footer names."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "scroll_down", "Scroll", key_display="↑↓ pgup pgdn", id="reports.down"),
        Binding("up", "scroll_up", "Up", show=False, id="reports.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="reports.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reports.page_up"),
        Binding("home", "scroll_home", "Top", show=False, id="reports.top"),
        Binding("end", "scroll_end", "End", show=False, id="reports.end"),
    ]


class ReportsScreen(Screen[None]):
    """Each report in its own tab, computed from the store's index when the screen opens."""

    CSS_PATH = Path(__file__).with_name("reports.tcss")

    BINDINGS = [
        Binding("escape", "back", "Back", id="reports.back"),
        Binding("tab", "next_report(1)", "Next report", id="reports.next"),
        Binding("shift+tab", "next_report(-1)", "Previous", show=False, id="reports.previous"),
        Binding("enter", "drill", "Passages of…", id="reports.drill"),
        Binding("y", "toggle_period", "Month/year", id="reports.toggle_period"),
        Binding("o", "compare", "Compare with…", id="reports.compare"),
    ]

    REPORTS = ("frequencies", "cooccurrence", "timeline", "agreement")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.by = "month"
        self.annotations: list[Annotation] = []
        self.compared: RenderableType | None = None
        """Agreement with a colleague's store or export, once one was chosen (``o``)."""

    def corpus(self) -> Corpus:
        session = self.session
        corpus = session.corpus or Corpus(session.root, list(session.documents.values()), [])
        return corpus.retitled(session.store.display_titles())  # as the list names them

    def compose(self) -> ComposeResult:
        with TabbedContent(id="reports-body"):
            for key, title in (
                ("frequencies", "Frequencies"),
                ("cooccurrence", "Co-occurrence"),
                ("timeline", "Timeline"),
                ("agreement", "Agreement"),
            ):
                with TabPane(title, id=f"tab-{key}"), ReportBody(id=f"body-{key}"):
                    yield Static(self.render_report(key), id=f"report-{key}")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.focus_report()

    @on(TabbedContent.TabActivated)
    def focus_report(self) -> None:
        """The report in front takes the keys: page down scrolls it at once."""
        active = self.query_one(TabbedContent).active or "tab-frequencies"
        self.query_one(f"#body-{active.removeprefix('tab-')}", ReportBody).focus()

    def action_next_report(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        current = (tabs.active or "tab-frequencies").removeprefix("tab-")
        key = self.REPORTS[(self.REPORTS.index(current) + step) % len(self.REPORTS)]
        tabs.active = f"tab-{key}"
        self.focus_report()

    # --- from a cell to its passages ------------------------------------------------------

    def action_drill(self) -> None:
        """Choose a cell of the report in front; its passages open on the passages screen."""
        from tui.dialogs.prompts import Choice

        tabs = self.query_one(TabbedContent)
        current = (tabs.active or "tab-frequencies").removeprefix("tab-")
        cells = self.cells(current)
        if not cells:
            self.notify("Nothing to list here: no coded passages in this report.")
            return
        by_id = {str(i): cell for i, cell in enumerate(cells)}

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.show_passages(by_id[choice])

        choices = [(i, cell.label) for i, cell in by_id.items()]
        self.app.push_screen(Choice("Passages of…", choices), chosen)

    def cells(self, report: str) -> list[reports.Cell]:
        """The figures of a report that count passages, each with the passages it counts."""
        from annotations.analysis.timeline import period_of

        codes = self.session.store.codebook.codes
        shown = placed(self.session.current_annotations())
        if report == "frequencies":
            return reports.frequency_cells(codes, shown, self.titles())
        if report == "cooccurrence":
            return reports.cooccurrence_cells(codes, shown)
        if report == "timeline":
            documents = self.session.documents
            periods = {
                d: period_of(documents[d], self.by)
                for d in {a.document for a in shown}
                if d in documents
            }
            return reports.timeline_cells(codes, shown, periods)
        return reports.document_cells(shown, self.titles())

    def titles(self) -> dict[str, str]:
        return {doc_id: doc.title for doc_id, doc in self.session.documents.items()}

    def show_passages(self, cell: reports.Cell) -> None:
        from tui.screens.passages import PassagesScreen

        self.app.push_screen(
            PassagesScreen(
                self.session, cell.code, document=cell.document, only=cell.only, about=cell.label
            )
        )

    def render_report(self, key: str) -> RenderableType:
        store = self.session.store
        codes = store.codebook.codes
        annotations = self.annotations = self.session.current_annotations()
        if key == "frequencies":
            return frequencies_view(reports.frequencies(self.corpus(), codes, annotations), codes)
        if key == "cooccurrence":
            return cooccurrence_view(reports.cooccurrence(codes, annotations))
        if key == "timeline":
            return timeline_view(reports.timeline(self.corpus(), codes, annotations, self.by))
        return self.agreement(annotations)

    def agreement(self, annotations: list[Annotation]) -> RenderableType:
        """Agreement for each pair of coders who coded in this store (and with a colleague's
        store or export, when one was chosen with ``o``)."""
        from rich.console import Group

        coders = sorted({a.coder for a in annotations if a.coder})
        views: list[RenderableType] = [] if self.compared is None else [self.compared]
        if len(coders) < 2:
            if views:  # the comparison chosen is the agreement to show
                return Group(*views)
            views.append(
                Text(
                    "Agreement between coders of this store needs two of them. Press o to "
                    "compare with a colleague's store folder or export file, code with "
                    "--coder NAME, or run: casereader agree STORE_A STORE_B"
                )
            )
            return Group(*views)
        return Group(*views, *self.between_coders(annotations, coders))

    def between_coders(
        self, annotations: list[Annotation], coders: list[str]
    ) -> list[RenderableType]:
        """Agreement of each pair of this store's coders, over the documents they coded."""
        lengths = self.lengths({a.document for a in annotations})
        codes = self.session.store.codebook.codes
        titles = {d: self.session.documents[d].title for d in lengths}
        shown = placed(annotations)
        views: list[RenderableType] = []
        for first, second in combinations(coders, 2):
            result = reports.agreement(
                lengths,
                codes,
                [a for a in shown if a.coder == first],
                [a for a in shown if a.coder == second],
                labels=(first, second),
            )
            views.append(agreement_view(result, titles))
        return views

    def lengths(self, documents: set[str]) -> dict[str, int]:
        """Text lengths of the documents of this corpus among ``documents``."""
        found = {}
        for doc_id in documents:
            document = self.session.documents.get(doc_id)
            if document is not None:
                found[doc_id] = len(document.text)
        return found

    def action_compare(self) -> None:
        from tui.dialogs.prompts import TextPrompt

        def chosen(path: str | None) -> None:
            if path and path.strip():
                self.notify("comparing…", timeout=2)
                self.compare_with(Path(path.strip()).expanduser(), self.comparison_basis())

        self.app.push_screen(
            TextPrompt(
                "Compare with a colleague's store folder or export file (.json, .qdpx)",
                placeholder="path",
            ),
            chosen,
        )

    def comparison_basis(self) -> Basis:
        """What a comparison reads of this session, taken on the app's thread (the store's)
        before the worker starts: the worker touches neither the store nor the session."""
        store = self.session.store
        mine = [a for a in placed(self.annotations) if a.coder == self.session.coder]
        return Basis(
            mine=mine or placed(self.annotations),
            label=f"this store ({self.session.coder})" if mine else "this store",
            codes=list(store.codebook.codes),
            location=store.location,
            documents=dict(self.session.documents),
        )

    @work(thread=True, exclusive=True, group="compare")
    def compare_with(self, path: Path, basis: Basis) -> None:
        """Agreement between this store's coding and another's, over this corpus's texts.

        Here: the annotations of this session's coder, or all of the store's when that coder
        has none. There: everything in the store or file. Read in a thread (a project file
        can be large), from the snapshot ``basis``.
        """
        try:
            result, shared = compare(path, basis)
        except (CasereaderError, OSError) as error:
            self.app.call_from_thread(
                self.notify, visible(str(error)), severity="error", markup=False
            )
            return
        documents = basis.documents
        titles = {doc_id: documents[doc_id].title for doc_id in shared if doc_id in documents}
        self.app.call_from_thread(self.show_comparison, agreement_view(result, titles), result)

    def show_comparison(self, view: RenderableType, result: reports.Agreement) -> None:
        self.compared = view
        self.query_one("#report-agreement", Static).update(self.render_report("agreement"))
        self.query_one(TabbedContent).active = "tab-agreement"
        if not result.documents:
            self.notify("No document was coded in both.", severity="warning")

    def action_toggle_period(self) -> None:
        self.by = "year" if self.by == "month" else "month"
        self.query_one("#report-timeline", Static).update(self.render_report("timeline"))

    def action_back(self) -> None:
        self.app.pop_screen()
