"""The corpus screen's detail pane as lines that never break a value inside a token.

A time such as ``2020-07-07T11:03:00+01:00`` or a path cut at the pane's edge reads wrong
(``+0`` / ``1:00``). Values are wrapped at spaces; a value with a token too long for the
column beside its label goes on its own lines under the label; a path too long even there is
broken after a ``/``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from tui.formatting import dateline_details, flag_words, plain, visible

if TYPE_CHECKING:
    from annotations.corpus import Document
    from annotations.formats.origin import Origin
    from annotations.model import Code

INDENT = 2
_AFTER_SLASH = re.compile(r"(?<=/)")


def pieces(token: str, width: int) -> list[str]:
    """A token that cannot fit ``width``: cut after slashes (paths), else every ``width``."""
    if len(token) <= width:
        return [token]
    parts = [part for part in _AFTER_SLASH.split(token) if part]
    lines: list[str] = []
    current = ""
    for part in parts:
        if current and len(current) + len(part) > width:
            lines.append(current)
            current = ""
        while len(part) > width:  # one path segment longer than a line: no better place
            lines.append(part[:width])
            part = part[width:]
        current += part
    if current:
        lines.append(current)
    return lines


def wrap_value(value: str, width: int) -> list[str]:
    """``value`` on lines of at most ``width`` cells, broken at spaces (or as ``pieces``)."""
    width = max(4, width)
    lines: list[str] = []
    current = ""
    for word in value.split():
        for piece in pieces(word, width):
            candidate = f"{current} {piece}" if current else piece
            if len(candidate) <= width:
                current = candidate
            else:
                lines.append(current)
                current = piece
    if current or not lines:
        lines.append(current)
    return lines


def detail_text(title: Text, rows: list[tuple[str, Text]], width: int) -> Text:
    """The pane: the title, then each label and value, right-aligned labels in a column."""
    label_width = max((len(label) for label, _ in rows), default=0)
    value_width = width - label_width - INDENT
    out = Text()
    out.append_text(title)
    out.append("\n\n")
    for label, value in rows:
        tokens = visible(value.plain).split()
        if value_width >= 8 and all(len(token) <= value_width for token in tokens):
            out.append_text(value_beside(label.rjust(label_width), value, value_width))
        else:
            out.append_text(value_under(label.rjust(label_width), value, width - INDENT))
    out.rstrip()
    return out


def value_beside(label: str, value: Text, width: int) -> Text:
    """A label and its value wrapped to ``width`` in the column beside it."""
    shown = visible(value.plain)
    lines = wrap_value(shown, width)
    out = Text()
    for index, line in enumerate(lines):
        out.append(label if index == 0 else " " * len(label), style="dim")
        out.append(" " * INDENT)
        if len(lines) == 1 and line == shown:
            out.append_text(value)  # as it is, with its colours (a code's mark)
        else:
            out.append(line, style=value.style)
        out.append("\n")
    return out


def value_under(label: str, value: Text, width: int) -> Text:
    """A label on its own line, its value wrapped to ``width`` on indented lines under it."""
    out = Text()
    out.append(label, style="dim")
    out.append("\n")
    for line in wrap_value(visible(value.plain), width):
        out.append(" " * INDENT + line + "\n", style=value.style)
    return out


def document_rows(document: Document) -> list[tuple[str, Text]]:
    """What the pane says of a document: its dateline and where it came from, its id and path,
    the notes its format carried."""
    details = dateline_details(document.dateline, document.mentioned)
    rows: list[tuple[str, Text]] = [(label, plain(value)) for label, value in details]
    rows.extend((label, plain(value)) for label, value in origin_rows(document))
    rows.append(("document", plain(document.id)))
    if document.path is not None:
        rows.append(("path", plain(str(document.path))))
    rows.extend(("note", plain(note)) for note in document.notes)
    return rows


def coding_rows(
    total: int, counts: Mapping[str, int], codes: Sequence[Code]
) -> list[tuple[str, Text]]:
    """How much of the document is coded: its passages, then each code used with its count."""
    rows = [("coding", Text(f"{total} coded passage(s)" if total else "none"))]
    for code in codes:
        if counts[code.id]:
            mark = Text("■ ", style=code.colour) + plain(f"{code.name}: {counts[code.id]}")
            rows.append(("", mark))
    return rows


def row_note(document: Document | None) -> str:
    """Under the list when the pane is hidden: what the row's marks mean (``*`` an assumed
    zone, ``?`` a doubt), else the document's id; and the key that shows the pane."""
    parts: list[str] = []
    dateline = document.dateline if document else None
    if dateline is not None:
        if dateline.zone_assumed and dateline.local is not None:
            parts.append(f"* zone assumed: {dateline.zone}")
        parts.extend(f"? {words}" for words in flag_words(dateline))
    if document is not None and not parts:
        parts.append(document.id)
    parts.append("i: details")
    return " · ".join(parts)


def titled(document: Document, title: str | None = None) -> Text:
    """A row's title cell (``title``, else the document's own): the format's badge first
    (PDF, DOCX, EML...) for a document whose text was extracted from another format; plain
    text documents have none."""
    shown = plain(title or document.title)
    origin = document.origin
    if origin is None:
        return shown
    return Text(f"{origin.badge} ", style="bold") + shown


def origin_rows(document: Document) -> list[tuple[str, str]]:
    """Where an extracted document's text and dateline came from: its format and pages, the
    extractor and library, and the file metadata that gave its dateline."""
    origin = document.origin
    if origin is None:
        return []
    pages = f", {origin.pages} page{'' if origin.pages == 1 else 's'}" if origin.pages else ""
    rows = [
        ("format", f"{origin.badge}{pages}"),
        ("extractor", f"{origin.extractor} {origin.version} ({origin.library})"),
    ]
    dateline = document.dateline
    if dateline is not None and dateline.source == "metadata":
        rows.append(("dated by", metadata_words(origin, dateline.text)))
    return rows


def metadata_words(origin: Origin, written: str) -> str:
    """Which of the file's metadata gave the dateline written ``written``, and a warning when
    that is only when the file was made."""
    evidence = next((d for d in origin.dates if d.raw == written or d.value == written), None)
    if evidence is None:
        return "the file's metadata"
    said = f"the file's metadata ({evidence.source})"
    if evidence.strength == "weak":
        said += ": often when the file was made or converted; the text has no date"
    return said
