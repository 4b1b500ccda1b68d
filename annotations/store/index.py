"""The in-memory index of a store's annotations: built at open, kept current by every change,
so that queries across the corpus (by document, code, coder) never touch the disk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model import Annotation


def position(annotation: Annotation) -> tuple[int, int, str]:
    return annotation.start, annotation.end, annotation.id


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

    def select(
        self, doc_ids: Iterable[str], code_id: str | None, coder: str | None
    ) -> list[Annotation]:
        if code_id is None and coder is None:
            return [a for d in doc_ids for a in self.in_order(d)]
        return [
            a
            for d in doc_ids
            for a in self.in_order(d)
            if (code_id is None or code_id in a.codes) and (coder is None or a.coder == coder)
        ]

    def uses(self, code_id: str) -> int:
        return len(self.by_code.get(code_id, ()))
