"""What every export holds: the documents in order, each with its annotations, and a codebook
that names every code an annotation uses.

Pure functions over a corpus, a list of codes and a list of annotations; no store needed.

Every passage is placed in the text the export names: one whose offsets no longer select its
quote in the document's current text (the file changed since it was coded, and the store
was not re-anchored) is re-anchored here, so an export never pairs a text's sha256 with
offsets into another text. Orphans (passages whose text is gone) stay orphans: the JSON export
keeps them without offsets, the other formats leave them out and say how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..codebook import complete_codebook as complete_codebook
from ..corpus import Corpus, Document
from ..dateline import Dateline
from ..model import Annotation, Code
from .model import Progress


@dataclass(frozen=True)
class ExportDocument:
    """A document as exports see it. ``text`` is None when the corpus no longer holds it."""

    id: str
    title: str
    text: str | None
    sha256: str | None
    dateline: Dateline | None
    path: Path | None
    annotations: tuple[Annotation, ...]

    @property
    def length(self) -> int | None:
        return None if self.text is None else len(self.text)


def annotation_order(annotation: Annotation) -> tuple[str, int, int, str]:
    """Reading order, with the id last so repeated exports list annotations identically."""
    return (annotation.document, annotation.start, annotation.end, annotation.id)


def export_documents(corpus: Corpus, annotations: Iterable[Annotation]) -> list[ExportDocument]:
    """Every document of the corpus, plus any document an annotation names that the corpus lacks.

    A missing document is kept (title = id, no text) rather than dropping its annotations:
    an export never loses work silently.
    """
    by_document: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        by_document[annotation.document].append(annotation)
    documents = [
        corpus_document(document, by_document.pop(document.id, ())) for document in corpus.documents
    ]
    documents += [missing_document(doc_id, items) for doc_id, items in by_document.items()]
    documents.sort(key=lambda d: d.id)
    return documents


def corpus_document(document: Document, annotations: Iterable[Annotation]) -> ExportDocument:
    """A document of the corpus, its passages placed in its current text, in reading order."""
    text = document.text
    placed = [placed_in(text, a) for a in annotations]
    return ExportDocument(
        id=document.id,
        title=document.title,
        text=text,
        sha256=document.sha256,
        dateline=document.dateline,
        path=document.path,
        annotations=tuple(sorted(placed, key=annotation_order)),
    )


def missing_document(doc_id: str, annotations: Iterable[Annotation]) -> ExportDocument:
    """A document the corpus no longer holds: named by its id, its passages as they were."""
    ordered = tuple(sorted(annotations, key=annotation_order))
    return ExportDocument(doc_id, doc_id, None, None, None, None, ordered)


def placed_in(text: str, annotation: Annotation) -> Annotation:
    """``annotation`` with offsets that select its quote in ``text``, re-anchored if they do
    not (it may become an orphan); orphans are left as they are."""
    if annotation.status == "orphan":
        return annotation
    if annotation.selects_quote_in(text):
        return annotation
    from ..anchoring import reanchor_annotation

    return reanchor_annotation(text, annotation)


def is_orphan(annotation: Annotation) -> bool:
    return annotation.status == "orphan"


def is_placeable(annotation: Annotation, document: ExportDocument) -> bool:
    """Whether a passage has a place in its document's current text (formats that carry the
    texts need one)."""
    text = document.text
    return (
        text is not None
        and annotation.status != "orphan"
        and 0 <= annotation.start <= annotation.end <= len(text)
    )


def without_orphans(documents: Iterable[ExportDocument]) -> list[ExportDocument]:
    """The documents with their orphans left out (formats that need offsets)."""
    return [
        replace(d, annotations=tuple(a for a in d.annotations if not is_orphan(a)))
        for d in documents
    ]


def code_names(codes: Iterable[Code]) -> dict[str, str]:
    return {code.id: code.name for code in codes}


def count_annotations(documents: Iterable[ExportDocument]) -> int:
    return sum(len(d.annotations) for d in documents)


def reporting(
    documents: Sequence[ExportDocument], progress: Progress | None
) -> Iterator[ExportDocument]:
    """The documents in turn; once each is written, ``progress(annotations done, total)``."""
    total, done = count_annotations(documents), 0
    for document in documents:
        yield document
        done += len(document.annotations)
        if progress is not None:
            progress(done, total)
