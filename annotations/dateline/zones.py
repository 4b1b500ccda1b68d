"""Zones written in the text: IANA names, numeric offsets, abbreviations; and the default."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from annotations.errors import CasereaderError

from .patterns import FIXED_NAME, ZONE

# Fixed-offset abbreviations: (minutes east of UTC, home zone checked for a mismatch).
FIXED_ABBREVIATIONS: dict[str, tuple[int, str | None]] = {
    "UTC": (0, None),
    "UT": (0, None),
    "Z": (0, None),
    "GMT": (0, None),  # the default zone's winter time when that is GMT: see home_zone
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
    "AST": (-240, "America/Halifax"),
    "ADT": (-180, "America/Halifax"),
    "NST": (-210, "America/St_Johns"),
    "NDT": (-150, "America/St_Johns"),
}
# Abbreviations that name a zone with its daylight saving rules, not one offset.
DST_ABBREVIATIONS = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}


class UnknownZoneError(CasereaderError, ValueError):
    """The default zone is neither an IANA name nor a ``UTC+HH:MM`` offset."""


@dataclass(frozen=True)
class ZonePart:
    """A zone written in the text; ``tz`` is a ZoneInfo or a fixed ``timezone``."""

    start: int
    end: int
    tz: tzinfo
    name: str
    home: str | None
    fixed: bool
    abbreviation: str | None = None


@lru_cache(maxsize=512)
def zoneinfo(name: str) -> ZoneInfo | None:
    """A cached ZoneInfo, or None for a name that is not in the tz database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@lru_cache(maxsize=256)
def fixed(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def fixed_zone_name(minutes: int) -> str:
    """The zone form for a fixed offset: ``UTC`` for zero, else ``UTC+05:30`` / ``UTC-04:00``."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


@lru_cache(maxsize=64)
def default_zone(name: str) -> tuple[tzinfo, bool, str]:
    """(zone, is fixed, name as reported) for a zone setting; UnknownZoneError for a bad name."""
    if name == "UTC":
        return fixed(0), True, "UTC"
    match = FIXED_NAME.fullmatch(name)
    if match:
        minutes = offset_minutes(match["sign"], match["h"], match["m"])
        if minutes is not None:
            return fixed(minutes), True, fixed_zone_name(minutes)
    zone = zoneinfo(name)
    if zone is None:
        raise UnknownZoneError(f"unknown time zone {name!r}: use an IANA name or UTC+HH:MM")
    return zone, False, name


def offset_minutes(sign: str, hours: str, minutes: str | None) -> int | None:
    """Minutes east of UTC, read literally ("+05:30" is ahead); None when out of range."""
    h, m = int(hours), int(minutes or 0)
    total = h * 60 + m
    if m > 59 or total > _MAX_OFFSET:
        return None
    return -total if sign in "-−" else total


_MAX_OFFSET = 14 * 60
"""No zone is further than 14 hours from UTC (Kiribati's +14:00)."""


def zone_at(text: str, pos: int, endpos: int, attached_offset_ok: bool) -> ZonePart | None:
    """A zone written right after a time at ``pos``, or None.

    A bare offset such as ``-05:00`` is only trusted when glued to an ISO-style time
    (``11:03:00-05:00``) or in the RFC 2822 form ``-0500``; otherwise "10:00-12:00" would
    read as a zone.
    """
    match = ZONE.match(text, pos, endpos)
    if match is None:
        return None
    start = match.start() + len(match["gap"])
    if match["iana"]:
        return _iana(match, start)
    if match["pfx"]:
        return _offset(match, start, match["psign"], match["ph"], match["pm"])
    if match["sign"]:
        return _bare_offset(match, start, attached_offset_ok)
    return _abbreviation(match, start)


def _iana(match: re.Match[str], start: int) -> ZonePart | None:
    """``Europe/London``: a name with a slash that ``zoneinfo`` knows."""
    zone = zoneinfo(match["iana"])
    if zone is None or "/" not in match["iana"]:
        return None
    return ZonePart(start, match.end(), zone, match["iana"], None, False)


def _offset(
    match: re.Match[str], start: int, sign: str, hours: str, minutes: str | None
) -> ZonePart | None:
    """A fixed offset (``UTC+05:30``, ``GMT-4``, ``+0100``) taken literally; None out of range."""
    offset = offset_minutes(sign, hours, minutes)
    if offset is None:
        return None
    return ZonePart(start, match.end(), fixed(offset), fixed_zone_name(offset), None, True)


def _bare_offset(match: re.Match[str], start: int, attached_offset_ok: bool) -> ZonePart | None:
    """``-0500`` (RFC 2822), or ``-05:00`` glued to an ISO-style time; else not a zone."""
    glued = not match["gap"] and not match["par"]
    rfc = not match["colon"] and match["om"] is not None
    if not (rfc or (glued and attached_offset_ok)):
        return None
    return _offset(match, start, match["sign"], match["oh"], match["om"])


def _abbreviation(match: re.Match[str], start: int) -> ZonePart | None:
    abbr = match["abbr"]
    if abbr in DST_ABBREVIATIONS:
        return _daylight_abbreviation(match, start, DST_ABBREVIATIONS[abbr])
    if abbr in FIXED_ABBREVIATIONS:
        return _fixed_abbreviation(match, start, abbr)
    return None


def _daylight_abbreviation(match: re.Match[str], start: int, name: str) -> ZonePart | None:
    """``ET``, ``PT``...: a zone with its daylight saving, not a fixed offset."""
    zone = zoneinfo(name)
    if zone is None:
        return None
    return ZonePart(start, match.end(), zone, name, None, False)


def _fixed_abbreviation(match: re.Match[str], start: int, abbr: str) -> ZonePart | None:
    """``BST``, ``EST``, ``Z``...: a fixed offset that remembers its abbreviation and home.
    A ``Z`` counts only glued to the time."""
    if abbr == "Z" and (match["gap"] or match["par"]):
        return None
    minutes, home = FIXED_ABBREVIATIONS[abbr]
    name = fixed_zone_name(minutes)
    return ZonePart(start, match.end(), fixed(minutes), name, home, True, abbr)


def home_zone(zone: ZonePart, fallback: str, year: int) -> ZoneInfo | None:
    """The zone an abbreviation belongs to, against which its offset is checked.

    GMT is also plain UTC in much of the world, so it only belongs to the corpus' zone
    (``fallback``), and only when that zone keeps GMT in winter (London, Dublin, Lisbon).
    """
    if zone.abbreviation == "GMT":
        return _gmt_home(fallback, year)
    return zoneinfo(zone.home) if zone.home else None


def _gmt_home(fallback: str, year: int) -> ZoneInfo | None:
    """The corpus' zone if it keeps GMT in winter (London, Dublin, Lisbon), else None."""
    tz, is_fixed, _ = default_zone(fallback)
    if not isinstance(tz, ZoneInfo) or is_fixed:
        return None
    return tz if not datetime(year, 1, 15, 12, tzinfo=tz).utcoffset() else None


def localise(naive: datetime, tz: tzinfo, is_fixed: bool) -> tuple[datetime, datetime, set[str]]:
    """(local, utc, flags) for a wall-clock time in a zone; fold=0 at clock changes."""
    if is_fixed:
        local = naive.replace(tzinfo=tz)
        return local, local.astimezone(UTC), set()
    first = naive.replace(tzinfo=tz, fold=0)
    utc = first.astimezone(UTC)
    local = utc.astimezone(tz)
    if local.replace(tzinfo=None) != naive:
        return local, utc, {"nonexistent_time"}
    if first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        return local, utc, {"ambiguous_time"}
    return local, utc, set()


def check_zone(name: str) -> str:
    """The zone name if the engine accepts it as a default; else UnknownZoneError (one line)."""
    default_zone(name)
    return name
