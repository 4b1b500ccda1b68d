"""store.reattach and store.mark_reviewed: an orphan placed on new text keeps what it was (id,
codes, note, coder, created time) in one undo step; a moved passage's mark goes once checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.corpus import Document
from annotations.store import AnnotationError, AnnotationStore

TEXT = (
    "Ofsted visited in March.\n\n"
    "Staff turnover remains high and caseloads are heavy in the assessment team.\n\n"
    "Leaders know their services well and have a clear plan for improvement."
)
CHANGED = (
    "Ofsted visited in March.\n\n"
    "Leaders know their services well and have a clear plan for improvement.\n\n"
    "Recruitment of social workers is now the service's first priority."
)


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as opened:
        yield opened


def orphaned(store: AnnotationStore) -> tuple[Document, str]:
    """An annotation with a note whose passage the changed text no longer has."""
    old = Document.from_text("report.txt", TEXT)
    start = TEXT.index("Staff turnover")
    kept = store.add(old, start, start + 40, codes=["staffing"], note="why?", coder="ana")
    changed = Document.from_text("report.txt", CHANGED)
    store.reanchor(changed)
    assert store.get(kept.id).status == "orphan"
    return changed, kept.id


def test_an_attached_orphan_keeps_its_id_codes_note_coder_and_creation(store, tmp_path) -> None:
    changed, ann_id = orphaned(store)
    before = store.get(ann_id)
    start = CHANGED.index("Recruitment of social workers")
    attached = store.reattach(ann_id, changed, start, start + 29)
    assert (attached.id, attached.codes, attached.note, attached.coder, attached.created) == (
        before.id,
        before.codes,
        before.note,
        before.coder,
        before.created,
    )
    assert (attached.status, attached.exact) == ("anchored", "Recruitment of social workers")
    assert attached.prefix.endswith("improvement.\n\n")
    with AnnotationStore.open(tmp_path / "store", read_only=True) as reopened:
        assert reopened.get(ann_id) == attached  # durable


def test_attaching_is_one_undo_step_back_to_the_orphan(store) -> None:
    changed, ann_id = orphaned(store)
    before = store.get(ann_id)
    store.reattach(ann_id, changed, 0, 6)
    assert store.undo() is not None
    assert store.get(ann_id) == before
    store.redo()
    assert store.get(ann_id).exact == "Ofsted"


def test_an_orphan_cannot_be_attached_to_nothing_or_another_document(store) -> None:
    changed, ann_id = orphaned(store)
    with pytest.raises(AnnotationError):
        store.reattach(ann_id, changed, 5, 5)
    with pytest.raises(AnnotationError):
        store.reattach(ann_id, Document.from_text("other.txt", CHANGED), 0, 6)


def test_a_moved_passage_is_marked_reviewed_in_one_undo_step(store) -> None:
    old = Document.from_text("report.txt", TEXT)
    start = TEXT.index("Leaders know")
    kept = store.add(old, start, start + 12, codes=["strength"])
    store.reanchor(Document.from_text("report.txt", CHANGED))
    assert store.get(kept.id).status == "moved"
    reviewed = store.mark_reviewed(kept.id)
    assert reviewed.status == "anchored"
    assert (reviewed.start, reviewed.exact) == (store.get(kept.id).start, "Leaders know")
    store.undo()
    assert store.get(kept.id).status == "moved"
