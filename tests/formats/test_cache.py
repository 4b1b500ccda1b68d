"""The text cache: the same text on every reopening, and nothing damaged ever trusted."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.formats import Extraction, TextCache, TextCacheError, extract_bytes
from annotations.formats.workers import ExtractionPool, Source, extract_sources
from tests.formats import writers

Stored = tuple[TextCache, Extraction, Path]


@pytest.fixture(scope="module")
def word_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return writers.report_docx(tmp_path_factory.mktemp("cache") / "r.docx").read_bytes()


@pytest.fixture
def stored(tmp_path: Path, word_bytes: bytes) -> Stored:
    cache = TextCache(tmp_path / "store" / "texts")
    extraction = extract_bytes(word_bytes, "docx")
    cache.put(extraction)
    entry = cache.folder / cache.name(extraction.source_sha256, "docx", "1")
    return cache, extraction, entry


def test_an_entry_reads_back_equal_to_what_was_extracted(stored: Stored) -> None:
    cache, extraction, entry = stored
    again = TextCache(cache.folder).get(extraction.source_sha256, "docx", "1")
    assert again == extraction
    assert entry.is_file() and entry.name.endswith(".docx.1.json")


def test_another_extractor_version_is_a_miss(stored: Stored) -> None:
    cache, extraction, _entry = stored
    assert cache.get(extraction.source_sha256, "docx", "2") is None
    assert cache.damaged == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: b"\xff\xfe not json",
        lambda data: data.replace(b"Strengths", b"Strength!"),
        lambda data: data.replace(b"Strengths", b"Strength"),
        lambda data: data + b"\n",
        lambda data: data.replace(b'"version":1', b'"version":7'),
        lambda data: json.dumps({"format": "casereader-text-cache", "version": 1}).encode(),
        lambda data: data.replace(b'"pages":null', b'"pages":"many"'),
        lambda data: data.replace(b'"strength":"weak"', b'"strength":"great"'),
    ],
    ids=[
        "truncated",
        "empty",
        "garbage",
        "text-changed",
        "text-shortened",
        "text-lengthened",
        "version",
        "fields-missing",
        "pages-not-a-number",
        "unknown-strength",
    ],
)
def test_a_damaged_entry_is_never_trusted(stored: Stored, damage: Callable[[bytes], bytes]) -> None:
    cache, extraction, entry = stored
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.get(extraction.source_sha256, "docx", "1") is None
    assert cache.damaged == 1


def test_an_entry_filed_under_another_source_is_not_trusted(stored: Stored) -> None:
    cache, _extraction, entry = stored
    other = "0" * 64
    entry.rename(cache.folder / cache.name(other, "docx", "1"))
    assert cache.get(other, "docx", "1") is None
    assert cache.damaged == 1


def test_a_symbolic_link_in_place_of_an_entry_is_not_followed(
    stored: Stored, tmp_path: Path
) -> None:
    cache, extraction, entry = stored
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert cache.get(extraction.source_sha256, "docx", "1") is None
    cache.put(extraction)  # replaces the link itself, never writes through it
    assert not entry.is_symlink() and entry.is_file()
    assert cache.get(extraction.source_sha256, "docx", "1") == extraction


def test_a_fifo_in_place_of_an_entry_is_skipped_without_blocking(stored: Stored) -> None:
    cache, extraction, entry = stored
    entry.unlink()
    os.mkfifo(entry)
    assert cache.get(extraction.source_sha256, "docx", "1") is None


def test_a_cache_folder_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(TextCacheError, match="symbolic link"):
        TextCache(tmp_path / "link")


def test_a_cache_that_cannot_be_written_says_so(tmp_path: Path, word_bytes: bytes) -> None:
    cache = TextCache(tmp_path / "texts")
    extraction = extract_bytes(word_bytes, "docx")
    blocked = cache.folder / cache.name(extraction.source_sha256, "docx", "1")
    (blocked / "inside").mkdir(parents=True)  # a folder where the entry goes: rename fails
    with pytest.raises(TextCacheError, match="cannot write"):
        cache.put(extraction)
    assert [p.name for p in cache.folder.iterdir()] == [blocked.name]  # no temporary left


def test_leftover_temporary_files_are_removed_when_old(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    old, fresh = folder / ".a.json.1.ab.tmp", folder / ".b.json.2.cd.tmp"
    old.write_text("x")
    fresh.write_text("y")
    os.utime(old, (0, 0))
    TextCache(folder)
    assert not old.exists() and fresh.exists()


def test_reopening_reads_from_the_cache_without_starting_a_worker(
    tmp_path: Path, word_bytes: bytes
) -> None:
    cache = TextCache(tmp_path / "texts")
    sources = [Source("report.docx", word_bytes, "docx")]
    with ExtractionPool(workers=1) as pool:
        (first,) = [result for _source, result in extract_sources(sources, cache, pool=pool)]
        assert pool.started == 1
    with ExtractionPool(workers=1) as pool:
        (second,) = [result for _source, result in extract_sources(sources, cache, pool=pool)]
        assert pool.started == 0
    assert second == first and isinstance(second, Extraction)


def test_a_damaged_entry_is_extracted_again_and_replaced(tmp_path: Path, word_bytes: bytes) -> None:
    cache = TextCache(tmp_path / "texts")
    sources = [Source("report.docx", word_bytes, "docx")]
    (first,) = [r for _s, r in extract_sources(sources, cache, workers=1)]
    assert isinstance(first, Extraction)
    entry = cache.folder / cache.name(first.source_sha256, "docx", "1")
    entry.write_bytes(entry.read_bytes()[:100])
    (second,) = [r for _s, r in extract_sources(sources, cache, workers=1)]
    assert second == first
    assert TextCache(cache.folder).get(first.source_sha256, "docx", "1") == first
