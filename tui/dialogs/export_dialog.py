"""Export from the app: choose a format, which passages (a code, a coder, this document) and
a path; runs in a worker with a progress bar."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Select
from textual.worker import Worker, WorkerState

from annotations.corpus import Corpus, Document
from annotations.errors import CasereaderError
from annotations.interchange import FORMATS, ExportResult, Selection, export, request_for
from annotations.model import Annotation
from tui.dialogs.prompts import Choice, Dialog
from tui.formatting import one_line, visible
from tui.session import Session


class ExportDialog(Dialog[ExportResult | None]):
    """Refuses to overwrite without asking; a failed export leaves no half file."""

    CSS_PATH = Path(__file__).with_name("export_dialog.tcss")

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    EVERY = object()
    """The filter value that keeps everything: no code id, coder or document id can equal it."""

    def __init__(self, session: Session, document: Document | None = None) -> None:
        super().__init__()
        self.session = session
        self.document = document
        """The document being read when the dialog opened, offered as a filter."""
        self.running = False

    def compose(self) -> ComposeResult:
        # One row per field, so the dialog fits 80x24; Tab goes in this order: the file, its
        # format, which passages, Export, Cancel.
        with Vertical(classes="dialog wide", id="export"):
            yield Label(Text("Export annotations"), classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(str(self.default_path("json")), id="path", compact=True)
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                yield Select(
                    [(f"{f.label} ({f.suffix})", f.name) for f in FORMATS.values()],
                    value="json",
                    allow_blank=False,
                    id="format",
                    compact=True,
                )
            store = self.session.store
            with Horizontal(classes="field", id="export-filters"):
                yield Label("Only", classes="field-label")
                # Text, not str: names and titles are data, never markup.
                codes = [(Text(visible(c.name)), c.id) for c in store.codebook.codes]
                yield Select(
                    [("every code", self.EVERY), *codes],
                    value=self.EVERY,
                    allow_blank=False,
                    id="only-code",
                    compact=True,
                )
                coders = sorted({a.coder or "" for a in store.annotations()})
                yield Select(
                    [
                        ("every coder", self.EVERY),
                        *((Text(visible(c) or "(none)"), c) for c in coders),
                    ],
                    value=self.EVERY,
                    allow_blank=False,
                    id="only-coder",
                    compact=True,
                )
                documents: list[tuple[str | Text, object]] = [("every document", self.EVERY)]
                if self.document is not None:
                    title = one_line(visible(self.document.title), 40)
                    documents.append((Text(f"this document: {title}"), self.document.id))
                yield Select(
                    documents, value=self.EVERY, allow_blank=False, id="only-document", compact=True
                )
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Label("Enter in the file name exports.", id="export-message")
            with Horizontal(classes="buttons"):
                yield Button("Export", id="go", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        # (queries, not query_one: a dialog opened while the app quits is never composed)
        for bar in self.query("#export-progress").results(ProgressBar):
            bar.display = False
        for box in self.query("#path").results(Input):
            box.focus()

    def default_path(self, format_name: str, document: str | None = None) -> Path:
        """``<corpus>-annotations.<suffix>`` in the current folder, or ``<document>-…`` when
        only one document is exported."""
        if document is not None:
            name = Path(document).stem
        else:
            name = "casereader-seeds" if self.session.bundled else self.session.root.name
        return Path.cwd() / f"{name}-annotations{FORMATS[format_name].suffix}"

    @on(Select.Changed, "#only-document")
    def document_changed(self, event: Select.Changed) -> None:
        """The suggested file name follows the choice, unless the user typed their own."""
        box = self.query_one("#path", Input)
        format_name = str(self.query_one("#format", Select).value)
        suggested = {
            str(self.default_path(format_name, doc))
            for doc in (None, self.document.id if self.document else None)
        }
        if box.value in suggested:
            chosen = None if event.value is self.EVERY else str(event.value)
            box.value = str(self.default_path(format_name, chosen))

    @on(Select.Changed, "#format")
    def format_changed(self, event: Select.Changed) -> None:
        box = self.query_one("#path", Input)
        suffix = FORMATS[str(event.value)].suffix
        if box.value:
            box.value = str(Path(box.value).with_suffix(suffix))
        else:
            box.value = str(self.default_path(str(event.value)))

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#go")
    def start(self) -> None:
        if self.running:
            return
        target = Path(self.query_one("#path", Input).value).expanduser()
        if target.exists() and not target.is_dir():

            def answered(choice: str | None) -> None:
                if choice == "replace":
                    self.run_export(target, force=True)
                else:
                    self.say(f"not exported: {target} is kept as it was")

            self.app.push_screen(
                Choice(f"{target} exists.", [("replace", "Replace it"), ("keep", "Keep it")]),
                answered,
            )
            return
        self.run_export(target, force=False)

    def run_export(self, target: Path, force: bool) -> None:
        self.running = True
        self.say(f"exporting to {target}…")
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        # Placed in the current texts here, on the store's thread; the worker only writes.
        annotations = self.session.current_annotations()
        titles = self.session.store.display_titles()
        self.export_worker(
            str(self.query_one("#format", Select).value),
            target,
            force,
            self.filters(),
            annotations,
            titles,
        )

    def filters(self) -> dict[str, list[str] | None]:
        """The chosen code, coder and document, each as a one-item list, or None for all."""
        chosen: dict[str, list[str] | None] = {}
        for name in ("code", "coder", "document"):
            value = self.query_one(f"#only-{name}", Select).value
            chosen[name] = None if value == self.EVERY else [str(value)]
        return chosen

    @work(thread=True, exclusive=True, group="export")
    def export_worker(
        self,
        format_name: str,
        target: Path,
        force: bool,
        filters: dict[str, list[str] | None],
        annotations: list[Annotation],
        titles: dict[str, str],
    ) -> ExportResult | None:
        """The export, written whole or not at all; its result is shown once the worker has
        ended (``export_done``): closing the dialog from inside the worker would cancel it."""
        session = self.session
        store = session.store
        corpus = session.corpus or Corpus(session.root, list(session.documents.values()), [])
        corpus = corpus.retitled(titles)  # as the reader shows them

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.show_progress, done, total)

        try:
            selection = Selection(filters["code"], filters["coder"], filters["document"])
            request = request_for(
                corpus, store.codebook.codes, annotations, selection, progress=progress
            )
            result = export(format_name, request, target, force=force)
        except (CasereaderError, OSError) as error:
            self.app.call_from_thread(self.failed, str(error))
            return None
        except Exception as error:  # an export bug must not end the session
            self.app.call_from_thread(self.failed, f"export failed: {error!r}")
            return None
        return result

    @on(Worker.StateChanged)
    def export_done(self, event: Worker.StateChanged) -> None:
        result = event.worker.result if event.state == WorkerState.SUCCESS else None
        if event.worker.group == "export" and isinstance(result, ExportResult):
            self.finished(result)

    def show_progress(self, done: int, total: int) -> None:
        if self.is_attached:  # (a document opened over it closes the dialog; the export runs on)
            self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)

    def failed(self, message: str) -> None:
        self.running = False
        if self.is_attached:
            self.query_one("#export-progress", ProgressBar).display = False
            self.say(message)
        self.notify(visible(message), severity="error", markup=False)

    def finished(self, result: ExportResult) -> None:
        self.running = False
        message = (
            f"exported {result.annotations} annotation(s) on {result.documents} document(s) "
            f"to {result.path}"
        )
        for warning in result.warnings:
            self.notify(visible(warning), severity="warning", markup=False)
        self.notify(visible(message), markup=False)
        self.dismiss(result)

    def say(self, message: str) -> None:
        self.query_one("#export-message", Label).update(Text(visible(message)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close, saying so; not while the file is being written."""
        if self.running:
            self.say("exporting: the file is written whole or not at all, in a moment…")
            return
        self.dismiss(None)
        self.app.notify("export cancelled", timeout=3)  # on the screen the dialog leaves
