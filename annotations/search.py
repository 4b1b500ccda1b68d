"""Search across a corpus with keyword-in-context results."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .corpus import Document
from .errors import CasereaderError

CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Hit:
    """One match: where it is and the words around it (newlines flattened)."""

    document: str
    start: int
    end: int
    before: str
    match: str
    after: str


def pattern_for(query: str) -> re.Pattern[str]:
    """Words match as typed, case-insensitively; ``"quoted phrases"`` too; ``re:...`` a regex."""
    query = query.strip()
    if not query:
        raise CasereaderError("nothing to search for")
    if query.startswith("re:"):
        return _regex(query[3:])
    phrase = query.strip('"')
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def _regex(source: str) -> re.Pattern[str]:
    """A ``re:`` query compiled (case-insensitive); a bad one is the user's one-line error."""
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as error:
        raise CasereaderError(f"not a valid pattern: {error}") from error


def _flat(text: str) -> str:
    return " ".join(text.split())


def search_text(document_id: str, text: str, pattern: re.Pattern[str]) -> Iterator[Hit]:
    for found in pattern.finditer(text):
        if found.end() > found.start():
            yield _hit(document_id, text, found)


def _hit(document_id: str, text: str, found: re.Match[str]) -> Hit:
    """A match with up to ``CONTEXT_CHARS`` either side, each on one line; a space that
    separates the match from its context is kept."""
    before = text[max(0, found.start() - CONTEXT_CHARS) : found.start()]
    after = text[found.end() : found.end() + CONTEXT_CHARS]
    return Hit(
        document_id,
        found.start(),
        found.end(),
        _flat(before) + (" " if before[-1:].isspace() else ""),
        _flat(found.group()),
        (" " if after[:1].isspace() else "") + _flat(after),
    )


def search_corpus(documents: Iterable[Document], query: str, limit: int = 5000) -> Iterator[Hit]:
    """Hits in document order, at most ``limit``; unreadable documents are passed over."""
    pattern = pattern_for(query)
    count = 0
    for document in documents:
        try:
            text = document.text
        except CasereaderError:
            continue
        for hit in search_text(document.id, text, pattern):
            yield hit
            count += 1
            if count >= limit:
                return
