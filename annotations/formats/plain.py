"""Plain text and Markdown: decoded by the corpus's own rules, unchanged otherwise.

Here so that every format goes through one interface; the text is exactly what the corpus
makes of a ``.txt`` file (UTF-8 or UTF-16 with a byte-order mark, else Windows-1252 with a
note; newlines as ``\\n``), so offsets agree whichever way a text file is read.
"""

from __future__ import annotations

from .model import CorruptFileError, Extraction, Extractor

FORMAT = "text"
EXTRACTOR = "casereader.formats.plain"
EXTRACTOR_VERSION = "1"


def library() -> str:
    return "casereader decoding"


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    from annotations.corpus import UndecodableError, decode

    try:
        decoded = decode(data)
    except UndecodableError as error:
        raise CorruptFileError(str(error)) from None
    return MADE_BY.made(
        data,
        decoded.text,
        notes=decoded.notes,
    )
