"""store.reanchor: a changed document's annotations follow its text, visibly and durably."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.corpus import Document
from annotations.store import AnnotationStore, StoreReadOnlyError

TEXT = (
    "Ofsted visited in March.\n\n"
    "Staff turnover remains high and caseloads are heavy in the assessment team.\n\n"
    "Leaders know their services well and have a clear plan for improvement."
)


@pytest.fixture
def doc() -> Document:
    return Document.from_text("report.txt", TEXT)


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as opened:
        yield opened


def code(store: AnnotationStore, doc: Document, words: str, codes=("staffing",)):
    start = doc.text.index(words)
    return store.add(doc, start, start + len(words), codes=list(codes))


def test_an_unchanged_document_is_left_alone(store, doc) -> None:
    added = code(store, doc, "Staff turnover remains high")
    report = store.reanchor(doc)
    assert (report.changed, report.anchored, report.moved, report.orphan) == (False, 1, 0, 0)
    assert store.get(added.id) == added


def test_a_document_without_annotations_has_nothing_to_reanchor(store, doc) -> None:
    report = store.reanchor(doc)
    assert (report.changed, report.total) == (False, 0)
    assert store.document_ids() == []


def test_text_inserted_above_moves_the_annotations_and_records_the_new_hash(store, doc) -> None:
    added = code(store, doc, "Staff turnover remains high")
    changed = Document.from_text(doc.id, "CORRECTED 2 April.\n" + TEXT)
    report = store.reanchor(changed)
    assert (report.changed, report.moved, report.moved_ids) == (True, 1, (added.id,))
    moved = store.get(added.id)
    assert changed.text[moved.start : moved.end] == "Staff turnover remains high"
    assert moved.status == "moved"
    assert store.document_hash(doc.id) == changed.sha256


def test_reanchoring_is_saved(store, doc) -> None:
    added = code(store, doc, "Staff turnover remains high")
    changed = Document.from_text(doc.id, "CORRECTED 2 April.\n" + TEXT)
    store.reanchor(changed)
    reader = AnnotationStore.open(store.location, read_only=True)
    assert reader.get(added.id) == store.get(added.id)
    assert reader.document_hash(doc.id) == changed.sha256


def test_a_deleted_passage_is_kept_as_a_listed_orphan(store, doc) -> None:
    gone = code(store, doc, "Staff turnover remains high")
    kept = code(store, doc, "Leaders know their services well", codes=["strength"])
    changed = Document.from_text(doc.id, TEXT.replace(TEXT.split("\n\n")[1] + "\n\n", ""))
    report = store.reanchor(changed)
    assert (report.moved, report.orphan, report.orphan_ids) == (1, 1, (gone.id,))
    orphan = store.get(gone.id)
    assert orphan.status == "orphan"
    assert (orphan.start, orphan.exact) == (gone.start, gone.exact)
    assert store.get(kept.id).status == "moved"


def test_reanchoring_is_not_an_undo_step(store, doc) -> None:
    code(store, doc, "Staff turnover remains high")
    store.reanchor(Document.from_text(doc.id, "New line.\n" + TEXT))
    assert store.undo() == "staffing on “Staff turnover remains high”"
    assert not store.can_undo


def test_after_reanchoring_new_annotations_use_the_new_text(store, doc) -> None:
    code(store, doc, "Staff turnover remains high")
    changed = Document.from_text(doc.id, "New line.\n" + TEXT)
    store.reanchor(changed)
    added = code(store, changed, "clear plan")
    assert added.exact == "clear plan"


def test_a_read_only_store_reanchors_in_memory_and_writes_nothing(store, doc) -> None:
    """README, "How it works": readers hand out offsets into the current text, so a read-only
    store re-anchors too, in memory only; the writer's files stay as they are."""
    code(store, doc, "Staff turnover remains high")
    files = {p: p.read_bytes() for p in store.location.rglob("*.json")}
    reader = AnnotationStore.open(store.location, read_only=True)
    assert reader.reanchor(doc).changed is False
    changed = Document.from_text(doc.id, "New line.\n" + TEXT)
    report = reader.reanchor(changed)
    assert (report.changed, report.moved) == (True, 1)
    [moved] = reader.annotations(document=doc.id)
    assert changed.text[moved.start : moved.end] == "Staff turnover remains high"
    assert reader.document_hash(doc.id) == changed.sha256
    assert reader.reanchor(changed).changed is False
    with pytest.raises(StoreReadOnlyError):
        reader.add(changed, 0, 3, codes=["staffing"])
    assert {p: p.read_bytes() for p in store.location.rglob("*.json")} == files
    reader.reload()
    assert reader.document_hash(doc.id) == doc.sha256


def test_passages_stored_misplaced_on_the_recorded_text_are_placed_again(store, doc) -> None:
    """What importing an older casereader's export after a file changed left behind: the
    new text's hash with the old offsets. Re-anchoring does not trust the hash alone."""
    from dataclasses import replace

    good = code(store, doc, "Staff turnover remains high")
    shifted = replace(good, id="shifted", start=good.start + 5, end=good.end + 5)
    store.put_many([shifted])
    report = store.reanchor(doc)
    assert (report.changed, report.moved, report.orphan) == (True, 1, 0)
    placed = store.get("shifted")
    assert doc.text[placed.start : placed.end] == placed.exact == good.exact
    assert store.get(good.id) == good  # the passage that fitted is left as it was
    assert store.reanchor(doc).changed is False
