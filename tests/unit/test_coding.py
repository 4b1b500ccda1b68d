"""One coder's coding read for comparison, from a store folder or an export file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.coding import Coding, document_lengths, load_coding, merged_codes
from annotations.errors import CasereaderError
from annotations.interchange import ExportRequest
from annotations.interchange.json_format import export_json
from annotations.model import Code
from annotations.store import AnnotationStore
from tests.unit.test_export_json import write_corpus

TEXT = "Staff turnover is high. Leaders know their children well.\n"


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """A corpus with its store: one passage by ana, one by ben, one orphan."""
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": TEXT})
    with AnnotationStore.open(tmp_path / "corpus" / ".casereader") as store:
        store.add(corpus["a.txt"], 0, 22, "staffing", coder="ana")
        store.add(corpus["a.txt"], 24, 57, "strength", coder="ben")
    return tmp_path / "corpus"


def test_a_store_folder_gives_its_codes_passages_and_text_hashes(coded):
    coding = load_coding(coded / ".casereader", None)
    assert [a.exact for a in coding.annotations] == [
        "Staff turnover is high",
        "Leaders know their children well.",
    ]
    assert [c.id for c in coding.codes] == ["strength", "area-for-improvement", "staffing"]
    assert set(coding.hashes) == {"a.txt"} and coding.corpus == coded


def test_a_store_is_read_in_the_current_text_of_its_corpus(coded):
    (coded / "a.txt").write_text("New first line.\n" + TEXT, encoding="utf-8")
    coding = load_coding(coded / ".casereader", "ana")
    assert coding.label.endswith("(ana)")
    [passage] = coding.annotations
    assert (passage.start, passage.exact) == (16, "Staff turnover is high")


def test_an_export_gives_the_lengths_and_hashes_it_records(coded, tmp_path):
    with AnnotationStore.open(coded / ".casereader", read_only=True) as store:
        corpus = write_corpus(coded, {})
        target = tmp_path / "export.json"
        target.write_bytes(
            export_json(ExportRequest(corpus, store.codebook.codes, store.annotations()))
        )
    coding = load_coding(target, "ben")
    assert [a.coder for a in coding.annotations] == ["ben"]
    assert coding.lengths == {"a.txt": len(TEXT)}
    assert coding.hashes == load_coding(coded / ".casereader", None).hashes


def test_a_csv_export_is_refused_in_one_line(tmp_path):
    summary = tmp_path / "coding.csv"
    summary.write_text("document,code\n", encoding="utf-8")
    with pytest.raises(CasereaderError, match="holds too little to compare"):
        load_coding(summary, None)


def test_a_missing_side_is_refused(tmp_path):
    with pytest.raises(CasereaderError, match="no such store folder or export file"):
        load_coding(tmp_path / "nowhere", None)


def test_merged_codes_are_a_codebook_then_codes_only_b_has():
    x, y, z = Code("x", "X", "#111111"), Code("y", "Y", "#222222"), Code("z", "Z", "#333333")
    first, second = Coding("A", [x, y], []), Coding("B", [z, y], [])
    assert merged_codes(first, second) == [x, y, z]


def test_codings_of_different_texts_are_refused(coded):
    first = load_coding(coded / ".casereader", "ana")
    second = load_coding(coded / ".casereader", "ben")
    assert document_lengths(first, second, None, "Europe/London") == {"a.txt": len(TEXT)}
    second.hashes = {"a.txt": "0" * 64}
    with pytest.raises(CasereaderError, match="different versions"):
        document_lengths(first, second, None, "Europe/London")
