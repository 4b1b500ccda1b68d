"""Bytes to text as the corpus reads them, and file names as text.

A document is UTF-8 (a byte-order mark stripped), UTF-16 with a byte-order mark, else
Windows-1252 with a note; binary content is refused in every one of them, so a byte-order
mark cannot smuggle NUL characters in. Newlines become ``\\n``. A file name's bytes that are
not UTF-8 are written ``\\xNN``: the one rule for names in ids, exports and messages.
Imports (``.qdpx`` sources) decode with the same functions, so what they write reads back
the same.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    notes: tuple[str, ...]


class UndecodableError(ValueError):
    """The bytes are not a text document (binary, or not any encoding we read)."""


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    # The five bytes cp1252 leaves undefined map to the C1 controls, as browsers do.
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(chr(b) for b in bad), error.end


codecs.register_error("casereader-cp1252", _cp1252_fallback)


_TEXT_CONTROLS = bytes([9, 10, 12, 13, 27])
_ALL_CONTROLS = bytes(range(32))
_OTHER_CONTROLS = bytes(b for b in _ALL_CONTROLS if b not in _TEXT_CONTROLS)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text document."""
    if not data:
        return False
    if b"\x00" in data:
        return True
    sample = data[:4096]
    # Keep only the control bytes that text does not use, in C, and count them.
    controls = len(sample) - len(sample.translate(None, _OTHER_CONTROLS))
    return controls > max(8, len(sample) // 10)


BINARY = "binary file (NUL or control bytes), not a text document"


def decode(data: bytes, final: bool = True) -> Decoded:
    """Decode a document: UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252, with
    newlines normalised. ``final=False`` decodes a head that may end mid-character. Raises
    UndecodableError for binary data."""
    raw = decode_raw(data, final)
    return Decoded(normalise_newlines(raw.text), raw.encoding, raw.notes)


def decode_raw(data: bytes, final: bool = True) -> Decoded:
    """``decode`` without normalising newlines (a project's positions count them as written).

    Binary content is refused in every encoding: UTF-16 text is checked once decoded, so a
    byte-order mark cannot smuggle NUL characters into the corpus.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, final)
    if looks_binary(data):
        raise UndecodableError(BINARY)
    return _utf8_else_cp1252(data[3:] if data.startswith(codecs.BOM_UTF8) else data, final)


def _utf16(data: bytes, final: bool) -> Decoded:
    """UTF-16 announced by its byte-order mark, refused if it decodes to binary content."""
    decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    text = decoder.decode(data, final=final)
    if looks_binary(text[:4096].encode("utf-8", "replace")):
        raise UndecodableError(BINARY)
    return Decoded(text, "utf-16", ("decoded as UTF-16 (byte-order mark)",))


def _utf8_else_cp1252(body: bytes, final: bool) -> Decoded:
    """UTF-8 (without its mark), else Windows-1252 with a note of the first bad byte."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(body, final=final)
        return Decoded(text, "utf-8", ())
    except UnicodeDecodeError as error:
        note = (
            f"not valid UTF-8 (byte 0x{body[error.start]:02x} at offset {error.start}); "
            "read as Windows-1252"
        )
    text = body.decode("cp1252", errors="casereader-cp1252")
    return Decoded(text, "windows-1252", (note,))


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as text: bytes that are not UTF-8 (Python keeps them as lone surrogates) are
    written ``\\xNN``. The one rule for file names everywhere: ids, exports, messages."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def document_id(path: Path, root: Path) -> str:
    """A document's id: its path relative to the corpus root, as text (see ``path_text``)."""
    return path_text(path.relative_to(root).as_posix())
