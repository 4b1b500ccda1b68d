"""Importing REFI-QDA projects: our own round trip, and projects other tools write."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.corpus import load_corpus
from annotations.interchange.model import ImportFileError, SourceText
from annotations.interchange.refi_qda.read import (
    document_name,
    normalise_with_offsets,
    read_qdpx,
)
from annotations.interchange.sources import StagedSources
from annotations.store import AnnotationStore
from tests.unit.test_export_json import write_corpus
from tui.cli import main

NS = "urn:QDA-XML:project:1.0"
USER = "{5D2A5F3C-0000-4000-8000-0000000000AA}"
PARENT, CHILD, PLAIN = (
    "A1B2C3D4-0000-4000-8000-000000000001",
    "A1B2C3D4-0000-4000-8000-000000000002",
    "A1B2C3D4-0000-4000-8000-000000000003",
)
SOURCE = "B1B2C3D4-0000-4000-8000-000000000010"
INTERVIEW = "Interviewer: How is staffing?\r\nManager: We lost three social workers.\r\nEnd.\r\n"


def other_tool_project(selections: str = "", extra_sources: str = "", notes: str = "") -> str:
    """A project.qde in the shape NVivo/ATLAS.ti/QualCoder write: braces and upper-case GUIDs,
    #RGB colours, nested codes, CRLF texts, notes, and sources we cannot read."""
    start = INTERVIEW.index("We lost")
    end = INTERVIEW.index("workers.") + len("workers.")
    selections = (
        selections
        or f"""
        <PlainTextSelection guid="C1000000-0000-4000-8000-000000000001" name="lost"
            startPosition="{start}" endPosition="{end}" creatingUser="{USER}"
            creationDateTime="2023-04-05T10:11:12+01:00">
          <Coding guid="D1000000-0000-4000-8000-000000000001" creatingUser="{USER}">
            <CodeRef targetGUID="{{{CHILD}}}"/>
          </Coding>
          <Coding guid="D1000000-0000-4000-8000-000000000002">
            <CodeRef targetGUID="{PLAIN.lower()}"/>
          </Coding>
          <NoteRef targetGUID="E1000000-0000-4000-8000-000000000001"/>
        </PlainTextSelection>
        <PlainTextSelection guid="C1000000-0000-4000-8000-000000000002" startPosition="0"
            endPosition="11"/>"""
    )
    notes = (
        notes
        or """
      <Note guid="E1000000-0000-4000-8000-000000000001" name="memo">
        <PlainTextContent>Check the vacancy figures.</PlainTextContent>
      </Note>"""
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Study" origin="OtherTool 12">
  <Users><User guid="{USER}" name="Dana"/></Users>
  <CodeBook><Codes>
    <Code guid="{PARENT}" name="Workforce" isCodable="true" color="#A3F">
      <Description>People and posts.</Description>
      <Code guid="{CHILD}" name="Vacancies" isCodable="true"/>
    </Code>
    <Code guid="{PLAIN}" name="Staffing" isCodable="true" color="#123456"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{SOURCE}" name="Interview 1" plainTextPath="internal://{SOURCE}.txt">
      {selections}
    </TextSource>
    <PDFSource guid="B1B2C3D4-0000-4000-8000-000000000011" name="scan.pdf"/>
    <TextSource guid="B1B2C3D4-0000-4000-8000-000000000012" name="linked"
        plainTextPath="absolute:///etc/passwd"/>
    {extra_sources}
  </Sources>
  <Notes>{notes}</Notes>
</Project>"""


def write_qdpx(path: Path, project: str, sources: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project.encode("utf-8"))
        for name, data in (sources or {f"sources/{SOURCE}.txt": INTERVIEW.encode()}).items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return write_qdpx(tmp_path / "study.qdpx", other_tool_project())


def test_a_project_from_another_tool_becomes_a_corpus_and_annotations(study, tmp_path, capsys):
    assert main(["import", str(study), "--json"]) == 1  # a PDF and an outside text left out
    summary = json.loads(capsys.readouterr().out)
    folder = tmp_path / "study"
    assert summary["corpus"] == str(folder)
    assert (summary["added"], summary["documents_written"]) == (1, 1)
    # Written with newlines normalised: the corpus text the offsets now refer to.
    assert (folder / "Interview 1.txt").read_bytes() == INTERVIEW.replace("\r\n", "\n").encode()
    corpus = load_corpus(folder)
    with AnnotationStore.open(folder / ".casereader", read_only=True) as store:
        (annotation,) = store.annotations()
        text = corpus["Interview 1.txt"].text
        assert text[annotation.start : annotation.end] == "We lost three social workers."
        assert annotation.exact == "We lost three social workers."
        assert annotation.note == "Check the vacancy figures."
        assert annotation.coder == "Dana"
        assert annotation.created == "2023-04-05T09:11:12.000000Z"
        codes = {c.name: c for c in store.codebook.codes}
        assert set(annotation.codes) == {codes["Vacancies"].id, "staffing"}
        assert codes["Vacancies"].parent == codes["Workforce"].id
        assert codes["Workforce"].colour == "#aa33ff"


def test_what_could_not_be_imported_is_said(study, capsys):
    assert main(["import", str(study)]) == 1
    err = capsys.readouterr().err
    assert "not imported (1): PDF source 'scan.pdf': casereader imports text sources only" in err
    assert "its text is outside the project (absolute:///etc/passwd)" in err
    assert "selection" in err and "it has no code and no note" in err
    assert "; 2 new code(s); 1 text(s) written" in err  # "Staffing" is a default code


def test_the_sources_go_where_the_user_says(study, tmp_path):
    target = tmp_path / "elsewhere"
    assert main(["import", str(study), str(target), "--store", str(tmp_path / "s")]) == 1
    assert (target / "Interview 1.txt").is_file()
    assert not (tmp_path / "study").exists()


def test_importing_a_project_twice_adds_nothing_new(study, capsys):
    assert main(["import", str(study)]) == 1
    assert main(["import", str(study), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert (summary["added"], summary["skipped"], summary["documents_written"]) == (0, 1, 0)


def test_a_different_file_of_the_same_name_is_never_overwritten(study, tmp_path, capsys):
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "Interview 1.txt").write_text("my own notes")
    assert main(["import", str(study)]) == 2
    assert "already exists with other content" in capsys.readouterr().err
    assert (folder / "Interview 1.txt").read_text() == "my own notes"


def test_our_own_export_round_trips_through_qdpx(tmp_path):
    root = tmp_path / "corpus"
    write_corpus(root, {"a.txt": "Café staff “left”.\nMore.\n", "b.txt": "Strong leaders.\n"})
    corpus = load_corpus(root)
    with AnnotationStore.open(root / ".casereader") as store:
        store.codebook.add("Morale", colour="#654321", parent="staffing")
        first = store.add(corpus["a.txt"], 0, 18, ["morale", "strength"], note="n", coder="ana")
    project = tmp_path / "p.qdpx"
    assert main(["export", str(root), "--format", "qdpx", "-o", str(project)]) == 0
    assert main(["import", str(project), "--store", str(tmp_path / "s")]) == 0
    with AnnotationStore.open(tmp_path / "s", read_only=True) as store:
        (again,) = store.annotations()
        assert (again.id, again.start, again.end, again.exact) == (
            first.id,
            first.start,
            first.end,
            first.exact,
        )
        assert (again.note, again.coder, set(again.codes)) == ("n", "ana", {"morale", "strength"})
        assert store.codebook.get("morale").parent == "staffing"
    assert (tmp_path / "p" / "a.txt").read_text("utf-8") == corpus["a.txt"].text


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ('<PlainTextSelection guid="C1" startPosition="x" endPosition="3"/>', "not integers"),
        (
            '<PlainTextSelection guid="C1" startPosition="0" endPosition="9999"/>',
            "lies outside the text",
        ),
        ('<PlainTextSelection guid="C1" startPosition="5" endPosition="2"/>', "ends before"),
        (
            '<PlainTextSelection guid="C1" startPosition="0" endPosition="3"><Coding guid="D">'
            '<CodeRef targetGUID="F0000000-0000-4000-8000-000000000000"/></Coding>'
            "</PlainTextSelection>",
            "not in the codebook",
        ),
    ],
)
def test_a_bad_selection_is_left_out_with_its_reason(tmp_path, selection, message, capsys):
    good = (
        '<PlainTextSelection guid="C2" startPosition="13" endPosition="21"><Coding guid="D2">'
        f'<CodeRef targetGUID="{PLAIN}"/></Coding></PlainTextSelection>'
    )
    project = write_qdpx(tmp_path / "bad.qdpx", other_tool_project(selections=selection + good))
    assert main(["import", str(project), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["added"] == 1
    reasons = [item["reason"] for item in summary["not_imported"]]
    assert any(message in reason for reason in reasons), reasons
    with AnnotationStore.open(tmp_path / "bad" / ".casereader", read_only=True) as store:
        assert [a.exact for a in store.annotations()] == ["How is s"]


def test_a_source_missing_from_the_archive_is_listed(tmp_path):
    project = write_qdpx(tmp_path / "p.qdpx", other_tool_project(), sources={"other.txt": b"x"})
    imported = read_qdpx(project)
    assert imported.sources == [] and len(imported.codes) == 3
    assert "is not in the archive" in imported.skipped[0].reason


def test_a_project_with_nothing_to_import_is_refused(tmp_path):
    project = f'<Project xmlns="{NS}" name="x"><Sources/></Project>'
    with pytest.raises(ImportFileError, match="no text sources and no codes"):
        read_qdpx(write_qdpx(tmp_path / "p.qdpx", project, sources={}))


def test_inline_text_and_hostile_names_are_made_safe(tmp_path):
    inline = (
        '<TextSource guid="B1B2C3D4-0000-4000-8000-000000000013" name="../../etc/passwd">'
        "<PlainTextContent>inline text</PlainTextContent></TextSource>"
    )
    imported = read_qdpx(write_qdpx(tmp_path / "p.qdpx", other_tool_project(extra_sources=inline)))
    names = [s.id for s in imported.sources]
    assert names == ["Interview 1.txt", "etc/passwd.txt"]


# --- small pure pieces -----------------------------------------------------------------------


@given(st.text(alphabet="ab\r\n", max_size=40), st.data())
def test_offsets_map_from_raw_to_normalised_text(raw, data):
    text, to_normalised = normalise_with_offsets(raw)
    # Positions that do not split a \r\n pair map to the same passage.
    cuts = [
        i for i in range(len(raw) + 1) if not (0 < i < len(raw) and raw[i - 1 : i + 1] == "\r\n")
    ]
    start = data.draw(st.sampled_from(cuts))
    end = data.draw(st.sampled_from([c for c in cuts if c >= start]))
    expected = raw[start:end].replace("\r\n", "\n").replace("\r", "\n")
    assert text[to_normalised(start) : to_normalised(end)] == expected


@given(st.text(max_size=60))
def test_document_names_never_leave_the_folder(name):
    result = document_name(name, "guid", set())
    assert not result.startswith("/") and ".." not in result.split("/")
    assert result.endswith((".txt", ".md"))
    assert all(part.strip(" .") == part and part for part in result.split("/"))


def test_document_names_are_unique_ignoring_case():
    taken = {"a.txt"}
    assert document_name("A.txt", "g", taken) == "A (2).txt"


def test_device_names_and_empty_names_are_replaced():
    assert document_name("CON", "guid-1", set()) == "guid-1.txt"
    assert document_name("", "guid-2", set()) == "guid-2.txt"
    assert document_name("notes.docx", "g", set()) == "notes.txt"


def test_writing_sources_refuses_a_name_outside_the_folder(tmp_path):
    with pytest.raises(ImportFileError, match="leaves the folder"):
        StagedSources(tmp_path, [SourceText("../x.txt", "text")])
    assert not (tmp_path.parent / "x.txt").exists()


def test_a_name_starting_with_two_slashes_stays_inside_the_folder():
    """POSIX keeps a leading "//" as a part of its own: it must not make the name absolute
    (hypothesis found "/\\\\" named "//.txt")."""
    assert document_name("//x.txt", "guid", set()) == "x.txt"
    assert document_name("/\\", "guid", set()) == "guid.txt"


def test_our_qdpx_imports_back_into_the_folder_it_came_from_whatever_the_bytes(tmp_path):
    """The corpus reads CRLF, a byte-order mark and Windows-1252 as the same text the export
    carries as LF UTF-8: those files are the project's texts, not other content."""
    root = tmp_path / "corpus"
    root.mkdir()
    files = {
        "crlf.txt": b"Staff left.\r\nMore.\r\n",
        "bom.txt": "\ufeffEmoji 😀 staff.\n".encode(),
        "latin.txt": "Café staff.\n".encode("cp1252"),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    corpus = load_corpus(root)
    with AnnotationStore.open(tmp_path / "s") as store:
        for name in files:
            store.add(corpus[name], 0, 5, ["staffing"])
    project = tmp_path / "p.qdpx"
    args = [str(root), "--store", str(tmp_path / "s")]
    assert main(["export", *args, "--format", "qdpx", "-o", str(project)]) == 0
    assert main(["import", str(project), *args]) == 0
    assert {name: (root / name).read_bytes() for name in files} == files
