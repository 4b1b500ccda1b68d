"""Where a corpus document's text came from, and how the corpus gets that text.

A document read from a PDF, Word, OpenDocument, HTML, email or RTF file carries an
``Origin``: its format, the extractor (name and version) and library that made its text, its
page count, the extraction's notes and the dates the file states about itself. It is a small
value, kept in the listing cache, so the list and the detail pane show it without reading
the file.

The text itself comes from the text cache (``TextCache``, keyed by the source's sha256 and the
extractor's version), else from an extraction in a worker process (timeout, memory cap) that
is then cached: reopening is instant and offsets never shift. The cache lives in the store
folder (``<store>/texts``): the corpus's ``.casereader`` or the store the user gave; where
neither can be written, under the user data directory; where nothing can be, there is none
and the text is extracted each time it is needed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import TextCache, TextCacheError
from .dispatch import BADGES, extractor_version
from .model import Extraction, ExtractionError, ExtractionFailure, MetadataDate, optional_field

TEXTS_FOLDER = "texts"
"""The text cache's folder inside a store folder."""


@dataclass(frozen=True)
class Origin:
    """What made a document's text: the source's format and sha256, the extractor and its
    version, the library, the page count, the extraction's notes and the file's own dates."""

    format: str
    source_sha256: str
    extractor: str
    version: str
    library: str
    pages: int | None = None
    notes: tuple[str, ...] = ()
    dates: tuple[MetadataDate, ...] = ()

    @classmethod
    def of(cls, extraction: Extraction) -> Origin:
        return cls(
            extraction.format,
            extraction.source_sha256,
            extraction.extractor,
            extraction.extractor_version,
            extraction.library,
            extraction.pages,
            extraction.notes,
            extraction.dates,
        )

    @property
    def badge(self) -> str:
        return BADGES.get(self.format, self.format.upper())

    @property
    def current(self) -> bool:
        """Whether this casereader's extractor for the format is the one that made the text."""
        try:
            return extractor_version(self.format) == self.version
        except ExtractionError:
            return False

    def describe(self) -> str:
        """One line for the detail pane: ``PDF, 12 pages, by casereader.formats.pdf 1 (...)``."""
        pages = f", {self.pages} page{'s' if self.pages != 1 else ''}" if self.pages else ""
        return f"{self.badge}{pages}; {self.extractor} {self.version} ({self.library})"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "source_sha256": self.source_sha256,
            "extractor": self.extractor,
            "extractor_version": self.version,
            "library": self.library,
            "pages": self.pages,
            "notes": list(self.notes),
            "dates": [d.to_json() for d in self.dates],
        }

    @classmethod
    def from_json(cls, data: Any) -> Origin:
        """Read back ``to_json()``; raises ValueError on anything else (a damaged cache)."""
        if not isinstance(data, dict):
            raise ValueError("an origin is an object")
        try:
            pages = optional_field(data, "pages", int, "page count")
            notes, dates = _lists(data["notes"], data["dates"])
            return cls(
                format=str(data["format"]),
                source_sha256=str(data["source_sha256"]),
                extractor=str(data["extractor"]),
                version=str(data["extractor_version"]),
                library=str(data["library"]),
                pages=pages,
                notes=tuple(str(note) for note in notes),
                dates=tuple(MetadataDate.from_json(d) for d in dates),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not an origin: {error}") from error


def _lists(notes: Any, dates: Any) -> tuple[list[Any], list[Any]]:
    if not isinstance(notes, list) or not isinstance(dates, list):
        raise ValueError("notes and dates are lists")
    return notes, dates


# --- the text cache's place ---------------------------------------------------------------


def open_text_cache(store_folder: Path | None, corpus_root: Path) -> TextCache | None:
    """The text cache: in ``store_folder`` if given and usable, else in the corpus's default
    store folder (``.casereader`` or one under the user data directory), else None."""
    for folder in _cache_places(store_folder, corpus_root):
        if _can_create(folder):
            with contextlib.suppress(TextCacheError):
                return TextCache(folder)
    return None


def _cache_places(store_folder: Path | None, corpus_root: Path) -> list[Path]:
    """Where the text cache may be, first choice first: the store folder given, then the
    corpus's default store folder (none if there is no user data directory)."""
    candidates: list[Path] = []
    if store_folder is not None:
        candidates.append(store_folder / TEXTS_FOLDER)
    with contextlib.suppress(Exception):  # no user data directory: no fallback, no error
        from annotations.store import default_store_location

        candidates.append(default_store_location(corpus_root, False) / TEXTS_FOLDER)
    return candidates


class TextPlace:
    """Where a corpus's text cache is, opened the first time a text is wanted (a corpus of
    plain text never makes the folder)."""

    def __init__(self, store_folder: Path | None, corpus_root: Path) -> None:
        self.store_folder = store_folder
        self.corpus_root = corpus_root
        self._cache: TextCache | None = None
        self._opened = False

    def open(self) -> TextCache | None:
        if not self._opened:
            self._cache = open_text_cache(self.store_folder, self.corpus_root)
            self._opened = True
        return self._cache


def _can_create(folder: Path) -> bool:
    """Whether ``folder`` exists and is writable, or its nearest existing parent is."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


# --- one file's text ----------------------------------------------------------------------


def extract_one(path: Path, place: TextPlace | None) -> Extraction | ExtractionFailure:
    """One file's text through the cache, else extracted in a worker process (then cached).

    A new extractor version that finds the text changed says so in the extraction's notes:
    the store re-anchors passages on the changed text as on an edited file.
    """
    from .workers import extract_sources, read_source

    try:
        source = read_source(path)
    except ExtractionError as error:
        return error.failure(None)
    cache = place.open() if place is not None else None
    cached = _cached(cache, source.sha256, source.format)
    if cached is not None:
        return cached
    for _source, result in extract_sources([source], cache, workers=1):
        return changed_since(result, cache)
    return ExtractionFailure("crashed", "no result from the extractor", source.format)


def _cached(cache: TextCache | None, sha256: str, fmt: str) -> Extraction | None:
    if cache is None:
        return None
    return cache.get(sha256, fmt, extractor_version(fmt))


def changed_since(
    result: Extraction | ExtractionFailure, cache: TextCache | None
) -> Extraction | ExtractionFailure:
    """A new extraction, with a note when an older extractor version gave other text.

    The note is added to the cache entry too, so it stays with the text until the next
    version."""
    if cache is None or not isinstance(result, Extraction):
        return result
    older = earlier_extraction(cache, result)
    if older is None or older.text == result.text:
        return result
    from dataclasses import replace

    note = (
        f"text extracted again by {result.extractor} {result.extractor_version} "
        f"(was {older.extractor_version}): it changed, so passages coded on it are re-anchored"
    )
    noted = replace(result, notes=(*result.notes, note))
    with contextlib.suppress(TextCacheError):
        cache.put(noted)
    return noted


def earlier_extraction(cache: TextCache, extraction: Extraction) -> Extraction | None:
    """The cached text of the same source by another version of its extractor, if any."""
    prefix = f"{extraction.source_sha256}.{extraction.format}."
    names = _names_starting(cache.folder, prefix)
    for version in _other_versions(names, prefix, extraction.extractor_version):
        with contextlib.suppress(ValueError):
            older = cache.get(extraction.source_sha256, extraction.format, version)
            if older is not None:
                return older
    return None


def _names_starting(folder: Path, prefix: str) -> list[str]:
    """The names in ``folder`` that start with ``prefix``, sorted (none if it is unreadable)."""
    try:
        return sorted(entry.name for entry in os.scandir(folder) if entry.name.startswith(prefix))
    except OSError:
        return []


def _other_versions(names: list[str], prefix: str, current: str) -> Iterator[str]:
    """The extractor versions of cache entries named ``prefix<version>.json``, but ``current``."""
    for name in names:
        version = name[len(prefix) : -len(".json")]
        if name.endswith(".json") and version != current:
            yield version
