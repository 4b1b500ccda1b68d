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


@dataclass
class OpenDocument(Message):
    """Open a document in the reader (at an offset, with an annotation picked in its panel)."""

    document: str
    offset: int | None = None
    annotation: str | None = None


@dataclass
class ShowPassages(Message):
    """Show every passage with a code across the corpus (None: choose the code first)."""

    code: str | None = None
