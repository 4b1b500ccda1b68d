"""What the document view marks over the text: highlights (annotations) and search matches,
indexed so that drawing a row needs a bisect and a walk over the few intervals it crosses."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Highlight:
    """A passage to tint: code-point offsets [start, end) and the annotation it shows."""

    start: int
    end: int
    colour: str
    key: str
    label: str = ""


class HighlightIndex:
    """Highlights cut into elementary intervals, each with the highlights active over it."""

    def __init__(self, highlights: Sequence[Highlight]) -> None:
        self.items: list[Highlight] = sorted(highlights, key=lambda h: (h.start, h.end))
        self.starts = [item.start for item in self.items]
        opening: dict[int, list[int]] = {}
        closing: dict[int, list[int]] = {}
        for index, item in enumerate(self.items):
            if item.end > item.start:
                opening.setdefault(item.start, []).append(index)
                closing.setdefault(item.end, []).append(index)
        self.bounds: list[int] = sorted(opening.keys() | closing.keys())
        self.active: list[tuple[int, ...]] = []
        current: set[int] = set()
        for point in self.bounds:
            current.difference_update(closing.get(point, ()))
            current.update(opening.get(point, ()))
            self.active.append(tuple(sorted(current)))

    def at(self, offset: int) -> tuple[int, ...]:
        """Indices of highlights covering ``offset``, by start."""
        index = bisect_right(self.bounds, offset) - 1
        return self.active[index] if index >= 0 else ()

    def cuts(self, start: int, end: int) -> list[int]:
        """Offsets strictly inside (start, end) where the set of highlights changes."""
        bounds = self.bounds
        return bounds[bisect_right(bounds, start) : bisect_left(bounds, end)]

    def touching(self, start: int, end: int) -> tuple[list[int], bool]:
        """Highlights covering any of [start, end), and whether any two overlap there."""
        bounds, active = self.bounds, self.active
        first = max(0, bisect_right(bounds, start) - 1)
        last = bisect_left(bounds, end)
        seen: dict[int, None] = {}
        overlap = False
        for index in range(first, last):
            if bounds[index] >= end or (index + 1 < len(bounds) and bounds[index + 1] <= start):
                continue
            group = active[index]
            overlap = overlap or len(group) > 1
            seen.update(dict.fromkeys(group))
        return sorted(seen), overlap


class SpanIndex:
    """Sorted, non-overlapping spans (search matches): which holds an offset, and where they
    start and end within a row."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        self.spans = sorted((start, end) for start, end in spans if end > start)
        self.starts = [start for start, _ in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def covering(self, offset: int) -> int | None:
        """The index of the span holding ``offset``, or None."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.spans[index][1]:
            return index
        return None

    def cuts(self, start: int, end: int) -> list[int]:
        """Span bounds strictly inside (start, end)."""
        first = max(0, bisect_right(self.starts, start) - 1)
        last = bisect_left(self.starts, end)
        found: list[int] = []
        for span_start, span_end in self.spans[first:last]:
            found.extend(point for point in (span_start, span_end) if start < point < end)
        return found

    def after(self, offset: int) -> int | None:
        """The first span starting after ``offset``, or None."""
        index = bisect_right(self.starts, offset)
        return index if index < len(self.spans) else None

    def before(self, offset: int) -> int | None:
        """The last span starting before ``offset``, or None."""
        index = bisect_left(self.starts, offset) - 1
        return index if index >= 0 else None


def changed_spans(
    old: tuple[int, int] | None, new: tuple[int, int] | None
) -> list[tuple[int, int]]:
    """Offsets whose selected state may differ between two selections."""
    if old is None or new is None:
        return [span for span in (old, new) if span is not None]
    return [
        (min(old[0], new[0]), max(old[0], new[0])),
        (min(old[1], new[1]), max(old[1], new[1])),
    ]
