"""HTML: the page's main content (trafilatura), its title first, and its publication dates.

trafilatura finds the article and drops navigation, cookie banners, sidebars and footers;
``<time>`` elements are made plain text first, because trafilatura would drop the date that a
reader sees ("Published 5 March 2024"). Its result, as HTML, is laid out by ``html_blocks``:
headings, paragraphs and list items are blocks, tables rows with `` | `` between cells. When
it finds no main content (a short page, a letter saved as HTML), the whole body is read
without its navigation, with a note saying so.

Dates come from the original page, as htmldate looks for them: ``article:published_time``
and similar meta tags, JSON-LD ``datePublished``/``dateModified``, and ``<time datetime>``.
Only ISO 8601 and RFC 2822 values are read; nothing is guessed.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from .model import CorruptFileError, Extraction, MetadataDate, NoTextError
from .text import clean_characters, join_blocks, paragraph, table

FORMAT = "html"
EXTRACTOR = "casereader.formats.html"
EXTRACTOR_VERSION = "1"
MAX_JSON_LD = 1 << 20

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

META_DATES: dict[str, tuple[str, str]] = {
    "article:published_time": ("published", "strong"),
    "og:published_time": ("published", "strong"),
    "datepublished": ("published", "strong"),
    "dc.date.issued": ("published", "strong"),
    "dcterms.issued": ("published", "strong"),
    "citation_publication_date": ("published", "strong"),
    "pubdate": ("published", "strong"),
    "publishdate": ("published", "strong"),
    "publish-date": ("published", "strong"),
    "parsely-pub-date": ("published", "strong"),
    "sailthru.date": ("published", "strong"),
    "dc.date": ("published", "weak"),
    "dcterms.date": ("published", "weak"),
    "date": ("published", "weak"),
    "dcterms.created": ("created", "weak"),
    "datecreated": ("created", "weak"),
    "article:modified_time": ("modified", "weak"),
    "og:updated_time": ("modified", "weak"),
    "datemodified": ("modified", "weak"),
    "dc.date.modified": ("modified", "weak"),
    "dcterms.modified": ("modified", "weak"),
    "last-modified": ("modified", "weak"),
}
JSON_LD_DATES = {
    "datePublished": ("published", "strong"),
    "dateCreated": ("created", "weak"),
    "dateModified": ("modified", "weak"),
}


def library() -> str:
    from importlib.metadata import version

    return f"trafilatura {version('trafilatura')}, lxml {version('lxml')}"


def extract(data: bytes, label: str) -> Extraction:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CorruptFileError("binary data (NUL bytes), not a web page")
    text = decode_html(data)
    root = parse(text)
    title = page_title(root)
    dates = page_dates(root)
    notes: list[str] = []
    blocks = _main_content(root)
    whole = html_blocks(_body(root), drop_chrome=True)
    if _fell_back(blocks, whole, root):
        # trafilatura found no article and ran its own fallback, which runs paragraphs
        # together; the page's own blocks without navigation read better.
        blocks = whole
        if blocks:
            notes.append("no main content found: the whole page's text, without navigation")
    if title and blocks and _repeats_title(blocks[0], title):
        blocks = blocks[1:]
    body = join_blocks(([title] if title else []) + blocks)
    if not body:
        raise NoTextError("no text: the page is empty")
    return Extraction(
        format=FORMAT,
        text=body,
        source_sha256=hashlib.sha256(data).hexdigest(),
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        library=library(),
        title=title or None,
        notes=tuple(notes),
        dates=dates,
    )


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
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            name = None
        if name and name not in ("utf-16-le", "utf-16-be", "utf-16"):
            if name in ("latin-1", "iso8859-1", "ascii"):
                name = "cp1252"  # what browsers do with these labels
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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
    for path in (".//head/title", ".//title"):
        found = root.find(path)
        if found is not None and (found.text_content() or "").strip():
            return paragraph(found.text_content())
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in ("og:title", "title"):
            content = paragraph(meta.get("content") or "")
            if content:
                return content
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
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag and self._skipped(element, tag):
            return
        if tag == "br":
            self.buffer.append("\n")
        elif tag == "pre":
            self.flush()
            self.blocks.append(clean_characters(element.text_content()).strip("\n"))
        elif tag == "table":
            self.flush()
            self.blocks.append(table(self._rows(element)))
        elif tag in ("ul", "ol", "menu"):
            self.flush()
            self._list(element, tag == "ol")
        elif tag in BLOCK_TAGS:
            self.flush()
            self.add(element.text)
            for child in element:
                self.walk(child)
                self.add(child.tail)
            self.flush()
        else:
            self.add(element.text)
            for child in element:
                self.walk(child)
                self.add(child.tail)

    def _skipped(self, element: Any, tag: str) -> bool:
        if tag in SKIP_TAGS:
            return True
        if element.get("hidden") is not None or element.get("aria-hidden") == "true":
            return True
        style = (element.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        if not self.drop_chrome:
            return False
        if tag in CHROME_TAGS or element.get("role") in ("navigation", "banner", "contentinfo"):
            return True
        names = f"{element.get('id') or ''} {element.get('class') or ''}"
        return bool(_CHROME_NAMES.search(names))

    def _list(self, element: Any, ordered: bool) -> None:
        start = element.get("start")
        number = int(start) if start and start.lstrip("-").isdigit() else 1
        self.add(element.text)
        for child in element:
            if isinstance(child.tag, str) and child.tag.lower() == "li":
                self.flush()
                self.prefix = f"{number}." if ordered else "•"
                number += 1
                self.add(child.text)
                for grandchild in child:
                    self.walk(grandchild)
                    self.add(grandchild.tail)
                self.flush()
                self.prefix = ""
            else:
                self.walk(child)
            self.add(child.tail)

    def _rows(self, element: Any) -> Iterator[list[str]]:
        for row in element.iter("tr"):
            if _closest_table(row) is not element:
                continue  # a nested table's row: read within its cell
            cells = []
            for cell in row:
                if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                    inner = _Blocks(self.drop_chrome)
                    inner.walk(cell)
                    inner.flush()
                    cells.append(" ".join(inner.blocks))
            yield cells


def _closest_table(row: Any) -> Any:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


# --- dates ----------------------------------------------------------------------------------


def parse_date_value(raw: str) -> str | None:
    """An ISO 8601 or RFC 2822 date as ISO 8601 (date only when no time is given), else None."""
    value = raw.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if not 1900 <= parsed.year <= 2100:
        return None
    return parsed.replace(microsecond=0).isoformat()


def page_dates(root: Any) -> tuple[MetadataDate, ...]:
    """Publication and modification dates the page declares about itself."""
    found: list[MetadataDate] = []

    def add(kind: str, strength: str, raw: str, source: str) -> None:
        value = parse_date_value(raw)
        if value and not any(d.kind == kind and d.value == value for d in found):
            found.append(MetadataDate(kind, value, raw.strip(), source, strength))  # type: ignore[arg-type]

    for meta in root.iter("meta"):
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key in META_DATES:
                kind, strength = META_DATES[key]
                add(kind, strength, meta.get("content") or "", f"HTML meta {key}")
                break
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        for key, raw in _json_ld_dates(script.text):
            kind, strength = JSON_LD_DATES[key]
            add(kind, strength, raw, f"HTML JSON-LD {key}")
    for element in root.iter("time"):
        raw = element.get("datetime")
        if not raw:
            continue
        if element.get("itemprop") == "datePublished" or element.get("pubdate") is not None:
            add("published", "strong", raw, "HTML <time> datePublished")
        elif element.get("itemprop") == "dateModified":
            add("modified", "weak", raw, "HTML <time> dateModified")
        else:
            add("published", "weak", raw, "HTML <time datetime>")
        break
    return tuple(found)


def _json_ld_dates(source: str) -> Iterator[tuple[str, str]]:
    if len(source) > MAX_JSON_LD:
        return
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return
    stack, seen = [data], 0
    while stack and seen < 10_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            for key in JSON_LD_DATES:
                value = item.get(key)
                if isinstance(value, str):
                    yield key, value
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
