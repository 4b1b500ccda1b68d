"""The REFI-QDA export: valid QDA-XML other tools can open, with stable GUIDs."""

from __future__ import annotations

import codecs
import io
import uuid
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from annotations.corpus import Corpus
from annotations.interchange import ExportRequest, export
from annotations.interchange.refi_qda.names import selection_guid
from annotations.interchange.refi_qda.write import export_qdc, export_qdpx
from annotations.model import DEFAULT_CODES, Code
from tests.unit.test_export_json import annotate, write_corpus

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def project(data: bytes) -> tuple[etree._Element, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return etree.fromstring(archive.read("project.qde")), archive


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return write_corpus(
        tmp_path / "corpus",
        {
            "a.txt": "Oxford, 01 February 2019\n\nCafé staff “left” in droves.\nMore text.\n",
            "b.txt": "Leaders are strong.\fPage two.\n",
        },
    )


@pytest.fixture
def codes() -> list[Code]:
    return [*DEFAULT_CODES, Code("caseloads", "caseloads", "#abcdef", None, "", "staffing")]


@pytest.fixture
def annotations(corpus):
    return [
        annotate(
            corpus, "a.txt", 26, 53, "staffing", "caseloads", note="a <note> & more", coder="ana"
        ),
        annotate(corpus, "a.txt", 31, 36, "strength", coder="ben"),
        annotate(corpus, "b.txt", 0, 19, "strength"),
    ]


def test_project_is_valid_against_project_xsd(corpus, codes, annotations):
    root, _ = project(export_qdpx(ExportRequest(corpus, codes, annotations)))
    schema("Project.xsd").assertValid(root)


def test_empty_project_is_valid(corpus):
    root, _ = project(export_qdpx(ExportRequest(Corpus(corpus.root, [], []), [], [])))
    schema("Project.xsd").assertValid(root)


def test_codebook_is_valid_against_codebook_xsd(corpus, codes, annotations):
    root = etree.fromstring(export_qdc(ExportRequest(corpus, codes, annotations)))
    schema("Codebook.xsd").assertValid(root)
    assert [c.get("name") for c in root.iterfind(".//c:Code", NS)] == [
        "strength",
        "area for improvement",
        "staffing",
        "caseloads",
    ]


def test_child_codes_nest_under_their_parent(corpus, codes):
    root, _ = project(export_qdpx(ExportRequest(corpus, codes, [])))
    parent = root.find(".//q:Code[@name='staffing']", NS)
    assert [c.get("name") for c in parent.iterfind("q:Code", NS)] == ["caseloads"]
    assert parent.find("q:Code", NS).get("color") == "#abcdef"


def test_sources_are_utf8_without_bom_under_sources(corpus, codes, annotations):
    root, archive = project(export_qdpx(ExportRequest(corpus, codes, annotations)))
    for source in root.iterfind(".//q:TextSource", NS):
        guid = source.get("guid")
        assert source.get("plainTextPath") == f"internal://{guid}.txt"
        data = archive.read(f"sources/{guid}.txt")
        assert not data.startswith(codecs.BOM_UTF8)
        assert data.decode("utf-8") == corpus[source.get("name")].text


def test_selection_positions_are_code_points_end_exclusive(corpus, codes, annotations):
    root, archive = project(export_qdpx(ExportRequest(corpus, codes, annotations)))
    source = root.find(".//q:TextSource[@name='a.txt']", NS)
    text = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
    selection = source.find("q:PlainTextSelection", NS)
    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    assert text[start:end] == annotations[0].exact == "Café staff “left” in droves"


def test_codings_reference_codes_and_users(corpus, codes, annotations):
    root, _ = project(export_qdpx(ExportRequest(corpus, codes, annotations)))
    code_guids = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", NS)}
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    selection = root.find(f".//q:PlainTextSelection[@guid='{annotations[0].id}']", NS)
    refs = [code_guids[r.get("targetGUID")] for r in selection.iterfind(".//q:CodeRef", NS)]
    assert refs == ["staffing", "caseloads"]
    assert users[selection.get("creatingUser")] == "ana"


def test_notes_are_project_notes_referenced_from_their_selection(corpus, codes, annotations):
    root, _ = project(export_qdpx(ExportRequest(corpus, codes, annotations)))
    selection = root.find(f".//q:PlainTextSelection[@guid='{annotations[0].id}']", NS)
    target = selection.find("q:NoteRef", NS).get("targetGUID")
    note = root.find(f"q:Notes/q:Note[@guid='{target}']", NS)
    assert note.find("q:PlainTextContent", NS).text == "a <note> & more"


def test_guids_are_stable_across_exports(corpus, codes, annotations):
    first, _ = project(export_qdpx(ExportRequest(corpus, codes, annotations)))
    second, _ = project(export_qdpx(ExportRequest(corpus, codes, list(reversed(annotations)))))
    guids = lambda root: sorted(e.get("guid") for e in root.iter() if e.get("guid"))  # noqa: E731
    assert guids(first) == guids(second)


def test_an_annotation_uuid_is_its_selection_guid():
    value = str(uuid.uuid4())
    assert selection_guid(value) == value
    assert uuid.UUID(selection_guid("not-a-uuid"))


def test_orphans_are_left_out_and_reported(corpus, codes, annotations, tmp_path):
    from dataclasses import replace

    orphan = replace(annotations[2], id=str(uuid.uuid4()), status="orphan")
    result = export(
        "qdpx", ExportRequest(corpus, codes, [*annotations, orphan]), tmp_path / "p.qdpx"
    )
    root, _ = project((tmp_path / "p.qdpx").read_bytes())
    assert root.find(f".//q:PlainTextSelection[@guid='{orphan.id}']", NS) is None
    assert any("1 annotation(s) left out" in w for w in result.warnings)


def test_control_characters_in_notes_do_not_break_the_xml(corpus, codes):
    passage = annotate(corpus, "b.txt", 0, 7, "strength", note="bell\x07 and\x0cfeed")
    root, _ = project(export_qdpx(ExportRequest(corpus, codes, [passage])))
    schema("Project.xsd").assertValid(root)
    assert "\x07" not in root.find(".//q:PlainTextContent", NS).text


def test_the_dateline_becomes_a_date_variable(corpus, codes):
    root, _ = project(export_qdpx(ExportRequest(corpus, codes, [])))
    source = root.find(".//q:TextSource[@name='a.txt']", NS)
    dateline = corpus["a.txt"].dateline
    value = source.find("q:VariableValue/q:DateValue", NS)
    if dateline is None:
        assert value is None
    else:
        assert value.text == dateline.date.isoformat()


def test_an_empty_codebook_cannot_be_exported_as_qdc(corpus):
    from annotations.interchange.writing import ExportError

    with pytest.raises(ExportError, match="codebook is empty"):
        export_qdc(ExportRequest(corpus, [], []))


def test_a_note_is_the_selections_description_and_a_linked_note(corpus, codes, annotations):
    """Issue 14: QualCoder reads a coding memo only from the selection's Description; the
    standard's place is a Note named by a NoteRef. Both are written, valid, read back once."""
    root, _archive = project(export_qdpx(ExportRequest(corpus, codes, annotations)))
    schema("Project.xsd").assertValid(root)
    selection = root.find(".//q:PlainTextSelection/q:NoteRef/..", NS)
    assert selection[0].tag == f"{{{NS['q']}}}Description"
    assert selection[0].text == "a <note> & more"
    (note,) = root.findall(".//q:Notes/q:Note", NS)
    assert note.find("q:PlainTextContent", NS).text == "a <note> & more"


def test_a_pdf_goes_with_its_text_and_comes_back_as_its_text(tmp_path):
    """Issue 15 (for interchange): a PDF's original rides beside the text its positions count
    in (a PDFSource with a text Representation); importing uses that text."""
    from annotations.documents import Document
    from annotations.interchange.importing import read_import
    from tests.formats.writers import simple_pdf

    folder = tmp_path / "corpus"
    folder.mkdir()
    simple_pdf(folder / "report.pdf", [["Children are safe here.", "Staff are kind."]])
    # The text as the corpus extracts it (issue 15's reading of PDFs is another branch's).
    document = Document.from_text("report.pdf", "Children are safe here.\n\nStaff are kind.\n")
    document.path = folder / "report.pdf"
    corpus = Corpus(folder, [document], [])
    start = document.text.index("Staff")
    passage = annotate(corpus, document.id, start, start + 5, "staffing", note="kind staff")
    data = export_qdpx(ExportRequest(corpus, list(DEFAULT_CODES), [passage]))
    root, archive = project(data)
    schema("Project.xsd").assertValid(root)
    (pdf,) = root.findall(".//q:PDFSource", NS)
    inner = pdf.get("path").removeprefix("internal://")
    assert archive.read(f"sources/{inner}") == (folder / "report.pdf").read_bytes()
    assert len(pdf.findall("q:Representation/q:PlainTextSelection", NS)) == 1
    path = tmp_path / "p.qdpx"
    path.write_bytes(data)
    imported = read_import(path)
    (again,) = imported.annotations
    assert (again.exact, again.note) == ("Staff", "kind staff")
    assert imported.skipped == []


def test_a_word_file_goes_with_its_text_as_the_source_s_rich_text(tmp_path):
    """Issue 15: a document read from a .docx is a TextSource whose ``richTextPath`` is the
    original Word file in the archive (byte for byte), its selections on the plain text the
    corpus extracted, as read back on import."""
    from annotations.corpus import load_corpus
    from annotations.interchange.importing import read_import
    from tests.formats.writers import report_docx

    folder = tmp_path / "corpus"
    folder.mkdir()
    report_docx(folder / "minutes.docx")
    corpus = load_corpus(folder)
    (document,) = corpus.documents
    word = next(w for w in document.text.split() if len(w) > 5 and w.isalpha())
    start = document.text.index(word)
    passage = annotate(corpus, document.id, start, start + len(word), "staffing")
    data = export_qdpx(ExportRequest(corpus, list(DEFAULT_CODES), [passage]))
    root, archive = project(data)
    schema("Project.xsd").assertValid(root)
    (source,) = root.findall(".//q:TextSource", NS)
    rich = source.get("richTextPath").removeprefix("internal://")
    plain = source.get("plainTextPath").removeprefix("internal://")
    assert rich.endswith(".docx")
    assert archive.read(f"sources/{rich}") == (folder / "minutes.docx").read_bytes()
    assert archive.read(f"sources/{plain}").decode("utf-8") == document.text
    path = tmp_path / "p.qdpx"
    path.write_bytes(data)
    (again,) = read_import(path).annotations
    assert again.exact == word
