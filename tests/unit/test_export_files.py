"""Export files are written whole or not at all, never over a file without --force;
``casereader export`` wires corpus, store and filters to them."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from annotations.corpus import Corpus, load_corpus
from annotations.interchange import (
    FORMATS,
    ExportError,
    ExportRequest,
    export,
    select_annotations,
)
from annotations.interchange.writing import write_atomically
from annotations.model import DEFAULT_CODES
from annotations.store import AnnotationStore
from tests.unit.test_export_json import annotate, write_corpus
from tui.cli import main


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return write_corpus(tmp_path / "corpus", {"a.txt": "Staff left. Leaders stayed.\n"})


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_an_existing_file_is_not_replaced_without_force(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("precious")
    with pytest.raises(ExportError, match="already exists; use --force"):
        write_atomically(target, b"new")
    assert target.read_text() == "precious"


def test_force_replaces_an_existing_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_new_file_gets_the_usual_mode_not_the_temp_files(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    target = write_atomically(tmp_path / "new.csv", b"x")
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_leaves_no_file_and_no_temp(tmp_path, monkeypatch):
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportError, match="No space left"):
        write_atomically(tmp_path / "out.json", b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file_untouched(corpus, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old export")
    passage = annotate(corpus, "a.txt", 0, 5, "staffing")

    def interrupted(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export(
            "json",
            ExportRequest(corpus, DEFAULT_CODES, [passage], progress=interrupted),
            target,
            force=True,
        )
    assert target.read_text() == "old export"
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_one_clear_error(corpus, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export("json", ExportRequest(corpus, DEFAULT_CODES, []), tmp_path / "nope" / "out.json")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_that_takes_no_new_files_is_named_as_such(corpus, tmp_path):
    with pytest.raises(ExportError) as raised:
        export("json", ExportRequest(corpus, DEFAULT_CODES, []), "/proc/casereader-export.json")
    message = str(raised.value)
    # as root, creating the file is what fails; as anyone else, the folder is not writable
    assert "cannot create a file in /proc" in message or "/proc is not writable" in message
    assert "No such file or directory" not in message  # /proc exists: that would mislead


def test_a_folder_as_target_is_refused(corpus, tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        export("csv", ExportRequest(corpus, DEFAULT_CODES, []), tmp_path)


def test_unknown_format_is_refused(corpus, tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        export("xml", ExportRequest(corpus, DEFAULT_CODES, []), tmp_path / "out.xml")


@pytest.mark.parametrize("format", list(FORMATS))
def test_every_format_writes_a_file_and_reports_progress(format, corpus, tmp_path):
    calls: list[tuple[int, int]] = []
    passage = annotate(corpus, "a.txt", 0, 5, "staffing")
    request = ExportRequest(
        corpus, DEFAULT_CODES, [passage], progress=lambda done, total: calls.append((done, total))
    )
    result = export(format, request, tmp_path / f"out{FORMATS[format].suffix}")
    assert result.path.stat().st_size == result.size > 0
    assert calls[-1] == (1, 1)


def test_filters_combine_codes_coders_and_documents(corpus):
    items = [
        annotate(corpus, "a.txt", 0, 5, "staffing", coder="ana"),
        annotate(corpus, "a.txt", 6, 11, "strength", coder="ana"),
        annotate(corpus, "a.txt", 12, 19, "staffing", coder="ben"),
    ]
    assert select_annotations(items, codes={"staffing"}) == [items[0], items[2]]
    assert select_annotations(items, codes={"staffing"}, coders={"ana"}) == [items[0]]
    assert select_annotations(items, documents={"other.txt"}) == []
    assert select_annotations(items) == items


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """A corpus folder with a store holding three annotations by two coders."""
    root = tmp_path / "corpus"
    write_corpus(root, {"a.txt": "Staff left. Leaders stayed.\n", "b.txt": "Caseloads grew.\n"})
    corpus = load_corpus(root)
    with AnnotationStore.open(root / ".casereader") as store:
        store.add(corpus["a.txt"], 0, 11, ["staffing"], coder="ana")
        store.add(corpus["a.txt"], 12, 27, ["strength", "staffing"], coder="ben", note="=1")
        store.add(corpus["b.txt"], 0, 9, ["staffing"], coder="ana")
    return root


def test_export_command_writes_json_from_the_corpus_store(coded, tmp_path, capsys):
    target = tmp_path / "out.json"
    assert main(["export", str(coded), "--format", "json", "-o", str(target)]) == 0
    document = json.loads(target.read_bytes())
    assert sum(len(d["annotations"]) for d in document["documents"]) == 3
    err = capsys.readouterr().err
    assert "exported 3 annotation(s) on 2 document(s)" in err


def test_export_command_filters_by_code_name_coder_and_document(coded, tmp_path):
    target = tmp_path / "out.csv"
    argv = ["export", str(coded), "--format", "csv", "-o", str(target)]
    assert main([*argv, "--code", "strength", "--coder", "ben", "--document", "a.txt"]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert [(r["code"], r["coder"], r["note"]) for r in rows] == [("strength", "ben", "'=1")]


def test_export_command_refuses_to_overwrite_then_forces(coded, tmp_path, capsys):
    target = tmp_path / "out.qdpx"
    target.write_text("keep me")
    argv = ["export", str(coded), "--format", "qdpx", "-o", str(target)]
    assert main(argv) == 2
    assert capsys.readouterr().err.strip().endswith("already exists; use --force to replace it")
    assert target.read_text() == "keep me"
    assert main([*argv, "--force"]) == 0
    assert target.read_bytes().startswith(b"PK")


def test_export_command_to_an_unwritable_path_is_one_line_and_exit_2(coded, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["export", str(coded), "--format", "w3c", "-o", str(blocker / "x.jsonld")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("casereader: cannot write")


def test_export_command_unknown_code_is_one_line(coded, tmp_path, capsys):
    argv = ["export", str(coded), "--format", "json", "-o", str(tmp_path / "o.json")]
    assert main([*argv, "--code", "nonsense"]) == 2
    assert "no code 'nonsense'" in capsys.readouterr().err


def test_export_command_unknown_document_is_one_line(coded, tmp_path, capsys):
    argv = ["export", str(coded), "--format", "json", "-o", str(tmp_path / "o.json")]
    assert main([*argv, "--document", "zzz.txt"]) == 2
    assert "no document 'zzz.txt'" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


def test_export_command_unknown_coder_is_one_line_and_case_is_forgiven(coded, tmp_path, capsys):
    argv = ["export", str(coded), "--format", "json", "-o", str(tmp_path / "o.json")]
    assert main([*argv, "--coder", "nobody"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no annotations by coder 'nobody'" in err
    assert "'ana'" in err and "'ben'" in err  # says who there is
    assert not (tmp_path / "o.json").exists()
    assert main([*argv, "--coder", "BEN"]) == 0
    document = json.loads((tmp_path / "o.json").read_bytes())
    assert {a["coder"] for d in document["documents"] for a in d["annotations"]} == {"ben"}


def test_a_code_or_coder_filter_lists_only_the_documents_with_chosen_passages(coded, tmp_path):
    target = tmp_path / "o.json"
    argv = ["export", str(coded), "--format", "json", "-o", str(target)]
    assert main([*argv, "--coder", "ben"]) == 0
    assert [d["id"] for d in json.loads(target.read_bytes())["documents"]] == ["a.txt"]
    assert main([*argv, "--force"]) == 0  # no filter: every document, coded or not
    assert len(json.loads(target.read_bytes())["documents"]) == 2
