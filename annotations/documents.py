"""A document of a corpus, and the corpus as a list of them: the values the rest works on.

A ``Document`` is made from the head of its file (title and dateline come from there; the
full text is read when it is opened, ``Document.text``), from a listing cache entry, or from a
text in memory. ``Corpus`` holds the documents sorted by id and the files left out, each with
its reason (``Skipped``). Finding and listing the files is ``annotations.corpus``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dateline import Dateline, Mentioned, ZoneChoice, read_dateline
from .decoding import (
    Decoded,
    UndecodableError,
    decode,
    document_id,
    normalise_newlines,
    path_text,
)
from .errors import CorpusError
from .safety import IrregularFileError, read_regular_file
from .titles import find_title

if TYPE_CHECKING:
    from .formats import Extraction
    from .formats.origin import Origin, TextPlace

HEAD_BYTES = 16 * 1024
"""Bytes read from each file when listing; smaller files are read whole."""


Zones = str | ZoneChoice
"""A default zone name, or a ZoneChoice that also carries the corpus's zone setting."""


class Document:
    """One text of the corpus. ``text`` is read lazily and cached.

    A document read from another format (PDF, Word, HTML, email...) has an ``origin`` saying
    what made its text; its text is the extraction's, from the text cache ``texts`` (or
    extracted again in a worker process when the cache has lost it).
    """

    __slots__ = (
        "_dateline",
        "_head",
        "_mentioned",
        "_notes",
        "_origin",
        "_origin_json",
        "_sha256",
        "_text",
        "_title",
        "id",
        "path",
        "texts",
    )

    def __init__(self, doc_id: str, path: Path | None, head: str, notes: Iterable[str] = ()):
        self.id = doc_id
        self.path = path
        self._head = head
        self._text: str | None = None
        self._sha256: str | None = None
        self._notes = list(notes)
        self._dateline: Dateline | None = None
        self._mentioned: Mentioned | None = None
        self._title: str | None = None
        self._origin: Origin | None = None
        self._origin_json: dict[str, Any] | None = None
        self.texts: TextPlace | None = None

    @classmethod
    def listed(
        cls,
        doc_id: str,
        path: Path,
        title: str,
        dateline: Dateline | None,
        notes: Iterable[str] = (),
        mentioned: Mentioned | None = None,
        origin: Origin | dict[str, Any] | None = None,
        texts: TextPlace | None = None,
    ) -> Document:
        """A document known from the listing cache: nothing read until it is opened (its
        origin may be given as its JSON, read when first wanted: reopening stays quick)."""
        doc = cls(doc_id, path, "", notes)
        doc._title = title
        doc._dateline = dateline
        doc._mentioned = mentioned
        if isinstance(origin, dict):
            doc._origin_json = origin
        else:
            doc._origin = origin
        doc.texts = texts
        return doc

    @classmethod
    def extracted(
        cls,
        doc_id: str,
        path: Path,
        extraction: Extraction,
        default_zone: Zones,
        texts: TextPlace | None = None,
    ) -> Document:
        """A document whose text was extracted from another format, analysed from its head
        and the file's own dates. A long text is not kept: it is read again from the text
        cache when the document is opened."""
        from .formats.origin import Origin

        text = extraction.text
        doc = cls(doc_id, path, text[:HEAD_BYTES], extraction.notes)
        doc._origin = Origin.of(extraction)
        doc.texts = texts
        if len(text) <= HEAD_BYTES:
            doc._text = text
        doc.analyse(default_zone)
        if extraction.title and not doc._title_found:
            doc._title = extraction.title.strip() or doc._title
        return doc

    @classmethod
    def from_text(cls, doc_id: str, text: str, default_zone: Zones = "Europe/London") -> Document:
        """A document held in memory (imports, tests)."""
        doc = cls(doc_id, None, normalise_newlines(text))
        doc._text = doc._head
        doc.analyse(default_zone)
        return doc

    def analyse(self, default_zone: Zones) -> None:
        reading = read_dateline(self._head, default_zone)
        if self.origin is not None and self.origin.dates:
            from .formats.evidence import with_metadata

            reading = with_metadata(reading, self.origin.dates, default_zone)
        self._dateline, self._mentioned = reading.dateline, reading.mentioned
        found = find_title(self._head, _written_in_text(self._dateline))
        self._title = found or self._fallback_title()

    @property
    def _title_found(self) -> bool:
        return self._title is not None and self._title != self._fallback_title()

    def _fallback_title(self) -> str:
        name = Path(self.id).stem
        return re.sub(r"[_-]+", " ", name).strip() or self.id

    @property
    def origin(self) -> Origin | None:
        """What made the text of a document extracted from another format (None for text)."""
        if self._origin_json is not None:
            from .formats.origin import Origin

            try:
                self._origin = Origin.from_json(self._origin_json)
            except ValueError:
                self._origin = None
            self._origin_json = None
        return self._origin

    @property
    def from_format(self) -> bool:
        """Whether the text comes from another format (PDF, Word...), without reading more."""
        return self._origin is not None or self._origin_json is not None

    @property
    def title(self) -> str:
        return self._title or self._fallback_title()

    def renamed(self, title: str) -> Document:
        """The same document under the title a coder gave it (a display title, kept in the
        store): its text, dateline and origin are this one's."""
        copy = Document.__new__(Document)
        for name in Document.__slots__:
            setattr(copy, name, getattr(self, name))
        copy._title = title
        return copy

    @property
    def dateline(self) -> Dateline | None:
        return self._dateline

    @property
    def mentioned(self) -> Mentioned | None:
        """A date the head only mentions (an event, a deadline), when it has no dateline."""
        return self._mentioned

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(self._notes)

    @property
    def loaded(self) -> bool:
        return self._text is not None

    @property
    def text(self) -> str:
        if self._text is None and self.from_format and self.path is not None:
            self._text = self._extracted_text(self.path)
        if self._text is None:
            self._text = self._decoded_text()
        return self._text

    def _decoded_text(self) -> str:
        """The text file read and decoded, what decoding noticed kept among the notes."""
        if self.path is None:
            raise CorpusError(f"{self.id}: document has no file")
        decoded = _decoded_file(self.path)
        self._add_notes(decoded.notes)
        return decoded.text

    def _add_notes(self, notes: Iterable[str]) -> None:
        for note in notes:
            if note not in self._notes:
                self._notes.append(note)

    def _extracted_text(self, path: Path) -> str:
        """The text of a PDF, Word, HTML... file: from the text cache, else extracted again."""
        from .formats import Extraction
        from .formats.origin import Origin, extract_one

        result = extract_one(path, self.texts)
        if not isinstance(result, Extraction):
            raise CorpusError(f"{path_text(path)}: {result.message}")
        self._origin, self._origin_json = Origin.of(result), None
        self._add_notes(result.notes)
        return result.text

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        return self._sha256

    def __repr__(self) -> str:
        return f"Document({self.id!r}, title={self.title!r})"


@dataclass(frozen=True)
class Skipped:
    """A file left out of the corpus, and why (one line)."""

    path: Path
    reason: str
    lasting: tuple[int, int, str] | None = None
    """For a file whose extraction failed in a way that will not change until the file or the
    extractor does (encrypted, no text layer, damaged, too large, too slow): its size,
    modification time and ``format:extractor version``, so the listing cache can remember
    the failure instead of extracting the file again at every opening."""

    @classmethod
    def unreadable(cls, path: Path, error: OSError) -> Skipped:
        """A file the system would not let us read (gone, no permission, ...)."""
        return cls(path, f"cannot read: {error.strerror or error}")


class Corpus:
    """The documents of a corpus, sorted by id, with the files that were left out and why."""

    def __init__(self, root: Path, documents: Sequence[Document], skipped: Sequence[Skipped]):
        self.root = root
        self.documents = sorted(documents, key=lambda d: d.id)
        self.skipped = list(skipped)
        self._by_id = {d.id: d for d in self.documents}

    def __getitem__(self, doc_id: str) -> Document:
        try:
            return self._by_id[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r} in the corpus at {self.root}") from None

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._by_id

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str) -> Document | None:
        return self._by_id.get(doc_id)

    def retitled(self, titles: Mapping[str, str]) -> Corpus:
        """This corpus with the display titles coders gave documents (``store.display_titles``)
        in place of their own, for what is shown and exported; itself when there are none."""
        if not any(doc_id in self._by_id for doc_id in titles):
            return self
        documents = [d.renamed(titles[d.id]) if titles.get(d.id) else d for d in self.documents]
        return Corpus(self.root, documents, self.skipped)


def _decoded_file(path: Path) -> Decoded:
    """A text file's bytes decoded; CorpusError (one line) if it cannot be read or is not
    text."""
    try:
        data = read_regular_file(path)
    except IrregularFileError as error:
        raise CorpusError(f"{path_text(path)}: {error.reason}") from None
    except OSError as error:
        raise CorpusError(f"{path_text(path)}: cannot read: {error.strerror}") from None
    try:
        return decode(data)
    except UndecodableError as error:
        raise CorpusError(f"{path_text(path)}: {error}") from None


def read_head(path: Path) -> tuple[str, tuple[str, ...], bool]:
    """Decode the head of a file: (text, notes, whole file read). Only a regular file is
    read (IrregularFileError otherwise)."""
    data = read_regular_file(path, limit=HEAD_BYTES + 1)
    whole = len(data) <= HEAD_BYTES
    decoded = decode(data if whole else data[:HEAD_BYTES], final=whole)
    return decoded.text, decoded.notes, whole


def load_document(path: Path, root: Path, default_zone: Zones = "Europe/London") -> Document:
    """Read one document's head and analyse it; raises UndecodableError or OSError.

    The listing cache is consulted and filled by ``list_documents``, the one way in for many.
    """
    head, notes, whole = read_head(path)
    doc = Document(document_id(path, root), path, head, notes)
    if whole:
        doc._text = head
    doc.analyse(default_zone)
    return doc


def _written_in_text(dateline: Dateline | None) -> Dateline | None:
    """The dateline when the text writes it (not a file's metadata): the title is not it."""
    return dateline if dateline is not None and dateline.source == "text" else None
