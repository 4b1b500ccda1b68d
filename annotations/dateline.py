"""The dateline engine: find a document's dateline and normalise it, saying how sure it is.

Contract (DESIGN.md, "Datelines"): ``find_dateline(text, default_zone) -> Dateline | None``.
It never fills a missing year or day from today and returns ``None`` rather than a guess.

How it works, in order:

1. Windows. A dateline sits near the top of a document (the first ``HEAD_LINES`` lines, at
   most ``HEAD_CHARS`` characters) or in a footer ("Page last updated: ..."), so only a head
   window and a tail window of ``TAIL_CHARS`` are scanned. Cost is flat in document length.
2. Date cores. One precompiled pattern, opening on a digit so the regex engine skips to
   digits, finds complete calendar dates: day-month-name-year (``7 July 2020``,
   ``3rd Sept. 2019``, ``01-Feb-19``), month-name-day-year (``July 7, 2020``; the month is
   checked just before the match), numeric day-first (``12/09/2019``, ``07.07.2020``) and
   year-first (``2020-07-07``, ISO 8601). A date without a year or a day is not a date, nor
   is an impossible one (``31/02/2020``); a rejected match is retried one character on.
3. Around each core, anchored patterns read a weekday just before it (same or previous
   line), a time after it (``at 11:03``, ``| 13:34``, ``T11:03:00``) or else before it
   (``11:03 BST on ...``), and a zone after the time (same or next line). Each looks at a
   few dozen characters only.
4. Each candidate is scored: a publication cue ("Published", "Posted", "Issued", "Date:",
   "Meeting:") beats everything; an update cue ("Updated", "Last updated") ranks with a date
   that stands nearly alone on its line; a date inside running prose ranks lowest; then
   earlier beats later. Footer (tail) candidates count only with a cue and rank below head
   datelines, so a footer is used when nothing else is there.
5. The winner is normalised with ``zoneinfo``: ``local`` in the zone, ``utc`` the same instant.

Decisions (documented here because callers rely on them):

* Two-digit years pivot POSIX-style: ``00``-``68`` are 2000-2068, ``69``-``99`` are
  1969-1999; flagged ``two_digit_year``. With a month name they are accepted only in the
  compact forms ``07-Jul-19`` / ``7/Jul/19`` or with an apostrophe (``7 July '19``), because
  "on 7 July 20 people met" is not a date.
* Numeric dates are day-first (UK sources). Both parts <= 12 and different is flagged
  ``day_month_ambiguous``; year-first numeric dates are never ambiguous.
* ``zone`` is an IANA name when it comes from a name written in the text, from a DST-aware
  abbreviation (``ET``, ``CT``, ``MT``, ``PT``) or from the default zone (then
  ``zone_assumed`` is True). Fixed offsets, written numerically (``+01:00``, ``UTC+05:30``,
  ``GMT-4``, ``Z``) or as fixed abbreviations (``BST``, ``EST``, ``CEST``, ``IST``...), are
  taken literally and reported as ``UTC+HH:MM`` / ``UTC-HH:MM``, or ``UTC`` for a zero offset.
* ``IST`` is India Standard Time (+05:30); ``CST`` is US Central Standard Time (-06:00).
* ``abbreviation_mismatch``: the abbreviation's home zone (BST -> Europe/London, CET/CEST ->
  Europe/Paris, EST/EDT -> America/New_York, AEST/AEDT -> Australia/Sydney, ...) is on a
  different offset at that instant, e.g. BST in January or EST in July; the written offset is
  kept. GMT is plain UTC in much of the world, so it is checked only against a default zone
  that keeps GMT in winter (Europe/London, Dublin, Lisbon): GMT in July in a London corpus.
  Zones that keep one offset all year (Arizona's MST, Brisbane's AEST) are flagged in summer.
* A date-only dateline reports the default zone as assumed: a zone means nothing without a
  time. ``default_zone`` is an IANA name or ``UTC+HH:MM``; anything else raises
  ``UnknownZoneError``.
* ``ambiguous_time`` (the repeated hour when clocks go back) takes the first occurrence
  (``fold=0``, summer time). ``nonexistent_time`` (the skipped hour when clocks go forward) is
  read with the offset in force before the change and shown on the clock after it, as
  ``zoneinfo`` does: 01:30 on 2019-03-31 in London is 01:30Z, shown as 02:30+01:00.
* ``precision`` is ``day`` (no time), ``minute`` (a time without seconds, including ``9am``,
  ``noon`` and ``midnight``) or ``second``. Fractions of a second are dropped.
* ``midnight`` is 00:00 at the start of the written date; ``noon``/``midday`` is 12:00.
* ``date`` is the local calendar date of the dateline, so ``00:30 BST on 1 June`` has date
  1 June and ``utc`` 31 May 23:30Z. Nothing before 1900 or after 2100 (local or UTC) is
  accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from annotations.errors import CasereaderError

FLAGS = (
    "day_month_ambiguous",
    "weekday_mismatch",
    "ambiguous_time",
    "nonexistent_time",
    "two_digit_year",
    "abbreviation_mismatch",
)

PRECISIONS = ("day", "minute", "second")

HEAD_LINES = 40
"""Lines at the top of a document searched for a dateline."""
HEAD_CHARS = 4096
"""Cap on the head window, so a document of one enormous line stays cheap."""
TAIL_CHARS = 2048
"""Characters at the end searched for a footer ("Page last updated: ...")."""
STANDALONE_CHARS = 40
"""A date with no more than this much text either side on its line reads as a dateline."""
MARGIN = 256
"""Characters read past a window's end so a dateline starting inside it is never cut short."""

MIN_YEAR = 1900
MAX_YEAR = 2100
TWO_DIGIT_PIVOT = 69
"""``yy`` below this is 20yy, else 19yy (the POSIX ``%y`` rule)."""


class UnknownZoneError(CasereaderError, ValueError):
    """The default zone is neither an IANA name nor a ``UTC+HH:MM`` offset."""


@dataclass(frozen=True)
class Dateline:
    """A dateline found in a document, normalised.

    ``local`` and ``utc`` are ``None`` for a date-only dateline: a time is never invented.
    """

    text: str
    start: int
    end: int
    date: date
    local: datetime | None
    utc: datetime | None
    zone: str
    zone_assumed: bool
    precision: str
    flags: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dateline:
        """Read back ``to_json()`` (listing cache, imports); raises ValueError on bad data."""
        try:
            local = datetime.fromisoformat(data["local"]) if data["local"] else None
            utc = datetime.fromisoformat(data["utc"]) if data["utc"] else None
            return cls(
                text=str(data["text"]),
                start=int(data["start"]),
                end=int(data["end"]),
                date=date.fromisoformat(data["date"]),
                local=local,
                utc=utc,
                zone=str(data["zone"]),
                zone_assumed=bool(data["zone_assumed"]),
                precision=str(data["precision"]),
                flags=tuple(str(flag) for flag in data["flags"]),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a dateline: {error}") from error

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md: ``utc`` as ``...Z``, ``local`` ISO 8601 with offset."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat(),
            "local": self.local.isoformat() if self.local else None,
            "utc": self.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if self.utc else None,
            "zone": self.zone,
            "zone_assumed": self.zone_assumed,
            "precision": self.precision,
            "flags": list(self.flags),
        }


# --- vocabulary -------------------------------------------------------------------------

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# Fixed-offset abbreviations: (minutes east of UTC, home zone checked for a mismatch).
_FIXED_ABBREVIATIONS: dict[str, tuple[int, str | None]] = {
    "UTC": (0, None),
    "UT": (0, None),
    "Z": (0, None),
    "GMT": (0, None),  # the default zone's winter time when that is GMT: see _home_zone
    "BST": (60, "Europe/London"),
    "WET": (0, "Europe/Lisbon"),
    "WEST": (60, "Europe/Lisbon"),
    "CET": (60, "Europe/Paris"),
    "CEST": (120, "Europe/Paris"),
    "EET": (120, "Europe/Athens"),
    "EEST": (180, "Europe/Athens"),
    "MSK": (180, "Europe/Moscow"),
    "IST": (330, "Asia/Kolkata"),
    "SGT": (480, "Asia/Singapore"),
    "HKT": (480, "Asia/Hong_Kong"),
    "AWST": (480, "Australia/Perth"),
    "JST": (540, "Asia/Tokyo"),
    "KST": (540, "Asia/Seoul"),
    "ACST": (570, "Australia/Adelaide"),
    "ACDT": (630, "Australia/Adelaide"),
    "AEST": (600, "Australia/Sydney"),
    "AEDT": (660, "Australia/Sydney"),
    "NZST": (720, "Pacific/Auckland"),
    "NZDT": (780, "Pacific/Auckland"),
    "SAST": (120, "Africa/Johannesburg"),
    "EST": (-300, "America/New_York"),
    "EDT": (-240, "America/New_York"),
    "CST": (-360, "America/Chicago"),
    "CDT": (-300, "America/Chicago"),
    "MST": (-420, "America/Denver"),
    "MDT": (-360, "America/Denver"),
    "PST": (-480, "America/Los_Angeles"),
    "PDT": (-420, "America/Los_Angeles"),
    "AKST": (-540, "America/Anchorage"),
    "AKDT": (-480, "America/Anchorage"),
    "HST": (-600, "Pacific/Honolulu"),
}
# Abbreviations that name a zone with its daylight saving rules, not one offset.
_DST_ABBREVIATIONS = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}

# --- patterns ---------------------------------------------------------------------------


class _Lazy:
    """A regular expression compiled on first use: importing this module (to read a cached
    dateline back, as every launch does) does not pay for compiling patterns it never runs.
    After the first use the pattern's own methods are attributes: no cost per call."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._pattern)
        for method in ("match", "search", "finditer", "fullmatch", "findall", "sub"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


_MONTH = (
    r"(?ai:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])"
)
_YEAR_END = r"(?![\w/]|[.,:]\d)"

# One pass finds every date form. It opens with a bare digit so the regex engine can skip
# straight to digits; the lookbehind then rejects a digit inside a longer number or code.
_DATE = _Lazy(
    r"(?P<lead>\d)(?<![\w/.\-–]\d)(?:"
    # day, month name, year: "7 July 2020", "3rd Sept. 2019", "01-Feb-19", "7th of July, 2020"
    r"(?P<dn_day>\d?)(?ai:st|nd|rd|th)?(?!\d)"
    r"(?P<dn_s1>[ \t\r]*\n?[ \t\r]*of[ \t\r]+|[ \t\r\n.,/\-]{1,4})"
    rf"(?P<dn_mon>{_MONTH})\.?(?P<dn_s2>[ \t\r\n,/\-]{{1,4}}|\.)"
    r"(?P<dn_apos>['’])?(?P<dn_year>\d{4}|\d{2})" + _YEAR_END +
    # numeric, day first: "12/09/2019", "07.07.2020", "7-7-20"
    r"|(?P<nd_day>\d?)(?P<nd_sep>[/.\-])(?P<nd_mon>[01]?\d)(?P=nd_sep)"
    r"(?P<nd_year>\d{4}|\d{2})(?![\w/]|[.\-:]\d)"
    # year first: "2020-07-07", "2020-07-07T11:03", "2020/7/7"
    r"|(?P<yf_year>\d{3})(?P<yf_sep>[/.\-])(?P<yf_mon>[01]?\d)(?P=yf_sep)"
    r"(?P<yf_day>[0-3]?\d)(?=T\d|(?![\w/]|[.\-:]\d))"
    # day and year of a month-first date, "July [7, 2020]": the month is checked before it
    r"|(?P<md_day>\d?)(?ai:st|nd|rd|th)?(?!\d|[:.]\d)"
    r"(?:,[ \t\r]*\n?[ \t\r]*|[ \t\r]{1,3}\n?[ \t\r]*|\n[ \t\r]*)"
    r"(?P<md_year>\d{4}|['’]\d{2})(?![\w/\-]|[.,:]\d)"
    r")"
)
_MONTH_BEFORE = _Lazy(rf"(?<![A-Za-z])(?P<mon>{_MONTH})\.?[ \t\r]*\n?[ \t\r]*\Z")
_WEEKDAY_BEFORE = _Lazy(
    # "The Sun, 7 July 2020" is a newspaper, not a Sunday.
    r"(?<![A-Za-z])(?<![Tt]he )(?P<wd>(?ai:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*))"
    r"\.?,?[ \t\r]*\n?[ \t\r]*(?:the[ \t\r]+)?\Z"
)
_TIME = (
    r"(?P<time>(?:12[ \t\r]*)?(?P<nn>(?ai:noon|midday|midnight))(?![A-Za-z])"
    r"|(?P<h>[0-2]?\d)(?!\d)"
    r"(?:(?P<tsep>[:.])(?P<mi>[0-5]\d)(?!\d)"
    r"(?:(?P=tsep)(?P<s>[0-5]\d)(?:[.,]\d{1,9})?(?!\d))?)?"
    r"(?:[ \t\r]?(?P<ap>[aApP])\.?[mM]\.?(?![A-Za-z]))?)"
)
_TIME_AFTER = _Lazy(
    r"(?:(?P<iso>T)|[ \t\r\n,|@\-–—·]{1,6}(?:(?ai:at)[ \t\r]{1,3}|@[ \t\r]{0,3})?)" + _TIME
)
_TIME_ANY = _Lazy(r"(?<![\w:.])" + _TIME)
_GAP_TIME_TO_DATE = _Lazy(r"[ \t\r\n,|\-–—]{0,6}(?:(?ai:on)[ \t\r]+)?")
_ZONE = _Lazy(
    r"(?P<gap>[ \t\r]{0,3}\n?[ \t\r]{0,3})(?P<par>\()?[ \t\r]?"
    r"(?:(?P<iana>[A-Z][A-Za-z_\-]+(?:/[A-Z][A-Za-z_\-]+){1,2})(?![\w/])"
    r"|(?P<pfx>UTC|GMT|UT)[ \t\r]?(?P<psign>[+\-−])[ \t\r]?"
    r"(?P<ph>\d{1,2})(?::?(?P<pm>\d{2}))?(?!\d)"
    r"|(?P<sign>[+\-−])(?P<oh>\d{2})(?P<colon>:?)(?P<om>\d{2})?(?![\d:])"
    r"|(?P<abbr>[A-Z]{1,5})(?![\w/+\-−]))"
    r"(?(par)[ \t\r]?\))"
)
_CUE = _Lazy(
    r"(?ai:(?P<pub>\b(?:first[ \t\r]+published|published|posted|issued|released|dated"
    r"|date[ \t\r]*:|date[ \t\r]+of[ \t\r]+(?:publication|issue|meeting)[ \t\r]*:?"
    r"|meeting(?:[ \t\r]+date)?[ \t\r]*:|meeting[ \t\r]+held[ \t\r]+on))"
    r"|(?P<upd>\b(?:(?:page[ \t\r]+)?last[ \t\r]+)?(?:updated|modified|revised|reviewed|amended)))"
)

# --- small values -----------------------------------------------------------------------


@dataclass(frozen=True)
class _DatePart:
    """A complete calendar date found in the text, before any time or zone."""

    start: int
    end: int
    day: date
    flags: frozenset[str]


@dataclass(frozen=True)
class _TimePart:
    start: int
    end: int
    hour: int
    minute: int
    second: int | None
    iso: bool = False
    """Written ISO-style (``T11:03``), so a glued ``+01:00`` after it is an offset."""


@dataclass(frozen=True)
class _ZonePart:
    """A zone written in the text; ``tz`` is a ZoneInfo or a fixed ``timezone``."""

    start: int
    end: int
    tz: tzinfo
    name: str
    home: str | None
    fixed: bool
    abbreviation: str | None = None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    date_part: _DatePart
    time: _TimePart | None
    zone: _ZonePart | None
    score: float


# --- zones ------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _zoneinfo(name: str) -> ZoneInfo | None:
    """A cached ZoneInfo, or None for a name that is not in the tz database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@lru_cache(maxsize=256)
def _fixed(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def fixed_zone_name(minutes: int) -> str:
    """The zone form for a fixed offset: ``UTC`` for zero, else ``UTC+05:30`` / ``UTC-04:00``."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


_FIXED_NAME = _Lazy(r"UTC(?P<sign>[+\-])(?P<h>\d{2}):(?P<m>\d{2})")


@lru_cache(maxsize=64)
def _default_zone(name: str) -> tuple[tzinfo, bool, str]:
    """(zone, is fixed, name as reported) for the default; UnknownZoneError for a bad name."""
    if name == "UTC":
        return _fixed(0), True, "UTC"
    match = _FIXED_NAME.fullmatch(name)
    if match:
        minutes = _offset_minutes(match["sign"], match["h"], match["m"])
        if minutes is not None:
            return _fixed(minutes), True, fixed_zone_name(minutes)
    zone = _zoneinfo(name)
    if zone is None:
        raise UnknownZoneError(f"unknown time zone {name!r}: use an IANA name or UTC+HH:MM")
    return zone, False, name


def _offset_minutes(sign: str, hours: str, minutes: str | None) -> int | None:
    """Minutes east of UTC, read literally ("+05:30" is ahead); None when out of range."""
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59 or (h == 14 and m):
        return None
    total = h * 60 + m
    return -total if sign in "-−" else total


def _zone_at(text: str, pos: int, endpos: int, attached_offset_ok: bool) -> _ZonePart | None:
    """A zone written right after a time at ``pos``, or None.

    A bare offset such as ``-05:00`` is only trusted when glued to an ISO-style time
    (``11:03:00-05:00``) or in the RFC 2822 form ``-0500``; otherwise "10:00-12:00" would
    read as a zone.
    """
    match = _ZONE.match(text, pos, endpos)
    if match is None:
        return None
    start = match.start() + len(match["gap"])
    if match["iana"]:
        zone = _zoneinfo(match["iana"])
        if zone is None or "/" not in match["iana"]:
            return None
        return _ZonePart(start, match.end(), zone, match["iana"], None, False)
    if match["pfx"]:
        minutes = _offset_minutes(match["psign"], match["ph"], match["pm"])
        if minutes is None:
            return None
        return _ZonePart(start, match.end(), _fixed(minutes), fixed_zone_name(minutes), None, True)
    if match["sign"]:
        glued = not match["gap"] and not match["par"]
        rfc = not match["colon"] and match["om"] is not None
        if not (rfc or (glued and attached_offset_ok)):
            return None
        minutes = _offset_minutes(match["sign"], match["oh"], match["om"])
        if minutes is None:
            return None
        return _ZonePart(start, match.end(), _fixed(minutes), fixed_zone_name(minutes), None, True)
    abbr = match["abbr"]
    if abbr in _DST_ABBREVIATIONS:
        name = _DST_ABBREVIATIONS[abbr]
        zone = _zoneinfo(name)
        if zone is None:
            return None
        return _ZonePart(start, match.end(), zone, name, None, False)
    if abbr in _FIXED_ABBREVIATIONS:
        if abbr == "Z" and (match["gap"] or match["par"]):
            return None
        minutes, home = _FIXED_ABBREVIATIONS[abbr]
        name = fixed_zone_name(minutes)
        return _ZonePart(start, match.end(), _fixed(minutes), name, home, True, abbr)
    return None


def _home_zone(zone: _ZonePart, default_zone: str, year: int) -> ZoneInfo | None:
    """The zone an abbreviation belongs to, against which its offset is checked.

    GMT is also plain UTC in much of the world, so it only belongs to the corpus' default
    zone, and only when that zone keeps GMT in winter (London, Dublin, Lisbon).
    """
    if zone.abbreviation == "GMT":
        tz, fixed, _ = _default_zone(default_zone)
        winter = datetime(year, 1, 15, 12, tzinfo=tz)
        return tz if isinstance(tz, ZoneInfo) and not fixed and not winter.utcoffset() else None
    return _zoneinfo(zone.home) if zone.home else None


# --- date cores -------------------------------------------------------------------------


def _pivot(two_digits: str) -> int:
    yy = int(two_digits)
    return 2000 + yy if yy < TWO_DIGIT_PIVOT else 1900 + yy


def _make_date(year: int, month: int, day: int) -> date | None:
    """A real calendar date in range, or None (31/02/2020 is not a date)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday_before(text: str, start: int) -> tuple[int, int | None]:
    """Where a weekday written just before ``start`` begins, and which weekday it is."""
    match = _WEEKDAY_BEFORE.search(text, max(0, start - 24), start)
    if match is None:
        return start, None
    word = match["wd"].lower()
    full = (
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    )[_WEEKDAYS[word[:3]]]
    if not full.startswith(word):
        return start, None
    return match.start(), _WEEKDAYS[word[:3]]


def _year(digits: str, apostrophe: bool, two_digits_ok: bool) -> tuple[int, bool] | None:
    """The year and whether it had two digits; None for a two-digit year we will not trust."""
    if len(digits) == 4:
        return None if apostrophe else (int(digits), False)
    if two_digits_ok or apostrophe:
        return _pivot(digits), True
    return None


def _fields(text: str, match: re.Match[str]) -> tuple[int, int, int, int, bool, bool] | None:
    """(start, year, month, day, two-digit year, numeric) of one ``_DATE`` match, or None."""
    start = match.start()
    if match["dn_mon"] is not None:
        compact = match["dn_s1"].strip() in ("-", "/", ".") and match["dn_s2"] in ("-", "/", ".")
        year = _year(match["dn_year"], bool(match["dn_apos"]), compact)
        month = _MONTHS[match["dn_mon"][:3].lower()]
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
        before = _MONTH_BEFORE.search(text, max(0, start - 16), start)
        if before is None:
            return None
        start = before.start()
        digits = match["md_year"].lstrip("'’")
        year = _year(digits, len(digits) == 2, False)
        month = _MONTHS[before["mon"][:3].lower()]
        day, numeric = match["lead"] + match["md_day"], False
    if year is None:
        return None
    return start, year[0], month, int(day), year[1], numeric


def _date_part(text: str, match: re.Match[str]) -> _DatePart | None:
    """A validated date with its weekday and flags, or None for a non-date."""
    fields = _fields(text, match)
    if fields is None:
        return None
    start, year, month, day, two_digit, numeric = fields
    real = _make_date(year, month, day)
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
    return _DatePart(start, match.end(), real, frozenset(flags))


def _date_parts(text: str, pos: int, endpos: int) -> list[_DatePart]:
    """Every complete date whose core starts in ``[pos, endpos)``, earliest first.

    A match rejected here (31/02/2020, "Item 5 2020") is retried one character on, so it
    cannot hide a real date that overlaps it.
    """
    found: list[_DatePart] = []
    scan_end = min(len(text), endpos + MARGIN)
    while pos < endpos:
        match = _DATE.search(text, pos, scan_end)
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


# --- times ------------------------------------------------------------------------------


def _clock(match: re.Match[str]) -> tuple[int, int, int | None] | None:
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


def _time_after(text: str, pos: int) -> _TimePart | None:
    match = _TIME_AFTER.match(text, pos, min(len(text), pos + 48))
    if match is None:
        return None
    clock = _clock(match)
    if clock is None:
        return None
    return _TimePart(match.start("time"), match.end(), *clock, iso=bool(match["iso"]))


def _time_before(text: str, date_start: int) -> tuple[_TimePart, _ZonePart | None] | None:
    """A time (and zone) written just before a date: "11:03 BST on 7 July 2020"."""
    window_start = max(0, date_start - 40)
    last: re.Match[str] | None = None
    for match in _TIME_ANY.finditer(text, window_start, date_start):
        last = match
    if last is None or not (last["nn"] or last["tsep"] == ":" or last["ap"]):
        return None
    clock = _clock(last)
    if clock is None:
        return None
    zone = _zone_at(text, last.end(), date_start, attached_offset_ok=bool(last["s"]))
    gap_start = zone.end if zone else last.end()
    gap = _GAP_TIME_TO_DATE.match(text, gap_start, date_start)
    if gap is None or gap.end() != date_start:
        return None
    return _TimePart(last.start(), last.end(), *clock), zone


# --- choosing ---------------------------------------------------------------------------


def _cue(text: str, start: int) -> str | None:
    """The cue just before a candidate: "publication", "update" or None."""
    window_start = max(0, start - 80)
    last: re.Match[str] | None = None
    for match in _CUE.finditer(text, window_start, start):
        last = match
    if last is None:
        return None
    gap = text[last.end() : start]
    if len(gap) > 40 or gap.count("\n") > 1:
        return None
    return "publication" if last["pub"] else "update"


def _standalone(text: str, start: int, end: int) -> bool:
    """Whether a date stands nearly alone on its line, as datelines do, rather than in prose."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end, end + STANDALONE_CHARS + 1)
    after = (line_end if line_end >= 0 else min(len(text), end + STANDALONE_CHARS + 1)) - end
    return start - line_start <= STANDALONE_CHARS and after <= STANDALONE_CHARS


def _score(
    text: str, start: int, end: int, cue: str | None, in_tail: bool, has_time: bool
) -> float:
    """Publication cue > (update cue = date alone on a line) > date in prose; then earlier."""
    if cue == "publication":
        weight = 100.0
    elif cue == "update" or _standalone(text, start, end):
        weight = 60.0
    else:
        weight = 20.0
    if in_tail:
        return weight - 30.0
    return weight - 0.5 * text.count("\n", 0, start) + (2.0 if has_time else 0.0)


def _windows(text: str) -> list[tuple[int, int, bool]]:
    """The head window and, for a long document, the tail window: (start, end, is_tail)."""
    head_end = 0
    for _ in range(HEAD_LINES):
        newline = text.find("\n", head_end, HEAD_CHARS)
        if newline < 0:
            head_end = min(len(text), HEAD_CHARS)
            break
        head_end = newline + 1
    windows = [(0, head_end, False)]
    if head_end < len(text):
        windows.append((max(head_end, len(text) - TAIL_CHARS), len(text), True))
    return windows


def _candidates(text: str, default_zone: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for window_start, window_end, in_tail in _windows(text):
        for part in _date_parts(text, window_start, window_end):
            start, end = part.start, part.end
            time = _time_after(text, part.end)
            zone: _ZonePart | None = None
            if time is not None:
                end = time.end
                zone = _zone_at(text, time.end, len(text), time.second is not None or time.iso)
            else:
                before = _time_before(text, part.start)
                if before is not None:
                    time, zone = before
                    start = time.start
            if zone is not None and time is not None and zone.start >= time.end:
                end = max(end, zone.end)
            cue = _cue(text, start)
            if in_tail and cue is None:
                continue
            score = _score(text, start, end, cue, in_tail, time is not None)
            found.append(_Candidate(start, end, part, time, zone, score))
    return found


# --- normalising ------------------------------------------------------------------------


def _localise(
    naive: datetime, tz: tzinfo, fixed: bool
) -> tuple[datetime, datetime, frozenset[str]]:
    """(local, utc, flags) for a wall-clock time in a zone; fold=0 at clock changes."""
    if fixed:
        local = naive.replace(tzinfo=tz)
        return local, local.astimezone(UTC), frozenset()
    first = naive.replace(tzinfo=tz, fold=0)
    utc = first.astimezone(UTC)
    local = utc.astimezone(tz)
    if local.replace(tzinfo=None) != naive:
        return local, utc, frozenset({"nonexistent_time"})
    if first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        return local, utc, frozenset({"ambiguous_time"})
    return local, utc, frozenset()


def _dateline(text: str, chosen: _Candidate, default_zone: str) -> Dateline | None:
    part, time, zone = chosen.date_part, chosen.time, chosen.zone
    flags = set(part.flags)
    source = text[chosen.start : chosen.end]
    if zone is not None:
        tz, fixed, zone_name, assumed = zone.tz, zone.fixed, zone.name, False
    else:
        tz, fixed, zone_name = _default_zone(default_zone)
        assumed = True
    if time is None:
        return Dateline(
            text=source,
            start=chosen.start,
            end=chosen.end,
            date=part.day,
            local=None,
            utc=None,
            zone=zone_name,
            zone_assumed=assumed,
            precision="day",
            flags=_ordered(flags),
        )
    naive = datetime(
        part.day.year, part.day.month, part.day.day, time.hour, time.minute, time.second or 0
    )
    local, utc, zone_flags = _localise(naive, tz, fixed)
    flags |= zone_flags
    if zone is not None and zone.abbreviation is not None:
        home = _home_zone(zone, default_zone, local.year)
        if home is not None and utc.astimezone(home).utcoffset() != local.utcoffset():
            flags.add("abbreviation_mismatch")
    if not (MIN_YEAR <= utc.year <= MAX_YEAR and MIN_YEAR <= local.year <= MAX_YEAR):
        return None
    return Dateline(
        text=source,
        start=chosen.start,
        end=chosen.end,
        date=local.date(),
        local=local,
        utc=utc,
        zone=zone_name,
        zone_assumed=assumed,
        precision="second" if time.second is not None else "minute",
        flags=_ordered(flags),
    )


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(flag for flag in FLAGS if flag in flags)


def find_dateline(text: str, default_zone: str = "Europe/London") -> Dateline | None:
    """The document's dateline, or None when there is no complete date to be sure of.

    ``default_zone`` (an IANA name or ``UTC+HH:MM``) applies when no zone is written;
    an unknown name raises ``UnknownZoneError`` rather than silently reading as UTC.
    """
    _default_zone(default_zone)
    candidates = _candidates(text, default_zone)
    for chosen in sorted(candidates, key=lambda c: (-c.score, c.start)):
        result = _dateline(text, chosen, default_zone)
        if result is not None:
            return result
    return None


def check_zone(name: str) -> str:
    """The zone name if the engine accepts it as a default; else UnknownZoneError (one line)."""
    _default_zone(name)
    return name
