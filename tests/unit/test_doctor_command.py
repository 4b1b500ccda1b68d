"""``casereader doctor``: checks a store, repairs what it can without deleting anything,
re-anchors changed documents and says exactly what it found and did."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.store import AnnotationStore, check_store, document_filename
from tui.cli import main

REPORT = (
    "Inspection of children's services\n\n"
    "Leaders know their services well and act on what they find.\n"
    "Staff turnover remains high in the assessment team.\n"
    "Plans for care leavers are not always reviewed on time.\n"
)
NEWS = "Council news\n\nAgency use has fallen by half since the last inspection.\n"


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "report.txt").write_text(REPORT, encoding="utf-8")
    (root / "news.txt").write_text(NEWS, encoding="utf-8")
    return root


def code(corpus: Path) -> Path:
    """Two passages of the report, one of the news; returns the store folder."""
    documents = load_corpus(corpus)
    report, news = documents["report.txt"], documents["news.txt"]
    store_folder = corpus / ".casereader"
    with AnnotationStore.open(store_folder) as store:
        for phrase, codes in (("Staff turnover", "staffing"), ("Plans for care", "strength")):
            start = report.text.index(phrase)
            store.add(report, start, start + 40, codes=codes)
        start = news.text.index("Agency")
        store.add(news, start, start + 20, codes="staffing")
    return store_folder


def doctor(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["doctor", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def document_file(store: Path, doc_id: str) -> Path:
    return store / "docs" / document_filename(doc_id)


# --- healthy ----------------------------------------------------------------------------------


def test_a_corpus_never_coded_is_healthy(corpus: Path, capsys) -> None:
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 0
    assert "none yet" in out and out.strip().endswith("healthy")
    assert not (corpus / ".casereader").exists()


def test_a_store_named_with_store_that_is_not_there_is_an_input_error(
    corpus: Path, tmp_path: Path, capsys
) -> None:
    status, out, err = doctor(capsys, str(corpus), "--store", str(tmp_path / "nowhere"))
    assert status == 2 and out == ""
    assert err == f"casereader: no annotation store at {tmp_path / 'nowhere'}\n"


def test_a_healthy_store_exits_0_and_changes_nothing(corpus: Path, capsys) -> None:
    store = code(corpus)
    before = digest(store)
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 0
    assert "store files: no problems" in out
    assert "2 annotated document(s), none changed" in out
    assert out.splitlines()[-1] == "healthy"
    assert digest(store) == before


def test_json_is_one_document_on_stdout(corpus: Path, capsys) -> None:
    code(corpus)
    status, out, err = doctor(capsys, str(corpus), "--json")
    assert status == 0 and err == ""
    report = json.loads(out)
    assert report["healthy"] is True
    assert report["problems"] == [] and report["repaired"] == []
    assert report["reanchor"]["checked"] == 2 and report["reanchor"]["changed"] == 0


def test_repair_and_dry_run_together_are_a_usage_error(corpus: Path, capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["doctor", str(corpus), "--repair", "--dry-run"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("casereader doctor: "), err
    assert "--dry-run" in err and "see casereader doctor --help" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "timeline", "--by", "week"],
        ["export", "--format", "xml", "-o", "x"],
        ["--no-such-option"],
        ["--bad\n\x1b[2Jx"],  # an argument with a newline and a clear-screen escape
    ],
)
def test_every_usage_error_is_one_line(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("casereader"), err
    assert "\x1b" not in err


# --- re-anchoring -----------------------------------------------------------------------------


def edit_report(corpus: Path, drop: str = "") -> None:
    text = "A line added at the top.\n" + REPORT.replace(drop, "") if drop else "Top.\n" + REPORT
    (corpus / "report.txt").write_text(text, encoding="utf-8")


def test_a_changed_document_is_reanchored_and_saved(corpus: Path, capsys) -> None:
    store = code(corpus)
    edit_report(corpus)
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 0, out
    assert "1 of 2 annotated document(s) changed: 0 passage(s) in place, 2 moved" in out
    assert "(saved)" in out
    report = load_corpus(corpus)["report.txt"]
    with AnnotationStore.open(store) as opened:
        assert opened.document_hash("report.txt") == report.sha256
        for annotation in opened.annotations(document="report.txt"):
            assert annotation.status == "moved"
            assert report.text[annotation.start : annotation.end] == annotation.exact
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 0 and "none changed" in out


def test_a_passage_whose_text_was_deleted_is_reported_as_orphaned(corpus: Path, capsys) -> None:
    store = code(corpus)
    edit_report(corpus, drop="Plans for care leavers are not always reviewed on time.\n")
    status, out, _err = doctor(capsys, str(corpus), "--json")
    assert status == 1
    result = json.loads(out)["reanchor"]
    assert (result["saved"], result["moved"], result["orphan"]) == (True, 1, 1)
    with AnnotationStore.open(store, read_only=True) as opened:
        orphan = opened.get(result["documents"][0]["orphan_ids"][0])
        assert orphan is not None and orphan.status == "orphan"
        assert orphan.exact.startswith("Plans for care")  # kept as it was, never re-pointed
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 1 and "1 orphaned passage(s)" in out


def test_dry_run_shows_what_reanchoring_would_do_and_writes_nothing(corpus: Path, capsys) -> None:
    store = code(corpus)
    edit_report(corpus)
    before = digest(store)
    status, out, _err = doctor(capsys, str(corpus), "--dry-run")
    assert status == 0
    assert "2 moved" in out and "would do; --dry-run: nothing saved" in out
    assert digest(store) == before


def test_annotated_documents_missing_or_unreadable_are_named(corpus: Path, capsys) -> None:
    code(corpus)
    (corpus / "news.txt").unlink()
    (corpus / "report.txt").write_bytes(b"\x00\x01binary now\x00")
    (corpus / "other.txt").write_text("Another document entirely\n", encoding="utf-8")
    status, out, err = doctor(capsys, str(corpus), "--json")
    assert status == 1
    result = json.loads(out)
    assert result["missing_documents"] == ["news.txt"]
    assert [d["id"] for d in result["unreadable_documents"]] == ["report.txt"]
    assert "binary" in result["unreadable_documents"][0]["reason"]
    assert "skipped" in err  # the corpus loader says why, on stderr


# --- damaged stores ---------------------------------------------------------------------------


def test_a_damaged_file_is_named_and_nothing_is_touched_without_repair(
    corpus: Path, capsys
) -> None:
    store = code(corpus)
    damaged = document_file(store, "report.txt")
    damaged.write_bytes(damaged.read_bytes()[:50])
    before = digest(store)
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 1
    assert f"damaged: docs/{damaged.name}: not valid JSON" in out
    assert "re-anchoring skipped: the store does not open" in out
    assert out.splitlines()[-1] == "problems found: run casereader doctor --repair to repair them"
    assert digest(store) == before


def test_repair_moves_the_damaged_file_aside_says_so_and_the_store_opens(
    corpus: Path, capsys
) -> None:
    store = code(corpus)
    damaged = document_file(store, "report.txt")
    broken = damaged.read_bytes()[:50]
    damaged.write_bytes(broken)
    status, out, _err = doctor(capsys, str(corpus), "--repair", "--json")
    assert status == 1  # problems were found, even though they are now repaired
    result = json.loads(out)
    [action] = result["repaired"]
    assert action.startswith(f"moved {damaged} aside to {damaged.name}.broken-")
    assert result["remaining"] == []
    [aside] = store.glob("docs/*.broken-*")
    assert aside.read_bytes() == broken
    with AnnotationStore.open(store) as opened:
        assert [a.document for a in opened.annotations()] == ["news.txt"]
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 0 and out.splitlines()[-1] == "healthy"


def test_repair_rewrites_a_missing_meta_file(corpus: Path, capsys) -> None:
    store = code(corpus)
    (store / "meta.json").unlink()
    status, out, _err = doctor(capsys, str(corpus), "--repair")
    assert status == 1
    assert f"wrote a new {store / 'meta.json'} (schema 1)" in out
    assert check_store(store) == []
    with AnnotationStore.open(store) as opened:
        assert len(opened.annotations()) == 3


def test_a_store_from_a_newer_casereader_is_never_touched(corpus: Path, capsys) -> None:
    store = code(corpus)
    meta = store / "meta.json"
    meta.write_text(meta.read_text().replace('"schema":1', '"schema":9'))
    before = digest(store)
    for args in ((), ("--repair",)):
        status, out, _err = doctor(capsys, str(corpus), *args)
        assert status == 1
        assert "newer casereader" in out and "meta.json" in out
        assert digest(store) == before
    assert "not repaired:" in out


def test_leftovers_of_an_interrupted_save_are_removed_by_repair(corpus: Path, capsys) -> None:
    store = code(corpus)
    leftover = store / "docs" / (document_filename("news.txt") + ".tmp-1-1")
    leftover.write_text("{")
    status, out, _err = doctor(capsys, str(corpus))
    assert status == 1 and "leftover" in out and leftover.exists()
    status, out, _err = doctor(capsys, str(corpus), "--repair")
    assert f"removed leftover temporary file {leftover}" in out
    assert not leftover.exists()


# --- beside a running reader ------------------------------------------------------------------


def test_doctor_checks_beside_a_writer_and_shows_reanchoring_without_saving(
    corpus: Path, capsys
) -> None:
    store = code(corpus)
    edit_report(corpus)
    with AnnotationStore.open(store):
        before = digest(store)
        status, out, _err = doctor(capsys, str(corpus))
        assert status == 0
        assert "2 moved" in out and "in use by process" in out and "shown, not saved" in out
        assert digest(store) == before


def test_repair_of_a_store_in_use_is_refused_in_one_line(corpus: Path, capsys) -> None:
    store = code(corpus)
    (store / "meta.json").unlink()
    # A damaged store does not open for writing, so hold its lock as a writer would.
    fd = os.open(store / ".lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        before = digest(store)
        status, out, err = doctor(capsys, str(corpus), "--repair")
        assert status == 2 and out == ""
        assert err.startswith(f"casereader: cannot repair store {store}: it is in use by")
        assert err.count("\n") == 1
        assert digest(store) == before
    finally:
        os.close(fd)
