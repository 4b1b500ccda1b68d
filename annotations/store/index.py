"""The in-memory index of a store's annotations: built at open, kept current by every change,
so that queries across the corpus (by document, code, coder) never touch the disk."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..model import Annotation

FREEZE_AT = 20_000
"""Annotations above which the loaded objects are frozen out of the garbage collector."""


def position(annotation: Annotation) -> tuple[int, int, str]:
    return annotation.start, annotation.end, annotation.id


def _narrowed(found: list[Annotation], code_id: str | None, coder: str | None) -> list[Annotation]:
    """Those with the code and by the coder, when given; in the same order."""
    if code_id is not None:
        found = [a for a in found if code_id in a.codes]
    if coder is not None:
        found = [a for a in found if a.coder == coder]
    return found


class AnnotationIndex:
    """Annotations by id, document, code and coder; each document's in reading order, cached."""

    def __init__(self) -> None:
        self.by_id: dict[str, Annotation] = {}
        self.by_doc: dict[str, dict[str, Annotation]] = {}
        self.by_code: dict[str, set[str]] = defaultdict(set)
        self.by_coder: dict[str | None, set[str]] = defaultdict(set)
        self._ordered: dict[str, list[Annotation]] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def clear(self) -> None:
        for table in (self.by_id, self.by_doc, self.by_code, self.by_coder, self._ordered):
            table.clear()

    def get(self, ann_id: str) -> Annotation | None:
        return self.by_id.get(ann_id)

    def add(self, annotation: Annotation) -> None:
        self._ordered.pop(annotation.document, None)
        self.by_id[annotation.id] = annotation
        self.by_doc.setdefault(annotation.document, {})[annotation.id] = annotation
        for code in annotation.codes:
            self.by_code[code].add(annotation.id)
        self.by_coder[annotation.coder].add(annotation.id)

    def discard(self, ann_id: str) -> None:
        old = self.by_id.pop(ann_id, None)
        if old is None:
            return
        self._ordered.pop(old.document, None)
        self.by_doc[old.document].pop(ann_id, None)
        for code in old.codes:
            self.by_code[code].discard(ann_id)
        self.by_coder[old.coder].discard(ann_id)

    def update(self, before: Annotation | None, after: Annotation | None) -> None:
        """An annotation's state changed (None: not there): ``before`` out, ``after`` in."""
        if before is not None:
            self.discard(before.id)
        if after is not None:
            self.discard(after.id)
            self.add(after)

    def in_order(self, doc_id: str) -> list[Annotation]:
        """A document's annotations by (start, end, id), cached until the document changes."""
        found = self._ordered.get(doc_id)
        if found is None:
            found = sorted(self.by_doc.get(doc_id, {}).values(), key=position)
            self._ordered[doc_id] = found
        return found

    def documents(self) -> list[str]:
        """Documents with at least one annotation, sorted."""
        return sorted(doc_id for doc_id, found in self.by_doc.items() if found)

    def in_document(self, doc_id: str) -> list[Annotation]:
        """A document's annotations, in no particular order."""
        return list(self.by_doc.get(doc_id, {}).values())

    def has_document(self, doc_id: str) -> bool:
        """Whether a document has any annotation."""
        return bool(self.by_doc.get(doc_id))

    def select(
        self, doc_ids: Iterable[str], code_id: str | None, coder: str | None
    ) -> list[Annotation]:
        """The annotations of these documents, in reading order, with the code and by the
        coder when given."""
        return _narrowed([a for d in doc_ids for a in self.in_order(d)], code_id, coder)

    def uses(self, code_id: str) -> int:
        return len(self.by_code.get(code_id, ()))

    def code_counts(self) -> dict[str, int]:
        """Annotations per code id, for every code id in use."""
        return {code_id: len(ids) for code_id, ids in self.by_code.items() if ids}

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Pause the cyclic garbage collector while the index fills; freeze what a large
        store loaded.

        Hundreds of thousands of new objects otherwise trigger full collections that cost a
        third of the open time; afterwards every full collection would scan them all again (a
        100 ms pause in the middle of a save at 100,000 annotations). ``gc.freeze`` takes them
        out of the collector's sight: they hold no cycles and reference counting still frees
        them. Small stores skip the freeze, which applies to the whole process.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()
        if len(self) >= FREEZE_AT:
            gc.freeze()
