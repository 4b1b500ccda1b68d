"""The CSV export: opens correctly in spreadsheets and cannot smuggle in formulas."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest

from annotations.corpus import Corpus
from annotations.interchange import ExportRequest, Selection, export
from annotations.interchange.csv_format import COLUMNS, export_csv, spreadsheet_safe
from annotations.model import DEFAULT_CODES
from tests.unit.test_export_json import annotate, write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return write_corpus(
        tmp_path / "corpus",
        {
            "a.txt": 'Oxford, 01 February 2019\n\n=SUM(A1) staff, "many", left.\nSecond line.\n',
            "b.txt": "-5 posts vacant @ the centre\n",
        },
    )


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_file_starts_with_a_utf8_byte_order_mark_for_excel(corpus):
    data = export_csv(ExportRequest(corpus, DEFAULT_CODES, []))
    assert data.startswith(codecs.BOM_UTF8)


def test_header_names_the_columns(corpus):
    data = export_csv(ExportRequest(corpus, DEFAULT_CODES, []))
    assert data.decode("utf-8-sig").splitlines()[0].split(",") == list(COLUMNS)


def test_one_row_per_annotation_and_code(corpus):
    passage = annotate(corpus, "a.txt", 26, 60, "staffing", "strength", coder="ana")
    found = rows(export_csv(ExportRequest(corpus, DEFAULT_CODES, [passage])))
    assert [row["code"] for row in found] == ["staffing", "strength"]
    assert {row["start"] for row in found} == {"26"}


def test_quotes_commas_and_newlines_survive_a_round_trip(corpus):
    text = corpus["a.txt"].text
    start = text.index("staff")
    end = text.index("Second") + 6
    passage = annotate(corpus, "a.txt", start, end, "staffing", note='a "note", with\nlines')
    (row,) = rows(export_csv(ExportRequest(corpus, DEFAULT_CODES, [passage])))
    assert row["text"] == text[start:end]
    assert row["note"] == 'a "note", with\nlines'


def test_cells_that_would_run_as_formulas_are_prefixed(corpus):
    text = corpus["a.txt"].text
    start = text.index("=SUM")
    formula = annotate(corpus, "a.txt", start, start + 8, "staffing", note="+cmd|' /C calc'!A0")
    minus = annotate(corpus, "b.txt", 0, 8, "staffing", coder="@admin")
    found = rows(export_csv(ExportRequest(corpus, DEFAULT_CODES, [formula, minus])))
    by_doc = {row["document"]: row for row in found}
    assert by_doc["a.txt"]["text"] == "'=SUM(A1)"
    assert by_doc["a.txt"]["note"] == "'+cmd|' /C calc'!A0"
    assert by_doc["b.txt"]["text"] == "'-5 posts"
    assert by_doc["b.txt"]["coder"] == "'@admin"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(cell):
    assert spreadsheet_safe(cell) == "'" + cell


def test_ordinary_text_is_left_alone():
    assert spreadsheet_safe("Staffing is stable") == "Staffing is stable"


def test_dateline_columns_come_from_the_document(corpus):
    passage = annotate(corpus, "a.txt", 26, 30, "staffing")
    (row,) = rows(export_csv(ExportRequest(corpus, DEFAULT_CODES, [passage])))
    dateline = corpus["a.txt"].dateline
    assert row["dateline_date"] == (dateline.date.isoformat() if dateline else "")


def test_code_column_shows_the_name(corpus):
    passage = annotate(corpus, "b.txt", 0, 7, "area-for-improvement")
    (row,) = rows(export_csv(ExportRequest(corpus, DEFAULT_CODES, [passage])))
    assert row["code"] == "area for improvement"


def test_a_code_filter_keeps_only_that_codes_rows(corpus, tmp_path):
    passage = annotate(corpus, "a.txt", 26, 30, "staffing", "strength")
    target = tmp_path / "out.csv"
    export(
        "csv",
        ExportRequest(corpus, DEFAULT_CODES, [passage], selection=Selection({"strength"})),
        target,
    )
    assert [row["code"] for row in rows(target.read_bytes())] == ["strength"]


def test_rows_end_with_crlf_as_rfc_4180_says(corpus):
    data = export_csv(
        ExportRequest(corpus, DEFAULT_CODES, [annotate(corpus, "b.txt", 0, 7, "staffing")])
    )
    assert data.count(b"\r\n") == 2


def test_each_row_names_the_paragraph_where_its_passage_starts(tmp_path):
    """Issue 16, asked of the CSV: cite a quote as "document, ¶ 12"."""

    text = "Title\n\nFirst paragraph, two\nlines.\n\n  \nSecond one.\n"
    corpus = write_corpus(tmp_path / "c", {"a.txt": text})
    passages = [
        annotate(corpus, "a.txt", text.index("Title"), 5, "staffing"),
        annotate(corpus, "a.txt", text.index("lines"), text.index("lines") + 5, "staffing"),
        annotate(corpus, "a.txt", text.index("Second"), text.index("Second") + 6, "staffing"),
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(
                export_csv(ExportRequest(corpus, DEFAULT_CODES, passages)).decode("utf-8-sig")
            )
        )
    )
    assert [(r["text"], r["paragraph"]) for r in rows] == [
        ("Title", "1"),
        ("lines", "2"),
        ("Second", "3"),
    ]


def test_the_formula_guard_can_be_turned_off_for_analysts(tmp_path):
    from annotations.interchange.model import ExportOptions

    corpus = write_corpus(tmp_path / "c", {"a.txt": "=SUM(A1:A2) is not a formula here.\n"})
    passage = annotate(corpus, "a.txt", 0, 11, "staffing", note="-1 point")
    guarded = export_csv(ExportRequest(corpus, DEFAULT_CODES, [passage])).decode("utf-8-sig")
    plain = export_csv(
        ExportRequest(corpus, DEFAULT_CODES, [passage], options=ExportOptions(formula_guard=False))
    ).decode("utf-8-sig")
    assert "'=SUM(A1:A2)" in guarded and "'-1 point" in guarded
    assert "'=" not in plain and ",=SUM(A1:A2),-1 point," in plain
