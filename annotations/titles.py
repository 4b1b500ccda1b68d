"""A document's title: the first line of its head that reads as a headline.

Skipped on the way: the dateline block, page chrome (navigation, "Skip to content", cookie
banners, page numbers, links), bylines and labels. A committee page ("Meeting: ... (Item 5)")
is titled by its agenda item's heading. All-capitals headings are title-cased.
"""

from __future__ import annotations

import re

from .dateline import Dateline

_CHROME = re.compile(
    r"""^(
        issue\s*-\s*meetings | skip\ to\ (main\ )?content | home | menu | search | news
        | share(\ this)? | print | back | close | cookies?.* | accept.* | tags?:.* | minutes:?
        | (?:.*\bpdf\ icon\b.*) | https?://\S+ | www\.\S+ | \W* | \d+ | page\ \d+(\ of\ \d+)?
        | (home\s*[>/»|].*)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_AGENDA_ITEM = re.compile(r"\(Item\s+(\d+)\)", re.IGNORECASE)
_PDF_TRAILER = re.compile(r"\s+pdf icon\b.*$", re.IGNORECASE)
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
_HEAD_LINES = 40
_TITLE_WINDOW = 8192
_LETTERS = re.compile(r"[^\W\d_]")


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
    if len(words) < 3 or len(line) > 200:
        return False
    if _CHROME.match(line) or line.endswith(":"):
        return False
    if line.lower().startswith(("by ", "posted ", "published ", "updated ", "date")):
        return False
    return len(_LETTERS.findall(line)) >= len(line) // 2


def find_title(text: str, dateline: Dateline | None) -> str | None:
    """The first line that reads as a headline, skipping the dateline block and page chrome.

    A committee page ("Meeting: ... (Item 5)") is titled by its agenda item heading ("5 ...").
    """
    lines = _head_lines(text)
    agenda = _agenda_heading([line for _start, _end, line in lines])
    if agenda is not None:
        return agenda
    for start, end, line in lines:
        if dateline is not None and start < dateline.end and end > dateline.start:
            continue
        cleaned = _clean_heading(line)
        if _is_headline(cleaned):
            return cleaned
    return None


def _head_lines(text: str) -> list[tuple[int, int, str]]:
    """The first non-blank lines of the head: (start, end, stripped text)."""
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for raw in text[:_TITLE_WINDOW].split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        stripped = raw.strip().replace("\u00a0", " ")
        if stripped:
            lines.append((start, end, stripped))
        if len(lines) >= _HEAD_LINES:
            break
    return lines


def _agenda_heading(lines: list[str]) -> str | None:
    """The heading of the agenda item a committee page names first ("(Item 5)" -> "5 ...")."""
    found = next((m for line in lines if (m := _AGENDA_ITEM.search(line))), None)
    if found is None:
        return None
    number = found.group(1)
    after = lines[lines.index(found.string) + 1 :]
    for later in after:
        if re.match(rf"{number}[.)]?\s+\S", later):
            heading = _clean_heading(later[len(number) :].lstrip(".) "))
            if _is_headline(heading):
                return heading
    return None
