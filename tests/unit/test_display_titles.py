"""A document's display title (issue 16): stored with its coding in the document's file, one
undoable change, durable, read back by a new session and in the plain JSON of the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.corpus import Document
from annotations.store import AnnotationStore
from annotations.store.errors import AnnotationError, StoreReadOnlyError
from annotations.store.file_format import document_filename

LETTER = Document.from_text("letters/l1.txt", "Dear Sir,\n\nThe staffing plan is late.\n")


def record(store: Path, doc_id: str) -> dict:
    data = json.loads((store / "docs" / document_filename(doc_id)).read_text("utf-8"))
    (only,) = data["document"].values()
    return only


def test_a_title_is_saved_with_the_coding_and_read_back(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        store.add(LETTER, 11, 36, ["staffing"])
        assert store.display_title(LETTER.id) is None
        assert store.set_display_title(LETTER.id, "  Letter from\nthe  Director ") == (
            "Letter from the Director"
        )
        assert store.display_title(LETTER.id) == "Letter from the Director"
    assert record(tmp_path / "s", LETTER.id)["title"] == "Letter from the Director"
    assert record(tmp_path / "s", LETTER.id)["sha256"] == LETTER.sha256
    with AnnotationStore.open(tmp_path / "s", read_only=True) as again:
        assert again.display_titles() == {LETTER.id: "Letter from the Director"}
        assert len(again.annotations(document=LETTER.id)) == 1
        with pytest.raises(StoreReadOnlyError):
            again.set_display_title(LETTER.id, "x")


def test_renaming_is_one_undo_step_and_clearing_removes_it(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        store.set_display_title("minutes.txt", "Minutes, March")  # no passage yet: a file
        store.set_display_title("minutes.txt", "Minutes, 3 March")
        assert store.undo() is not None
        assert store.display_title("minutes.txt") == "Minutes, March"
        assert store.redo() is not None
        assert store.display_title("minutes.txt") == "Minutes, 3 March"
        store.set_display_title("minutes.txt", " ")
        assert store.display_title("minutes.txt") is None
        assert "title" not in record(tmp_path / "s", "minutes.txt")
        store.undo()
    with AnnotationStore.open(tmp_path / "s") as store:
        assert store.display_title("minutes.txt") == "Minutes, 3 March"


def test_a_title_inside_a_failed_transaction_is_not_kept(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        with pytest.raises(RuntimeError), store.transaction("rename and fail"):
            store.set_display_title(LETTER.id, "Kept?")
            assert store.display_title(LETTER.id) == "Kept?"
            raise RuntimeError
        assert store.display_title(LETTER.id) is None
        with pytest.raises(AnnotationError):
            store.set_display_title(LETTER.id, "x" * 301)
