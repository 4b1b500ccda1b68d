"""CSV export for spreadsheets: one row per (annotation, code).

Decisions, made for Excel, LibreOffice and Google Sheets users:
- UTF-8 with a byte-order mark: Excel reads BOM-less CSV as the local ANSI code page and
  garbles every accent and curly quote; with the BOM it reads UTF-8, and other tools skip it.
- Rows end with CRLF (RFC 4180); cells holding quotes, commas or newlines are quoted.
- Formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return, also after leading blanks or line breaks, is prefixed with ``'`` so a spreadsheet
  shows it as text instead of running it (OWASP's advice). The integer columns (start, end)
  are never prefixed.
- An annotation without codes still gets one row, with an empty ``code``, so nothing is lost;
  ``code`` holds the code's name (its id if the codebook lacks it).
- With a code filter (``exporting.export``'s ``only_codes``), rows for other codes of the same
  passage are left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..corpus import Corpus
from ..model import Annotation, Code
from .content import ExportDocument, code_names, export_documents, reporting, without_orphans
from .model import Progress
from .writing import deliver

COLUMNS = (
    "document",
    "title",
    "dateline_utc",
    "dateline_date",
    "start",
    "end",
    "code",
    "text",
    "note",
    "coder",
    "created",
    "updated",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BLANKS = " \t\r\n\v\f\u00a0\u3000"


def spreadsheet_safe(cell: str) -> str:
    """A text cell a spreadsheet will show rather than evaluate: spreadsheets skip leading
    blanks and line breaks before looking for a formula, so this does too."""
    return (
        "'" + cell
        if cell.lstrip(" \t\r\n\v\f\u00a0").startswith(FORMULA_STARTS)
        or (cell.startswith(FORMULA_STARTS))
        else cell
    )


def csv_rows(document: ExportDocument, names: dict[str, str]) -> Iterator[list[str | int]]:
    """The rows of one document, text cells made spreadsheet-safe."""
    dateline = document.dateline
    utc = dateline.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if dateline and dateline.utc else ""
    day = dateline.date.isoformat() if dateline else ""
    head = [spreadsheet_safe(document.id), spreadsheet_safe(document.title), utc, day]
    for annotation in document.annotations:
        for code in annotation.codes or ("",):
            yield [*head, *annotation_cells(annotation, names.get(code, code))]


def annotation_cells(annotation: Annotation, code_name: str) -> list[str | int]:
    """The cells of one (annotation, code) row after the document's own."""
    texts = (
        code_name,
        annotation.exact,
        annotation.note,
        annotation.coder or "",
        annotation.created,
        annotation.updated,
    )
    return [annotation.start, annotation.end, *map(spreadsheet_safe, texts)]


def export_csv(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    path: str | Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> bytes:
    """The CSV export as UTF-8 bytes with a BOM; written atomically to ``path`` if given.

    A code filter's narrowing to the chosen codes' rows happens before, in ``exporting``."""
    # Orphans have no place in the text: left out (``export`` says how many).
    documents = [d for d in without_orphans(export_documents(corpus, annotations)) if d.annotations]
    names = code_names(codes)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for document in reporting(documents, progress):
        writer.writerows(csv_rows(document, names))
    return deliver(buffer.getvalue().encode("utf-8-sig"), path, force)
