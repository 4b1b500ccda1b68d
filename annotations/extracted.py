"""Listing the corpus files that are not plain text: PDF, Word, OpenDocument, HTML, email, RTF.

Each file is read once (its bytes are what is hashed and extracted), looked up in the text
cache by its sha256 and the extractor's version, and otherwise extracted in worker processes
(``annotations.formats.workers``: a timeout per file and a memory cap), then cached. Files
are handled in batches so a corpus of thousands never holds all their bytes at once, and the
workers live for the whole listing. A file that gives no text (encrypted, no text layer,
damaged, too large, too slow) is ``Skipped`` with the extractor's reason; the rest go on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .decoding import document_id
from .documents import Document, Skipped, Zones
from .formats import Extraction, ExtractionError, ExtractionFailure, extractor_version
from .formats.origin import TextPlace, changed_since

if TYPE_CHECKING:
    from .formats.cache import TextCache
    from .formats.workers import ExtractionPool, Source

BATCH = 32
"""Files read into memory at once (their bytes go to the workers)."""


def list_extracted(
    files: Sequence[Path],
    root: Path,
    zone: Zones,
    texts: TextPlace,
    workers: int | None = None,
) -> Iterator[tuple[Document, int, int] | Skipped]:
    """Each file as a Document (with its size and modification time) or Skipped, batch by
    batch; cached texts first within a batch, extractions as they finish."""
    from .formats.workers import ExtractionPool

    cache = texts.open()
    pool: ExtractionPool | None = None
    try:
        for start in range(0, len(files), BATCH):
            batch = _Batch(root, zone, texts)
            yield from batch.read(files[start : start + BATCH], cache)
            if not batch.sources:
                continue
            if pool is None:
                pool = ExtractionPool(_pool_size(workers, len(files) - start))
            yield from batch.extracted(cache, pool)
    finally:
        if pool is not None:
            pool.close()


def _pool_size(workers: int | None, files_left: int) -> int:
    """Extraction workers: as many as asked (4 by default), no more than the files left to
    extract, at least one."""
    return min(workers or 4, files_left) or 1


class _Batch:
    """Files read into memory together: those whose text is cached listed at once, the
    others (``sources``) extracted by the pool, each with the size and time read before."""

    def __init__(self, root: Path, zone: Zones, texts: TextPlace) -> None:
        self.root, self.zone, self.texts = root, zone, texts
        self.sources: list[Source] = []
        self.stats: dict[Path, tuple[int, int]] = {}

    def read(
        self, paths: Sequence[Path], cache: TextCache | None
    ) -> Iterator[tuple[Document, int, int] | Skipped]:
        """The files that cannot be read, skipped, and those in the text cache, listed; the
        rest kept to extract."""
        for path in paths:
            read = _read(path)
            if isinstance(read, Skipped):
                yield read
                continue
            source, size, mtime_ns = read
            self.stats[path] = (size, mtime_ns)
            cached = _cached(cache, source)
            if cached is not None:
                yield _document(path, self.root, cached, self.zone, self.texts, size, mtime_ns)
            else:
                self.sources.append(source)

    def extracted(
        self, cache: TextCache | None, pool: ExtractionPool
    ) -> Iterator[tuple[Document, int, int] | Skipped]:
        """The sources extracted, each listed or skipped as it finishes."""
        for source, result in _extract(self.sources, cache, pool):
            path = Path(str(source.key))
            size, mtime_ns = self.stats[path]
            if isinstance(result, ExtractionFailure):
                yield _failed(path, source, result, size, mtime_ns)
            else:
                yield _document(path, self.root, result, self.zone, self.texts, size, mtime_ns)


LASTING = frozenset({"encrypted", "no_text", "corrupt", "too_large", "unsupported", "timeout"})
"""Failures that another attempt on the same file by the same extractor would repeat."""


def _failed(
    path: Path, source: Source, failure: ExtractionFailure, size: int, mtime_ns: int
) -> Skipped:
    if failure.reason not in LASTING:
        return Skipped(path, failure.message)
    key = f"{source.format}:{extractor_version(source.format)}"
    return Skipped(path, failure.message, (size, mtime_ns, key))


def _read(path: Path) -> tuple[Source, int, int] | Skipped:
    """The file's bytes and its size and modification time (taken before reading: a file
    written meanwhile is listed again next time)."""
    from .formats.workers import read_source

    try:
        info = path.stat()
        return read_source(path), info.st_size, info.st_mtime_ns
    except ExtractionError as error:
        return Skipped(path, str(error))
    except OSError as error:
        return Skipped.unreadable(path, error)


def _cached(cache: TextCache | None, source: Source) -> Extraction | None:
    if cache is None:
        return None
    return cache.get(source.sha256, source.format, extractor_version(source.format))


def _extract(
    sources: list[Source], cache: TextCache | None, pool: ExtractionPool
) -> Iterator[tuple[Source, Extraction | ExtractionFailure]]:
    from .formats.workers import extract_sources

    for source, result in extract_sources(sources, cache, pool=pool):
        yield source, changed_since(result, cache)


def _document(
    path: Path,
    root: Path,
    extraction: Extraction,
    zone: Zones,
    texts: TextPlace,
    size: int,
    mtime_ns: int,
) -> tuple[Document, int, int]:
    doc = Document.extracted(document_id(path, root), path, extraction, zone, texts)
    return doc, size, mtime_ns
