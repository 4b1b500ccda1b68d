"""Corpora of realistic shape for the end-to-end tests, generated from a seed.

Council news, Ofsted letters, committee minutes and blog posts in nested folders
(``area/year/kind/``), with datelines written the ways such documents write them and titles
built from the vocabulary of children's social care. Each corpus also holds ``LANDMARKS``: a
few documents the tests look for by title (the earliest, one to filter to, one to code).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

AREAS = (
    "northshire",
    "westhampton",
    "eastfield",
    "riverside",
    "kingsmead",
    "lowmoor",
    "ashbury",
    "hallam-vale",
)
SUBJECTS = (
    "foster carers",
    "care leavers",
    "social workers",
    "children in care",
    "family hubs",
    "early help teams",
    "the adoption panel",
    "residential homes",
    "kinship carers",
    "the front door service",
    "child protection plans",
    "youth workers",
)
VERBS = (
    "praised by inspectors",
    "get new support",
    "face rising caseloads",
    "to be reviewed this spring",
    "welcome extra funding",
    "recruitment drive launched",
    "see waiting times fall",
    "report on progress",
)
OPENINGS = (
    "Councillors heard that {subject} in {area} have had a demanding year.",
    "Inspectors found that the work with {subject} has improved since the last visit.",
    "The director said recruitment and retention of staff remain the main risks.",
    "Caseloads for social workers in {area} are now below twenty on average.",
    "Families told the panel that support arrived sooner than it used to.",
)
MONTHS = (
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
)
START = datetime(2008, 1, 1)


@dataclass(frozen=True)
class Landmark:
    path: str
    title: str
    date: str
    """Local date as the reader shows it, YYYY-MM-DD."""


LANDMARKS = (
    Landmark(
        "northshire/2001/news/earliest-adoption-panel.txt",
        "Earliest adoption panel report on timeliness",
        "2001-01-03",
    ),
    Landmark(
        "westhampton/2019/news/wexcombe-kinship.txt",
        "Kinship carers in Wexcombe praise new support",
        "2019-06-14",
    ),
)


def dateline(when: datetime, rnd: random.Random) -> str:
    """One of the ways council pages, letters and minutes write their date."""
    month = MONTHS[when.month - 1]
    day_name = when.strftime("%A")
    forms = (
        f"Published {day_name} {when.day} {month} {when.year} at {when:%H:%M}",
        f"{when.day} {month} {when.year}",
        f"Posted on {when.day} {month[:3]} {when.year}",
        f"Date: {when:%d/%m/%Y}",
        f"Oxford,\n{when:%d}\n{month}\n{when.year}\n|\n{when:%H:%M}\nEurope/London",
        f"Issued: {when:%Y-%m-%dT%H:%M:%S}Z",
        f"Meeting: {when:%d/%m/%Y} - Corporate Parenting Panel (Item {rnd.randint(2, 9)})",
        f"Last updated {when.day} {month} {when.year}, {when:%H:%M} BST",
    )
    return forms[rnd.randrange(len(forms))]


def document(index: int, rnd: random.Random) -> tuple[str, str, datetime | None]:
    """(relative path, text, when) of one generated document."""
    area = AREAS[index % len(AREAS)]
    when = START + timedelta(minutes=rnd.randrange(16 * 365 * 24 * 60))
    kind = ("news", "letters", "minutes", "blog")[rnd.randrange(4)]
    subject = SUBJECTS[rnd.randrange(len(SUBJECTS))]
    title = f"{subject[0].upper()}{subject[1:]} {VERBS[rnd.randrange(len(VERBS))]}"
    title += f" in {area.replace('-', ' ').title()} ({index})"
    body = "\n\n".join(
        OPENINGS[rnd.randrange(len(OPENINGS))].format(subject=subject, area=area.title())
        for _ in range(rnd.randint(3, 8))
    )
    dated = rnd.random() > 0.04  # a few documents carry no dateline at all
    if kind == "letters":
        head = (
            f"OFFICIAL\n\n{area.replace('-', ' ').title()} County Council\nCounty Hall\n"
            f"Northtown NS{index % 9 + 1} {index % 9 + 1}AB\n\n"
        )
        text = head + (f"{when.day} {MONTHS[when.month - 1]} {when.year}\n\n" if dated else "")
        text += f"Dear Director,\n\nRe: {title}\n\n{body}\n\nYours sincerely\n"
    else:
        text = f"{title}\n\n" + (dateline(when, rnd) + "\n\n" if dated else "") + body + "\n"
    path = f"{area}/{when.year}/{kind}/{index:05d}-{subject.replace(' ', '-')}.txt"
    return path, text, when if dated else None


def make_corpus(root: Path, count: int, seed: int = 10) -> Path:
    """``count`` documents (the landmarks among them) under ``root``; returns ``root``."""
    rnd = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    landmarks = {
        LANDMARKS[0].path: f"{LANDMARKS[0].title}\n\nPublished 3 January 2001\n\nBody text.\n",
        LANDMARKS[1].path: (
            f"{LANDMARKS[1].title}\n\nPublished Friday 14 June 2019 at 10:30\n\n"
            "Kinship carers in Wexcombe told the council that the new support group has made "
            "a real difference to their families and to the children they care for.\n"
        ),
    }
    for index in range(count - len(landmarks)):
        path, text, _ = document(index, rnd)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path, text in landmarks.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
