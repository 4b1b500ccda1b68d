"""Finding the candidates in a document's head and tail, choosing one, normalising it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo

from .context import DATELINE_KINDS, LINE, OTHER, PROSE, PUBLICATION, UPDATE, judge
from .gazetteer import find_place
from .parts import (
    MAX_YEAR,
    MIN_YEAR,
    DatePart,
    TimePart,
    clock,
    date_parts,
    period_part,
    time_after,
    time_before,
)
from .patterns import CUE, MONTH_YEAR_AFTER_CUE, MONTH_YEAR_LINE, TIME_LABEL, last_match
from .values import FLAGS, Dateline, Mentioned, Place, Reading, ZoneChoice
from .zones import ZonePart, default_zone, home_zone, localise, zone_at

HEAD_LINES = 40
"""Lines at the top of a document searched for a dateline."""
HEAD_CHARS = 4096
"""Cap on the head window, so a document of one enormous line stays cheap."""
TAIL_CHARS = 2048
"""Characters at the end searched for a footer ("Page last updated: ...")."""
PLACE_AFTER = 500
"""Characters after the dateline still read for place evidence (the lead paragraph)."""
PLACE_MIN = 1000
"""Place evidence is read at least this far into a document."""
TIME_LABEL_REACH = 160
"""How far from a labelled date a labelled time ("Time:\\n5.00p.m.") is looked for."""

_CUE_WORDS = (
    *("first", "originally", "publi", "posted", "issued", "released", "created", "date"),
    *("meeting", "held", "page", "last", "updated", "modified", "revised", "reviewed", "amended"),
)
_WEIGHTS = {PUBLICATION: 100.0, UPDATE: 60.0, LINE: 60.0}
_PRECISION_PENALTY = {"day": 0.0, "month": 5.0, "year": 10.0}


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    date_part: DatePart
    time: TimePart | None
    zone: ZonePart | None
    kind: str
    score: float


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


def _score(text: str, start: int, kind: str, precision: str, tail: bool, timed: bool) -> float:
    """Publication cue > (update cue = a line of its own) ; then earlier, then timed."""
    weight = _WEIGHTS.get(kind, 0.0) - _PRECISION_PENALTY[precision]
    if tail:
        return weight - 30.0
    return weight - 0.5 * text.count("\n", 0, start) + (2.0 if timed else 0.0)


def _timed(text: str, part: DatePart) -> tuple[int, int, TimePart | None, ZonePart | None]:
    """A date with the time (and zone) written after or before it: (start, end, time, zone)."""
    time = time_after(text, part.end)
    if time is not None:
        zone = zone_at(text, time.end, len(text), time.second is not None or time.iso)
        return part.start, _through_zone(time.end, time, zone), time, zone
    before = time_before(text, part.start)
    if before is None:
        return part.start, part.end, None, None
    time, zone = before
    return time.start, _through_zone(part.end, time, zone), time, zone


def _through_zone(end: int, time: TimePart, zone: ZonePart | None) -> int:
    """The dateline's end, stretched over a zone written after its time."""
    return max(end, zone.end) if zone is not None and zone.start >= time.end else end


def _periods(text: str, start: int, end: int) -> list[DatePart]:
    """Months and years that stand for a date: after a cue ("Published: May 2016",
    "First published in 2014"), or a month and year alone on a line (a report's cover)."""
    return _cued_periods(text, start, end) + _line_periods(text, start, end)


def _cued_periods(text: str, start: int, end: int) -> list[DatePart]:
    found: dict[int, DatePart] = {}  # by start: the first cue to reach a period keeps it
    lower = text[start:end].lower()
    for word in _CUE_WORDS:  # the cue regex runs only where a cue word is: cheap on long heads
        for at in _occurrences(lower, word):
            part = _cued_period(text, start + at, end)
            if part is not None:
                found.setdefault(part.start, part)
    return list(found.values())


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    at = haystack.find(needle)
    while at >= 0:
        yield at
        at = haystack.find(needle, at + len(needle))


def _cued_period(text: str, at: int, end: int) -> DatePart | None:
    """A month and year (or a year) right after a cue that starts at ``at``."""
    cue = CUE.match(text, at, end)
    if cue is None:
        return None
    match = MONTH_YEAR_AFTER_CUE.match(text, cue.end(), min(len(text), cue.end() + 40))
    if match is None:
        return None
    begin = match.start("mon") if match["mon"] else match.start("year")
    return period_part(begin, match.end(), match["mon"], match["year"])


def _line_periods(text: str, start: int, end: int) -> list[DatePart]:
    found: list[DatePart] = []
    offset = start
    for line in text[start:end].split("\n"):
        part = _line_period(line, offset)
        if part is not None:
            found.append(part)
        offset += len(line) + 1
    return found


def _line_period(line: str, offset: int) -> DatePart | None:
    """A month and year alone on a line (``offset`` is where the line starts)."""
    if not (7 < len(line) < 24 and line.rstrip()[-4:].isdigit()):
        return None
    match = MONTH_YEAR_LINE.match(line)
    if match is None:
        return None
    return period_part(
        offset + match.start("mon"), offset + match.end("year"), match["mon"], match["year"]
    )


def candidates(text: str) -> list[Candidate]:
    """Every date in the head (and cued dates in the tail), judged and scored."""
    found: list[Candidate] = []
    for window_start, window_end, in_tail in _windows(text):
        found += _window_candidates(text, window_start, window_end, in_tail, found)
    return found


def _window_candidates(
    text: str, start: int, end: int, in_tail: bool, earlier: list[Candidate]
) -> list[Candidate]:
    """One window's candidates: its full dates, then (unless one of them follows a
    publication cue) its months and years not at a date already found."""
    kept = _judged_all(text, list(date_parts(text, start, end)), in_tail)
    if any(c.kind == PUBLICATION for c in kept):
        return kept  # a month or a year cannot beat a full date after a publication cue
    taken = {c.date_part.start for c in (*earlier, *kept)}
    periods = [p for p in _periods(text, start, end) if p.start not in taken]
    return kept + _judged_all(text, periods, in_tail)


def _judged_all(text: str, parts: list[DatePart], in_tail: bool) -> list[Candidate]:
    judged = (_judged(text, part, in_tail) for part in parts)
    return [candidate for candidate in judged if candidate is not None]


def _judged(text: str, part: DatePart, in_tail: bool) -> Candidate | None:
    """A date with its time and zone, judged and scored; None for a footer date without cue."""
    if part.precision == "day":
        start, end, time, zone = _timed(text, part)
    else:
        start, end, time, zone = part.start, part.end, None, None
    kind = judge(text, start, end).kind
    if in_tail and kind not in (PUBLICATION, UPDATE):
        return None
    score = _score(text, start, kind, part.precision, in_tail, time is not None)
    return Candidate(start, end, part, time, zone, kind, score)


def _labelled_time(text: str, chosen: Candidate) -> Candidate:
    """A date-only dateline joined with a time on its own labelled line ("Time:\\n5.00pm")."""
    if chosen.time is not None or chosen.date_part.precision != "day":
        return chosen
    after = TIME_LABEL.search(text, chosen.end, min(len(text), chosen.end + TIME_LABEL_REACH))
    before = last_match(TIME_LABEL, text, max(0, chosen.start - TIME_LABEL_REACH), chosen.start)
    for match in (after, before):
        joined = _with_time(text, chosen, match) if match is not None else None
        if joined is not None:
            return joined
    return chosen


def _with_time(text: str, chosen: Candidate, match: re.Match[str]) -> Candidate | None:
    """The dateline with the labelled time ``match`` (and a zone after it); None if the time
    is too many lines away or not a time."""
    if text.count("\n", *sorted((match.start(), chosen.start))) > 6:
        return None
    parsed = clock(match)
    if parsed is None:
        return None
    time = TimePart(match.start("time"), match.end(), *parsed)
    zone = zone_at(text, time.end, len(text), False)
    start, end = min(chosen.start, time.start), max(chosen.end, time.end)
    if zone is not None:
        end = max(end, zone.end)
    return Candidate(start, end, chosen.date_part, time, zone, chosen.kind, chosen.score)


def _fallback(
    text: str, chosen: Candidate, zones: ZoneChoice
) -> tuple[tzinfo, bool, str, str, Place | None]:
    """(zone, fixed, name, source, place) when the text writes no zone."""
    if zones.setting is not None:
        tz, fixed, name = default_zone(zones.setting)
        return tz, fixed, name, "setting", None
    window_end = min(len(text), max(PLACE_MIN, chosen.end + PLACE_AFTER), HEAD_CHARS)
    place = find_place(text, 0, window_end)
    if place is not None:
        tz, fixed, name = default_zone(place.zone)
        return tz, fixed, name, "place", place
    tz, fixed, name = default_zone(zones.default)
    return tz, fixed, name, "default", None


def _zone_of(
    text: str, chosen: Candidate, zones: ZoneChoice
) -> tuple[tzinfo, bool, str, str, Place | None]:
    """(zone, fixed, name, source, place): the zone the text writes, else the fallback."""
    zone = chosen.zone
    if zone is None:
        return _fallback(text, chosen, zones)
    return zone.tz, zone.fixed, zone.name, "text", None


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(flag for flag in FLAGS if flag in flags)


def normalise(text: str, chosen: Candidate, zones: ZoneChoice) -> Dateline | None:
    """The chosen candidate as a Dateline in its zone; None if it falls outside 1900-2100."""
    part, time = chosen.date_part, chosen.time
    tz, fixed, zone_name, source, place = _zone_of(text, chosen, zones)
    common = {
        "text": text[chosen.start : chosen.end],
        "start": chosen.start,
        "end": chosen.end,
        "zone": zone_name,
        "zone_assumed": source != "text",
        "zone_source": source,
        "place": place,
    }
    if time is None:
        return Dateline(
            date=part.day, local=None, utc=None, precision=part.precision,
            flags=_ordered(set(part.flags)), **common,  # type: ignore[arg-type]
        )  # fmt: skip
    local, utc, flags = _localised(chosen, tz, fixed, zones)
    if not (MIN_YEAR <= utc.year <= MAX_YEAR and MIN_YEAR <= local.year <= MAX_YEAR):
        return None
    return Dateline(
        date=local.date(), local=local, utc=utc,
        precision="second" if time.second is not None else "minute",
        flags=_ordered(flags), **common,  # type: ignore[arg-type]
    )  # fmt: skip


def _localised(
    chosen: Candidate, tz: tzinfo, fixed: bool, zones: ZoneChoice
) -> tuple[datetime, datetime, set[str]]:
    """A timed dateline's local and UTC instants, with its flags of doubt (a repeated or
    skipped hour; a zone abbreviation whose offset is not its home zone's that day)."""
    day, time, zone = chosen.date_part.day, chosen.time, chosen.zone
    assert time is not None
    naive = datetime(day.year, day.month, day.day, time.hour, time.minute, time.second or 0)
    local, utc, zone_flags = localise(naive, tz, fixed)
    flags = set(chosen.date_part.flags) | zone_flags
    if zone is not None and _off_home(zone, local, utc, zones.setting or zones.default):
        flags.add("abbreviation_mismatch")
    return local, utc, flags


def _off_home(zone: ZonePart, local: datetime, utc: datetime, fallback: str) -> bool:
    """Whether a written abbreviation's offset is not its home zone's at that instant (BST
    in January)."""
    if zone.abbreviation is None:
        return False
    home = home_zone(zone, fallback, local.year)
    return home is not None and utc.astimezone(home).utcoffset() != local.utcoffset()


def _mentioned(text: str, found: list[Candidate]) -> Mentioned | None:
    """The date in running text most like the document's own: cued first, then earliest."""
    mentions = _mentions(found)
    if not mentions:
        return None
    best = min(mentions, key=lambda c: (c.kind != PROSE, c.start))
    span = best.date_part
    return Mentioned(text[span.start : span.end], span.start, span.end, span.day)


def _mentions(found: list[Candidate]) -> list[Candidate]:
    """Full dates in running text or given to something else; else any date that is not a
    dateline (a month, a year)."""
    full = [c for c in found if _full_date_of_an_event(c)]
    return full or [c for c in found if c.kind not in DATELINE_KINDS]


def _full_date_of_an_event(candidate: Candidate) -> bool:
    """A full date in running text or given to something else (a meeting, a deadline)."""
    return candidate.kind in (PROSE, OTHER) and candidate.date_part.precision == "day"


def _check_zones(zones: ZoneChoice) -> None:
    """Raise UnknownZoneError for a bad default or setting, even when no dateline needs it."""
    default_zone(zones.default)
    if zones.setting is not None:
        default_zone(zones.setting)


def _ranked(found: list[Candidate]) -> list[Candidate]:
    """The candidates that can be the dateline, best score first, then earliest."""
    return sorted((c for c in found if c.kind in DATELINE_KINDS), key=lambda c: (-c.score, c.start))


def read(text: str, zones: ZoneChoice, mention: bool = True) -> Reading:
    """The dateline, else (with ``mention``) the best date mentioned in running text."""
    _check_zones(zones)
    found = candidates(text)
    for chosen in _ranked(found):
        result = normalise(text, _labelled_time(text, chosen), zones)
        if result is not None:
            return Reading(result)
    return Reading(None, _mentioned(text, found) if mention else None)
