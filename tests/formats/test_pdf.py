"""PDF text: paragraphs, columns, tables, page markers, running lines, ligatures, scans."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from annotations.formats import (
    CorruptFileError,
    EncryptedError,
    Extraction,
    NoTextError,
    TooLargeError,
    extract_bytes,
)
from annotations.formats.pdf import parse_pdf_date
from tests.formats import bombs, writers


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = writers.report_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf")
    return extract_bytes(path.read_bytes(), "pdf", str(path))


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_headings_datelines_and_prose_are_paragraphs_of_their_own(report: Extraction) -> None:
    blocks = paragraphs(report.text)
    assert blocks[:3] == [
        "Inspection of children’s services",
        "Published 5 March 2024",
        writers.INTRO.replace("ﬁ", "fi").replace("ﬂ", "fl"),
    ]
    assert "Staffing" in blocks
    staffing = blocks.index("Staffing")
    assert blocks[staffing + 1].startswith("Caseloads have fallen since the last inspection.")
    assert blocks[staffing + 1].endswith("cover a third of posts.")


def test_wrapped_lines_are_joined_into_one_line(report: Extraction) -> None:
    intro = paragraphs(report.text)[2]
    assert "\n" not in intro and "  " not in intro


def test_ligatures_are_spelled_out(report: Extraction) -> None:
    assert "office" in report.text and "efficient" in report.text and "workflow" in report.text
    assert "difficult" in report.text
    assert not re.search("[\ufb00-\ufb06\u00ad\ufffe\x02\r]", report.text)


def test_a_word_hyphenated_across_lines_is_joined(report: Extraction) -> None:
    assert "a thorough self-assessment of its services" in report.text
    assert "assess-" not in report.text and "assess ment" not in report.text


def test_running_header_and_page_numbers_are_removed(report: Extraction) -> None:
    assert writers.HEADER not in report.text
    assert not re.search(r"Page \d of 4", report.text)
    assert any("running header" in note for note in report.notes)


def test_page_breaks_are_marker_lines_in_order(report: Extraction) -> None:
    blocks = paragraphs(report.text)
    markers = [b for b in blocks if b.startswith("— page")]
    assert markers == ["— page 2 —", "— page 3 —", "— page 4 —"]
    assert blocks.index("— page 2 —") > blocks.index("Staffing")
    assert report.pages == 4
    assert "— page 1 —" not in report.text


def test_two_columns_read_one_after_the_other(report: Extraction) -> None:
    blocks = paragraphs(report.text)
    page = blocks[blocks.index("— page 2 —") + 1 : blocks.index("— page 3 —")]
    assert page == writers.LEFT_COLUMN + writers.RIGHT_COLUMN


def test_a_table_is_rows_with_cells_between_bars(report: Extraction) -> None:
    blocks = paragraphs(report.text)
    assert "Year | Caseload | Agency staff\n2023 | 19 | 31%\n2024 | 15 | 27%" in blocks
    after = blocks[
        blocks.index("Year | Caseload | Agency staff\n2023 | 19 | 31%\n2024 | 15 | 27%") + 1
    ]
    assert after == "The council will publish its action plan in May."


def test_a_scanned_page_is_noted_as_needing_ocr(report: Extraction) -> None:
    assert "page 4: no text layer: needs OCR" in report.notes
    assert report.text.endswith("— page 4 —")


def test_creation_date_is_weak_evidence_with_its_offset(report: Extraction) -> None:
    created = next(d for d in report.dates if d.kind == "created")
    assert created.value == "2024-03-05T09:30:00+01:00"
    assert created.raw == "D:20240305093000+01'00'"
    assert created.strength == "weak" and created.source == "PDF CreationDate"
    assert created.start is None


def test_metadata_title_and_library_are_named(report: Extraction) -> None:
    assert report.title == "Inspection of Kent children’s services"
    assert report.library.startswith("pypdfium2 ")
    assert report.extractor == "casereader.formats.pdf"


def test_a_line_repeated_in_the_body_is_not_taken_for_a_header(tmp_path: Path) -> None:
    pages = [["Recommendation: improve supervision.", f"Finding number {n}."] for n in (1, 2)]
    text = extract_bytes(writers.simple_pdf(tmp_path / "a.pdf", pages).read_bytes(), "pdf").text
    assert text.count("Recommendation: improve supervision.") == 2


def test_a_pdf_of_scans_only_is_refused_as_needing_ocr(tmp_path: Path) -> None:
    with pytest.raises(NoTextError, match=r"^no text layer: needs OCR$"):
        extract_bytes(writers.scanned_pdf(tmp_path / "scan.pdf").read_bytes(), "pdf")


def test_an_encrypted_pdf_is_refused_as_encrypted(tmp_path: Path) -> None:
    with pytest.raises(EncryptedError, match="needs a password"):
        extract_bytes(writers.encrypted_pdf(tmp_path / "locked.pdf").read_bytes(), "pdf")


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n garbage", b"<html>not a pdf</html>"])
def test_a_damaged_pdf_is_refused_as_damaged(data: bytes) -> None:
    with pytest.raises(CorruptFileError, match="not a readable PDF"):
        extract_bytes(data, "pdf")


def test_a_truncated_pdf_is_refused_or_read_never_raising_anything_else(tmp_path: Path) -> None:
    data = writers.report_pdf(tmp_path / "r.pdf").read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        with contextlib.suppress(CorruptFileError, NoTextError):
            extract_bytes(data[:cut], "pdf")


def test_a_page_count_bomb_is_refused_by_its_count() -> None:
    with pytest.raises(TooLargeError, match="claims 20,000 pages"):
        extract_bytes(bombs.page_count_bomb(20_000), "pdf")


def test_deeply_nested_objects_do_not_break_extraction() -> None:
    result = extract_bytes(bombs.nested_objects(100_000), "pdf")
    assert result.text == "Nested resources"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("D:20240305093000+01'00'", "2024-03-05T09:30:00+01:00"),
        ("D:20240305093000Z", "2024-03-05T09:30:00+00:00"),
        ("D:20240305093000-05'30", "2024-03-05T09:30:00-05:30"),
        ("D:20240305093000", "2024-03-05T09:30:00"),
        ("D:20240305", "2024-03-05"),
        ("D:2024", None),
        ("D:20240231120000Z", None),
        ("yesterday", None),
    ],
)
def test_pdf_dates_are_read_as_written(raw: str, value: str | None) -> None:
    assert parse_pdf_date(raw) == value


def test_columns_written_line_by_line_across_are_read_one_after_the_other(tmp_path: Path) -> None:
    path = writers.across_columns_pdf(tmp_path / "across.pdf")
    text = extract_bytes(path.read_bytes(), "pdf").text
    assert paragraphs(text) == [
        "Practice across the county",
        *writers.LEFT_COLUMN,
        *writers.RIGHT_COLUMN,
    ]


def test_contents_entries_stay_one_a_line(tmp_path: Path) -> None:
    entries = ["1 Introduction . . . . . . . . . 1", "2 Findings . . . . . . . . . . . 4"]
    from reportlab.pdfgen import canvas as pdfcanvas

    path = tmp_path / "toc.pdf"
    c = pdfcanvas.Canvas(str(path), invariant=1)
    c.setFont("Helvetica", 10)
    for number, entry in enumerate(entries):
        c.drawString(72, 700 - 12.5 * number, entry)
    c.save()
    assert paragraphs(extract_bytes(path.read_bytes(), "pdf").text) == entries
