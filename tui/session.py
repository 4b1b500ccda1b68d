"""What one run of the app works on: the corpus files, the store, the coder, the zone."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.corpus import (
    Corpus,
    Document,
    ListingCache,
    Skipped,
    Zones,
    list_documents,
    waits_for_extraction,
)
from annotations.drafts import Draft, drop_draft, keep_draft, read_drafts
from annotations.errors import CasereaderError
from annotations.model import Annotation
from annotations.safety import read_regular_file
from annotations.store import AnnotationStore
from tui.settings import Settings

STATE_FILE = "reader-state.json"
LISTING_CACHE = "listing-cache.json"
BATCH_SECONDS = 0.05
QUICK_LISTING = 100
"""Corpora up to this many files, none of them to extract first, are listed before the first
frame (one layout, and a folder with nothing readable is one line); others in a worker."""
"""How often a corpus being read hands over the documents read so far."""


def document_batches(
    items: Iterable[Document | Skipped], total: int, skipped: list[str], root: Path | None = None
) -> Iterator[tuple[list[Document], int]]:
    """The documents among ``items`` in batches, one every ``BATCH_SECONDS`` or so and one at
    the end, each with how many of the ``total`` items were read by then; the files that could
    not be listed go into ``skipped`` (path in the corpus: reason)."""
    batch: list[Document] = []
    last = time.monotonic()
    for done, item in enumerate(items, 1):
        if isinstance(item, Document):
            batch.append(item)
        else:
            skipped.append(f"{shown_path(item.path, root)}: {item.reason}")
        if batch and (time.monotonic() - last > BATCH_SECONDS or done == total):
            yield batch, done
            batch, last = [], time.monotonic()
    if batch:
        yield batch, total


def shown_path(path: Path, root: Path | None) -> str:
    """A file named for the user: its path in the corpus (``set01/locked.pdf``: fifteen
    folders may each hold a ``locked.pdf``), else its name."""
    try:
        return path.relative_to(root).as_posix() if root is not None else path.name
    except ValueError:
        return path.name


@dataclass
class Session:
    """The corpus being read and the store its annotations go to."""

    root: Path
    files: list[Path]
    store: AnnotationStore
    coder: str
    zone: Zones = "Europe/London"
    bundled: bool = False
    read_only_reason: str | None = None
    documents: dict[str, Document] = field(default_factory=dict)
    corpus: Corpus | None = None
    skipped: list[str] = field(default_factory=list)
    keymap: dict[str, str] = field(default_factory=dict)
    rejected_suggestions: set[tuple[str, str]] = field(default_factory=set)
    state: ReaderState | None = None
    settings: Settings = field(default_factory=lambda: Settings(None))
    """The user's theme and panel choice (not saved unless launch gave it a file)."""

    last_viewed: str | None = None
    """The document most recently in front (back on the list, the cursor goes to it)."""
    views: int = 0
    """How many times a document came to the front (the list sees whether one did)."""
    warned_keys: bool = False
    """The reader has said which code keys are shadowed by its own keys."""
    listed: bool = False
    """Every file has been read (or skipped): ``documents`` is the whole corpus."""
    _listing: ListingCache | None = field(default=None, init=False, repr=False)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def current_annotations(self, code: str | None = None) -> list[Annotation]:
        """The store's annotations (of one code) with offsets into the texts as they are now:
        documents changed since they were coded are re-anchored first (saved; in memory when
        read-only). Call it on the app's thread before handing offsets to a screen or a
        worker. A document that cannot be read now stays as it was."""
        annotated = {a.document for a in self.store.annotations(code=code)}
        for doc_id in sorted(annotated):
            document = self.documents.get(doc_id)
            if document is not None:
                with contextlib.suppress(CasereaderError):
                    self.store.reanchor(document)
        return self.store.annotations(code=code)

    def viewing(self, doc_id: str) -> None:
        """A document is in front: remembered for the list now, and for the next run."""
        self.last_viewed = doc_id
        self.views += 1
        if self.state is not None:
            self.state.viewing(doc_id)

    def note_draft(self, annotation: Annotation) -> NoteDraft | None:
        """Where the note editor keeps unsaved text of this annotation's note (not in a
        read-only store: nothing is written there)."""
        if self.store.read_only:
            return None
        return NoteDraft(self.store.location, annotation.id, annotation.document)

    def lists_quickly(self) -> bool:
        """Whether the corpus lists in a moment, before the first frame: up to
        ``QUICK_LISTING`` files, none of them waiting to be extracted (a PDF, Word... file the
        listing cache does not know as it is). A hundred new PDFs take seconds: they are
        listed in a worker, the list filling with its progress shown, not behind a blank
        terminal."""
        if len(self.files) > QUICK_LISTING:
            return False
        cache = self.listing_cache()
        return not any(waits_for_extraction(p, self.root, self.zone, cache) for p in self.files)

    def listing_cache(self) -> ListingCache:
        """The titles and datelines of files listed before, kept in the store folder (read
        once: asking whether the corpus lists quickly and then listing it share it)."""
        if self._listing is None:
            folder = self.store.location
            self._listing = ListingCache(folder / LISTING_CACHE if folder.is_dir() else None)
        return self._listing

    def read_corpus(
        self,
        batch_done: Callable[[list[Document], int, int], object] | None = None,
        all_done: Callable[[list[str]], object] | None = None,
    ) -> None:
        """Read each document's head (or its listing-cache entry) into ``documents``.

        ``batch_done(documents, done, total)`` is called every ``BATCH_SECONDS`` or so with
        the documents read since the last call (the caller keeps them: a worker thread hands
        them to the app's thread); ``all_done(skipped)`` once at the end. Without callbacks
        the documents go straight into ``documents`` (before the app runs).
        """
        total = len(self.files)
        documents: list[Document] = []
        skipped: list[str] = []
        store = self.store
        cache = self.listing_cache()
        listed = list_documents(self.files, self.root, self.zone, cache)
        for batch, done in document_batches(listed, total, skipped, self.root):
            documents.extend(batch)
            if batch_done is None:
                self.documents.update((document.id, document) for document in batch)
            else:
                batch_done(batch, done, total)
        self.corpus = Corpus(self.root, documents, [])
        if all_done is None:
            self.skipped = skipped
        else:
            all_done(skipped)
        self.listed = True
        if not store.read_only:
            cache.retain(document.id for document in documents)
            cache.save()


@dataclass(frozen=True)
class NoteDraft:
    """The draft of one annotation's note in the store folder (see ``annotations.drafts``)."""

    folder: Path
    annotation: str
    document: str

    def restore(self) -> Draft | None:
        return read_drafts(self.folder).get(self.annotation)

    def keep(self, text: str) -> None:
        keep_draft(self.folder, self.annotation, self.document, text)

    def drop(self) -> None:
        drop_draft(self.folder, self.annotation)


class ReaderState:
    """Where the reader left each document, and the last document viewed, kept in the store.

    Not annotation data: losing it costs a scroll position, so it is written plainly (atomic
    replace, no fsync) and never in read-only mode.
    """

    def __init__(self, folder: Path, writable: bool):
        self.path = folder / STATE_FILE
        self.writable = writable
        self.data: dict[str, Any] = {"last_document": None, "positions": {}}
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(read_regular_file(self.path, follow_symlinks=False))
            if isinstance(loaded, dict) and isinstance(loaded.get("positions"), dict):
                self.data = loaded

    @property
    def last_document(self) -> str | None:
        value = self.data.get("last_document")
        return value if isinstance(value, str) else None

    def position(self, doc_id: str) -> int:
        value = self.data["positions"].get(doc_id, 0)
        return value if isinstance(value, int) and value >= 0 else 0

    def viewing(self, doc_id: str) -> None:
        """The document now in front: the one to reopen next time."""
        if self.data.get("last_document") != doc_id:
            self.data["last_document"] = doc_id
            self.save()

    def remember(self, doc_id: str, offset: int) -> None:
        """Where the reader left a document (not which was last: that is the one in front)."""
        if self.data["positions"].get(doc_id) != offset:
            self.data["positions"][doc_id] = offset
            self.save()

    def save(self) -> None:
        if not self.writable:
            return
        try:
            fd, name = tempfile.mkstemp(prefix=".state-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle)
            os.replace(name, self.path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(name)
