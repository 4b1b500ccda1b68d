"""Word and OpenDocument text: headings, lists with their markers, tables, dates, failures."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from annotations.formats import (
    CorruptFileError,
    EncryptedError,
    Extraction,
    ExtractionError,
    extract_bytes,
)
from tests.formats import bombs, writers

TABLE_BLOCK = "Year | Caseload | Agency staff\n2023 | 19 | 31%\n2024 | 15 | 27%"


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = writers.report_docx(tmp_path_factory.mktemp("docx") / "report.docx")
    return extract_bytes(path.read_bytes(), "docx")


@pytest.fixture(scope="module")
def odt(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = writers.report_odt(tmp_path_factory.mktemp("odt") / "minutes.odt")
    return extract_bytes(path.read_bytes(), "odt")


def test_word_headings_paragraphs_and_list_items_are_blocks(word: Extraction) -> None:
    assert word.text.split("\n\n") == [
        "Inspection of children’s services",
        "Published 5 March 2024",
        writers.INTRO.replace("ﬁ", "fi").replace("ﬂ", "fl"),
        "Strengths",
        "• stable placements for teenagers",
        "• timely health assessments",
        "Areas for improvement",
        "1. return home interviews",
        "2. supervision records",
        "3. placement sufficiency",
        TABLE_BLOCK,
        "Figures are for March of each year.\nSource: council returns.",
    ]


def test_word_core_properties_are_weak_dates_in_utc(word: Extraction) -> None:
    assert {(d.kind, d.value, d.strength) for d in word.dates} == {
        ("created", "2024-03-04T16:05:00+00:00", "weak"),
        ("modified", "2024-03-05T08:00:00+00:00", "weak"),
    }
    assert word.title == "Kent inspection"
    assert word.pages is None and word.library.startswith("python-docx ")


def test_word_merged_cells_and_tracked_changes(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    grid = document.add_table(rows=2, cols=3)
    grid.cell(0, 0).merge(grid.cell(0, 1)).text = "Merged heading"
    grid.cell(0, 2).text = "Right"
    grid.cell(1, 0).text, grid.cell(1, 1).text, grid.cell(1, 2).text = "a", "b", "c"
    paragraph = document.add_paragraph("Kept ")
    body = paragraph._p
    ins = body.makeelement(f"{_W}ins", {})
    ins.append(_run(body, "inserted"))
    deleted = body.makeelement(f"{_W}del", {})
    deleted.append(_run(body, "deleted", tag="delText"))
    body.append(ins)
    body.append(deleted)
    path = tmp_path / "changes.docx"
    document.save(str(path))
    text = extract_bytes(path.read_bytes(), "docx").text
    assert text.split("\n\n") == ["Merged heading | Right\na | b | c", "Kept inserted"]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _run(parent: Any, text: str, tag: str = "t") -> Any:
    run = parent.makeelement(f"{_W}r", {})
    node = parent.makeelement(f"{_W}{tag}", {})
    node.text = text
    run.append(node)
    return run


def test_a_truncated_word_file_is_refused_as_damaged(tmp_path: Path) -> None:
    data = writers.report_docx(tmp_path / "r.docx").read_bytes()
    with pytest.raises(CorruptFileError, match="damaged Word file"):
        extract_bytes(data[: len(data) // 2], "docx")


def test_a_zip_without_a_word_document_is_refused_as_damaged() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(CorruptFileError, match="damaged Word file"):
        extract_bytes(buffer.getvalue(), "docx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    with pytest.raises(ExtractionError, match="only a zip bomb does") as caught:
        extract_bytes(bombs.zip_bomb_docx(), "docx")
    assert caught.value.reason == "unsafe"


def test_a_password_protected_word_file_is_refused_as_encrypted() -> None:
    from aspose.email_foss.cfb import CFBDocument, CFBStorage, CFBStream, CFBWriter

    root = CFBStorage("Root Entry")
    root.add_stream(CFBStream("EncryptionInfo", b"\x04\x00\x04\x00" + b"\x00" * 60))
    root.add_stream(CFBStream("EncryptedPackage", b"\x00" * 8192))
    data = CFBWriter.to_bytes(CFBDocument(root))
    with pytest.raises(EncryptedError, match="encrypted Word file"):
        extract_bytes(data, "docx")


def test_an_old_binary_word_file_is_named_as_such() -> None:
    from aspose.email_foss.cfb import CFBDocument, CFBStorage, CFBStream, CFBWriter

    root = CFBStorage("Root Entry")
    root.add_stream(CFBStream("WordDocument", b"\xec\xa5" + b"\x00" * 4096))
    data = CFBWriter.to_bytes(CFBDocument(root))
    with pytest.raises(CorruptFileError, match="older binary Office file"):
        extract_bytes(data, "docx")


def test_odt_headings_paragraphs_lists_and_tables(odt: Extraction) -> None:
    assert odt.text.split("\n\n") == [
        "Minutes of the corporate parenting panel",
        "Meeting: 12 February 2024, 10:00",
        "Members noted that placement stability has improved. (Item 4)",
        "• foster carers",
        "• residential homes",
        "1. recruit two social workers",
        "2. report back in May",
        TABLE_BLOCK,
        "The panel closed at 11:30.",
    ]


def test_odt_meta_dates_are_weak_and_zoneless(odt: Extraction) -> None:
    assert {(d.kind, d.value, d.strength) for d in odt.dates} == {
        ("created", "2024-02-12T11:45:10", "weak"),
        ("modified", "2024-02-13T09:00:00", "weak"),
    }
    created = next(d for d in odt.dates if d.kind == "created")
    assert created.raw == "2024-02-12T11:45:10.123456789" and not created.has_offset
    assert odt.title == "Panel minutes"


def test_a_damaged_odt_is_refused_as_damaged(tmp_path: Path) -> None:
    data = writers.report_odt(tmp_path / "m.odt").read_bytes()
    with pytest.raises(CorruptFileError):
        extract_bytes(data[:200], "odt")
