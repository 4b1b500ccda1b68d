"""A refused import leaves nothing behind, and a project's texts are decoded as the corpus
decodes them.

Regression tests for issue 11, points 4 and 9: a refused ``.qdpx`` left its texts and a new
``.casereader/`` in the corpus folder; a refused JSON import created a store in whatever
folder the file names as ``corpus.root``; a ``.qdpx`` source with a UTF-16 byte-order mark
slipped past the binary check, wrote text holding NUL into the corpus and was then refused
with a misleading message. And point 6's last part: an export naming ``/`` as its corpus root
made the import walk the whole file system.
"""

from __future__ import annotations

import codecs
import json
import os
import zipfile
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.store import AnnotationStore
from tui.cli import main


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def project(seeds_copy: Path, tmp_path: Path) -> Path:
    """A .qdpx of the seeds with a coding on each document."""
    corpus = load_corpus(seeds_copy)
    with AnnotationStore.open(tmp_path / "store") as store:
        for document in corpus:
            store.add(document, 10, 60, codes=["staffing"])
    path = tmp_path / "project.qdpx"
    assert main(["export", str(seeds_copy), "--store", str(tmp_path / "store"),
                 "--format", "qdpx", "-o", str(path)]) == 0  # fmt: skip
    return path


def rewrite(project: Path, target: Path, change) -> Path:
    """A copy of the project with ``change(name, data) -> data`` applied to each entry."""
    with zipfile.ZipFile(project) as source:
        LAST[0] = [n for n in source.namelist() if n.startswith("sources/")][-1]
    with zipfile.ZipFile(project) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            copy.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return target


def utf16_with_nul(name: str, data: bytes) -> bytes:
    """The last source (so the others are fine) as UTF-16 with a BOM, holding a NUL."""
    if name.startswith("sources/") and name.endswith(".txt") and LAST[0] == name:
        return codecs.BOM_UTF16_LE + ("\x00" + data.decode()).encode("utf-16-le")
    return data


LAST = [""]


def test_a_utf16_source_holding_nul_is_never_written(project: Path, tmp_path: Path, capsys) -> None:
    """Issue 14: a project is imported as far as it can be; a source that is not text is
    listed as not imported (exit 1) and never reaches the corpus folder."""
    bad = rewrite(project, tmp_path / "bad.qdpx", utf16_with_nul)
    folder = tmp_path / "imported"
    assert main(["import", str(bad), str(folder)]) == 1
    err = capsys.readouterr().err
    assert "is not text (binary file (NUL or control bytes)" in err, err
    assert "not in the corpus" not in err
    with zipfile.ZipFile(bad) as archive:
        texts = [n for n in archive.namelist() if n.startswith("sources/")]
    assert len(list(folder.glob("*.txt"))) == len(texts) - 1  # every text but the bad one
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_project_with_a_bad_source_leaves_an_existing_file_as_it_was(
    project: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "mine.txt").write_text("A report of mine, already here.\n")
    bad = rewrite(project, tmp_path / "bad.qdpx", utf16_with_nul)
    assert main(["import", str(bad), str(folder)]) == 1
    assert "mine.txt" in tree(folder)
    assert (folder / "mine.txt").read_text() == "A report of mine, already here.\n"


def test_a_project_refused_by_the_store_takes_its_texts_back(
    project: Path, tmp_path: Path, capsys
) -> None:
    """Refused after the texts were read and checked: the store is damaged."""
    folder = tmp_path / "imported"
    store = tmp_path / "damaged-store"
    store.mkdir()
    (store / "meta.json").write_text("{not json")
    assert main(["import", str(project), str(folder), "--store", str(store)]) == 2
    assert "meta.json is damaged" in capsys.readouterr().err
    assert not folder.exists()
    assert [p for p in tree(store) if p != ".lock"] == ["meta.json"]


def test_a_project_that_fails_in_the_store_leaves_no_texts_and_no_store(
    project: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Refused at the very end, when the transaction is saved (a full disk)."""
    import errno

    real = os.replace

    def disk_full(source, target, *args, **kwargs):
        if str(target).endswith(".json") and "docs" in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", disk_full)
    folder = tmp_path / "imported"
    assert main(["import", str(project), str(folder)]) == 2
    assert "disk full" in capsys.readouterr().err
    assert not folder.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_project_imported_twice_changes_nothing_the_second_time(
    project: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "imported"
    assert main(["import", str(project), str(folder)]) == 0
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
    assert main(["import", str(project), str(folder)]) == 0
    assert "0 added, 0 updated, 5 skipped" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
    assert after == before


@pytest.fixture
def export_elsewhere(seeds_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A JSON export that names another folder (a copy of the corpus) as its corpus root."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for document in seeds_copy.glob("*.txt"):
        (elsewhere / document.name).write_bytes(document.read_bytes())
    store = tmp_path / "store"
    with AnnotationStore.open(store) as opened:
        for document in load_corpus(seeds_copy):
            opened.add(document, 10, 60, codes=["staffing"])
    path = tmp_path / "export.json"
    assert main(["export", str(seeds_copy), "--store", str(store), "--format", "json",
                 "-o", str(path)]) == 0  # fmt: skip
    data = json.loads(path.read_text())
    data["corpus"]["root"] = str(elsewhere)
    path.write_text(json.dumps(data))
    return path, elsewhere


def test_a_refused_json_import_creates_no_store_in_the_folder_it_names(
    export_elsewhere: tuple[Path, Path], capsys
) -> None:
    path, elsewhere = export_elsewhere
    data = json.loads(path.read_text())
    first = data["documents"][0]
    first["length"] = None
    first["annotations"][0].update(start=10**6, end=10**6 + 50)
    path.write_text(json.dumps(data))
    assert main(["import", str(path)]) == 2
    assert "past the end" in capsys.readouterr().err
    assert not (elsewhere / ".casereader").exists()


def test_a_json_import_refused_by_the_codebook_creates_no_store(
    export_elsewhere: tuple[Path, Path], tmp_path: Path, capsys
) -> None:
    path, elsewhere = export_elsewhere
    data = json.loads(path.read_text())
    data["codebook"].append({"id": "x", "name": "X", "colour": "#123456", "parent": "nope"})
    path.write_text(json.dumps(data))
    assert main(["import", str(path)]) == 2
    assert "no code 'nope'" in capsys.readouterr().err
    assert not (elsewhere / ".casereader").exists()


def test_the_folder_an_export_names_is_never_walked(
    export_elsewhere: tuple[Path, Path], tmp_path: Path, capsys
) -> None:
    """Only the documents the export names are read: a FIFO or a huge tree beside them, or a
    root of ``/``, costs nothing."""
    path, elsewhere = export_elsewhere
    os.mkfifo(elsewhere / "pipe.txt")
    deep = elsewhere / "deep"
    for n in range(200):
        (deep / str(n)).mkdir(parents=True)
        (deep / str(n) / "x.txt").write_text("never read\n")
    assert main(["import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "5 added" in err and "pipe.txt" not in err
    with AnnotationStore.open(elsewhere / ".casereader", read_only=True) as store:
        assert len(store.annotations()) == 5
    data = json.loads(path.read_text())
    data["corpus"]["root"] = "/"
    path.write_text(json.dumps(data))
    assert main(["import", str(path)]) == 2  # its documents are not under /
    assert "not in the corpus" in capsys.readouterr().err
