"""Keyword suggestions: sentences that may deserve a code, found by its keywords.

A code's keywords (its own, else built-in ones for the default codes, else its name) are
matched as whole words in every sentence of the corpus (``segments.sentence_spans``); the
sentences matching most keywords come first, and those already coded with the code are left
out. Nothing is coded here: the user accepts or rejects each suggestion.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .analysis.scope import ReportError, by_document
from .corpus import Corpus, Document
from .keywords import KEYWORD_RULE, KeywordError, keyword_pattern, lower_case_pattern
from .model import Annotation, Code
from .segments import Span, sentence_spans

__all__ = [
    "DEFAULT_KEYWORDS",
    "KEYWORD_RULE",
    "KeywordError",
    "Suggestion",
    "keyword_pattern",
    "keywords_for",
    "suggest",
]


@dataclass(frozen=True)
class Keyword:
    """A keyword as written, its pattern, and the same pattern for text in lower case (None
    for a ``/pattern/``, which is run as written)."""

    written: str
    pattern: re.Pattern[str]
    lower: re.Pattern[str] | None

    @classmethod
    def of(cls, written: str) -> Keyword:
        return cls(written, keyword_pattern(written), lower_case_pattern(written))


DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "strength": (
        "strength*",
        "good practice",
        "outstanding",
        "praise*",
        "commend*",
        "excellent",
        "effective*",
        "well-led",
        "positive*",
    ),
    "area-for-improvement": (
        "improv*",
        "weakness*",
        "concern*",
        "inadequate",
        "requires improvement",
        "shortfall*",
        "delay*",
        "fail*",
        "not good enough",
    ),
    "staffing": (
        "staff*",
        "recruit*",
        "retention",
        "retain*",
        "caseload*",
        "workforce",
        "vacanc*",
        "agency worker*",
        "social worker*",
        "turnover",
        "locum*",
    ),
}
"""Keywords for the default codes, used when a suggestion is asked with none given."""


def keywords_for(code: Code) -> tuple[str, ...]:
    """A code's own keywords, else the built-in ones of a default code, else its name."""
    return code.keywords or DEFAULT_KEYWORDS.get(code.id, ()) or (code.name,)


@dataclass(frozen=True)
class Suggestion:
    """A sentence that may deserve a code, with the keywords it matched."""

    document: str
    title: str
    start: int
    end: int
    text: str
    keywords: tuple[str, ...]
    hits: int

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "keywords": list(self.keywords)}


def suggest(
    corpus: Corpus,
    code: str,
    keywords: Sequence[str],
    annotations: Sequence[Annotation],
    limit: int | None = None,
    include_coded: bool = False,
) -> list[Suggestion]:
    """Sentences matching a code's keywords, most keywords first; sentences already coded
    with the code (sharing a character with one of its passages) are left out."""
    if not keywords:
        raise ReportError(f"no keywords for code {code!r}; give some with --keyword")
    patterns = [Keyword.of(keyword) for keyword in keywords]
    coded = {} if include_coded else _coded_spans(annotations, code)
    found: list[Suggestion] = []
    for document in corpus:
        found.extend(document_suggestions(document, patterns, coded.get(document.id, [])))
    found.sort(key=lambda s: (-len(s.keywords), -s.hits, s.document, s.start))
    return found[:limit] if limit is not None else found


def _coded_spans(annotations: Sequence[Annotation], code: str) -> dict[str, list[Span]]:
    """The spans of the passages already coded with ``code``, by document."""
    return {
        doc_id: [(a.start, a.end) for a in items]
        for doc_id, items in by_document(a for a in annotations if code in a.codes).items()
    }


def document_suggestions(
    document: Document, patterns: Sequence[Keyword], coded: Sequence[Span]
) -> Iterator[Suggestion]:
    """The sentences of one document that match a keyword and share no character with a
    ``coded`` span."""
    text = document.text
    sentences = list(sentence_spans(text))
    hits = keyword_hits(text, sentences, patterns)
    for index in sorted(hits):
        start, end = sentences[index]
        if _overlaps_any(start, end, coded):
            continue
        counts = hits[index]
        matched = tuple(k.written for k, n in zip(patterns, counts, strict=True) if n)
        yield Suggestion(
            document.id, document.title, start, end, text[start:end], matched, sum(counts)
        )


def _overlaps_any(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether ``[start, end)`` shares a character with one of ``spans``."""
    return any(s < end and start < e for s, e in spans)


def keyword_hits(
    text: str, sentences: Sequence[Span], patterns: Sequence[Keyword]
) -> dict[int, list[int]]:
    """For each sentence (by its index) that matches a keyword, how many times each keyword
    matched in it. Words are found in one scan of the whole text, in lower case when that keeps
    every offset (it nearly always does); a ``/pattern/`` sentence by sentence, as written."""
    starts = [start for start, _ in sentences]
    lowered = text.lower()
    same_offsets = len(lowered) == len(text)
    hits: dict[int, list[int]] = {}
    for number, keyword in enumerate(patterns):
        if keyword.lower is None:
            counts = _counts_by_sentence(keyword.pattern, text, sentences)
        else:
            scan = _scan(keyword, text, lowered if same_offsets else None)
            counts = _counts_in_scan(scan, starts, sentences)
        for index, count in counts.items():
            hits.setdefault(index, [0] * len(patterns))[number] += count
    return hits


def _scan(keyword: Keyword, text: str, lowered: str | None) -> Iterator[re.Match[str]]:
    """A word keyword's matches in the whole text: in its lower-case copy when that keeps
    every offset (``lowered``), else in the text as written."""
    if lowered is not None and keyword.lower is not None:
        return keyword.lower.finditer(lowered)
    return keyword.pattern.finditer(text)


def _counts_by_sentence(
    pattern: re.Pattern[str], text: str, sentences: Sequence[Span]
) -> dict[int, int]:
    """Matches of a ``/pattern/`` keyword in each sentence, matched in the sentence alone."""
    counts = {}
    for index, (start, end) in enumerate(sentences):
        count = len(pattern.findall(text[start:end]))
        if count:
            counts[index] = count
    return counts


def _counts_in_scan(
    scan: Iterator[re.Match[str]], starts: list[int], sentences: Sequence[Span]
) -> dict[int, int]:
    """Matches of a whole-text scan in each sentence; a match across a sentence's end counts
    in none."""
    counts: dict[int, int] = {}
    for match in scan:
        index = bisect_right(starts, match.start()) - 1
        if index >= 0 and match.end() <= sentences[index][1]:
            counts[index] = counts.get(index, 0) + 1
    return counts
