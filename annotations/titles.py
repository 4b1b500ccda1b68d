"""A document's title: the first line of its head that reads as a headline.

Letters, press releases and minutes open with letterhead, not a headline: the sender's
organisation, an address with its postcode, phone numbers, a reference, a protective marking
(OFFICIAL-SENSITIVE), a date, the addressee, "Dear ...". None of that names the document. A
"Re:" or "Subject:" line does, and in a letter so does a heading right after the salutation;
otherwise the first line that is neither letterhead nor page chrome is the title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import NamedTuple, Protocol

__all__ = ["find_title"]


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class _Line(NamedTuple):
    start: int
    end: int
    text: str
    block: int
    """Lines with no blank line between them share a block (an address, a letterhead)."""


_HEAD_LINES = 60
_TITLE_WINDOW = 8192
_LETTERS = re.compile(r"[^\W\d_]")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}

_CHROME = re.compile(
    r"""^(
        issue\s*-\s*meetings | skip\ to\ (main\ )?content | home | menu | search | news
        | share(\ this)? | print | back | close | cookies?.* | accept.* | tags?:.* | minutes:?
        | (?:.*\bpdf\ icon\b.*) | https?://\S+ | www\.\S+ | \W* | \d+ | page\ \d+(\ of\ \d+)?
        | (home\s*[>/»|].*)
        | (press|news|media)\ (release|statement|notice|briefing)s?\b.*
        | for\ (immediate\ )?(release|publication)\b.* | embargo(ed)?\b.* | not\ for\ publication.*
        | notes?\ (to|for)\ editors?.* | -*\s*ends\.?\s*-* | (media|press)\ (enquiries|contact).*
        | (issued|released|published)\ by\b.* | press\ office.* | contact(\ us|\ details)?(:.*)?
        | (yours\ (sincerely|faithfully|truly)|kind\ regards|best\ wishes|with\ best\ wishes).*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_AGENDA_ITEM = re.compile(r"\(Item\s+(\d+)\)", re.IGNORECASE)
_PDF_TRAILER = re.compile(r"\s+pdf icon\b.*$", re.IGNORECASE)

_SUBJECT = re.compile(
    r"^\W*(?:re|subject|subj|regarding|title)(?:\s*:|\s+[-–—]\s)\s*(?P<rest>.*)$", re.IGNORECASE
)
"""A subject line. ``Re-inspection of ...`` is a headline, not a subject: a dash needs spaces."""
_FORWARDED = re.compile(r"^(?:(?:re|fwd?|aw|sv)\s*:\s*)+", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|cllr|rev)\.?$", re.I)

_MARKING = re.compile(
    r"""(?:securityclassification|classification|protectivemarking|marking)?
    (?:official(?:sensitive)?|protect(?:ed)?|restricted|confidential|strictlyconfidential
      |privateandconfidential|commercialinconfidence|inconfidence|notprotectivelymarked
      |unclassified|sensitive|secret|topsecret|personal)
    (?:personal(?:data|information)?|commercial|locsen|management|staff|policy|contract
      |whencomplete|investigation|security|appointments|medical|hr)?""",
    re.VERBOSE,
)
"""Protective markings, with every space, dash and capital removed (``Official - Sensitive``)."""

_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
_ADDRESS_WORD = re.compile(
    r"\b(?:street|st|road|rd|lane|ln|avenue|ave|way|place|square|sq|gate|hall|house|court"
    r"|close|drive|crescent|terrace|walk|row|park|quay|building|buildings|centre|center"
    r"|floor|po box|box|wharf|parade|mews|green|hill|estate|campus|offices|tower)\b",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:\d+[a-z]?\b|(?:flat|unit|suite|apartment|room)\s+\w+|po\s+box)", re.I)
_CONTACT = re.compile(
    r"""^(?:t|tel|telephone|phone|f|fax|m|mob|mobile|e|email|e-mail|w|web|website|dx|textphone
      |minicom|switchboard|helpline|direct(?:\s+(?:t|f|line|dial|tel))?)\b\.?
      (?:\s*:\s*\S|\s*[\d+(])""",
    re.IGNORECASE | re.VERBOSE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REFERENCE = re.compile(
    r"""^(?:(?:our|your|my|file|case|la|ofsted)\s+ref(?:erence)?\b
      |ref(?:erence)?(?:\s+(?:no|number))?\.?\s*[:.]
      |urn\b|unique\s+reference\s+number\b|reference\s+(?:no|number)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_ONLY = re.compile(
    rf"""^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?
    (?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?)
    \s+\d{{4}}\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
"""A heading has no sentence end in it; the first line of a letter's body usually does."""
_SALUTATION = re.compile(
    r"^(?:dear|hello|hi|good\s+(?:morning|afternoon))(?:[\s,!]|$)|^to\s+whom\s+it\s+may\s+concern",
    re.IGNORECASE,
)

_DIGIT = re.compile(r"\d")
_NAME_PARTS = re.compile(r"\s*[,|]\s*|\s+[-–—]\s+")
_CONNECTORS = {"of", "for", "and", "the", "in", "on", "at", "to", "&", "-", "–", "—", "|"}
_ORG_TAILS = {
    "council",
    "authority",
    "directorate",
    "department",
    "partnership",
    "trust",
    "commission",
    "inspectorate",
    "agency",
    "board",
    "service",
    "services",
    "ofsted",
    "government",
    "office",
    "police",
    "constabulary",
    "nhs",
    "cafcass",
    "ministry",
    "parliament",
    "assembly",
    "executive",
}
_ORG_HEADS = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal|metropolitan|county)\s+borough\s+of|city\s+(?:and\s+county\s+)?of"
    r"|county\s+of|borough\s+of|department\s+(?:for|of)|office\s+(?:for|of)|ministry\s+of"
    r"|council\s+of|hm\s|his\s+majesty|her\s+majesty)",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\b(?:director|officer|manager|inspector|hmi|chief\s+executive|head\s+of|cabinet\s+member"
    r"|executive\s+member|lead\s+member|portfolio\s+holder|councillor|cllr|chair|chairman"
    r"|chairperson|chairwoman|leader|minister|commissioner|secretary|mayor|mp|clerk"
    r"|team\s+leader|assistant|deputy|principal|headteacher)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|cllr|councillor|rev)\.?\s+\S+", re.I
)


def _title_case(text: str) -> str:
    """Title-case an all-capitals heading so it reads as a headline."""
    words = text.lower().split()
    return " ".join(
        w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _clean_heading(line: str) -> str:
    line = _PDF_TRAILER.sub("", line).strip()
    line = re.sub(r"^#+\s*", "", line)
    letters = _LETTERS.findall(line)
    if len(letters) > 3 and sum(map(str.isupper, letters)) / len(letters) > 0.8:
        line = _title_case(line)
    return line


def _is_headline(line: str) -> bool:
    words = line.split()
    if len(words) < 3 or len(line) > 200 or _is_label(line):
        return False
    return len(_LETTERS.findall(line)) >= len(line) // 2


def _is_label(line: str) -> bool:
    """Page chrome, a label ending in a colon, or a byline or date line: words that label a
    page rather than head it."""
    if _CHROME.match(line) or line.endswith(":"):
        return True
    return line.lower().startswith(("by ", "posted ", "published ", "updated ", "date"))


def _capitalised(words: list[str]) -> bool:
    """Every word starts with a capital or a digit, or joins names ("of", "and", "&")."""
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS for w in words)


def _words(part: str) -> list[str]:
    return [w.strip(",.;()") for w in part.split() if w.strip(",.;()")]


def _name_parts(line: str) -> list[list[str]]:
    """The words of each comma-, bar- or dash-separated part of a name, empty parts dropped."""
    return [words for words in map(_words, _NAME_PARTS.split(line)) if words]


def _names_a_body(part: list[str]) -> bool:
    """A part that ends like a body ("... Council") or opens like one ("Department for ...")."""
    return part[-1].lower() in _ORG_TAILS or bool(_ORG_HEADS.match(" ".join(part)))


def _is_organisation(line: str) -> bool:
    """A bare organisation name: "Northshire County Council", "Department for Education",
    "Office for Standards in Education, Children's Services and Skills"."""
    parts = _name_parts(line)
    if not parts or sum(map(len, parts)) > 12:
        return False
    return all(map(_capitalised, parts)) and any(map(_names_a_body, parts))


def _name_like(words: list[str], most: int) -> bool:
    """One to ``most`` words, capitalised as names of people, places and bodies are."""
    return 0 < len(words) <= most and _capitalised(words)


def _is_person_or_role(line: str) -> bool:
    """An addressee or signatory: "Ms Jo Bloggs", "Director of Children's Services"."""
    return _name_like(_words(line), 10) and bool(_PERSON.match(line) or _ROLE.search(line))


def _is_street(line: str) -> bool:
    """A line of an address on its own: "14 Mill Street, Manchester", "Flat 3, 22 Canal Road"."""
    if not _name_like(_words(line), 8):
        return False
    numbered = bool(_NUMBERED.match(line))
    return (numbered or "," in line) and bool(_ADDRESS_WORD.search(line))


def _is_marking(line: str) -> bool:
    if len(line) > 80:
        return False
    return bool(_MARKING.fullmatch("".join(_LETTERS.findall(line)).lower()))


def _has_email(line: str) -> bool:
    return "@" in line and _EMAIL.search(line) is not None


_LETTERHEAD_LINES: tuple[Callable[[str], object], ...] = (
    _CONTACT.match,
    _REFERENCE.match,
    _DATE_ONLY.match,
    _SALUTATION.match,
    _is_marking,
    _has_email,
    _POSTCODE.search,
)
"""Lines a letterhead is made of whatever surrounds them: contact details, a reference, a
bare date, "Dear ...", a protective marking, an email address, a postcode."""

_LETTERHEAD_NAMES: tuple[Callable[[str], bool], ...] = (
    _is_organisation,
    _is_person_or_role,
    _is_street,
)
"""Capitalised lines a letterhead names: the sender's body, a person or role, a street."""


def _is_letterhead(line: str) -> bool:
    """Lines that belong to a letter's or a release's head, never its title."""
    if any(kind(line) for kind in _LETTERHEAD_LINES):
        return True
    # (each name test below is false without words too)
    return _name_like(_words(line), 12) and any(kind(line) for kind in _LETTERHEAD_NAMES)


def _in_address(head: _Head, index: int) -> bool:
    """Whether this line is part of a postal address: a line of a block that goes on, in
    short address-like lines (street, town, building), down to a postcode line."""
    block = head.get(index).block  # type: ignore[union-attr]
    for later, line in head.from_(index):
        if later > index + 8 or line.block != block:
            return False
        if _POSTCODE.search(line.text):
            return True
        if not _address_part(line.text):
            return False
    return False


def _has_comma(text: str) -> bool:
    return "," in text


_ADDRESS_EVIDENCE: tuple[Callable[[str], object], ...] = (
    _has_comma,
    _DIGIT.search,
    _ADDRESS_WORD.search,
    _is_organisation,
    _is_person_or_role,
)
"""What makes a longer line read as part of an address: a comma, a number, a street word,
a body's name, a person or role."""


def _address_part(text: str) -> bool:
    """A short line that can sit in a postal address; a sentence or a label cannot."""
    words = text.split()
    if text.endswith((".", "!", "?", ":")) or len(words) > 8:
        return False
    return len(words) <= 3 or any(evidence(text) for evidence in _ADDRESS_EVIDENCE)


def _subject(line: str) -> str | None:
    """The subject of a "Re:" / "Subject:" line, without "Fwd:" and "Re:" repeats."""
    match = _SUBJECT.match(line)
    if match is None:
        return None
    rest = _FORWARDED.sub("", match.group("rest")).strip(" \t-–—:")
    if len(_LETTERS.findall(rest)) < 3 or _is_form_title(line, rest):
        return None
    return _clean_heading(rest)


def _is_form_title(line: str, rest: str) -> bool:
    """A form's "Title: Mrs", not a subject."""
    if not line.lstrip().lower().startswith("title"):
        return False
    return len(rest.split()) < 2 or _HONORIFIC.match(rest) is not None


class _Head:
    """The non-empty lines of a document's head, split off only as far as they are read:
    most titles are in the first few lines, and listing a corpus titles every document."""

    def __init__(self, window: str) -> None:
        self._source = self._split(window)
        self._lines: list[_Line] = []

    @staticmethod
    def _split(window: str) -> Iterator[_Line]:
        offset = 0
        block = 0
        count = 0
        for raw in window.split("\n", _HEAD_LINES * 3):
            start, end = offset, offset + len(raw)
            offset = end + 1
            stripped = raw.strip()
            if "\u00a0" in stripped:
                stripped = stripped.replace("\u00a0", " ").strip()
            if not stripped:
                block += 1
                continue
            yield _Line(start, end, stripped, block)
            count += 1
            if count >= _HEAD_LINES:
                return

    def get(self, index: int) -> _Line | None:
        while len(self._lines) <= index:
            line = next(self._source, None)
            if line is None:
                return None
            self._lines.append(line)
        return self._lines[index]

    def from_(self, index: int) -> Iterator[tuple[int, _Line]]:
        while (line := self.get(index)) is not None:
            yield index, line
            index += 1


def _agenda_heading(head: _Head) -> str | None:
    """A committee page ("Meeting: ... (Item 5)") is titled by its item heading ("5 ...")."""
    for index, line in head.from_(0):
        item = _AGENDA_ITEM.search(line.text)
        if item is not None:
            return _item_heading(head, index + 1, item.group(1))
    return None


def _item_heading(head: _Head, start: int, number: str) -> str | None:
    """The first headline from ``start`` on that opens with the item's number ("5. ...")."""
    numbered = re.compile(rf"{number}[.)]?\s+\S")
    for _, line in head.from_(start):
        if numbered.match(line.text):
            heading = _clean_heading(line.text[len(number) :].lstrip(".) "))
            if _is_headline(heading):
                return heading
    return None


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) >= 20 or (len(words) >= 8 and line.endswith((".", "!", "?")))


def find_title(text: str, dateline: _Span | None) -> str | None:
    """The document's title, or None when nothing in its head reads as one.

    Order: an agenda item's heading on a committee page; a "Re:"/"Subject:" line (in a
    letter, anywhere up to just after the salutation); in a letter, a heading right after
    "Dear ..."; else the first headline-like line that is not the dateline, page chrome,
    a protective marking, an address, contact details, a reference, a bare date, an
    organisation's name or a person and their role.
    """
    window = text[:_TITLE_WINDOW]
    head = _Head(window)
    heading = _agenda_heading(head) if _AGENDA_ITEM.search(window) else None
    if heading is not None:
        return heading
    return _first_title(head, partial(_headline_at, head, dateline))


def _overlaps(line: _Line, dateline: _Span | None) -> bool:
    return dateline is not None and line.start < dateline.end and line.end > dateline.start


def _headline_at(head: _Head, dateline: _Span | None, index: int) -> str | None:
    """The head's line ``index`` cleaned as a heading, if it can be the title: three words
    or more, not the dateline, a headline, and neither letterhead nor part of an address."""
    line = head.get(index)
    if line is None or line.text.count(" ") < 2 or _overlaps(line, dateline):
        return None
    cleaned = _clean_heading(line.text)
    if not _is_headline(cleaned) or _is_letterhead(line.text) or _in_address(head, index):
        return None
    return cleaned


def _first_title(head: _Head, candidate: Callable[[int], str | None]) -> str | None:
    """The title when it is not an agenda item's heading."""
    # One pass: the first subject or headline, unless "Dear ..." comes before any prose (a
    # letter; a press release quoting a letter further down is not one).
    first: str | None = None
    for index, line in head.from_(0):
        if _SALUTATION.match(line.text):
            return _letter_title(head, index, candidate)
        if first is None:
            first = _subject(line.text) or candidate(index)
        if _is_prose(line.text):
            return first if first is not None else _first_after(head, index + 1, candidate)
    return first


def _first_after(head: _Head, start: int, candidate: Callable[[int], str | None]) -> str | None:
    for index, line in head.from_(start):
        found = _subject(line.text) or candidate(index)
        if found is not None:
            return found
    return None


def _letter_title(
    head: _Head, salutation: int, candidate: Callable[[int], str | None]
) -> str | None:
    """A letter's subject line, else a heading right after "Dear ...", else what is left of
    its head once the letterhead is set aside."""
    return (
        _letter_subject(head, salutation)
        or _heading_after(salutation, candidate)
        or _first_candidate(range(salutation), candidate)
    )


def _letter_subject(head: _Head, salutation: int) -> str | None:
    """A "Re:" / "Subject:" line anywhere up to three lines after the salutation."""
    for index in range(salutation + 4):
        line = head.get(index)
        subject = _subject(line.text) if line is not None else None
        if subject:
            return subject
    return None


def _heading_after(salutation: int, candidate: Callable[[int], str | None]) -> str | None:
    """A heading on one of the two lines after "Dear ..." (not the letter's first sentence,
    nor a table's first row: an extracted table's cells are joined by " | ")."""
    for index in range(salutation + 1, salutation + 3):
        found = candidate(index)
        if found is not None and not _SENTENCE_BREAK.search(found + " ") and " | " not in found:
            return found
    return None


def _first_candidate(indexes: range, candidate: Callable[[int], str | None]) -> str | None:
    for index in indexes:
        found = candidate(index)
        if found:
            return found
    return None
