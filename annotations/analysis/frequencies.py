"""How often each code is used: passages, documents and characters, overall and per document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..corpus import Corpus
from ..model import Annotation, Code
from ..segments import covered_characters
from .scope import by_document, carries_any, document_title, report_codes, spans_with


@dataclass(frozen=True)
class CodeCount:
    code: str
    name: str
    passages: int
    documents: int
    characters: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DocumentCounts:
    document: str
    title: str
    passages: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Frequencies:
    """How often each code is used, overall and per document."""

    overall: list[CodeCount]
    per_document: list[DocumentCounts]
    passages: int

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "frequencies",
            "unit": "passages (annotations); characters are the union of a code's passages",
            "passages": self.passages,
            "codes": [row.to_json() for row in self.overall],
            "documents": [row.to_json() for row in self.per_document],
        }


def frequencies(
    corpus: Corpus | None,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    only: Collection[str] | None = None,
) -> Frequencies:
    """Passages, documents and characters per code; passages per code per document."""
    chosen = report_codes(codes, annotations, only)
    grouped = by_document(annotations)
    overall = [code_count(code, grouped) for code in chosen]
    per_document = document_counts(corpus, grouped, [code.id for code in chosen])
    relevant = annotations if only is None else [a for a in annotations if carries_any(a, only)]
    return Frequencies(overall, per_document, len(relevant))


def code_count(code: Code, grouped: Mapping[str, Sequence[Annotation]]) -> CodeCount:
    """One code's passages, the documents they are in, and the characters they cover."""
    passages = documents = characters = 0
    for items in grouped.values():
        spans = spans_with(items, code.id)
        if spans:
            passages += len(spans)
            documents += 1
            characters += covered_characters(spans)
    return CodeCount(code.id, code.name, passages, documents, characters)


def document_counts(
    corpus: Corpus | None, grouped: Mapping[str, Sequence[Annotation]], ids: Sequence[str]
) -> list[DocumentCounts]:
    """Passages per code in each document that has any of the codes ``ids``, by document id."""
    rows = []
    for doc_id in sorted(grouped):
        counts = Counter(c for a in grouped[doc_id] for c in a.codes)
        row = {code_id: counts.get(code_id, 0) for code_id in ids}
        if any(row.values()):
            rows.append(DocumentCounts(doc_id, document_title(corpus, doc_id), row))
    return rows
