"""Reading a date's surroundings: is it this document's date, an event in prose, page chrome?

A date is this document's only when something says so: a cue just before it ("Published",
"Posted on", "Date:", "Minutes of the meeting held on"), or a line of its own (a dateline,
a heading) rather than a sentence. Inside a sentence a date is an event; before it, "will be",
"by", "between ... and", "until" or "from" make it a plan, a deadline or a period; and a
date sandwiched in navigation ("Home", "Sign in", "3 free articles left") is the day a
page was saved. Those are never datelines: they may only be *mentioned*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import (
    CHROME,
    CUE,
    CUE_GAP,
    LOWER_WORD,
    MINUTES_AFTER,
    MINUTES_HEADING,
    NAV_LINE,
    NOT_THIS_DOCUMENT,
    OTHER_LABEL,
    PREVIOUS_MINUTES,
    RANGE_AFTER,
    SMALL_WORDS,
    THIS_DOCUMENT,
    last_match,
)

_LABEL_BREAK = re.compile(r"[:|\d\n]")
"""Between an other label and a cue: the cue is a label of its own, not part of that one."""
CUE_REACH = 90
"""Characters before a date searched for its cue."""
RUNS_ON = re.compile(
    r"\b(?:on|in|of|at|by|from|since|until|held|dated|met|was|were|is|are|and|or|to|the)\Z"
)
"""A hard-wrapped line that ends mid-sentence: the next line continues it."""
LOOK_BACK = 110
"""Characters before a date read for words that make it a plan, a deadline or a period."""
CHROME_LINE = 80
"""A navigation line is short."""

PUBLICATION, UPDATE, LINE, CHROME_DATE, PROSE, OTHER = (
    "publication",
    "update",
    "line",
    "chrome",
    "prose",
    "other",
)
DATELINE_KINDS = (PUBLICATION, UPDATE, LINE)


@dataclass(frozen=True)
class Judgement:
    """What a date's surroundings say it is, and the cue that said so (its start)."""

    kind: str
    cue_start: int | None = None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _back(text: str, start: int) -> str:
    """The text just before a date, back to a blank line at most."""
    back = text[max(0, start - LOOK_BACK) : start]
    blank = back.rfind("\n\n")
    return back[blank + 2 :] if blank >= 0 else back


def _cue(text: str, start: int, line_start: int) -> re.Match[str] | None:
    """The cue a date follows closely ("Published: ", "Posted by Jo on "), or None."""
    last = last_match(CUE, text, max(0, start - CUE_REACH), start)
    if last is None or CUE_GAP.match(text, last.end(), start) is None:
        return None
    return last


def _content_words(text: str) -> int:
    return sum(1 for word in LOWER_WORD.findall(text) if word not in SMALL_WORDS)


def _sentence(before: str, after: str) -> bool:
    """Whether the words around a date read as a sentence rather than a label or heading."""
    words = _content_words(before) + _content_words(after)
    return words >= 3 or (words >= 2 and after.rstrip().endswith((".", "!", "?")))


def _neighbour(text: str, line_start: int, line_end: int, step: int) -> str | None:
    """The nearest non-blank line above (step -1) or below (step 1), within two lines."""
    next_line = _line_above if step < 0 else _line_below
    start, end = line_start, line_end
    for _ in range(2):
        bounds = next_line(text, start, end)
        if bounds is None:
            return None
        start, end = bounds
        line = text[start:end].strip()
        if line:
            return line
    return None


def _line_above(text: str, line_start: int, _line_end: int) -> tuple[int, int] | None:
    """The bounds of the line above, None at the top."""
    if line_start == 0:
        return None
    return text.rfind("\n", 0, line_start - 1) + 1, line_start - 1


def _line_below(text: str, _line_start: int, line_end: int) -> tuple[int, int] | None:
    """The bounds of the line below, None at the end."""
    if line_end >= len(text):
        return None
    found = text.find("\n", line_end + 1)
    return line_end + 1, len(text) if found < 0 else found


def _chrome_line(line: str | None) -> bool:
    if line is None or len(line) > CHROME_LINE:
        return False
    return CHROME.search(line) is not None or NAV_LINE.match(line) is not None


def _is_chrome(text: str, before: str, after: str, line_start: int, line_end: int) -> bool:
    """A date on a navigation line, or sandwiched between navigation lines."""
    if CHROME.search(before) or CHROME.search(after):
        return True
    above = _neighbour(text, line_start, line_end, -1)
    below = _neighbour(text, line_start, line_end, 1)
    return _chrome_line(above) and (below is None or _chrome_line(below))


def _continued(text: str, line_start: int, line_end: int, before: str, after: str) -> str:
    """Words of a hard-wrapped sentence that runs on from the line above or to the next: the
    line starts in lower case, or the line above stops on "on", "of", "held"..."""
    return _from_above(text, line_start, before) + _to_below(text, line_end, after)


def _from_above(text: str, line_start: int, before: str) -> str:
    if line_start == 0:
        return ""
    above_start = text.rfind("\n", 0, line_start - 1) + 1
    above = text[above_start : line_start - 1].rstrip()
    return " " + above if above and _runs_on(above, before) else ""


def _runs_on(above: str, before: str) -> bool:
    """Whether the line above continues into this one: this line starts in lower case, or
    the date opens it and the line above stops on "on", "of", "held"..."""
    if before.lstrip()[:1].islower():
        return True
    return not before.strip() and RUNS_ON.search(above) is not None


def _to_below(text: str, line_end: int, after: str) -> str:
    if line_end >= len(text) or after.rstrip().endswith((".", "!", "?", ":", "|")):
        return ""
    below_end = text.find("\n", line_end + 1)
    below = text[line_end + 1 : len(text) if below_end < 0 else below_end].lstrip()
    return " " + below if below[:1].islower() else ""


def judge(text: str, start: int, end: int) -> Judgement:
    """What the date at ``[start, end)`` is to this document (see the module docstring)."""
    line_start, line_end = _line_bounds(text, start, end)
    back = _back(text, start)
    heading = MINUTES_HEADING.match(text, line_start, line_end) is not None
    if _another_documents(text, back, end, line_end, heading):
        return Judgement(OTHER)
    cue = _cue(text, start, line_start)
    before, after = text[line_start:start], text[end:line_end]
    if _other_label(text, line_start, end, before, cue):
        return Judgement(OTHER)  # "Closing date: ...", "Date of next meeting: ..."
    if cue is not None and _owned(text, cue, heading, after):
        return _claimed_by(cue)
    return _unclaimed(text, line_start, line_end, before, after)


def _claimed_by(cue: re.Match[str]) -> Judgement:
    """A date its cue claims for this document: its update or its publication."""
    return Judgement(UPDATE if cue["upd"] else PUBLICATION, cue.start())


def _unclaimed(text: str, line_start: int, line_end: int, before: str, after: str) -> Judgement:
    """A date no cue claims, by the words on its line (``before`` and ``after`` it): an event
    in a sentence, page chrome, or a line of its own."""
    if _sentence(before + _continued(text, line_start, line_end, before, after), after):
        return Judgement(PROSE)
    if _is_chrome(text, before, after, line_start, line_end):
        return Judgement(CHROME_DATE)
    return Judgement(LINE)


def _another_documents(text: str, back: str, end: int, line_end: int, heading: bool) -> bool:
    """A date the words around it give to something else: the previous meeting whose minutes
    are agreed, an earlier event ("will be", "until", ...), one end of a range."""
    if not heading and _previous_meeting(text, back, end, line_end):
        return True
    return bool(NOT_THIS_DOCUMENT.search(back) or RANGE_AFTER.match(text, end, end + 40))


def _previous_meeting(text: str, back: str, end: int, line_end: int) -> bool:
    """ "that the minutes of the meeting held on ... be agreed": the previous meeting's date."""
    if not back.rstrip().lower().endswith("held on"):
        return False
    return bool(PREVIOUS_MINUTES.search(back) or MINUTES_AFTER.match(text, end, line_end + 40))


def _other_label(
    text: str, line_start: int, end: int, before: str, cue: re.Match[str] | None
) -> bool:
    """A label of another date on the line (or just above), unless this date's own cue
    follows it on a later line."""
    label_start = line_start
    if not before.strip() and line_start > 0:
        label_start = text.rfind("\n", 0, line_start - 1) + 1  # a label on the line above
    other = OTHER_LABEL.match(text, label_start, end)
    if other is None:
        return False
    return not (cue is not None and _LABEL_BREAK.search(text, other.end(), cue.start()))


def _owned(text: str, cue: re.Match[str], heading: bool, after: str) -> bool:
    """Whether a cue claims the date for this document: in a minutes heading, at the start of
    its line, after "this document", or not inside a sentence."""
    cue_line = text.rfind("\n", 0, cue.start()) + 1
    lead = text[cue_line : cue.start()]
    return (
        heading
        or not lead.strip(" \t\r-•*|>:")
        or THIS_DOCUMENT.search(lead) is not None
        or not _sentence(lead, after)
    )
