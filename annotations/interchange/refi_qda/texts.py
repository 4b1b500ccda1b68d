"""A project's texts, read from inside its archive only, decoded as the corpus decodes."""

from __future__ import annotations

from ...corpus import UndecodableError, decode_raw
from ...safety import SafeZip


def archived_text(path: str, archive: SafeZip) -> tuple[str | None, str]:
    """The text at ``internal://`` inside the archive, or None and why. Paths to files outside
    (``absolute://``, ``relative://``) are never followed: a file from elsewhere must not make
    us read the user's disk."""
    if not path.startswith("internal://"):
        return None, f"its text is outside the project ({path or 'no path'}) and is not read"
    inner = path[len("internal://") :]
    entry = archive.find(f"sources/{inner}") or archive.find(inner)
    if entry is None:
        return None, f"its text file {inner} is not in the archive"
    return _decoded(archive, entry, inner)


def _decoded(archive: SafeZip, entry: str, inner: str) -> tuple[str | None, str]:
    """An archived text file decoded, or None and why."""
    try:
        return decode_source(archive.read(entry)), ""
    except UndecodableError as error:
        return None, f"its text file {inner} is not text ({error})"


def decode_source(data: bytes) -> str:
    """A source text decoded exactly as the corpus decodes a file (``corpus.decode_raw``:
    UTF-8, UTF-16 with a byte-order mark, else Windows-1252; binary refused in every one),
    so the text written into the corpus reads back the same. Newlines are left alone here:
    selection positions count them as written. Raises UndecodableError."""
    return decode_raw(data).text
