"""Reports in the app: frequencies, co-occurrence, timeline, and agreement between coders."""

from __future__ import annotations

from itertools import combinations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from annotations import reports
from annotations.corpus import Corpus
from tui.components.status import KeyFooter, StatusLine
from tui.report_views import agreement_view, cooccurrence_view, frequencies_view, timeline_view
from tui.session import Session


class ReportsScreen(Screen):
    """Each report in its own tab, computed from the store's index when the screen opens."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="reports.back"),
        Binding("y", "toggle_period", "Month/year", id="reports.toggle_period"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.by = "month"

    def corpus(self) -> Corpus:
        session = self.session
        return session.corpus or Corpus(session.root, list(session.documents.values()), [])

    def compose(self) -> ComposeResult:
        with TabbedContent(id="reports-body"):
            for key, title in (
                ("frequencies", "Frequencies"),
                ("cooccurrence", "Co-occurrence"),
                ("timeline", "Timeline"),
                ("agreement", "Agreement"),
            ):
                with TabPane(title, id=f"tab-{key}"), VerticalScroll():
                    yield Static(self.render_report(key), id=f"report-{key}")
        yield StatusLine(id="status")
        yield KeyFooter()

    def render_report(self, key: str) -> RenderableType:
        store = self.session.store
        codes = store.codebook.codes
        annotations = store.annotations()
        if key == "frequencies":
            return frequencies_view(reports.frequencies(self.corpus(), codes, annotations), codes)
        if key == "cooccurrence":
            return cooccurrence_view(reports.cooccurrence(codes, annotations))
        if key == "timeline":
            return timeline_view(reports.timeline(self.corpus(), codes, annotations, self.by))
        return self.agreement(annotations)

    def agreement(self, annotations) -> RenderableType:
        """Agreement for each pair of coders who coded in this store."""
        coders = sorted({a.coder for a in annotations if a.coder})
        if len(coders) < 2:
            return Text(
                "Agreement needs two coders. Code with --coder NAME, import a colleague's "
                "export, or run: casereader agree STORE_A STORE_B"
            )
        lengths = {d.id: len(d.text) for d in self.session.documents.values() if d.loaded}
        for annotation in annotations:
            document = self.session.documents.get(annotation.document)
            if document is not None and annotation.document not in lengths:
                lengths[annotation.document] = len(document.text)
        codes = self.session.store.codebook.codes
        views = []
        for first, second in combinations(coders, 2):
            result = reports.agreement(
                lengths,
                codes,
                [a for a in annotations if a.coder == first],
                [a for a in annotations if a.coder == second],
                labels=(first, second),
            )
            views.append(agreement_view(result))
        from rich.console import Group

        return Group(*views)

    def action_toggle_period(self) -> None:
        self.by = "year" if self.by == "month" else "month"
        self.query_one("#report-timeline", Static).update(self.render_report("timeline"))

    def action_back(self) -> None:
        self.app.pop_screen()
