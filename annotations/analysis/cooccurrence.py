"""Which codes are applied to the same text: passage pairs and shared characters per pair."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement
from typing import Any

from ..model import Annotation, Code
from ..segments import shared_characters
from .scope import by_document, report_codes, spans_with


@dataclass(frozen=True)
class Cooccurrence:
    """Square matrices over ``codes``: passage pairs, and characters coded with both."""

    codes: list[Code]
    passages: list[list[int]]
    characters: list[list[int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "cooccurrence",
            "definition": (
                "passages[x][y]: pairs of passages of one document, one carrying x and the other "
                "y (or one passage carrying both), that share at least one character; the "
                "diagonal is each code's passage count. characters[x][y]: characters coded "
                "with both x and y."
            ),
            "codes": [{"code": c.id, "name": c.name} for c in self.codes],
            "passages": self.passages,
            "characters": self.characters,
        }

    def pairs(self) -> list[tuple[Code, Code, int, int]]:
        """Each pair of different codes once, most frequent first."""
        rows = [
            (self.codes[i], self.codes[j], self.passages[i][j], self.characters[i][j])
            for i in range(len(self.codes))
            for j in range(i + 1, len(self.codes))
        ]
        return sorted(rows, key=lambda row: (-row[2], -row[3], row[0].name, row[1].name))


class _Matrix:
    """A symmetric count per pair of code ids (the codes of the report only)."""

    def __init__(self, index: Mapping[str, int]) -> None:
        self.index = index
        self.cells = [[0] * len(index) for _ in index]

    def add(self, x: str, y: str, amount: int = 1) -> None:
        if x in self.index and y in self.index:
            i, j = self.index[x], self.index[y]
            self.cells[i][j] += amount
            if i != j:
                self.cells[j][i] += amount


def cooccurrence(
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    only: Collection[str] | None = None,
) -> Cooccurrence:
    """Co-occurrence counts as defined in the package docstring."""
    chosen = report_codes(codes, annotations, only)
    index = {code.id: i for i, code in enumerate(chosen)}
    passages, characters = _Matrix(index), _Matrix(index)
    for items in by_document(annotations).values():
        _count_passages(passages, items)
        _count_characters(characters, items)
    return Cooccurrence(chosen, passages.cells, characters.cells)


def overlapping_pairs(items: Sequence[Annotation]) -> Iterator[tuple[Annotation, Annotation]]:
    """Each pair of different passages sharing at least one character, once."""
    ordered = sorted(items, key=lambda a: (a.start, a.end))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            if min(first.end, second.end) > second.start:
                yield first, second


def codes_met(first: Annotation, second: Annotation) -> set[frozenset[str]]:
    """The pairs of different codes two overlapping passages bring together, each once: {p, q}
    counts once for {X, Y}, even when each passage carries both codes."""
    return {frozenset((x, y)) for x in first.codes for y in second.codes if x != y}


def _count_passages(matrix: _Matrix, items: Sequence[Annotation]) -> None:
    """One document's passages: each passage with itself, then each overlapping pair."""
    for annotation in items:
        for x, y in combinations_with_replacement(annotation.codes, 2):
            matrix.add(x, y)
    for first, second in overlapping_pairs(items):
        for x, y in codes_met(first, second):
            matrix.add(x, y)


def _count_characters(matrix: _Matrix, items: Sequence[Annotation]) -> None:
    """One document's characters coded with both codes of each pair (and with each code)."""
    spans = {code: spans_with(items, code) for code in matrix.index}
    used = [code for code in matrix.index if spans[code]]
    for x, y in combinations_with_replacement(used, 2):
        matrix.add(x, y, shared_characters(spans[x], spans[y]))
