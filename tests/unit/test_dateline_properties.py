"""Properties of the dateline engine that must hold for any text, not just the examples."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.dateline import FLAGS, PRECISIONS, Dateline, find_dateline, read_dateline

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

TOKENS = [
    *[str(n) for n in (0, 1, 7, 9, 12, 13, 24, 29, 30, 31, 60, 99)],
    "01", "07", "19", "20", "'19", "1899", "1900", "2019", "2020", "2100", "2101", "2019/0451",
    "3rd", "21st", "7th", "of", "the",
    "Jan", "Feb.", "March", "Sept", "Sept.", "July", "may", "DEC",
    "Tue", "Tuesday", "Wednesday", "Thurs",
    "/", ".", "-", "–", ",", ":", "|", "'", "(", ")", "T", "Z", "+", "−",
    "11:03", "1:30", "14.32", "9.15am", "12pm", "noon", "midnight", "at", "on", "am", "p.m.",
    "GMT", "BST", "UTC", "EST", "ET", "PT", "IST", "AEDT", "UTC+05:30", "GMT-4", "+0100",
    "-05:00", "+01:00", "Europe/London", "America/New_York", "Nowhere/Special",
    "Published", "Updated", "Last updated", "Date:", "Meeting:", "Item 5", "2,000",
    " ", " ", "\n", "\r\n", "\t",
]  # fmt: skip


def assert_well_formed(text: str, found: Dateline | None) -> None:
    """Everything a caller may rely on for any result."""
    if found is None:
        return
    assert 0 <= found.start < found.end <= len(text)
    assert text[found.start : found.end] == found.text
    assert 1900 <= found.date.year <= 2100
    assert found.precision in PRECISIONS
    assert list(found.flags) == [flag for flag in FLAGS if flag in found.flags]
    if found.utc is None:
        assert found.local is None
        assert found.precision in ("year", "month", "day")
        if found.precision != "day":  # the first day of the period, never an invented day
            assert found.date.day == 1
        if found.precision == "year":
            assert found.date.month == 1
    else:
        assert found.local is not None and found.local.utcoffset() is not None
        assert found.utc.utcoffset() == timedelta(0)
        assert found.utc == found.local.astimezone(UTC)
        assert found.local.date() == found.date
        assert 1900 <= found.utc.year <= 2100
        assert found.precision in ("minute", "second")
    found.to_json()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_well_formed(text, find_dateline(text))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30))
def test_mixes_of_date_like_tokens_never_raise(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert_well_formed(text, find_dateline(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30), st.text(max_size=40))
def test_glued_tokens_and_noise_never_raise(tokens: list[str], noise: str) -> None:
    text = noise + "".join(tokens) + noise
    assert_well_formed(text, find_dateline(text))


STORY = (
    "Council publishes its annual report on fostering\n\n"
    "The council said the report showed steady progress in recruiting carers."
)


def test_a_lone_date_under_a_navigation_word_is_chrome() -> None:
    """Found by the property below with "SEARCH": a page's search box or menu label, then a
    date with no story after it, is the page's furniture (the day it was saved), not a
    dateline; the same date above a headline is the story's."""
    assert find_dateline("SEARCH\n\n1 January 2000") is None
    found = find_dateline(f"SEARCH\n\n1 January 2000\n\n{STORY}")
    assert found is not None and found.text == "1 January 2000"


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 12, 30)),
    st.sampled_from(
        [
            "{d} {month} {y}",
            "Published {weekday} {d} {month} {y} at {hm}",
            "{month} {d}, {y} {hm} UTC",
            "{y}-{m:02d}-{d:02d}T{hm}:00Z",
            "Date: {d:02d}/{m:02d}/{y}",
            "{hm} on {d} {month} {y}",
        ]
    ),
    st.text(max_size=30).filter(lambda s: not any(c.isdigit() for c in s)),
)
def test_written_dates_read_back(when: datetime, template: str, prefix: str) -> None:
    """A complete date in a supported style is found above a story, whatever paragraph
    precedes it (a lone date after a navigation word and nothing else is page chrome: see
    test_a_lone_date_under_a_navigation_word_is_chrome)."""
    written = template.format(
        d=when.day,
        m=when.month,
        y=when.year,
        month=MONTHS[when.month - 1],
        weekday=when.strftime("%A"),
        hm=when.strftime("%H:%M"),
    )
    text = f"{prefix}\n\n{written}\n\n{STORY}"
    found = find_dateline(text)
    assert_well_formed(text, found)
    assert found is not None
    assert found.date == when.date()
    assert "weekday_mismatch" not in found.flags
    if "UTC" in template or "Z" in template:
        assert found.utc == when.replace(second=0, microsecond=0, tzinfo=UTC)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=200).filter(lambda s: not any(c.isdigit() for c in s)),
    st.integers(min_value=0, max_value=3),
)
def test_offsets_shift_exactly_when_text_is_prepended(prefix: str, newlines: int) -> None:
    """Offsets are code points into the text: prepending text shifts them by its length."""
    dateline = "Published 7 July 2020 at 11:03 BST"
    base = find_dateline(dateline)
    assert base is not None
    lead = "\n" * newlines + prefix + "\n"
    found = find_dateline(lead + dateline)
    assert_well_formed(lead + dateline, found)
    assert found is not None
    assert (found.start, found.end) == (base.start + len(lead), base.end + len(lead))
    assert found.utc == base.utc


SUBJECTS = ["The panel", "Our social workers", "The inspectors", "Two foster carers", "The board"]
VERBS = ["met the families", "visited the home", "reviewed the plan", "agreed the budget"]
LINKS = ["on", "before", "after", "by", "until", "from", "between 2 and", "in the week of"]
TAILS = [
    "and talked about what had changed for the children.",
    "because the service had asked them to look again.",
    "while the new manager settled into the team.",
    "so that parents could see the progress being made.",
]
DATE_STYLES = [
    "{d} {month} {y}",
    "{month} {d}, {y}",
    "{d:02d}/{m:02d}/{y}",
    "{weekday} {d} {month} {y}",
]


@st.composite
def prose_sentence(draw: st.DrawFn) -> str:
    when = draw(
        st.dates(min_value=datetime(1950, 1, 1).date(), max_value=datetime(2090, 12, 31).date())
    )
    written = draw(st.sampled_from(DATE_STYLES)).format(
        d=when.day, m=when.month, y=when.year, month=MONTHS[when.month - 1],
        weekday=when.strftime("%A"),
    )  # fmt: skip
    parts = [draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(VERBS))]
    return " ".join([*parts, draw(st.sampled_from(LINKS)), written, draw(st.sampled_from(TAILS))])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(prose_sentence(), min_size=1, max_size=4), min_size=1, max_size=4),
    st.integers(min_value=40, max_value=120),
)
def test_running_prose_with_dates_has_no_dateline(paragraphs: list[list[str]], width: int) -> None:
    """Issue 13: a document made only of running prose, dates inside its sentences, has no
    dateline, however its lines are wrapped; a date in it may only be mentioned."""
    import textwrap

    text = "\n\n".join(textwrap.fill(" ".join(sentences), width) for sentences in paragraphs)
    assert find_dateline(text) is None
    reading = read_dateline(text)
    assert reading.dateline is None
    if reading.mentioned is not None:
        assert text[reading.mentioned.start : reading.mentioned.end] == reading.mentioned.text
