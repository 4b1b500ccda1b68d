"""Passages per code over time, by the local date of each document's dateline."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
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
    """Documents of the corpus dated in this period, coded or not."""
    passages: dict[str, int]
    coded_documents: int = 0
    """Documents of the period with at least one passage of the codes shown."""

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
            "axis": "every period from the first dated to the last, empty ones included",
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
    counts, coded = _per_period(annotations, periods, {code.id for code in chosen})
    order = even_axis(set(documents) | set(counts), by)
    rows = [
        TimelineRow(
            period,
            documents[period],
            {c.id: counts[period][c.id] for c in chosen},
            len(coded[period]),
        )
        for period in order
    ]
    return Timeline(by, chosen, rows)


def _per_period(
    annotations: Sequence[Annotation], periods: Mapping[str, str], wanted: set[str]
) -> tuple[dict[str, Counter[str]], dict[str, set[str]]]:
    """Each period's passages per code, and its documents with a passage of a wanted code."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    coded: dict[str, set[str]] = defaultdict(set)
    for annotation in annotations:
        period = periods.get(annotation.document, UNDATED)
        counts[period].update(annotation.codes)
        if wanted.intersection(annotation.codes):
            coded[period].add(annotation.document)
    return counts, coded


def even_axis(periods: Collection[str], by: str) -> list[str]:
    """Every month (or year) from the first period to the last, so an empty stretch shows as
    empty rows rather than vanishing; ``undated`` last when present."""
    dated = sorted(p for p in periods if p != UNDATED)
    axis = _every_period(dated[0], dated[-1], by) if dated else []
    return [*axis, UNDATED] if UNDATED in periods else axis


def _every_period(first: str, last: str, by: str) -> list[str]:
    """The years ``YYYY`` or months ``YYYY-MM`` from ``first`` to ``last``, both included."""
    if by == "year":
        return [f"{year:04d}" for year in range(int(first), int(last) + 1)]
    return [
        f"{n // 12:04d}-{n % 12 + 1:02d}"
        for n in range(_month_number(first), _month_number(last) + 1)
    ]


def _month_number(period: str) -> int:
    """``YYYY-MM`` as months since year 0, so that a run of months is a range."""
    year, month = map(int, period.split("-"))
    return year * 12 + month - 1
