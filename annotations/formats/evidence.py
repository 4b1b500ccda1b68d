"""A file's own dates as dateline evidence, beside what the dateline engine read in its text.

The engine stays text-first; a format's metadata is used as far as it deserves:

* ``exact`` (an email's ``Date:`` header, the moment it was sent): it is the email's
  dateline, with its offset as written, even where the text shows another date;
* ``strong`` (a web page's publication metadata) and ``weak`` (PDF ``CreationDate``,
  DOCX/ODT core properties: often the day a file was converted or copied): only when the
  text has no dateline.

A dateline made from metadata has ``source: "metadata"``. Its zone is the offset written in
the metadata (``zone_source`` ``text``: the file wrote it), else the corpus setting or the
default, assumed. Where the extracted text shows the date (an email's ``Date:`` line), its
``text``, ``start`` and ``end`` are that line's; else ``text`` is the value in ISO 8601 and
``start`` and ``end`` are both 0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import NamedTuple

from annotations.dateline import Dateline, Reading, ZoneChoice

from .model import STRENGTHS, MetadataDate


def with_metadata(
    reading: Reading, dates: tuple[MetadataDate, ...], zones: str | ZoneChoice
) -> Reading:
    """The reading of a text, its dateline replaced or supplied by the file's own date."""
    best = _best(dates)
    if best is None:
        return reading
    if reading.dateline is not None and best.strength != "exact":
        return reading
    dateline = metadata_dateline(best, zones)
    if dateline is None:
        return reading
    return Reading(dateline, None)


def _best(dates: tuple[MetadataDate, ...]) -> MetadataDate | None:
    order = {"sent": 0, "published": 1, "created": 2, "modified": 3}
    usable = [d for d in dates if _valid(d)]
    if not usable:
        return None
    return min(usable, key=lambda d: (-STRENGTHS[d.strength], order[d.kind]))


def _valid(value: MetadataDate) -> bool:
    """Within the engine's years (1900-2100), and parseable."""
    try:
        when = value.when()
    except ValueError:
        return False
    return 1900 <= when.year <= 2100


def metadata_dateline(value: MetadataDate, zones: str | ZoneChoice) -> Dateline | None:
    """A dateline from one metadata date, or None when its value cannot be read."""
    from annotations.dateline.zones import default_zone

    choice = zones if isinstance(zones, ZoneChoice) else ZoneChoice(default=zones)
    try:
        when = value.when()
        tz, is_fixed, zone_name = default_zone(choice.setting or choice.default)
    except ValueError:
        return None
    zone_source = "setting" if choice.setting else "default"
    moment = _moment(when, tz, is_fixed, zone_name, zone_source)
    text, start, end = _place(value)
    return Dateline(
        text=text,
        start=start,
        end=end,
        date=moment.day,
        local=moment.local,
        utc=moment.utc,
        zone=moment.zone,
        zone_assumed=moment.assumed,
        precision=value.precision,
        flags=moment.flags,
        zone_source=moment.zone_source,
        source="metadata",
    )


def _place(value: MetadataDate) -> tuple[str, int, int]:
    """The dateline's text and span: the line the extracted text shows it on, else its value
    in ISO 8601 at 0-0."""
    if value.start is None:
        return value.value, 0, value.end or 0  # a span is both offsets or neither
    return value.raw, value.start, value.end if value.end is not None else value.start


def _moment(
    when: datetime | date, tz: tzinfo, is_fixed: bool, zone: str, zone_source: str
) -> _Moment:
    """A metadata value placed in time: a day alone, a moment with its own offset, or a
    local time in the assumed zone."""
    if not isinstance(when, datetime):
        return _Moment(when, None, None, zone, zone_source, True)
    if when.tzinfo is not None:
        return _with_offset(when)
    return _localised(when, tz, is_fixed, zone, zone_source)


class _Moment(NamedTuple):
    """What a metadata date says once placed in a zone."""

    day: date
    local: datetime | None
    utc: datetime | None
    zone: str
    zone_source: str
    assumed: bool
    flags: tuple[str, ...] = ()


def _with_offset(when: datetime) -> _Moment:
    """A moment written with its offset: in a fixed zone of that offset, as written."""
    from annotations.dateline.zones import fixed_zone_name

    offset = when.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return _Moment(when.date(), when, when.astimezone(UTC), fixed_zone_name(minutes), "text", False)


def _localised(when: datetime, tz: tzinfo, is_fixed: bool, zone: str, zone_source: str) -> _Moment:
    """A moment without an offset, in the assumed zone (flags for a gap or an overlap)."""
    from annotations.dateline.zones import localise

    local, utc, found = localise(when, tz, is_fixed)
    return _Moment(when.date(), local, utc, zone, zone_source, True, tuple(sorted(found)))
