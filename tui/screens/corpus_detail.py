"""The corpus screen's detail pane as lines that never break a value inside a token.

A time such as ``2020-07-07T11:03:00+01:00`` or a path cut at the pane's edge reads wrong
(``+0`` / ``1:00``). Values are wrapped at spaces; a value with a token too long for the
column beside its label goes on its own lines under the label; a path too long even there is
broken after a ``/``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from tui.formatting import plain, visible

if TYPE_CHECKING:
    from annotations.corpus import Document

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
        plain = visible(value.plain)
        tokens = plain.split()
        fits_beside = value_width >= 8 and all(len(token) <= value_width for token in tokens)
        if fits_beside:
            lines = wrap_value(plain, value_width)
            for index, line in enumerate(lines):
                out.append((label if index == 0 else "").rjust(label_width), style="dim")
                out.append(" " * INDENT)
                if len(lines) == 1 and line == plain:
                    out.append_text(value)  # as it is, with its colours (a code's mark)
                else:
                    out.append(line, style=value.style)
                out.append("\n")
        else:
            out.append(label.rjust(label_width), style="dim")
            out.append("\n")
            for line in wrap_value(plain, width - INDENT):
                out.append(" " * INDENT + line + "\n", style=value.style)
    out.rstrip()
    return out


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
        evidence = next(
            (d for d in origin.dates if d.raw == dateline.text or d.value == dateline.text),
            None,
        )
        said = f"the file's metadata ({evidence.source})" if evidence else "the file's metadata"
        if evidence is not None and evidence.strength == "weak":
            said += ": often when the file was made or converted; the text has no date"
        rows.append(("dated by", said))
    return rows
