"""Titles of letters, press releases and minutes: letterhead is never the title.

The documents here are written for these tests, shaped like the real ones: Ofsted letters
to a director of children's services, council letters and press releases, committee minutes,
e-mails saved as text. Names, places and postcodes are invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.corpus import Document, ListingCache, list_documents, load_corpus
from annotations.titles import find_title


def title(text: str) -> str:
    """The title a document of this text gets, dateline and fallback included."""
    return Document.from_text("no_headline_here.txt", text).title


FALLBACK = "no headline here"

OFSTED_LETTER = """\
OFFICIAL

Ofsted
Clearwater House
14 Mill Street
Manchester
M1 4QX

T 0300 123 4567
Textphone 0161 618 0000
enquiries@inspect.example.gov.uk
www.example.gov.uk/ofsted

12 March 2024

Jane Okafor
Director of Children's Services
Northshire County Council
County Hall
Northtown
NS1 2AB

Dear Ms Okafor

Focused visit to Northshire children's services

This letter sets out what inspectors found when they visited Northshire children's services
on 6 and 7 February 2024. The inspectors were two of His Majesty's Inspectors.

Headline findings

Children in need of help and protection are seen promptly.

OFFICIAL
"""


def test_an_ofsted_letter_is_titled_by_the_heading_after_the_salutation() -> None:
    assert title(OFSTED_LETTER) == "Focused visit to Northshire children's services"


def test_the_issue_letterhead_never_becomes_a_title() -> None:
    text = "Ofsted\nPiccadilly Gate\nStore Street\nManchester M1 2WD\n\nMonitoring visit report\n"
    assert title(text) == "Monitoring visit report"


def test_a_letter_with_a_re_line_is_titled_by_its_subject() -> None:
    text = """\
Children and Families Directorate
Northshire County Council
PO Box 22, Northtown NS1 9ZZ

Our ref: CF/2024/118
Your ref: LB/77
Date: 3 April 2024

Mr A Haskins
12 Orchard Close
Lower Benton
NB4 7TR

Dear Mr Haskins,

Re: Your complaint about the delay in your son's assessment

Thank you for your letter of 14 March, which I received on 18 March. I am sorry that the
assessment took longer than it should have done.

Yours sincerely
"""
    assert title(text) == "Your complaint about the delay in your son's assessment"


def test_a_subject_line_before_the_salutation_wins() -> None:
    text = """\
OFFICIAL-SENSITIVE

Westhampton Borough Council
Civic Centre, Market Square, Westhampton WH1 1AA

SUBJECT: FOSTERING ALLOWANCES FROM APRIL 2024

Dear foster carer,

From 1 April your weekly allowance will rise in line with the national minimum.
"""
    assert title(text) == "Fostering Allowances From April 2024"


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Placement sufficiency duty",
        "RE: Placement sufficiency duty",
        "re : Placement sufficiency duty",
        "Re – Placement sufficiency duty",
        "Subject: Placement sufficiency duty",
        "Subject: RE: Fw: Placement sufficiency duty",
        "Regarding: Placement sufficiency duty",
    ],
)
def test_subject_lines_in_any_spelling(subject: str) -> None:
    text = f"Dear Colleagues,\n\n{subject}\n\nWe write to remind every authority of the duty.\n"
    assert title(text) == "Placement sufficiency duty"


def test_a_headline_starting_re_dash_is_not_a_subject_line() -> None:
    text = (
        "Eastfield City Council\n\n"
        "Re-inspection of services for children in need of help and protection\n\n"
        "Inspection dates: 9 to 20 October 2023\n"
    )
    assert title(text) == "Re-inspection of services for children in need of help and protection"


def test_an_email_saved_as_text_is_titled_by_its_subject() -> None:
    text = """\
From: Priya Shah <p.shah@northshire.example.gov.uk>
Sent: 05 March 2024 09:12
To: Children's Services Leadership <cs-leaders@northshire.example.gov.uk>
Subject: RE: Fw: Agency social worker spend, quarter 3

Hi all,

Figures for the quarter are attached.
"""
    assert title(text) == "Agency social worker spend, quarter 3"


def test_a_form_title_field_is_not_a_subject() -> None:
    text = "Title: Mrs\nReferral for early help support\n\nName of child:\n"
    assert title(text) == "Referral for early help support"


@pytest.mark.parametrize(
    "marking",
    [
        "OFFICIAL",
        "Official",
        "OFFICIAL-SENSITIVE",
        "OFFICIAL - SENSITIVE",
        "Official - Sensitive",
        "Official – Sensitive",
        "OFFICIAL—SENSITIVE",
        "official_sensitive",
        "OFFICIAL SENSITIVE: PERSONAL",
        "OFFICIAL-SENSITIVE [PERSONAL]",
        "OFFICIAL SENSITIVE - COMMERCIAL",
        "O F F I C I A L",
        "[OFFICIAL]",
        "** OFFICIAL-SENSITIVE **",
        "Classification: OFFICIAL",
        "Security classification: Official - Sensitive",
        "PROTECT",
        "Protect - Personal",
        "PROTECT – MANAGEMENT",
        "RESTRICTED",
        "Restricted - Staff",
        "NOT PROTECTIVELY MARKED",
        "Private and Confidential",
        "STRICTLY CONFIDENTIAL",
        "Commercial in confidence",
    ],
)
def test_protective_markings_are_skipped(marking: str) -> None:
    text = f"{marking}\n\nCouncil agrees new plan for children's homes\n\nBody text.\n\n{marking}\n"
    assert title(text) == "Council agrees new plan for children's homes"


@pytest.mark.parametrize(
    "headline",
    [
        "Official figures show more children in care",
        "Protecting children online: new guidance for schools",
        "Restricted access to respite care criticised",
        "Confidential reporting line for staff launched",
    ],
)
def test_headlines_that_start_with_a_marking_word_are_kept(headline: str) -> None:
    assert title(f"OFFICIAL\n\n{headline}\n\nBody text follows here.\n") == headline


def test_a_press_release_skips_organisation_release_lines_and_date() -> None:
    text = """\
Northshire County Council
Press release
For immediate release
Tuesday 5 March 2024

Council welcomes Ofsted focused visit findings

Northshire County Council has welcomed the findings of a recent Ofsted focused visit.

ENDS

Notes to editors
"""
    assert title(text) == "Council welcomes Ofsted focused visit findings"


def test_an_embargoed_news_release_is_titled_by_its_headline() -> None:
    text = """\
NEWS RELEASE
EMBARGOED UNTIL 00:01 THURSDAY 7 MARCH 2024
Eastfield Metropolitan Borough Council

EXTRA SOCIAL WORKERS RECRUITED TO CUT CASELOADS

Eastfield has recruited 40 social workers since the summer.

Media enquiries: press@eastfield.example.gov.uk
"""
    assert title(text) == "Extra Social Workers Recruited to Cut Caseloads"


def test_a_press_release_with_contact_details_first() -> None:
    text = """\
Media contact: Sam Lee
Tel: 01632 960 001
Mobile: 07700 900 123
Email: sam.lee@westhampton.example.gov.uk
Web: www.westhampton.example.gov.uk/news

New family hub opens in Westhampton town centre
"""
    assert title(text) == "New family hub opens in Westhampton town centre"


@pytest.mark.parametrize(
    "organisation",
    [
        "Northshire County Council",
        "NORTHSHIRE COUNTY COUNCIL",
        "Westhampton Borough Council",
        "Eastfield Metropolitan Borough Council",
        "London Borough of Riverside",
        "Royal Borough of Kingsmead",
        "City of Northtown Council",
        "Department for Education",
        "Office for Standards in Education, Children's Services and Skills",
        "Children, Families and Education Directorate",
        "Northshire Children's Services",
        "Northshire Safeguarding Children Partnership",
        "NHS Northshire Integrated Care Board",
        "Northshire County Council – Children's Services",
    ],
)
def test_a_bare_organisation_name_is_not_a_title(organisation: str) -> None:
    text = f"{organisation}\n\nThousands of families helped by early help teams\n\nBody.\n"
    assert title(text) == "Thousands of families helped by early help teams"


def test_a_headline_that_names_an_organisation_is_kept() -> None:
    text = "Northshire County Council welcomes Ofsted findings\n\nBody text.\n"
    assert title(text) == "Northshire County Council welcomes Ofsted findings"


@pytest.mark.parametrize(
    "line",
    [
        "Councillor Amy Patel",
        "Cllr Amy Patel, Cabinet Member for Children and Families",
        "Cabinet Member for Children, Young People and Learning",
        "Ms Jo Bloggs",
        "Director of Children's Services",
        "Assistant Director, Safeguarding and Quality Assurance",
        "Bradley Hume HMI",
        "Regional Director, North West",
    ],
)
def test_people_and_their_roles_are_not_titles(line: str) -> None:
    text = f"{line}\n\nCare leavers to get free council tax until 25\n\nBody.\n"
    assert title(text) == "Care leavers to get free council tax until 25"


@pytest.mark.parametrize(
    "line",
    [
        "Manchester M1 2WD",
        "Ofsted, Clearwater House, 14 Mill Street, Manchester M1 4QX",
        "Northtown NS1 2AB",
        "PO Box 12, Northtown, NS12 9XY",
        "14 Mill Street, Manchester",
        "Flat 3, 22 Canal Wharf Road",
        "T 0300 123 4567",
        "Tel: 01632 960 001",
        "Direct line: 01632 960 777",
        "Textphone 18001 01632 960 001",
        "Email: children@northshire.example.gov.uk",
        "children@northshire.example.gov.uk",
        "www.northshire.example.gov.uk",
        "Our ref: CS/2024/118",
        "Your reference: AB/12",
        "Reference no: 240031",
        "URN: SC485122",
        "Tuesday 5 March 2024",
        "5th March 2024",
        "March 5, 2024",
        "Dear Director of Children's Services,",
        "To whom it may concern",
        "For immediate release",
        "Press release",
        "Notes to editors",
        "Yours sincerely",
    ],
)
def test_letterhead_lines_are_not_titles(line: str) -> None:
    text = f"{line}\n\nCare leavers to get free council tax until 25\n\nBody.\n"
    assert title(text) == "Care leavers to get free council tax until 25"


def test_an_address_block_is_skipped_from_its_postcode_up() -> None:
    text = """\
Northshire House
The Business Park, Unit 4
Long Lane
Northtown
NS4 8QT

Family hubs to open at weekends from June
"""
    assert title(text) == "Family hubs to open at weekends from June"


def test_a_headline_right_above_an_address_is_kept() -> None:
    text = "Council praised by inspectors for its work\nCounty Hall, Northtown NS1 2AB\n\nBody.\n"
    assert title(text) == "Council praised by inspectors for its work"


def test_minutes_are_titled_by_the_committee_not_the_council() -> None:
    text = """\
NORTHSHIRE COUNTY COUNCIL

CORPORATE PARENTING PANEL

MINUTES of a meeting of the Corporate Parenting Panel held at County Hall, Northtown on
Wednesday 6 March 2024 at 2.00 pm.

Present: Councillor A Patel (Chair)
"""
    assert title(text) == "Corporate Parenting Panel"


def test_minutes_with_a_borough_and_a_committee_name() -> None:
    text = """\
London Borough of Riverside

Children and Young People Scrutiny Committee

Minutes of the meeting held on 14 November 2023

1. Apologies for absence
"""
    assert title(text) == "Children and Young People Scrutiny Committee"


def test_a_letter_without_subject_or_heading_falls_back_to_the_file_name() -> None:
    text = """\
Ofsted
Clearwater House
14 Mill Street
Manchester
M1 4QX

5 March 2024

Ms Jo Bloggs
Chief Officer for Children's Services
County Hall
Northtown NS1 2AB

Dear Jo,

Thank you for meeting with me and my colleagues on 30 January. Please pass on our thanks to
everyone who took part in the meeting.
"""
    assert find_title(text, None) is None
    assert title(text) == FALLBACK


def test_a_press_release_quoting_a_letter_keeps_its_own_headline() -> None:
    text = """\
Leader writes to minister about children's social care funding

The Leader of the Council has written to the Minister for Children to ask for a fairer share.
The letter reads:

Dear Minister,

Re: Funding for children's social care

We are writing on behalf of every family in Northshire.
"""
    assert title(text) == "Leader writes to minister about children's social care funding"


def test_a_headline_starting_hi_or_dear_is_not_a_salutation() -> None:
    assert title("Hi-tech tools help social workers record visits\n\nBody.\n") == (
        "Hi-tech tools help social workers record visits"
    )
    assert title("Dearer childcare squeezes foster families\n\nBody.\n") == (
        "Dearer childcare squeezes foster families"
    )


def test_a_markdown_heading_after_a_marking() -> None:
    text = "OFFICIAL\n\n# Practice week brings managers to the front line\n\nBody.\n"
    assert title(text) == "Practice week brings managers to the front line"


def test_a_letter_file_on_disk_gets_its_title_in_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "ofsted_letter.txt").write_text(OFSTED_LETTER, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus["letters/ofsted_letter.txt"].title == (
        "Focused visit to Northshire children's services"
    )


def test_titles_remembered_by_an_older_listing_cache_are_found_again(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Ofsted\nManchester M1 2WD\n\nMonitoring visit report\n", encoding="utf-8")
    stat = letter.stat()
    cache_file = tmp_path / "listing.json"
    old_entry = [stat.st_size, stat.st_mtime_ns, "Europe/London", "Manchester M1 2WD", None, []]
    cache_file.write_text(json.dumps({"version": 1, "entries": {"letter.txt": old_entry}}))
    cache = ListingCache(cache_file)
    (document,) = list_documents([letter], tmp_path, cache=cache)
    assert isinstance(document, Document)
    assert document.title == "Monitoring visit report"


def test_a_table_after_a_letter_s_opening_is_not_its_title() -> None:
    """A letter extracted from RTF or Word: its table's header row (cells joined by " | ")
    came two lines after "Dear ..." and was taken for a heading."""
    text = (
        "Letter to parents\n\nDear parents and carers,\n\nThe café will open at 9am.\n\n"
        "Year | Caseload\n2023 | 19\n\nYours sincerely,\n"
    )
    assert find_title(text, None) == "Letter to parents"
