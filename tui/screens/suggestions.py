"""Suggestions: sentences that match a code's keywords, each accepted or rejected by the user.

Nothing is coded without the user: ``a`` (or enter) accepts a sentence as a passage with the
code, ``d`` rejects it for this session, ``o`` opens it in the document, ``k`` edits the
code's keywords (kept in the codebook).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from annotations import suggest as reports
from annotations.anchoring import placed
from annotations.corpus import Corpus
from annotations.errors import CasereaderError
from annotations.model import Annotation, Code
from annotations.suggest import Suggestion
from tui.coding_app import CodingApp
from tui.dialogs.prompts import TextPrompt
from tui.formatting import one_line, visible
from tui.messages import OpenDocument
from tui.session import Session
from tui.widgets.entry_list import EntryList
from tui.widgets.status import framed

LIMIT = 500


def _pattern(keyword: str) -> re.Pattern[str] | None:
    try:
        return reports.keyword_pattern(keyword)
    except CasereaderError:
        return None


class SuggestionsScreen(Screen[None]):
    """Candidate sentences for one code, found in a worker across the corpus."""

    app = getters.app(CodingApp)

    BINDINGS = [
        Binding("escape", "back", "Back", id="suggest.back"),
        Binding("a", "accept", "Accept", id="suggest.accept"),
        Binding("d", "reject", "Reject", id="suggest.reject"),
        Binding("o", "open", "Open", id="suggest.open"),
        Binding("k", "keywords", "Keywords", id="suggest.keywords"),
    ]

    def __init__(self, session: Session, code_id: str) -> None:
        super().__init__()
        self.session = session
        self.code_id = code_id
        self.found: dict[str, Suggestion] = {}

    def compose(self) -> ComposeResult:
        yield from framed(
            self.session.read_only_reason,
            Static(id="suggest-title"),
            EntryList(self.entry, height=3, empty="Searching…", id="suggestions"),
        )

    def on_mount(self) -> None:
        self.query_one("#suggestions", EntryList).focus()
        self.search()

    def code(self) -> Code | None:
        return self.session.store.codebook.get(self.code_id)

    def search(self) -> None:
        code = self.code()
        if code is None:
            self.app.pop_screen()
            return
        title = Text()
        title.append("■ ", style=code.colour)
        keywords = ", ".join(reports.keywords_for(code))
        title.append(f"Suggestions for {visible(code.name)}", style="bold")
        title.append(f"  keywords: {visible(keywords)} (k to edit) · searching…", style="dim")
        self.query_one("#suggest-title", Static).update(title)
        entries = self.query_one("#suggestions", EntryList)
        entries.empty = "Searching…"
        entries.set_entries([])
        # Everything the worker reads is taken here, on the app's thread (the store's): the
        # screen may code a passage while the worker runs, and the loader may add documents.
        annotations = placed(self.session.current_annotations(code.id))
        session = self.session
        corpus = session.corpus or Corpus(session.root, list(session.documents.values()), [])
        self.find(corpus, code.id, reports.keywords_for(code), annotations)

    @work(thread=True, exclusive=True, group="suggest")
    def find(
        self,
        corpus: Corpus,
        code_id: str,
        keywords: tuple[str, ...],
        annotations: list[Annotation],
    ) -> None:
        """Suggestions for one code, from a snapshot of the corpus and its coded passages
        (it touches neither the session nor the store)."""
        try:
            found = reports.suggest(corpus, code_id, list(keywords), annotations, LIMIT)
        except CasereaderError as error:  # a bad pattern is one clear message
            self.app.call_from_thread(
                self.notify, visible(str(error)), severity="error", markup=False
            )
            found = []
        self.app.call_from_thread(self.show, found)

    def key(self, suggestion: Suggestion) -> str:
        return f"{suggestion.document}:{suggestion.start}:{suggestion.end}"

    def show(self, found: list[Suggestion]) -> None:
        rejected = self.session.rejected_suggestions
        self.found = {}
        for suggestion in found:
            key = self.key(suggestion)
            if (self.code_id, key) not in rejected:
                self.found[key] = suggestion
        entries = self.query_one("#suggestions", EntryList)
        entries.empty = "No uncoded sentence matches these keywords."
        entries.set_entries(list(self.found))
        entries.redraw()
        self.show_title()

    def show_title(self) -> None:
        title = self.query_one("#suggest-title", Static)
        code = self.code()
        if code is not None:
            text = Text()
            text.append("■ ", style=code.colour)
            text.append(f"{len(self.found)} suggestion(s) for {visible(code.name)}", style="bold")
            text.append("  a accept · d reject · o open · k keywords", style="dim")
            title.update(text)

    def entry(self, key: str, width: int) -> list[Text]:
        suggestion = self.found[key]
        heading = Text()
        heading.append(visible(one_line(suggestion.title, 70)), style="bold")
        heading.append(f"  ({visible(', '.join(suggestion.keywords))})", style="dim")
        flat = visible(one_line(suggestion.text, 10_000))
        patterns = [p for p in map(_pattern, suggestion.keywords) if p is not None]
        first = min((found.start() for p in patterns if (found := p.search(flat))), default=0)
        if first > 40:  # start near the first match, so narrow screens still show it
            flat = "…" + flat[first - 30 :]
        sentence = Text("  " + one_line(flat, 300))
        for pattern in patterns:
            sentence.highlight_regex(pattern, "bold reverse")
        return [heading, sentence]

    def current(self) -> Suggestion | None:
        key = self.query_one("#suggestions", EntryList).highlighted
        return self.found.get(key) if key is not None else None

    def drop(self, suggestion: Suggestion) -> None:
        key = self.key(suggestion)
        self.query_one("#suggestions", EntryList).drop_entry(key)
        del self.found[key]
        self.show_title()

    @on(EntryList.Selected, "#suggestions")
    def action_accept(self) -> None:
        suggestion = self.current()
        document = self.session.documents.get(suggestion.document) if suggestion else None
        if suggestion is None or document is None:
            return
        coding = self.app.coding
        if self.app.perform(
            coding.accept, document, suggestion.start, suggestion.end, self.code_id
        ):
            self.drop(suggestion)

    def action_reject(self) -> None:
        suggestion = self.current()
        if suggestion is not None:
            self.session.rejected_suggestions.add((self.code_id, self.key(suggestion)))
            self.drop(suggestion)

    def action_open(self) -> None:
        suggestion = self.current()
        if suggestion is not None:
            self.post_message(OpenDocument(suggestion.document, suggestion.start))

    def action_keywords(self) -> None:
        code = self.code()
        if code is None:
            return

        def answered(value: str | None) -> None:
            if value is None:
                return
            words = [w.strip() for w in value.split(",")]
            self.app.perform(self.app.coding.set_keywords, code.id, words)
            self.search()

        self.app.push_screen(
            TextPrompt(
                f"Keywords for “{code.name}”, separated by commas. {reports.KEYWORD_RULE}",
                ", ".join(reports.keywords_for(code)),
            ),
            answered,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
