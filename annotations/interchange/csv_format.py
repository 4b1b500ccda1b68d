"""CSV export for spreadsheets: one row per (annotation, code).

Decisions, made for Excel, LibreOffice and Google Sheets users:
- UTF-8 with a byte-order mark: Excel reads BOM-less CSV as the local ANSI code page and
  garbles every accent and curly quote; with the BOM it reads UTF-8, and other tools skip it.
- Rows end with CRLF (RFC 4180); cells holding quotes, commas or newlines are quoted.
- Formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return, also after leading blanks or line breaks, is prefixed with ``'`` so a spreadsheet
  shows it as text instead of running it (OWASP's advice). The integer columns (start, end)
  are never prefixed.
- ``paragraph`` is the 1-based number of the paragraph where the passage starts (paragraphs
  are separated by blank lines, ``segments.paragraph_starts``), so a quote can be cited as
  "document, ¶ 12" beside its exact offsets.
- ``--no-formula-guard`` (``ExportOptions.formula_guard``) writes every cell as it is, for
  analysts who read the file with code rather than a spreadsheet.
- An annotation without codes still gets one row, with an empty ``code``, so nothing is lost;
  ``code`` holds the code's name (its id if the codebook lacks it).
- With a code filter (``exporting.export``'s ``only_codes``), rows for other codes of the same
  passage are left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from ..model import Annotation
from ..segments import paragraph_number_in, paragraph_starts
from .content import ExportDocument, code_names
from .request import ExportRequest

COLUMNS = (
    "document",
    "title",
    "dateline_utc",
    "dateline_date",
    "start",
    "end",
    "paragraph",
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


def as_is(cell: str) -> str:
    return cell


def csv_rows(
    document: ExportDocument, names: dict[str, str], guard: Callable[[str], str] = spreadsheet_safe
) -> Iterator[list[str | int]]:
    """The rows of one document, text cells passed through ``guard``."""
    head = [guard(document.id), guard(document.title), *_dateline_cells(document)]
    starts = paragraph_starts(document.text or "")
    for annotation in document.annotations:
        paragraph = paragraph_number_in(starts, annotation.start)
        for code in annotation.codes or ("",):
            yield [*head, *annotation_cells(annotation, names.get(code, code), paragraph, guard)]


def _dateline_cells(document: ExportDocument) -> tuple[str, str]:
    """The dateline's moment in UTC (when it has a time) and its local date; empty without."""
    dateline = document.dateline
    if dateline is None:
        return "", ""
    utc = dateline.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if dateline.utc else ""
    return utc, dateline.date.isoformat()


def annotation_cells(
    annotation: Annotation,
    code_name: str,
    paragraph: int,
    guard: Callable[[str], str] = spreadsheet_safe,
) -> list[str | int]:
    """The cells of one (annotation, code) row after the document's own."""
    texts = (
        code_name,
        annotation.exact,
        annotation.note,
        annotation.coder or "",
        annotation.created,
        annotation.updated,
    )
    return [annotation.start, annotation.end, paragraph, *map(guard, texts)]


def export_csv(request: ExportRequest) -> bytes:
    """The CSV export as UTF-8 bytes with a BOM; orphans, which have no place in the text,
    are left out.

    A code filter's narrowing to the chosen codes' rows happens before, in ``exporting``."""
    names = code_names(request.codes)
    guard = spreadsheet_safe if request.options.formula_guard else as_is
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for document in request.reporting(request.placed_documents):
        writer.writerows(csv_rows(document, names, guard))
    return buffer.getvalue().encode("utf-8-sig")
