"""Every passage coded with each code, with its document's title and date."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..corpus import Corpus
from ..model import Annotation, Code
from .scope import report_codes


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


def coded_passages(
    corpus: Corpus | None,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    only: Collection[str] | None = None,
) -> list[CodePassages]:
    """Every passage of each code, by document date (undated last), document and position."""
    result: list[CodePassages] = []
    for code in report_codes(codes, annotations, only):
        passages = [passage(corpus, a) for a in annotations if code.id in a.codes]
        passages.sort(key=lambda p: (p.date is None, p.date or "", p.document, p.start, p.end))
        result.append(CodePassages(code, passages))
    return result


def passage(corpus: Corpus | None, annotation: Annotation) -> Passage:
    """An annotation as a report lists it: its document's title and dateline date beside it."""
    document = corpus.get(annotation.document) if corpus is not None else None
    dateline = document.dateline if document is not None else None
    return Passage(
        annotation.document,
        document.title if document is not None else annotation.document,
        dateline.date.isoformat() if dateline else None,
        annotation.start,
        annotation.end,
        annotation.exact,
        annotation.note,
        annotation.coder,
    )
