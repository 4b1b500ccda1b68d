"""How core values read on screen: datelines in plain words, safe text, code marks.

Document text is data: everything shown here is built as ``rich.text.Text`` from plain
strings (never parsed as markup) with control characters replaced by visible pictures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.text import Text

from annotations.dateline import Dateline, Mentioned
from annotations.model import Code

# The one function that makes text safe to show lives in the core; re-exported for the screens,
# as is the one way of putting a text on one line.
from annotations.safety import visible as visible
from annotations.segments import one_line as one_line


def counted(count: int, noun: str) -> str:
    """``count`` with its noun, singular for one: "1 document", "3 documents"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def plain(text: str, style: str = "") -> Text:
    """A Text of literal characters: brackets stay brackets, escapes become pictures."""
    return Text(visible(text), style=style, no_wrap=False)


FLAG_WORDS = {
    "day_month_ambiguous": "day and month could be swapped: {date} read day-first",
    "weekday_mismatch": "the weekday written does not match the date; the date was kept",
    "ambiguous_time": (
        "the clock went back that night: the hour happened twice; the first was taken"
    ),
    "nonexistent_time": "the clock went forward that night: this time did not exist; moved forward",
    "two_digit_year": "the year was written with two digits",
    "abbreviation_mismatch": "the zone abbreviation does not fit the season at that date",
}


def flag_words(dateline: Dateline) -> list[str]:
    """Each doubt flag in plain words, e.g. "09/11/2009 read day-first as 9 November 2009"."""
    words = []
    for flag in dateline.flags:
        if flag == "day_month_ambiguous":
            words.append(
                f"{one_line(dateline.text, 40)} read day-first as "
                f"{dateline.date.day} {dateline.date:%B %Y}"
            )
        else:
            words.append(FLAG_WORDS.get(flag, flag).format(date=dateline.date.isoformat()))
    return words


def short_dateline(dateline: Dateline | None) -> Text:
    """The list column: local date and time with offset, or the date alone; marks doubt."""
    if dateline is None:
        return Text("no dateline", style="dim italic")
    if dateline.local is None:
        text = Text(dateline.date.isoformat())
    else:
        offset = dateline.local.strftime("%z")
        text = Text(f"{dateline.local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}")
        if dateline.zone_assumed:
            text.append("*", style="bold")
    if dateline.flags:
        text.append(" ?", style="bold")
    return text


def utc_label(dateline: Dateline | None) -> str:
    if dateline is None or dateline.utc is None:
        return "-"
    return dateline.utc.strftime("%Y-%m-%d %H:%MZ")


ZONE_SOURCE_WORDS = {
    "text": "written in the text",
    "setting": "the corpus's setting (casereader.toml or --zone), assumed",
    "place": "from a place in the document, assumed",
    "default": "assumed (corpus default)",
}


def period_label(dateline: Dateline) -> str:
    """The dateline's date as written at its precision: "May 2016", "2016", "Tuesday 07 July"."""
    if dateline.precision == "year":
        return f"{dateline.date:%Y}"
    if dateline.precision == "month":
        return f"{dateline.date:%B %Y}"
    return f"{dateline.date:%A %d %B %Y}"


def dateline_details(
    dateline: Dateline | None, mentioned: Mentioned | None = None
) -> list[tuple[str, str]]:
    """Rows for the detail pane: label and value, in words.

    Says where the zone came from ("Hobart -> Australia/Hobart") and, for a month or a year,
    only that period ("May 2016"): no day or time is shown that the document did not give.
    """
    if dateline is None:
        return _no_dateline_rows(mentioned)
    rows = [("as written", one_line(dateline.text, 120)), ("date", period_label(dateline))]
    rows += _time_rows(dateline)
    source = ZONE_SOURCE_WORDS.get(dateline.zone_source, dateline.zone_source)
    rows.append(("zone", f"{dateline.zone}, {source}"))
    if dateline.place is not None:
        rows.append(("place", f"{one_line(dateline.place.text, 40)} -> {dateline.place.zone}"))
    rows.append(("precision", dateline.precision))
    rows.extend(("doubt", words) for words in flag_words(dateline))
    return rows


def _no_dateline_rows(mentioned: Mentioned | None) -> list[tuple[str, str]]:
    """No dateline, and the date the text only mentions, if any, said to be not taken."""
    rows = [("dateline", "none found (no date is guessed)")]
    if mentioned is not None:
        rows.append(
            (
                "mentioned",
                f"{one_line(mentioned.text, 40)} ({mentioned.date:%d %B %Y}), "
                "in the text, not taken as the dateline",
            )
        )
    return rows


def _time_rows(dateline: Dateline) -> list[tuple[str, str]]:
    """The local and UTC instants, or why there is no time."""
    if dateline.local is not None and dateline.utc is not None:
        return [
            ("local", dateline.local.isoformat()),
            ("UTC", dateline.utc.strftime("%Y-%m-%d %H:%M:%SZ")),
        ]
    if dateline.precision in ("month", "year"):
        return [("time", f"none given ({dateline.precision} only)")]
    return [("time", "none given (date only)")]


def code_marks(counts: Mapping[str, int], codes: Iterable[Code]) -> Text:
    """Coloured marks with counts per code, e.g. "■3 ■1"."""
    text = Text()
    for code in codes:
        count = counts.get(code.id, 0)
        if count:
            if text:
                text.append(" ")
            text.append("■", style=code.colour)
            text.append(str(count))
    return text


def escape_visible(text: str) -> str:
    """For Rich markup strings: brackets escaped and control characters made visible."""
    from rich.markup import escape

    return escape(visible(text))
