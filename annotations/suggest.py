"""Keyword suggestions: sentences that may deserve a code, found by its keywords.

A code's keywords (its own, else built-in ones for the default codes, else its name) are
matched as whole words in every sentence of the corpus (``segments.sentence_spans``); the
sentences matching most keywords come first, and those already coded with the code are left
out. Nothing is coded here: the user accepts or rejects each suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .analysis.scope import ReportError, by_document
from .corpus import Corpus, Document
from .model import Annotation, Code
from .segments import Span, sentence_spans

Keyword = tuple[str, re.Pattern[str]]
"""A keyword as written and as the pattern it stands for."""

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


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a pattern: whole words, any case; ``*`` ends a prefix (``recruit*``);
    spaces match any run of white space; ``/.../`` is a regular expression as written."""
    if len(keyword) > 2 and keyword.startswith("/") and keyword.endswith("/"):
        return _written_pattern(keyword)
    words = keyword.strip()
    if not words or words == "*":
        raise ReportError(f"keyword {keyword!r} is empty")
    prefix = words.endswith("*")
    body = r"\s+".join(re.escape(part) for part in words.rstrip("*").split())
    ending = r"\w*" if prefix else r"\b"
    return re.compile(r"\b" + body + ending, re.IGNORECASE)


def _written_pattern(keyword: str) -> re.Pattern[str]:
    """A ``/.../`` keyword: the regular expression between the slashes, any case."""
    try:
        return re.compile(keyword[1:-1], re.IGNORECASE)
    except re.error as error:
        raise ReportError(f"keyword {keyword}: not a valid pattern ({error})") from None


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
    patterns = [(keyword, keyword_pattern(keyword)) for keyword in keywords]
    coded = by_document(a for a in annotations if code in a.codes)
    found: list[Suggestion] = []
    for document in corpus:
        spans = [] if include_coded else [(a.start, a.end) for a in coded.get(document.id, ())]
        found.extend(document_suggestions(document, patterns, spans))
    found.sort(key=lambda s: (-len(s.keywords), -s.hits, s.document, s.start))
    return found[:limit] if limit is not None else found


def document_suggestions(
    document: Document, patterns: Sequence[Keyword], coded: Sequence[Span]
) -> Iterator[Suggestion]:
    """The sentences of one document that match a keyword and share no character with a
    ``coded`` span."""
    text = document.text
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        matched, hits = keyword_hits(sentence, patterns)
        if matched and not any(s < end and start < e for s, e in coded):
            yield Suggestion(document.id, document.title, start, end, sentence, matched, hits)


def keyword_hits(sentence: str, patterns: Sequence[Keyword]) -> tuple[tuple[str, ...], int]:
    """The keywords a sentence matches, and how many matches in all."""
    matched: list[str] = []
    hits = 0
    for keyword, pattern in patterns:
        count = len(pattern.findall(sentence))
        if count:
            matched.append(keyword)
            hits += count
    return tuple(matched), hits
