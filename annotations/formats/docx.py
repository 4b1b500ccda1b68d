"""Word (.docx): the body read with python-docx, in document order, as paragraphs and tables.

Each paragraph, heading and list item is a block; list items carry their bullet or their
number as Word shows it (``1.``, ``a)``, ``2.1``), computed from the numbering definitions;
a table is one line per row with merged cells once. Text inside content controls and text
boxes is kept; deleted text of tracked changes is not, inserted text is. Running headers and
footers are left out, like a PDF's. The core properties' created and modified dates are weak
evidence: they are often the date a template was made or a file was copied.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from .archive import check_archive
from .model import CorruptFileError, Extraction, Extractor, MetadataDate, NoTextError
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


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    check_archive(data, "Word")
    document = _open(data)
    numbers = Numbering(document)
    blocks = list(_blocks(document.element.body, numbers))
    text = join_blocks(blocks)
    if not text:
        raise NoTextError("no text: the Word document is empty")
    core = document.core_properties
    return MADE_BY.made(
        data,
        text,
        title=(core.title or "").strip() or None,
        dates=_dates(core),
    )


def _open(data: bytes) -> Any:
    """The Word document as python-docx reads it; any failure is a damaged file."""
    try:
        import docx
    except ImportError as error:  # pragma: no cover - a broken installation
        raise CorruptFileError(f"python-docx is not installed ({error})") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx's own, lxml's XMLSyntaxError, zip errors inside
        raise CorruptFileError(f"damaged Word file ({_reason(error)})") from None


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:200]


# --- body -----------------------------------------------------------------------------------


def _blocks(container: Any, numbers: Numbering) -> Iterator[str]:
    """Paragraphs and tables of the body (or a cell) in order, through content controls."""
    for child in container.iterchildren():
        read = _BLOCK_READERS.get(child.tag)
        if read is not None:
            yield from read(child, numbers)


def _table_blocks(tbl: Any, numbers: Numbering) -> Iterator[str]:
    """A table as one block."""
    yield table(_rows(tbl, numbers))


def _control_blocks(sdt: Any, numbers: Numbering) -> Iterator[str]:
    """The blocks inside a content control, if it has content."""
    content = sdt.find(W + "sdtContent")
    if content is not None:
        yield from _blocks(content, numbers)


def _paragraph_blocks(p: Any, numbers: Numbering) -> Iterator[str]:
    text, boxes = _paragraph_text(p)
    marker = numbers.marker(p)
    text = paragraph(text, keep_lines=True)
    if text:
        yield f"{marker} {text}" if marker else text
    for box in boxes:
        yield from _blocks(box, numbers)


_BLOCK_READERS: dict[str, Callable[[Any, Numbering], Iterator[str]]] = {
    W + "p": _paragraph_blocks,
    W + "tbl": _table_blocks,
    W + "sdt": _control_blocks,
    **dict.fromkeys((W + "customXml", W + "smartTag", W + "ins"), _blocks),
}
"""How each element of the body (or a cell) gives blocks; others give none. Content
controls, custom XML, smart tags and insertions are read through."""

_CHARACTERS = {W + "tab": "\t", W + "noBreakHyphen": "-"} | dict.fromkeys(_BREAKS, "\n")
"""Elements of a run that stand for a character (a break inside a paragraph: a line break)."""
_LEAVES = {W + "t", W + "txbxContent", *_CHARACTERS}
"""Elements of a paragraph read whole: text, a character, a text box (read after it)."""


def _paragraph_text(p: Any) -> tuple[str, list[Any]]:
    """A paragraph's visible text, and the text boxes anchored in it (read after it)."""
    parts: list[str] = []
    boxes: list[Any] = []
    for element in _visible(p):
        if element.tag == W + "txbxContent":
            boxes.append(element)
        else:
            parts.append(_shown(element))
    return "".join(parts), boxes


def _shown(element: Any) -> str:
    """What a text element or a character element of a run shows."""
    return (element.text or "") if element.tag == W + "t" else _CHARACTERS[element.tag]


def _visible(p: Any) -> Iterator[Any]:
    """The elements of a paragraph that show (text, characters, text boxes), in document
    order, without recursion (a hostile file may nest deeply)."""
    stack = [iter(p.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif _may_show(child):
            if child.tag in _LEAVES:
                yield child
            else:
                stack.append(iter(child.iterchildren()))


def _may_show(element: Any) -> bool:
    """An element (not a comment or a processing instruction) that is not left out."""
    return isinstance(element.tag, str) and element.tag not in _SKIP


def _rows(tbl: Any, numbers: Numbering) -> Iterator[list[str]]:
    for tr in tbl.iterchildren(W + "tr"):
        yield [_cell_text(tc, numbers) for tc in tr.iterchildren(W + "tc")]


def _cell_text(tc: Any, numbers: Numbering) -> str:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    if merge is not None and merge.get(W + "val") in (None, "continue"):
        return ""  # the lower part of a vertically merged cell
    return " ".join(_blocks(tc, numbers))


# --- list numbering -------------------------------------------------------------------------


class Numbering:
    """Word's list numbering, so list items read ``1.``, ``2.``, ``a)`` or ``•`` as shown."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], Level] = {}
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str, tuple[str, int] | None] = {}
        self.document = document
        root = _numbering_root(document)
        if root is not None:
            self.levels.update(_list_levels(root))

    def marker(self, p: Any) -> str:
        found = self._num_pr(p)
        level = self.levels.get(found) if found is not None else None
        if found is None or level is None:
            return ""
        if level[0] in _UNNUMBERED:
            return _UNNUMBERED[level[0]]
        return self._number(found, level)

    def _number(self, found: tuple[str, int], level: Level) -> str:
        """One more item of a numbered level, shown by its level text (``%1.%2``) with each
        level's count in that level's format."""
        num_id, ilvl = found
        counters = self._count(num_id, ilvl)
        shown = level[1] or f"%{ilvl + 1}."
        for depth in range(ilvl + 1, 0, -1):
            fmt, _text, start = self.levels.get((num_id, depth - 1), ("decimal", "", 1))
            count = _counted(counters, depth - 1) + start - 1
            shown = shown.replace(f"%{depth}", number_label(max(count, start), fmt))
        return shown.strip()

    def _count(self, num_id: str, ilvl: int) -> list[int]:
        """One more item at ``ilvl`` of a list: the counters of its levels, deeper ones reset."""
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(0)
        del counters[ilvl + 1 :]
        counters[ilvl] += 1
        return counters

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            return _numbered(num_pr)
        style = p.find(f"{W}pPr/{W}pStyle")
        return self._style_num_pr(_val(style)) if style is not None else None

    def _style_num_pr(self, style_id: str | None) -> tuple[str, int] | None:
        if not style_id:
            return None
        if style_id in self.styles:
            return self.styles[style_id]
        self.styles[style_id] = None  # guards against a cycle of based-on styles
        style = self._style(style_id)
        found = self._style_numbering(style) if style is not None else None
        self.styles[style_id] = found
        return found

    def _style(self, style_id: str) -> Any:
        """The style element of an id; None when the document has none by it."""
        try:
            return self.document.styles.element.get_by_id(style_id)
        except (KeyError, AttributeError):
            return None

    def _style_numbering(self, style: Any) -> tuple[str, int] | None:
        """A paragraph style's list and level: its own, else its based-on style's."""
        num_pr = style.find(f"{W}pPr/{W}numPr")
        found = _numbered(num_pr) if num_pr is not None else None
        if found is not None:
            return found
        based = style.find(W + "basedOn")
        return self._style_num_pr(_val(based)) if based is not None else None


Level = tuple[str, str, int]
"""A numbering level: format, text (``%1.%2``), first number."""


def _numbering_root(document: Any) -> Any:
    """The numbering part's element; None for a document without numbering."""
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _numbered(num_pr: Any) -> tuple[str, int] | None:
    """The list and level a ``numPr`` names; None when it names none (no id, or id 0)."""
    num_id = _val(num_pr.find(W + "numId"))
    if num_id is None or num_id == "0":
        return None
    return num_id, _int(_val(num_pr.find(W + "ilvl")), 0)


_UNNUMBERED = {"bullet": "•", "none": ""}
"""What an item of a level that is not numbered shows."""


def _list_levels(root: Any) -> Iterator[tuple[tuple[str, int], Level]]:
    """Each list's levels, by (list id, level), from the abstract definition it numbers by."""
    abstract = _abstract_definitions(root)
    for num in root.iterchildren(W + "num"):
        levels = abstract.get(_val(num.find(W + "abstractNumId")) or "", {})
        for ilvl, level in levels.items():
            yield (num.get(W + "numId") or "", ilvl), level


def _abstract_definitions(root: Any) -> dict[str, dict[int, Level]]:
    """Each abstract numbering definition's levels, by its id."""
    return {
        definition.get(W + "abstractNumId") or "": _abstract_levels(definition)
        for definition in root.iterchildren(W + "abstractNum")
    }


def _counted(counters: list[int], index: int) -> int:
    """The items counted at a level; 1 for a level above that has none yet."""
    return counters[index] if index < len(counters) else 1


def _abstract_levels(definition: Any) -> dict[int, Level]:
    return {
        _int(lvl.get(W + "ilvl"), 0): (
            _val(lvl.find(W + "numFmt")) or "decimal",
            _val(lvl.find(W + "lvlText")) or "",
            _int(_val(lvl.find(W + "start")), 1),
        )
        for lvl in definition.iterchildren(W + "lvl")
    }


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
    for attribute in ("created", "modified"):
        value = _core_moment(core, attribute)
        if value is not None:
            iso = value.replace(microsecond=0).isoformat()
            dates.append(MetadataDate.weak(attribute, iso, iso, f"DOCX core property {attribute}"))
    return tuple(dates)


def _core_moment(core: Any, attribute: str) -> datetime | None:
    """A core property's moment in UTC when it has none written; None if absent or unreadable."""
    from datetime import UTC

    try:
        value: datetime | None = getattr(core, attribute)
    except (ValueError, TypeError):
        return None
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
