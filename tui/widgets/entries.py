"""Entries of the annotation panel and the coded-passages list: who, what, where, in lines
that fit the width they are given (quotes wrap to two lines; a status is never cut off)."""

from __future__ import annotations

import textwrap

from rich.text import Text

from annotations.codebook import Codebook
from annotations.model import Annotation
from tui.formatting import one_line, visible

STATUS_MARKS = {"orphan": "(orphan)", "moved": "(moved)"}
"""What the panel says of a passage re-anchoring could not place, or placed elsewhere."""


def wrapped(text: str, width: int, lines: int) -> list[str]:
    """``text`` on at most ``lines`` lines of ``width`` cells, broken at spaces (a word longer
    than a line is cut), the last line ending in … when something is left out."""
    width = max(2, width)
    parts = textwrap.wrap(one_line(text, 100_000), width, break_on_hyphens=False) or [""]
    if len(parts) <= lines:
        return parts
    rest = " ".join(parts[lines - 1 :])
    return [*parts[: lines - 1], rest[: width - 1] + "…"]


def code_heading(annotation: Annotation, codebook: Codebook) -> Text:
    """Colour marks, then the status (never cut: it comes before the names), then names."""
    heading = Text()
    for code_id in annotation.codes:
        code = codebook.get(code_id)
        heading.append("■", style=code.colour if code else "")
    heading.append(" ")
    mark = STATUS_MARKS.get(annotation.status)
    if mark:
        heading.append(mark + " ", style="bold italic")
    names = ", ".join(visible(c.name) if (c := codebook.get(i)) else i for i in annotation.codes)
    heading.append(names, style="bold")
    return heading


def quote_lines(annotation: Annotation, width: int, lines: int = 2) -> list[Text]:
    text = "“" + visible(one_line(annotation.exact, 100_000)) + "”"
    return [Text(line, style="italic") for line in wrapped(text, width, lines)]


def panel_entry(
    annotation: Annotation, codebook: Codebook, width: int, several_coders: bool
) -> list[Text]:
    """One entry of the annotation panel: codes, the passage on two lines, coder and note."""
    heading = code_heading(annotation, codebook)
    if annotation.coder and several_coders:
        heading.append(f" · {visible(annotation.coder)}", style="dim")
    last = Text()
    if annotation.coder and not several_coders:
        last.append(f"— {visible(annotation.coder)}", style="dim")
    if annotation.note:
        if last:
            last.append("  ")
        last.append("✎ " + visible(one_line(annotation.note, 300)))
    return [heading, *quote_lines(annotation, width), last]
