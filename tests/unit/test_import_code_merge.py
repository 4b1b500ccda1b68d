"""An imported code named like one the store has (every new store has strength, area for
improvement, staffing) brings its hierarchy, memo and colour where the store's code lacks
them, and what differs is listed, never dropped silently. Codes are added in one batch."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from annotations.interchange.code_merge import merge_codebook
from annotations.model import DEFAULT_CODES, Code
from annotations.store import AnnotationStore
from tui.cli import main

NS = "urn:QDA-XML:codebook:1.0"


def qdc(path: Path, codes: str, origin: str = "QualCoder 3.6") -> Path:
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="{NS}" origin="{origin}">'
        f"<Codes>{codes}</Codes></CodeBook>",
        encoding="utf-8",
    )
    return path


WORKFORCE = (
    '<Code guid="10000000-0000-4000-8000-000000000001" name="Workforce" isCodable="false">'
    '<Code guid="10000000-0000-4000-8000-000000000002" name="Staffing" isCodable="true" '
    'color="#FF0000"><Description>Code memo: workforce issues</Description></Code></Code>'
)


def codes_of(store: Path) -> dict[str, Code]:
    with AnnotationStore.open(store, read_only=True) as opened:
        return {code.name: code for code in opened.codebook.codes}


def test_a_code_the_new_store_has_takes_the_files_parent_memo_and_colour(tmp_path, capsys):
    store = tmp_path / "store"
    path = qdc(tmp_path / "qc.qdc", WORKFORCE)
    assert main(["import", str(path), "--store", str(store)]) == 0
    err = capsys.readouterr().err
    codes = codes_of(store)
    staffing = codes["staffing"]
    assert staffing.id == "staffing"  # the store's code, not a second one
    assert staffing.parent == codes["Workforce"].id
    assert staffing.description == "Code memo: workforce issues"
    assert staffing.colour == "#ff0000"
    assert "took what the file gives and they lacked: staffing (parent 'Workforce'" in err


def test_what_the_store_says_otherwise_is_kept_and_listed(tmp_path, capsys):
    store = tmp_path / "store"
    with AnnotationStore.open(store) as opened:
        book = opened.codebook
        book.add("Teams")
        book.describe("staffing", "Our own definition.")
        book.recolour("staffing", "#00ff00")
        book.add_all([], [replace(book.codes[2], parent="teams")])  # staffing under Teams
    path = qdc(tmp_path / "qc.qdc", WORKFORCE)
    assert main(["import", str(path), "--store", str(store), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    kept = [item["what"] for item in summary["not_imported"]]
    assert kept == [
        "the parent 'Workforce' of code 'staffing' (the store's code is under 'Teams')",
        "the description 'Code memo: workforce issues' of code 'staffing'",
        "the colour #ff0000 of code 'staffing' (it is #00ff00)",
    ]
    staffing = codes_of(store)["staffing"]
    assert (staffing.parent, staffing.description, staffing.colour) == (
        "teams",
        "Our own definition.",
        "#00ff00",
    )


def test_a_taguette_csv_after_its_qdc_fills_the_descriptions(tmp_path, capsys):
    store = tmp_path / "store"
    tags = '<Code guid="20000000-0000-4000-8000-000000000001" name="interesting" isCodable="true"/>'
    path = qdc(tmp_path / "t.qdc", tags, origin="Taguette 1.5.2")
    assert main(["import", str(path), "--store", str(store)]) == 0
    csv = tmp_path / "t.csv"
    csv.write_text("tag,description\ninteresting,Worth a second look\nstaffing,Who works\n")
    capsys.readouterr()
    assert main(["import", str(csv), "--store", str(store)]) == 0
    err = capsys.readouterr().err
    codes = codes_of(store)
    assert codes["interesting"].description == "Worth a second look"
    assert codes["staffing"].description == "Who works"  # the default one was replaced
    assert codes["staffing"].colour == "#3d7fd9"  # a tag has no colour: the store's stays
    assert "2 code(s) already in the store took" in err


def test_a_parent_that_would_make_a_cycle_is_listed_not_taken():
    existing = [Code("a", "A", "#000000"), Code("b", "B", "#000000", parent="a")]
    incoming = [Code("b", "B", "#000000"), Code("a", "A", "#000000", parent="b")]
    plan = merge_codebook(existing, incoming, "json")
    assert plan.changed == {}
    assert [k.what for k in plan.kept] == [
        "the parent 'B' of code 'A' (the store's code is where it is)"
    ]


def test_new_codes_keep_free_ids_and_keys_and_get_free_digits():
    incoming = [
        Code("kid", "Kid", "#000000", key="1", parent="new-parent"),
        Code("new-parent", "New parent", "#000000", key="z"),
        Code("staffing-2", "Renamed", "#000000"),
    ]
    plan = merge_codebook(list(DEFAULT_CODES), incoming, "qdpx")
    assert [(c.id, c.key, c.parent) for c in plan.added] == [
        ("new-parent", "z", None),
        ("staffing-2", "4", None),
        ("kid", "5", "new-parent"),
    ]


@pytest.mark.parametrize("count", [300])
def test_many_codes_are_checked_and_saved_once(tmp_path, monkeypatch, count):
    """Adding codes one by one saved (and re-checked) the whole codebook per code: 20,000
    tags took over ten minutes. Now the import saves the codebook once."""
    from annotations.store import checks

    csv = tmp_path / "tags.csv"
    csv.write_text("tag,description\n" + "".join(f"tag {n},about {n}\n" for n in range(count)))
    calls = []
    real = checks.check_text
    monkeypatch.setattr(
        "annotations.store.annotation_store.check_text",
        lambda change: calls.append(change) or real(change),
    )
    store = tmp_path / "store"
    assert main(["import", str(csv), "--store", str(store)]) == 0
    code_changes = [c for c in calls if c.codes is not None]
    assert len(code_changes) == 1
    assert len(codes_of(store)) == count + len(DEFAULT_CODES)
