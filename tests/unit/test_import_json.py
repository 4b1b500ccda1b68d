"""Importing casereader JSON: lossless round trips, merging by ``updated``, and refusing
malformed files with one line while the store stays exactly as it was."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotations.corpus import load_corpus
from annotations.interchange.importing import ImportFileError, plan_codes, plan_merge, read_import
from annotations.interchange.json_format import json_schema, parse_export
from annotations.model import DEFAULT_CODES, Code
from annotations.safety import UnsafeFileError
from annotations.store import AnnotationStore
from tests.unit.test_export_json import STAMP, write_corpus
from tui.cli import main

TEXTS = {
    "a.txt": "Staff turnover is high. Caseloads are unmanageable.\n",
    "b.txt": "Leaders are strong.\r\nRecruitment improved.\n",
    "c.txt": "Oxford,\n01\nFebruary\n2019\n|\n13:34\nEurope/London\n\nA dated report on staff.\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_corpus(folder, TEXTS)
    corpus = load_corpus(folder)
    with AnnotationStore.open(folder / ".casereader") as store:
        store.codebook.add("Caseloads", colour="#112233", key="c", parent="staffing")
        store.add(corpus["a.txt"], 0, 23, ["staffing"], note='note "one"\nline', coder="ana")
        store.add(corpus["a.txt"], 10, 50, ["caseloads", "area for improvement"], coder="ben")
        store.add(corpus["b.txt"], 0, 19, ["strength"])
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a store, to show an import left it untouched."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def export_file(root: Path, target: Path, store: Path | None = None) -> Path:
    argv = ["export", str(root), "--format", "json", "-o", str(target)]
    assert main([*argv, "--store", str(store)] if store else argv) == 0
    return target


def annotations_of(export: Path) -> list[dict[str, Any]]:
    document = json.loads(export.read_bytes())
    return [a for d in document["documents"] for a in d["annotations"]]


def test_export_import_export_is_lossless(root, tmp_path):
    first = export_file(root, tmp_path / "first.json")
    assert main(["import", str(first), str(root), "--store", str(tmp_path / "fresh")]) == 0
    second = export_file(root, tmp_path / "second.json", tmp_path / "fresh")
    assert annotations_of(second) == annotations_of(first)
    codebook = lambda path: json.loads(path.read_bytes())["codebook"]  # noqa: E731
    assert codebook(second) == codebook(first)


def test_without_a_path_the_corpus_named_in_the_export_is_used(root, tmp_path, capsys):
    first = export_file(root, tmp_path / "first.json")
    fresh = tmp_path / "fresh"
    assert main(["import", str(first), "--store", str(fresh)]) == 0
    assert f"corpus {root}" in capsys.readouterr().err
    second = export_file(root, tmp_path / "second.json", store=fresh)
    assert annotations_of(second) == annotations_of(first)


def test_without_a_path_a_corpus_missing_here_falls_back_to_the_seeds(root, tmp_path, capsys):
    first = export_file(root, tmp_path / "first.json")
    document = json.loads(first.read_bytes())
    document["corpus"]["root"] = str(tmp_path / "elsewhere")
    first.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(first), "--store", str(tmp_path / "fresh")]) == 2
    error = capsys.readouterr().err
    assert f"the export's corpus {tmp_path / 'elsewhere'} is not here" in error
    assert "not in the corpus at" in error and "give the corpus folder as PATH" in error


def test_import_into_a_store_in_use_says_to_close_the_other_casereader(root, tmp_path, capsys):
    first = export_file(root, tmp_path / "first.json")
    capsys.readouterr()
    with AnnotationStore.open(tmp_path / "busy"):
        assert main(["import", str(first), str(root), "--store", str(tmp_path / "busy")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "close casereader there, then import again" in error
    assert "read-only" not in error


def test_renamed_and_keyless_codes_keep_their_ids_and_keys(root, tmp_path):
    with AnnotationStore.open(root / ".casereader") as store:
        store.codebook.rename("caseloads", "Workload")
        store.codebook.add("Morale", key="")
        corpus = load_corpus(root)
        store.add(corpus["b.txt"], 0, 7, ["morale"])
    first = export_file(root, tmp_path / "first.json")
    assert main(["import", str(first), str(root), "--store", str(tmp_path / "fresh")]) == 0
    second = export_file(root, tmp_path / "second.json", tmp_path / "fresh")
    assert annotations_of(second) == annotations_of(first)
    codebook = {c["id"]: c for c in json.loads(second.read_bytes())["codebook"]}
    assert codebook["caseloads"]["name"] == "Workload"
    assert codebook["morale"]["key"] is None


def test_import_summary_in_json_is_the_only_thing_on_stdout(root, tmp_path, capsys):
    first = export_file(root, tmp_path / "first.json")
    capsys.readouterr()
    argv = ["import", str(first), str(root), "--store", str(tmp_path / "fresh"), "--json"]
    assert main(argv) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["added"], summary["updated"], summary["skipped"]) == (3, 0, 0)
    assert summary["codes_added"] == ["Caseloads"]


def test_importing_the_same_file_twice_skips_everything(root, tmp_path, capsys):
    first = export_file(root, tmp_path / "first.json")
    assert main(["import", str(first), str(root)]) == 0
    assert "0 added, 0 updated, 3 skipped" in capsys.readouterr().err


def test_newer_annotations_replace_older_and_older_are_skipped(root, tmp_path, capsys):
    path = export_file(root, tmp_path / "e.json")
    document = json.loads(path.read_bytes())
    first, second = document["documents"][0]["annotations"]
    first["note"], first["updated"] = "newer note", "2999-01-01T00:00:00.000000Z"
    second["note"], second["updated"] = "older note", "2000-01-01T00:00:00.000000Z"
    path.write_text(json.dumps(document))
    assert main(["import", str(path), str(root), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["added"], summary["updated"], summary["skipped"]) == (0, 1, 2)
    with AnnotationStore.open(root / ".casereader", read_only=True) as store:
        assert store.get(first["id"]).note == "newer note"
        assert store.get(second["id"]).note != "older note"


def test_plan_merge_adds_new_updates_newer_and_keeps_ties():
    base = annotate_plain("x", updated="2024-01-01T00:00:00Z")
    newer = replace(base, note="n", updated="2024-01-01T00:00:01+00:00")
    tie = replace(base, note="t")
    other = annotate_plain("y")
    plan = plan_merge({"x": base}, [newer, other])
    assert (plan.added, plan.updated, plan.skipped) == ([other], [newer], [])
    assert plan_merge({"x": base}, [tie]).skipped == [tie]


def annotate_plain(ann_id: str, **fields: Any):
    from annotations.model import Annotation

    return Annotation(ann_id, "a.txt", 0, 3, "abc", "", "", ("staffing",), **fields)


def test_an_annotation_moving_to_another_document_is_refused():
    base = annotate_plain("x")
    with pytest.raises(ImportFileError, match="nothing was imported"):
        plan_merge({"x": base}, [replace(base, document="b.txt")])


def test_codes_match_by_id_then_name_and_new_ones_come_parents_first():
    incoming = [
        Code("kid", "Kid", "#000000", parent="new-parent"),
        Code("new-parent", "New parent", "#000000"),
        Code("x-staffing", "STAFFING", "#000000"),
        Code("strength", "renamed strength", "#000000"),
    ]
    mapping, new = plan_codes(list(DEFAULT_CODES), incoming)
    assert mapping == {"x-staffing": "staffing", "strength": "strength"}
    assert [c.id for c in new] == ["new-parent", "kid"]


def test_a_failed_write_undoes_the_codes_already_added(root, tmp_path, monkeypatch, capsys):
    from annotations.errors import CasereaderError

    path = export_file(root, tmp_path / "e.json")
    fresh = tmp_path / "fresh"
    with AnnotationStore.open(fresh) as store:
        before = store.codebook.codes

    def disk_full(self, *args, **kwargs):
        raise CasereaderError("disk full")

    monkeypatch.setattr(AnnotationStore, "put_many", disk_full)
    assert main(["import", str(path), str(root), "--store", str(fresh)]) == 2
    assert "disk full" in capsys.readouterr().err
    with AnnotationStore.open(fresh, read_only=True) as store:
        assert store.codebook.codes == before
        assert store.annotations() == []


def test_annotations_for_documents_outside_the_corpus_are_refused(root, tmp_path, capsys):
    path = export_file(root, tmp_path / "e.json")
    other = tmp_path / "other"
    write_corpus(other, {"z.txt": "Something else entirely.\n"})
    before = snapshot(root / ".casereader")
    assert main(["import", str(path), str(other), "--store", str(root / ".casereader")]) == 2
    assert "not in the corpus" in capsys.readouterr().err
    assert snapshot(root / ".casereader") == before


# --- malformed and hostile files ----------------------------------------------------------------


@pytest.fixture
def valid(root, tmp_path) -> dict[str, Any]:
    return json.loads(export_file(root, tmp_path / "valid.json").read_bytes())


def mutations(valid: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every field of the format (top, document, annotation, code) set to every wrong type."""
    wrong = [None, True, -1, 1.5, "text", "", [], {}, ["x"], {"a": 1}]
    places: list[tuple[str, ...]] = [(key,) for key in valid]
    places += [("documents", 0, key) for key in valid["documents"][0]]
    places += [
        ("documents", 0, "annotations", 0, key) for key in valid["documents"][0]["annotations"][0]
    ]
    places += [("codebook", 0, key) for key in valid["codebook"][0]]
    dated = [i for i, d in enumerate(valid["documents"]) if d["dateline"]]
    places += [("documents", i, "dateline", key) for i in dated[:1] for key in DATELINE_KEYS]
    return [(place, value) for place in places for value in wrong]


DATELINE_KEYS = (
    "text",
    "start",
    "end",
    "date",
    "local",
    "utc",
    "zone",
    "zone_assumed",
    "precision",
    "flags",
)


def mutate(document: dict[str, Any], place: tuple, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target = changed
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    return changed


def test_every_field_with_a_wrong_type_is_refused_whenever_the_schema_refuses_it(valid):
    validator = jsonschema.Draft202012Validator(json_schema())
    refused = 0
    for place, value in mutations(valid):
        changed = mutate(valid, place, value)
        if validator.is_valid(changed):
            continue
        refused += 1
        with pytest.raises(ImportFileError):
            parse_export(changed, "file.json")
    assert refused > 300


def test_the_error_names_the_place_of_the_bad_field(valid):
    changed = mutate(valid, ("documents", 0, "annotations", 1, "start"), "12")
    with pytest.raises(ImportFileError, match=r"documents\[0\]\.annotations\[1\].*'start'"):
        parse_export(changed, "file.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not a casereader export"),
        (b'{"format": "something-else"}', "not a casereader export"),
        (b"[" * 10_000 + b"]" * 10_000, "nested too deeply"),
        (b'{"a":' * 100 + b"1" + b"}" * 100, "nested deeper"),
        (b'{"a":' * 20 + b"1" + b"}" * 20, "not a casereader export"),
        (b"", "not valid JSON"),
    ],
)
def test_malformed_files_are_refused_with_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises((ImportFileError, UnsafeFileError), match=message):
        read_import(path)


def test_nesting_within_an_export_is_limited(valid, tmp_path):
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    valid["documents"][0]["dateline"] = {"flags": deep}
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(valid))
    with pytest.raises(UnsafeFileError, match="nested deeper"):
        read_import(path)


def test_a_newer_version_is_refused(valid):
    valid["version"] = 2
    with pytest.raises(ImportFileError, match="version: 2 is not one"):
        parse_export(valid, "f.json")


def test_a_duplicate_annotation_id_is_refused(valid):
    items = valid["documents"][0]["annotations"]
    items[1]["id"] = items[0]["id"]
    with pytest.raises(ImportFileError, match="appears twice"):
        parse_export(valid, "f.json")


def test_an_unknown_code_is_refused(valid):
    valid["documents"][0]["annotations"][0]["codes"] = ["nonexistent"]
    with pytest.raises(ImportFileError, match="not in the codebook"):
        parse_export(valid, "f.json")


def test_exact_text_must_span_the_offsets(valid):
    valid["documents"][0]["annotations"][0]["end"] += 1
    with pytest.raises(ImportFileError, match="does not span"):
        parse_export(valid, "f.json")


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["documents"][0]["annotations"][0].update(start="0"),
        lambda d: d["documents"][0]["annotations"][0].update(codes="staffing"),
        lambda d: d["codebook"][0].update(colour="red"),
        lambda d: d.update(documents={}),
        lambda d: d["documents"][0].update(sha256="xyz"),
    ],
)
def test_a_malformed_file_leaves_the_store_unchanged(root, tmp_path, valid, capsys, breakage):
    breakage(valid)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(valid))
    before = snapshot(root / ".casereader")
    assert main(["import", str(path), str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err
    assert snapshot(root / ".casereader") == before


def test_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_timestamps_in_the_wrong_format_are_refused(valid):
    valid["documents"][0]["annotations"][0]["updated"] = "yesterday"
    with pytest.raises(ImportFileError, match="ISO 8601"):
        parse_export(valid, "f.json")


def test_export_of_the_fixture_uses_the_stamp_format(valid):
    assert len(STAMP) == len(valid["documents"][0]["annotations"][0]["created"])
