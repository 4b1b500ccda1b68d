"""Web pages: the article only, its title first, and the dates the page declares."""

from __future__ import annotations

import pytest

from annotations.formats import CorruptFileError, Extraction, NoTextError, extract_bytes
from annotations.formats.html_dates import parse_date_value
from tests.formats import writers


@pytest.fixture(scope="module")
def page() -> Extraction:
    return extract_bytes(writers.NEWS_PAGE.encode("utf-8"), "html")


def test_the_title_comes_first_and_the_article_follows(page: Extraction) -> None:
    assert page.text.split("\n\n") == [
        "Ofsted praises Kent fostering service | Kent County Council",
        "Published 5 March 2024",
        "Inspectors found that children in foster care are well supported by skilled social "
        "workers who know them well and visit them regularly.",
        "The report highlights three strengths of the service:",
        "• stable placements for teenagers",
        "• timely health assessments",
        "• strong links with schools",
        "Staffing",
        "Caseloads have fallen since last year, though recruitment of experienced staff "
        "remains difficult in the east of the county.",
        "Year | Caseload\n2023 | 19\n2024 | 15",
        "The council will publish its action plan next month.",
    ]
    assert page.title == "Ofsted praises Kent fostering service | Kent County Council"


@pytest.mark.parametrize(
    "chrome",
    ["cookies", "Accept", "Contact us", "Related news", "Privacy", "tracking", "color: red"],
)
def test_navigation_banners_sidebars_and_scripts_are_left_out(
    page: Extraction, chrome: str
) -> None:
    assert chrome not in page.text


def test_publication_metadata_is_evidence_with_its_offset(page: Extraction) -> None:
    found = {(d.kind, d.value, d.strength, d.source) for d in page.dates}
    assert found == {
        ("published", "2024-03-05T09:30:00+00:00", "strong", "HTML meta article:published_time"),
        ("modified", "2024-03-07T16:00:00+00:00", "weak", "HTML meta article:modified_time"),
        ("published", "2024-03-05T10:30:00+01:00", "strong", "HTML JSON-LD datePublished"),
        ("published", "2024-03-05T09:30:00", "weak", "HTML <time datetime>"),
    }
    best = page.best_date()
    assert best is not None and best.value == "2024-03-05T09:30:00+00:00"


def test_a_short_page_without_an_article_is_read_whole_without_navigation() -> None:
    data = (
        b"<html><head><title>Letter to parents</title></head><body><nav><a href='/'>Home</a>"
        b"</nav><p>Dear parents,<br>the school will close at <b>noon</b> on Friday.</p>"
        b"<p>Yours,<br>The head</p></body></html>"
    )
    result = extract_bytes(data, "html")
    assert result.text == (
        "Letter to parents\n\nDear parents,\nthe school will close at noon on Friday."
        "\n\nYours,\nThe head"
    )
    assert result.notes == ("no main content found: the whole page's text, without navigation",)


def test_the_declared_charset_decodes_the_page() -> None:
    data = (
        "<html><head><meta charset='windows-1252'><title>Caf\u00e9 opening</title></head>"
        "<body><p>The caf\u00e9 opens on Monday \u2013 all welcome.</p></body></html>"
    ).encode("cp1252")
    result = extract_bytes(data, "html")
    assert result.text == "Caf\u00e9 opening\n\nThe caf\u00e9 opens on Monday \u2013 all welcome."


def test_markup_in_text_stays_text() -> None:
    data = b"<title>T</title><p>Use [bold]this[/bold] and &lt;b&gt; literally.</p>"
    assert extract_bytes(data, "html").text.endswith("Use [bold]this[/bold] and <b> literally.")


def test_an_empty_page_has_no_text() -> None:
    with pytest.raises(NoTextError):
        extract_bytes(b"<html><body><script>x()</script></body></html>", "html")


def test_binary_rubbish_is_not_a_page() -> None:
    with pytest.raises((CorruptFileError, NoTextError)):
        extract_bytes(bytes(range(256)) * 4, "html")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T09:30:00Z", "2024-03-05T09:30:00+00:00"),
        ("2024-03-05 09:30", "2024-03-05T09:30:00"),
        ("Tue, 05 Mar 2024 09:30:00 +0100", "2024-03-05T09:30:00+01:00"),
        ("5 March 2024", None),
        ("2024-02-30", None),
        ("", None),
    ],
)
def test_only_iso_and_rfc_dates_are_read(raw: str, value: str | None) -> None:
    assert parse_date_value(raw) == value
