"""A corpus folder of every format: listed, dated, cached, skipped per file, and offsets stable."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.corpus import Document, ListingCache, list_documents, load_corpus, scan
from annotations.dateline import ZoneChoice
from annotations.formats import TextCache
from tests.formats.mixed import READABLE, SKIPPED, mixed_corpus


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mixed_corpus(tmp_path_factory.mktemp("mixed") / "corpus")


@pytest.fixture
def corpus_folder(written: Path, tmp_path: Path) -> Path:
    """A fresh copy (no text cache, no store) for each test."""
    return Path(shutil.copytree(written, tmp_path / "corpus"))


def listed(folder: Path, store: Path) -> tuple[dict[str, Document], dict[str, str]]:
    root, files = scan(folder)
    cache = ListingCache(store / "listing-cache.json")
    documents: dict[str, Document] = {}
    skipped: dict[str, str] = {}
    for item in list_documents(files, root, "Europe/London", cache):
        if isinstance(item, Document):
            documents[item.id] = item
        else:
            skipped[item.path.name] = item.reason
    cache.save()
    return documents, skipped


def test_every_format_is_listed_with_its_badge_and_the_failures_with_their_reasons(
    corpus_folder: Path,
) -> None:
    corpus = load_corpus(corpus_folder)
    badges = {d.id: d.origin.badge if d.origin else "TXT" for d in corpus}
    assert badges == READABLE
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert set(reasons) == set(SKIPPED)
    for name, words in SKIPPED.items():
        assert words in reasons[name]
    pdf = corpus["inspection.pdf"]
    assert pdf.origin is not None and pdf.origin.pages == 4
    assert "— page 2 —" in pdf.text
    assert "page 4: no text layer: needs OCR" in pdf.notes


def test_the_text_cache_is_in_the_store_folder_and_the_listing_cache_reads_nothing(
    corpus_folder: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    first, _ = listed(corpus_folder, store)
    entries = sorted(p.name.split(".")[1] for p in (store / "texts").glob("*.json"))
    assert entries == sorted(["pdf", "docx", "odt", "html", "eml", "msg", "rtf"])
    assert not (corpus_folder / ".casereader").exists()  # the store given, not the default
    again, skipped = listed(corpus_folder, store)
    assert set(skipped) == set(SKIPPED)  # remembered failures are said again
    for doc_id, document in again.items():
        assert not document.loaded  # from the listing cache: nothing read
        assert document.title == first[doc_id].title
        assert document.dateline == first[doc_id].dateline
        assert (document.origin is None) == (first[doc_id].origin is None)
        assert document.text == first[doc_id].text  # from the text cache, the same text
    assert again["inspection.pdf"].origin == first["inspection.pdf"].origin


def test_an_email_is_dated_by_its_date_header_with_its_offset(corpus_folder: Path) -> None:
    email = load_corpus(corpus_folder)["visit.eml"]
    dateline = email.dateline
    assert dateline is not None and dateline.source == "metadata"
    assert dateline.local is not None and dateline.local.isoformat() == "2024-01-29T17:45:00-05:00"
    assert dateline.zone == "UTC-05:00" and dateline.zone_source == "text"
    assert email.text[dateline.start : dateline.end] == "Mon, 29 Jan 2024 17:45:00 -0500"


def test_file_properties_date_a_document_only_when_its_text_has_no_dateline(
    corpus_folder: Path,
) -> None:
    corpus = load_corpus(corpus_folder)
    pdf = corpus["inspection.pdf"]  # CreationDate 2024-03-05 09:30+01:00, text "5 March 2024"
    assert pdf.dateline is not None and pdf.dateline.source == "text"
    letter = corpus["letter.rtf"]  # no date in the text: its \creatim, weak, assumed zone
    assert letter.dateline is not None and letter.dateline.source == "metadata"
    assert letter.dateline.zone_assumed and letter.dateline.text == "2024-03-05T09:30:00"


def test_a_new_extractor_version_that_changes_the_text_says_so(corpus_folder: Path) -> None:
    load_corpus(corpus_folder)
    cache = TextCache(corpus_folder / ".casereader" / "texts")
    entry = next(cache.folder.glob("*.docx.1.json"))
    old = cache.get(entry.name.split(".")[0], "docx", "1")
    assert old is not None
    from dataclasses import replace

    cache.put(replace(old, extractor_version="0", text=old.text.replace("Inspection", "Insp")))
    entry.unlink()  # as if this version had never run: the text is extracted again
    document = load_corpus(corpus_folder)["minutes.docx"]
    assert any("(was 0): it changed, so passages" in note for note in document.notes)
    assert "Inspection" in document.text


def test_datelines_json_has_the_format_and_notes_and_skips_with_reasons(
    corpus_folder: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "datelines", "--json", str(corpus_folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    assert set(rows) == set(READABLE)
    assert rows["inspection.pdf"]["format"] == "pdf"
    assert rows["inspection.pdf"]["extraction"]["pages"] == 4
    assert "page 4: no text layer: needs OCR" in rows["inspection.pdf"]["notes"]
    assert rows["notes.txt"]["format"] == "txt" and rows["notes.txt"]["extraction"] is None
    assert rows["visit.eml"]["dateline"]["source"] == "metadata"
    assert rows["notes.txt"]["dateline"]["source"] == "text"
    assert "scan.pdf: no text layer: needs OCR" in result.stderr
    assert "locked.pdf: encrypted" in result.stderr


def test_a_zone_setting_reaches_metadata_datelines_without_an_offset(corpus_folder: Path) -> None:
    zones = ZoneChoice(setting="Australia/Hobart")
    letter = load_corpus(corpus_folder, zones)["letter.rtf"]
    assert letter.dateline is not None
    assert letter.dateline.zone == "Australia/Hobart" and letter.dateline.zone_source == "setting"
    assert letter.dateline.utc is not None and letter.dateline.utc.hour == 22  # 09:30 AEDT


def test_a_file_that_failed_for_good_is_not_extracted_again_until_it_changes(
    corpus_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    _, first = listed(corpus_folder, store)
    import annotations.extracted

    calls: list[list[Path]] = []
    real = annotations.extracted.list_extracted

    def counted(files, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(list(files))
        return real(files, *args, **kwargs)

    monkeypatch.setattr(annotations.extracted, "list_extracted", counted)
    _, again = listed(corpus_folder, store)
    assert again == first and calls == []  # from the listing cache: no extraction at all
    scan = corpus_folder / "scan.pdf"
    scan.write_bytes(scan.read_bytes() + b"\n")  # changed: tried again
    _, third = listed(corpus_folder, store)
    assert third == first and calls == [[scan]]
