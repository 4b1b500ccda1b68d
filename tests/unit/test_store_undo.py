"""Undo and redo: every change can be taken back and redone, durably, within a session."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.corpus import Document
from annotations.store import AnnotationStore

TEXT = "Staff turnover remains high. Leaders know their services well. Plans are reviewed."


@pytest.fixture
def doc() -> Document:
    return Document.from_text("report.txt", TEXT)


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as opened:
        yield opened


def reopened(store: AnnotationStore) -> list:
    """The annotations as another process would read them from disk now."""
    return AnnotationStore.open(store.location, read_only=True).annotations()


def test_nothing_to_undo_or_redo_at_first(store) -> None:
    assert (store.can_undo, store.can_redo) == (False, False)
    assert store.undo() is None
    assert store.redo() is None


def test_undo_of_an_add_removes_it_on_disk_and_says_what_it_undid(store, doc) -> None:
    added = store.add(doc, 0, 14, codes=["staffing"])
    assert store.undo() == "staffing on “Staff turnover”"
    assert store.get(added.id) is None
    assert reopened(store) == []


def test_redo_of_an_add_brings_back_the_same_annotation(store, doc) -> None:
    added = store.add(doc, 0, 14, codes=["staffing"])
    store.undo()
    assert store.redo() == "staffing on “Staff turnover”"
    assert store.get(added.id) == added
    assert reopened(store) == [added]


def test_undo_of_an_update_restores_codes_and_note(store, doc) -> None:
    added = store.add(doc, 0, 14, codes=["staffing"], note="first")
    store.update(added.id, codes=["strength"], note="second")
    assert store.undo() == "change the codes and note of “Staff turnover”"
    assert store.get(added.id) == added
    assert reopened(store) == [added]


def test_undo_of_a_remove_restores_the_annotation(store, doc) -> None:
    added = store.add(doc, 0, 14, codes=["staffing"])
    store.remove(added.id)
    assert store.undo() == "remove “Staff turnover”"
    assert store.get(added.id) == added


def test_a_sequence_undoes_in_reverse_and_redoes_forwards(store, doc) -> None:
    a = store.add(doc, 0, 14, codes=["staffing"])
    b = store.add(doc, 29, 61, codes=["strength"])
    b2 = store.update(b.id, note="good")
    store.remove(a.id)
    states = [store.annotations()]
    while store.can_undo:
        store.undo()
        states.append(store.annotations())
    assert states == [[b2], [a, b2], [a, b], [a], []]
    while store.can_redo:
        store.redo()
    assert store.annotations() == [b2]
    assert reopened(store) == [b2]


def test_a_new_change_clears_redo(store, doc) -> None:
    store.add(doc, 0, 14, codes=["staffing"])
    store.undo()
    store.add(doc, 29, 61, codes=["strength"])
    assert not store.can_redo
    assert store.redo() is None


def test_undo_history_belongs_to_the_session(tmp_path: Path, doc) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        store.add(doc, 0, 14, codes=["staffing"])
    with AnnotationStore.open(tmp_path / "s") as store:
        assert not store.can_undo
        assert len(store.annotations()) == 1


def test_undo_after_a_reanchor_restores_the_passage_where_it_now_is(store, doc) -> None:
    added = store.add(doc, 0, 14, codes=["staffing"])
    store.remove(added.id)
    changed = Document.from_text(doc.id, "Summary.\n" + TEXT)
    store.reanchor(changed)
    store.undo()
    restored = store.get(added.id)
    assert (restored.start, restored.end) == (9, 23)
    assert changed.text[restored.start : restored.end] == "Staff turnover"
