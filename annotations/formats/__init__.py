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

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from .cache import TextCache, TextCacheError
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

SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".eml": "eml",
    ".msg": "msg",
    ".rtf": "rtf",
    ".txt": "txt",
    ".md": "md",
}
"""File suffix (lower case) to format name."""

BADGES: dict[str, str] = {
    "pdf": "PDF",
    "docx": "DOCX",
    "odt": "ODT",
    "html": "HTML",
    "eml": "EML",
    "msg": "MSG",
    "rtf": "RTF",
    "txt": "TXT",
    "md": "MD",
}
"""The short name the app shows for each format."""

_MODULES = {
    "pdf": "pdf",
    "docx": "docx",
    "odt": "odt",
    "html": "html",
    "eml": "eml",
    "msg": "msg",
    "rtf": "rtf",
    "txt": "plain",
    "md": "plain",
}
MAX_SOURCE_BYTES = 512 << 20
"""Larger source files are refused before anything reads them."""


def format_of(path: str | Path) -> str | None:
    """The format of a file by its suffix, or None when casereader does not read it."""
    return SUFFIXES.get(Path(path).suffix.lower())


def module(fmt: str) -> ModuleType:
    """The extractor module of a format (light: it imports its library only when extracting)."""
    name = _MODULES.get(fmt)
    if name is None:
        raise UnsupportedFormatError(f"unsupported format {fmt!r}")
    return importlib.import_module(f"{__name__}.{name}")


def extractor_version(fmt: str) -> str:
    """The version of a format's extraction rules: part of the text cache's key."""
    return str(module(fmt).EXTRACTOR_VERSION)


def extract_bytes(data: bytes, fmt: str, label: str = "") -> Extraction:
    """The text of one file's bytes, here in this process; raises ``ExtractionError`` only.

    Any other exception from a library is a damaged file as far as the user is concerned,
    and becomes ``CorruptFileError`` naming the exception.
    """
    extractor = module(fmt)
    if len(data) > MAX_SOURCE_BYTES:
        raise TooLargeError(f"larger than {MAX_SOURCE_BYTES >> 20} MiB; refused")
    try:
        result: Extraction = extractor.extract(data, label)
    except ExtractionError:
        raise
    except MemoryError:
        raise
    except RecursionError:
        raise CorruptFileError(f"damaged {BADGES[fmt]} file: nested too deeply") from None
    except Exception as error:
        message = f"damaged {BADGES[fmt]} file ({type(error).__name__}: {error})"
        raise CorruptFileError(message[:300]) from None
    return result if result.format == fmt else replace(result, format=fmt)


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
