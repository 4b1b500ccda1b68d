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
- With a code filter (``only_codes``), rows for other codes of the same passage are left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from ..corpus import Corpus
from ..model import Annotation, Code
from .content import (
    ExportDocument,
    code_names,
    count_annotations,
    export_documents,
    without_orphans,
)
from .writing import Progress, write_atomically

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


def csv_rows(
    document: ExportDocument,
    names: dict[str, str],
    only_codes: Collection[str] | None = None,
) -> Iterator[list[str | int]]:
    """The rows of one document, text cells made spreadsheet-safe."""
    dateline = document.dateline
    utc = dateline.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if dateline and dateline.utc else ""
    day = dateline.date.isoformat() if dateline else ""
    for annotation in document.annotations:
        codes: Sequence[str] = annotation.codes or ("",)
        if only_codes is not None:
            codes = [code for code in codes if code in only_codes]
        for code in codes:
            yield [
                spreadsheet_safe(document.id),
                spreadsheet_safe(document.title),
                utc,
                day,
                annotation.start,
                annotation.end,
                spreadsheet_safe(names.get(code, code)),
                spreadsheet_safe(annotation.exact),
                spreadsheet_safe(annotation.note),
                spreadsheet_safe(annotation.coder or ""),
                spreadsheet_safe(annotation.created),
                spreadsheet_safe(annotation.updated),
            ]


def export_csv(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    path: str | Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    only_codes: Collection[str] | None = None,
) -> bytes:
    """The CSV export as UTF-8 bytes with a BOM; written atomically to ``path`` if given."""
    # Orphans have no place in the text: left out (``export`` says how many).
    documents = [d for d in without_orphans(export_documents(corpus, annotations)) if d.annotations]
    names = code_names(codes)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    total, done = count_annotations(documents), 0
    for document in documents:
        writer.writerows(csv_rows(document, names, only_codes))
        done += len(document.annotations)
        if progress is not None:
            progress(done, total)
    data = buffer.getvalue().encode("utf-8-sig")
    if path is not None:
        write_atomically(path, data, force)
    return data
