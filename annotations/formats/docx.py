"""Word (.docx): the body read with python-docx, in document order, as paragraphs and tables.

Each paragraph, heading and list item is a block; list items carry their bullet or their
number as Word shows it (``1.``, ``a)``, ``2.1``), computed from the numbering definitions;
a table is one line per row with merged cells once. Text inside content controls and text
boxes is kept; deleted text of tracked changes is not, inserted text is. Running headers and
footers are left out, like a PDF's. The core properties' created and modified dates are weak
evidence: they are often the date a template was made or a file was copied.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import Any

from .archive import check_archive
from .model import CorruptFileError, Extraction, MetadataDate, NoTextError
from .text import join_blocks, number_label, paragraph, table

FORMAT = "docx"
EXTRACTOR = "casereader.formats.docx"
EXTRACTOR_VERSION = "1"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {W + "del", W + "moveFrom", MC_FALLBACK, W + "instrText", W + "delText"}
_BREAKS = {W + "br", W + "cr"}


def library() -> str:
    from importlib.metadata import version

    return f"python-docx {version('python-docx')}"


def extract(data: bytes, label: str) -> Extraction:
    check_archive(data, "Word")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - a broken installation
        raise CorruptFileError(f"python-docx is not installed ({error})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise CorruptFileError(f"damaged Word file ({_reason(error)})") from None
    except Exception as error:  # lxml's XMLSyntaxError and zip errors from deep inside
        raise CorruptFileError(f"damaged Word file ({_reason(error)})") from None
    numbers = Numbering(document)
    blocks = list(_blocks(document.element.body, numbers))
    text = join_blocks(blocks)
    if not text:
        raise NoTextError("no text: the Word document is empty")
    core = document.core_properties
    return Extraction(
        format=FORMAT,
        text=text,
        source_sha256=hashlib.sha256(data).hexdigest(),
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        library=library(),
        title=(core.title or "").strip() or None,
        dates=_dates(core),
    )


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:200]


# --- body -----------------------------------------------------------------------------------


def _blocks(container: Any, numbers: Numbering) -> Iterator[str]:
    """Paragraphs and tables of the body (or a cell) in order, through content controls."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == W + "p":
            yield from _paragraph_blocks(child, numbers)
        elif tag == W + "tbl":
            yield table(_rows(child, numbers))
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content, numbers)
        elif tag in (W + "customXml", W + "smartTag", W + "ins"):
            yield from _blocks(child, numbers)


def _paragraph_blocks(p: Any, numbers: Numbering) -> Iterator[str]:
    text, boxes = _paragraph_text(p)
    marker = numbers.marker(p)
    text = paragraph(text, keep_lines=True)
    if text:
        yield f"{marker} {text}" if marker else text
    for box in boxes:
        yield from _blocks(box, numbers)


def _paragraph_text(p: Any) -> tuple[str, list[Any]]:
    """A paragraph's visible text, and the text boxes anchored in it (read after it)."""
    parts: list[str] = []
    boxes: list[Any] = []
    stack = [iter(p.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in _BREAKS:  # a line, column or page break inside a paragraph
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "txbxContent":
            boxes.append(child)
        else:
            stack.append(iter(child.iterchildren()))
    return "".join(parts), boxes


def _rows(tbl: Any, numbers: Numbering) -> Iterator[list[str]]:
    for tr in tbl.iterchildren(W + "tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(W + "tc"):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(W + "val") in (None, "continue"):
                cells.append("")  # the lower part of a vertically merged cell
                continue
            cells.append(" ".join(_blocks(tc, numbers)))
        yield cells


# --- list numbering -------------------------------------------------------------------------


class Numbering:
    """Word's list numbering, so list items read ``1.``, ``2.``, ``a)`` or ``•`` as shown."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str, tuple[str, int] | None] = {}
        self.document = document
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in definition.iterchildren(W + "lvl"):
                fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                text = _val(lvl.find(W + "lvlText")) or ""
                start = _int(_val(lvl.find(W + "start")), 1)
                levels[_int(lvl.get(W + "ilvl"), 0)] = (fmt, text, start)
            abstract[definition.get(W + "abstractNumId") or ""] = levels
        for num in root.iterchildren(W + "num"):
            levels = abstract.get(_val(num.find(W + "abstractNumId")) or "", {})
            for ilvl, level in levels.items():
                self.levels[(num.get(W + "numId") or "", ilvl)] = level

    def marker(self, p: Any) -> str:
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, ilvl = found
        level = self.levels.get((num_id, ilvl))
        if level is None:
            return ""
        fmt, text, _start = level
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(0)
        del counters[ilvl + 1 :]
        counters[ilvl] += 1
        shown = text or f"%{ilvl + 1}."
        for depth in range(ilvl + 1, 0, -1):
            start = self.levels.get((num_id, depth - 1), ("decimal", "", 1))
            count = (counters[depth - 1] if depth - 1 < len(counters) else 1) + start[2] - 1
            shown = shown.replace(f"%{depth}", number_label(max(count, start[2]), start[0]))
        return shown.strip()

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr.find(W + "numId"))
            if num_id is None or num_id == "0":
                return None
            return num_id, _int(_val(num_pr.find(W + "ilvl")), 0)
        style = p.find(f"{W}pPr/{W}pStyle")
        return self._style_num_pr(_val(style)) if style is not None else None

    def _style_num_pr(self, style_id: str | None) -> tuple[str, int] | None:
        if not style_id:
            return None
        if style_id in self.styles:
            return self.styles[style_id]
        self.styles[style_id] = None  # guards against a cycle of based-on styles
        found = None
        try:
            style = self.document.styles.element.get_by_id(style_id)
        except (KeyError, AttributeError):
            style = None
        if style is not None:
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and _val(num_pr.find(W + "numId")) not in (None, "0"):
                found = (
                    _val(num_pr.find(W + "numId")) or "",
                    _int(_val(num_pr.find(W + "ilvl")), 0),
                )
            else:
                based = style.find(W + "basedOn")
                found = self._style_num_pr(_val(based)) if based is not None else None
        self.styles[style_id] = found
        return found


def _val(element: Any) -> str | None:
    return None if element is None else element.get(W + "val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- metadata -------------------------------------------------------------------------------


def _dates(core: Any) -> tuple[MetadataDate, ...]:
    """Created and modified from the core properties: stored in UTC (W3CDTF), weak evidence."""
    dates = []
    for attribute, kind in (("created", "created"), ("modified", "modified")):
        try:
            value = getattr(core, attribute)
        except (ValueError, TypeError):
            continue
        if value is None:
            continue
        if value.tzinfo is None:
            from datetime import UTC

            value = value.replace(tzinfo=UTC)
        iso = value.replace(microsecond=0).isoformat()
        dates.append(
            MetadataDate(
                kind=kind,  # type: ignore[arg-type]
                value=iso,
                raw=iso,
                source=f"DOCX core property {attribute}",
                strength="weak",
            )
        )
    return tuple(dates)
