"""Reading coding back (issue 16): the passages screen's choice and order of passages, the
paragraph number a passage is cited by, and what the report and agree commands cover."""

from __future__ import annotations

from annotations.analysis import PassageFilter, chosen_passages, coded_passages
from annotations.model import DEFAULT_CODES, Annotation
from tests.unit.test_export_json import annotate, write_corpus


def coded(doc: str, start: int, codes: tuple[str, ...], coder: str, when: str) -> Annotation:
    return Annotation(f"{doc}{start}", doc, start, start + 1, "x", "", "", codes, "", coder, when)


PASSAGES = [
    coded("b.txt", 5, ("strength",), "ana", "2024-01-03"),
    coded("a.txt", 9, ("staffing", "strength"), "ben", "2024-01-01"),
    coded("a.txt", 2, ("staffing",), "ana", "2024-01-02"),
]


def test_passages_are_chosen_by_code_coder_and_document():
    def ids(**wanted: str) -> list[str]:
        return [a.id for a in chosen_passages(PASSAGES, PassageFilter(**wanted))]

    assert ids() == ["a.txt2", "a.txt9", "b.txt5"]  # document order
    assert ids(code="strength") == ["a.txt9", "b.txt5"]
    assert ids(coder="ana") == ["a.txt2", "b.txt5"]
    assert ids(document="a.txt", code="strength", coder="ben") == ["a.txt9"]
    assert ids(coder="nobody") == []


def test_passages_sort_by_dateline_undated_last_or_newest_coded_first():
    dates = {"b.txt": "2020-05-01"}
    by_date = chosen_passages(PASSAGES, PassageFilter(order="dateline"), dates)
    assert [a.id for a in by_date] == ["b.txt5", "a.txt2", "a.txt9"]
    newest = chosen_passages(PASSAGES, PassageFilter(order="coded"))
    assert [a.id for a in newest] == ["b.txt5", "a.txt2", "a.txt9"]


def test_a_listed_passage_carries_its_paragraph_number(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "One.\n\nTwo, then\nmore.\n\n\nThree.\n"})
    text = corpus["a.txt"].text
    items = [
        annotate(corpus, "a.txt", text.index(w), text.index(w) + 3, "staffing")
        for w in ("One", "more", "Three")
    ]
    (staffing,) = coded_passages(corpus, DEFAULT_CODES, items, only={"staffing"})
    assert [p.paragraph for p in staffing.passages] == [1, 2, 3]
    assert staffing.to_json()["passages"][2]["paragraph"] == 3
