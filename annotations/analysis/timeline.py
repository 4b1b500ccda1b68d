"""Passages per code over time, by the local date of each document's dateline."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..corpus import Corpus, Document
from ..model import Annotation, Code
from .scope import ReportError, report_codes

UNDATED = "undated"


@dataclass(frozen=True)
class TimelineRow:
    period: str
    documents: int
    passages: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Timeline:
    by: str
    codes: list[Code]
    rows: list[TimelineRow]

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "timeline",
            "by": self.by,
            "unit": "passages per code by the local date of the document's dateline",
            "codes": [{"code": c.id, "name": c.name} for c in self.codes],
            "periods": [row.to_json() for row in self.rows],
        }


def period_of(document: Document, by: str) -> str:
    """A document's month (``YYYY-MM``) or year (``YYYY``), or ``undated``."""
    dateline = document.dateline
    if dateline is None:
        return UNDATED
    return dateline.date.strftime("%Y-%m" if by == "month" else "%Y")


def timeline(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    by: str = "month",
    only: Collection[str] | None = None,
) -> Timeline:
    """Passages per code per month (``YYYY-MM``) or year (``YYYY``), oldest first."""
    if by not in ("month", "year"):
        raise ReportError(f"timeline is by month or year, not {by!r}")
    chosen = report_codes(codes, annotations, only)
    periods = {document.id: period_of(document, by) for document in corpus}
    documents = Counter(periods.values())
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for annotation in annotations:
        counts[periods.get(annotation.document, UNDATED)].update(annotation.codes)
    order = sorted(set(documents) | set(counts), key=lambda p: (p == UNDATED, p))
    rows = [
        TimelineRow(period, documents[period], {c.id: counts[period][c.id] for c in chosen})
        for period in order
    ]
    return Timeline(by, chosen, rows)
