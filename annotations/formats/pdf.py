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

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import (
    CorruptFileError,
    EncryptedError,
    Extraction,
    Extractor,
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


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    """The text of a PDF, or a typed error: encrypted, no text layer, damaged, too many pages."""
    import pypdfium2 as pdfium

    pdf = _open(data, pdfium)
    try:
        document = _read(pdf, pdfium)
    except pdfium.PdfiumError as error:
        raise CorruptFileError(f"damaged PDF ({_pdfium_reason(error)})") from None
    finally:
        pdf.close()
    if not any(document.pages):
        raise NoTextError(_no_text_reason(document))
    running = _running_lines(document.pages, document.heights)
    notes = _notes(document.scanned, running)
    return MADE_BY.made(
        data,
        join_blocks(_blocks(document, running)),
        pages=len(document.pages),
        title=document.title,
        notes=tuple(notes),
        dates=document.dates,
    )


def _no_text_reason(document: _Document) -> str:
    """Why a PDF without a character of text is refused: scanned pages, or blank ones."""
    if document.scanned:
        return "no text layer: needs OCR"
    return "no text: the PDF's pages are blank"


def _blocks(document: _Document, running: set[str]) -> list[str]:
    """Every page's paragraphs without its running lines, a page marker before each page
    after the first."""
    blocks: list[str] = []
    for number, (lines, height) in enumerate(zip(document.pages, document.heights, strict=True), 1):
        if number > 1:
            blocks.append(page_marker(number))
        blocks.extend(_paragraphs(_without_running(lines, height, running)))
    return blocks


def _without_running(lines: list[Line], height: float, running: set[str]) -> list[Line]:
    return [line for line in lines if not _is_running(line, height, running)]


@dataclass
class _Document:
    """What was read of a PDF: each page's lines and height, the pages that are scans."""

    pages: list[list[Line]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    scanned: list[int] = field(default_factory=list)
    chars: int = 0
    dates: tuple[MetadataDate, ...] = ()
    title: str | None = None

    def add(self, lines: list[Line], height: float, scan: bool) -> None:
        self.chars += sum(len(line.text) for line in lines)
        if self.chars > MAX_CHARS:
            raise TooLargeError(f"more than {MAX_CHARS:,} characters of text; refused")
        self.pages.append(lines)
        self.heights.append(height)
        if scan:
            self.scanned.append(len(self.pages))


def _open(data: bytes, pdfium: Any) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedError("encrypted PDF: it needs a password to open") from None
        raise CorruptFileError(f"not a readable PDF ({_pdfium_reason(error)})") from None


def _read(pdf: Any, pdfium: Any) -> _Document:
    """Every page's lines, then the title and dates; TooLargeError past the limits."""
    count = len(pdf)
    if count > MAX_PAGES:
        raise TooLargeError(f"the PDF claims {count:,} pages; more than {MAX_PAGES:,} refused")
    document = _Document()
    for index in range(count):
        document.add(*_read_page(pdf[index], pdfium))
    document.dates = _dates(pdf)
    document.title = _metadata(pdf, "Title") or None
    return document


def _read_page(page: Any, pdfium: Any) -> tuple[list[Line], float, bool]:
    """A page's lines, its height, and whether it is a scan (no text, an image)."""
    try:
        height = page.get_height()
        lines = _page_lines(page)
        return lines, height, not lines and _has_image(page, pdfium)
    finally:
        page.close()


def _notes(scanned: list[int], running: set[str]) -> list[str]:
    """What the reader should know: pages that need OCR, running lines removed."""
    notes = []
    if scanned:
        notes.append(_scanned_note(scanned))
    if running:
        notes.append(f"removed {len(running)} running header/footer line(s) repeated on pages")
    return notes


def _scanned_note(scanned: list[int]) -> str:
    """The scanned pages named (the first ten) as needing OCR."""
    listed = ", ".join(str(n) for n in scanned[:10])
    if len(scanned) > 10:
        listed += "..."
    word = "page" if len(scanned) == 1 else "pages"
    return f"{word} {listed}: no text layer: needs OCR"


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
        return _lines_of(textpage)
    finally:
        textpage.close()


def _lines_of(textpage: Any) -> list[Line]:
    """The lines of an open text page (see ``_page_lines``)."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    raw = textpage.get_text_range(0, count)
    found = (_line(textpage, match) for match in re.finditer(r"[^\r\n]+", raw))
    return _reading_order([line for line in found if line is not None], textpage)


def _line(textpage: Any, found: re.Match[str]) -> Line | None:
    """One line of the page's text with its box (and cells); None if it has no box."""
    start, end = found.span()
    text = found.group()
    if not text.strip():
        return None
    pieces = textpage.count_rects(start, end - start)
    if pieces <= 0:
        return None
    if pieces == 1:  # most lines: one run of text, no cells to look for
        return Line(text, *textpage.get_rect(0))
    return _line_of_pieces(textpage, text, [textpage.get_rect(i) for i in range(pieces)])


def _line_of_pieces(
    textpage: Any, text: str, boxes: list[tuple[float, float, float, float]]
) -> Line:
    """A line written in several runs: its box around them all, its cells if they stand apart."""
    lefts, bottoms, rights, tops = zip(*boxes, strict=True)
    line = Line(text, min(lefts), min(bottoms), max(rights), max(tops))
    cells = _cells(textpage, boxes, line.height)
    if len(cells) > 1:
        line.cells = tuple(cells)
    return line


def _cells(
    textpage: Any, boxes: list[tuple[float, float, float, float]], height: float
) -> list[Line]:
    """Pieces of a line that stand far apart (table cells, or columns read across), each with
    its text and box; an empty list when the line is one piece."""
    groups = _close_runs(boxes, _CELL_GAP * height)
    if len(groups) < 2:
        return []
    return [Line(_line_text(textpage.get_text_bounded(*g)), g[0], g[1], g[2], g[3]) for g in groups]


def _close_runs(boxes: list[tuple[float, float, float, float]], gap: float) -> list[list[float]]:
    """Boxes from left to right merged wherever less than ``gap`` separates them."""
    groups: list[list[float]] = []
    for left, bottom, right, top in sorted(boxes, key=lambda b: b[0]):
        if groups and left - groups[-1][2] < gap:
            group = groups[-1]
            group[1], group[2], group[3] = (
                min(group[1], bottom),
                max(group[2], right),
                max(group[3], top),
            )
        else:
            groups.append([left, bottom, right, top])
    return groups


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
    seen = _band_counts(pages, heights)
    needed = max(2, (with_text + 1) // 2)
    return {key for key, pages_with in seen.items() if pages_with >= needed and key}


def _band_counts(pages: list[list[Line]], heights: list[float]) -> Counter[str]:
    """On how many pages each key shows in the top or bottom band."""
    return Counter(
        key
        for lines, height in zip(pages, heights, strict=True)
        for key in _band_keys(lines, height)
    )


def _band_keys(lines: list[Line], height: float) -> set[str]:
    """The keys of a page's lines in its top and bottom bands, each once."""
    return {_key(line.text) for line in lines if _in_band(line, height)}


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
    found = _column_edge(lines)
    if found is None:
        return lines
    edge, tolerance = found
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        pieces = _columns_of(line, edge, tolerance, textpage)
        if pieces is None:  # across both columns: the run so far, then this line
            ordered += [*left, *right, line]
            left, right = [], []
        else:
            left += pieces[0]
            right += pieces[1]
    return ordered + left + right


def _column_edge(lines: list[Line]) -> tuple[float, float] | None:
    """The x where a right column of prose starts, and the tolerance around it, if the page
    was written across two columns (see ``_reading_order``)."""
    split = _prose_in_two(lines)
    if not split:
        return None
    starts = sorted(line.cells[1].left for line in split)
    edge = starts[len(starts) // 2]
    tolerance = max(line.height for line in split)
    if not _mostly_at(starts, edge, tolerance):
        return None
    return edge, tolerance


def _prose_in_two(lines: list[Line]) -> list[Line]:
    """The lines in two pieces, if there are three or more and they read as prose; else none."""
    split = [line for line in lines if len(line.cells) == 2]
    return split if len(split) >= 3 and _mostly_prose(split) else []


def _mostly_prose(split: list[Line]) -> bool:
    """Whether the pieces of lines in two pieces are long enough to be prose, not cells."""
    long_pieces = sum(len(cell.text) >= 25 for line in split for cell in line.cells)
    return long_pieces >= 1.4 * len(split)


def _mostly_at(starts: list[float], edge: float, tolerance: float) -> bool:
    """Whether four in five of the right pieces start at the edge."""
    return sum(abs(start - edge) <= tolerance for start in starts) >= 0.8 * len(starts)


def _columns_of(
    line: Line, edge: float, tolerance: float, textpage: Any
) -> tuple[list[Line], list[Line]] | None:
    """What a line gives the left and the right column; None for a line across both."""
    pieces = line.cells or _cut_across(line, edge, tolerance, textpage)
    if _split_at(pieces, edge, tolerance):
        return [pieces[0]], [pieces[1]]
    if pieces:
        return None
    return _one_side(line, edge - tolerance)


def _split_at(pieces: Sequence[Line], edge: float, tolerance: float) -> bool:
    """Whether a line is in two pieces, the right one starting at the column edge."""
    return len(pieces) == 2 and abs(pieces[1].left - edge) <= tolerance


def _one_side(line: Line, edge: float) -> tuple[list[Line], list[Line]] | None:
    """A line in one piece given to the column it stands in; None if it reaches over ``edge``."""
    if line.right < edge:
        return [line], []
    if line.left > edge:
        return [], [line]
    return None


def _cut_across(line: Line, edge: float, tolerance: float, textpage: Any) -> tuple[Line, ...]:
    """A line in one piece that reaches over the edge, cut there if it can be."""
    if line.left < edge - tolerance < edge < line.right:
        return _cut(line, edge, tolerance, textpage)
    return ()


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


@dataclass(frozen=True)
class _Page:
    """What judging a paragraph break needs of the page: its usual line pitch and margins."""

    pitch: float | None
    left: float
    right: float

    @classmethod
    def of(cls, lines: list[Line]) -> _Page:
        left = min(line.left for line in lines)
        return cls(_usual_pitch(lines), left, max(line.right for line in lines))


def _usual_pitch(lines: list[Line]) -> float | None:
    """The lower quartile of the drops between close lines: paragraph gaps may be as many as
    lines, so the median could be one of them."""
    pitches = [
        prev.middle - line.middle
        for prev, line in itertools.pairwise(lines)
        if 0 < prev.middle - line.middle < 3 * max(prev.height, line.height)
    ]
    return sorted(pitches)[len(pitches) // 4] if pitches else None


def _paragraphs(lines: list[Line]) -> list[str]:
    """Lines joined into paragraphs (and table rows into tables), in order."""
    if not lines:
        return []
    return [_block_text(group) for group in _blocks_of(lines, _Page.of(lines))]


def _blocks_of(lines: list[Line], page: _Page) -> list[list[Line]]:
    """The lines (not none) grouped into blocks: paragraphs and tables, in order."""
    groups = [[lines[0]]]
    for prev, line in itertools.pairwise(lines):
        if _starts_block(prev, line, page):
            groups.append([])
        groups[-1].append(line)
    return groups


def _starts_block(prev: Line, line: Line, page: _Page) -> bool:
    """A table row continues a table and starts anything else; text after a table starts a
    paragraph, after text where ``_breaks`` says so."""
    if line.cells:
        return not prev.cells
    return bool(prev.cells) or _breaks(prev, line, page.pitch, page.left, page.right)


def _block_text(lines: list[Line]) -> str:
    """A table (a row per line, cells joined by `` | ``) or a paragraph on one line."""
    if lines[0].cells:
        return "\n".join(" | ".join(cell.text for cell in line.cells) for line in lines)
    return _join_lines([_line_text(line.text) for line in lines])


def _breaks(prev: Line, line: Line, pitch: float | None, left: float, right: float) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev``."""
    if _far_from(prev, line, pitch):
        return True
    if abs(line.height - prev.height) > 0.25 * max(line.height, prev.height):
        return True  # another type size: a heading and its text
    if _LEADERS.search(prev.text):
        return True  # a contents entry: "2.1 Naming . . . . 3"
    return _ends_short_sentence(prev, left, right)


def _far_from(prev: Line, line: Line, pitch: float | None) -> bool:
    """Whether ``line`` is up the page (the next column), far below, or a gap below ``prev``
    clearly larger than the usual line pitch."""
    drop = prev.middle - line.middle
    if drop <= 0 or drop > 3 * max(prev.height, line.height):
        return True
    return pitch is not None and drop > 1.4 * pitch


def _ends_short_sentence(line: Line, left: float, right: float) -> bool:
    """A line that stops well before the right margin at the end of a sentence."""
    short = line.right < right - 0.15 * (right - left)
    return short and line.text.rstrip().endswith((".", ":", "!", "?", "”", '"'))


_LEADERS = re.compile(r"(?:\.\s?){4,}\s*[\divxlc]+\s*$", re.IGNORECASE)


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line: hyphens PDFium marked at line ends are joined."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _hyphenated(out, line):
            out = out[:-1] + line
        else:
            out += " " + line
    return out


def _hyphenated(before: str, after: str) -> bool:
    """A word broken by a hyphen at the end of ``before`` and carried on in lower case."""
    return before.endswith("-") and after[:1].islower() and before[-2:-1].isalpha()


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
    day = _pdf_day(found) if found is not None else None
    if found is None or day is None:
        return None
    return day + _pdf_time(found)


def _pdf_time(found: re.Match[str]) -> str:
    """``Thh:mm:ss`` and its offset from a PDF date, or "" without an hour and minute that
    make a time (seconds missing are zero)."""
    h, mi, s = found.group("h"), found.group("mi"), found.group("s") or "00"
    if h is None or mi is None or not _is_clock_time(int(h), int(mi), int(s)):
        return ""
    return f"T{h}:{mi}:{s}" + _pdf_offset(found.group("z"))


def _is_clock_time(hours: int, minutes: int, seconds: int) -> bool:
    """Whether two-digit hours, minutes and seconds make a time of day."""
    return hours <= 23 and minutes <= 59 and seconds <= 59


def _pdf_day(found: re.Match[str]) -> str | None:
    """``YYYY-MM-DD`` of a PDF date, if it has a month and day and they make a date."""
    from datetime import date

    y, mo, d = found.group("y"), found.group("mo"), found.group("d")
    if mo is None or d is None:
        return None
    try:
        date(int(y), int(mo), int(d))
    except ValueError:
        return None
    return f"{y}-{mo}-{d}"


def _pdf_offset(zone: str | None) -> str:
    """A PDF date's zone (``Z``, ``+01'00'``) as an ISO offset; "" if none or impossible."""
    if zone == "Z":
        return "+00:00"
    if not zone:
        return ""
    digits = re.sub(r"\D", "", zone)
    hours, minutes = digits[:2], (digits[2:4] or "00")
    if int(hours) <= 14 and int(minutes) <= 59:
        return f"{zone[0]}{hours}:{minutes}"
    return ""


def _dates(pdf: Any) -> tuple[MetadataDate, ...]:
    dates = []
    for key, kind in (("CreationDate", "created"), ("ModDate", "modified")):
        raw = _metadata(pdf, key)
        value = parse_pdf_date(raw) if raw else None
        if value:
            dates.append(MetadataDate.weak(kind, value, raw, f"PDF {key}"))
    return tuple(dates)
