"""A change as before/after states (what a transaction writes and what undo and redo apply),
and the session's history of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from ..model import Annotation, Code

UNDO_LIMIT = 1000
"""Undo steps kept in a session; older ones are forgotten (the changes themselves stay)."""

Pair = tuple[Annotation | None, Annotation | None]
"""An annotation before and after (None: not there)."""

CodesChange = tuple[tuple[Code, ...], tuple[Code, ...]]
"""The codebook before and after."""

TitleChange = tuple[str, str, str]
"""A document's id, and its display title before and after ("" for none)."""


@dataclass(frozen=True)
class Change:
    """One user action as before/after states: applying it, or its inverse, is redo/undo.

    ``hashes`` records the text a document's offsets refer to; it is never undone. ``titles``:
    a document's display title before and after ("" for none).
    """

    description: str
    annotations: tuple[Pair, ...] = ()
    codes: CodesChange | None = None
    hashes: tuple[tuple[str, str], ...] = ()
    titles: tuple[TitleChange, ...] = ()

    def inverse(self) -> Change:
        return Change(
            self.description,
            tuple((after, before) for before, after in self.annotations),
            None if self.codes is None else (self.codes[1], self.codes[0]),
            titles=tuple((doc_id, after, before) for doc_id, before, after in self.titles),
        )

    @property
    def empty(self) -> bool:
        return not self.annotations and self.codes is None and not self.hashes and not self.titles

    def documents(self) -> set[str]:
        """The documents whose files this change touches."""
        touched = {doc_id for doc_id, _sha in self.hashes}
        touched.update(doc_id for doc_id, _before, _after in self.titles)
        touched.update(subject(pair).document for pair in self.annotations)
        return touched


def subject(pair: Pair) -> Annotation:
    """The annotation a before/after pair is about (at least one side is there)."""
    before, after = pair
    found = after if after is not None else before
    assert found is not None
    return found


def quoted(text: str, limit: int = 40) -> str:
    """A passage as a change's description quotes it: on one line, cut at ``limit``."""
    line = " ".join(text.split())
    return f"“{line}”" if len(line) <= limit else f"“{line[: limit - 1]}…”"


def combine(description: str, changes: Iterable[Change]) -> Change:
    """Changes made one after another, as one: each annotation's first state and last, the
    codebook's first and last, the last hash recorded for each document. What ends as it
    began drops out, so adding and then removing a passage changes nothing."""
    steps = tuple(changes)
    hashes: dict[str, str] = {}
    for change in steps:
        hashes.update(change.hashes)
    return Change(
        description,
        _net_annotations(steps),
        _net_codes(steps),
        tuple(hashes.items()),
        _net_titles(steps),
    )


def _net_annotations(changes: Sequence[Change]) -> tuple[Pair, ...]:
    """Each annotation's first state and last, in the order first touched; those that end as
    they began are left out."""
    first: dict[str, Annotation | None] = {}
    last: dict[str, Annotation | None] = {}
    for change in changes:
        for pair in change.annotations:
            key = subject(pair).id
            first.setdefault(key, pair[0])
            last[key] = pair[1]
    return tuple((first[key], last[key]) for key in first if first[key] != last[key])


def _net_codes(changes: Sequence[Change]) -> CodesChange | None:
    """The codebook's first state and last, or None if it ends as it began."""
    codes: CodesChange | None = None
    for change in changes:
        codes = _then(codes, change.codes)
    if codes is not None and codes[0] == codes[1]:
        return None
    return codes


def _net_titles(changes: Sequence[Change]) -> tuple[TitleChange, ...]:
    """Each document's first display title and last, where they differ."""
    titles: dict[str, tuple[str, str]] = {}
    for change in changes:
        for doc_id, before, after in change.titles:
            titles[doc_id] = (titles.get(doc_id, (before, after))[0], after)
    return tuple((d, old, new) for d, (old, new) in titles.items() if old != new)


def _then(earlier: CodesChange | None, later: CodesChange | None) -> CodesChange | None:
    """Two codebook changes as one: the first's before, the second's after."""
    if later is None:
        return earlier
    return (earlier[0] if earlier is not None else later[0], later[1])


class History:
    """The session's undo and redo stacks of ``Change``s (at most ``UNDO_LIMIT`` undo steps).

    The store applies a step durably first and then moves it here (``undone``, ``redone``),
    so a step that failed to save stays where it was.
    """

    def __init__(self) -> None:
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, step: Change) -> None:
        """A new user change: it can be undone, and what was undone before can no longer be
        redone."""
        self._undo.append(step)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()

    def undo(self, apply: Callable[[Change], None]) -> str | None:
        """``apply`` the last change's inverse; once it is applied, it can be redone. Returns
        what the change was, or None if there is nothing to undo."""
        return _move(self._undo, self._redo, lambda change: apply(change.inverse()))

    def redo(self, apply: Callable[[Change], None]) -> str | None:
        """``apply`` the last undone change again; it can then be undone."""
        return _move(self._redo, self._undo, apply)

    def rebase(self, doc_id: str, text: str) -> None:
        """Re-anchor the annotations remembered by undo and redo to the document's new text,
        so undoing after a re-anchor never restores offsets into the old text."""
        from ..anchoring import reanchor_annotation  # not needed to start up

        def rebase(annotation: Annotation | None) -> Annotation | None:
            if annotation is None or annotation.document != doc_id:
                return annotation
            return reanchor_annotation(text, annotation)

        for steps in (self._undo, self._redo):
            for n, change in enumerate(steps):
                pairs = tuple((rebase(b), rebase(a)) for b, a in change.annotations)
                if pairs != change.annotations:
                    steps[n] = replace(change, annotations=pairs)


def _move(
    source: list[Change], target: list[Change], apply: Callable[[Change], None]
) -> str | None:
    """Apply the last step of ``source`` and then move it to ``target`` (not if it failed)."""
    if not source:
        return None
    apply(source[-1])
    target.append(source.pop())
    return target[-1].description
