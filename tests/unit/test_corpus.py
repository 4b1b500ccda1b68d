"""Loading a corpus: decoding, newlines, ids, titles, skipped files, laziness."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotations.corpus import HEAD_BYTES, Document, bundled_seeds, load_corpus
from annotations.errors import CorpusError
from tests.conftest import SEEDS

SEED_TITLES = {
    "000_5a060fe8e0fc1d2f.txt": (
        "Managers spend the week with front-line social care and education staff"
    ),
    "001_4ce5a44545e5f212.txt": (
        "Council’s commitment to children in need and their families praised by Ofsted"
    ),
    "002_0b49bff90da76fb3.txt": "Children’s Services OFSTED Focused visit",
    "003_93d7185cc9cb614b.txt": "Support of all needed to help children",
}


def test_seed_titles_read_as_headlines() -> None:
    corpus = load_corpus(SEEDS)
    for doc_id, title in SEED_TITLES.items():
        assert corpus[doc_id].title == title


def test_committee_page_is_titled_by_its_agenda_item() -> None:
    title = load_corpus(SEEDS)["004_cb163003ce2c7245.txt"].title
    assert title != "Issue - meetings"
    assert "safeguarding" in title.lower() and "surrey" in title.lower()


def test_documents_are_sorted_by_id_and_indexable() -> None:
    corpus = load_corpus(SEEDS)
    ids = [d.id for d in corpus.documents]
    assert ids == sorted(ids) and len(ids) == 5
    assert corpus[ids[2]].id == ids[2]
    assert ids[0] in corpus


def test_bundled_seeds_are_the_repository_seeds() -> None:
    assert sorted(p.name for p in bundled_seeds().glob("*.txt")) == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )


def test_sha256_is_of_the_normalised_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"one\r\ntwo\rthree\n")
    doc = load_corpus(tmp_path)["a.txt"]
    assert doc.text == "one\ntwo\nthree\n"
    assert doc.sha256 == hashlib.sha256(b"one\ntwo\nthree\n").hexdigest()


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfHello there world\n")
    doc = load_corpus(tmp_path)["a.txt"]
    assert doc.text == "Hello there world\n"
    assert doc.notes == ()


def test_windows_1252_is_decoded_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Council\u2019s report on caf\u00e9s\n".encode("cp1252"))
    doc = load_corpus(tmp_path)["a.txt"]
    assert doc.text == "Council\u2019s report on caf\u00e9s\n"
    assert any("Windows-1252" in note for note in doc.notes)


def test_undefined_windows_1252_bytes_still_decode(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"odd \x81 byte and \xe9\n")
    doc = load_corpus(tmp_path)["a.txt"]
    assert doc.text == "odd \x81 byte and \u00e9\n"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Report on children\r\n".encode("utf-16"))
    doc = load_corpus(tmp_path)["a.txt"]
    assert doc.text == "Report on children\n"


def test_binary_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A good document about care\n")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02PNG\x00\x00")
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["good.txt"]
    assert len(corpus.skipped) == 1
    assert corpus.skipped[0].path.name == "bad.txt"
    assert "binary" in corpus.skipped[0].reason


def test_folders_are_searched_recursively_for_txt_and_md(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "a.md").write_text("# A heading for a note\n")
    (tmp_path / "b.txt").write_text("Another document here\n")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".casereader").mkdir()
    (tmp_path / ".casereader" / "x.txt").write_text("store internals")
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["b.txt", "sub/deeper/a.md"]
    assert corpus["sub/deeper/a.md"].title == "A heading for a note"


def test_files_named_directly_are_relative_to_their_common_folder(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "a.txt").write_text("First text in here\n")
    (tmp_path / "y" / "b.txt").write_text("Second text in here\n")
    corpus = load_corpus([tmp_path / "x" / "a.txt", tmp_path / "y" / "b.txt"])
    assert [d.id for d in corpus.documents] == ["x/a.txt", "y/b.txt"]


def test_missing_path_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "nowhere")


def test_listing_reads_only_the_head_of_large_files(tmp_path: Path) -> None:
    big = "Inspection report on children in care\n\n" + ("word " * 100 + "\n") * 2000
    (tmp_path / "big.txt").write_text(big)
    doc = load_corpus(tmp_path)["big.txt"]
    assert not doc.loaded
    assert doc.title == "Inspection report on children in care"
    assert len(big.encode()) > HEAD_BYTES
    assert doc.text == big
    assert doc.loaded


def test_a_multibyte_character_cut_by_the_head_does_not_break_decoding(tmp_path: Path) -> None:
    text = "Title of a long document\n" + "é" * (HEAD_BYTES)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    doc = load_corpus(tmp_path)["a.txt"]
    assert doc.notes == ()
    assert doc.text == text


def test_empty_and_whitespace_files_load_with_a_fallback_title(tmp_path: Path) -> None:
    (tmp_path / "empty_file.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n\t\n")
    corpus = load_corpus(tmp_path)
    assert corpus["empty_file.txt"].title == "empty file"
    assert corpus["empty_file.txt"].text == ""
    assert corpus["blank.txt"].title == "blank"


def test_document_from_text_normalises_newlines() -> None:
    doc = Document.from_text("mem.txt", "A title for memory\r\nbody\r")
    assert doc.text == "A title for memory\nbody\n"
    assert doc.title == "A title for memory"


def listed(path: Path, root: Path, cache, zone: str = "Europe/London"):
    """One file through ``list_documents`` with a listing cache."""
    from annotations.corpus import list_documents

    (document,) = list_documents([path], root, zone, cache)
    return document


def test_listing_cache_lists_unchanged_files_without_reading_them(tmp_path: Path) -> None:
    import shutil

    from annotations.corpus import ListingCache

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    cache_file = tmp_path / "listing.json"
    first = ListingCache(cache_file)
    fresh = {p.name: listed(p, corpus, first) for p in sorted(corpus.glob("*.txt"))}
    first.save()
    second = ListingCache(cache_file)
    for path in sorted(corpus.glob("*.txt")):
        cached = listed(path, corpus, second)
        assert not cached.loaded
        assert cached.title == fresh[path.name].title
        before, after = fresh[path.name].dateline, cached.dateline
        assert (before and before.to_json()) == (after and after.to_json())
        assert cached.text == fresh[path.name].text


def test_listing_cache_notices_a_changed_file_and_another_zone(tmp_path: Path) -> None:
    from annotations.corpus import ListingCache

    path = tmp_path / "a.txt"
    path.write_text("First title of it\n\nPublished 3 March 2021 at 10:00\n")
    cache = ListingCache(tmp_path / "listing.json")
    assert listed(path, tmp_path, cache).dateline.utc.hour == 10
    path.write_text("Second title of it\n\nPublished 4 March 2021 at 11:00 and more\n")
    changed = listed(path, tmp_path, cache)
    assert changed.title == "Second title of it"
    other = listed(path, tmp_path, cache, "America/New_York")
    assert other.dateline.zone == "America/New_York"


def test_a_corrupt_listing_cache_is_ignored(tmp_path: Path) -> None:
    from annotations.corpus import ListingCache

    (tmp_path / "listing.json").write_text("{not json")
    (tmp_path / "a.txt").write_text("A title for this one\n")
    cache = ListingCache(tmp_path / "listing.json")
    assert listed(tmp_path / "a.txt", tmp_path, cache).title == "A title for this one"
    cache.save()
    assert ListingCache(tmp_path / "listing.json").entries


def test_listing_in_worker_processes_matches_listing_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import annotations.corpus as corpus_module
    from annotations.corpus import ListingCache, Skipped, list_documents, scan

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for index in range(12):
        (corpus / f"extra-{index:02d}.txt").write_text(
            f"Extra report {index}\n\nPublished {index + 1} May 2020\n"
        )
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    root, files = scan(corpus)
    here = {d.id: d for d in list_documents(files, root, workers=1) if not isinstance(d, Skipped)}
    monkeypatch.setattr(corpus_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(corpus_module, "CHUNK", 4)
    cache = ListingCache(tmp_path / "listing.json")
    items = list(list_documents(files, root, workers=2, cache=cache))
    skipped = [item for item in items if isinstance(item, Skipped)]
    there = {d.id: d for d in items if not isinstance(d, Skipped)}
    assert [s.path.name for s in skipped] == ["binary.txt"]
    assert set(there) == set(here)
    for doc_id, document in there.items():
        assert document.title == here[doc_id].title
        before, after = here[doc_id].dateline, document.dateline
        assert (before and before.to_json()) == (after and after.to_json())
        assert document.text == here[doc_id].text
    assert set(cache.entries) == set(there)


def test_listing_falls_back_to_this_process_when_workers_cannot_start(tmp_path: Path) -> None:
    """As inside an app that has taken over the standard streams: no process can be spawned
    (the resource tracker passes stderr's descriptor on), yet every file is listed."""
    import subprocess
    import sys
    import textwrap

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index in range(30):
        (corpus / f"r{index:02d}.txt").write_text(f"Report {index}\n\nPublished 2 May 2020\n")
    script = textwrap.dedent(
        f"""
        import io, json, sys
        import annotations.corpus as corpus_module
        from annotations.corpus import Skipped, list_documents, scan
        corpus_module.PARALLEL_MIN, corpus_module.CHUNK = 1, 4
        root, files = scan({str(corpus)!r})
        class Captured(io.StringIO):  # as Textual's captured streams: no real descriptor
            def fileno(self):
                return -1
        real = sys.stdout
        sys.stdout, sys.stderr = Captured(), Captured()
        import multiprocessing
        try:  # what starting a pool does first: here it must fail, or this tests nothing
            multiprocessing.get_context("spawn").Lock()
            raise SystemExit("processes can start here: the fallback is not exercised")
        except ValueError:
            pass
        items = list(list_documents(files, root, workers=2))
        ids = sorted(d.id for d in items if not isinstance(d, Skipped))
        real.write(json.dumps([ids, [d.title for d in items]]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    ids, titles = json.loads(result.stdout)
    assert ids == [f"r{index:02d}.txt" for index in range(30)]
    from annotations.corpus import list_documents, scan

    root, files = scan(corpus)
    here = list_documents(files, root, workers=1)
    assert sorted(titles) == sorted(d.title for d in here)
