"""Date cores and times found in the text, before anything is chosen."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

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
    last_match,
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


class _Fields(NamedTuple):
    """The numbers one ``DATE`` match writes, before they are checked as a calendar date."""

    start: int
    year: int
    month: int
    day: int
    two_digit: bool
    numeric: bool

    @property
    def day_month_ambiguous(self) -> bool:
        """Numeric day and month that could be swapped (both 12 or under, and different)."""
        return self.numeric and self.day <= 12 and self.month <= 12 and self.day != self.month


_COMPACT_SEPARATORS = ("-", "/", ".")


def _fields_of(
    start: int, year: tuple[int, bool] | None, month: int, day: str, numeric: bool
) -> _Fields | None:
    return None if year is None else _Fields(start, year[0], month, int(day), year[1], numeric)


def _day_month_name(match: re.Match[str]) -> _Fields | None:
    """``7 July 2020``, ``01-Feb-19``: a two-digit year only in the compact forms."""
    compact = (
        match["dn_s1"].strip() in _COMPACT_SEPARATORS and match["dn_s2"] in _COMPACT_SEPARATORS
    )
    year = _year(match["dn_year"], bool(match["dn_apos"]), compact)
    month = MONTHS[match["dn_mon"][:3].lower()]
    return _fields_of(match.start(), year, month, match["lead"] + match["dn_day"], False)


def _numeric_day_first(match: re.Match[str]) -> _Fields | None:
    """``12/09/2019``, ``12.09.19``; not ``1.2.20``, a version number far more often."""
    day = match["lead"] + match["nd_day"]
    if match["nd_sep"] == "." and len(match["nd_year"]) == 2 and len(day + match["nd_mon"]) < 4:
        return None
    year = _year(match["nd_year"], False, True)
    return _fields_of(match.start(), year, int(match["nd_mon"]), day, True)


def _year_first(match: re.Match[str]) -> _Fields:
    """``2020-07-07``, ISO 8601: never a two-digit year, never ambiguous."""
    year = int(match["lead"] + match["yf_year"])
    return _Fields(match.start(), year, int(match["yf_mon"]), int(match["yf_day"]), False, False)


def _month_name_first(text: str, match: re.Match[str]) -> _Fields | None:
    """``July 7, 2020``: the month name is found just before the digits the match opened on."""
    start = match.start()
    before = MONTH_BEFORE.search(text, max(0, start - 16), start)
    if before is None:
        return None
    digits = match["md_year"].lstrip("'’")
    year = _year(digits, len(digits) == 2, False)
    month = MONTHS[before["mon"][:3].lower()]
    return _fields_of(before.start(), year, month, match["lead"] + match["md_day"], False)


def _fields(text: str, match: re.Match[str]) -> _Fields | None:
    """The fields of one ``DATE`` match, read by the form it matched, or None."""
    if match["dn_mon"] is not None:
        return _day_month_name(match)
    if match["nd_sep"] is not None:
        return _numeric_day_first(match)
    if match["yf_sep"] is not None:
        return _year_first(match)
    return _month_name_first(text, match)


def _written_flags(fields: _Fields) -> set[str]:
    """What the way the date is written leaves uncertain: a two-digit year, day and month
    that could be swapped."""
    flags = set()
    if fields.two_digit:
        flags.add("two_digit_year")
    if fields.day_month_ambiguous:
        flags.add("day_month_ambiguous")
    return flags


def _date_part(text: str, match: re.Match[str]) -> DatePart | None:
    """A validated date with its weekday and flags, or None for a non-date."""
    fields = _fields(text, match)
    if fields is None:
        return None
    real = make_date(fields.year, fields.month, fields.day)
    if real is None:
        return None
    flags = _written_flags(fields)
    start, weekday = _weekday_before(text, fields.start)
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


_NAMED_TIMES: dict[str, tuple[int, int, int | None]] = {
    "midnight": (0, 0, None),
    "noon": (12, 0, None),
    "midday": (12, 0, None),
}
"""Times written as words: midnight starts the written date, noon and midday are 12:00."""


def clock(match: re.Match[str]) -> tuple[int, int, int | None] | None:
    """Hour, minute, second from a time match; None for "25:00", "14:00pm" or a bare "9"."""
    if match["nn"]:
        return _NAMED_TIMES[match["nn"].lower()]
    hour = _hour(int(match["h"]), match["ap"], match["mi"] is not None)
    if hour is None:
        return None
    minute = int(match["mi"]) if match["mi"] else 0
    second = int(match["s"]) if match["s"] else None
    return hour, minute, second


def _hour(hour: int, meridiem: str | None, has_minutes: bool) -> int | None:
    """The 24-hour hour: 1-12 with am/pm; else 0-23, and a bare hour needs its minutes."""
    if meridiem:
        return hour % 12 + (12 if meridiem in "pP" else 0) if 1 <= hour <= 12 else None
    return hour if has_minutes and hour <= 23 else None


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
    last = _last_time(text, max(0, date_start - 40), date_start)
    if last is None:
        return None
    parsed = clock(last)
    if parsed is None:
        return None
    zone = zone_at(text, last.end(), date_start, attached_offset_ok=bool(last["s"]))
    if not _leads_to(text, zone.end if zone else last.end(), date_start):
        return None
    return TimePart(last.start(), last.end(), *parsed), zone


def _last_time(text: str, start: int, end: int) -> re.Match[str] | None:
    """The last thing in ``[start, end)`` written as a time: with a colon, am/pm or noon."""
    last = last_match(TIME_ANY, text, start, end)
    if last is None or not (last["nn"] or last["tsep"] == ":" or last["ap"]):
        return None
    return last


def _leads_to(text: str, start: int, date_start: int) -> bool:
    """Whether only a joining gap (" on ", ", ") lies between a time and the date after it."""
    gap = GAP_TIME_TO_DATE.match(text, start, date_start)
    return gap is not None and gap.end() == date_start
