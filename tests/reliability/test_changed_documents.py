"""A document changed on disk since it was coded: nothing hands out offsets into the old text.

Regression tests for issue 11, point 5: after a line was prepended to coded files (not opened
in the reader since), ``export --format json`` wrote the new text's sha256 with the old
offsets, ``--format qdpx`` put every coding about 40 characters off, and ``agree`` gave other
figures for the stores than for their exports. Now every reader of the store re-anchors first
(in memory for the read-only store the commands open), and exports check each passage again.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from annotations.corpus import load_corpus
from annotations.interchange.refi_qda.names import source_guid
from annotations.store import AnnotationStore
from tests.reliability.w3c_sources import texts_by_source
from tui.cli import main

PREPENDED = "A new first line, added after the coding.\n"
INSERTED = " (a clause added in the middle, also after the coding)"
CODES = ("staffing", "strength", "area-for-improvement")


@pytest.fixture
def changed(seeds_copy: Path, tmp_path: Path) -> dict[str, Any]:
    """Two coders' stores over the seeds, then every file given a new first line and one
    passage's text deleted (an orphan). Returns paths and the store files' bytes."""
    corpus = load_corpus(seeds_copy)
    rng = random.Random(11)
    stores = {"ann": seeds_copy / ".casereader", "bob": tmp_path / "bob"}
    for coder, folder in stores.items():
        with AnnotationStore.open(folder) as store:
            for document in corpus:
                for _ in range(6):
                    start = rng.randrange(0, len(document.text) - 200)
                    end = start + rng.randrange(20, 150)
                    store.add(document, start, end, codes=[rng.choice(CODES)], coder=coder)
    doomed = corpus.documents[0]
    with AnnotationStore.open(stores["ann"]) as store:
        gone = store.add(doomed, 0, 40, codes=["staffing"], note="its text is deleted")
    for document in corpus:
        text = document.text
        if document.id == doomed.id:
            text = text.replace(gone.exact, "")
        middle = text.index(" ", len(text) // 2)  # passages after it move, those before not
        text = text[:middle] + INSERTED + text[middle:]
        document.path.write_text(PREPENDED + text, encoding="utf-8")
    before = {p: p.read_bytes() for s in stores.values() for p in s.rglob("*.json")}
    return {"corpus": seeds_copy, "stores": stores, "before": before, "orphan": gone.id}


def placed_now(changed: dict[str, Any], coder: str = "ann") -> tuple[int, int]:
    """(placed, orphaned) passages of a store once re-anchored to the current texts."""
    with AnnotationStore.open(changed["stores"][coder], read_only=True) as store:
        store.reanchor_all(load_corpus(changed["corpus"]).documents)
        statuses = [a.status for a in store.annotations()]
    return len(statuses) - statuses.count("orphan"), statuses.count("orphan")


def current(corpus: Path) -> dict[str, str]:
    return {d.id: d.text for d in load_corpus(corpus)}


def export(corpus: Path, store: Path, fmt: str, target: Path) -> Path:
    assert main(["export", str(corpus), "--store", str(store), "--format", fmt,
                 "-o", str(target)]) == 0  # fmt: skip
    return target


def test_a_json_export_selects_every_exact_in_the_text_whose_hash_it_writes(
    changed, tmp_path: Path, capsys
) -> None:
    import hashlib

    data = json.loads(export(changed["corpus"], changed["stores"]["ann"], "json",
                             tmp_path / "a.json").read_text())  # fmt: skip
    texts = current(changed["corpus"])
    placed = orphans = 0
    for document in data["documents"]:
        text = texts[document["id"]]
        assert document["sha256"] == hashlib.sha256(text.encode()).hexdigest()
        for annotation in document["annotations"]:
            if annotation["status"] == "orphan":
                assert annotation["start"] is None and annotation["end"] is None
                orphans += 1
                continue
            assert text[annotation["start"] : annotation["end"]] == annotation["exact"]
            placed += 1
    assert (placed, orphans) == placed_now(changed) and orphans >= 1 and placed >= 25
    assert f"{orphans} orphaned passage(s) exported without offsets" in capsys.readouterr().err
    for path, data_before in changed["before"].items():
        assert path.read_bytes() == data_before  # read-only: re-anchored in memory only


def test_csv_and_w3c_offsets_select_their_text_and_orphans_are_counted(
    changed, tmp_path: Path, capsys
) -> None:
    texts = current(changed["corpus"])
    rows = list(csv.DictReader(io.StringIO(
        export(changed["corpus"], changed["stores"]["ann"], "csv", tmp_path / "a.csv")
        .read_text(encoding="utf-8-sig"))))  # fmt: skip
    placed, orphans = placed_now(changed)
    assert len(rows) == placed
    for row in rows:
        exact = texts[row["document"]][int(row["start"]) : int(row["end"])]
        assert row["text"] in (exact, "'" + exact)
    assert f"{orphans} orphaned passage(s) left out" in capsys.readouterr().err
    collection = json.loads(export(changed["corpus"], changed["stores"]["ann"], "w3c",
                                   tmp_path / "a.jsonld").read_text())  # fmt: skip
    by_uri = texts_by_source(texts)  # the URN names the text the offsets count in
    items = collection["first"]["items"]
    assert len(items) == placed
    for item in items:
        quote, position = item["target"]["selector"]
        text = by_uri[item["target"]["source"]]
        assert text[position["start"] : position["end"]] == quote["exact"]


def test_qdpx_codings_land_on_their_passages(changed, tmp_path: Path, capsys) -> None:
    from annotations.safety import parse_xml

    path = export(changed["corpus"], changed["stores"]["ann"], "qdpx", tmp_path / "a.qdpx")
    texts = current(changed["corpus"])
    with zipfile.ZipFile(path) as archive:
        root = parse_xml(archive.read("project.qde"), "project")
        sources = {d: archive.read(f"sources/{source_guid(d)}.txt").decode() for d in texts}
    assert sources == texts
    with AnnotationStore.open(changed["stores"]["ann"], read_only=True) as store:
        store.reanchor_all(load_corpus(changed["corpus"]).documents)
        exact = {a.id: a.exact for a in store.annotations()}
    checked = 0
    for source in root.iter("{urn:QDA-XML:project:1.0}TextSource"):
        text = texts[source.get("name")]
        for selection in source.iter("{urn:QDA-XML:project:1.0}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == exact[selection.get("guid")]
            checked += 1
    placed, orphans = placed_now(changed)
    assert checked == placed
    assert f"{orphans} annotation(s) left out" in capsys.readouterr().err


def test_agreement_is_the_same_from_the_stores_and_from_their_exports(
    changed, tmp_path: Path, capsys
) -> None:
    """The truth: copies of both stores re-anchored and saved by doctor. The stores as they
    are (never opened since the change) and their exports must give the same figures."""
    corpus, stores = changed["corpus"], changed["stores"]
    copies = []
    for name, store in stores.items():
        copy = tmp_path / f"saved-{name}"
        shutil.copytree(store, copy)
        main(["doctor", str(corpus), "--store", str(copy)])
        copies.append(str(copy))
    exports = [export(corpus, s, "json", tmp_path / f"{n}.json") for n, s in stores.items()]
    capsys.readouterr()
    figures = []
    for pair in (copies, [str(s) for s in stores.values()], [str(e) for e in exports]):
        assert main(["agree", *pair, "--corpus", str(corpus), "--json"]) == 0
        figures.append(json.loads(capsys.readouterr().out)["overall"])
    assert figures[0] == figures[1] == figures[2]


def test_importing_an_export_elsewhere_keeps_every_passage_on_its_text(
    changed, tmp_path: Path
) -> None:
    exported = export(changed["corpus"], changed["stores"]["ann"], "json", tmp_path / "a.json")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(changed["corpus"], elsewhere, ignore=shutil.ignore_patterns(".casereader"))
    assert main(["import", str(exported), str(elsewhere)]) == 0
    texts = current(elsewhere)
    with AnnotationStore.open(elsewhere / ".casereader", read_only=True) as store:
        annotations = store.annotations()
        assert all(store.document_hash(d) is not None for d in {a.document for a in annotations})
    assert len(annotations) == 31
    for annotation in annotations:
        if annotation.status != "orphan":
            assert texts[annotation.document][annotation.start : annotation.end] == (
                annotation.exact
            )
    assert main(["doctor", str(elsewhere)]) == 1  # the orphan needs attention, and says so


def test_an_old_export_with_the_new_hash_and_old_offsets_is_placed_on_import(
    changed, tmp_path: Path, capsys
) -> None:
    """What the old bug wrote: the new text's sha256 with the old offsets. The import must
    not trust the hash: every passage is placed in the current text."""
    import hashlib

    corpus = load_corpus(changed["corpus"])
    with AnnotationStore.open(changed["stores"]["bob"], read_only=True) as store:
        annotations = store.annotations()
    documents = [
        {"id": d.id, "title": d.title, "sha256": hashlib.sha256(d.text.encode()).hexdigest(),
         "length": len(d.text), "dateline": None,
         "annotations": [a.to_dict() for a in annotations if a.document == d.id]}
        for d in corpus
    ]  # fmt: skip
    old = {"format": "casereader-annotations", "version": 1,
           "exported": "2024-01-01T00:00:00Z", "corpus": {"root": "/gone", "documents": 5},
           "codebook": [c.to_dict() for c in store.codebook], "documents": documents}  # fmt: skip
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    target = tmp_path / "target"
    assert main(["import", str(path), str(changed["corpus"]), "--store", str(target)]) == 0
    placed, orphans = placed_now(changed, "bob")
    assert (
        f"30 passage(s) differed from the current text and were re-anchored: {placed} moved "
        f"to where their text is now, {orphans} orphaned"
    ) in capsys.readouterr().err
    texts = {d.id: d.text for d in corpus}
    with AnnotationStore.open(target, read_only=True) as store:
        for annotation in store.annotations():
            if annotation.status == "orphan":
                continue
            assert texts[annotation.document][annotation.start : annotation.end] == (
                annotation.exact
            )


def test_report_passages_and_suggestions_give_offsets_into_the_current_text(
    changed, capsys
) -> None:
    texts = current(changed["corpus"])
    assert main(["report", str(changed["corpus"]), "passages", "--json"]) == 0
    captured = capsys.readouterr()
    passages = [p for code in json.loads(captured.out)["codes"] for p in code["passages"]]
    placed, orphans = placed_now(changed)
    assert len(passages) == placed and f"{orphans} orphaned passage(s) left out" in captured.err
    for passage in passages:
        assert texts[passage["document"]][passage["start"] : passage["end"]] == passage["text"]
    assert main(["suggest", "staffing", str(changed["corpus"]), "--json", "--limit", "0"]) == 0
    suggestions = json.loads(capsys.readouterr().out)["suggestions"]
    with AnnotationStore.open(changed["stores"]["ann"], read_only=True) as store:
        store.reanchor_all(load_corpus(changed["corpus"]).documents)
        coded = [a for a in store.annotations(code="staffing") if a.status != "orphan"]
    for item in suggestions:
        assert not any(
            a.document == item["document"] and a.start < item["end"] and item["start"] < a.end
            for a in coded
        )
