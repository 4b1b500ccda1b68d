"""Reading coding back (issue 16): the passages screen's choice and order of passages, the
paragraph number a passage is cited by, and what the report and agree commands cover."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.analysis import PassageFilter, chosen_passages, coded_passages, timeline
from annotations.model import DEFAULT_CODES, Annotation
from annotations.store import AnnotationStore
from tests.unit.test_export_json import annotate, write_corpus
from tui.cli import main


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


def dated_corpus(tmp_path):
    return write_corpus(
        tmp_path / "c",
        {
            "jan.txt": "Published 3 January 2024\n\nStaff left.\n",
            "jan2.txt": "Published 20 January 2024\n\nStaff stayed.\n",
            "apr.txt": "Published 2 April 2024\n\nStaff came.\n",
            "none.txt": "No date here.\n",
        },
    )


def test_the_timeline_has_every_month_and_counts_coded_and_all_documents(tmp_path):
    corpus = dated_corpus(tmp_path)
    assert corpus["jan.txt"].dateline is not None
    items = [annotate(corpus, "jan.txt", 26, 31, "staffing")]
    result = timeline(corpus, DEFAULT_CODES, items)
    rows = {row.period: row for row in result.rows}
    assert [row.period for row in result.rows] == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
        "undated",
    ]
    assert (rows["2024-01"].documents, rows["2024-01"].coded_documents) == (2, 1)
    assert (rows["2024-02"].documents, rows["2024-02"].coded_documents) == (0, 0)
    assert result.to_json()["periods"][0]["coded_documents"] == 1
    assert [row.period for row in timeline(corpus, DEFAULT_CODES, items, "year").rows] == [
        "2024",
        "undated",
    ]


@pytest.fixture
def two_coders(tmp_path: Path) -> Path:
    corpus = write_corpus(
        tmp_path / "c", {"a.txt": "Staff are leaving.\n", "b.txt": "Leaders are praised.\n"}
    )
    with AnnotationStore.open(corpus.root / ".casereader") as store:
        for coder, spans in (("ana", [(0, 5), (10, 18)]), ("ben", [(0, 18)])):
            for start, end in spans:
                store.add(corpus["a.txt"], start, end, ["staffing"], coder=coder)
            store.add(corpus["b.txt"], 0, 7, ["strength"], coder=coder)
    return corpus.root


def report(capsys, *words: str) -> dict:
    assert main(["report", *words, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_report_counts_one_coder_and_one_document(two_coders, capsys):
    folder = str(two_coders)
    every = report(capsys, folder, "frequencies")
    ana = report(capsys, folder, "frequencies", "--coder", "ANA")
    only_b = report(capsys, folder, "frequencies", "--document", "b.txt")
    assert {r["code"]: r for r in every["codes"]}["staffing"]["passages"] == 3
    assert {r["code"]: r for r in ana["codes"]}["staffing"]["passages"] == 2
    assert {r["code"]: r for r in only_b["codes"]}["staffing"]["passages"] == 0
    assert [r["document"] for r in only_b["documents"]] == ["b.txt"]
    passages = report(capsys, folder, "passages", "--coder", "ben", "--code", "staffing")
    assert [(p["coder"], p["paragraph"]) for p in passages["codes"][0]["passages"]] == [("ben", 1)]
    assert main(["report", folder, "frequencies", "--coder", "cyd"]) == 2
    assert "no annotations by coder 'cyd'" in capsys.readouterr().err


def test_agree_labels_each_side_by_its_coder_names(two_coders, tmp_path, capsys):
    for coder in ("ana", "ben"):
        argv = ["export", str(two_coders), "--format", "json", "--coder", coder]
        assert main([*argv, "-o", str(tmp_path / f"{coder}.json")]) == 0
    capsys.readouterr()
    assert main(["agree", str(tmp_path / "ana.json"), str(tmp_path / "ben.json"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["coders"] == {"A": "ana", "B": "ben"}
    store = str(two_coders / ".casereader")
    assert main(["agree", store, store, "--json"]) == 0  # the same names on both sides
    coders = json.loads(capsys.readouterr().out)["coders"]
    assert coders["A"].startswith("ana, ben (") and store in coders["A"]


def test_a_report_figure_names_the_passages_it_counts():
    from annotations.analysis import cooccurrence, cooccurrence_cells, frequency_cells

    items = [
        coded("a.txt", 0, ("staffing", "strength"), "ana", ""),  # one passage, both codes
        Annotation("p", "a.txt", 0, 9, "x", "", "", ("staffing",)),
        Annotation("q", "a.txt", 5, 12, "x", "", "", ("strength",)),  # overlaps p
        Annotation("r", "b.txt", 0, 3, "x", "", "", ("strength",)),  # overlaps nothing
    ]
    (cell,) = cooccurrence_cells(DEFAULT_CODES, items)
    strength_staffing = cooccurrence(DEFAULT_CODES, items).pairs()[0][2]
    assert cell.label == f"strength + staffing: {strength_staffing} overlapping pair(s)"
    assert cell.only == {"a.txt0", "p", "q"}
    labels = [c.label for c in frequency_cells(DEFAULT_CODES, items, {"b.txt": "Bee"})]
    assert "strength: 3 passage(s)" in labels and "strength in Bee: 1" in labels
