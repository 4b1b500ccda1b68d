"""A title a coder gave a document (R in the reader, kept in the store) is what the corpus
list, reports and exports show: the document itself is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from annotations.corpus import load_corpus
from annotations.store import AnnotationStore
from tests.functional.test_reader_flow import BLOG
from tui.cli import main


def test_a_retitled_corpus_shares_each_document_s_text_and_changes_only_its_title(
    seeds_copy: Path,
) -> None:
    corpus = load_corpus(seeds_copy)
    blog = corpus[BLOG]
    renamed = corpus.retitled({BLOG: "Tucker's blog", "not/in/the/corpus.txt": "nothing"})
    assert renamed[BLOG].title == "Tucker's blog"
    assert renamed[BLOG].text == blog.text and renamed[BLOG].sha256 == blog.sha256
    assert renamed[BLOG].dateline == blog.dateline and renamed[BLOG].path == blog.path
    assert blog.title != "Tucker's blog"  # the document itself keeps its own
    others = [d.id for d in corpus if d.id != BLOG]
    assert all(renamed[doc_id] is corpus[doc_id] for doc_id in others)
    assert corpus.retitled({}) is corpus
    assert corpus.retitled({"elsewhere.txt": "x"}) is corpus


def test_exports_and_reports_name_a_renamed_document_by_its_display_title(
    seeds_copy: Path, tmp_path: Path, capsys
) -> None:
    store_folder = tmp_path / "store"
    corpus = load_corpus(seeds_copy)
    with AnnotationStore.open(store_folder) as store:
        blog = corpus[BLOG]
        store.add(blog, 0, 20, codes=["staffing"], coder="ana")
        store.set_display_title(BLOG, "Tucker's blog")
    out = tmp_path / "out.json"
    args = [str(seeds_copy), "--store", str(store_folder)]
    assert main(["export", *args, "--format", "json", "-o", str(out)]) == 0
    titles = {d["id"]: d["title"] for d in json.loads(out.read_text())["documents"]}
    assert titles[BLOG] == "Tucker's blog"
    assert main(["export", *args, "--format", "csv", "-o", str(tmp_path / "out.csv")]) == 0
    assert "Tucker's blog" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    capsys.readouterr()
    assert main(["report", "passages", *args]) == 0
    assert "Tucker's blog" in capsys.readouterr().out
