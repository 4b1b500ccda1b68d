"""Coded passages: every passage with each code (the ``report passages`` listing), and the
passages screen's choice of passages (by code, coder and document) in the order asked for."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any, Literal

from ..corpus import Corpus, Document
from ..errors import CasereaderError
from ..model import Annotation, Code
from ..segments import paragraph_number_in, paragraph_starts
from .scope import report_codes

Order = Literal["document", "dateline", "coded"]
ORDERS: tuple[Order, ...] = ("document", "dateline", "coded")
"""Document order (document, then place in it); the documents' dateline dates (undated last);
when the passage was coded or last changed (newest first)."""


@dataclass(frozen=True)
class Passage:
    document: str
    title: str
    date: str | None
    start: int
    end: int
    text: str
    note: str
    coder: str | None
    paragraph: int | None = None
    """1-based paragraph number of the passage's start (for citing "document, ¶ 12"); None
    when the document's text cannot be read now."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CodePassages:
    code: Code
    passages: list[Passage]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code.id,
            "name": self.code.name,
            "passages": [p.to_json() for p in self.passages],
        }


@dataclass(frozen=True)
class PassageFilter:
    """Which passages the passages screen shows: None means every code, coder or document."""

    code: str | None = None
    coder: str | None = None
    document: str | None = None
    order: Order = "document"
    only: frozenset[str] | None = None
    """The passages a report's figure counts (its drill-down), when that is not a filter."""

    def keeps(self, annotation: Annotation) -> bool:
        return (
            (self.only is None or annotation.id in self.only)
            and (self.code is None or self.code in annotation.codes)
            and _any_or(self.coder, annotation.coder)
            and _any_or(self.document, annotation.document)
        )


def _any_or(wanted: str | None, value: str | None) -> bool:
    """Whether a filter's ``wanted`` value (None: any) keeps ``value``."""
    return wanted is None or value == wanted


def chosen_passages(
    annotations: Sequence[Annotation],
    wanted: PassageFilter,
    dates: Mapping[str, str | None] | None = None,
) -> list[Annotation]:
    """The annotations ``wanted`` keeps, in its order. ``dates``: each document's dateline date
    (ISO), for the dateline order; a document not in it counts as undated."""
    kept = [a for a in annotations if wanted.keeps(a)]
    if wanted.order == "coded":
        return sorted(kept, key=_coded_order, reverse=True)
    if wanted.order == "dateline":
        return sorted(kept, key=partial(_dateline_order, dates or {}))
    return sorted(kept, key=_document_order)


def _coded_order(annotation: Annotation) -> tuple[str, str]:
    """When the passage was coded or last changed (sorted newest first)."""
    return (annotation.updated or annotation.created, annotation.id)


def _dateline_order(
    dates: Mapping[str, str | None], annotation: Annotation
) -> tuple[bool, str, str, int, int]:
    """The document's dateline date (undated last), then document order."""
    date = dates.get(annotation.document)
    return (date is None, date or "", annotation.document, annotation.start, annotation.end)


def _document_order(annotation: Annotation) -> tuple[str, int, int, str]:
    return (annotation.document, annotation.start, annotation.end, annotation.id)


def coded_passages(
    corpus: Corpus | None,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    only: Collection[str] | None = None,
) -> list[CodePassages]:
    """Every passage of each code, by document date (undated last), document and position."""
    starts: dict[str, list[int] | None] = {}
    result: list[CodePassages] = []
    for code in report_codes(codes, annotations, only):
        passages = [passage(corpus, a, starts) for a in annotations if code.id in a.codes]
        passages.sort(key=lambda p: (p.date is None, p.date or "", p.document, p.start, p.end))
        result.append(CodePassages(code, passages))
    return result


def passage(
    corpus: Corpus | None,
    annotation: Annotation,
    starts: dict[str, list[int] | None] | None = None,
) -> Passage:
    """An annotation as a report lists it: its document's title, dateline date and the number
    of the paragraph it starts in beside it. ``starts`` caches paragraph starts by document."""
    document = corpus.get(annotation.document) if corpus is not None else None
    cache = starts if starts is not None else {}
    if annotation.document not in cache:
        cache[annotation.document] = _paragraph_starts(document)
    found = cache[annotation.document]
    return Passage(
        annotation.document,
        document.title if document is not None else annotation.document,
        _dateline_date(document),
        annotation.start,
        annotation.end,
        annotation.exact,
        annotation.note,
        annotation.coder,
        paragraph_number_in(found, annotation.start) if found is not None else None,
    )


def _paragraph_starts(document: Document | None) -> list[int] | None:
    """Where the document's paragraphs start, or None when the corpus lacks it or its text
    cannot be read now (the passage is still listed, unnumbered)."""
    if document is None:
        return None
    try:
        return paragraph_starts(document.text)
    except CasereaderError:
        return None


def _dateline_date(document: Document | None) -> str | None:
    """The document's dateline date (ISO), None when it has none or the corpus lacks it."""
    dateline = document.dateline if document is not None else None
    return dateline.date.isoformat() if dateline else None
