"""Text from documents as they come: PDF, Word, OpenDocument, HTML, email, Outlook, RTF.

Each format has a module with ``extract(data, label) -> Extraction`` (raising a typed
``ExtractionError``), ``FORMAT``, ``EXTRACTOR_VERSION`` and ``library()``. Importing this
package, or any format module, loads none of the libraries that read the formats (PDFium,
python-docx, odfpy, trafilatura, lxml, olefile, striprtf): they are imported inside
``extract``, so start-up time does not grow. The ways in:

* ``extract_bytes(data, fmt)``: one file, here, in this process (trusted input, tests);
* ``extract_files(paths, cache)``: many files, each read once, looked up in the text cache by
  its sha256 and the extractor's version, and extracted in worker processes with a timeout
  and a memory cap (``workers.ExtractionPool``), so no file can hang or exhaust the caller;
  every file gives an ``Extraction`` or an ``ExtractionFailure`` with its reason;
* ``TextCache(folder)``: the durable cache, so reopening is instant and offsets never shift.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .cache import TextCache, TextCacheError
from .dispatch import (
    BADGES,
    MAX_SOURCE_BYTES,
    SUFFIXES,
    extract_bytes,
    extractor_version,
    format_of,
    module,
)
from .model import (
    CorruptFileError,
    EncryptedError,
    Extraction,
    ExtractionError,
    ExtractionFailure,
    MetadataDate,
    NoTextError,
    TooLargeError,
    UnsupportedFormatError,
)


def extract_files(
    paths: Iterable[Path], cache: TextCache | None = None, **options: Any
) -> Iterator[tuple[Path, Extraction | ExtractionFailure]]:
    """Many files in worker processes, through the cache: see ``workers.extract_files``."""
    from .workers import extract_files as run

    return run(paths, cache, **options)


def __getattr__(name: str) -> Any:
    """The worker machinery (multiprocessing) is imported only when asked for."""
    if name in ("ExtractionPool", "Source", "extract_sources", "read_source"):
        from . import workers

        return getattr(workers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BADGES",
    "MAX_SOURCE_BYTES",
    "SUFFIXES",
    "CorruptFileError",
    "EncryptedError",
    "Extraction",
    "ExtractionError",
    "ExtractionFailure",
    "MetadataDate",
    "NoTextError",
    "TextCache",
    "TextCacheError",
    "TooLargeError",
    "UnsupportedFormatError",
    "extract_bytes",
    "extract_files",
    "extractor_version",
    "format_of",
    "module",
]
