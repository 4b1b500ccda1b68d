"""PDF: the text layer read with PDFium (pypdfium2), laid out as paragraphs with page markers.

PDFium gives each page's characters in content order with its own line breaks and marks the
hyphens it joined at line ends; we add the layout a reader needs, from the position of each
line on the page:

* paragraphs: lines are joined with spaces; a new paragraph starts where the gap above a line
  is clearly larger than the page's usual line pitch, where the text moves up the page (the
  next column), where the type size changes (a heading), or after a short line that ends a
  sentence;
* tables: a line whose pieces stand far apart (wider than three spaces) is a table row, its
  pieces the cells, joined by `` | ``; consecutive rows make one table block;
* running headers and footers: a line in the top or bottom band of the page that recurs, with
  its digits ignored ("Page 3 of 12"), on at least half the pages (and at least two) is
  removed wherever it recurs;
* page breaks: a marker line ``— page N —`` before each page after the first;
* a page without text but with an image is a scan: noted as needing OCR; a PDF with no text at
  all is refused with that reason.

* reading order: PDFium's content order, which is the reading order for PDFs made by word
  processors and typesetters (one column after the other); where a producer wrote the lines
  of two columns of prose across the page, the columns are put back one after the other.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from typing import Any

from .model import (
    CorruptFileError,
    EncryptedError,
    Extraction,
    MetadataDate,
    NoTextError,
    TooLargeError,
)
from .text import clean_characters, clean_line, join_blocks, page_marker

FORMAT = "pdf"
EXTRACTOR = "casereader.formats.pdf"
EXTRACTOR_VERSION = "1"
MAX_PAGES = 10_000
"""More pages than any report or bundle of minutes; a page-count bomb claims millions."""
MAX_CHARS = 50_000_000

BAND = 0.1
"""Top and bottom share of the page height where running headers and footers live."""
_HYPHEN_MARKS = "\ufffe\x02"
_CELL_GAP = 2.0
"""Gap between pieces of one line, in line heights, that makes them table cells (the widest
space between words of a justified line is about one)."""


class Line:
    """One line of a page with its box (PDF points, origin at the bottom left)."""

    __slots__ = ("bottom", "cells", "height", "left", "middle", "right", "text", "top")

    def __init__(
        self,
        text: str,
        left: float,
        bottom: float,
        right: float,
        top: float,
        cells: tuple[Line, ...] = (),
    ) -> None:
        self.text, self.cells = text, cells
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        self.height = top - bottom if top - bottom > 0.1 else 0.1
        self.middle = (top + bottom) / 2


def library() -> str:
    import pypdfium2
    from pypdfium2 import version

    return f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO} (PDFium {version.PDFIUM_INFO.build})"


def extract(data: bytes, label: str) -> Extraction:
    """The text of a PDF, or a typed error: encrypted, no text layer, damaged, too many pages."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedError("encrypted PDF: it needs a password to open") from None
        raise CorruptFileError(f"not a readable PDF ({_pdfium_reason(error)})") from None
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise TooLargeError(f"the PDF claims {count:,} pages; more than {MAX_PAGES:,} refused")
        pages: list[list[Line]] = []
        heights: list[float] = []
        notes: list[str] = []
        scanned: list[int] = []
        chars = 0
        for index in range(count):
            page = pdf[index]
            try:
                height = page.get_height()
                lines = _page_lines(page)
                if not lines and _has_image(page, pdfium):
                    scanned.append(index + 1)
            finally:
                page.close()
            chars += sum(len(line.text) for line in lines)
            if chars > MAX_CHARS:
                raise TooLargeError(f"more than {MAX_CHARS:,} characters of text; refused")
            pages.append(lines)
            heights.append(height)
        dates = _dates(pdf)
        title = _metadata(pdf, "Title") or None
    except pdfium.PdfiumError as error:
        raise CorruptFileError(f"damaged PDF ({_pdfium_reason(error)})") from None
    finally:
        pdf.close()
    if not any(pages):
        if scanned:
            raise NoTextError("no text layer: needs OCR")
        raise NoTextError("no text: the PDF's pages are blank")
    if scanned:
        listed = ", ".join(str(n) for n in scanned[:10]) + ("..." if len(scanned) > 10 else "")
        word = "page" if len(scanned) == 1 else "pages"
        notes.append(f"{word} {listed}: no text layer: needs OCR")
    running = _running_lines(pages, heights)
    if running:
        notes.append(f"removed {len(running)} running header/footer line(s) repeated on pages")
    blocks: list[str] = []
    for number, (lines, height) in enumerate(zip(pages, heights, strict=True), start=1):
        if number > 1:
            blocks.append(page_marker(number))
        kept = [line for line in lines if not _is_running(line, height, running)]
        blocks.extend(_paragraphs(kept))
    return Extraction(
        format=FORMAT,
        text=join_blocks(blocks),
        source_sha256=hashlib.sha256(data).hexdigest(),
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        library=library(),
        pages=count,
        title=title,
        notes=tuple(notes),
        dates=dates,
    )


def _pdfium_reason(error: Exception) -> str:
    text = str(error)
    found = re.search(r"\(PDFium: ([^)]*)\)", text)
    reason = found.group(1) if found else text
    # PDFium reports "Success" when it gave up on a structure it would not load.
    return "PDFium could not load its structure" if reason.strip() == "Success" else reason


# --- lines ----------------------------------------------------------------------------------


def _page_lines(page: Any) -> list[Line]:
    """The page's lines in content order, each with its box, and its cells if it has gaps."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        raw = textpage.get_text_range(0, count)
        lines: list[Line] = []
        for found in re.finditer(r"[^\r\n]+", raw):
            start, end = found.span()
            text = found.group()
            if not text.strip():
                continue
            pieces = textpage.count_rects(start, end - start)
            if pieces <= 0:
                continue
            if pieces == 1:  # most lines: one run of text, no cells to look for
                lines.append(Line(text, *textpage.get_rect(0)))
                continue
            boxes = [textpage.get_rect(i) for i in range(pieces)]
            left = min(b[0] for b in boxes)
            bottom = min(b[1] for b in boxes)
            right = max(b[2] for b in boxes)
            top = max(b[3] for b in boxes)
            line = Line(text, left, bottom, right, top)
            cells = _cells(textpage, boxes, line.height)
            if len(cells) > 1:
                line.cells = tuple(cells)
            lines.append(line)
        return _reading_order(lines, textpage)
    finally:
        textpage.close()


def _cells(
    textpage: Any, boxes: list[tuple[float, float, float, float]], height: float
) -> list[Line]:
    """Pieces of a line that stand far apart (table cells, or columns read across), each with
    its text and box; an empty list when the line is one piece."""
    ordered = sorted(boxes, key=lambda b: b[0])
    groups: list[list[float]] = []
    for left, bottom, right, top in ordered:
        if groups and left - groups[-1][2] < _CELL_GAP * height:
            group = groups[-1]
            group[1], group[2], group[3] = (
                min(group[1], bottom),
                max(group[2], right),
                max(group[3], top),
            )
        else:
            groups.append([left, bottom, right, top])
    if len(groups) < 2:
        return []
    return [
        Line(_line_text(textpage.get_text_bounded(*group)), g[0], g[1], g[2], g[3])
        for g in groups
        for group in (g,)
    ]


def _line_text(text: str) -> str:
    for mark in _HYPHEN_MARKS:
        text = text.replace(mark, "")
    return clean_line(clean_characters(text.replace("\r\n", " ").replace("\n", " ")))


def _has_image(page: Any, pdfium: Any) -> bool:
    objects = page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)
    return next(iter(objects), None) is not None


# --- running headers and footers ------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().casefold()


def _in_band(line: Line, height: float) -> bool:
    return line.middle > height * (1 - BAND) or line.middle < height * BAND


def _running_lines(pages: list[list[Line]], heights: list[float]) -> set[str]:
    """Keys of lines that recur in the top or bottom band of at least half the pages."""
    with_text = sum(1 for lines in pages if lines)
    if with_text < 2:
        return set()
    seen: dict[str, int] = {}
    for lines, height in zip(pages, heights, strict=True):
        keys = {_key(line.text) for line in lines if _in_band(line, height)}
        for key in keys:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, (with_text + 1) // 2)
    return {key for key, pages_with in seen.items() if pages_with >= needed and key}


def _is_running(line: Line, height: float, running: set[str]) -> bool:
    return bool(running) and _in_band(line, height) and _key(line.text) in running


# --- columns written across -----------------------------------------------------------------


def _reading_order(lines: list[Line], textpage: Any) -> list[Line]:
    """Columns of prose that the producer wrote line by line across the page, read one after
    the other: the left pieces of a run of such lines, then the right ones.

    Such a page shows as many lines of two far-apart pieces of prose whose right pieces start
    at one x (the right column's edge); a table's cells are short, so tables stay tables. A
    line that reaches across the edge with no text just before it is cut there; one with
    text there (a heading over both columns) ends the run and stays whole.
    """
    split = [line for line in lines if len(line.cells) == 2]
    if len(split) < 3:
        return lines
    if sum(len(c.text) >= 25 for line in split for c in line.cells) < 1.4 * len(split):
        return lines
    starts = sorted(line.cells[1].left for line in split)
    edge = starts[len(starts) // 2]
    tolerance = max(line.height for line in split)
    if sum(abs(start - edge) <= tolerance for start in starts) < 0.8 * len(starts):
        return lines
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        pieces = line.cells
        if not pieces and line.left < edge - tolerance < edge < line.right:
            pieces = _cut(line, edge, tolerance, textpage)
        if len(pieces) == 2 and abs(pieces[1].left - edge) <= tolerance:
            left.append(pieces[0])
            right.append(pieces[1])
        elif not pieces and line.right < edge - tolerance:
            left.append(line)
        elif not pieces and line.left > edge - tolerance:
            right.append(line)
        else:
            ordered += [*left, *right, line]
            left, right = [], []
    return ordered + left + right


def _cut(line: Line, edge: float, gap: float, textpage: Any) -> tuple[Line, ...]:
    """A line cut at the column edge when nothing is written just before the edge."""
    if textpage.get_text_bounded(edge - gap, line.bottom, edge - 0.5, line.top).strip():
        return ()
    first = _line_text(textpage.get_text_bounded(line.left, line.bottom, edge - 0.5, line.top))
    second = _line_text(textpage.get_text_bounded(edge - 0.5, line.bottom, line.right, line.top))
    if not first or not second:
        return ()
    return (
        Line(first, line.left, line.bottom, edge - gap, line.top),
        Line(second, edge, line.bottom, line.right, line.top),
    )


# --- paragraphs -----------------------------------------------------------------------------


def _paragraphs(lines: list[Line]) -> list[str]:
    """Lines joined into paragraphs (and table rows into tables), in order."""
    if not lines:
        return []
    pitches = [
        prev.middle - line.middle
        for prev, line in itertools.pairwise(lines)
        if 0 < prev.middle - line.middle < 3 * max(prev.height, line.height)
    ]
    # The usual line pitch is the lower quartile: paragraph gaps may be as many as lines.
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else None
    right_edge = max(line.right for line in lines)
    left_edge = min(line.left for line in lines)
    blocks: list[str] = []
    current: list[str] = []
    table_rows: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(_join_lines(current))
            current.clear()
        if table_rows:
            blocks.append("\n".join(table_rows))
            table_rows.clear()

    prev: Line | None = None
    for line in lines:
        if line.cells:
            if current:
                flush()
            table_rows.append(" | ".join(cell.text for cell in line.cells))
            prev = line
            continue
        if table_rows or (prev is not None and _breaks(prev, line, pitch, left_edge, right_edge)):
            flush()
        current.append(_line_text(line.text))
        prev = line
    flush()
    return blocks


def _breaks(prev: Line, line: Line, pitch: float | None, left: float, right: float) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev``."""
    drop = prev.middle - line.middle
    if drop <= 0 or drop > 3 * max(prev.height, line.height):
        return True  # up the page (next column) or far below: another block
    if pitch is not None and drop > 1.4 * pitch:
        return True
    if abs(line.height - prev.height) > 0.25 * max(line.height, prev.height):
        return True  # another type size: a heading and its text
    if _LEADERS.search(prev.text):
        return True  # a contents entry: "2.1 Naming . . . . 3"
    width = right - left
    short = prev.right < right - 0.15 * width
    return short and prev.text.rstrip().endswith((".", ":", "!", "?", "”", '"'))


_LEADERS = re.compile(r"(?:\.\s?){4,}\s*[\divxlc]+\s*$", re.IGNORECASE)


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line: hyphens PDFium marked at line ends are joined."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith("-") and line[:1].islower() and out[-2:-1].isalpha():
            out = out[:-1] + line
        else:
            out += " " + line
    return out


# --- metadata -------------------------------------------------------------------------------

_PDF_DATE = re.compile(
    r"^D:(?P<y>\d{4})(?P<mo>\d\d)?(?P<d>\d\d)?(?P<h>\d\d)?(?P<mi>\d\d)?(?P<s>\d\d)?"
    r"(?P<z>Z|[+-]\d\d'?(\d\d)?'?)?"
)


def _metadata(pdf: Any, key: str) -> str:
    try:
        value = pdf.get_metadata_value(key)
    except Exception:  # PDFium returns nothing useful for a broken Info dictionary
        return ""
    return clean_line(clean_characters(value or ""))


def parse_pdf_date(raw: str) -> str | None:
    """A PDF date string (``D:20240305093000+01'00'``) as ISO 8601, or None if it is not one."""
    found = _PDF_DATE.match(raw.strip())
    if found is None or found.group("mo") is None or found.group("d") is None:
        return None
    y, mo, d = found.group("y"), found.group("mo"), found.group("d")
    from datetime import date

    try:
        date(int(y), int(mo), int(d))
    except ValueError:
        return None
    if found.group("h") is None or found.group("mi") is None:
        return f"{y}-{mo}-{d}"
    h, mi, s = found.group("h"), found.group("mi"), found.group("s") or "00"
    if int(h) > 23 or int(mi) > 59 or int(s) > 59:
        return f"{y}-{mo}-{d}"
    value = f"{y}-{mo}-{d}T{h}:{mi}:{s}"
    zone = found.group("z")
    if zone == "Z":
        value += "+00:00"
    elif zone:
        digits = re.sub(r"\D", "", zone)
        hours, minutes = digits[:2], (digits[2:4] or "00")
        if int(hours) <= 14 and int(minutes) <= 59:
            value += f"{zone[0]}{hours}:{minutes}"
    return value


def _dates(pdf: Any) -> tuple[MetadataDate, ...]:
    dates = []
    for key, kind in (("CreationDate", "created"), ("ModDate", "modified")):
        raw = _metadata(pdf, key)
        value = parse_pdf_date(raw) if raw else None
        if value:
            dates.append(
                MetadataDate(
                    kind=kind,  # type: ignore[arg-type]
                    value=value,
                    raw=raw,
                    source=f"PDF {key}",
                    strength="weak",
                )
            )
    return tuple(dates)
