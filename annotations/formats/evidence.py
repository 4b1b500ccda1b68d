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

from datetime import UTC, date, datetime

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
    from annotations.dateline.zones import default_zone, fixed_zone_name, localise

    choice = zones if isinstance(zones, ZoneChoice) else ZoneChoice(default=zones)
    try:
        when = value.when()
        tz, is_fixed, zone_name = default_zone(choice.setting or choice.default)
    except ValueError:
        return None
    zone_source = "setting" if choice.setting else "default"
    start = value.start if value.start is not None else 0
    end = value.end if value.end is not None else start
    flags: tuple[str, ...] = ()
    if not isinstance(when, datetime):
        day: date = when
        local = utc = None
        assumed = True
    elif when.tzinfo is not None:
        offset = when.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        local = when
        utc = when.astimezone(UTC)
        zone_name, zone_source, assumed = fixed_zone_name(minutes), "text", False
        day = when.date()
    else:
        local, utc, found = localise(when, tz, is_fixed)
        flags = tuple(sorted(found))
        assumed = True
        day = when.date()
    return Dateline(
        text=value.raw if value.start is not None else value.value,
        start=start,
        end=end,
        date=day,
        local=local,
        utc=utc,
        zone=zone_name,
        zone_assumed=assumed,
        precision=value.precision,
        flags=flags,
        zone_source=zone_source,
        source="metadata",
    )
