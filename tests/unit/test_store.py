"""The annotation store's API: what each call does, on real TinyDB files in tmp_path."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest
from tinydb import TinyDB

from annotations.codebook import UnknownCodeError
from annotations.corpus import Document
from annotations.model import Annotation
from annotations.store import (
    AnnotationError,
    AnnotationNotFoundError,
    AnnotationStore,
    DocumentChangedError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    default_store_location,
    document_filename,
)

TEXT = (
    "Inspection of children's social care services, 12 March 2019.\n\n"
    "Staff turnover remains high and caseloads are heavy in the assessment team.\n\n"
    "Leaders know their services well and have a clear plan for improvement."
)


def passage(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def doc() -> Document:
    return Document.from_text("2019/ofsted.txt", TEXT)


@pytest.fixture
def other() -> Document:
    return Document.from_text("2020/update.txt", "Recruitment improved. Agency use fell by half.")


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as opened:
        yield opened


def test_opening_a_new_folder_creates_the_store_files(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "new" / "store") as store:
        names = sorted(p.name for p in store.location.iterdir())
    assert names == [".lock", "codebook.json", "docs", "meta.json"]


def test_add_quotes_the_passage_with_its_context(store, doc) -> None:
    start, end = passage(TEXT, "Staff turnover remains high")
    added = store.add(doc, start, end, codes=["staffing"], note="see 2018", coder="anna")
    assert added.exact == "Staff turnover remains high"
    assert added.prefix == TEXT[start - 32 : start]
    assert added.suffix == TEXT[end : end + 32]
    assert (added.document, added.codes, added.note, added.coder) == (
        doc.id,
        ("staffing",),
        "see 2018",
        "anna",
    )
    assert added.created == added.updated and added.created.endswith("Z")
    assert len(added.id) == 36


def test_add_is_on_disk_when_it_returns(store, doc) -> None:
    added = store.add(doc, 0, 10, codes=["strength"])
    rows = TinyDB(store.location / "docs" / document_filename(doc.id)).table("annotations").all()
    assert [row["id"] for row in rows] == [added.id]


def test_add_records_the_sha256_of_the_document_text(store, doc) -> None:
    store.add(doc, 0, 10, codes=["strength"])
    assert store.document_hash(doc.id) == hashlib.sha256(TEXT.encode()).hexdigest()


def test_add_accepts_code_names_and_stores_their_ids(store, doc) -> None:
    added = store.add(doc, 0, 10, codes=["Area for improvement", "STAFFING"])
    assert added.codes == ("area-for-improvement", "staffing")


def test_add_refuses_an_unknown_code_naming_the_known_ones(store, doc) -> None:
    with pytest.raises(UnknownCodeError, match=r"no code 'morale'.*strength"):
        store.add(doc, 0, 10, codes=["morale"])
    assert store.annotations() == []


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "empty passage"), (9, 3, "empty passage"), (0, 10_000, "outside the document")],
)
def test_add_refuses_a_passage_that_is_not_in_the_text(store, doc, start, end, message) -> None:
    with pytest.raises(AnnotationError, match=message):
        store.add(doc, start, end, codes=["strength"])


def test_add_refuses_an_annotation_without_codes(store, doc) -> None:
    with pytest.raises(AnnotationError, match="at least one code"):
        store.add(doc, 0, 10, codes=[])


def test_add_refuses_a_document_whose_text_changed_since_it_was_annotated(store, doc) -> None:
    store.add(doc, 0, 10, codes=["strength"])
    changed = Document.from_text(doc.id, "A new first line.\n" + TEXT)
    with pytest.raises(DocumentChangedError, match="re-anchor"):
        store.add(changed, 0, 5, codes=["strength"])


def test_update_changes_codes_and_note_and_keeps_the_rest(store, doc) -> None:
    added = store.add(doc, 0, 10, codes=["strength"], coder="anna")
    updated = store.update(added.id, codes=["staffing", "strength"], note="check")
    assert (updated.codes, updated.note) == (("staffing", "strength"), "check")
    assert (updated.start, updated.end, updated.coder, updated.created) == (
        added.start,
        added.end,
        "anna",
        added.created,
    )
    assert updated.updated >= added.updated
    assert store.get(added.id) == updated


def test_update_of_only_the_note_keeps_the_codes(store, doc) -> None:
    added = store.add(doc, 0, 10, codes=["strength"])
    assert store.update(added.id, note="n").codes == ("strength",)


def test_update_of_an_unknown_annotation_says_so(store) -> None:
    with pytest.raises(AnnotationNotFoundError, match="no annotation 'nope' in store"):
        store.update("nope", note="x")


def test_remove_takes_the_annotation_out_and_returns_it(store, doc) -> None:
    added = store.add(doc, 0, 10, codes=["strength"])
    assert store.remove(added.id) == added
    assert store.get(added.id) is None
    assert store.annotations(doc) == []


def test_annotations_are_sorted_by_document_start_end_and_id(store, doc, other) -> None:
    late = store.add(doc, 40, 60, codes=["strength"])
    wide = store.add(doc, 10, 50, codes=["strength"])
    narrow = store.add(doc, 10, 20, codes=["strength"])
    first = store.add(other, 0, 5, codes=["strength"])
    assert [a.id for a in store.annotations()] == [narrow.id, wide.id, late.id, first.id]


def test_overlapping_passages_are_both_kept(store, doc) -> None:
    a = store.add(doc, 64, 100, codes=["staffing"])
    b = store.add(doc, 80, 120, codes=["area-for-improvement"])
    assert [x.id for x in store.annotations(doc)] == [a.id, b.id]


def test_annotations_filter_by_document_object_or_id(store, doc, other) -> None:
    mine = store.add(doc, 0, 10, codes=["strength"])
    store.add(other, 0, 5, codes=["strength"])
    assert store.annotations(document=doc) == [mine]
    assert store.annotations(document=doc.id) == [mine]
    assert store.annotations(document="unknown.txt") == []


def test_annotations_filter_by_code_id_or_name(store, doc) -> None:
    staffing = store.add(doc, 0, 10, codes=["staffing", "strength"])
    store.add(doc, 20, 30, codes=["strength"])
    assert store.annotations(code="staffing") == [staffing]
    assert store.annotations(code="Staffing") == [staffing]


def test_annotations_filter_by_coder_and_code_together(store, doc) -> None:
    anna = store.add(doc, 0, 10, codes=["staffing"], coder="anna")
    store.add(doc, 0, 10, codes=["staffing"], coder="ben")
    store.add(doc, 20, 30, codes=["strength"], coder="anna")
    assert store.annotations(code="staffing", coder="anna") == [anna]
    assert len(store.annotations(coder="anna")) == 2


def test_annotations_by_an_unknown_code_raise_a_clear_error(store) -> None:
    with pytest.raises(UnknownCodeError, match="no code 'morale'"):
        store.annotations(code="morale")


@pytest.mark.parametrize(
    "text",
    [
        "Cafe\u0301 society: the e\u0301quipe de\u0301clare that staffing is low, they say.",
        "Rating 🙂👍🏽 staffing is low 🇬🇧 and morale too.",
        "児童相談所の職員が不足しています。staffing is low 人手不足。",
    ],
    ids=["combining-marks", "emoji", "cjk"],
)
def test_offsets_are_code_points_and_survive_a_reopen(tmp_path: Path, text: str) -> None:
    doc = Document.from_text("unicode.txt", text)
    start, end = passage(text, "staffing is low")
    with AnnotationStore.open(tmp_path / "s") as store:
        added = store.add(doc, start - 3, end + 2, codes=["staffing"])
    assert added.exact == text[start - 3 : end + 2]
    with AnnotationStore.open(tmp_path / "s") as store:
        assert store.get(added.id) == added


def test_reopening_keeps_annotations_codebook_and_hashes(tmp_path: Path, doc, other) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        a = store.add(doc, 0, 10, codes=["strength"], note="é ✓", coder="anna")
        b = store.add(other, 0, 5, codes=["staffing"])
        store.update(b.id, note="later")
        store.codebook.add("Leadership", colour="#123456", key="l", description="Who leads")
    with AnnotationStore.open(tmp_path / "s") as store:
        assert [x.id for x in store.annotations()] == [a.id, b.id]
        assert store.get(b.id).note == "later"
        assert store.get(a.id).note == "é ✓"
        assert store.codebook.get("leadership").key == "l"
        assert store.document_hash(other.id) == other.sha256


def test_stock_tinydb_opens_every_file_of_the_store(store, doc) -> None:
    added = store.add(doc, 0, 10, codes=["strength"], note="naïve ✓")
    assert TinyDB(store.location / "meta.json").table("meta").all()[0]["schema"] == 1
    codes = TinyDB(store.location / "codebook.json").table("codes").all()
    assert [c["id"] for c in codes] == ["strength", "area-for-improvement", "staffing"]
    db = TinyDB(store.location / "docs" / document_filename(doc.id))
    assert db.table("document").all()[0]["id"] == doc.id
    assert Annotation.from_dict(db.table("annotations").all()[0]) == added


def test_code_counts_include_unused_codes(store, doc) -> None:
    store.add(doc, 0, 10, codes=["strength", "staffing"])
    store.add(doc, 20, 30, codes=["staffing"])
    assert store.code_counts() == {"strength": 1, "area-for-improvement": 0, "staffing": 2}


def test_put_many_adds_and_replaces_by_id_in_one_undo_step(store, doc, other) -> None:
    first = store.add(doc, 0, 10, codes=["strength"])
    replacement = Annotation.from_dict({**first.to_dict(), "note": "merged"})
    new = Annotation.from_dict({**first.to_dict(), "id": "imported-1", "document": other.id})
    written = store.put_many([replacement, new], {other.id: other.sha256})
    assert written == [replacement, new]
    assert store.get(first.id).note == "merged"
    assert store.document_hash(other.id) == other.sha256
    assert store.undo() == "import 2 annotations"
    assert store.get("imported-1") is None and store.get(first.id).note == ""


def test_put_many_refuses_unknown_codes_before_writing_anything(store, doc) -> None:
    first = store.add(doc, 0, 10, codes=["strength"])
    bad = Annotation.from_dict({**first.to_dict(), "id": "x", "codes": ["morale"]})
    with pytest.raises(UnknownCodeError, match="morale"):
        store.put_many([bad])
    assert store.get("x") is None


def test_add_many_refuses_annotations_already_in_the_store(store, doc) -> None:
    first = store.add(doc, 0, 10, codes=["strength"])
    with pytest.raises(AnnotationError, match="already in store"):
        store.add_many([first])


def test_a_second_writer_is_refused_naming_the_holder(store) -> None:
    with pytest.raises(StoreLockedError, match=f"in use by process {os.getpid()}"):
        AnnotationStore.open(store.location)


def test_closing_releases_the_lock(tmp_path: Path) -> None:
    AnnotationStore.open(tmp_path / "s").close()
    AnnotationStore.open(tmp_path / "s").close()


def test_the_lock_file_holds_the_writers_pid(store) -> None:
    assert (store.location / ".lock").read_text().strip() == str(os.getpid())


def test_read_only_opens_beside_the_writer_and_sees_its_saves(store, doc) -> None:
    added = store.add(doc, 0, 10, codes=["strength"])
    reader = AnnotationStore.open(store.location, read_only=True)
    assert reader.annotations() == [added]
    later = store.add(doc, 20, 30, codes=["staffing"])
    reader.reload()
    assert reader.get(later.id) == later


@pytest.mark.parametrize(
    "change",
    [
        lambda s, d, a: s.add(d, 0, 5, codes=["strength"]),
        lambda s, d, a: s.update(a.id, note="x"),
        lambda s, d, a: s.remove(a.id),
        lambda s, d, a: s.put_many([a]),
        lambda s, d, a: s.undo(),
        lambda s, d, a: s.codebook.add("Morale"),
        lambda s, d, a: s.codebook.rename("strength", "Strengths"),
        lambda s, d, a: s.codebook.remove("area-for-improvement"),
    ],
    ids=["add", "update", "remove", "put_many", "undo", "code-add", "rename", "code-remove"],
)
def test_read_only_refuses_every_change(store, doc, change) -> None:
    added = store.add(doc, 0, 10, codes=["strength"])
    reader = AnnotationStore.open(store.location, read_only=True)
    with pytest.raises(StoreReadOnlyError, match=f"store {store.location} is open read-only"):
        change(reader, doc, added)
    assert reader.annotations() == [added]


def test_read_only_where_no_store_exists_yet_is_empty_and_creates_nothing(
    tmp_path: Path, doc
) -> None:
    reader = AnnotationStore.open(tmp_path / "missing", read_only=True)
    assert (reader.annotations(), len(reader.codebook)) == ([], 3)
    assert not (tmp_path / "missing").exists()
    with AnnotationStore.open(tmp_path / "missing") as writer:
        added = writer.add(doc, 0, 5, codes=["strength"])
    reader.reload()
    assert reader.annotations() == [added]


def test_a_closed_store_refuses_use(tmp_path: Path, doc) -> None:
    store = AnnotationStore.open(tmp_path / "s")
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.add(doc, 0, 5, codes=["strength"])


def test_changes_from_another_thread_are_refused(store, doc) -> None:
    errors: list[Exception] = []

    def work() -> None:
        try:
            store.add(doc, 0, 5, codes=["strength"])
        except StoreError as error:
            errors.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert "thread that opened it" in str(errors[0])


def test_leftover_temp_files_are_removed_at_open(tmp_path: Path, doc) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        store.add(doc, 0, 5, codes=["strength"])
    leftovers = [
        tmp_path / "s" / "codebook.json.tmp-99999-1",
        tmp_path / "s" / "docs" / "x.tmp-1-2",
    ]
    for path in leftovers:
        path.write_text("{")
    with AnnotationStore.open(tmp_path / "s") as store:
        assert len(store.annotations()) == 1
    assert not any(p.exists() for p in leftovers)


def test_default_location_is_inside_a_writable_corpus(seeds_copy: Path) -> None:
    assert default_store_location(seeds_copy, bundled=False) == seeds_copy / ".casereader"


def test_default_location_for_the_bundled_seeds_is_in_user_data(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    location = default_store_location(seeds_copy, bundled=True)
    assert location.parent == tmp_path / "data" / "casereader" / "stores"
    assert location.name.startswith("corpus-")
    elsewhere = tmp_path / "other" / "corpus"
    elsewhere.mkdir(parents=True)
    assert default_store_location(elsewhere, bundled=True) != location


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
def test_default_location_for_a_read_only_corpus_is_in_user_data(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    seeds_copy.chmod(0o555)
    try:
        location = default_store_location(seeds_copy, bundled=False)
    finally:
        seeds_copy.chmod(0o755)
    assert location.parent == tmp_path / "data" / "casereader" / "stores"
