"""The ``casereader datelines`` table, fitted to the terminal's width.

Columns are chosen by width, most useful first: the date and the title always; then the local
time with its offset, the zone, the flags as two-letter codes (with a legend), the document's
path, UTC, and last the flags' full names in place of their codes. A date is never cut or
wrapped; a title too long for its column ends in an ellipsis, a long path keeps its end
(``--json`` has everything). When standard output is not a terminal the width is ``COLUMNS``,
else 80.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotations.corpus import Document
from annotations.dateline import Dateline
from tui.formatting import visible

TITLE_MIN = 24
"""Columns for the title before any optional column is added."""
GAP = 2
"""Cells between two columns."""
ASSUMED = "*"

SHORT_FLAGS = {
    "day_month_ambiguous": "dm",
    "weekday_mismatch": "wd",
    "ambiguous_time": "at",
    "nonexistent_time": "nt",
    "two_digit_year": "2y",
    "abbreviation_mismatch": "ab",
}
"""Flags as codes of two letters, for narrow terminals; a legend says what each means."""


@dataclass(frozen=True, eq=False)
class Column:
    """One column: its heading and how a row's cell reads."""

    name: str
    cell: Callable[[Document], str]
    wrap: bool = False


def date_text(dateline: Dateline | None) -> str:
    """The local date as precise as the dateline is: 2019-02-01, 2019-02 or 2019."""
    if dateline is None:
        return "-"
    day = dateline.date.isoformat()
    return {"month": day[:7], "year": day[:4]}.get(dateline.precision, day)


def time_text(dateline: Dateline | None) -> str:
    if dateline is None or dateline.local is None:
        return "-"
    shown = "%H:%M:%S" if dateline.precision == "second" else "%H:%M"
    offset = dateline.local.strftime("%z")
    return dateline.local.strftime(shown) + (f"{offset[:3]}:{offset[3:]}" if offset else "")


def zone_text(dateline: Dateline | None) -> str:
    if dateline is None:
        return "-"
    return dateline.zone + (ASSUMED if dateline.zone_assumed else "")


def utc_text(dateline: Dateline | None) -> str:
    if dateline is None or dateline.utc is None:
        return "-"
    return dateline.utc.strftime("%Y-%m-%d %H:%MZ")


def flags_text(dateline: Dateline | None, short: bool) -> str:
    if dateline is None:
        return "no dateline" if not short else "none"
    names = [SHORT_FLAGS.get(flag, flag) if short else flag for flag in dateline.flags]
    return (" " if short else ", ").join(names) or "-"


LIMITS = {"document": 32, "zone": 24, "flags": 40}
"""Widest a column gets before the title (a long path or zone name is cut, never a date)."""


def left_cut(text: str, limit: int) -> str:
    """A path too long for its column keeps its end, the file's name: ``…/visit_letter.txt``."""
    return text if len(text) <= limit else "…" + text[len(text) - limit + 1 :]


DATE = Column("date", lambda d: date_text(d.dateline))
TITLE = Column("title", lambda d: d.title)
TIME = Column("time", lambda d: time_text(d.dateline))
ZONE = Column("zone", lambda d: zone_text(d.dateline))
FLAGS = Column("flags", lambda d: flags_text(d.dateline, short=False), wrap=True)
SHORT = Column("flags", lambda d: flags_text(d.dateline, short=True))
DOCUMENT = Column("document", lambda d: left_cut(d.id, LIMITS["document"]))
UTC = Column("UTC", lambda d: utc_text(d.dateline))

STEPS: tuple[tuple[Column, Column | None], ...] = (
    (TIME, None),
    (ZONE, None),
    (SHORT, None),
    (DOCUMENT, None),
    (UTC, None),
    (FLAGS, SHORT),
)
"""Columns in order of use, each added if it fits; the last turns flag codes into names."""
ORDER = (DOCUMENT, DATE, TIME, ZONE, UTC, FLAGS, SHORT, TITLE)
"""Left to right, whichever are shown."""


def natural_width(column: Column, documents: Sequence[Document]) -> int:
    widest = max((len(visible(column.cell(d))) for d in documents), default=0)
    return min(max(widest, len(column.name)), LIMITS.get(column.name, 10**6))


def choose_columns(width: int, documents: Sequence[Document]) -> list[tuple[Column, int]]:
    """The columns that fit ``width`` beside a title of at least TITLE_MIN, with widths."""
    chosen: dict[Column, int] = {DATE: natural_width(DATE, documents)}
    used = chosen[DATE] + GAP + TITLE_MIN
    for column, replaces in STEPS:
        needed = natural_width(column, documents)
        freed = chosen[replaces] + GAP if replaces in chosen else 0
        if replaces is not None and replaces not in chosen:
            continue
        if used - freed + GAP + needed <= width:
            if replaces is not None:
                del chosen[replaces]
            chosen[column] = needed
            used += GAP + needed - freed
    title = max(width - used + TITLE_MIN, TITLE_MIN)
    chosen[TITLE] = min(title, natural_width(TITLE, documents))
    return sorted(chosen.items(), key=lambda item: ORDER.index(item[0]))


def legend(columns: Sequence[Column], documents: Sequence[Document]) -> list[str]:
    """What ``*`` and the flag codes mean, for those on screen."""
    lines = []
    if ZONE in columns and _any_zone_assumed(documents):
        lines.append(f"{ASSUMED} zone assumed: not written in the document")
    codes = _flag_codes(documents) if SHORT in columns else []
    if codes:
        lines.append("flags: " + ", ".join(codes))
    return lines


def _any_zone_assumed(documents: Sequence[Document]) -> bool:
    return any(d.dateline and d.dateline.zone_assumed for d in documents)


def _flag_codes(documents: Sequence[Document]) -> list[str]:
    """``code flag`` for each flag the documents' datelines carry, in the legend's order."""
    used = {flag for d in documents if d.dateline for flag in d.dateline.flags}
    return [f"{code} {flag}" for flag, code in SHORT_FLAGS.items() if flag in used]


def _add_column(table: Table, column: Column, size: int) -> None:
    """A column as wide as chosen: dates and times never cut, flags folded, the rest cut
    with an ellipsis."""
    if column in (DATE, TIME, UTC):
        table.add_column(column.name, no_wrap=True, min_width=size)  # never cut
    elif column.wrap:
        table.add_column(column.name, overflow="fold", max_width=size)
    else:
        table.add_column(column.name, no_wrap=True, overflow="ellipsis", max_width=size)


def print_table(root: str, documents: Sequence[Document], console: Console | None = None) -> None:
    console = console or Console()
    width = console.width
    chosen = choose_columns(width, documents)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, GAP // 2),
        collapse_padding=True,
        expand=False,
    )
    for column, size in chosen:
        _add_column(table, column, size)
    for document in documents:
        table.add_row(*(Text(visible(column.cell(document))) for column, _ in chosen))
    console.print(Text(f"Datelines in {visible(root)}", style="bold"), overflow="fold")
    console.print(table)
    for line in legend([column for column, _ in chosen], documents):
        console.print(Text(line, style="dim"))
