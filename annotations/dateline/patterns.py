"""The dateline engine's vocabulary and regular expressions, compiled on first use."""

from __future__ import annotations

import re
from typing import Any

MONTHS = {
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
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Lazy:
    """A regular expression compiled on first use: importing the engine (to read a cached
    dateline back, as every launch does) does not pay for compiling patterns it never runs.
    After the first use the pattern's own methods are attributes: no cost per call."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._pattern)
        for method in ("match", "search", "finditer", "fullmatch", "findall", "sub"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def last_match(pattern: Lazy, text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]``: the one nearest before ``end``
    (a cue or a time written just before a date), or None."""
    last: re.Match[str] | None = None
    for match in pattern.finditer(text, start, end):
        last = match
    return last


MONTH = (
    r"(?ai:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])"
)
WEEKDAY = r"(?ai:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)"
_ORDINAL = r"(?:[ ]?(?ai:st|nd|rd|th)(?![A-Za-z]))?"
_YEAR_END = r"(?![\w/]|[.,:]\d)"

# One pass finds every date form. It opens with a bare digit so the regex engine can skip
# straight to digits; the lookbehind then rejects a digit inside a longer number or code.
DATE = Lazy(
    r"(?P<lead>\d)(?<![\w/.\-–]\d)(?:"
    # day, month name, year: "7 July 2020", "3rd Sept. 2019", "01-Feb-19", "26 th April 2018"
    rf"(?P<dn_day>\d?){_ORDINAL}(?!\d)"
    r"(?P<dn_s1>[ \t\r]*\n?[ \t\r]*of[ \t\r]+|[ \t\r\n.,/\-]{1,4})"
    rf"(?P<dn_mon>{MONTH})\.?(?P<dn_s2>[ \t\r\n,/\-]{{1,4}}|\.)"
    r"(?P<dn_apos>['’])?(?P<dn_year>\d{4}|\d{2})" + _YEAR_END +
    # numeric, day first: "12/09/2019", "07.07.2020", "7-7-20"
    r"|(?P<nd_day>\d?)(?P<nd_sep>[/.\-])(?P<nd_mon>[01]?\d)(?P=nd_sep)"
    r"(?P<nd_year>\d{4}|\d{2})(?![\w/]|[.\-:]\d)"
    # year first: "2020-07-07", "2020-07-07T11:03", "2020/7/7"
    r"|(?P<yf_year>\d{3})(?P<yf_sep>[/.\-])(?P<yf_mon>[01]?\d)(?P=yf_sep)"
    r"(?P<yf_day>[0-3]?\d)(?=T\d|(?![\w/]|[.\-:]\d))"
    # day and year of a month-first date, "July [7, 2020]": the month is checked before it
    rf"|(?P<md_day>\d?){_ORDINAL}(?!\d|[:.]\d)"
    r"(?:,[ \t\r]*\n?[ \t\r]*|[ \t\r]{1,3}\n?[ \t\r]*|\n[ \t\r]*)"
    r"(?P<md_year>\d{4}|['’]\d{2})(?![\w/\-]|[.,:]\d)"
    r")"
)
MONTH_BEFORE = Lazy(rf"(?<![A-Za-z])(?P<mon>{MONTH})\.?[ \t\r]*\n?[ \t\r]*\Z")
WEEKDAY_BEFORE = Lazy(
    # "The Sun, 7 July 2020" is a newspaper, not a Sunday.
    rf"(?<![A-Za-z])(?<![Tt]he )(?P<wd>{WEEKDAY})"
    r"\.?,?[ \t\r]*\n?[ \t\r]*(?:the[ \t\r]+)?\Z"
)
TIME = (
    r"(?P<time>(?:12[ \t\r]*)?(?P<nn>(?ai:noon|midday|midnight))(?![A-Za-z])"
    r"|(?P<h>[0-2]?\d)(?!\d)"
    r"(?:(?P<tsep>[:.])(?P<mi>[0-5]\d)(?!\d)"
    r"(?:(?P=tsep)(?P<s>[0-5]\d)(?:[.,]\d{1,9})?(?!\d))?)?"
    r"(?:[ \t\r]?(?P<ap>[aApP])\.?[mM]\.?(?![A-Za-z]))?)"
)
TIME_AFTER = Lazy(
    r"(?:(?P<iso>T)|[ \t\r\n,|@\-–—·]{1,6}"
    r"(?:(?ai:(?:commencing|starting|beginning)[ \t\r]+at|at|from)[ \t\r]{1,3}"
    r"|@[ \t\r]{0,3})?)" + TIME
)
TIME_ANY = Lazy(r"(?<![\w:.])" + TIME)
TIME_LABEL = Lazy(
    # A labelled time on a line of its own: "Time:\n5.00p.m.", "TIME: 10 AM"
    r"(?m)^[ \t]*(?ai:(?:start[ \t]+)?time|commencing(?:[ \t]+at)?|starts?)[ \t]*[:\-–]?"
    r"[ \t]*\n?[ \t]*" + TIME
)
GAP_TIME_TO_DATE = Lazy(r"[ \t\r\n,|\-–—]{0,6}(?:(?ai:on)[ \t\r]+)?")
ZONE = Lazy(
    r"(?P<gap>[ \t\r]{0,3}\n?[ \t\r]{0,3})(?P<par>\()?[ \t\r]?"
    r"(?:(?P<iana>[A-Z][A-Za-z_\-]+(?:/[A-Z][A-Za-z_\-]+){1,2})(?![\w/])"
    r"|(?P<pfx>UTC|GMT|UT)[ \t\r]?(?P<psign>[+\-−])[ \t\r]?"
    r"(?P<ph>\d{1,2})(?::?(?P<pm>\d{2}))?(?!\d)"
    r"|(?P<sign>[+\-−])(?P<oh>\d{2})(?P<colon>:?)(?P<om>\d{2})?(?![\d:])"
    r"|(?P<abbr>[A-Z]{1,5})(?![\w/+\-−]))"
    r"(?(par)[ \t\r]?\))"
)
FIXED_NAME = Lazy(r"UTC(?P<sign>[+\-])(?P<h>\d{2}):(?P<m>\d{2})")

# Cues that say a date is this document's: publication (and creation) beats an update.
CUE = Lazy(
    r"(?ai:(?P<pub>\b(?:(?:first|originally)[ \t\r]+(?:published|posted)|published|posted"
    r"|issued|released|dated|created|date[ \t\r]*:|date[ \t\r]+(?:published|issued|created)"
    r"|date[ \t\r]+of[ \t\r]+(?:publication|issue|meeting)[ \t\r]*:?"
    r"|publication[ \t\r]+date|meeting(?:[ \t\r]+date)?[ \t\r]*:"
    r"|meeting[ \t\r]+held[ \t\r]+on|held[ \t\r]+on))"
    r"|(?P<upd>\b(?:(?:page[ \t\r]+)?last[ \t\r]+)?(?:updated|modified|revised|reviewed"
    r"|amended)))"
)
# What may stand between a cue and its date: "Published: ", "Posted by Jo Bloggs on ".
CUE_GAP = Lazy(
    r"[ \t\r:\-–—|,.]*(?:\n[ \t\r]*)?(?:(?ai:by)[ \t\r]+[^\n.;!?]{1,40}?[ \t\r]+)?"
    r"(?:(?ai:on|at|in)\b[ \t\r:]*)?(?:(?ai:the)[ \t\r]+)?\Z"
)
# A month and year, or a year, straight after a cue: "Published: May 2016", "Issued 2014".
MONTH_YEAR_AFTER_CUE = Lazy(
    r"[ \t\r:\-–—|,]*\n?[ \t\r]*(?:(?ai:in|on)[ \t\r]+)?"
    rf"(?:(?P<mon>{MONTH})\.?,?[ \t\r]+)?(?P<year>(?:19|20|21)\d\d)(?![\w/\-–]|[.,:]\d)"
)
MONTH_YEAR_LINE = Lazy(rf"(?m)^[ \t]*(?P<mon>{MONTH})\.?,?[ \t]+(?P<year>(?:19|20|21)\d\d)[ \t]*$")

# Words just before a date that make it an event, a deadline or a period, not a dateline.
NOT_THIS_DOCUMENT = Lazy(
    r"(?ai:(?:\b(?:will|shall|would|to|is[ \t\r]+due[ \t\r]+to)[ \t\r]+be(?:[ \t\r\n]+\S+){0,3}"
    r"|\bwill(?:[ \t\r\n]+\S+){0,3}"
    r"|\b(?:by|until|till|before|after|between|from|since|during|deadline|expires?|ending"
    r"|ends|closes|closing|due|next|no[ \t\r]+later[ \t\r]+than|scheduled[ \t\r]+for"
    r"|planned[ \t\r]+for|expected[ \t\r]+on|effective|valid)\b[ \t\r:]*"
    r"(?:of[ \t\r]+)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:[ \t\r]+{MONTH}\.?)?[ \t\r]*(?:and|to|-|–|—|&)"
    rf"|(?:{MONTH}\.?,?[ \t\r]+|\d[/.])\d{{2,4}}[ \t\r]*(?:-|–|—|to|until|till)"
    r"|\b(?:previous|last|prior)\b[^\n]{0,40}\bheld[ \t\r\n]+on"
    r")[ \t\r\n]*(?:the[ \t\r]+)?\Z)"
)
RANGE_AFTER = Lazy(
    r"[ \t\r]*(?ai:to|until|till|and|-|–|—)[ \t\r]*"
    rf"(?:{WEEKDAY},?[ \t\r]*)?\d{{1,2}}(?:[ \t\r]?(?ai:st|nd|rd|th))?[ \t\r]*(?:{MONTH}|[/.]\d)"
)
# Labels of dates that are not the document's: an inspection, a deadline, a next meeting.
OTHER_LABEL = Lazy(
    r"(?ai:[ \t\-•*]*(?:(?:date|dates)[ \t]+of[ \t]+(?:next|previous|last|the[ \t]+next"
    r"|inspection|visit|birth|decision|implementation|review|expiry)"
    r"|(?:inspection|visit|monitoring[ \t]+visit|fieldwork|consultation|review|closing|expiry"
    r"|end|start|due|target|effective|decision|call-in|implementation)[ \t]+dates?"
    r"|next[ \t]+(?:meeting|review|update)|deadline|closes|expires|valid[ \t]+until|review)\b)"
)
PREVIOUS_MINUTES = Lazy(r"(?ai:\bminutes\b[^\n]{0,80}\bheld[ \t\r\n]+on[ \t\r\n]*\Z)")
MINUTES_AFTER = Lazy(
    r"(?ai:[ \t\r\n,]*(?:be|were|was|are|as[ \t\r]+a)\b[ \t\r\n]*(?:\w+[ \t\r\n]+)?"
    r"(?:confirmed|approved|agreed|signed|accepted|received|noted|correct))"
)
MINUTES_HEADING = Lazy(
    r"(?ai:[ \t\-•*]*(?:(?:draft|unconfirmed|confirmed|signed)[ \t]+)?minutes[ \t]+of\b"
    r"(?![ \t]+(?:the[ \t]+)?(?:previous|last|prior)\b))"
)
THIS_DOCUMENT = Lazy(
    r"(?ai:\b(?:this|the[ \t]+present)[ \t\r\n]+(?:[\w\-]+[ \t\r\n]+)?(?:page|report|document"
    r"|article|post|release|statement|guidance|policy|publication|story|update|paper"
    r"|briefing|bulletin|newsletter|notice|letter|plan|strategy|minutes|agenda|version)"
    r"[ \t\r\n]+(?:was|is|has[ \t\r\n]+been)[ \t\r\n]+(?:(?:first|last|originally)"
    r"[ \t\r\n]+)?\Z)"
)
LOWER_WORD = Lazy(r"(?<![\w’'])[a-z][a-z’'\-]+")
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "via",
        "per",
        "am",
        "pm",
        "th",
        "st",
        "nd",
        "rd",
        "is",
        "be",
        "its",
        "it",
        "our",
        "we",
        "see",
        "all",
        "read",
        "more",
    ]
)
CHROME = Lazy(
    r"(?ai:\b(?:skip[ \t]+to|sign[ \t]+(?:in|up|out)|log[ \t]?(?:in|out)|subscribe|register"
    r"|my[ \t]+account|menu|search|home|contact[ \t]+us|accessibility|cookies?|newsletter"
    r"|advertisement|e-?paper|today'?s[ \t]+paper|weather|follow[ \t]+us|facebook|twitter"
    r"|instagram|youtube|linkedin|rss|free[ \t]+articles?|articles?[ \t]+(?:left|remaining)"
    r"|you[ \t]+have[ \t]+read|breaking[ \t]+news|latest[ \t]+news|trending|share[ \t]+this"
    r"|site[ \t]+map|main[ \t]+navigation|quick[ \t]+exit|print[ \t]+this)\b|°[ \t]?[CF]\b)"
)
# A navigation section alone on a line: chrome only as a neighbour, never on a date's line.
NAV_LINE = Lazy(
    r"(?ai:[ \t•*|>-]*(?:news|sport|sports|business|politics|opinion|lifestyle|culture"
    r"|travel|jobs|events|about(?:[ \t]+us)?|help|latest|video|podcasts?|topics|sections"
    r"|more)[ \t]*\Z)"
)
