"""The dateline engine, as a specification: seeds exactly, then one behaviour per row."""

from __future__ import annotations

import time
from datetime import UTC, date
from pathlib import Path

import pytest

from annotations.dateline import Dateline, UnknownZoneError, find_dateline, read_dateline

SEEDS = Path(__file__).parents[2] / "seeds"
LONDON = "Europe/London"
BODY_LINE = "The committee discussed the report and agreed the recommendations in full."


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _utc(found: Dateline) -> str | None:
    return found.to_json()["utc"]


# --- seeds, exactly ---------------------------------------------------------------------


def test_seed_000_split_over_lines_with_iana_zone_written() -> None:
    found = find_dateline(_seed("000"))
    assert found is not None
    assert found.to_json() == {
        "text": "01\nFebruary\n2019\n|\n13:34\nEurope/London",
        "start": 8,
        "end": 46,
        "date": "2019-02-01",
        "local": "2019-02-01T13:34:00+00:00",
        "utc": "2019-02-01T13:34:00Z",
        "zone": "Europe/London",
        "zone_assumed": False,
        "zone_source": "text",
        "precision": "minute",
        "source": "text",
        "flags": [],
        "place": None,
    }


def test_seed_001_split_over_lines() -> None:
    found = find_dateline(_seed("001"))
    assert found is not None
    assert _utc(found) == "2020-02-28T08:04:00Z"
    assert (found.zone, found.zone_assumed, found.flags) == (LONDON, False, ())


def test_seed_002_published_with_weekday_and_assumed_zone() -> None:
    found = find_dateline(_seed("002"))
    assert found is not None
    assert found.text == "Tuesday 7 July 2020 at 11:03"
    assert _utc(found) == "2020-07-07T10:03:00Z"
    assert found.to_json()["local"] == "2020-07-07T11:03:00+01:00"
    assert (found.zone, found.zone_assumed, found.precision) == (LONDON, True, "minute")
    assert found.flags == ()


def test_seed_003_numeric_day_first_and_ambiguous() -> None:
    found = find_dateline(_seed("003"))
    assert found is not None
    assert found.date == date(2009, 11, 9)
    assert (found.local, found.utc, found.precision) == (None, None, "day")
    assert found.flags == ("day_month_ambiguous",)
    assert found.text == "09/11/2009"


def test_seed_004_meeting_date_without_time() -> None:
    text = _seed("004")
    found = find_dateline(text)
    assert found is not None
    assert found.date == date(2019, 9, 12)
    assert (found.local, found.utc, found.precision) == (None, None, "day")
    assert found.flags == ("day_month_ambiguous",)
    assert text[found.start : found.end] == "12/09/2019"


# --- the table --------------------------------------------------------------------------
# (text, local date, utc or None, zone, zone assumed, flags)

MISMATCH = ("abbreviation_mismatch",)
AMBIGUOUS_DM = ("day_month_ambiguous",)
TWO_DIGIT = ("two_digit_year",)

CASES: list[tuple[str, str, str, str | None, str, bool, tuple[str, ...]]] = [
    # layouts and cues
    ("split-lines", "Oxford,\n07\nJuly\n2020\n|\n09:15\nEurope/London", "2020-07-07",
     "2020-07-07T08:15:00Z", LONDON, False, ()),
    ("split-crlf", "Oxford,\r\n07\r\nJuly\r\n2020\r\n|\r\n09:15\r\nEurope/London", "2020-07-07",
     "2020-07-07T08:15:00Z", LONDON, False, ()),
    ("time-next-line", "Posted\n7 July 2020\nat 11:03", "2020-07-07", "2020-07-07T10:03:00Z",
     LONDON, True, ()),
    ("weekday-own-line", "Tuesday\n7 July 2020", "2020-07-07", None, LONDON, True, ()),
    ("published", "Published 7 July 2020", "2020-07-07", None, LONDON, True, ()),
    ("posted-on", "Posted on 7 July 2020", "2020-07-07", None, LONDON, True, ()),
    ("updated-colon", "Updated: 8 July 2020", "2020-07-08", None, LONDON, True, ()),
    ("issued", "Issued 3 March 2021", "2021-03-03", None, LONDON, True, ()),
    ("date-colon", "Date: 12/03/2021", "2021-03-12", None, LONDON, True, AMBIGUOUS_DM),
    ("meeting-colon", "Meeting: 14/09/2019 - Cabinet (Item 5)", "2019-09-14", None, LONDON,
     True, ()),
    ("publication-beats-update", "Last updated 8 July 2020\nPublished 7 July 2020",
     "2020-07-07", None, LONDON, True, ()),
    ("publication-beats-timed-update",
     "Published 7 July 2020\nLast updated 9 July 2020 at 10:00", "2020-07-07", None, LONDON,
     True, ()),
    ("publication-beats-earlier-bare-date", "Board papers 1 July 2020\nPublished 7 July 2020",
     "2020-07-07", None, LONDON, True, ()),
    ("top-line-beats-later-update", "7 July 2020\n\nTitle\n\nUpdated 9 July 2020", "2020-07-07",
     None, LONDON, True, ()),
    ("bare-line-beats-prose",
     "Title\nThe plan agreed on 2 March 2020 is working well and praised by the inspectors.\n"
     "\n3 March 2020", "2020-03-03", None, LONDON, True, ()),
    ("gov-uk-layout", "From:\nDepartment for Education\nPublished\n7 July 2020\nLast updated\n"
     "9 July 2020 — see all updates", "2020-07-07", None, LONDON, True, ()),
    ("meeting-held-on", "Minutes of the meeting held on Tuesday, 7th July, 2020 at 10.00 am",
     "2020-07-07", "2020-07-07T09:00:00Z", LONDON, True, ()),
    ("publication-date-beats-inspection-dates",
     "Inspection dates: 2 to 6 March 2020\nPublication date: 15 April 2020", "2020-04-15", None,
     LONDON, True, ()),
    # weekdays
    ("weekday-full", "Published Tuesday 7 July 2020 at 11:03", "2020-07-07",
     "2020-07-07T10:03:00Z", LONDON, True, ()),
    ("weekday-short", "Tue 7 July 2020", "2020-07-07", None, LONDON, True, ()),
    ("weekday-thurs", "Thurs, 9 July 2020", "2020-07-09", None, LONDON, True, ()),
    ("weekday-mismatch", "Wednesday 7 July 2020", "2020-07-07", None, LONDON, True,
     ("weekday_mismatch",)),
    ("weekday-month-first", "Tuesday, July 7, 2020", "2020-07-07", None, LONDON, True, ()),
    ("the-sun-is-not-sunday", "The Sun, 7 July 2020", "2020-07-07", None, LONDON, True, ()),
    # numeric dates
    ("numeric-ambiguous", "09/11/2009", "2009-11-09", None, LONDON, True, AMBIGUOUS_DM),
    ("numeric-dots", "25.12.2019", "2019-12-25", None, LONDON, True, ()),
    ("numeric-dashes-same", "05-05-2020", "2020-05-05", None, LONDON, True, ()),
    ("numeric-single-digit-month", "13/1/2021", "2021-01-13", None, LONDON, True, ()),
    ("numeric-two-digit-year", "07/07/20", "2020-07-07", None, LONDON, True, TWO_DIGIT),
    ("two-digit-pivot-68", "31/12/68", "2068-12-31", None, LONDON, True, TWO_DIGIT),
    ("two-digit-pivot-69", "31/12/69", "1969-12-31", None, LONDON, True, TWO_DIGIT),
    ("numeric-with-time", "12.09.2019 14.32", "2019-09-12", "2019-09-12T13:32:00Z", LONDON,
     True, AMBIGUOUS_DM),
    ("leap-day", "29/02/2020", "2020-02-29", None, LONDON, True, ()),
    # ISO 8601 and RFC 2822
    ("iso-z", "2020-07-07T11:03:00Z", "2020-07-07", "2020-07-07T11:03:00Z", "UTC", False, ()),
    ("iso-plus", "2020-07-07T11:03:00+01:00", "2020-07-07", "2020-07-07T10:03:00Z",
     "UTC+01:00", False, ()),
    ("iso-minus", "2020-07-07T11:03:00-05:00", "2020-07-07", "2020-07-07T16:03:00Z",
     "UTC-05:00", False, ()),
    ("iso-fraction", "2020-07-07T11:03:00.250Z", "2020-07-07", "2020-07-07T11:03:00Z", "UTC",
     False, ()),
    ("iso-space-no-zone", "2020-07-07 11:03", "2020-07-07", "2020-07-07T10:03:00Z", LONDON,
     True, ()),
    ("iso-date-only", "2020-07-07", "2020-07-07", None, LONDON, True, ()),
    ("rfc2822-offset", "Tue, 07 Jul 2020 11:03:00 +0100", "2020-07-07", "2020-07-07T10:03:00Z",
     "UTC+01:00", False, ()),
    ("rfc2822-gmt-summer", "Tue, 07 Jul 2020 10:03:00 GMT", "2020-07-07",
     "2020-07-07T10:03:00Z", "UTC", False, MISMATCH),
    # month names
    ("sept", "3 Sept 2019", "2019-09-03", None, LONDON, True, ()),
    ("sept-dot", "3 Sept. 2019", "2019-09-03", None, LONDON, True, ()),
    ("sep", "3 Sep 2019", "2019-09-03", None, LONDON, True, ()),
    ("feb-dot", "1 Feb. 2019", "2019-02-01", None, LONDON, True, ()),
    ("upper-case", "TUESDAY 7TH JULY 2020", "2020-07-07", None, LONDON, True, ()),
    ("ordinal-st", "21st March 2019", "2019-03-21", None, LONDON, True, ()),
    ("ordinal-of", "the 3rd of June, 2021", "2021-06-03", None, LONDON, True, ()),
    ("month-first", "July 7, 2020", "2020-07-07", None, LONDON, True, ()),
    ("month-first-ordinal-time", "Jul. 7th, 2020 at 9.15am", "2020-07-07",
     "2020-07-07T08:15:00Z", LONDON, True, ()),
    ("month-first-et", "Tuesday, July 7, 2020 4:30 PM ET", "2020-07-07",
     "2020-07-07T20:30:00Z", "America/New_York", False, ()),
    ("apostrophe-year", "7 Jul '20", "2020-07-07", None, LONDON, True, TWO_DIGIT),
    ("compact-two-digit-year", "07-Jul-19", "2019-07-07", None, LONDON, True, TWO_DIGIT),
    # times
    ("dotted-24h", "7 July 2020 14.32", "2020-07-07", "2020-07-07T13:32:00Z", LONDON, True, ()),
    ("dotted-am", "7 July 2020, 9.15am", "2020-07-07", "2020-07-07T08:15:00Z", LONDON, True, ()),
    ("hour-pm", "7 July 2020 at 3pm", "2020-07-07", "2020-07-07T14:00:00Z", LONDON, True, ()),
    ("noon", "7 July 2020 at noon", "2020-07-07", "2020-07-07T11:00:00Z", LONDON, True, ()),
    ("twelve-noon", "21st March 2019 at 12 noon", "2019-03-21", "2019-03-21T12:00:00Z", LONDON,
     True, ()),
    ("midnight-start-of-day", "7 July 2020 at midnight", "2020-07-07", "2020-07-06T23:00:00Z",
     LONDON, True, ()),
    ("twelve-thirty-am", "7 July 2020 12:30am", "2020-07-07", "2020-07-06T23:30:00Z", LONDON,
     True, ()),
    ("utc-previous-day", "1 June 2020 00:30", "2020-06-01", "2020-05-31T23:30:00Z", LONDON,
     True, ()),
    ("seconds", "7 July 2020 23:59:59", "2020-07-07", "2020-07-07T22:59:59Z", LONDON, True, ()),
    ("time-before-date", "11:03 on 7 July 2020", "2020-07-07", "2020-07-07T10:03:00Z", LONDON,
     True, ()),
    ("time-zone-before-date", "11:03 BST, Tuesday 7 July 2020", "2020-07-07",
     "2020-07-07T10:03:00Z", "UTC+01:00", False, ()),
    ("dotted-am-before-date", "9.15am, Tuesday 7 July 2020", "2020-07-07",
     "2020-07-07T08:15:00Z", LONDON, True, ()),
    ("invalid-time-dropped", "7 July 2020 14:00pm", "2020-07-07", None, LONDON, True, ()),
    ("bare-hour-is-not-a-time", "7 July 2020 at 9", "2020-07-07", None, LONDON, True, ()),
    ("time-range-is-not-an-offset", "7 July 2020 10:00-12:00", "2020-07-07",
     "2020-07-07T09:00:00Z", LONDON, True, ()),
    # London clock changes
    ("2019-spring-gap", "31 March 2019 01:30", "2019-03-31", "2019-03-31T01:30:00Z", LONDON,
     True, ("nonexistent_time",)),
    ("2019-spring-before", "31 March 2019 00:59", "2019-03-31", "2019-03-31T00:59:00Z", LONDON,
     True, ()),
    ("2019-spring-after", "31 March 2019 02:00", "2019-03-31", "2019-03-31T01:00:00Z", LONDON,
     True, ()),
    ("2019-autumn-fold", "27 October 2019 01:30", "2019-10-27", "2019-10-27T00:30:00Z", LONDON,
     True, ("ambiguous_time",)),
    ("2019-autumn-after", "27 October 2019 02:00", "2019-10-27", "2019-10-27T02:00:00Z",
     LONDON, True, ()),
    ("2019-autumn-before-previous-utc-day", "27 October 2019 00:59", "2019-10-27",
     "2019-10-26T23:59:00Z", LONDON, True, ()),
    ("2020-spring-gap", "29 March 2020 01:15", "2020-03-29", "2020-03-29T01:15:00Z", LONDON,
     True, ("nonexistent_time",)),
    ("2020-autumn-fold", "25 October 2020 01:15", "2020-10-25", "2020-10-25T00:15:00Z", LONDON,
     True, ("ambiguous_time",)),
    ("2020-autumn-fold-iana-written", "25 October 2020 01:15 Europe/London", "2020-10-25",
     "2020-10-25T00:15:00Z", LONDON, False, ("ambiguous_time",)),
    # abbreviations
    ("bst-summer", "7 July 2020 11:03 BST", "2020-07-07", "2020-07-07T10:03:00Z", "UTC+01:00",
     False, ()),
    ("bst-winter", "7 January 2020 11:03 BST", "2020-01-07", "2020-01-07T10:03:00Z",
     "UTC+01:00", False, MISMATCH),
    ("gmt-winter", "7 January 2020 11:03 GMT", "2020-01-07", "2020-01-07T11:03:00Z", "UTC",
     False, ()),
    ("gmt-summer", "7 July 2020 11:03 GMT", "2020-07-07", "2020-07-07T11:03:00Z", "UTC", False,
     MISMATCH),
    ("utc-word", "7 July 2020 11:03 UTC", "2020-07-07", "2020-07-07T11:03:00Z", "UTC", False,
     ()),
    ("edt", "7 July 2020 11:03 EDT", "2020-07-07", "2020-07-07T15:03:00Z", "UTC-04:00", False,
     ()),
    ("est-summer", "7 July 2020 11:03 EST", "2020-07-07", "2020-07-07T16:03:00Z", "UTC-05:00",
     False, MISMATCH),
    ("est-winter", "7 January 2020 11:03 EST", "2020-01-07", "2020-01-07T16:03:00Z",
     "UTC-05:00", False, ()),
    ("et-winter", "7 January 2020 11:03 ET", "2020-01-07", "2020-01-07T16:03:00Z",
     "America/New_York", False, ()),
    ("pt-summer", "7 July 2020 11:03 PT", "2020-07-07", "2020-07-07T18:03:00Z",
     "America/Los_Angeles", False, ()),
    ("ct-summer", "7 July 2020 11:03 CT", "2020-07-07", "2020-07-07T16:03:00Z",
     "America/Chicago", False, ()),
    ("mt-summer", "7 July 2020 11:03 MT", "2020-07-07", "2020-07-07T17:03:00Z",
     "America/Denver", False, ()),
    ("pdt", "7 July 2020 11:03 PDT", "2020-07-07", "2020-07-07T18:03:00Z", "UTC-07:00", False,
     ()),
    ("cest", "7 July 2020 11:03 CEST", "2020-07-07", "2020-07-07T09:03:00Z", "UTC+02:00", False,
     ()),
    ("cet-winter", "7 January 2020 11:03 CET", "2020-01-07", "2020-01-07T10:03:00Z",
     "UTC+01:00", False, ()),
    ("cet-summer", "7 July 2020 11:03 CET", "2020-07-07", "2020-07-07T10:03:00Z", "UTC+01:00",
     False, MISMATCH),
    ("eest", "7 July 2020 11:03 EEST", "2020-07-07", "2020-07-07T08:03:00Z", "UTC+03:00", False,
     ()),
    ("ist-is-india", "7 July 2020 11:03 IST", "2020-07-07", "2020-07-07T05:33:00Z", "UTC+05:30",
     False, ()),
    ("jst", "7 July 2020 11:03 JST", "2020-07-07", "2020-07-07T02:03:00Z", "UTC+09:00", False,
     ()),
    ("aedt-summer", "7 January 2020 11:03 AEDT", "2020-01-07", "2020-01-07T00:03:00Z",
     "UTC+11:00", False, ()),
    ("aedt-winter", "7 July 2020 11:03 AEDT", "2020-07-07", "2020-07-07T00:03:00Z",
     "UTC+11:00", False, MISMATCH),
    ("nzdt-previous-utc-day", "7 January 2020 11:03 NZDT", "2020-01-07", "2020-01-06T22:03:00Z",
     "UTC+13:00", False, ()),
    # numeric offsets, taken literally
    ("utc-plus-0530", "7 July 2020 11:03 UTC+05:30", "2020-07-07", "2020-07-07T05:33:00Z",
     "UTC+05:30", False, ()),
    ("gmt-minus-4", "7 July 2020 11:03 GMT-4", "2020-07-07", "2020-07-07T15:03:00Z",
     "UTC-04:00", False, ()),
    ("utc-plus-1-in-brackets", "7 July 2020 11:03 (UTC+1)", "2020-07-07",
     "2020-07-07T10:03:00Z", "UTC+01:00", False, ()),
    ("utc-minus-0930", "7 July 2020 11:03 UTC-09:30", "2020-07-07", "2020-07-07T20:33:00Z",
     "UTC-09:30", False, ()),
    ("rfc-zero-offset", "7 July 2020 11:03 +0000", "2020-07-07", "2020-07-07T11:03:00Z", "UTC",
     False, ()),
    ("iso-offset-without-seconds", "2020-07-07T11:03+01:00", "2020-07-07",
     "2020-07-07T10:03:00Z", "UTC+01:00", False, ()),
    ("iso-hour-only-offset", "2020-07-07T11:03-05", "2020-07-07", "2020-07-07T16:03:00Z",
     "UTC-05:00", False, ()),
    ("bst-in-brackets", "7 July 2020 11:03 (BST)", "2020-07-07", "2020-07-07T10:03:00Z",
     "UTC+01:00", False, ()),
    ("et-spring-gap", "8 March 2020 02:30 ET", "2020-03-08", "2020-03-08T07:30:00Z",
     "America/New_York", False, ("nonexistent_time",)),
    ("et-autumn-fold", "1 November 2020 01:30 ET", "2020-11-01", "2020-11-01T05:30:00Z",
     "America/New_York", False, ("ambiguous_time",)),
    # IANA names
    ("iana-new-york", "7 July 2020 11:03 America/New_York", "2020-07-07",
     "2020-07-07T15:03:00Z", "America/New_York", False, ()),
    ("iana-kolkata", "7 July 2020 11:03 Asia/Kolkata", "2020-07-07", "2020-07-07T05:33:00Z",
     "Asia/Kolkata", False, ()),
    ("iana-unknown-ignored", "7 July 2020 11:03 Nowhere/Special", "2020-07-07",
     "2020-07-07T10:03:00Z", LONDON, True, ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected_date", "expected_utc", "zone", "assumed", "flags"),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_dateline_table(
    text: str,
    expected_date: str,
    expected_utc: str | None,
    zone: str,
    assumed: bool,
    flags: tuple[str, ...],
) -> None:
    found = find_dateline(text)
    assert found is not None
    assert found.date.isoformat() == expected_date
    assert _utc(found) == expected_utc
    assert (found.zone, found.zone_assumed, found.flags) == (zone, assumed, flags)
    assert text[found.start : found.end] == found.text
    if expected_utc is None:
        assert (found.local, found.utc, found.precision) == (None, None, "day")
    else:
        assert found.local is not None and found.utc is not None
        assert found.utc == found.local.astimezone(UTC)
        assert found.local.date() == found.date


NOT_DATELINES = [
    ("day-month-no-year", "Published 7 July"),
    ("relative", "Posted 2 hours ago"),
    ("reference-number", "Our reference 2019/0451"),
    ("agenda-item", "Meeting: Item 5 (PDF 221 KB)"),
    ("phone-number", "Call 01865 792422 or 0118 496 0000"),
    ("count", "The service trained 2,000 people"),
    ("percent", "an 80 per cent rise between 2011 to 2019"),
    ("impossible-day", "31/02/2020"),
    ("not-a-leap-year", "29 February 2019"),
    ("impossible-month", "13/13/2020"),
    ("before-1900", "1 January 1899"),
    ("after-2100", "1 January 2101"),
    ("two-digit-number-after-month", "on 7 July 20 people met"),
    ("version-number", "version 1.2.20 and 10.12.2"),
    ("month-and-year-numeric", "7/2020"),
    ("time-alone", "Posted at 12:30"),
    ("weekday-alone", "Tuesday"),
    ("empty", ""),
    ("blank", " \n\t \n"),
]


@pytest.mark.parametrize("text", [pytest.param(text, id=name) for name, text in NOT_DATELINES])
def test_not_a_dateline(text: str) -> None:
    assert find_dateline(text) is None


# --- behaviours beyond the table ----------------------------------------------------------


def test_a_date_in_prose_alone_is_only_mentioned() -> None:
    """Issue 13 changed this row of the table: a date inside a sentence is an event, so a
    document with nothing else has no dateline; the date is offered as ``mentioned``."""
    text = "The plan the board agreed on 2 March 2020 is working well and praised by inspectors."
    assert find_dateline(text) is None
    reading = read_dateline(text)
    assert reading.dateline is None and reading.mentioned is not None
    assert (reading.mentioned.text, reading.mentioned.date) == ("2 March 2020", date(2020, 3, 2))
    assert text[reading.mentioned.start : reading.mentioned.end] == "2 March 2020"


def test_a_month_and_year_after_a_cue_is_a_month_dateline() -> None:
    """Issue 13 changed this row of the not-a-dateline list: "Published July 2020" is July
    2020 at month precision, dated the first of the month; no day is invented."""
    found = find_dateline("Published July 2020")
    assert found is not None
    assert (found.text, found.date, found.precision) == ("July 2020", date(2020, 7, 1), "month")
    assert (found.local, found.utc) == (None, None)


def test_nonexistent_time_is_shown_after_the_gap() -> None:
    found = find_dateline("31 March 2019 01:30")
    assert found is not None and found.local is not None
    assert found.local.isoformat() == "2019-03-31T02:30:00+01:00"


def test_ambiguous_time_takes_the_first_occurrence() -> None:
    found = find_dateline("27 October 2019 01:30")
    assert found is not None and found.local is not None
    assert found.local.isoformat() == "2019-10-27T01:30:00+01:00"


def test_date_is_local_when_utc_falls_on_the_previous_day() -> None:
    found = find_dateline("Published 1 June 2020 00:30 BST")
    assert found is not None and found.utc is not None
    assert found.date == date(2020, 6, 1)
    assert found.utc.date() == date(2020, 5, 31)


def test_precision_is_second_when_seconds_are_written() -> None:
    found = find_dateline("2020-07-07T11:03:09Z")
    assert found is not None
    assert found.precision == "second"
    assert found.to_json()["utc"] == "2020-07-07T11:03:09Z"


def test_text_and_offsets_cover_weekday_date_time_and_zone_only() -> None:
    text = "Children's services\n\nPublished Tuesday 7 July 2020 at 11:03 BST\n\nBody"
    found = find_dateline(text)
    assert found is not None
    assert found.text == "Tuesday 7 July 2020 at 11:03 BST"
    assert text[found.start : found.end] == found.text


def test_default_zone_is_configurable() -> None:
    found = find_dateline("7 July 2020 11:03", default_zone="America/New_York")
    assert found is not None
    assert (found.zone, found.zone_assumed, _utc(found)) == (
        "America/New_York",
        True,
        "2020-07-07T15:03:00Z",
    )


def test_default_zone_may_be_a_fixed_offset() -> None:
    found = find_dateline("7 July 2020 11:03", default_zone="UTC+05:30")
    assert found is not None
    assert (found.zone, found.zone_assumed, _utc(found)) == (
        "UTC+05:30",
        True,
        "2020-07-07T05:33:00Z",
    )


def test_unknown_default_zone_is_a_typed_error() -> None:
    with pytest.raises(UnknownZoneError, match="Mars/Olympus"):
        find_dateline("7 July 2020", default_zone="Mars/Olympus")


def test_gmt_is_only_londons_winter_time_in_a_london_corpus() -> None:
    found = find_dateline("7 July 2020 11:03 GMT", default_zone="America/New_York")
    assert found is not None
    assert found.flags == ()


def _long_document(head: str, tail: str, lines: int = 400) -> str:
    return head + "\n" + "\n".join([BODY_LINE] * lines) + "\n" + tail


def test_footer_last_updated_is_used_when_nothing_else_is_there() -> None:
    text = _long_document("Title", "Page last updated: 3 March 2020\n\nCookies")
    found = find_dateline(text)
    assert found is not None
    assert found.date == date(2020, 3, 3)
    assert text[found.start : found.end] == "3 March 2020"


def test_head_dateline_beats_footer() -> None:
    text = _long_document("Title\nPublished 1 March 2020", "Page last updated: 3 March 2020")
    found = find_dateline(text)
    assert found is not None and found.date == date(2020, 3, 1)


def test_footer_date_without_cue_is_ignored() -> None:
    text = _long_document("Title", "The next meeting is on 5 May 2021.")
    assert find_dateline(text) is None


def test_date_deep_in_the_body_is_ignored() -> None:
    body = "\n".join([BODY_LINE] * 60)
    text = f"Title\n{body}\nPublished 7 July 2020\n{body}\n{body}"
    assert find_dateline(text) is None


def test_huge_document_is_fast() -> None:
    text = _long_document("Title\nPublished 7 July 2020", "End", lines=150_000)
    started = time.perf_counter()
    found = find_dateline(text)
    elapsed = time.perf_counter() - started
    assert found is not None and found.date == date(2020, 7, 7)
    assert elapsed < 0.05


def test_json_form() -> None:
    found = find_dateline("Published 7 July 2020 at 11:03 (UTC+05:30)")
    assert found is not None
    data = found.to_json()
    assert data["utc"] == "2020-07-07T05:33:00Z"
    assert data["local"] == "2020-07-07T11:03:00+05:30"
    assert data["zone"] == "UTC+05:30"
    assert data["flags"] == []


def test_default_zone_utc_is_reported_as_utc() -> None:
    found = find_dateline("7 July 2020 11:03", default_zone="UTC+00:00")
    assert found is not None
    assert (found.zone, found.zone_assumed, _utc(found)) == ("UTC", True, "2020-07-07T11:03:00Z")


def test_date_only_dateline_reports_the_default_zone_as_assumed() -> None:
    found = find_dateline("Published 7 July 2020", default_zone="Asia/Tokyo")
    assert found is not None
    assert (found.zone, found.zone_assumed, found.local, found.utc) == (
        "Asia/Tokyo",
        True,
        None,
        None,
    )
