"""Which unit a project's selection positions count, chosen per source from the evidence.

REFI-QDA says positions count characters, and tools disagree on what a character is. NVivo
(Windows 12.x, and by report Mac) counts UTF-16 code units, so every emoji or other character
outside the Basic Multilingual Plane before a selection moves it by one; QualCoder, MAXQDA and
ATLAS.ti count code points. Some tools (ATLAS.ti, MAXQDA by report) count a CRLF line ending
as one character, the others as two. Read the wrong way, passages slide further with every
such character before them, silently.

So each source's selections are read every plausible way (code points or UTF-16 units; where
the text has CRLF, the CR counted or not) and the reading is chosen by evidence, strongest
first:
1. quotes: a selection whose ``name`` quotes its text (QualCoder writes the whole quote,
   ATLAS.ti a quote cut with an ellipsis) is matched against each reading's text;
2. word boundaries: coders select whole words, so the right reading puts far more starts and
   ends on word boundaries (300 of 303 against 49 on a real NVivo project);
3. the project's ``origin``: UTF-16 for NVivo, code points for every other tool.
Where all readings give the same positions nothing needed deciding. The choice and its reason
are reported per source, so the user knows which reading was used.

Every position is finally one in the newline-normalised text the corpus will hold. A position
that falls inside a surrogate pair, or past the end, makes that one selection unplaceable
(``None``), never the whole file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

ELLIPSIS = ("…", "...")


@dataclass(frozen=True)
class Reading:
    """One way to read positions: the unit, and whether a CRLF counts as one character."""

    utf16: bool
    crlf_once: bool

    @property
    def label(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "code points"
        return unit + (", CRLF counted once" if self.crlf_once else "")


CODE_POINTS = Reading(False, False)
UTF16 = Reading(True, False)


@dataclass(frozen=True)
class Choice:
    """The reading chosen for one source and why (``reason`` is empty when every reading
    gave the same positions, so nothing needed choosing)."""

    reading: Reading
    reason: str
    positions: tuple[tuple[int, int] | None, ...]
    """Each selection's (start, end) in the normalised text, or None when it has no place."""

    @property
    def decided(self) -> bool:
        return bool(self.reason)


class SourcePositions:
    """A source's text as written (``raw``) and normalised, with position maps for each
    reading."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw.replace("\r\n", "\n").replace("\r", "\n")
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)]
        self._astral_raw = _astral_starts(raw)
        self._astral_text = _astral_starts(self.text)

    @property
    def has_crlf(self) -> bool:
        return bool(self._crlf)

    @property
    def has_astral(self) -> bool:
        return bool(self._astral_raw)

    def readings(self) -> list[Reading]:
        units, lines = _either(self.has_astral), _either(self.has_crlf)
        return [Reading(u, c) for u in units for c in lines]

    def place(self, position: int, reading: Reading) -> int | None:
        """A position of this reading as one in the normalised text, or None."""
        if position < 0:
            return None
        if reading.crlf_once:
            return _from_utf16(position, self._astral_text, len(self.text), reading.utf16)
        raw = _from_utf16(position, self._astral_raw, len(self.raw), reading.utf16)
        # Inside a CRLF the position lands before the newline, as the whole pair does.
        return None if raw is None else raw - bisect.bisect_left(self._crlf, raw)


def _either(matters: bool) -> tuple[bool, ...]:
    """Both values of a reading's choice where the text makes it matter, else only False."""
    return (False, True) if matters else (False,)


def _astral_starts(text: str) -> list[int]:
    """Each character outside the BMP, as its UTF-16 start (code point index + those before)."""
    starts = []
    for index, match in enumerate(re.finditer("[\U00010000-\U0010ffff]", text)):
        starts.append(match.start() + index)
    return starts


def _from_utf16(position: int, astral: Sequence[int], length: int, utf16: bool) -> int | None:
    """A code-point index from a UTF-16 index (or the same index when ``utf16`` is False);
    None inside a surrogate pair or past the end."""
    if utf16:
        before = bisect.bisect_left(astral, position)
        if before and astral[before - 1] + 1 == position:
            return None  # the low half of a pair
        position -= before
    return position if position <= length else None


def place_all(
    source: SourcePositions, spans: Sequence[tuple[int, int]], reading: Reading
) -> tuple[tuple[int, int] | None, ...]:
    """Every selection under one reading; None where it has no place (or ends first)."""
    return tuple(_placed_span(source, start, end, reading) for start, end in spans)


def _placed_span(
    source: SourcePositions, start: int, end: int, reading: Reading
) -> tuple[int, int] | None:
    """One selection under a reading; None where either end has no place, or it ends first."""
    first, last = source.place(start, reading), source.place(end, reading)
    if first is None or last is None or last < first:
        return None
    return first, last


def quotes_matched(
    text: str, placed: Sequence[tuple[int, int] | None], names: Sequence[str]
) -> int:
    """How many selections' names quote the text this reading selects."""
    return sum(
        1
        for span, name in zip(placed, names, strict=True)
        if span is not None and name and is_quote(name, text[span[0] : span[1]])
    )


def is_quote(name: str, selected: str) -> bool:
    """Whether a selection's name quotes its text: whole, or cut (with or without "…")."""
    wanted = " ".join(name.split())
    for mark in ELLIPSIS:
        wanted = wanted.removesuffix(mark).rstrip()
    have = re.sub(r"\s+", " ", selected)  # not stripped: a quote starts where its text does
    return len(wanted) >= 3 and (have.startswith(wanted) or (wanted == have))


def on_boundaries(text: str, placed: Sequence[tuple[int, int] | None]) -> int:
    """How many selections start and end on word boundaries in this reading."""
    return sum(
        1
        for span in placed
        if span is not None and _boundary(text, span[0]) and _boundary(text, span[1])
    )


def _boundary(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


def choose_reading(
    source: SourcePositions, spans: Sequence[tuple[int, int]], names: Sequence[str], origin: str
) -> Choice:
    """The reading of one source's selections that the evidence supports (see the module)."""
    readings = source.readings()
    preferred = _preferred(origin, readings)
    candidates = {reading: place_all(source, spans, reading) for reading in readings}
    if len(set(candidates.values())) <= 1:
        return Choice(preferred, "", candidates[preferred])
    decided = _by_quotes(source.text, candidates, names, preferred) or _by_boundaries(
        source.text, candidates, preferred, len(spans)
    )
    if decided is not None:
        return decided
    return Choice(
        preferred,
        f"nothing decided between the readings; {preferred.label} as {origin or 'the tool'} counts",
        candidates[preferred],
    )


Placements = dict[Reading, tuple[tuple[int, int] | None, ...]]
"""Each reading with where it places each selection (None: it cannot)."""


def _preferred(origin: str, readings: Sequence[Reading]) -> Reading:
    """How the tool that wrote the project counts: NVivo in UTF-16 units (when that reading
    differs here), the others in code points."""
    preferred = UTF16 if origin.strip().lower().startswith("nvivo") else CODE_POINTS
    return preferred if preferred in readings else CODE_POINTS


def _by_quotes(
    text: str, candidates: Placements, names: Sequence[str], preferred: Reading
) -> Choice | None:
    """The reading under which clearly more selection names quote the text they select."""
    quotes = {r: quotes_matched(text, p, names) for r, p in candidates.items()}
    best = _clear_winner(quotes, preferred)
    if best is None:
        return None
    return Choice(best, f"the selections' names quote the text ({quotes[best]})", candidates[best])


def _by_boundaries(
    text: str, candidates: Placements, preferred: Reading, total: int
) -> Choice | None:
    """The reading under which clearly more selections start and end on word boundaries."""
    bounds = {r: on_boundaries(text, p) for r, p in candidates.items()}
    best = _clear_winner(bounds, preferred)
    if best is None:
        return None
    others = max(v for r, v in bounds.items() if r != best)
    return Choice(
        best,
        f"{bounds[best]} of {total} selections on word boundaries, against {others}",
        candidates[best],
    )


def _clear_winner(scores: dict[Reading, int], preferred: Reading) -> Reading | None:
    """The reading scoring highest, if it beats every other by a clear margin (a tenth of its
    score, at least one); ties and near ties decide nothing."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0] != preferred))
    if not ranked or ranked[0][1] == 0:
        return None
    top, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    return top if score - runner >= max(1, score // 10) else None
