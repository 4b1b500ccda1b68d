"""A ``.qdpx`` round trip through QualCoder and back keeps what it should and reports only
what it must: no title written as a source memo, notes and coder names kept as written."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from annotations.corpus import load_corpus
from annotations.interchange.refi_qda.read import read_qdpx
from annotations.store import AnnotationStore
from tui.cli import main

NS = "urn:QDA-XML:project:1.0"
TITLE_TEXT = "Ofsted inspection of children's services\n\nStaffing is stable.\n"


def exported(tmp_path: Path, texts: dict[str, str], notes: dict[str, str] | None = None) -> Path:
    """Our ``.qdpx`` of a corpus with one passage per text (its note from ``notes``)."""
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(root)
    with AnnotationStore.open(tmp_path / "s") as store:
        for name in texts:
            note = (notes or {}).get(name, "")
            store.add(corpus[name], 0, 6, ["staffing"], note=note, coder="ana")
    project = tmp_path / "p.qdpx"
    args = [str(root), "--store", str(tmp_path / "s"), "--format", "qdpx", "-o", str(project)]
    assert main(["export", *args]) == 0
    return project


def project_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde").decode("utf-8")


def test_our_sources_carry_no_title_as_their_description(tmp_path):
    xml = project_xml(exported(tmp_path, {"a.txt": TITLE_TEXT}))
    assert "Ofsted inspection" not in xml
    source = xml[xml.index("<TextSource") : xml.index("<PlainTextSelection")]
    assert "<Description" not in source


def qualcoder_copy(tmp_path: Path, memo: str) -> Path:
    """A project as QualCoder writes one back: its origin, the source memo it kept."""
    source = "201f3461-543c-461a-acd5-a0a9ea57080f"
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="back" origin="QualCoder 3.6"><CodeBook><Codes>
<Code guid="1190c79a-3379-4812-b237-f73434f9d136" name="staffing" isCodable="true"/>
</Codes></CodeBook><Sources><TextSource guid="{source}" name="a.txt"
 plainTextPath="internal://{source}.txt"><Description>{memo}</Description>
<PlainTextSelection guid="da6e1df9-f6be-48bd-94a5-07ec87026a20" startPosition="0"
 endPosition="6"><Coding guid="d9c558d3-79d6-4fdb-9486-90b6c88d90fc"><CodeRef
 targetGUID="1190c79a-3379-4812-b237-f73434f9d136"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"""
    path = tmp_path / f"qc-{len(memo)}.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", project)
        archive.writestr(f"sources/{source}.txt", TITLE_TEXT)
    return path


def test_a_source_memo_that_is_only_the_title_is_not_reported(tmp_path):
    """Older exports wrote the title there (a control character in it as U+FFFD)."""
    for title in (
        "Ofsted inspection of children's services",
        " Ofsted\ufffd inspection of\nchildren's services",
    ):
        assert read_qdpx(qualcoder_copy(tmp_path, title)).skipped == []
    (skip,) = read_qdpx(qualcoder_copy(tmp_path, "First interview, pilot site")).skipped
    assert skip.what == "the memo of source 'a.txt'"


def test_our_export_through_qualcoder_and_back_reports_nothing_lost(tmp_path, capsys):
    """QualCoder keeps a source's Description as its memo and writes it back under its own
    origin: we write none, so the project comes back with nothing left out."""
    project = exported(tmp_path, {"a.txt": TITLE_TEXT})
    xml = project_xml(project).replace('origin="casereader', 'origin="QualCoder 3.6 (was')
    back = tmp_path / "back.qdpx"
    with zipfile.ZipFile(project) as source, zipfile.ZipFile(back, "w") as target:
        for name in source.namelist():
            data = xml.encode() if name == "project.qde" else source.read(name)
            target.writestr(name, data)
    assert main(["import", str(back), str(tmp_path / "back"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["not_imported"] == []


NOTES = {
    "a.txt": "Keep this.  \n\n",  # trailing blanks and line breaks are the note's
    "b.txt": "  indented\tnote\twith tabs ",
}


def test_notes_come_back_as_written(tmp_path):
    project = exported(tmp_path, {name: TITLE_TEXT for name in NOTES}, NOTES)
    assert (
        main(["import", str(project), str(tmp_path / "back"), "--store", str(tmp_path / "b")]) == 0
    )
    with AnnotationStore.open(tmp_path / "b", read_only=True) as store:
        assert {a.document: a.note for a in store.annotations()} == NOTES


def test_characters_xml_cannot_hold_are_named_in_one_warning(tmp_path, capsys):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(TITLE_TEXT, encoding="utf-8")
    corpus = load_corpus(root)
    with AnnotationStore.open(tmp_path / "s") as store:
        store.add(corpus["a.txt"], 0, 6, ["staffing"], note="bell\x07 and\x01", coder="ana\x1b")
        store.add(corpus["a.txt"], 7, 12, ["staffing"], note="fine", coder="ana")
    args = [str(root), "--store", str(tmp_path / "s"), "--format", "qdpx"]
    assert main(["export", *args, "-o", str(tmp_path / "p.qdpx")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert warnings == [
        "casereader: warning: 3 control character(s) XML 1.0 cannot hold were written as "
        "U+FFFD, in 1 note(s), 1 coder name(s)"
    ]
    assert main(["export", *args, "-o", str(tmp_path / "clean.qdpx"), "--coder", "ana"]) == 0
    assert "warning" not in capsys.readouterr().err
