"""Search the corpus: keyword-in-context lines with title and date; enter opens the match."""

from __future__ import annotations

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from annotations.corpus import Document
from annotations.errors import CasereaderError
from annotations.search import Hit, search_corpus
from tui.coding_app import CodingApp
from tui.formatting import one_line, short_dateline, visible
from tui.messages import OpenDocument
from tui.session import Session
from tui.widgets.entry_list import EntryList
from tui.widgets.status import framed

BATCH = 50
LIMIT = 5000


class SearchScreen(Screen[None]):
    """Hits stream in from a worker; typing a new query cancels the old search."""

    app = getters.app(CodingApp)

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "results", "Results", id="search.results"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.hits: dict[str, Hit] = {}

    def compose(self) -> ComposeResult:
        query = Input(
            placeholder='search the corpus: words, "a phrase", or re:pattern',
            id="query",
            select_on_focus=False,
        )
        hits = EntryList(self.entry, height=3, empty="Type words and press enter.", id="hits")
        # No read-only banner: a search writes nothing.
        yield from framed(None, query, Static(id="search-summary"), hits)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_key(self, event: Key) -> None:
        """Typing goes to the query even from the results: a letter here is never a command."""
        query = self.query_one("#query", Input)
        if query.has_focus or event.character is None or not event.character.isprintable():
            return
        event.stop()
        event.prevent_default()
        query.focus()
        query.insert_text_at_cursor(event.character)

    @on(Input.Submitted, "#query")
    def start(self, event: Input.Submitted) -> None:
        self.hits.clear()
        self.query_one("#hits", EntryList).set_entries([])
        self.query_one("#search-summary", Static).update(Text("searching…", style="dim"))
        # The documents as they are now, taken on the app's thread: a large corpus may still
        # be arriving, and the worker must not walk the dictionary the loader fills.
        documents = sorted(self.session.documents.values(), key=lambda d: d.id)
        self.run_search(event.value, documents)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, documents: list[Document]) -> None:
        worker = get_current_worker()
        batch: list[Hit] = []
        try:
            for hit in search_corpus(documents, query, limit=LIMIT):
                if worker.is_cancelled:
                    return
                batch.append(hit)
                if len(batch) >= BATCH:
                    self.app.call_from_thread(self.add_hits, batch)
                    batch = []
        except CasereaderError as error:
            self.app.call_from_thread(self.show_summary, str(error))
            return
        if batch:
            self.app.call_from_thread(self.add_hits, batch)
        self.app.call_from_thread(self.finish)

    def add_hits(self, hits: list[Hit]) -> None:
        if not self.is_attached:  # closed while the search ran: its results go nowhere
            return
        keys = []
        for hit in hits:
            key = f"{hit.document}:{hit.start}"
            self.hits[key] = hit
            keys.append(key)
        self.query_one("#hits", EntryList).add_entries(keys)

    def entry(self, key: str, width: int) -> list[Text]:
        """The match in its context, then the document's title and dateline."""
        hit = self.hits[key]
        document = self.session.documents.get(hit.document)
        context = Text()
        context.append("…" + visible(hit.before[-40:]))
        context.append(visible(hit.match), style="bold reverse")
        context.append(visible(hit.after[:40]) + "…")
        source = Text("   ")
        source.append(visible(one_line(document.title if document else hit.document, 70)), "dim")
        source.append("  ")
        source.append_text(short_dateline(document.dateline if document else None))
        return [context, source]

    def finish(self) -> None:
        count = len(self.hits)
        files = len({hit.document for hit in self.hits.values()})
        summary = f"{count} match{'es' if count != 1 else ''} in {files} document(s)"
        if count >= LIMIT:
            summary = f"the first {LIMIT} matches, in {files} document(s): the search stops there"
        self.show_summary(summary + " · down or tab to the results, enter opens, type to refine")

    def show_summary(self, message: str) -> None:
        if self.is_attached:  # closed while the search ran: nothing to say
            self.query_one("#search-summary", Static).update(Text(visible(message)))

    @on(EntryList.Selected, "#hits")
    def open_hit(self, event: EntryList.Selected) -> None:
        hit = self.hits.get(event.key)
        if hit is not None:
            self.post_message(OpenDocument(hit.document, hit.start))

    def action_results(self) -> None:
        hits = self.query_one("#hits", EntryList)
        if hits.keys:
            hits.focus()

    def action_back(self) -> None:
        self.app.pop_screen()
