"""Date cores and times found in the text, before anything is chosen."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .patterns import (
    DATE,
    GAP_TIME_TO_DATE,
    MONTH_BEFORE,
    MONTHS,
    TIME_AFTER,
    TIME_ANY,
    WEEKDAY_BEFORE,
    WEEKDAY_NAMES,
    WEEKDAYS,
)
from .zones import ZonePart, zone_at

MIN_YEAR = 1900
MAX_YEAR = 2100
TWO_DIGIT_PIVOT = 69
"""``yy`` below this is 20yy, else 19yy (the POSIX ``%y`` rule)."""
MARGIN = 256
"""Characters read past a window's end so a dateline starting inside it is never cut short."""


@dataclass(frozen=True)
class DatePart:
    """A calendar date found in the text, before any time or zone.

    ``precision`` is ``day``, or ``month``/``year`` for "May 2016"/"2016" after a cue; then
    ``day`` is the first day of the period.
    """

    start: int
    end: int
    day: date
    flags: frozenset[str]
    precision: str = "day"


@dataclass(frozen=True)
class TimePart:
    start: int
    end: int
    hour: int
    minute: int
    second: int | None
    iso: bool = False
    """Written ISO-style (``T11:03``), so a glued ``+01:00`` after it is an offset."""


def _pivot(two_digits: str) -> int:
    yy = int(two_digits)
    return 2000 + yy if yy < TWO_DIGIT_PIVOT else 1900 + yy


def make_date(year: int, month: int, day: int) -> date | None:
    """A real calendar date in range, or None (31/02/2020 is not a date)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday_before(text: str, start: int) -> tuple[int, int | None]:
    """Where a weekday written just before ``start`` begins, and which weekday it is."""
    match = WEEKDAY_BEFORE.search(text, max(0, start - 24), start)
    if match is None:
        return start, None
    word = match["wd"].lower()
    number = WEEKDAYS[word[:3]]
    if not WEEKDAY_NAMES[number].startswith(word):
        return start, None
    return match.start(), number


def _year(digits: str, apostrophe: bool, two_digits_ok: bool) -> tuple[int, bool] | None:
    """The year and whether it had two digits; None for a two-digit year we will not trust."""
    if len(digits) == 4:
        return None if apostrophe else (int(digits), False)
    if two_digits_ok or apostrophe:
        return _pivot(digits), True
    return None


def _fields(text: str, match: re.Match[str]) -> tuple[int, int, int, int, bool, bool] | None:
    """(start, year, month, day, two-digit year, numeric) of one ``DATE`` match, or None."""
    start = match.start()
    if match["dn_mon"] is not None:
        compact = match["dn_s1"].strip() in ("-", "/", ".") and match["dn_s2"] in ("-", "/", ".")
        year = _year(match["dn_year"], bool(match["dn_apos"]), compact)
        month = MONTHS[match["dn_mon"][:3].lower()]
        day, numeric = match["lead"] + match["dn_day"], False
    elif match["nd_sep"] is not None:
        day = match["lead"] + match["nd_day"]
        if match["nd_sep"] == "." and len(match["nd_year"]) == 2 and len(day + match["nd_mon"]) < 4:
            return None  # "1.2.20" is a version number far more often than a date
        year = _year(match["nd_year"], False, True)
        month, numeric = int(match["nd_mon"]), True
    elif match["yf_sep"] is not None:
        year = (int(match["lead"] + match["yf_year"]), False)
        month, day, numeric = int(match["yf_mon"]), match["yf_day"], False
    else:
        before = MONTH_BEFORE.search(text, max(0, start - 16), start)
        if before is None:
            return None
        start = before.start()
        digits = match["md_year"].lstrip("'’")
        year = _year(digits, len(digits) == 2, False)
        month = MONTHS[before["mon"][:3].lower()]
        day, numeric = match["lead"] + match["md_day"], False
    if year is None:
        return None
    return start, year[0], month, int(day), year[1], numeric


def _date_part(text: str, match: re.Match[str]) -> DatePart | None:
    """A validated date with its weekday and flags, or None for a non-date."""
    fields = _fields(text, match)
    if fields is None:
        return None
    start, year, month, day, two_digit, numeric = fields
    real = make_date(year, month, day)
    if real is None:
        return None
    flags = set()
    if two_digit:
        flags.add("two_digit_year")
    if numeric and day <= 12 and month <= 12 and day != month:
        flags.add("day_month_ambiguous")
    start, weekday = _weekday_before(text, start)
    if weekday is not None and weekday != real.weekday():
        flags.add("weekday_mismatch")
    return DatePart(start, match.end(), real, frozenset(flags))


def date_parts(text: str, pos: int, endpos: int) -> list[DatePart]:
    """Every complete date whose core starts in ``[pos, endpos)``, earliest first.

    A match rejected here (31/02/2020, "Item 5 2020") is retried one character on, so it
    cannot hide a real date that overlaps it.
    """
    found: list[DatePart] = []
    scan_end = min(len(text), endpos + MARGIN)
    while pos < endpos:
        match = DATE.search(text, pos, scan_end)
        if match is None or match.start() >= endpos:
            break
        part = _date_part(text, match)
        if part is None:
            pos = match.start() + 1
            continue
        if not found or part.start >= found[-1].end:
            found.append(part)
        pos = match.end()
    return found


def period_part(start: int, end: int, month_word: str | None, year: str) -> DatePart | None:
    """A month ("May 2016") or a year ("2016") as a date of that precision, or None."""
    month = MONTHS[month_word[:3].lower()] if month_word else 1
    first = make_date(int(year), month, 1)
    if first is None:
        return None
    return DatePart(start, end, first, frozenset(), "month" if month_word else "year")


# --- times ------------------------------------------------------------------------------


def clock(match: re.Match[str]) -> tuple[int, int, int | None] | None:
    """Hour, minute, second from a time match; None for "25:00", "14:00pm" or a bare "9"."""
    if match["nn"]:
        return (0, 0, None) if match["nn"].lower() == "midnight" else (12, 0, None)
    hour = int(match["h"])
    minute = int(match["mi"]) if match["mi"] else 0
    second = int(match["s"]) if match["s"] else None
    meridiem = match["ap"]
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in "pP" else 0)
    elif match["mi"] is None or hour > 23:
        return None
    return hour, minute, second


def time_after(text: str, pos: int) -> TimePart | None:
    match = TIME_AFTER.match(text, pos, min(len(text), pos + 64))
    if match is None:
        return None
    parsed = clock(match)
    if parsed is None:
        return None
    return TimePart(match.start("time"), match.end(), *parsed, iso=bool(match["iso"]))


def time_before(text: str, date_start: int) -> tuple[TimePart, ZonePart | None] | None:
    """A time (and zone) written just before a date: "11:03 BST on 7 July 2020"."""
    window_start = max(0, date_start - 40)
    last: re.Match[str] | None = None
    for match in TIME_ANY.finditer(text, window_start, date_start):
        last = match
    if last is None or not (last["nn"] or last["tsep"] == ":" or last["ap"]):
        return None
    parsed = clock(last)
    if parsed is None:
        return None
    zone = zone_at(text, last.end(), date_start, attached_offset_ok=bool(last["s"]))
    gap_start = zone.end if zone else last.end()
    gap = GAP_TIME_TO_DATE.match(text, gap_start, date_start)
    if gap is None or gap.end() != date_start:
        return None
    return TimePart(last.start(), last.end(), *parsed), zone
