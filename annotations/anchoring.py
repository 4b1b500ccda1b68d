"""Re-anchoring: find an annotation's passage again after its document's text changed.

The idea follows Hypothesis' match-quote: trust the recorded offsets when the quote is still
there; else look for the exact quote and pick among repeats by context and distance; else try a
bounded fuzzy match scored on quote, context and distance. Whatever cannot be placed with
confidence becomes an *orphan*: kept and listed, never pointed at other text.

Everything here is a pure function of (text, annotation); the store persists the results.
Approximate matching uses Myers' bit-parallel edit distance with Python integers as bit vectors,
so a pattern of any length costs a handful of integer operations per character of text searched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from .model import Annotation, quote
from .segments import merge_spans

MIN_QUOTE_SIMILARITY = 0.75
"""A fuzzy match must keep at least this share of the quote (1 - edits / length)."""

MIN_CONTEXT_SIMILARITY = 0.5
"""Short quotes found elsewhere, and all fuzzy matches, need context at least this similar."""

SELF_EVIDENT_LENGTH = 32
"""An exact quote this long identifies its passage without help from the context."""

MIN_FUZZY_LENGTH = 8
"""Shorter quotes are only ever matched exactly: a few characters fuzzily match anything."""

MAX_OCCURRENCES = 500
"""Exact occurrences considered (the nearest to the old position): bounds work on "the"."""

MAX_PROBES = 20
"""Context probe occurrences considered for the fuzzy search windows."""

PROBE_LENGTH = 16

QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
"""Score weights, as in Hypothesis: the quote matters most, position only breaks ties."""


@dataclass(frozen=True)
class Anchor:
    """Where a passage is in the new text: ``anchored`` (same place), ``moved`` or ``orphan``.

    For an orphan, ``start``/``end`` are the old offsets, which no longer mean anything.
    """

    status: str
    start: int
    end: int


@dataclass(frozen=True)
class ReanchorReport:
    """What re-anchoring one document did, for the user to see."""

    document: str
    changed: bool
    anchored: int = 0
    moved: int = 0
    orphan: int = 0
    moved_ids: tuple[str, ...] = ()
    orphan_ids: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.anchored + self.moved + self.orphan


# --- edit distance (Myers 1999, semi-global) ------------------------------------------------


def _myers(pattern: str, text: str, semi_global: bool) -> Iterator[int]:
    """Myers' bit-parallel edit distance: after each character of ``text``, the distance so far.

    Semi-global (a match may start anywhere in ``text``): row 0 of the matrix is all zeros, so
    a 0 is shifted in; global: row 0 counts up by one per character, so a 1 is shifted in.
    ``pattern`` must not be empty.
    """
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    carry = 0 if semi_global else 1
    pv, mv, score = mask, 0, m
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        yield score


def end_distances(pattern: str, text: str) -> list[int]:
    """For each position j of ``text``, the fewest edits turning ``pattern`` into some substring
    of ``text`` that ends at j (inclusive).

    An empty text yields an empty list; an empty pattern matches everywhere with 0 edits.
    """
    if not pattern:
        return [0] * len(text)
    return list(_myers(pattern, text, semi_global=True))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between ``a`` and ``b`` (Myers' algorithm, global variant)."""
    if not a or not b:
        return len(a) + len(b)
    *_, last = _myers(a, b, semi_global=False)
    return last


def edit_distance_ending_at(pattern: str, text: str, end: int) -> int:
    """Fewest edits to make ``pattern`` out of some substring of ``text`` ending at ``end``."""
    if not pattern:
        return 0
    window = text[max(0, end - 2 * len(pattern)) : end]
    if not window:
        return len(pattern)
    return min(len(pattern), end_distances(pattern, window)[-1])


def context_similarity(prefix: str, suffix: str, text: str, start: int, end: int) -> float:
    """How well the recorded context fits around ``text[start:end]``: 0 (not at all) to 1."""
    return (_prefix_fit(prefix, text, start) + _suffix_fit(suffix, text, end)) / 2


def _prefix_fit(prefix: str, text: str, start: int) -> float:
    if not prefix:
        # The passage began the document; context is neutral unless it still does.
        return 1.0 if start == 0 else 0.5
    return 1.0 - edit_distance_ending_at(prefix, text, start) / len(prefix)


def _suffix_fit(suffix: str, text: str, end: int) -> float:
    if not suffix:
        return 1.0 if end == len(text) else 0.5
    window = text[end : end + 2 * len(suffix)][::-1]
    if not window:
        return 0.0
    distance = min(len(suffix), end_distances(suffix[::-1], window)[-1])
    return 1.0 - distance / len(suffix)


# --- candidates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    quote_similarity: float
    context: float
    score: float


def _candidate(
    text: str, start: int, end: int, quote_similarity: float, old: Annotation
) -> _Candidate:
    prefix = _prefix_fit(old.prefix, text, start)
    suffix = _suffix_fit(old.suffix, text, end)
    closeness = 1.0 - abs(start - old.start) / max(len(text), old.start, 1)
    score = (
        QUOTE_WEIGHT * quote_similarity
        + PREFIX_WEIGHT * prefix
        + SUFFIX_WEIGHT * suffix
        + POSITION_WEIGHT * closeness
    )
    return _Candidate(start, end, quote_similarity, (prefix + suffix) / 2, score)


def occurrences(text: str, needle: str, near: int, limit: int) -> list[int]:
    """Start offsets of ``needle`` in ``text``, the ``limit`` nearest to ``near`` first."""
    found: list[int] = []
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    found.sort(key=lambda position: (abs(position - near), position))
    return found[:limit]


def _exact_match(text: str, old: Annotation) -> _Candidate | None:
    """The best placement of the unchanged quote elsewhere in the text, if any is credible."""
    positions = occurrences(text, old.exact, old.start, MAX_OCCURRENCES)
    candidates = [_candidate(text, p, p + len(old.exact), 1.0, old) for p in positions]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.score)
    if len(old.exact) >= SELF_EVIDENT_LENGTH or best.context >= MIN_CONTEXT_SIMILARITY:
        return best
    return None


def _windows(text: str, old: Annotation, slack: int) -> list[tuple[int, int]]:
    """Stretches of text where an edited passage may now be: around the old position and
    after (before) each place where the start of its suffix (end of its prefix) still occurs."""
    length = len(old.exact)
    spans = [(old.start - slack - length // 2, old.end + slack + length // 2)]
    prefix = old.prefix[-PROBE_LENGTH:]
    for at in _probe_hits(text, prefix, old.start - len(prefix)):
        after = at + len(prefix)
        spans.append((after - slack, after + length + slack))
    for at in _probe_hits(text, old.suffix[:PROBE_LENGTH], old.end):
        spans.append((at - length - slack, at + slack))
    return merge_spans((max(0, a), min(len(text), b)) for a, b in spans)


def _probe_hits(text: str, probe: str, near: int) -> list[int]:
    """Where a piece of the recorded context still occurs, nearest ``near`` first; none for
    a probe too short to trust."""
    if len(probe) < PROBE_LENGTH // 2:
        return []
    return occurrences(text, probe, near, MAX_PROBES)


def approximate_matches(
    pattern: str, text: str, max_edits: int, limit: int = 5
) -> list[tuple[int, int, int]]:
    """Up to ``limit`` best (start, end, edits) placements of ``pattern`` in ``text`` with at
    most ``max_edits`` edits, one per locally best end position."""
    distances = end_distances(pattern, text)
    ends = sorted(_best_ends(distances, max_edits), key=lambda j: distances[j])
    matches = []
    for j in ends[:limit]:
        start = _match_start(pattern, text, j + 1, max_edits)
        matches.append((start, j + 1, distances[j]))
    return matches


def _best_ends(distances: list[int], max_edits: int) -> list[int]:
    """End positions within ``max_edits`` that are local minima of the edit distance (a run
    of equal distances counts once, at its last end)."""
    return [j for j, d in enumerate(distances) if d <= max_edits and _lowest_here(distances, j)]


def _lowest_here(distances: list[int], j: int) -> bool:
    """Whether the distance at ``j`` is no higher than the one before and lower than the one
    after (the last end of a run of equal lowest distances)."""
    d = distances[j]
    return (j == 0 or d <= distances[j - 1]) and (j + 1 == len(distances) or d < distances[j + 1])


def _match_start(pattern: str, text: str, end: int, max_edits: int) -> int:
    """Where the best match of ``pattern`` ending at ``end`` begins: search backwards with
    the reversed pattern; among equally good starts take the length closest to the pattern's."""
    begin = max(0, end - len(pattern) - max_edits)
    backwards = end_distances(pattern[::-1], text[begin:end][::-1])
    best = min(
        range(len(backwards)),
        key=lambda i: (backwards[i], abs(i + 1 - len(pattern))),
    )
    return end - (best + 1)


def _between_context(text: str, old: Annotation) -> list[tuple[int, int, float]]:
    """Passages framed by the recorded context: text between where the prefix still ends and
    the suffix still begins, with its similarity to the quote. This keeps a passage whole when
    words were inserted or changed inside it."""
    before, after = old.prefix[-PROBE_LENGTH:], old.suffix[:PROBE_LENGTH]
    if len(before) < PROBE_LENGTH // 2 or len(after) < PROBE_LENGTH // 2:
        return []
    spans = _framed(text, old, before, after)
    return [(start, end, _similarity(old.exact, text[start:end])) for start, end in spans]


def _framed(text: str, old: Annotation, before: str, after: str) -> list[tuple[int, int]]:
    """Each stretch from the end of a ``before`` to the start of an ``after`` near the passage's
    old place, when it is at most about twice the quote's length."""
    longest = 2 * len(old.exact) + PROBE_LENGTH
    ends = [a + len(before) for a in occurrences(text, before, old.start, MAX_PROBES)]
    starts = occurrences(text, after, old.end, MAX_PROBES)
    return [(start, end) for start in ends for end in starts if 0 < end - start <= longest]


def _similarity(quote: str, passage: str) -> float:
    """1 for the same text, falling with each edit relative to the longer of the two."""
    return 1 - edit_distance(quote, passage) / max(len(quote), len(passage))


def _fuzzy_match(text: str, old: Annotation) -> _Candidate | None:
    """The best approximate placement of an edited quote near where it could plausibly be."""
    length = len(old.exact)
    if length < MIN_FUZZY_LENGTH:
        return None
    placements = _between_context(text, old) + _near_matches(text, old)
    best: _Candidate | None = None
    for start, end, similarity in placements:
        if similarity < MIN_QUOTE_SIMILARITY:
            continue
        candidate = _candidate(text, start, end, similarity, old)
        if candidate.context < MIN_CONTEXT_SIMILARITY:
            continue
        if best is None or candidate.score > best.score:
            best = candidate
    return best


def _near_matches(text: str, old: Annotation) -> list[tuple[int, int, float]]:
    """Approximate matches of the quote in the windows where it may now be, with their
    similarity to it."""
    length = len(old.exact)
    max_edits = int(length * (1 - MIN_QUOTE_SIMILARITY))
    found = []
    for a, b in _windows(text, old, max_edits + 2 * PROBE_LENGTH):
        for start, end, edits in approximate_matches(old.exact, text[a:b], max_edits):
            found.append((a + start, a + end, 1 - edits / length))
    return found


# --- annotations ------------------------------------------------------------------------------


def anchor(text: str, old: Annotation) -> Anchor:
    """Where ``old``'s passage is in ``text``: same offsets, moved, or orphan."""
    if old.selects_quote_in(text):
        return Anchor("anchored", old.start, old.end)
    if not old.exact:
        return Anchor("orphan", old.start, old.end)
    found = _exact_match(text, old) or _fuzzy_match(text, old)
    if found is None:
        return Anchor("orphan", old.start, old.end)
    return Anchor("moved", found.start, found.end)


def reanchor_annotation(text: str, old: Annotation) -> Annotation:
    """``old`` placed in ``text``: new offsets, quote and context when found, else an orphan
    with everything else as it was."""
    place = anchor(text, old)
    if place.status == "orphan":
        return old if old.status == "orphan" else replace(old, status="orphan")
    exact, prefix, suffix = quote(text, place.start, place.end)
    return replace(
        old,
        start=place.start,
        end=place.end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        status=place.status,
    )


def placed(annotations: Iterable[Annotation]) -> list[Annotation]:
    """The annotations that have a place in their text: orphans left out. For whatever
    measures or shows positions (agreement, coded passages, suggestions): an orphan's
    offsets belong to a text that is gone."""
    return [a for a in annotations if a.status != "orphan"]


def reanchor_annotations(
    document: str, text: str, annotations: Sequence[Annotation]
) -> tuple[list[Annotation], ReanchorReport]:
    """Re-anchor every annotation of one document; the results keep the input order."""
    results = [reanchor_annotation(text, a) for a in annotations]
    moved = tuple(a.id for a in results if a.status == "moved")
    orphans = tuple(a.id for a in results if a.status == "orphan")
    report = ReanchorReport(
        document=document,
        changed=True,
        anchored=len(results) - len(moved) - len(orphans),
        moved=len(moved),
        orphan=len(orphans),
        moved_ids=moved,
        orphan_ids=orphans,
    )
    return results, report
