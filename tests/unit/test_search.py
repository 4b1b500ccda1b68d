"""Keyword-in-context search across a corpus."""

from __future__ import annotations

import pytest

from annotations.corpus import Document, load_corpus
from annotations.errors import CasereaderError
from annotations.search import pattern_for, search_corpus
from tests.conftest import SEEDS


def test_hits_carry_offsets_and_context() -> None:
    doc = Document.from_text("a.txt", "Title line here\nStaff were\nstretched thin this year.")
    hits = list(search_corpus([doc], "were stretched"))
    assert len(hits) == 1
    hit = hits[0]
    assert doc.text[hit.start : hit.end] == "were\nstretched"
    assert hit.match == "were stretched"
    assert hit.before.endswith("Staff ")
    assert hit.after.startswith(" thin")


def test_search_is_case_insensitive_across_the_seeds() -> None:
    hits = list(search_corpus(load_corpus(SEEDS).documents, "OFSTED"))
    assert {h.document for h in hits} >= {"001_4ce5a44545e5f212.txt", "002_0b49bff90da76fb3.txt"}
    assert all(h.match.lower() == "ofsted" for h in hits)


def test_brackets_in_a_query_are_literal() -> None:
    doc = Document.from_text("a.txt", "Heading of it\nsee [bold] here")
    assert [h.match for h in search_corpus([doc], "[bold]")] == ["[bold]"]


def test_regex_queries_and_their_errors() -> None:
    doc = Document.from_text("a.txt", "Heading of it\n30 social workers, 2,000 people")
    assert [h.match for h in search_corpus([doc], r"re:\d+ social")] == ["30 social"]
    with pytest.raises(CasereaderError, match="not a valid pattern"):
        pattern_for("re:(")


def test_limit_stops_the_search() -> None:
    doc = Document.from_text("a.txt", "x " * 100)
    assert len(list(search_corpus([doc], "x", limit=7))) == 7


def test_empty_query_is_an_error() -> None:
    with pytest.raises(CasereaderError):
        pattern_for("   ")
