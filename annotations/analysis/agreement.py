"""How far two coders agree, at the character level: percent agreement, Cohen's kappa and
Krippendorff's alpha (nominal), overall, per code and per document.

Each document both coders coded is cut where any passage starts or ends (``segments``); every
piece has the same codes throughout, so the characters in each (A's category, B's category)
cell come from piece lengths rather than a pass over every character.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Annotation, Code
from .scope import ReportError, by_document, report_codes

Table = Counter[tuple[Hashable, Hashable]]
"""Units (characters) by (coder A's category, coder B's category)."""

Segment = tuple[int, frozenset[str], frozenset[str]]
"""A piece of a document: its characters, A's codes on it and B's."""


@dataclass(frozen=True)
class Scores:
    """Agreement between two coders over ``units`` weighted units (here, characters)."""

    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "percent_agreement": _round(self.percent),
            "cohen_kappa": _round(self.kappa),
            "krippendorff_alpha": _round(self.alpha),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


@dataclass(frozen=True)
class DocumentAgreement:
    document: str
    overall: Scores
    codes: dict[str, Scores]

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "characters": self.overall.units,
            "overall": self.overall.to_json(),
            "codes": {code: scores.to_json() for code, scores in self.codes.items()},
        }


@dataclass(frozen=True)
class Agreement:
    """Agreement of two coders (A, B) at the character level."""

    codes: list[Code]
    documents: list[str]
    only_first: list[str]
    only_second: list[str]
    overall: Scores
    per_code: dict[str, Scores]
    per_document: list[DocumentAgreement]
    unit: str = "character"
    labels: tuple[str, str] = ("A", "B")
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "agreement",
            "unit": self.unit,
            "method": (
                "characters of the documents both coders coded; per code, coded or not "
                "(binary); overall, the set of codes on each character (nominal); Cohen's kappa "
                "and Krippendorff's alpha (nominal); null where undefined (no variation)"
            ),
            "coders": {"A": self.labels[0], "B": self.labels[1]},
            "documents": self.documents,
            "documents_only_A": self.only_first,
            "documents_only_B": self.only_second,
            "characters": self.overall.units,
            "overall": self.overall.to_json(),
            "codes": [
                {"code": c.id, "name": c.name, **self.per_code[c.id].to_json()} for c in self.codes
            ],
            "per_document": [row.to_json() for row in self.per_document],
            "notes": self.notes,
        }


def nominal_agreement(table: Mapping[tuple[Hashable, Hashable], int]) -> Scores:
    """Percent agreement, Cohen's kappa and Krippendorff's alpha (nominal) for two coders.

    ``table[(a, b)]`` is the number of units coder A put in category a and coder B in b. Kappa
    and alpha are None when undefined: every unit in one and the same category (no variation
    to agree on beyond chance).
    """
    units = sum(table.values())
    if units == 0:
        return Scores(0, None, None, None)
    agree = sum(w for (a, b), w in table.items() if a == b)
    first, second = _marginals(table)
    observed = agree / units
    expected = sum(first[c] * second[c] for c in first) / (units * units)
    kappa = (observed - expected) / (1 - expected) if expected < 1 else None
    return Scores(units, observed, kappa, _nominal_alpha(units, agree, first + second))


def _marginals(
    table: Mapping[tuple[Hashable, Hashable], int],
) -> tuple[Counter[Hashable], Counter[Hashable]]:
    """How many units each coder put in each category."""
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    for (a, b), w in table.items():
        first[a] += w
        second[b] += w
    return first, second


def _nominal_alpha(units: int, agree: int, values: Counter[Hashable]) -> float | None:
    """Krippendorff's alpha, nominal, for two coders: n = 2 * units pairable values and
    alpha = 1 - (n - 1) * D_o / D_e; None when every value is in one category."""
    n = 2 * units
    spread = n * n - sum(count * count for count in values.values())
    return 1 - (n - 1) * 2 * (units - agree) / spread if spread > 0 else None


def segments(
    length: int, first: Sequence[Annotation], second: Sequence[Annotation]
) -> list[Segment]:
    """The document cut where any passage starts or ends: (characters, A's codes, B's codes).

    Each segment has the same codes throughout, so character counts come from segment lengths
    rather than from a pass over every character.
    """
    cuts = {0, length}
    for annotation in (*first, *second):
        cuts.update((annotation.start, annotation.end))
    positions = sorted(cuts)
    active_a = _active_codes(positions, first)
    active_b = _active_codes(positions, second)
    return [
        (positions[i + 1] - positions[i], active_a[i], active_b[i])
        for i in range(len(positions) - 1)
        if positions[i + 1] > positions[i]
    ]


def _active_codes(positions: list[int], items: Sequence[Annotation]) -> list[frozenset[str]]:
    """For each segment starting at ``positions[i]``, the codes covering it."""
    opening: dict[int, list[str]] = defaultdict(list)
    closing: dict[int, list[str]] = defaultdict(list)
    for annotation in items:
        if annotation.end > annotation.start:
            opening[annotation.start].extend(annotation.codes)
            closing[annotation.end].extend(annotation.codes)
    live: Counter[str] = Counter()
    result: list[frozenset[str]] = []
    for position in positions:
        live.subtract(closing.get(position, ()))
        live.update(opening.get(position, ()))
        result.append(frozenset(code for code, count in live.items() if count > 0))
    return result


class _Tally:
    """Characters by (A's category, B's category): overall (the set of codes of the report
    on a character) and per code (coded or not)."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = ids
        self.wanted = frozenset(ids)
        self.overall: Table = Counter()
        self.per_code: dict[str, Table] = {code: Counter() for code in ids}

    def add(self, size: int, codes_a: frozenset[str], codes_b: frozenset[str]) -> None:
        self.overall[(codes_a & self.wanted, codes_b & self.wanted)] += size
        for code in self.ids:
            self.per_code[code][(code in codes_a, code in codes_b)] += size

    def update(self, other: _Tally) -> None:
        self.overall.update(other.overall)
        for code in self.ids:
            self.per_code[code].update(other.per_code[code])

    def code_scores(self) -> dict[str, Scores]:
        return {code: nominal_agreement(self.per_code[code]) for code in self.ids}


def agreement(
    lengths: Mapping[str, int],
    codes: Sequence[Code],
    first: Sequence[Annotation],
    second: Sequence[Annotation],
    only: Collection[str] | None = None,
    labels: tuple[str, str] = ("A", "B"),
) -> Agreement:
    """Character-level agreement of two coders' annotations over the documents both coded.

    ``lengths`` gives each document's length in characters (code points of the normalised
    text); a passage past a document's end means the coders saw different texts and is refused.
    """
    chosen = report_codes(codes, [*first, *second], only)
    ids = [code.id for code in chosen]
    by_first, by_second = by_document(first), by_document(second)
    shared = sorted(set(by_first) & set(by_second))
    total = _Tally(ids)
    rows: list[DocumentAgreement] = []
    for doc_id in shared:
        tally = _Tally(ids)
        length = checked_length(lengths, doc_id, (*by_first[doc_id], *by_second[doc_id]))
        for piece in segments(length, by_first[doc_id], by_second[doc_id]):
            tally.add(*piece)
        total.update(tally)
        rows.append(
            DocumentAgreement(doc_id, nominal_agreement(tally.overall), tally.code_scores())
        )
    return Agreement(
        codes=chosen,
        documents=shared,
        only_first=sorted(set(by_first) - set(by_second)),
        only_second=sorted(set(by_second) - set(by_first)),
        overall=nominal_agreement(total.overall),
        per_code=total.code_scores(),
        per_document=rows,
        labels=labels,
        notes=[] if shared else ["no document was coded by both coders"],
    )


def checked_length(lengths: Mapping[str, int], doc_id: str, items: Iterable[Annotation]) -> int:
    """A document's length, once every passage of it is known to fit inside it."""
    if doc_id not in lengths:
        raise ReportError(f"document {doc_id!r} is not in the corpus; give the corpus folder")
    length = lengths[doc_id]
    for annotation in items:
        if annotation.end > length:
            raise ReportError(
                f"a passage of {doc_id!r} ends at {annotation.end}, past its {length} "
                "characters: were both coders working on the same text?"
            )
    return length


def coder_names(annotations: Iterable[Annotation]) -> str:
    """The coder names recorded on some passages, sorted and joined by commas ('' if none)."""
    return ", ".join(sorted({a.coder for a in annotations if a.coder}))


def coder_labels(
    first: Iterable[Annotation], second: Iterable[Annotation], fallbacks: tuple[str, str]
) -> tuple[str, str]:
    """What to call the two sides: the coder names recorded on their annotations (several
    joined by commas); a side with no name recorded keeps its fallback (its path). When both
    sides carry the same names, the fallbacks are added to tell them apart."""
    labels = [
        coder_names(items) or fallback
        for items, fallback in zip((first, second), fallbacks, strict=True)
    ]
    if labels[0] == labels[1]:
        return (f"{labels[0]} ({fallbacks[0]})", f"{labels[1]} ({fallbacks[1]})")
    return labels[0], labels[1]
