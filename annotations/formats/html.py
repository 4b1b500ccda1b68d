"""HTML: the page's main content (trafilatura), its title first, and its publication dates.

trafilatura finds the article and drops navigation, cookie banners, sidebars and footers;
``<time>`` elements are made plain text first, because trafilatura would drop the date that a
reader sees ("Published 5 March 2024"). Its result, as HTML, is laid out by ``html_blocks``:
headings, paragraphs and list items are blocks, tables rows with `` | `` between cells. When
it finds no main content (a short page, a letter saved as HTML), the whole body is read
without its navigation, with a note saying so.

Dates come from the original page (``html_dates``), as htmldate looks for them:
``article:published_time`` and similar meta tags, JSON-LD ``datePublished``/``dateModified``,
and ``<time datetime>``. Only ISO 8601 and RFC 2822 values are read; nothing is guessed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

from .html_dates import page_dates
from .model import CorruptFileError, Extraction, Extractor, NoTextError
from .text import clean_characters, join_blocks, paragraph, table

FORMAT = "html"
EXTRACTOR = "casereader.formats.html"
EXTRACTOR_VERSION = "1"

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "ul", "caption", "body", "html",
}  # fmt: skip
SKIP_TAGS = {
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
    "embed", "canvas", "select", "textarea", "button", "input", "map", "audio", "video",
}  # fmt: skip
CHROME_TAGS = {"nav", "header", "footer", "aside", "form"}
_CHROME_NAMES = re.compile(r"cookie|consent|gdpr|banner|navbar|breadcrumb|skip-?link", re.I)


def library() -> str:
    from importlib.metadata import version

    return f"trafilatura {version('trafilatura')}, lxml {version('lxml')}"


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    if _binary(data):
        raise CorruptFileError("binary data (NUL bytes), not a web page")
    root = parse(decode_html(data))
    title = page_title(root)
    dates = page_dates(root)
    blocks, notes = _content(root)
    body = join_blocks(_titled(title, blocks))
    if not body:
        raise NoTextError("no text: the page is empty")
    return MADE_BY.made(
        data,
        body,
        title=title or None,
        notes=tuple(notes),
        dates=dates,
    )


def _binary(data: bytes) -> bool:
    """NUL bytes near the start of a file that is not UTF-16 (where they are half of ASCII)."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return b"\x00" in data[:4096] and not utf16


def _titled(title: str, blocks: list[str]) -> list[str]:
    """The title first, then the content without a first heading that repeats it."""
    if not title:
        return blocks
    if blocks and _repeats_title(blocks[0], title):
        blocks = blocks[1:]
    return [title, *blocks]


def _content(root: Any) -> tuple[list[str], list[str]]:
    """The page's main content as blocks, and a note when it had to be the whole page."""
    blocks = _main_content(root)
    whole = html_blocks(_body(root), drop_chrome=True)
    if not _fell_back(blocks, whole, root):
        return blocks, []
    # trafilatura found no article and ran its own fallback, which runs paragraphs
    # together; the page's own blocks without navigation read better.
    if not whole:
        return whole, []
    return whole, ["no main content found: the whole page's text, without navigation"]


_TITLE_PARTS = re.compile(r"\s+(?:[|\-–—:·•]|::)\s+")


def _repeats_title(block: str, title: str) -> bool:
    """The page's first heading is its title, or the title without the site's name."""
    wanted = block.casefold().strip()
    parts = [title, *_TITLE_PARTS.split(title)]
    return any(part.casefold().strip() == wanted for part in parts)


def _fell_back(blocks: list[str], whole: list[str], root: Any) -> bool:
    """No article found: nothing, or one block running several of the page's together."""
    if not blocks:
        return True
    if len(blocks) > 1 or len(whole) < 2:
        return False
    found = set(re.findall(r"\w+", blocks[0].casefold()))
    return not any(
        found <= set(re.findall(r"\w+", block.casefold())) for block in html_blocks(_body(root))
    )


# --- decoding and parsing -------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(data: bytes) -> str:
    """The page as text: by its byte-order mark, its declared charset, UTF-8, else cp1252."""
    by_mark = _by_byte_order_mark(data)
    if by_mark is not None:
        return by_mark
    declared = _declared_encoding(data)
    if declared is not None:
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _by_byte_order_mark(data: bytes) -> str | None:
    """A page that starts with a UTF-8 or UTF-16 byte-order mark, decoded by it; else None."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    return None


def _declared_encoding(data: bytes) -> str | None:
    """The codec a page's ``<meta charset>`` names, as a browser takes it (``latin-1`` and
    ``ascii`` mean cp1252); None if none, unknown, or UTF-16 (which needs a byte-order mark)."""
    declared = _META_CHARSET.search(data[:4096])
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in ("utf-16-le", "utf-16-be", "utf-16"):
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def parse(text: str) -> Any:
    """An lxml HTML tree: no network, no entities beyond HTML's, comments dropped."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str with a declaration
    try:
        root = lxml.html.document_fromstring(text or "<html></html>", parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise CorruptFileError(f"not readable as HTML ({error})") from None
    return root


def _body(root: Any) -> Any:
    body = root.find("body")
    return body if body is not None else root


def page_title(root: Any) -> str:
    """The page's ``<title>``, else its ``og:title`` or ``title`` meta, else its first
    ``<h1>``; "" when it has none."""
    titled = _title_element(root)
    if titled is not None:
        return paragraph(titled.text_content())
    return _meta_title(root) or _first_heading(root)


def _title_element(root: Any) -> Any:
    for path in (".//head/title", ".//title"):
        found = root.find(path)
        if found is not None and (found.text_content() or "").strip():
            return found
    return None


def _meta_title(root: Any) -> str:
    for meta in root.iter("meta"):
        content = paragraph(meta.get("content") or "") if _is_title_meta(meta) else ""
        if content:
            return content
    return ""


def _is_title_meta(meta: Any) -> bool:
    """An ``og:title`` or ``title`` meta tag, by its property, else its name."""
    return (meta.get("property") or meta.get("name") or "").lower() in ("og:title", "title")


def _first_heading(root: Any) -> str:
    heading = root.find(".//h1")
    return paragraph(heading.text_content()) if heading is not None else ""


def _main_content(root: Any) -> list[str]:
    """The article as blocks, or [] when trafilatura finds none."""
    import copy

    import lxml.html
    import trafilatura

    tree = copy.deepcopy(root)  # trafilatura prunes the tree it is given
    for element in tree.iter("time"):
        element.tag = "span"
    result = trafilatura.extract(
        tree,
        output_format="html",
        include_tables=True,
        include_links=False,
        include_images=False,
        include_comments=False,
        include_formatting=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not result or not result.strip():
        return []
    return html_blocks(_body(lxml.html.fromstring(result)))


# --- layout ---------------------------------------------------------------------------------


def html_blocks(element: Any, drop_chrome: bool = False) -> list[str]:
    """Blocks of an HTML element: paragraphs, headings, list items, tables, in order.

    Source whitespace collapses as a browser collapses it; ``<br>`` keeps a line break;
    ``<pre>`` keeps its lines. ``drop_chrome`` leaves out navigation, headers, footers,
    forms and cookie or consent banners (for a page whose main content was not found).
    """
    out = _Blocks(drop_chrome)
    out.walk(element)
    out.flush()
    return out.blocks


class _Blocks:
    """The blocks of an element as a browser lays them out, gathered by walking its tree."""

    def __init__(self, drop_chrome: bool) -> None:
        self.drop_chrome = drop_chrome
        self.blocks: list[str] = []
        self.buffer: list[str] = []
        self.prefix = ""

    def flush(self) -> None:
        text = paragraph("".join(self.buffer), keep_lines=True)
        self.buffer.clear()
        if text:
            self.blocks.append(f"{self.prefix} {text}" if self.prefix else text)
            self.prefix = ""

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(re.sub(r"[\r\n]+", " ", text))

    def walk(self, element: Any) -> None:
        tag = _tag(element)
        if tag and self._skipped(element, tag):
            return
        if tag == "br":
            self.buffer.append("\n")
        elif tag in ("pre", "table", "ul", "ol", "menu"):
            self.flush()
            self._own_block(element, tag)
        elif tag in BLOCK_TAGS:
            self.flush()
            self._inline(element)
            self.flush()
        else:
            self._inline(element)

    def _inline(self, element: Any) -> None:
        """An element's text and its children's, in order, into the current block."""
        self.add(element.text)
        for child in element:
            self.walk(child)
            self.add(child.tail)

    def _own_block(self, element: Any, tag: str) -> None:
        """A block laid out its own way: preformatted lines, a table, a list."""
        if tag == "pre":
            self.blocks.append(clean_characters(element.text_content()).strip("\n"))
        elif tag == "table":
            self.blocks.append(table(self._rows(element)))
        else:
            self._list(element, tag == "ol")

    def _skipped(self, element: Any, tag: str) -> bool:
        if tag in SKIP_TAGS or _hidden(element):
            return True
        return self.drop_chrome and _chrome(element, tag)

    def _list(self, element: Any, ordered: bool) -> None:
        number = _list_start(element)
        self.add(element.text)
        for child in element:
            if _tag(child) == "li":
                self._item(child, f"{number}." if ordered else "•")
                number += 1
            else:
                self.walk(child)
            self.add(child.tail)

    def _item(self, item: Any, prefix: str) -> None:
        """A list item: a block of its own, starting with its number or bullet."""
        self.flush()
        self.prefix = prefix
        self._inline(item)
        self.flush()
        self.prefix = ""

    def _rows(self, element: Any) -> Iterator[list[str]]:
        for row in _own_rows(element):
            yield [self._cell_text(cell) for cell in row if _is_cell(cell)]

    def _cell_text(self, cell: Any) -> str:
        inner = _Blocks(self.drop_chrome)
        inner.walk(cell)
        inner.flush()
        return " ".join(inner.blocks)


def _tag(element: Any) -> str:
    """An element's tag in lower case; "" for a comment or processing instruction."""
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _list_start(element: Any) -> int:
    """The number of an ordered list's first item: its ``start``, else 1."""
    start = element.get("start")
    return int(start) if start and start.lstrip("-").isdigit() else 1


def _is_cell(element: Any) -> bool:
    return _tag(element) in ("td", "th")


def _hidden(element: Any) -> bool:
    """Hidden from readers: ``hidden``, ``aria-hidden``, or styled out of sight."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return _styled_out_of_sight(element.get("style") or "")


def _styled_out_of_sight(style: str) -> bool:
    """An inline style that hides the element: ``display: none`` or ``visibility: hidden``."""
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _chrome(element: Any, tag: str) -> bool:
    """The page's furniture: navigation, headers, footers, forms, banners."""
    if tag in CHROME_TAGS or element.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    names = f"{element.get('id') or ''} {element.get('class') or ''}"
    return bool(_CHROME_NAMES.search(names))


def _own_rows(table: Any) -> Iterator[Any]:
    """A table's rows, not those of tables nested in its cells (read within their cell)."""
    return (row for row in table.iter("tr") if _closest_table(row) is table)


def _closest_table(row: Any) -> Any:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent
