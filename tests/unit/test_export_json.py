"""The JSON export: valid against its shipped schema, complete, and fast to write."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.corpus import Corpus, load_corpus
from annotations.interchange import ExportRequest, export, export_bytes
from annotations.interchange.json_format import annotation_json, export_json, json_schema
from annotations.model import DEFAULT_CODES, Annotation, Code, quote

STAMP = "2024-05-01T09:30:00.000000Z"


def write_corpus(root: Path, texts: dict[str, str]) -> Corpus:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return load_corpus(root)


def annotate(
    corpus: Corpus, doc_id: str, start: int, end: int, *codes: str, **fields
) -> Annotation:
    exact, prefix, suffix = quote(corpus[doc_id].text, start, end)
    return Annotation(
        id=fields.pop("id", str(uuid.uuid4())),
        document=doc_id,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        codes=codes,
        created=fields.pop("created", STAMP),
        updated=fields.pop("updated", STAMP),
        **fields,
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return write_corpus(
        tmp_path / "corpus",
        {
            "a.txt": "Staff turnover is high.\nCaseloads are “unmanageable”, the report says.\n",
            "sub/b.txt": "Leaders are strong.\n\nRecruitment improved in 2023.\n",
            "c.txt": "Nothing coded here.\n",
        },
    )


@pytest.fixture
def annotations(corpus: Corpus) -> list[Annotation]:
    return [
        annotate(corpus, "a.txt", 0, 23, "staffing", note='see p. 4\n"quoted"', coder="ana"),
        annotate(corpus, "a.txt", 24, 70, "staffing", "area-for-improvement", coder="ben"),
        annotate(corpus, "sub/b.txt", 0, 19, "strength"),
    ]


def test_export_is_valid_against_the_shipped_schema(corpus, annotations):
    document = json.loads(export_json(ExportRequest(corpus, DEFAULT_CODES, annotations)))
    jsonschema.Draft202012Validator(json_schema()).validate(document)


def test_schema_file_is_itself_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_export_names_the_format_version_and_corpus(corpus, annotations):
    document = json.loads(export_json(ExportRequest(corpus, DEFAULT_CODES, annotations)))
    assert document["format"] == "casereader-annotations"
    assert document["version"] == 1
    assert document["corpus"] == {"root": str(corpus.root), "documents": 3}
    assert [c["id"] for c in document["codebook"]] == [c.id for c in DEFAULT_CODES]


def test_every_document_is_listed_with_its_hash_length_and_annotations(corpus, annotations):
    document = json.loads(export_json(ExportRequest(corpus, DEFAULT_CODES, annotations)))
    by_id = {d["id"]: d for d in document["documents"]}
    assert sorted(by_id) == ["a.txt", "c.txt", "sub/b.txt"]
    assert by_id["a.txt"]["sha256"] == corpus["a.txt"].sha256
    assert by_id["a.txt"]["length"] == len(corpus["a.txt"].text)
    assert by_id["c.txt"]["annotations"] == []
    assert [a["start"] for a in by_id["a.txt"]["annotations"]] == [0, 24]


def test_annotations_are_exported_exactly_as_their_dict_form(corpus, annotations):
    document = json.loads(export_json(ExportRequest(corpus, DEFAULT_CODES, annotations)))
    exported = [a for d in document["documents"] for a in d["annotations"]]
    assert sorted(exported, key=lambda a: a["id"]) == sorted(
        (a.to_dict() for a in annotations), key=lambda a: a["id"]
    )


def test_a_document_missing_from_the_corpus_keeps_its_annotations(corpus, annotations):
    gone = Annotation(str(uuid.uuid4()), "gone.txt", 0, 3, "abc", "", "", ("staffing",))
    document = json.loads(export_json(ExportRequest(corpus, DEFAULT_CODES, [*annotations, gone])))
    missing = next(d for d in document["documents"] if d["id"] == "gone.txt")
    assert missing["sha256"] is None and missing["length"] is None
    assert missing["annotations"][0]["id"] == gone.id
    jsonschema.validate(document, json_schema())


def test_a_code_missing_from_the_codebook_is_added_so_references_resolve(corpus):
    stray = annotate(corpus, "a.txt", 0, 5, "mystery")
    document = json.loads(export_json(ExportRequest(corpus, DEFAULT_CODES, [stray])))
    assert {"id": "mystery", "name": "mystery", "colour": "#808080"}.items() <= next(
        c for c in document["codebook"] if c["id"] == "mystery"
    ).items()


def test_repeated_exports_differ_only_in_the_export_time(corpus, annotations):
    first = export_json(ExportRequest(corpus, DEFAULT_CODES, annotations, exported=STAMP))
    second = export_json(
        ExportRequest(corpus, DEFAULT_CODES, list(reversed(annotations)), exported=STAMP)
    )
    assert first == second


def test_export_of_an_empty_corpus_selection_is_valid(corpus):
    empty = Corpus(corpus.root, [], [])
    document = json.loads(export_json(ExportRequest(empty, DEFAULT_CODES, [])))
    assert document["documents"] == []
    jsonschema.validate(document, json_schema())


def test_progress_reports_every_annotation(corpus, annotations):
    calls: list[tuple[int, int]] = []
    export_bytes(
        "json",
        ExportRequest(
            corpus, DEFAULT_CODES, annotations, progress=lambda d, t: calls.append((d, t))
        ),
    )
    assert calls[-1] == (3, 3)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_export_to_a_file_writes_the_same_bytes(corpus, annotations, tmp_path):
    target = tmp_path / "out.json"
    result = export("json", ExportRequest(corpus, DEFAULT_CODES, annotations), target)
    assert result.annotations == 3 and result.documents == 2
    assert json.loads(target.read_bytes())["documents"][0]["id"] == "a.txt"


def test_child_codes_and_keys_survive(corpus):
    codes = [*DEFAULT_CODES, Code("caseloads", "caseloads", "#123456", "c", "too many", "staffing")]
    document = json.loads(export_json(ExportRequest(corpus, codes, [])))
    assert document["codebook"][-1] == codes[-1].to_dict()


text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


@given(
    exact=text,
    prefix=text,
    note=text,
    coder=st.none() | text,
    codes=st.lists(text.filter(bool), max_size=3, unique=True),
    start=st.integers(0, 10**9),
    status=st.sampled_from(["anchored", "moved", "orphan"]),
)
def test_fast_annotation_encoder_matches_json_dumps(
    exact, prefix, note, coder, codes, start, status
):
    annotation = Annotation(
        "id-1", "doc.txt", start, start + len(exact), exact, prefix, prefix, tuple(codes), note,
        coder, STAMP, "", status,
    )  # fmt: skip
    expected = annotation.to_dict()
    if status == "orphan":  # an orphan's passage is not in the text: no offsets
        expected.update(start=None, end=None)
    assert json.loads(annotation_json(annotation)) == expected
    assert annotation_json(annotation) == json.dumps(expected, ensure_ascii=False)
