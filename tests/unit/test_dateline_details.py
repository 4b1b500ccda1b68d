"""The detail pane's words for a dateline: where the zone came from, and month precision."""

from __future__ import annotations

from annotations.dateline import read_dateline
from tui.formatting import dateline_details


def test_a_zone_from_a_place_names_the_words_that_gave_it() -> None:
    reading = read_dateline("Tasmania Police\n\nTuesday, 5 December 2017 - 11:00\n\nHobart crash")
    rows = dict(dateline_details(reading.dateline))
    assert rows["place"] == "Hobart -> Australia/Hobart"
    assert rows["zone"] == "Australia/Hobart, from a place in the document, assumed"
    assert rows["UTC"] == "2017-12-05 00:00:00Z"


def test_a_month_dateline_shows_the_month_and_no_day() -> None:
    rows = dict(dateline_details(read_dateline("Published: May 2016").dateline))
    assert rows["date"] == "May 2016"
    assert rows["time"] == "none given (month only)"
    assert rows["precision"] == "month"


def test_no_dateline_shows_the_date_only_mentioned() -> None:
    reading = read_dateline("The panel met the families on 3 May 2024 and agreed the plan.")
    rows = dict(dateline_details(reading.dateline, reading.mentioned))
    assert rows["dateline"] == "none found (no date is guessed)"
    assert rows["mentioned"].startswith("3 May 2024 (03 May 2024)")
