"""RTF: text by striprtf, paragraphs as blocks, table rows with `` | `` between cells.

striprtf turns ``\\par`` and ``\\line`` into line ends and ``\\cell`` into ``|``; each line is a
paragraph, and consecutive lines ending in a cell mark are one table. The ``\\ansicpg`` code
page decodes ``\\'xx`` escapes. The ``\\info`` group's creation and revision times are weak
evidence (local time of the writer's clock, no zone).
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable
from typing import cast

from .model import CorruptFileError, Extraction, Extractor, MetadataDate, NoTextError
from .text import CELL_SEPARATOR, join_blocks, paragraph

FORMAT = "rtf"
EXTRACTOR = "casereader.formats.rtf"
EXTRACTOR_VERSION = "1"

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_INFO_TIME = re.compile(rb"\{\\(creatim|revtim)((?:\\(?:yr|mo|dy|hr|min|sec)\d+\s?)+)\}")


def library() -> str:
    from importlib.metadata import version

    return f"striprtf {version('striprtf')}"


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    from striprtf.striprtf import rtf_to_text

    to_text = cast("Callable[..., str]", rtf_to_text)  # striprtf has no type hints

    if not data.lstrip()[:6].startswith(b"{\\rtf"):
        raise CorruptFileError("not an RTF file: it does not start with {\\rtf")
    codepage = _codepage(data)
    try:
        raw = to_text(data.decode("latin-1"), encoding=codepage, errors="replace")
    except (ValueError, IndexError, RecursionError) as error:
        raise CorruptFileError(f"damaged RTF ({type(error).__name__})") from None
    text = join_blocks(_blocks(raw))
    if not text:
        raise NoTextError("no text: the RTF document is empty")
    return MADE_BY.made(
        data,
        text,
        dates=_dates(data),
    )


def _blocks(raw: str) -> list[str]:
    blocks: list[str] = []
    rows: list[str] = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        if line.rstrip().endswith("|"):
            rows.append(_row(line))
            continue
        if rows:
            blocks.append("\n".join(rows))
            rows = []
        text = paragraph(line)
        if text:
            blocks.append(text)
    if rows:
        blocks.append("\n".join(rows))
    return blocks


def _row(line: str) -> str:
    """A table row as striprtf writes it (cells ending in ``|``), cells joined by `` | ``."""
    cells = [paragraph(cell) for cell in line.rstrip()[:-1].split("|")]
    return CELL_SEPARATOR.join(cells).rstrip(" |")


def _dates(data: bytes) -> tuple[MetadataDate, ...]:
    dates = []
    for match in _INFO_TIME.finditer(data[:65536]):
        kind = "created" if match.group(1) == b"creatim" else "modified"
        value = _info_time(match.group(2))
        if value is None:
            continue
        dates.append(
            MetadataDate(
                kind=kind,  # type: ignore[arg-type]
                value=value,
                raw=match.group(0).decode("latin-1"),
                source=f"RTF \\{match.group(1).decode()}",
                strength="weak",
            )
        )
    return tuple(dates)


def _codepage(data: bytes) -> str:
    """The codec of the document's ``\\ansicpg`` code page; cp1252 if none or unknown."""
    found = _CODEPAGE.search(data[:4096])
    if found:
        with contextlib.suppress(LookupError):
            return codecs.lookup(f"cp{found.group(1).decode()}").name
    return "cp1252"


def _info_time(group: bytes) -> str | None:
    """An ``\\info`` time's ``\\yr \\mo \\dy`` (and ``\\hr \\min \\sec``) as ISO 8601; None
    if it is not a date."""
    from datetime import date, datetime

    parts = {
        key.decode(): int(value)
        for key, value in re.findall(rb"\\(yr|mo|dy|hr|min|sec)(\d+)", group)
    }
    try:
        if "hr" in parts and "min" in parts:
            return datetime(
                parts["yr"],
                parts["mo"],
                parts["dy"],
                parts["hr"],
                parts["min"],
                parts.get("sec", 0),
            ).isoformat()
        return date(parts["yr"], parts["mo"], parts["dy"]).isoformat()
    except (KeyError, ValueError):
        return None
