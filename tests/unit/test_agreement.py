"""Inter-coder agreement: figures checked by hand and against the ``krippendorff`` package."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.analysis import ReportError, agreement, nominal_agreement, segments
from annotations.corpus import load_corpus
from annotations.model import DEFAULT_CODES, Annotation
from annotations.store import AnnotationStore
from tests.unit.test_export_json import write_corpus
from tui.cli import main


def passage(start: int, end: int, *codes: str, document: str = "d.txt", coder=None) -> Annotation:
    return Annotation(
        f"{document}:{start}:{end}:{','.join(codes)}:{coder}",
        document,
        start,
        end,
        "x" * (end - start),
        "",
        "",
        codes,
        coder=coder,
    )


def reference_alpha(first: list, second: list) -> float:
    return krippendorff.alpha(
        reliability_data=np.array([first, second]), level_of_measurement="nominal"
    )


# --- the statistics ---------------------------------------------------------------------------


def test_a_two_by_two_table_worked_by_hand():
    # A and B code 50 units: both yes 20, A only 5, B only 10, both no 15.
    scores = nominal_agreement({(1, 1): 20, (1, 0): 5, (0, 1): 10, (0, 0): 15})
    assert scores.units == 50
    assert scores.percent == pytest.approx(0.7)  # 35 / 50
    assert scores.kappa == pytest.approx(0.4)  # (0.7 - 0.5) / (1 - 0.5)
    assert scores.alpha == pytest.approx(0.4)  # 1 - 99 * 15 / (55 * 45)


def test_the_hand_worked_alpha_matches_the_krippendorff_package():
    first = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    second = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert reference_alpha(first, second) == pytest.approx(0.4)


def test_perfect_agreement_is_one():
    scores = nominal_agreement({("a", "a"): 7, ("b", "b"): 3})
    assert (scores.percent, scores.kappa, scores.alpha) == (1.0, 1.0, 1.0)


def test_no_variation_leaves_kappa_and_alpha_undefined():
    scores = nominal_agreement({(False, False): 100})
    assert scores.percent == 1.0
    assert scores.kappa is None and scores.alpha is None


def test_an_empty_table_has_no_figures():
    assert nominal_agreement({}).percent is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=2, max_size=60))
def test_alpha_matches_the_krippendorff_package(pairs):
    scores = nominal_agreement(Counter(pairs))
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    if len(set(first) | set(second)) < 2:
        assert scores.alpha is None
        return
    assert scores.alpha == pytest.approx(reference_alpha(first, second), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=60))
def test_kappa_matches_its_definition(pairs):
    scores = nominal_agreement(Counter(pairs))
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / n / n
    if expected == 1:
        assert scores.kappa is None
    else:
        assert scores.kappa == pytest.approx((observed - expected) / (1 - expected))


# --- characters -------------------------------------------------------------------------------


def per_character(length: int, items: list[Annotation]) -> list[frozenset[str]]:
    """The slow, obvious way: each character's codes."""
    return [
        frozenset(c for a in items if a.start <= i < a.end for c in a.codes) for i in range(length)
    ]


spans = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(["x", "y", "z"])).map(
        lambda t: passage(min(t[0], t[1]), max(t[0], t[1]), t[2])
    ),
    max_size=6,
)


@settings(max_examples=80, deadline=None)
@given(spans, spans)
def test_segments_agree_with_a_character_by_character_count(first, second):
    expected = Counter(zip(per_character(30, first), per_character(30, second), strict=True))
    found: Counter = Counter()
    for size, codes_a, codes_b in segments(30, first, second):
        found[(codes_a, codes_b)] += size
    assert found == expected


def test_character_level_agreement_of_two_overlapping_passages():
    # A codes 0-5 as x, B codes 2-7 as x, in a 10-character document.
    result = agreement({"d.txt": 10}, DEFAULT_CODES, [passage(0, 5, "x")], [passage(2, 7, "x")])
    first = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    second = [0, 0, 1, 1, 1, 1, 1, 0, 0, 0]
    scores = result.per_code["x"]
    assert scores.units == 10
    assert scores.percent == pytest.approx(0.6)
    assert scores.kappa == pytest.approx(0.2)  # (0.6 - 0.5) / 0.5
    assert scores.alpha == pytest.approx(reference_alpha(first, second))
    assert result.unit == "character"


def test_overall_treats_each_characters_set_of_codes_as_one_category():
    first = [passage(0, 4, "x"), passage(2, 6, "y")]
    second = [passage(0, 4, "x", "y")]
    result = agreement({"d.txt": 8}, DEFAULT_CODES, first, second)
    labels_a = ["x", "x", "xy", "xy", "y", "y", "", ""]
    labels_b = ["xy", "xy", "xy", "xy", "", "", "", ""]
    assert result.overall.percent == pytest.approx(4 / 8)
    assert result.overall.alpha == pytest.approx(reference_alpha(labels_a, labels_b))


def test_only_documents_both_coders_coded_are_compared():
    first = [passage(0, 4, "x"), passage(0, 4, "x", document="only-a.txt")]
    second = [passage(0, 4, "x"), passage(0, 2, "x", document="only-b.txt")]
    result = agreement({"d.txt": 10}, DEFAULT_CODES, first, second)
    assert result.documents == ["d.txt"]
    assert (result.only_first, result.only_second) == (["only-a.txt"], ["only-b.txt"])
    assert result.overall.units == 10


def test_each_document_gets_its_own_figures():
    first = [passage(0, 4, "x"), passage(0, 4, "x", document="e.txt")]
    second = [passage(0, 4, "x"), passage(4, 8, "x", document="e.txt")]
    result = agreement({"d.txt": 10, "e.txt": 10}, DEFAULT_CODES, first, second)
    rows = {row.document: row for row in result.per_document}
    assert rows["d.txt"].overall.percent == 1.0
    assert rows["e.txt"].overall.percent == pytest.approx(0.2)
    assert result.overall.units == 20


def test_a_code_filter_limits_the_codes_compared():
    result = agreement(
        {"d.txt": 10}, DEFAULT_CODES, [passage(0, 4, "x", "y")], [passage(0, 4, "x")], only={"x"}
    )
    assert [c.id for c in result.codes] == ["x"]
    assert result.overall.percent == 1.0


def test_a_passage_past_the_end_means_different_texts():
    with pytest.raises(ReportError, match="same text"):
        agreement({"d.txt": 5}, DEFAULT_CODES, [passage(0, 9, "x")], [passage(0, 2, "x")])


def test_json_names_the_unit_and_method():
    result = agreement({"d.txt": 10}, DEFAULT_CODES, [passage(0, 5, "x")], [passage(2, 7, "x")])
    document = result.to_json()
    assert document["unit"] == "character"
    assert "Krippendorff" in document["method"]
    assert {"percent_agreement", "cohen_kappa", "krippendorff_alpha"} <= set(document["overall"])


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def two_coders(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write_corpus(root, {"a.txt": "Staff left in droves last year.\n", "b.txt": "Leaders help.\n"})
    corpus = load_corpus(root)
    with AnnotationStore.open(root / ".casereader") as store:
        store.add(corpus["a.txt"], 0, 10, ["staffing"], coder="ana")
        store.add(corpus["a.txt"], 5, 15, ["staffing"], coder="ben")
        store.add(corpus["b.txt"], 0, 7, ["strength"], coder="ana")
    return root


def test_agree_compares_two_coders_of_one_store(two_coders, capsys):
    store = str(two_coders / ".casereader")
    argv = ["agree", store, store, "--coder-a", "ana", "--coder-b", "ben", "--json"]
    assert main(argv) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["documents"] == ["a.txt"]
    assert document["documents_only_A"] == ["b.txt"]
    staffing = next(c for c in document["codes"] if c["code"] == "staffing")
    assert staffing["units"] == len("Staff left in droves last year.\n")


def test_agree_reads_json_exports_without_a_corpus(two_coders, tmp_path, capsys):
    for coder in ("ana", "ben"):
        argv = ["export", str(two_coders), "--format", "json", "--coder", coder]
        assert main([*argv, "-o", str(tmp_path / f"{coder}.json")]) == 0
    capsys.readouterr()
    assert main(["agree", str(tmp_path / "ana.json"), str(tmp_path / "ben.json"), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["overall"]["units"] == 32


def test_agree_prints_tables_with_the_unit(two_coders, capsys):
    store = str(two_coders / ".casereader")
    assert main(["agree", store, store, "--coder-a", "ana", "--coder-b", "ben"]) == 0
    out = capsys.readouterr().out
    assert "Unit: characters" in out and "Krippendorff" in out


def test_agree_exits_1_when_no_document_was_coded_by_both(two_coders, capsys):
    store = str(two_coders / ".casereader")
    corpus = load_corpus(two_coders)
    with AnnotationStore.open(two_coders / ".casereader") as opened:
        opened.add(corpus["b.txt"], 0, 3, ["staffing"], coder="cy")
    argv = ["agree", store, store, "--coder-a", "ben", "--coder-b", "cy", "--json"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["documents"] == []
    assert "no document was coded by both" in captured.err


def test_agree_refuses_exports_of_different_texts(two_coders, tmp_path, capsys):
    argv = ["export", str(two_coders), "--format", "json"]
    assert main([*argv, "-o", str(tmp_path / "a.json")]) == 0
    (two_coders / "a.txt").write_text("Staff left in droves last year, and more.\n")
    assert main([*argv, "-o", str(tmp_path / "b.json")]) == 0
    capsys.readouterr()
    assert main(["agree", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 2
    assert "different versions" in capsys.readouterr().err


def test_agree_with_a_missing_side_is_one_line(tmp_path, capsys):
    assert main(["agree", str(tmp_path / "nope"), str(tmp_path / "nope2")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
