"""store.reshape, merge and split on real TinyDB files: a passage keeps its id, codes, note,
coder and created time through new bounds; each is one durable change and one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.corpus import Document
from annotations.store import AnnotationError, AnnotationStore

TEXT = (
    "Ofsted visited in March.\n\n"
    "Staff turnover remains high and caseloads are heavy in the assessment team. "
    "Leaders know this and have a plan.\n\n"
    "Recruitment is the first priority."
)
DOC = Document.from_text("report.txt", TEXT)


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as opened:
        yield opened


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def identity(annotation):
    return (annotation.id, annotation.codes, annotation.note, annotation.coder, annotation.created)


def test_reshaping_keeps_the_passage_and_is_one_undo_step(store, tmp_path) -> None:
    old = store.add(DOC, *span("Staff turnover remains high"), "staffing", note="why?", coder="ana")
    wider = store.reshape(old.id, DOC, *span("Staff turnover remains high and caseloads are heavy"))
    assert identity(wider) == identity(old)
    assert wider.exact == "Staff turnover remains high and caseloads are heavy"
    assert wider.updated >= old.updated
    with AnnotationStore.open(tmp_path / "store", read_only=True) as reopened:
        assert reopened.get(old.id) == wider  # durable
    assert store.undo() is not None
    assert store.get(old.id) == old
    assert store.redo() is not None
    assert store.get(old.id) == wider
    with pytest.raises(AnnotationError):
        store.reshape(old.id, DOC, 10, 10)  # empty: refused, nothing changed
    assert store.get(old.id) == wider


def test_merging_touching_passages_keeps_the_first_and_joins_codes_and_notes(
    store, tmp_path
) -> None:
    first = store.add(DOC, *span("Staff turnover remains high"), "staffing", note="a", coder="ana")
    second = store.add(
        DOC, *span("high and caseloads are heavy"), ["area for improvement"], note="b"
    )
    third = store.add(DOC, *span("Leaders know this"), "strength")
    whole = store.merge([second.id, first.id], DOC)
    assert identity(whole)[0::3] == (first.id, "ana")
    assert whole.created == first.created
    assert whole.codes == ("staffing", "area-for-improvement")
    assert whole.note == "a\n\nb"
    assert whole.exact == "Staff turnover remains high and caseloads are heavy"
    assert len(store) == 2
    assert store.get(second.id) is None
    with AnnotationStore.open(tmp_path / "store", read_only=True) as reopened:
        assert reopened.get(first.id) == whole and reopened.get(second.id) is None
    store.undo()
    assert store.get(first.id) == first and store.get(second.id) == second
    with pytest.raises(AnnotationError, match="apart"):
        store.merge([first.id, third.id], DOC)  # text between them is not coded
    assert len(store) == 3


def test_splitting_at_the_cursor_makes_two_passages_with_the_same_codes(store) -> None:
    sentence = span("Staff turnover remains high and caseloads are heavy in the assessment team.")
    old = store.add(DOC, *sentence, ["staffing", "strength"], note="n", coder="ana")
    head, tail = store.split(old.id, DOC, TEXT.index(" and caseloads"))
    assert identity(head) == identity(old)
    assert head.exact == "Staff turnover remains high"
    assert tail.exact == "and caseloads are heavy in the assessment team."
    assert (tail.codes, tail.note, tail.coder) == (old.codes, old.note, old.coder)
    assert tail.id != old.id
    assert store.undo() is not None
    assert store.annotations() == [old]
    with pytest.raises(AnnotationError, match="inside the passage"):
        store.split(old.id, DOC, sentence[0])
