"""Codes carry keywords for suggestions; they persist, undo, export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.interchange import ExportRequest, export
from annotations.model import Code
from annotations.store import AnnotationStore
from annotations.suggest import keywords_for
from tests.conftest import SEEDS


def test_set_keywords_persists_and_undoes(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        store.codebook.set_keywords("staffing", [" recruit* ", "caseload", "", "caseload"])
        assert store.codebook.get("staffing").keywords == ("recruit*", "caseload")
    with AnnotationStore.open(tmp_path / "s") as store:
        assert store.codebook.get("staffing").keywords == ("recruit*", "caseload")
        assert store.undo() is None  # undo is per session
        store.codebook.set_keywords("staffing", ["agency"])
        store.undo()
        assert store.codebook.get("staffing").keywords == ("recruit*", "caseload")


def test_effective_keywords_fall_back_to_defaults_then_the_name() -> None:
    assert "recruit*" in keywords_for(Code("staffing", "staffing", "#000000"))
    assert keywords_for(Code("x", "leadership", "#000000")) == ("leadership",)
    assert keywords_for(Code("x", "x", "#000000", keywords=("a",))) == ("a",)


@pytest.mark.parametrize("bad", [["a", 3], "word", {"a": 1}])
def test_keywords_of_the_wrong_type_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="keywords"):
        Code.from_dict({"id": "a", "name": "a", "colour": "#000000", "keywords": bad})


def test_keywords_survive_export_and_import(tmp_path: Path) -> None:
    from tui.cli import main

    corpus = load_corpus(SEEDS)
    with AnnotationStore.open(tmp_path / "a") as store:
        store.codebook.set_keywords("strength", ["praise*"])
        store.add(corpus.documents[0], 0, 5, codes=["strength"])
        export(
            "json",
            ExportRequest(corpus, store.codebook.codes, store.annotations()),
            tmp_path / "x.json",
        )
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data["codebook"][0]["keywords"] == ["praise*"]
    assert (
        main(["import", str(tmp_path / "x.json"), str(SEEDS), "--store", str(tmp_path / "b")]) == 0
    )
    with AnnotationStore.open(tmp_path / "b") as store:
        assert store.codebook.get("strength").keywords == ("praise*",)
