"""The coding rules of the reader (tui/coding.py), on a real store: what tagging, toggling,
notes, removal and attaching orphans do, and the outcome each hands the screen to show."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.corpus import Document
from annotations.store import AnnotationStore, StoreReadOnlyError
from tui.coding import CodingSession

TEXT = (
    "Ofsted visited in March.\n\n"
    "Staff turnover remains high and caseloads are heavy in the assessment team.\n\n"
    "Leaders know their services well and have a clear plan for improvement."
)
DOCUMENT = Document.from_text("report.txt", TEXT)
STAFF = TEXT.index("Staff turnover")
STAFF_END = TEXT.index(" in the assessment")


@pytest.fixture
def coding(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as store:
        yield CodingSession(store, "ana")


def test_tagging_a_selection_codes_it_without_the_white_space_at_its_edges(coding) -> None:
    outcome = coding.tag(DOCUMENT, STAFF - 2, STAFF_END + 1, "staffing")
    (annotation,) = coding.store.annotations(document="report.txt")
    assert (annotation.start, annotation.end) == (STAFF, STAFF_END)
    assert list(annotation.codes) == ["staffing"]
    assert annotation.coder == "ana"
    assert outcome.done == "tagged staffing" and outcome.annotation == annotation.id


def test_tagging_the_same_passage_again_adds_the_code_to_it_not_a_twin(coding) -> None:
    first = coding.tag(DOCUMENT, STAFF, STAFF_END, "staffing")
    again = coding.tag(DOCUMENT, STAFF, STAFF_END + 1, "area-for-improvement")
    (annotation,) = coding.store.annotations(document="report.txt")
    assert list(annotation.codes) == ["staffing", "area-for-improvement"]
    assert again.annotation == first.annotation and again.done == "tagged area for improvement"


def test_tagging_a_passage_with_a_code_it_has_saves_nothing(coding) -> None:
    first = coding.tag(DOCUMENT, STAFF, STAFF_END, "staffing")
    again = coding.tag(DOCUMENT, STAFF, STAFF_END, "staffing")
    assert again.done is None and not again.saved and again.annotation == first.annotation
    assert coding.undo().saved  # the first tagging is the only step to undo
    assert coding.undo().hint == "nothing to undo"


def test_a_selection_of_white_space_is_not_tagged_and_says_why(coding) -> None:
    gap = TEXT.index("\n\n")
    outcome = coding.tag(DOCUMENT, gap, gap + 2, "staffing")
    assert outcome.hint == "The selection holds only white space." and not outcome.saved
    assert coding.store.annotations() == []


def test_toggling_adds_a_code_then_takes_it_off(coding) -> None:
    made = coding.tag(DOCUMENT, STAFF, STAFF_END, "staffing")
    annotation = coding.store.get(made.annotation)
    added = coding.toggle(annotation, "strength")
    assert added.done == "tagged strength"
    assert list(coding.store.get(made.annotation).codes) == ["staffing", "strength"]
    removed = coding.toggle(coding.store.get(made.annotation), "strength")
    assert removed.done == "removed strength"
    assert list(coding.store.get(made.annotation).codes) == ["staffing"]


def test_toggling_off_the_last_code_removes_the_passage(coding) -> None:
    made = coding.tag(DOCUMENT, STAFF, STAFF_END, "staffing")
    outcome = coding.toggle(coding.store.get(made.annotation), "staffing")
    assert (
        outcome.done == "removed staffing and its passage (u undoes)" and outcome.annotation is None
    )
    assert coding.store.annotations() == []


def test_a_note_and_a_removal_say_what_was_saved(coding) -> None:
    made = coding.tag(DOCUMENT, STAFF, STAFF_END, "staffing")
    annotation = coding.store.get(made.annotation)
    assert coding.set_note(annotation, "ask the team").done == "note saved"
    assert coding.store.get(annotation.id).note == "ask the team"
    assert coding.remove(annotation, "passage").done == "passage removed (u undoes)"
    assert coding.store.annotations() == []


def test_an_orphan_is_attached_to_the_text_chosen(coding) -> None:
    made = coding.tag(DOCUMENT, STAFF, STAFF_END, "staffing")
    changed_text = TEXT.replace("Staff turnover remains high", "Recruitment is the priority")
    changed = Document.from_text("report.txt", changed_text)
    warned = coding.reanchor(changed)
    assert warned.warning and "1 could not be placed" in warned.hint and not warned.saved
    orphan = coding.store.get(made.annotation)
    assert orphan.status == "orphan"
    start = changed_text.index("Recruitment")
    outcome = coding.attach_orphan(orphan, changed, start, start + 11)
    placed = coding.store.get(made.annotation)
    assert outcome.done == "orphan attached here (u undoes)"
    assert (placed.status, placed.exact) == ("anchored", "Recruitment")


def test_undo_with_nothing_to_undo_says_so(coding) -> None:
    assert coding.undo().hint == "nothing to undo"
    assert coding.redo().hint == "nothing to redo"


def test_a_read_only_store_refuses_with_its_typed_error(tmp_path: Path) -> None:
    AnnotationStore.open(tmp_path / "store").close()
    store = AnnotationStore.open(tmp_path / "store", read_only=True)
    with store, pytest.raises(StoreReadOnlyError):
        CodingSession(store, "ana").tag(DOCUMENT, STAFF, STAFF_END, "staffing")
