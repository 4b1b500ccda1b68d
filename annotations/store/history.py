"""A change as before/after states: what a transaction writes and what undo and redo apply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Annotation, Code

UNDO_LIMIT = 1000
"""Undo steps kept in a session; older ones are forgotten (the changes themselves stay)."""

Pair = tuple[Annotation | None, Annotation | None]
"""An annotation before and after (None: not there)."""


@dataclass(frozen=True)
class Change:
    """One user action as before/after states: applying it, or its inverse, is redo/undo.

    ``hashes`` records the text a document's offsets refer to; it is never undone.
    """

    description: str
    annotations: tuple[Pair, ...] = ()
    codes: tuple[tuple[Code, ...], tuple[Code, ...]] | None = None
    hashes: tuple[tuple[str, str], ...] = ()

    def inverse(self) -> Change:
        return Change(
            self.description,
            tuple((after, before) for before, after in self.annotations),
            None if self.codes is None else (self.codes[1], self.codes[0]),
        )

    @property
    def empty(self) -> bool:
        return not self.annotations and self.codes is None and not self.hashes

    def documents(self) -> set[str]:
        """The documents whose files this change touches."""
        touched = {doc_id for doc_id, _sha in self.hashes}
        for before, after in self.annotations:
            ref = after if after is not None else before
            assert ref is not None
            touched.add(ref.document)
        return touched


def combine(description: str, changes: Iterable[Change]) -> Change:
    """Changes made one after another, as one: each annotation's first state and last, the
    codebook's first and last, the last hash recorded for each document. What ends as it
    began drops out, so adding and then removing a passage changes nothing."""
    first: dict[str, Annotation | None] = {}
    last: dict[str, Annotation | None] = {}
    codes: tuple[tuple[Code, ...], tuple[Code, ...]] | None = None
    hashes: dict[str, str] = {}
    for change in changes:
        for before, after in change.annotations:
            ref = after if after is not None else before
            assert ref is not None
            first.setdefault(ref.id, before)
            last[ref.id] = after
        if change.codes is not None:
            codes = (codes[0] if codes is not None else change.codes[0], change.codes[1])
        hashes.update(change.hashes)
    pairs = tuple((first[key], last[key]) for key in first if first[key] != last[key])
    if codes is not None and codes[0] == codes[1]:
        codes = None
    return Change(description, pairs, codes, tuple(hashes.items()))
