"""``with store.transaction(...)``: many changes, one save, one undo step, all or nothing.

Issue 11, point 3: import, codebook changes that touch many passages and adding a code with a
chosen id are each one transaction; nothing counts undo steps to roll back.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from annotations.corpus import Corpus, Document
from annotations.interchange import ExportRequest
from annotations.interchange.importing import ImportSummary, import_into_store
from annotations.interchange.json_format import export_json, parse_export
from annotations.store import AnnotationStore, StoreError, StoreWriteError

TEXT = "Staff turnover remains high. Leaders know their services well. Plans are reviewed."


@pytest.fixture
def docs() -> list[Document]:
    return [Document.from_text(f"doc{n}.txt", f"{n}. {TEXT}") for n in range(3)]


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as opened:
        yield opened


def on_disk(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.json"))
    }


def reopened(store: AnnotationStore) -> tuple[list, list]:
    other = AnnotationStore.open(store.location, read_only=True)
    return other.codebook.codes, other.annotations()


def test_changes_inside_are_one_undo_step_saved_together(store, docs) -> None:
    with store.transaction("tag three reports"):
        code = store.codebook.add("Workload")
        added = [store.add(doc, 3, 17, codes=[code.id]) for doc in docs]
        store.update(added[0].id, note="busy")
        assert store.get(added[0].id).note == "busy"  # seen at once, inside
    codes, annotations = reopened(store)
    assert [c.id for c in codes][-1] == "workload" and len(annotations) == 3
    assert store.undo() == "tag three reports"
    assert store.annotations() == [] and "workload" not in store.codebook
    assert reopened(store) == (store.codebook.codes, [])
    assert store.redo() == "tag three reports"
    assert reopened(store)[1] == store.annotations() and len(store.annotations()) == 3
    assert not store.can_redo


def test_an_error_inside_leaves_memory_and_disk_as_they_were(store, docs) -> None:
    kept = store.add(docs[0], 3, 17, codes=["staffing"])
    before = on_disk(store.location)
    with pytest.raises(RuntimeError), store.transaction("half an import"):
        store.codebook.add("Workload")
        store.remove(kept.id)
        store.add(docs[1], 3, 17, codes=["workload"])
        raise RuntimeError("the file ran out")
    assert store.annotations() == [kept] and "Workload" not in store.codebook
    assert on_disk(store.location) == before
    assert store.undo() is not None and store.annotations() == []  # the add before it


def test_a_failed_write_leaves_memory_and_disk_as_they_were(store, docs, monkeypatch) -> None:
    store.add(docs[0], 3, 17, codes=["staffing"])
    before, memory = on_disk(store.location), store.annotations()
    real, calls = os.replace, [0]

    def third_fails(*args):
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args)

    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(StoreWriteError, match="disk full"), store.transaction("import"):
        store.codebook.add("Workload")
        for doc in docs:
            store.add(doc, 20, 40, codes=["workload"])
    monkeypatch.undo()
    assert store.annotations() == memory and "Workload" not in store.codebook
    assert on_disk(store.location) == before
    assert reopened(store)[1] == memory


def test_a_transaction_inside_another_is_part_of_it(store, docs) -> None:
    with store.transaction("outer"):
        store.add(docs[0], 3, 17, codes=["staffing"])
        with store.transaction("inner"):
            store.add(docs[1], 3, 17, codes=["staffing"])
        assert reopened(store)[1] == []  # nothing written until the outer one ends
    assert len(reopened(store)[1]) == 2
    assert store.undo() == "outer" and store.annotations() == []


def test_added_then_removed_inside_is_no_change(store, docs) -> None:
    with store.transaction("try"):
        added = store.add(docs[0], 3, 17, codes=["staffing"])
        store.remove(added.id)
    assert reopened(store)[1] == [] and not store.can_undo


@pytest.mark.parametrize("step", ["undo", "redo"])
def test_undo_and_redo_are_refused_inside(store, docs, step) -> None:
    store.add(docs[0], 3, 17, codes=["staffing"])
    store.undo()
    with pytest.raises(StoreError, match="inside a transaction"), store.transaction("t"):
        getattr(store, step)()
    assert store.can_redo and store.annotations() == []


def test_reanchoring_inside_is_saved_with_it_or_not_at_all(store, docs) -> None:
    first = store.add(docs[0], 3, 17, codes=["staffing"])
    changed = Document.from_text(docs[0].id, "New line. " + docs[0].text)
    with pytest.raises(RuntimeError), store.transaction("t"):
        store.reanchor(changed)
        assert store.get(first.id).start == 13
        raise RuntimeError
    assert store.get(first.id) == first and store.document_hash(first.document) == docs[0].sha256
    with store.transaction("import"):
        store.reanchor(changed)
        second = store.add(changed, 0, 8, codes=["strength"])
    assert store.undo() == "import" and store.get(second.id) is None
    assert store.get(first.id).start == 13  # the re-anchoring is not undone
    assert store.undo() is not None and store.annotations() == []
    assert store.redo() is not None
    assert changed.text[store.get(first.id).start : store.get(first.id).end] == first.exact


def test_removing_a_code_from_many_passages_is_one_step(store, docs) -> None:
    for doc in docs:
        store.add(doc, 3, 17, codes=["staffing", "strength"])
        store.add(doc, 20, 40, codes=["staffing"])
    store.codebook.remove("staffing", strip=True)
    assert len(store.annotations()) == 3
    assert store.undo().startswith("remove code “staffing” from 6 passages")
    assert len(store.annotations()) == 6 and "staffing" in store.codebook
    assert reopened(store)[1] == store.annotations()


def test_a_code_keeps_a_chosen_id_in_one_step(store) -> None:
    code = store.codebook.add("Workload", code_id="caseloads", key="")
    assert (code.id, code.name, code.key) == ("caseloads", "Workload", None)
    assert store.undo() == "add code “Workload”" and not store.can_undo
    with pytest.raises(ValueError, match="slug"):
        store.codebook.add("Workload", code_id="Case Loads")
    with pytest.raises(ValueError, match="taken"):
        store.codebook.add("Workload", code_id="staffing")


def test_an_import_is_one_undo_step(tmp_path: Path, store, docs) -> None:
    corpus = Corpus(tmp_path, docs, [])
    with AnnotationStore.open(tmp_path / "colleague") as colleague:
        colleague.codebook.rename(colleague.codebook.add("caseloads"), "Workload")
        colleague.codebook.add("Voice")
        colleague.codebook.set_keywords("Voice", ["wishes"])
        for doc in docs:
            colleague.add(doc, 3, 17, codes=["caseloads", "voice"])
        data = export_json(ExportRequest(corpus, colleague.codebook.codes, colleague.annotations()))
    kept = store.add(docs[0], 20, 40, codes=["staffing"])
    summary = ImportSummary("colleague.json", "json", str(store.location), str(tmp_path))
    import_into_store(store, parse_export(__import__("json").loads(data), "x"), corpus, summary)
    assert (summary.added, summary.codes_added) == (3, ["Workload", "Voice"])
    assert store.codebook.get("voice").keywords == ("wishes",)
    assert store.codebook.get("caseloads").name == "Workload"
    assert store.undo() == "import colleague.json"
    assert store.annotations() == [kept] and "voice" not in store.codebook
    assert reopened(store) == (store.codebook.codes, [kept])


def test_a_journal_left_by_a_failed_folder_fsync_never_rolls_back_later_changes(
    store, docs, monkeypatch
) -> None:
    """Found by the stateful test: the journal was renamed into place, then fsyncing its
    folder failed; the change was refused but the journal stayed, and the next open rolled a
    later, acknowledged change back to what the journal recorded."""
    first = store.add(docs[0], 3, 17, codes=["staffing"])
    real, calls = os.fsync, [0]

    def second_fails(fd):
        calls[0] += 1
        if calls[0] == 2:  # the journal's folder, after the journal's own fsync
            raise OSError(errno.EIO, "Input/output error")
        return real(fd)

    monkeypatch.setattr(os, "fsync", second_fails)
    with pytest.raises(StoreWriteError), store.transaction("two files"):
        store.add(docs[1], 3, 17, codes=["staffing"])
        store.add(docs[2], 3, 17, codes=["staffing"])
    monkeypatch.undo()
    assert not (store.location / "rollback.json").exists()
    store.remove(first.id)  # acknowledged
    location = store.location
    store.close()
    with AnnotationStore.open(location) as again:
        assert again.annotations() == []
