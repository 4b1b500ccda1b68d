"""Datelines on documents of the kinds our users read, by kind of failure (issue 13).

Every case is written here, modelled on the layout of a real kind of publication named in
its comment (where such documents are published); none copies a real document's text.
A row gives the expected dateline, or ``None`` with the date only mentioned, if any.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from annotations.dateline import ZoneChoice, find_dateline, read_dateline

LONDON = "Europe/London"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    date: str | None = None
    utc: str | None = None
    zone: str = LONDON
    zone_source: str = "default"
    precision: str | None = None  # None: "day" without a time, "minute" with one
    place: str | None = None
    mentioned: str | None = None


# --- 1. a date in prose when the document has no dateline: None, the date only mentioned ---

NO_DATELINE = [
    # Ofsted focused-visit letter (reports.ofsted.gov.uk): inspection period in a sentence
    Case(
        "ofsted-visit-between",
        "Focused visit to Barsetshire children's services\n\n"
        "Inspectors carried out a focused visit between 29 April and 3 May 2024. The visit "
        "looked at the front door and at children in need of help.",
        mentioned="2024-05-03",
    ),
    # Ofsted ILACS summary (reports.ofsted.gov.uk): "from ... to"
    Case(
        "ofsted-from-to",
        "Inspection of Wessex local authority children's services\n\n"
        "Inspectors visited the authority from 12 to 23 February 2024 and spoke with children, "
        "carers and staff across the county.",
        mentioned="2024-02-23",
    ),
    # council minutes (moderngov), previous minutes confirmed, no meeting header kept
    Case(
        "minutes-previous-confirmed",
        "Children and Young People Scrutiny Panel\n\n"
        "1. Minutes\nRESOLVED that the minutes of the meeting held on 28 April 2023 be "
        "confirmed as a correct record and signed by the Chair.",
        mentioned="2023-04-28",
    ),
    # council minutes (moderngov), wrapped by hand mid-sentence
    Case(
        "minutes-previous-wrapped",
        "Corporate Parenting Board\n\nThat the minutes of the "
        "meeting of the Corporate Parenting Board held on\n14 March 2022 be approved as a "
        "correct record.",
        mentioned="2022-03-14",
    ),
    # Queensland joint ministerial statement (statements.qld.gov.au): future deadline
    Case(
        "qld-report-by-deadline",
        "Inquiry to report sooner\n\nThe Commission of Inquiry into "
        "the child safety system will now deliver its final report to government by "
        "22 May 2026, months earlier than planned.",
        mentioned="2026-05-22",
    ),
    # gov.uk news story: another report's future publication
    Case(
        "report-will-be-published",
        "Review of children's social care\n\nThe independent "
        "review's final report will be published on 30 June 2014 and the government will "
        "respond in the autumn.",
        mentioned="2014-06-30",
    ),
    # council news (a county council site): an announced meeting
    Case(
        "announced-meeting",
        "Have your say on children's centres\n\nResidents can put "
        "questions to councillors at a public meeting on Thursday 9 March 2023 at the civic "
        "centre in the town.",
        mentioned="2023-03-09",
    ),
    # charity blog (a national children's charity): event date in prose
    Case(
        "charity-event-prose",
        "Why we are walking for care leavers\n\nOur supporters set off "
        "from the town hall on 14 September 2019 and walked twenty miles to raise money for "
        "young people leaving care.",
    ),
    # NHS trust news (an acute trust site): a deadline
    Case(
        "nhs-deadline",
        "Consultation on maternity services\n\nPeople are asked to send "
        "their views before 31 January 2025 using the online form or by post.",
    ),
    # consultation page (a council site): closing date as a label
    Case(
        "closing-date-label",
        "Short breaks for disabled children: consultation\n\n"
        "Closing date: 12 August 2022\n\nWe want to hear from families about the short "
        "breaks offer.",
        mentioned="2022-08-12",
    ),
    # Ofsted report cover: inspection dates only, no publication line
    Case(
        "inspection-dates-only",
        "Inspection of children's social care services\n\n"
        "Inspection dates: 2 to 6 March 2020\n\nLead inspector: A Smith",
    ),
    # NHS board papers (a foundation trust): next meeting date
    Case(
        "next-meeting-label",
        "Board of Directors meeting in public\n\nDate of next meeting: "
        "25 July 2024\n\nThe Board received the chief executive's report.",
    ),
    # council news: "until"
    Case(
        "until-prose",
        "Library changes over the summer\n\nThe mobile library will not run "
        "until 4 September 2023 while the vehicle is repaired and serviced.",
    ),
    # charity news (a fostering charity): "since"
    Case(
        "since-prose",
        "Ten years of our mentoring scheme\n\nSince 1 April 2014 our "
        "volunteers have mentored more than four hundred young people in the county.",
    ),
    # US state agency news (a state department of children and families): effective date
    Case(
        "us-effective-date",
        "New foster care rates announced\n\nThe new rates take effect "
        "on July 1, 2024, for all licensed foster parents across the state.",
    ),
    # Australian police release (police.tas.gov.au): event time in the lead paragraph
    Case(
        "tas-police-prose-time",
        "Police investigate serious crash in Hobart CBD\n\n"
        "Around 8:15pm Monday 17th January 2024, emergency services were called to a "
        "two-vehicle collision in the city centre.",
    ),
    # Hansard extract (a parliament's website): a date in a member's speech
    Case(
        "hansard-speech",
        "Children's Services Bill\n\nThe member said that the department "
        "had been warned about caseloads on 3 November 2021 and had done nothing since then.",
    ),
    # Indian ministry feature (a ministry site): a launch date in prose
    Case(
        "india-launch-prose",
        "Nutrition month reaches every district\n\nThe campaign, "
        "launched on 31 August 2024 in Gandhinagar, focuses on anaemia and growth "
        "monitoring in every anganwadi centre.",
    ),
    # Canadian provincial news (a province's newsroom): period in prose
    Case(
        "canada-period-prose",
        "Child care fees reduced\n\nFamilies will see fees reduced "
        "between 1 April and 30 June 2023 as the new agreement comes into force.",
    ),
    # council news: a date in the middle of a long sentence, no cue
    Case(
        "plain-prose-date",
        "Fostering fortnight\n\nThe council thanked the foster carers who "
        "came to the celebration at the county hall on 21 May 2019 with their families.",
    ),
    # gov.uk guidance: "We first published this framework in November 2017" (month only)
    Case(
        "guidance-first-published-prose",
        "Inspecting local authority children's services\n\n"
        "This document sets out the framework. We first published this framework in "
        "November 2017 and review it every year.",
    ),
    # Ofsted monitoring letter: visit dates as a label with a range
    Case(
        "monitoring-visit-label",
        "Monitoring visit to Midshire children's services\n\n"
        "Visit dates: 5 and 6 October 2021\n\nThis letter summarises the findings.",
    ),
    # council agenda: deadline for questions
    Case(
        "questions-deadline",
        "Public questions\n\nQuestions must be received no later "
        "than 5pm on 2 June 2024 so that a reply can be prepared.",
    ),
    # charity annual review: years only
    Case(
        "years-only-prose",
        "Our year in numbers\n\nBetween 2019 and 2021 we supported over "
        "two thousand families through our helpline and family centres.",
    ),
    # NHS press release: "is due to open on"
    Case(
        "due-to-open",
        "New children's ward\n\nThe new ward is due to open on 14 February "
        "2025 after building work finishes in the winter.",
    ),
    # council press release with a date range in a heading line
    Case(
        "range-heading",
        "Half term activities\n\n24 October 2022 - 28 October 2022\n\n"
        "Free activities for children in the town's libraries.",
    ),
    # school holiday notice (a county council): "from" label
    Case(
        "from-label",
        "Holiday hunger scheme\n\nFrom 1 August 2023 the scheme will take "
        "referrals from schools and health visitors.",
    ),
    # US press release: a hearing scheduled for a date
    Case(
        "scheduled-for",
        "Committee to hear testimony on foster care\n\nThe hearing is "
        "scheduled for March 14, 2023 in the state capitol.",
    ),
    # Australian community sector blog: date inside a sentence with a cue not about this page
    Case(
        "other-report-published",
        "What the new report means for carers\n\nThe "
        "commissioner's report, published on 12 June 2023, found that carers were not being "
        "listened to by the department.",
    ),
    # an NHS trust page with only a copyright year
    Case(
        "copyright-only",
        "Safeguarding children\n\nOur safeguarding team supports staff "
        "across the trust.\n\n© 2021 Example NHS Foundation Trust",
    ),
    # a page saved with only a header date among navigation lines (chrome)
    Case(
        "header-date-chrome-only",
        "Skip to main content\nHome\nTuesday, 12 March 2024\n"
        "Sign in\nSubscribe\n\nFoster carers needed in the north of the county\n\nThe "
        "council is looking for more foster carers.",
    ),
]

# --- 2. page chrome beats the article: the story's own date wins ---

CHROME_CASES = [
    # regional news site saved as text: today's date in the header, story date by the byline
    Case(
        "chrome-header-then-byline",
        "Skip to content\nMonday 4 March 2024\nNews\nSport\n"
        "Weather\n\nCouncil apologises over children's home closure\n\nBy Jo Bloggs\n"
        "15 January 2024\n\nThe council has apologised.",
        date="2024-01-15",
    ),
    # newspaper site: date beside an article counter
    Case(
        "chrome-article-counter",
        "Thursday 7 March 2024 | You have 2 free articles left\n\n"
        "Social workers vote to strike\n\nPublished: 6 March 2024\n\nSocial workers in the "
        "borough voted to strike.",
        date="2024-03-06",
    ),
    # magazine site: header date with temperature and a dateline under the headline
    Case(
        "chrome-weather",
        "Home | Menu | Search\nWednesday 10 April 2024 12°C\n\n"
        "Ofsted: latest focused visits\n\nWednesday, April 10, 2024\n\nOfsted has published "
        "the outcomes.",
        date="2024-04-10",
        zone_source="place",
        place="Ofsted",
    ),
    # council news page: header nav sandwich around a saved date, story date later
    Case(
        "chrome-sandwich",
        "Home\n01/02/2024\nContact us\n\nNew family hubs open\n\n"
        "Posted on 28 January 2024\n\nThree family hubs opened.",
        date="2024-01-28",
    ),
    # listing page of police releases (police.tas.gov.au): RSS line above, headline below
    Case(
        "chrome-rss-above-headline",
        "Media Releases\nRSS Feed\n\nThursday, 27 April 2017 - "
        "1:18 pm.\n\nWoman remains in hospital with burns\n\nA woman remains in hospital.",
        date="2017-04-27",
        utc="2017-04-27T03:18:00Z",
        zone="Australia/Hobart",
        zone_source="setting",
    ),
    # charity blog saved with "Latest news" sidebar date before the post date
    Case(
        "chrome-sidebar",
        "Latest news\n3 May 2023\nFollow us\n\nWhy kinship carers need "
        "support\n\nPosted by Sam Lee on 28 April 2023\n\nKinship carers told us...",
        date="2023-04-28",
    ),
]

# --- 3. labelled fields in minutes and agendas ---

LABELLED = [
    # district council agenda front sheet (moderngov): labels on their own lines
    Case(
        "agenda-date-time-lines",
        "Licensing Committee\n\nDate:\nWednesday, 5th June, 2013\n"
        "Time:\n5.00p.m.\nVenue:\nCouncil Chamber",
        date="2013-06-05",
        utc="2013-06-05T16:00:00Z",
    ),
    # time label before the date label
    Case(
        "agenda-time-first",
        "Cabinet\n\nTime: 10.30 am\nDate: Tuesday 14 January 2020\nPlace: County Hall",
        date="2020-01-14",
        utc="2020-01-14T10:30:00Z",
    ),
    # upper-case labels
    Case(
        "agenda-upper-case",
        "SCHOOLS FORUM\n\nDATE: THURSDAY 12 OCTOBER 2017\nTIME: 2.00 PM\nVENUE: COMMITTEE ROOM 1",
        date="2017-10-12",
        utc="2017-10-12T13:00:00Z",
    ),
    # long upper-case header with COMMENCING AT
    Case(
        "minutes-upper-commencing",
        "MINUTES OF A MEETING OF THE CHILDREN'S SERVICES SCRUTINY "
        "COMMITTEE HELD ON TUESDAY 7 JULY 2020 COMMENCING AT 10 AM AT COUNTY HALL\n\n"
        "Present: Councillors ...\n\n2. Minutes\nThe minutes of the meeting held on 3 June "
        "2020 were confirmed.",
        date="2020-07-07",
        utc="2020-07-07T09:00:00Z",
    ),
    # moderngov meeting page heading with time
    Case(
        "moderngov-heading",
        "Agenda and minutes\n\nOverview and Scrutiny Committee - Tuesday "
        "21 November 2006 7.30 pm\n\nVenue: Committee Rooms 1&2",
        date="2006-11-21",
        utc="2006-11-21T19:30:00Z",
    ),
    # moderngov meeting documents page: date line under the committee name
    Case(
        "moderngov-date-line",
        "Meeting documents\n\nScrutiny for Policies, Children and "
        "Families Committee\nMonday, 5th September, 2022 1.00 pm\n\nMinutes of previous "
        "meeting held on 12 July 2022",
        date="2022-09-05",
        utc="2022-09-05T12:00:00Z",
    ),
    # minutes heading in sentence case with commencing and finishing times
    Case(
        "minutes-heading-commencing",
        "Children's Services Scrutiny Committee\n\nMINUTES of "
        "the meeting held on 26 February 2008 commencing at 10.00 am and finishing at "
        "1.12 pm\n\nPresent:",
        date="2008-02-26",
        utc="2008-02-26T10:00:00Z",
    ),
    # NHS board papers cover sheet: Meeting / Date / Time labels, title first
    Case(
        "nhs-board-cover",
        "Trust Board (Public)\nMeeting date: 30 March 2023\nTime: 09:30\n"
        "Location: Boardroom and Microsoft Teams",
        date="2023-03-30",
        utc="2023-03-30T08:30:00Z",
    ),
    # report cover: Report to / Date of meeting
    Case(
        "report-date-of-meeting",
        "Report to: Cabinet\nDate of meeting: 19 September 2019\n"
        "Report of: Director of Children's Services",
        date="2019-09-19",
    ),
    # parish-style agenda with "Date" label without colon on its own line
    Case(
        "date-label-own-line",
        "Notice of meeting\n\nDate\n12/02/2021\n\nTime\n7pm",
        date="2021-02-12",
        utc="2021-02-12T19:00:00Z",
    ),
    # labelled field with the previous meeting further down in a short line
    Case(
        "header-beats-previous-short",
        "Health and Wellbeing Board\nDate: 4 July 2019\n\nItem 2\nMinutes of 4 April 2019",
        date="2019-07-04",
    ),
    # Published / Issued labels in upper case
    Case(
        "issued-upper",
        "PRESS RELEASE\nISSUED: 3 FEBRUARY 2022\n\nCouncil sets budget",
        date="2022-02-03",
    ),
    # "Released" and "Posted" labels, any order
    Case(
        "posted-label-after-title",
        "Children's homes strategy\nPosted: 22/11/2021\nCategory: Children",
        date="2021-11-22",
    ),
]

# --- 4. formats: ordinals written apart, month and year, year ---

FORMATS = [
    # council news (a metropolitan borough): ordinal apart
    Case(
        "ordinal-apart",
        "Youth service awarded\n\n26 th April 2018\n\nThe youth service won.",
        date="2018-04-26",
    ),
    # ordinal apart with a weekday and a time
    Case(
        "ordinal-apart-time",
        "Thursday 28 th September 2017 at 10:00\n\nCommittee update",
        date="2017-09-28",
        utc="2017-09-28T09:00:00Z",
    ),
    # Ofsted framework front page: Published month only
    Case(
        "published-month",
        "Inspections of safeguarding\n\nAge group: 0-18\nPublished: May 2016\nReference no: 090027",
        date="2016-05-01",
        precision="month",
    ),
    # gov.uk statistics release: month only on a cue line
    Case(
        "release-month",
        "Children looked after in England\n\nReleased: November 2023",
        date="2023-11-01",
        precision="month",
        zone_source="place",
        place="England",
    ),
    # NHS policy cover: year only after a cue
    Case(
        "published-year",
        "Safeguarding Children Policy\nPublished: 2019\nReview: 2022",
        date="2019-01-01",
        precision="year",
    ),
    # charity report cover: month and year alone on a line
    Case(
        "cover-month-line",
        "The State of Kinship Care\n\nMarch 2021\n\nA report by a charity",
        date="2021-03-01",
        precision="month",
    ),
    # first published in a year
    Case(
        "first-published-in-year",
        "Guide for foster carers\nFirst published in 2014",
        date="2014-01-01",
        precision="year",
    ),
    # a full date beats a month at the same cue strength
    Case("day-beats-month", "Report\nPublished: 3 May 2016\n\nMarch 2016", date="2016-05-03"),
    # month first with ordinal apart
    Case("month-first-ordinal-apart", "Posted April 26 th, 2018", date="2018-04-26"),
    # abbreviated month with a full stop, upper case
    Case("upper-abbrev", "PUBLISHED 12 APR. 2022", date="2022-04-12"),
    # Indian press information bureau: upper-case month abbreviation and a glued PM
    Case(
        "pib-posted-on",
        "Ministry of Women and Child Development\n\nPosted On: 12 APR 2022 3:33PM by PIB Delhi",
        date="2022-04-12",
        utc="2022-04-12T10:03:00Z",
        zone="Asia/Kolkata",
        zone_source="place",
        place="Delhi",
    ),
    # a year in a reference number is not a date
    Case("reference-year-not-date", "Report 2019/20\nPublished 2 June 2020", date="2020-06-02"),
]

# --- 5. created vs updated ---

CREATED = [
    # Indian news portal: Updated first, Created second, IST written
    Case(
        "updated-then-created-ist",
        "Children's home raided\n\nUpdated: May 11, 2016, 21:59 "
        "IST | Created: May 11, 2016, 21:53 IST",
        date="2016-05-11",
        utc="2016-05-11T16:23:00Z",
        zone="UTC+05:30",
        zone_source="text",
    ),
    # gov.uk: Last updated above First published
    Case(
        "last-updated-then-first-published",
        "Working together to safeguard children\n\n"
        "Last updated 8 December 2023\nFirst published 26 March 2015",
        date="2015-03-26",
    ),
    # blog: Modified then Originally published
    Case(
        "modified-then-originally",
        "Modified: 2 February 2022\nOriginally published: 14 "
        "January 2022\n\nOur new fostering blog",
        date="2022-01-14",
    ),
    # intranet page: Updated with a time, Created without
    Case(
        "updated-time-created-day",
        "Updated 10/03/2021 14:05\nCreated 01/03/2021",
        date="2021-03-01",
    ),
    # only an update exists
    Case("only-updated", "Page last updated: 3 March 2020\n\nContact the team", date="2020-03-03"),
    # Reviewed and Published
    Case(
        "reviewed-then-published",
        "Reviewed: 1 June 2023\nPublished: 1 June 2021",
        date="2021-06-01",
    ),
    # Updated on the same line after Published
    Case(
        "published-and-updated-one-line",
        "Published 7 July 2020 | Updated 9 July 2020",
        date="2020-07-07",
    ),
    # "Date created" label
    Case(
        "date-created-label",
        "Date updated: 9 May 2022\nDate created: 2 May 2022",
        date="2022-05-02",
    ),
]

# --- 6. zones nobody wrote, and zones written ---

ZONES = [
    # Tasmania Police media release (police.tas.gov.au)
    Case(
        "tas-police",
        "Tasmania Police\nMedia Release\n\nTuesday, 5 December 2017 - 11:00\n\n"
        "Police call for witnesses",
        date="2017-12-05",
        utc="2017-12-05T00:00:00Z",
        zone="Australia/Hobart",
        zone_source="place",
        place="Tasmania",
    ),
    # Queensland ministerial statement (statements.qld.gov.au) with the domain only
    Case(
        "qld-domain",
        "statements.qld.gov.au\nMinisterial Media Statements\n\nPublished "
        "Wednesday, 10 October, 2007 at 11:49 AM\n\nChild death triggers review",
        date="2007-10-10",
        utc="2007-10-10T01:49:00Z",
        zone="Australia/Brisbane",
        zone_source="place",
        place="statements.qld.gov.au",
    ),
    # Queensland by name
    Case(
        "qld-name",
        "Queensland Government\nMedia release\n\nFriday, January 06, 2006\n\n"
        "Improvements to the child protection system",
        date="2006-01-06",
        zone="Australia/Brisbane",
        zone_source="place",
        place="Queensland",
    ),
    # Ontario Hansard: a time in the text, the province in the head
    Case(
        "ontario-hansard",
        "Legislative Assembly of Ontario\nOfficial Report of Debates "
        "(Hansard)\nTuesday 18 December 2018\n\nThe House met at 0900.\n\n10:30 on 18 "
        "December 2018",
        date="2018-12-18",
        zone="America/Toronto",
        zone_source="place",
        place="Ontario",
    ),
    # Ontario news release with a time
    Case(
        "ontario-release-time",
        "Ontario Newsroom\nNews Release\n\nOctober 3, 2022 1:30 P.M.\n\nChild care fees cut",
        date="2022-10-03",
        utc="2022-10-03T17:30:00Z",
        zone="America/Toronto",
        zone_source="place",
        place="Ontario",
    ),
    # British Columbia: domain
    Case(
        "bc-domain",
        "news.gov.bc.ca\n\nMarch 2, 2021 9:00 AM\n\nMore support for youth from care",
        date="2021-03-02",
        utc="2021-03-02T17:00:00Z",
        zone="America/Vancouver",
        zone_source="place",
        place="news.gov.bc.ca",
    ),
    # Canada by country name only
    Case(
        "canada-country",
        "Government of Canada\nNews release\n\nJune 14, 2023 — Ottawa\n\n"
        "Funding for Indigenous child welfare",
        date="2023-06-14",
        zone="America/Toronto",
        zone_source="place",
        place="Ottawa",
    ),
    # US federal release (a .gov domain), ET written
    Case(
        "us-et-written",
        "www.acf.hhs.gov\nFOR IMMEDIATE RELEASE\nThursday, July 15, 2004 "
        "2:00 PM ET\n\nNew adoption campaign",
        date="2004-07-15",
        utc="2004-07-15T18:00:00Z",
        zone="America/New_York",
        zone_source="text",
    ),
    # US federal release: no zone written, Washington, D.C. in the dateline
    Case(
        "us-washington-dc",
        "News Release\n\nWASHINGTON, D.C. — May 1, 2012 10:00 AM\n\n"
        "Statement on National Foster Care Month",
        date="2012-05-01",
        utc="2012-05-01T14:00:00Z",
        zone="America/New_York",
        zone_source="place",
        place="WASHINGTON, D.C.",
    ),
    # US state (California) release
    Case(
        "california",
        "California Department of Social Services\nPress release\n\n"
        "January 9, 2024 11:00 a.m.\n\nNew foster care model",
        date="2024-01-09",
        utc="2024-01-09T19:00:00Z",
        zone="America/Los_Angeles",
        zone_source="place",
        place="California",
    ),
    # India: PIB with place line after the time
    Case(
        "india-pib",
        "Press Information Bureau\nGovernment of India\n\n03 MAR 2023 6:45PM by PIB Mumbai",
        date="2023-03-03",
        utc="2023-03-03T13:15:00Z",
        zone="Asia/Kolkata",
        zone_source="place",
        place="Mumbai",
    ),
    # India: IST written wins over place
    Case(
        "india-ist-written",
        "New Delhi\n\nPosted on 4 April 2021 at 10:00 IST",
        date="2021-04-04",
        utc="2021-04-04T04:30:00Z",
        zone="UTC+05:30",
        zone_source="text",
    ),
    # New Zealand: domain .govt.nz
    Case(
        "nz-domain",
        "www.orangatamariki.govt.nz\n\nPublished 12 August 2022 at 3:00pm\n\nChanges to care",
        date="2022-08-12",
        utc="2022-08-12T03:00:00Z",
        zone="Pacific/Auckland",
        zone_source="place",
        place="www.orangatamariki.govt.nz",
    ),
    # Ireland: Tusla-style release from Dublin
    Case(
        "ireland-dublin",
        "Child and family agency\nDublin\n\n14 February 2022 at 09:00\n\nFoster care figures",
        date="2022-02-14",
        utc="2022-02-14T09:00:00Z",
        zone="Europe/Dublin",
        zone_source="place",
        place="Dublin",
    ),
    # Australia: AEST written beats Hobart
    Case(
        "aest-written-beats-place",
        "Hobart\n\n7 July 2020 11:00 AEST",
        date="2020-07-07",
        utc="2020-07-07T01:00:00Z",
        zone="UTC+10:00",
        zone_source="text",
    ),
    # Western Australia: Perth alone is weak (a Scottish town too), with the state it counts
    Case(
        "perth-with-state",
        "Western Australia Police Force\nPerth\n\n3 May 2022 2:15 PM",
        date="2022-05-03",
        utc="2022-05-03T06:15:00Z",
        zone="Australia/Perth",
        zone_source="place",
        place="Perth",
    ),
    Case(
        "perth-alone-is-weak",
        "Perth\n\n3 May 2022 2:15 PM\n\nTown centre plans",
        date="2022-05-03",
        utc="2022-05-03T13:15:00Z",
    ),
    # UK council with an Australian place later in the body: the head's first place wins
    Case(
        "uk-first-place-wins",
        "Kent County Council\n\n3 May 2022 2:15 PM\n\nStaff from Sydney visited our teams.",
        date="2022-05-03",
        utc="2022-05-03T13:15:00Z",
        zone_source="place",
        place="Kent",
    ),
    # South Australia date only: zone from place, no time invented
    Case(
        "sa-date-only",
        "Government of South Australia\n\n9 June 2021\n\nChild protection reforms",
        date="2021-06-09",
        zone="Australia/Adelaide",
        zone_source="place",
        place="South Australia",
    ),
    # Victoria Police (Melbourne)
    Case(
        "victoria-police",
        "Victoria Police News\n\n15 March 2023 10:30\n\nRoad toll",
        date="2023-03-15",
        utc="2023-03-14T23:30:00Z",
        zone="Australia/Melbourne",
        zone_source="place",
        place="Victoria Police",
    ),
    # New York numeric offset written
    Case(
        "new-york-offset",
        "New York\n\n2023-05-04T09:00:00-04:00",
        date="2023-05-04",
        utc="2023-05-04T13:00:00Z",
        zone="UTC-04:00",
        zone_source="text",
        precision="second",
    ),
    # Northern Territory: Darwin refines the territory
    Case(
        "nt-darwin",
        "Northern Territory Government\nDarwin\n\n1 July 2021 9:00 am",
        date="2021-07-01",
        utc="2021-06-30T23:30:00Z",
        zone="Australia/Darwin",
        zone_source="place",
        place="Darwin",
    ),
]

MORE: list[Case] = [
    # --- more documents without a dateline ---
    # Ofsted children's home report summary (reports.ofsted.gov.uk): visit in prose
    Case(
        "childrens-home-visit",
        "Children's home: Ashgrove House\n\nThis home was inspected "
        "on 16 January 2024 and judged good overall, with children making progress at school.",
        mentioned="2024-01-16",
    ),
    # council cabinet report body: a decision deadline
    Case(
        "decision-deadline",
        "Home to school transport policy\n\nA decision is needed by "
        "the end of term, and the consultation ends on 30 April 2023 at midnight.",
    ),
    # charity appeal: a matched-giving period
    Case(
        "appeal-period",
        "Winter appeal\n\nEvery gift made between 1 December and "
        "31 December 2022 will be matched by a local employer.",
    ),
    # NHS trust recruitment page: interview date in a sentence
    Case(
        "interview-date",
        "Specialist nurse for looked after children\n\nInterviews are "
        "expected on 9 May 2024 and shortlisted applicants will be told by email.",
    ),
    # council budget news: a future vote
    Case(
        "budget-vote",
        "Budget proposals published for consultation\n\nFull council will "
        "vote on the budget on 22 February 2024 after hearing from residents.",
    ),
    # gov.uk statistics pre-release: future release date in prose
    Case(
        "next-release-prose",
        "Children in need statistics\n\nThe next edition of these "
        "statistics is planned for 26 October 2025 and will cover the year to March.",
    ),
    # Hansard written answer: dates of events only
    Case(
        "written-answer",
        "Foster care: allowances\n\nThe minister replied that the rates "
        "agreed in April 2022 were reviewed on 6 March 2023 and increased in line with "
        "inflation.",
    ),
    # Australian department page: a period of a program
    Case(
        "au-program-period",
        "Early intervention program\n\nThe program runs from 1 July "
        "2023 to 30 June 2026 in twelve local government areas of the state.",
    ),
    # US agency blog: a deadline with month first
    Case(
        "us-grant-deadline",
        "Grant opportunity for kinship navigators\n\nApplications are "
        "due by April 15, 2024, through the online portal.",
    ),
    # Canadian news: a date inside a quotation
    Case(
        "ca-quotation",
        'Province expands youth supports\n\n"Since January 5, 2023 we have '
        'heard from hundreds of young people leaving care," the minister said.',
    ),
    # council committee report: valid until
    Case(
        "valid-until",
        "Fostering allowances 2023/24\n\nValid until 31 March 2024\n\n"
        "These allowances apply to all approved foster carers.",
    ),
    # text with only a numeric reference and a phone number
    Case(
        "reference-and-phone",
        "Freedom of information response\n\nReference: FOI 2023/0456\n"
        "Telephone 01234 567890\n\nThank you for your request.",
    ),
    # --- more labelled fields, chrome and formats ---
    # county council decision notice: Decision date label is another date; Published wins
    Case(
        "decision-notice",
        "Record of decision\nDecision date: 3 March 2022\nPublished: "
        "4 March 2022\nCall-in expiry: 11 March 2022",
        date="2022-03-04",
    ),
    # NHS board: Meeting label with weekday and times range
    Case(
        "nhs-meeting-range-times",
        "Meeting: Board of Directors (Public)\nDate: Thursday 25 May 2023\nTime: 10:00 - 12:30",
        date="2023-05-25",
        utc="2023-05-25T09:00:00Z",
    ),
    # committee agenda in which the labels carry no colon and sit in upper case
    Case(
        "agenda-upper-no-colon",
        "AUDIT COMMITTEE\nDATE 8 NOVEMBER 2018\nTIME 6.30 PM\nPLACE TOWN HALL",
        date="2018-11-08",
        utc="2018-11-08T18:30:00Z",
    ),
    # blog post with byline and date on one line
    Case(
        "byline-one-line",
        "Why we changed our front door\n\nBy Priya Shah, Head of Service "
        "| 14 June 2022\n\nLast year we...",
        date="2022-06-14",
    ),
    # news article with a header date among social links, the story date with Published
    Case(
        "chrome-social-links",
        "Facebook Twitter Instagram\nSaturday 6 April 2024\n"
        "Subscribe\n\nAdoption week celebrates families\n\nPublished: Friday 5 April 2024 "
        "09:00 BST",
        date="2024-04-05",
        utc="2024-04-05T08:00:00Z",
        zone="UTC+01:00",
        zone_source="text",
    ),
    # ISO date stamp in a file header
    Case(
        "iso-stamp-header",
        "Title: Safeguarding partnership annual report\nDate: 2021-09-30\nAuthor: Partnership team",
        date="2021-09-30",
    ),
    # numeric date with a two-digit year after a label
    Case("label-two-digit-year", "Date of issue: 05/04/22\n\nNotice to parents", date="2022-04-05"),
    # press release with the date under the title and a dateline place before it
    Case(
        "place-dash-date",
        "LONDON - 12 March 2019\n\nCharity calls for more foster carers",
        date="2019-03-12",
        zone_source="place",
        place="LONDON",
    ),
    # --- more zones ---
    # Tasmanian government media release (premier.tas.gov.au), date only
    Case(
        "tas-domain-date-only",
        "www.premier.tas.gov.au\n\n5 April 2022\n\nNew child safety service",
        date="2022-04-05",
        zone="Australia/Hobart",
        zone_source="place",
        place="www.premier.tas.gov.au",
    ),
    # NSW Communities and Justice release
    Case(
        "nsw-release-time",
        "NSW Government\nMedia release\n\n21 November 2022 4:00pm\n\nOut-of-home care reforms",
        date="2022-11-21",
        utc="2022-11-21T05:00:00Z",
        zone="Australia/Sydney",
        zone_source="place",
        place="NSW",
    ),
    # Queensland: AEST written in the release
    Case(
        "qld-aest-written",
        "Queensland Police\n\n02/03/2023 10:45 AEST",
        date="2023-03-02",
        utc="2023-03-02T00:45:00Z",
        zone="UTC+10:00",
        zone_source="text",
    ),
    # Alberta government news release
    Case(
        "alberta-release",
        "Government of Alberta\nNews release\n\nMay 17, 2023 10:00 AM",
        date="2023-05-17",
        utc="2023-05-17T16:00:00Z",
        zone="America/Edmonton",
        zone_source="place",
        place="Alberta",
    ),
    # Nova Scotia with Halifax (weak alone, strong with the province)
    Case(
        "nova-scotia-halifax",
        "Nova Scotia Government\nHalifax\n\nJune 1, 2022 2:00 PM",
        date="2022-06-01",
        utc="2022-06-01T17:00:00Z",
        zone="America/Halifax",
        zone_source="place",
        place="Halifax",
    ),
    # Halifax alone is the Yorkshire town: the default stays
    Case(
        "halifax-alone-is-weak",
        "Halifax\n\n1 June 2022 2:00 PM\n\nCouncil news",
        date="2022-06-01",
        utc="2022-06-01T13:00:00Z",
    ),
    # Kerala state release, date only
    Case(
        "kerala-date-only",
        "Government of Kerala\nThiruvananthapuram\n\n12 January 2023\n\nChild rights commission",
        date="2023-01-12",
        zone="Asia/Kolkata",
        zone_source="place",
        place="Thiruvananthapuram",
    ),
    # US state (Texas) press release with CT written
    Case(
        "texas-ct-written",
        "Texas Department of Family and Protective Services\n\nAugust 3, 2021 3:00 PM CT",
        date="2021-08-03",
        utc="2021-08-03T20:00:00Z",
        zone="America/Chicago",
        zone_source="text",
    ),
    # Illinois: Chicago refines the state
    Case(
        "illinois-chicago",
        "Illinois Department of Children and Family Services\nChicago\n"
        "\nFebruary 8, 2022 11:00 a.m.",
        date="2022-02-08",
        utc="2022-02-08T17:00:00Z",
        zone="America/Chicago",
        zone_source="place",
        place="Chicago",
    ),
    # Auckland release, spring clock change ahead of London
    Case(
        "auckland-release",
        "Auckland Council\n\n3 October 2021 9:00am",
        date="2021-10-03",
        utc="2021-10-02T20:00:00Z",
        zone="Pacific/Auckland",
        zone_source="place",
        place="Auckland",
    ),
    # Irish domain (.ie)
    Case(
        "irish-domain",
        "www.tusla.ie\n\n6 May 2021 10:00",
        date="2021-05-06",
        utc="2021-05-06T09:00:00Z",
        zone="Europe/Dublin",
        zone_source="place",
        place="www.tusla.ie",
    ),
    # a corpus setting beats a place in the head
    Case(
        "setting-beats-place",
        "Sydney\n\n4 March 2022 09:00",
        date="2022-03-04",
        utc="2022-03-04T09:00:00Z",
        zone="Europe/Dublin",
        zone_source="setting",
    ),
    # UK domain gives London over a foreign city named later
    Case(
        "gov-uk-domain",
        "www.gov.uk\n\nPublished 3 June 2021 at 10:00\n\nMinisters met officials from Ottawa.",
        date="2021-06-03",
        utc="2021-06-03T09:00:00Z",
        zone_source="place",
        place="www.gov.uk",
    ),
]

ALL = NO_DATELINE + CHROME_CASES + LABELLED + FORMATS + CREATED + ZONES
SETTINGS = {
    "chrome-rss-above-headline": ZoneChoice(setting="Australia/Hobart"),
    "setting-beats-place": ZoneChoice(setting="Europe/Dublin"),
}


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in ALL + MORE])
def test_real_document(case: Case) -> None:
    zones = SETTINGS.get(case.name, "Europe/London")
    reading = read_dateline(case.text, zones)
    found = reading.dateline
    assert find_dateline(case.text, zones) == found
    if case.date is None:
        assert found is None, found
        mentioned = reading.mentioned
        if case.mentioned is not None:
            assert mentioned is not None and mentioned.date.isoformat() == case.mentioned
            assert case.text[mentioned.start : mentioned.end] == mentioned.text
        return
    assert found is not None, reading.mentioned
    assert reading.mentioned is None
    assert case.text[found.start : found.end] == found.text
    assert found.date.isoformat() == case.date
    assert found.to_json()["utc"] == case.utc
    precision = case.precision or ("minute" if case.utc else "day")
    assert found.precision == precision
    assert (found.zone, found.zone_source) == (case.zone, case.zone_source)
    assert found.zone_assumed == (case.zone_source != "text")
    assert (found.place.text if found.place else None) == case.place


def test_counts_of_the_cases() -> None:
    """The issue asks for at least 120 new cases, 30 without a dateline, 20 non-UK zones."""
    assert len(ALL) + len(MORE) >= 120
    assert sum(1 for case in ALL + MORE if case.date is None) >= 30
    non_uk = [case for case in ALL + MORE if case.zone != LONDON or case.name in NON_UK_NAMES]
    assert len(non_uk) >= 20


NON_UK_NAMES = {
    "perth-alone-is-weak",
    "halifax-alone-is-weak",
    "us-effective-date",
    "tas-police-prose-time",
    "qld-report-by-deadline",
    "india-launch-prose",
    "canada-period-prose",
    "au-program-period",
    "us-grant-deadline",
    "ca-quotation",
}
