"""The dateline engine: find a document's dateline and normalise it, saying how sure it is.

Contract (README, "How it works"): ``find_dateline(text, default_zone) -> Dateline | None``.
It never fills a missing year or day from today and returns ``None`` rather than a guess.
``read_dateline`` also offers, when there is no dateline, a date the text only *mentions*.

How it works, in order (one module each):

1. Windows (``engine``). A dateline sits near the top of a document (the first
   ``HEAD_LINES`` lines, at most ``HEAD_CHARS`` characters) or in a footer ("Page last
   updated: ..."), so only a head window and a tail window of ``TAIL_CHARS`` are scanned.
2. Date cores (``parts``, patterns in ``patterns``). One pattern, opening on a digit, finds
   complete dates: day-month-name-year (``7 July 2020``, ``3rd Sept. 2019``, ``26 th April
   2018``, ``01-Feb-19``), month-name-day-year (``July 7, 2020``), numeric day-first
   (``12/09/2019``) and year-first (``2020-07-07``, ISO 8601). A month and year (``May
   2016``) or a year counts only after a cue ("Published: May 2016") or, for a month, alone
   on its line; its ``precision`` is ``month`` or ``year`` and its ``date`` the first day.
3. Around each core: a weekday before it; a time after it (``at 11:03``, ``| 13:34``,
   ``COMMENCING AT 10 AM``), before it (``11:03 BST on ...``) or on a labelled line of its
   own (``Time:\\n5.00p.m.``); a zone after the time.
4. Judging (``context``): a cue ("Published", "Posted on", "Created", "Date:", "Meeting:",
   "Minutes of the meeting held on") or a line of its own makes a date this document's;
   inside a sentence it is an event; "will be", "by", "until", "from", "between ... and",
   a range, "Inspection dates:", "Deadline:", the previous meeting's minutes make it
   something else; a date amid navigation is page chrome. Only the first kinds can be the
   dateline; the best of the others may be reported as ``mentioned``.
5. Scoring: a publication cue (Published, First published, Created, Date:) beats an update
   cue (Updated, Last updated, Reviewed), which ranks with a date on a line of its own; a
   full date beats a month, a month a year; then earlier beats later. Footer candidates
   count only with a cue and rank below the head's.
6. The zone (``zones``, ``gazetteer``), in order: written in the text (IANA names, numeric
   offsets taken literally, abbreviations); the corpus's setting; place evidence in the
   head (a country, state, province or city, or a web domain such as ``.qld.gov.au``,
   recorded as ``place``); the default. ``zone_source`` says which: ``text``, ``setting``,
   ``place`` or ``default``; ``zone_assumed`` is true for all but ``text``.

Decisions (documented here because callers rely on them):

* Two-digit years pivot POSIX-style: ``00``-``68`` are 2000-2068, ``69``-``99`` are
  1969-1999; flagged ``two_digit_year``. With a month name they are accepted only in the
  compact forms ``07-Jul-19`` / ``7/Jul/19`` or with an apostrophe (``7 July '19``).
* Numeric dates are day-first (UK sources). Both parts <= 12 and different is flagged
  ``day_month_ambiguous``; year-first numeric dates are never ambiguous.
* Fixed offsets, written numerically (``+01:00``, ``UTC+05:30``, ``GMT-4``, ``Z``) or as
  fixed abbreviations (``BST``, ``EST``, ``CEST``, ``IST``...), are taken literally and
  reported as ``UTC+HH:MM`` / ``UTC-HH:MM``, or ``UTC``; ``ET``, ``CT``, ``MT``, ``PT`` name
  the US zones with their daylight saving. ``IST`` is India (+05:30), ``CST`` US Central.
* ``abbreviation_mismatch``: the abbreviation's home zone is on another offset at that
  instant (BST in January, EST in July). GMT is checked only against a corpus zone that
  keeps GMT in winter (London, Dublin, Lisbon).
* A date-only dateline still reports a zone (setting, place or default), as assumed.
* ``ambiguous_time`` takes the first occurrence (``fold=0``); ``nonexistent_time`` is read
  with the offset before the change and shown after it, as ``zoneinfo`` does.
* ``precision``: ``year``, ``month``, ``day`` (no time), ``minute``, ``second``.
* ``midnight`` is 00:00 at the start of the written date; ``noon``/``midday`` is 12:00.
* ``date`` is the local calendar date. Nothing before 1900 or after 2100 is accepted.
"""

from __future__ import annotations

from .engine import HEAD_CHARS, HEAD_LINES, TAIL_CHARS
from .values import (
    FLAGS,
    PRECISIONS,
    SOURCES,
    ZONE_SOURCES,
    Dateline,
    Mentioned,
    Place,
    Reading,
    ZoneChoice,
)
from .zones import UnknownZoneError, check_zone, fixed_zone_name

__all__ = [
    "FLAGS",
    "HEAD_CHARS",
    "HEAD_LINES",
    "PRECISIONS",
    "SOURCES",
    "TAIL_CHARS",
    "ZONE_SOURCES",
    "Dateline",
    "Mentioned",
    "Place",
    "Reading",
    "UnknownZoneError",
    "ZoneChoice",
    "check_zone",
    "find_dateline",
    "fixed_zone_name",
    "read_dateline",
]


def _choice(zones: str | ZoneChoice) -> ZoneChoice:
    return zones if isinstance(zones, ZoneChoice) else ZoneChoice(default=zones)


def read_dateline(text: str, default_zone: str | ZoneChoice = "Europe/London") -> Reading:
    """The dateline and, when there is none, the best date the text only mentions.

    ``default_zone`` is a zone name (IANA or ``UTC+HH:MM``), used when neither the text nor
    a place in its head gives one, or a ``ZoneChoice`` that also carries the corpus setting.
    An unknown name raises ``UnknownZoneError`` rather than silently reading as UTC.
    """
    from .engine import read

    return read(text, _choice(default_zone))


def find_dateline(text: str, default_zone: str | ZoneChoice = "Europe/London") -> Dateline | None:
    """The document's dateline, or None when nothing says which date is the document's."""
    from .engine import read

    return read(text, _choice(default_zone), mention=False).dateline
