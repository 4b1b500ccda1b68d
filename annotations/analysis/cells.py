"""From a report's figure to the passages behind it (a drill-down): each cell of a report
names the passages it counts, so the passages screen can show exactly those."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from ..model import Annotation, Code
from .cooccurrence import codes_met, overlapping_pairs
from .scope import by_document, report_codes
from .timeline import UNDATED


@dataclass(frozen=True)
class Cell:
    """One figure of a report and the passages it counts: those with ``code`` (any, if None)
    in ``document`` (any, if None), and among ``only`` when the figure is not a plain filter
    (a pair of overlapping codes, a period)."""

    label: str
    code: str | None = None
    document: str | None = None
    only: frozenset[str] | None = None


def frequency_cells(
    codes: Sequence[Code], annotations: Sequence[Annotation], titles: Mapping[str, str]
) -> list[Cell]:
    """Each code's passages, then each code's passages in each document."""
    chosen = report_codes(codes, annotations)
    cells = [
        Cell(f"{code.name}: {count} passage(s)", code.id)
        for code, count in _counts(chosen, annotations)
    ]
    for doc_id, items in sorted(by_document(annotations).items()):
        title = titles.get(doc_id, doc_id)
        cells.extend(
            Cell(f"{code.name} in {title}: {count}", code.id, doc_id)
            for code, count in _counts(chosen, items)
        )
    return cells


def _counts(codes: Sequence[Code], annotations: Sequence[Annotation]) -> list[tuple[Code, int]]:
    """Each code that some of the passages carry, with how many do."""
    counted = ((code, sum(code.id in a.codes for a in annotations)) for code in codes)
    return [(code, count) for code, count in counted if count]


class _PairCells:
    """Pairs of the report's codes, each counted as the co-occurrence report counts it, with
    the passages behind the count; a pair is keyed in codebook order."""

    def __init__(self, chosen: Sequence[Code]) -> None:
        self.rank = {code.id: n for n, code in enumerate(chosen)}
        self.counts: dict[tuple[str, str], int] = defaultdict(int)
        self.passages: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, pair: Iterable[str], passage_ids: Iterable[str]) -> None:
        """One more occurrence of ``pair`` (ignored unless both codes are the report's)."""
        if not self.rank.keys() >= set(pair):
            return
        x, y = sorted(pair, key=self.rank.__getitem__)
        self.counts[(x, y)] += 1
        self.passages[(x, y)].update(passage_ids)

    def add_document(self, items: Sequence[Annotation]) -> None:
        """One document's passages: a passage carrying both codes is a pair, then each pair
        of overlapping passages once per pair of codes they bring together."""
        for annotation in items:
            for both in combinations(set(annotation.codes), 2):
                self.add(both, (annotation.id,))
        for first, second in overlapping_pairs(items):
            for pair in codes_met(first, second):
                self.add(pair, (first.id, second.id))

    def most_first(self) -> list[tuple[str, str]]:
        """The pairs found, most occurrences first, then in codebook order."""
        rank = self.rank
        return sorted(self.counts, key=lambda key: (-self.counts[key], rank[key[0]], rank[key[1]]))


def cooccurrence_cells(codes: Sequence[Code], annotations: Sequence[Annotation]) -> list[Cell]:
    """Each pair of different codes that overlap: the passages of those overlapping pairs
    (a passage carrying both counts too), most pairs first."""
    chosen = report_codes(codes, annotations)
    pairs = _PairCells(chosen)
    for items in by_document(annotations).values():
        pairs.add_document(items)
    names = {code.id: code.name for code in chosen}
    return [
        Cell(
            f"{names[x]} + {names[y]}: {pairs.counts[(x, y)]} overlapping pair(s)",
            only=frozenset(pairs.passages[(x, y)]),
        )
        for x, y in pairs.most_first()
    ]


def timeline_cells(
    codes: Sequence[Code], annotations: Sequence[Annotation], periods: Mapping[str, str]
) -> list[Cell]:
    """Each period's passages of each code (``periods``: each document's month or year)."""
    chosen = report_codes(codes, annotations)
    found = _passages_by_period(annotations, periods)
    cells = []
    for period in sorted({p for p, _ in found}, key=lambda p: (p == UNDATED, p)):
        for code in chosen:
            ids = found.get((period, code.id))
            if ids:
                label = f"{period} · {code.name}: {len(ids)} passage(s)"
                cells.append(Cell(label, code.id, only=frozenset(ids)))
    return cells


def _passages_by_period(
    annotations: Sequence[Annotation], periods: Mapping[str, str]
) -> dict[tuple[str, str], set[str]]:
    """The ids of the passages of each (period, code)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for annotation in annotations:
        period = periods.get(annotation.document, UNDATED)
        for code_id in annotation.codes:
            found[(period, code_id)].add(annotation.id)
    return found


def document_cells(annotations: Sequence[Annotation], titles: Mapping[str, str]) -> list[Cell]:
    """Every document's passages (every code and coder: an agreement row to review)."""
    grouped = by_document(annotations)
    return [
        Cell(f"{titles.get(doc_id, doc_id)}: {len(items)} passage(s)", document=doc_id)
        for doc_id, items in sorted(grouped.items(), key=lambda kv: titles.get(kv[0], kv[0]))
    ]
