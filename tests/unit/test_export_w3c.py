"""The W3C Web Annotation export: one JSON-LD collection of well-formed annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.corpus import Corpus
from annotations.interchange.w3c import CONTEXT, export_w3c
from annotations.model import DEFAULT_CODES
from tests.unit.test_export_json import annotate, write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return write_corpus(tmp_path / "corpus", {"a.txt": "Social workers carry high caseloads. " * 3})


def items(data: bytes) -> list[dict]:
    collection = json.loads(data)
    return collection["first"]["items"]


def test_collection_carries_the_context_and_total(corpus):
    passage = annotate(corpus, "a.txt", 0, 14, "staffing")
    collection = json.loads(export_w3c(corpus, DEFAULT_CODES, [passage]))
    assert collection["@context"] == CONTEXT
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 1
    assert collection["first"]["type"] == "AnnotationPage"


def test_target_has_quote_and_position_selectors(corpus):
    passage = annotate(corpus, "a.txt", 40, 60, "staffing")
    (item,) = items(export_w3c(corpus, DEFAULT_CODES, [passage]))
    quote_selector, position = item["target"]["selector"]
    assert quote_selector == {
        "type": "TextQuoteSelector",
        "exact": passage.exact,
        "prefix": passage.prefix,
        "suffix": passage.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": 40, "end": 60}
    assert item["target"]["source"] == (corpus.root / "a.txt").as_uri()


def test_each_code_is_a_tagging_body_and_the_note_a_commenting_body(corpus):
    passage = annotate(corpus, "a.txt", 0, 14, "staffing", "strength", note="check this")
    (item,) = items(export_w3c(corpus, DEFAULT_CODES, [passage]))
    assert item["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "staffing"},
        {"type": "TextualBody", "purpose": "tagging", "value": "strength"},
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": "check this",
            "format": "text/plain",
        },
    ]


def test_id_creator_and_times_come_from_the_annotation(corpus):
    passage = annotate(corpus, "a.txt", 0, 14, "staffing", coder="ana")
    (item,) = items(export_w3c(corpus, DEFAULT_CODES, [passage]))
    assert item["id"] == f"urn:uuid:{passage.id}"
    assert item["type"] == "Annotation"
    assert item["creator"] == {"type": "Person", "name": "ana"}
    assert item["created"] == passage.created and item["modified"] == passage.updated


def test_no_creator_when_no_coder_was_recorded(corpus):
    (item,) = items(
        export_w3c(corpus, DEFAULT_CODES, [annotate(corpus, "a.txt", 0, 5, "staffing")])
    )
    assert "creator" not in item


def test_a_missing_document_gets_a_casereader_urn(corpus):
    from annotations.model import Annotation

    gone = Annotation("x1", "old/gone.txt", 0, 3, "abc", "", "", ("staffing",))
    (item,) = items(export_w3c(corpus, DEFAULT_CODES, [gone]))
    assert item["target"]["source"] == "urn:casereader:document:old/gone.txt"
    assert item["id"] == "urn:casereader:annotation:x1"
