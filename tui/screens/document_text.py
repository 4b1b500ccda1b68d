"""Small text helpers of the document screen."""

from __future__ import annotations


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A passage without the white space at its edges (a selection by words keeps a space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
