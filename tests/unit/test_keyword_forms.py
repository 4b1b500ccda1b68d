"""Suggestion keywords find a word's forms; ``*`` any ending; phrases; ``/patterns/``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.keywords import KEYWORD_RULE, KeywordError, keyword_pattern
from annotations.suggest import suggest
from tui.cli import main


def finds(keyword: str, text: str) -> list[str]:
    return [m.group(0) for m in keyword_pattern(keyword).finditer(text)]


@pytest.mark.parametrize(
    ("keyword", "found"),
    [
        ("recruit", "recruit"),
        ("recruit", "Recruits"),
        ("recruit", "recruited"),
        ("recruit", "recruiting"),
        ("recruit", "recruiter"),
        ("recruit", "recruiters"),
        ("recruit", "recruitment"),
        ("recruit", "RECRUITMENT"),
        ("recruit", "recruit's"),
        ("staff", "staffing"),
        ("staff", "staffed"),
        ("care", "cares"),
        ("care", "cared"),
        ("care", "caring"),
        ("care", "carer"),
        ("care", "carers"),
        ("care", "carers’"),
        ("placement", "placements"),
        ("vacancy", "vacancies"),
        ("vacancy", "vacancy’s"),
        ("delay", "delays"),
        ("delay", "delayed"),
        ("plan", "planned"),
        ("plan", "planning"),
        ("effective", "effectively"),
        ("social worker", "social workers"),
        ("social worker", "Social\n  Workers"),
        ("agency worker", "agency worker's"),
        ("child", "child's"),
        ("C&YP", "C&YP"),
    ],
)
def test_a_word_finds_its_forms(keyword: str, found: str) -> None:
    assert finds(keyword, f"Before {found} after.") == [found]


@pytest.mark.parametrize(
    ("keyword", "other"),
    [
        ("care", "career"),
        ("care", "careers"),
        ("care", "cars"),
        ("staff", "Staffordshire"),
        ("plan", "planet"),
        ("child", "children"),
        ("recruit", "prerecruit"),
        ("social worker", "social working"),
        ("social worker", "socialworker"),
        ("vacancy", "vacant"),
    ],
)
def test_a_word_does_not_find_other_words(keyword: str, other: str) -> None:
    assert finds(keyword, f"Before {other} after.") == []


def test_a_star_finds_any_ending_and_a_pattern_is_taken_as_written() -> None:
    assert finds("recruit*", "recruitment drives and recruits") == ["recruitment", "recruits"]
    assert finds("child*", "children and childhood") == ["children", "childhood"]
    assert finds("social work*", "social workers do social work") == [
        "social workers",
        "social work",
    ]
    assert finds("/case-?loads?/", "Caseload, case-loads") == ["Caseload", "case-loads"]


@pytest.mark.parametrize("keyword", ["", "  ", "*", " * "])
def test_an_empty_keyword_is_refused(keyword: str) -> None:
    with pytest.raises(KeywordError, match="empty"):
        keyword_pattern(keyword)


def test_the_rule_is_stated_in_one_line() -> None:
    assert "\n" not in KEYWORD_RULE
    assert "recruit*" in KEYWORD_RULE and "recruitment" in KEYWORD_RULE


def test_keyword_recruit_suggests_a_sentence_about_recruitment(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Council news about staff today\n\n"
        "The recruitment of social workers is slow. Morale is good. Recruiters were hired.\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    found = suggest(corpus, "staffing", ["recruit"], [])
    assert [s.text for s in found] == [
        "The recruitment of social workers is slow.",
        "Recruiters were hired.",
    ]


def test_suggest_on_the_command_line_finds_word_forms(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Council news about staff today\n\nWe are recruiting carers. Careers fair next week.\n",
        encoding="utf-8",
    )
    code = main(
        ["suggest", "staffing", str(corpus), "--store", str(tmp_path / "s"), "--keyword", "care"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "We are recruiting carers." in out
    assert "Careers fair" not in out


def test_many_keywords_over_a_large_text_match_the_sentence_by_sentence_answer(
    tmp_path: Path,
) -> None:
    """The one-scan matcher gives what matching each sentence on its own gives."""
    sentences = [
        "Staff turnover rose sharply.",
        "The recruitment drive worked!",
        "Caseloads are high?",
        "Agency workers cover vacancies.",
        "Nothing here at all.",
        "Social\nworkers praised the retention plan.",
    ]
    (tmp_path / "big.txt").write_text(
        "A long report on staffing\n\n" + " ".join(sentences * 400), encoding="utf-8"
    )
    corpus = load_corpus(tmp_path)
    keywords = ["staff", "recruit", "caseload*", "agency worker", "vacancy", "/retention|turnover/"]
    found = suggest(corpus, "staffing", keywords, [])
    text = corpus["big.txt"].text
    from annotations.segments import sentence_spans

    expected = []
    for start, end in sentence_spans(text):
        piece = text[start:end]
        counts = [len(keyword_pattern(k).findall(piece)) for k in keywords]
        if any(counts):
            expected.append(
                (start, end, tuple(k for k, n in zip(keywords, counts, strict=True) if n))
            )
    assert sorted((s.start, s.end, s.keywords) for s in found) == sorted(expected)
    assert len(found) == 1 + 5 * 400  # the heading, and every sentence but "Nothing here..."
    assert re.search("Nothing", "".join(s.text for s in found)) is None


def test_text_whose_lower_case_changes_length_is_matched_with_the_right_offsets(
    tmp_path: Path,
) -> None:
    # "İ" lower-cases to two code points: matching falls back to the text as it is.
    (tmp_path / "a.txt").write_text(
        "News from İzmir and Northtown\n\n"
        "Twinned with İzmir. Staffing is short in İzmir. Recruiters wait.\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    assert len(corpus["a.txt"].text.lower()) != len(corpus["a.txt"].text)
    found = suggest(corpus, "staffing", ["staff", "recruit"], [])
    assert [s.text for s in found] == ["Staffing is short in İzmir.", "Recruiters wait."]
