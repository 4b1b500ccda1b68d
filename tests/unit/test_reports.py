"""Reports: frequencies, co-occurrence, timeline, coded passages and keyword suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.analysis import ReportError, coded_passages, cooccurrence, frequencies, timeline
from annotations.corpus import load_corpus
from annotations.model import DEFAULT_CODES, Annotation, Code
from annotations.store import AnnotationStore
from annotations.suggest import keyword_pattern, suggest
from tests.unit.test_export_json import annotate, write_corpus
from tui.cli import main

X, Y = Code("x", "Ex", "#111111"), Code("y", "Why", "#222222")


def passage(start: int, end: int, *codes: str, document: str = "d.txt") -> Annotation:
    return Annotation(f"{document}:{start}:{end}:{codes}", document, start, end, "", "", "", codes)


def matrix(annotations: list[Annotation]) -> dict[str, int]:
    result = cooccurrence([X, Y], annotations)
    return {
        "xx": result.passages[0][0],
        "xy": result.passages[0][1],
        "yx": result.passages[1][0],
        "yy": result.passages[1][1],
        "chars": result.characters[0][1],
    }


# --- co-occurrence ----------------------------------------------------------------------------


def test_one_passage_carrying_both_codes_is_one_cooccurrence():
    assert matrix([passage(0, 10, "x", "y")]) == {"xx": 1, "xy": 1, "yx": 1, "yy": 1, "chars": 10}


def test_overlapping_passages_with_different_codes_cooccur():
    assert matrix([passage(0, 10, "x"), passage(5, 15, "y")])["xy"] == 1
    assert matrix([passage(0, 10, "x"), passage(5, 15, "y")])["chars"] == 5


def test_touching_passages_do_not_cooccur():
    assert matrix([passage(0, 10, "x"), passage(10, 15, "y")])["xy"] == 0


def test_passages_in_different_documents_do_not_cooccur():
    found = matrix([passage(0, 10, "x"), passage(0, 10, "y", document="e.txt")])
    assert found["xy"] == 0


def test_each_pair_of_passages_counts_once_even_if_both_carry_both_codes():
    # {p, p}, {q, q} and {p, q}: three places where x meets y.
    assert matrix([passage(0, 10, "x", "y"), passage(5, 15, "x", "y")])["xy"] == 3


def test_the_diagonal_counts_passages():
    found = matrix([passage(0, 3, "x"), passage(1, 2, "x"), passage(5, 6, "y")])
    assert (found["xx"], found["yy"]) == (2, 1)


def test_pairs_are_listed_most_frequent_first():
    z = Code("z", "Zed", "#333333")
    result = cooccurrence(
        [X, Y, z], [passage(0, 9, "x", "y"), passage(0, 9, "x", "z"), passage(1, 2, "z", "x")]
    )
    first = result.pairs()[0]
    assert (first[0].id, first[1].id) == ("x", "z")


# --- frequencies ------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path):
    return write_corpus(
        tmp_path / "c",
        {
            "a.txt": "Staff are leaving. Recruitment is hard. Caseloads rise.\n",
            "b.txt": "Leaders are praised.\nStaff morale is good.\n",
        },
    )


def test_frequencies_count_passages_documents_and_characters(corpus):
    items = [
        annotate(corpus, "a.txt", 0, 18, "staffing"),
        annotate(corpus, "a.txt", 10, 38, "staffing", "area-for-improvement"),
        annotate(corpus, "b.txt", 21, 42, "staffing"),
    ]
    result = frequencies(corpus, DEFAULT_CODES, items)
    by_code = {row.code: row for row in result.overall}
    assert (by_code["staffing"].passages, by_code["staffing"].documents) == (3, 2)
    assert by_code["staffing"].characters == 38 + 21
    assert by_code["strength"].passages == 0
    per_document = {row.document: row.passages for row in result.per_document}
    assert per_document["a.txt"] == {"strength": 0, "area-for-improvement": 1, "staffing": 2}


def test_frequencies_include_codes_missing_from_the_codebook(corpus):
    result = frequencies(corpus, DEFAULT_CODES, [annotate(corpus, "a.txt", 0, 5, "ghost")])
    assert result.overall[-1].code == "ghost" and result.overall[-1].passages == 1


def test_a_code_filter_narrows_the_report(corpus):
    items = [
        annotate(corpus, "a.txt", 0, 5, "staffing"),
        annotate(corpus, "b.txt", 0, 5, "strength"),
    ]
    result = frequencies(corpus, DEFAULT_CODES, items, only={"strength"})
    assert [row.code for row in result.overall] == ["strength"]
    assert result.passages == 1


# --- timeline and passages --------------------------------------------------------------------


def test_timeline_groups_passages_by_dateline_month(seeds_copy):
    corpus = load_corpus(seeds_copy)
    dated = [d for d in corpus if d.dateline is not None]
    first = dated[0]
    items = [
        annotate(corpus, first.id, 0, 5, "staffing"),
        annotate(corpus, first.id, 5, 9, "strength"),
    ]
    result = timeline(corpus, DEFAULT_CODES, items)
    month = first.dateline.date.strftime("%Y-%m")
    row = next(r for r in result.rows if r.period == month)
    assert row.passages == {"strength": 1, "area-for-improvement": 0, "staffing": 1}
    assert sum(r.documents for r in result.rows) == len(corpus)
    assert [r.period for r in result.rows] == sorted(r.period for r in result.rows)


def test_timeline_by_year_and_undated_last(corpus):
    result = timeline(
        corpus, DEFAULT_CODES, [annotate(corpus, "a.txt", 0, 5, "staffing")], by="year"
    )
    assert result.rows[-1].period == "undated"
    assert result.rows[-1].passages["staffing"] == 1


def test_timeline_refuses_other_periods(corpus):
    with pytest.raises(ReportError):
        timeline(corpus, DEFAULT_CODES, [], by="week")


def test_coded_passages_list_each_codes_text_in_order(corpus):
    items = [
        annotate(corpus, "b.txt", 0, 20, "strength", note="good"),
        annotate(corpus, "a.txt", 0, 18, "strength"),
    ]
    (strength,) = coded_passages(corpus, DEFAULT_CODES, items, only={"strength"})
    assert [p.text for p in strength.passages] == ["Staff are leaving.", "Leaders are praised."]
    assert strength.passages[1].note == "good"


# --- suggestions ------------------------------------------------------------------------------


def test_keywords_match_whole_words_prefixes_phrases_and_patterns():
    assert keyword_pattern("staff").search("Staff left")
    assert not keyword_pattern("staff").search("staffing")
    assert keyword_pattern("staff*").search("staffing")
    assert keyword_pattern("social worker").search("social\n worker")
    assert keyword_pattern("/case-?loads?/").search("caseload")


def test_a_bad_pattern_is_one_clear_error():
    with pytest.raises(ReportError, match="not a valid pattern"):
        keyword_pattern("/([/")


def test_suggestions_rank_by_keywords_and_skip_coded_sentences(corpus):
    coded = annotate(corpus, "b.txt", 21, 42, "staffing")
    found = suggest(corpus, "staffing", ["staff*", "recruit*", "caseload*"], [coded])
    assert [s.text for s in found] == [
        "Staff are leaving.",
        "Recruitment is hard.",
        "Caseloads rise.",
    ]
    assert all(s.document == "a.txt" for s in found)
    every = suggest(corpus, "staffing", ["staff*"], [coded], include_coded=True)
    assert len(every) == 2


def test_suggestions_need_keywords(corpus):
    with pytest.raises(ReportError, match="no keywords"):
        suggest(corpus, "staffing", [], [])


# --- the commands -----------------------------------------------------------------------------


@pytest.fixture
def coded(corpus) -> Path:
    with AnnotationStore.open(corpus.root / ".casereader") as store:
        store.add(corpus["a.txt"], 0, 18, ["staffing", "area for improvement"])
        store.add(corpus["b.txt"], 0, 20, ["strength"], note="praise")
    return corpus.root


@pytest.mark.parametrize("kind", ["frequencies", "cooccurrence", "timeline", "passages"])
def test_report_json_is_one_document_on_stdout(coded, capsys, kind):
    assert main(["report", str(coded), "--json", kind]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["report"] == kind
    assert captured.err == ""


@pytest.mark.parametrize("kind", ["frequencies", "cooccurrence", "timeline", "passages"])
def test_report_prints_tables(coded, capsys, kind):
    assert main(["report", str(coded), kind, "--code", "staffing"]) == 0
    assert "staffing" in capsys.readouterr().out


def test_report_without_a_report_name_is_one_line(coded, capsys):
    assert main(["report", str(coded)]) == 2
    assert "say which report" in capsys.readouterr().err


def test_report_with_an_unknown_code_is_one_line(coded, capsys):
    assert main(["report", "frequencies", str(coded), "--code", "nope"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_suggest_lists_uncoded_sentences_as_json(coded, capsys):
    assert main(["suggest", "staffing", str(coded), "--json", "--keyword", "staff*"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [s["text"] for s in document["suggestions"]] == ["Staff morale is good."]


def test_suggest_uses_built_in_keywords_for_default_codes(coded, capsys):
    assert main(["suggest", "staffing", str(coded), "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "recruit*" in out and "Recruitment is hard." in out
