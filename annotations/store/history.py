"""A user's change as before/after states: what undo and redo apply."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Annotation, Code

UNDO_LIMIT = 1000
"""Undo steps kept in a session; older ones are forgotten (the changes themselves stay)."""


@dataclass(frozen=True)
class Change:
    """One user action as before/after states: applying it, or its inverse, is redo/undo.

    ``hashes`` records the text a document's offsets refer to; it is never undone.
    """

    description: str
    annotations: tuple[tuple[Annotation | None, Annotation | None], ...] = ()
    codes: tuple[tuple[Code, ...], tuple[Code, ...]] | None = None
    hashes: tuple[tuple[str, str], ...] = ()

    def inverse(self) -> Change:
        return Change(
            self.description,
            tuple((after, before) for before, after in self.annotations),
            None if self.codes is None else (self.codes[1], self.codes[0]),
        )
