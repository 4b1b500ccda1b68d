"""Messages the reader's screens and workers post."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from annotations.corpus import Document


@dataclass
class DocumentsLoaded(Message):
    """A batch of documents read by the corpus loader (the list fills as they arrive)."""

    documents: list[Document]
    done: int
    total: int


@dataclass
class CorpusLoaded(Message):
    """The loader finished; skipped files are reported once."""

    skipped: list[str]


class StoreChanged(Message):
    """Undo or redo changed the store: the screen on top shows it again."""
