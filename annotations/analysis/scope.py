"""What a report covers: its codes, the annotations by document, and its one error type."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from ..codebook import complete_codebook
from ..corpus import Corpus
from ..errors import CasereaderError
from ..model import Annotation, Code


class ReportError(CasereaderError):
    """A report cannot be made from what was given (unknown code, bad pattern, ...)."""


def report_codes(
    codes: Sequence[Code], annotations: Iterable[Annotation], only: Collection[str] | None = None
) -> list[Code]:
    """The codes a report covers, in codebook order, plus codes annotations use but the
    codebook lacks (named by their id); ``only`` narrows them to some ids."""
    chosen = complete_codebook(codes, annotations)
    return chosen if only is None else [code for code in chosen if code.id in only]


def by_document(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    """Annotations grouped by their document's id, each group in the order given."""
    grouped: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        grouped[annotation.document].append(annotation)
    return grouped


def spans_with(annotations: Iterable[Annotation], code_id: str) -> list[tuple[int, int]]:
    """The spans of the passages carrying a code."""
    return [(a.start, a.end) for a in annotations if code_id in a.codes]


def carries_any(annotation: Annotation, code_ids: Collection[str]) -> bool:
    """Whether the annotation carries at least one of the codes."""
    return not set(annotation.codes).isdisjoint(code_ids)


def document_title(corpus: Corpus | None, doc_id: str) -> str:
    """A document's title, or its id where the corpus does not hold it."""
    document = corpus.get(doc_id) if corpus is not None else None
    return document.title if document is not None else doc_id
