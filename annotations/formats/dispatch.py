"""Which module reads which format, and one file's bytes extracted here, in this process.

The package (``annotations.formats``) and its worker processes (``workers``) both extract
through ``extract_bytes``; it lives here, below both, so that neither imports the other.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from .model import (
    CorruptFileError,
    Extraction,
    ExtractionError,
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
    return importlib.import_module(f"{__package__}.{name}")


_VERSIONS: dict[str, str] = {}


def extractor_version(fmt: str) -> str:
    """The version of a format's extraction rules: part of the text cache's key (asked once
    per document when a corpus reopens, so remembered)."""
    version = _VERSIONS.get(fmt)
    if version is None:
        version = _VERSIONS[fmt] = str(module(fmt).EXTRACTOR_VERSION)
    return version


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
    except (ExtractionError, MemoryError):
        raise
    except Exception as error:
        raise _damaged(fmt, error) from None
    return result if result.format == fmt else replace(result, format=fmt)


def _damaged(fmt: str, error: Exception) -> CorruptFileError:
    """A library's exception as the one-line error the user sees: a damaged file."""
    if isinstance(error, RecursionError):
        return CorruptFileError(f"damaged {BADGES[fmt]} file: nested too deeply")
    message = f"damaged {BADGES[fmt]} file ({type(error).__name__}: {error})"
    return CorruptFileError(message[:300])
