"""OpenDocument text (.odt): the body read with odfpy, in document order.

Headings, paragraphs and list items are blocks (list items with their bullet, or their number
as the list style numbers them); tables are one line per row, cells joined by `` | ``;
sections, indexes and text boxes are read in place; footnotes and annotations (comments)
are left out, as are running headers and footers, which live in the styles. The meta
creation date and ``dc:date`` (last saved) are weak evidence, written without a zone.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .archive import check_archive
from .model import CorruptFileError, Extraction, Extractor, MetadataDate, NoTextError
from .text import join_blocks, number_label, paragraph, table

FORMAT = "odt"
EXTRACTOR = "casereader.formats.odt"
EXTRACTOR_VERSION = "1"

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
META_NS = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC_NS = "http://purl.org/dc/elements/1.1/"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

MAX_REPEAT = 64
"""Repeated columns or rows written once per repeat, up to this (spreadsheets say 16,384)."""
_LEFT_OUT = {(TEXT_NS, "note"), (OFFICE_NS, "annotation"), (TEXT_NS, "tracked-changes")}


def library() -> str:
    from importlib.metadata import version

    return f"odfpy {version('odfpy')}"


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    check_archive(data, "OpenDocument")
    document, body = _load(data)
    if document.mimetype and "text" not in document.mimetype:
        raise CorruptFileError(f"not an OpenDocument text ({document.mimetype})")
    lists = ListStyles(document)
    text = join_blocks(_blocks(body, lists, 0))
    if not text:
        raise NoTextError("no text: the OpenDocument file is empty")
    return MADE_BY.made(
        data,
        text,
        title=_meta_text(document, DC_NS, "title") or None,
        dates=_dates(document),
    )


def _load(data: bytes) -> tuple[Any, Any]:
    """The document as odfpy reads it, and its body."""
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        body = document.text
    except Exception as error:  # odfpy raises whatever its zip and SAX layers raise
        raise CorruptFileError(
            f"damaged OpenDocument file ({type(error).__name__}: {error})"[:240]
        ) from None
    return document, body


# --- body -----------------------------------------------------------------------------------


def _children(element: Any, namespace: str | None = None) -> Iterator[Any]:
    """Child elements (of one namespace, if given), in order."""
    for child in element.childNodes:
        if child.nodeType == child.ELEMENT_NODE and namespace in (None, child.qname[0]):
            yield child


def _blocks(element: Any, lists: ListStyles, depth: int, style: str | None = None) -> Iterator[str]:
    """Blocks under ``element`` in order; ``style`` and ``depth`` describe an enclosing list."""
    for child in _children(element):
        if child.qname not in _LEFT_OUT:
            yield from _child_blocks(child, lists, depth, style)


def _child_blocks(child: Any, lists: ListStyles, depth: int, style: str | None) -> Iterator[str]:
    qname = child.qname
    if qname in ((TEXT_NS, "p"), (TEXT_NS, "h")):
        yield from _paragraph(child, lists, depth)
    elif qname == (TEXT_NS, "list"):
        own = child.getAttrNS(TEXT_NS, "style-name") or style
        yield from _list(child, lists, depth + 1, own)
    elif qname == (TABLE_NS, "table"):
        yield table(_rows(child, lists))
    elif _holds_blocks(qname):
        yield from _blocks(child, lists, depth, style)


def _holds_blocks(qname: tuple[str, str]) -> bool:
    """Frames, text boxes, sections, indexes, table groups: read through, in place."""
    ns, name = qname
    return (ns == DRAW_NS and name in ("frame", "text-box")) or ns in (TEXT_NS, TABLE_NS, OFFICE_NS)


def _list(element: Any, lists: ListStyles, depth: int, style: str | None) -> Iterator[str]:
    counter = lists.start(style, depth)
    for item in _children(element, TEXT_NS):
        kind = item.qname[1]
        if kind not in ("list-item", "list-header"):
            continue
        counter = _restarted(item, counter)
        marker = lists.marker(style, depth, counter) if kind == "list-item" else ""
        counter += 1
        yield from _marked(_blocks(item, lists, depth, style), marker)


def _restarted(item: Any, counter: int) -> int:
    """An item's own ``start-value``, which numbering goes on from, else the counter."""
    return _whole(item.getAttrNS(TEXT_NS, "start-value"), counter)


def _marked(blocks: Iterator[str], marker: str) -> Iterator[str]:
    """An item's blocks, the first after its marker (when it has one)."""
    for index, block in enumerate(blocks):
        yield f"{marker} {block}" if index == 0 and marker else block


def _paragraph(element: Any, lists: ListStyles, depth: int) -> Iterator[str]:
    parts: list[str] = []
    frames: list[Any] = []
    _inline(element, parts, frames)
    text = paragraph("".join(parts), keep_lines=True)
    if text:
        yield text
    for frame in frames:
        yield from _blocks(frame, lists, depth)


_INLINE = {(TEXT_NS, "tab"): "\t", (TEXT_NS, "line-break"): "\n"}
"""Elements of a paragraph that stand for a character."""


def _inline(element: Any, parts: list[str], frames: list[Any]) -> None:
    """Text of a paragraph: spans, links and fields read through; spaces and tabs as written."""
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType == child.ELEMENT_NODE and child.qname not in _LEFT_OUT:
            _inline_element(child, parts, frames)


def _inline_element(child: Any, parts: list[str], frames: list[Any]) -> None:
    qname = child.qname
    if qname in _INLINE:
        parts.append(_INLINE[qname])
    elif qname == (TEXT_NS, "s"):
        parts.append(_spaces(child))
    elif qname == (DRAW_NS, "frame"):
        frames.append(child)
    else:
        _inline(child, parts, frames)


def _spaces(element: Any) -> str:
    """The spaces a ``<text:s>`` stands for: its count (at most 100), else one."""
    count = element.getAttrNS(TEXT_NS, "c")
    return " " * min(_whole(count, 1), 100)


def _rows(element: Any, lists: ListStyles) -> Iterator[list[str]]:
    for child in _children(element, TABLE_NS):
        name = child.qname[1]
        if name == "table-row":
            yield from _row(child, lists)
        elif name in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _rows(child, lists)


def _row(row: Any, lists: ListStyles) -> Iterator[list[str]]:
    """A row's cells (repeated cells spelled out), as many times as it is repeated."""
    cells = [text for cell in _children(row, TABLE_NS) for text in _cell(cell, lists)]
    repeat = _repeat(row, "number-rows-repeated") if any(cells) else 1
    yield from itertools.repeat(cells, repeat)


def _cell(cell: Any, lists: ListStyles) -> list[str]:
    repeat = _repeat(cell, "number-columns-repeated")
    if cell.qname[1] == "covered-table-cell":
        return [""] * repeat
    if cell.qname[1] == "table-cell":
        return [" ".join(_blocks(cell, lists, 0))] * repeat
    return []


def _whole(value: str | None, default: int) -> int:
    """A count or number as an attribute writes it (digits only), else ``default``."""
    return int(value) if value and value.isdigit() else default


def _repeat(element: Any, attribute: str) -> int:
    value = element.getAttrNS(TABLE_NS, attribute)
    return min(_whole(value, 1), MAX_REPEAT)


# --- list styles ----------------------------------------------------------------------------


Level = tuple[str, str, str, str, int]
"""A list level's style: number format (or "bullet"), bullet, prefix, suffix, first number."""


class ListStyles:
    """Bullets and numbering of each list style and level, from automatic and common styles."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], Level] = {}
        for style in _list_styles(document):
            self._read(style)

    def _read(self, style: Any) -> None:
        name = style.getAttrNS(STYLE_NS, "name")
        for level in _children(style):
            depth = level.getAttrNS(TEXT_NS, "level")
            found = _level(level)
            if depth and depth.isdigit() and found is not None:
                self.levels[(name, int(depth))] = found

    def start(self, style: str | None, depth: int) -> int:
        level = self._level_of(style, depth)
        return level[4] if level else 1

    def marker(self, style: str | None, depth: int, counter: int) -> str:
        level = self._level_of(style, depth)
        if level is None:
            return "•"
        fmt, bullet, prefix, suffix, _start = level
        if fmt == "bullet":
            return _bullet(bullet)
        if not fmt:
            return ""
        return f"{prefix}{number_label(counter, _NUMBER_FORMATS.get(fmt, 'decimal'))}{suffix}"

    def _level_of(self, style: str | None, depth: int) -> Level | None:
        """A list style's level (a list without a style: the unnamed one's)."""
        return self.levels.get((style or "", depth))


_NUMBER_FORMATS = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
"""OpenDocument's number formats in Word's names, as ``number_label`` takes them."""


def _list_styles(document: Any) -> Iterator[Any]:
    """The list styles among the common styles, then among the automatic ones."""
    for container in (document.styles, document.automaticstyles):
        for style in _children(container):
            if style.qname == (TEXT_NS, "list-style"):
                yield style


def _bullet(bullet: str) -> str:
    """A level's bullet character, or a plain bullet for none and for symbol-font ones."""
    return "•" if bullet in ("", "\uf0b7", "\u2022", "\ue00a") else bullet


def _level(level: Any) -> Level | None:
    kind = level.qname[1]
    if kind == "list-level-style-bullet":
        return ("bullet", level.getAttrNS(TEXT_NS, "bullet-char") or "•", "", "", 1)
    if kind != "list-level-style-number":
        return None
    return _number_level(level)


def _number_level(level: Any) -> Level:
    """A numbered level: its number format, prefix, suffix and first number."""
    return (
        level.getAttrNS(STYLE_NS, "num-format") or "",
        "",
        level.getAttrNS(STYLE_NS, "num-prefix") or "",
        level.getAttrNS(STYLE_NS, "num-suffix") or "",
        _whole(level.getAttrNS(TEXT_NS, "start-value"), 1),
    )


# --- metadata -------------------------------------------------------------------------------


def _meta_text(document: Any, ns: str, name: str) -> str:
    for element in document.meta.childNodes:
        if element.nodeType == element.ELEMENT_NODE and element.qname == (ns, name):
            return _text_of(element)
    return ""


def _text_of(element: Any) -> str:
    """An element's own text nodes, joined and stripped."""
    texts = (str(node.data) for node in element.childNodes if node.nodeType == node.TEXT_NODE)
    return "".join(texts).strip()


def _dates(document: Any) -> tuple[MetadataDate, ...]:
    dates = []
    for ns, name, kind, source in (
        (META_NS, "creation-date", "created", "ODT meta creation-date"),
        (DC_NS, "date", "modified", "ODT dc:date (last saved)"),
    ):
        raw = _meta_text(document, ns, name)
        parsed = _moment(raw) if raw else None
        if parsed is not None:
            dates.append(
                MetadataDate.weak(kind, parsed.replace(microsecond=0).isoformat(), raw, source)
            )
    return tuple(dates)


def _moment(raw: str) -> datetime | None:
    """An ISO 8601 moment as ODT meta writes it; None if unreadable."""
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")[:32])
    except ValueError:
        pass
    try:  # nine-digit fractions of a second, as LibreOffice writes them
        return datetime.fromisoformat(raw.split(".")[0])
    except ValueError:
        return None
