"""The store's files: schema migrations, interrupted changes, and check/repair for `doctor`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import annotations.store as store_module
from annotations.corpus import Document
from annotations.store import (
    AnnotationStore,
    RawStore,
    StoreLockedError,
    StoreVersionError,
    check_store,
    document_filename,
    migrate,
    repair_store,
)

TEXT = "Staff turnover remains high. Leaders know their services well. Plans are reviewed."


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def make_store(folder: Path, documents: int = 2) -> list[Document]:
    docs = [Document.from_text(f"doc{n}.txt", f"{n}: {TEXT}") for n in range(documents)]
    with AnnotationStore.open(folder) as store:
        for doc in docs:
            store.add(doc, 3, 17, codes=["staffing"])
    return docs


# --- migrations -------------------------------------------------------------------------------


def write_schema_0_store(folder: Path) -> str:
    """A store as an imagined schema 0 wrote it: annotations in TinyDB's default table and
    without a status field."""
    doc = Document.from_text("old.txt", TEXT)
    row = {
        "id": "old-1",
        "document": doc.id,
        "start": 0,
        "end": 14,
        "exact": TEXT[:14],
        "prefix": "",
        "suffix": TEXT[14:46],
        "codes": ["staffing"],
        "note": "",
        "coder": None,
        "created": "2025-01-01T00:00:00Z",
        "updated": "2025-01-01T00:00:00Z",
    }
    (folder / "docs").mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({"meta": {"1": {"schema": 0}}}))
    codes = {str(n): c.to_dict() for n, c in enumerate(store_module.DEFAULT_CODES, start=1)}
    (folder / "codebook.json").write_text(json.dumps({"codes": codes}))
    (folder / "docs" / document_filename(doc.id)).write_text(
        json.dumps({"_default": {"1": row}, "document": {"1": {"id": doc.id, "sha256": None}}})
    )
    return "old-1"


def schema_0_to_1(raw: RawStore) -> None:
    for data in raw.documents.values():
        rows = data.pop("_default", {})
        for row in rows.values():
            row.setdefault("status", "anchored")
        data["annotations"] = rows


def test_an_older_store_is_migrated_and_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(store_module.MIGRATIONS, 0, schema_0_to_1)
    ann_id = write_schema_0_store(tmp_path / "s")
    with AnnotationStore.open(tmp_path / "s") as store:
        assert store.migrated_from == 0
        assert store.get(ann_id).status == "anchored"
    meta = json.loads((tmp_path / "s" / "meta.json").read_text())
    assert meta["meta"]["1"]["schema"] == 1
    doc_file = next((tmp_path / "s" / "docs").glob("*.json"))
    assert set(json.loads(doc_file.read_text())) == {"annotations", "document"}
    assert not (tmp_path / "s" / "rollback.json").exists()


def test_a_read_only_open_migrates_in_memory_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(store_module.MIGRATIONS, 0, schema_0_to_1)
    ann_id = write_schema_0_store(tmp_path / "s")
    before = digest(tmp_path / "s")
    store = AnnotationStore.open(tmp_path / "s", read_only=True)
    assert store.get(ann_id) is not None
    assert digest(tmp_path / "s") == before


def test_an_older_store_without_a_migration_path_is_refused_untouched(tmp_path: Path) -> None:
    write_schema_0_store(tmp_path / "s")
    before = digest(tmp_path / "s")
    with pytest.raises(StoreVersionError, match="no migration from schema 0 to 1"):
        AnnotationStore.open(tmp_path / "s")
    assert digest(tmp_path / "s") == before


def test_migrate_applies_each_step_in_order() -> None:
    raw = RawStore({"meta": {"1": {"schema": 0}}}, None, {})
    steps = {
        0: lambda r: r.meta["meta"]["1"].setdefault("seen", []).append(0),
        1: lambda r: r.meta["meta"]["1"]["seen"].append(1),
    }
    migrate(raw, 0, steps, target=2)
    assert raw.meta["meta"]["1"] == {"schema": 2, "seen": [0, 1]}


# --- interrupted changes ----------------------------------------------------------------------


def interrupt_a_change(folder: Path, docs: list[Document]) -> dict[str, Any]:
    """What a crash half-way through a two-file change leaves: the journal holding both files'
    old contents, and the first file already replaced."""
    paths = [folder / "docs" / document_filename(d.id) for d in docs]
    old = [json.loads(p.read_text()) for p in paths]
    rows = {
        str(n): {"file": f"docs/{p.name}", "content": content}
        for n, (p, content) in enumerate(zip(paths, old, strict=True), start=1)
    }
    (folder / "rollback.json").write_text(json.dumps({"rollback": rows}))
    half = json.loads(json.dumps(old[0]))
    half["annotations"]["1"]["note"] = "half-written change"
    paths[0].write_text(json.dumps(half))
    return old[0]


def test_an_interrupted_change_is_rolled_back_at_open(tmp_path: Path) -> None:
    docs = make_store(tmp_path / "s")
    old = interrupt_a_change(tmp_path / "s", docs)
    with AnnotationStore.open(tmp_path / "s") as store:
        assert [a.note for a in store.annotations()] == ["", ""]
    path = tmp_path / "s" / "docs" / document_filename(docs[0].id)
    assert json.loads(path.read_text()) == old
    assert not (tmp_path / "s" / "rollback.json").exists()


def test_a_reader_sees_an_interrupted_change_rolled_back_without_touching_files(
    tmp_path: Path,
) -> None:
    docs = make_store(tmp_path / "s")
    interrupt_a_change(tmp_path / "s", docs)
    before = digest(tmp_path / "s")
    reader = AnnotationStore.open(tmp_path / "s", read_only=True)
    assert [a.note for a in reader.annotations()] == ["", ""]
    assert digest(tmp_path / "s") == before


# --- check and repair -------------------------------------------------------------------------


def test_a_healthy_store_has_no_problems(tmp_path: Path) -> None:
    make_store(tmp_path / "s")
    assert check_store(tmp_path / "s") == []


def test_check_of_a_folder_without_a_store_says_so(tmp_path: Path) -> None:
    [problem] = check_store(tmp_path)
    assert (problem.kind, problem.message) == ("missing", "no annotation store here")


def test_check_lists_a_damaged_file_a_leftover_and_an_unknown_code(tmp_path: Path) -> None:
    docs = make_store(tmp_path / "s", documents=3)
    folder = tmp_path / "s"
    damaged = folder / "docs" / document_filename(docs[0].id)
    damaged.write_bytes(damaged.read_bytes()[:40])
    (folder / "meta.json.tmp-1-1").write_text("{")
    odd = folder / "docs" / document_filename(docs[1].id)
    odd.write_text(odd.read_text().replace('"staffing"', '"morale"'))
    kinds = {(p.kind, p.file.name) for p in check_store(folder)}
    assert kinds == {
        ("damaged", damaged.name),
        ("leftover", "meta.json.tmp-1-1"),
        ("unknown-code", odd.name),
    }


def test_repair_moves_a_damaged_file_aside_and_the_store_opens_again(tmp_path: Path) -> None:
    docs = make_store(tmp_path / "s")
    damaged = tmp_path / "s" / "docs" / document_filename(docs[0].id)
    broken_bytes = damaged.read_bytes()[:40]
    damaged.write_bytes(broken_bytes)
    done = repair_store(tmp_path / "s")
    assert len(done) == 1 and done[0].startswith(f"moved {damaged} aside to {damaged.name}.broken-")
    [aside] = damaged.parent.glob(damaged.name + ".broken-*")
    assert aside.read_bytes() == broken_bytes
    with AnnotationStore.open(tmp_path / "s") as store:
        assert [a.document for a in store.annotations()] == [docs[1].id]
    assert check_store(tmp_path / "s") == []


def test_repair_rebuilds_a_damaged_codebook_keeping_the_codes_in_use(tmp_path: Path) -> None:
    docs = make_store(tmp_path / "s", documents=1)
    with AnnotationStore.open(tmp_path / "s") as store:
        store.codebook.add("Morale")
        store.add(docs[0], 20, 30, codes=["morale"])
    codebook = tmp_path / "s" / "codebook.json"
    codebook.write_text('{"codes": [1, 2]}')
    done = repair_store(tmp_path / "s")
    assert done[0].startswith(f"moved {codebook} aside to codebook.json.broken-")
    assert done[1:] == [
        f"wrote a new {codebook} with the default codes",
        "added code 'morale' to the codebook: annotations use it",
    ]
    with AnnotationStore.open(tmp_path / "s") as store:
        assert [c.id for c in store.codebook] == [
            "strength",
            "area-for-improvement",
            "staffing",
            "morale",
        ]
        assert len(store.annotations()) == 2


def test_repair_adds_codes_that_annotations_use_but_the_codebook_lacks(tmp_path: Path) -> None:
    docs = make_store(tmp_path / "s", documents=1)
    path = tmp_path / "s" / "docs" / document_filename(docs[0].id)
    path.write_text(path.read_text().replace('"staffing"', '"morale"'))
    assert repair_store(tmp_path / "s") == [
        "added code 'morale' to the codebook: annotations use it"
    ]
    with AnnotationStore.open(tmp_path / "s") as store:
        assert store.annotations(code="morale")


def test_repair_leaves_out_a_default_code_named_like_a_code_in_use(tmp_path: Path) -> None:
    # annotations use the id "Strength" (a hand-edited or imported file); the damaged codebook
    # is rebuilt from the defaults, whose "strength" is named like it: the store must open
    docs = make_store(tmp_path / "s", documents=1)
    path = tmp_path / "s" / "docs" / document_filename(docs[0].id)
    path.write_text(path.read_text().replace('"staffing"', '"Strength"'))
    (tmp_path / "s" / "codebook.json").write_text('{"codes": [1, 2]}')
    done = repair_store(tmp_path / "s")
    assert done[2:] == [
        "left the default code 'strength' out: annotations use the code 'Strength'",
        "added code 'Strength' to the codebook: annotations use it",
    ]
    assert check_store(tmp_path / "s") == []
    with AnnotationStore.open(tmp_path / "s") as store:
        assert [c.id for c in store.codebook] == ["area-for-improvement", "staffing", "Strength"]
        assert len(store.annotations(code="Strength")) == 1


def test_repair_renames_a_users_code_named_like_a_code_in_use(tmp_path: Path) -> None:
    # the codebook is intact but lacks the id "Strength" its own "strength" is named like
    docs = make_store(tmp_path / "s", documents=1)
    with AnnotationStore.open(tmp_path / "s") as store:
        store.add(docs[0], 20, 30, codes=["strength"])
    path = tmp_path / "s" / "docs" / document_filename(docs[0].id)
    path.write_text(path.read_text().replace('"staffing"', '"Strength"'))
    done = repair_store(tmp_path / "s")
    assert done == [
        "renamed code 'strength' to 'strength (2)': annotations use the code 'Strength'",
        "added code 'Strength' to the codebook as 'Strength (restored)': annotations use it",
    ]
    assert check_store(tmp_path / "s") == []
    with AnnotationStore.open(tmp_path / "s") as store:
        names = {c.id: c.name for c in store.codebook}
        assert names["strength"] == "strength (2)" and names["Strength"] == "Strength (restored)"
        assert store.annotations(code="strength") and store.annotations(code="Strength")


def test_repair_of_an_empty_codebook_names_codes_differing_only_by_case(tmp_path: Path) -> None:
    # a tester's case: no codes at all, annotations using "Strength", "strength", "STAFFING"
    docs = make_store(tmp_path / "s", documents=1)
    with AnnotationStore.open(tmp_path / "s") as store:
        store.add(docs[0], 20, 30, codes=["strength"])
        store.add(docs[0], 31, 40, codes=["area-for-improvement"])
    path = tmp_path / "s" / "docs" / document_filename(docs[0].id)
    text = path.read_text().replace('"staffing"', '"STAFFING"')
    path.write_text(text.replace('"area-for-improvement"', '"Strength"'))
    (tmp_path / "s" / "codebook.json").write_text('{"codes": []}')
    done = repair_store(tmp_path / "s")
    assert done[1].endswith("with the default codes")  # an empty list of codes is damage
    assert done[2:] == [
        "renamed code 'strength' to 'strength (2)': annotations use the code 'Strength'",
        "left the default code 'staffing' out: annotations use the code 'STAFFING'",
        "added code 'STAFFING' to the codebook: annotations use it",
        "added code 'Strength' to the codebook as 'Strength (restored)': annotations use it",
    ]
    assert check_store(tmp_path / "s") == []
    with AnnotationStore.open(tmp_path / "s") as store:
        assert len(store.annotations()) == 3
        kept = {c.id: (c.name, c.key) for c in store.codebook}
        assert kept["strength"] == ("strength (2)", "1")  # the default in use keeps its key


def test_repair_writes_a_missing_meta_file(tmp_path: Path) -> None:
    make_store(tmp_path / "s")
    (tmp_path / "s" / "meta.json").unlink()
    done = repair_store(tmp_path / "s")
    assert done == [f"wrote a new {tmp_path / 's' / 'meta.json'} (schema 1)"]
    with AnnotationStore.open(tmp_path / "s") as store:
        assert len(store.annotations()) == 2


def test_repair_refuses_a_store_in_use(tmp_path: Path) -> None:
    make_store(tmp_path / "s")
    with AnnotationStore.open(tmp_path / "s"), pytest.raises(StoreLockedError):
        repair_store(tmp_path / "s")


def test_repair_leaves_a_newer_store_untouched(tmp_path: Path) -> None:
    make_store(tmp_path / "s")
    meta = tmp_path / "s" / "meta.json"
    meta.write_text(meta.read_text().replace('"schema":1', '"schema":7'))
    before = digest(tmp_path / "s")
    with pytest.raises(StoreVersionError, match="newer casereader"):
        repair_store(tmp_path / "s")
    assert digest(tmp_path / "s") == before
