"""The text cache: each source's extracted text, kept by its sha256 and the extractor's version.

Extraction can take a second a file; reopening a corpus must not, and the text must be the
same character for character, or every offset into it would shift. An entry is one JSON file
named ``<source sha256>.<format>.<extractor version>.json`` in the folder the caller gives
(the store's folder): a line of JSON with the ``Extraction``'s fields and the length and
sha256 of its text, then the text itself as UTF-8.

It is a cache, so a damaged entry (unreadable, truncated, not JSON, fields wrong, text not
matching its checksum, for another source or version) is never trusted: ``get`` returns
None and the caller extracts again, and ``put`` replaces it. Entries are opened without
following symbolic links and must be regular files; the folder must be a real folder, not a
link. Writes are durable: a temporary file, fsync, rename, fsync of the folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import stat
import time
from pathlib import Path
from typing import Any

from annotations.errors import CasereaderError

from .model import Extraction

FORMAT = "casereader-text-cache"
VERSION = 1
MAX_ENTRY_BYTES = 1 << 30
STALE_TEMP_SECONDS = 3600
_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class TextCacheError(CasereaderError):
    """The cache folder cannot be used (a symbolic link, not a folder, not writable)."""


class TextCache:
    """Extracted texts on disk. ``get`` never raises for a bad entry; ``put`` is durable."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        _make_folder(self.folder)
        self.damaged = 0
        """Entries found damaged and ignored since this cache was opened."""
        self._remove_stale_temps()

    # --- reading ------------------------------------------------------------------------------

    @staticmethod
    def name(source_sha256: str, fmt: str, version: str) -> str:
        if not _SHA256.match(source_sha256) or not _SAFE.match(fmt) or not _SAFE.match(version):
            raise ValueError(f"bad cache key {source_sha256!r}, {fmt!r}, {version!r}")
        return f"{source_sha256}.{fmt}.{version}.json"

    def get(self, source_sha256: str, fmt: str, version: str) -> Extraction | None:
        """The cached extraction for this source and extractor version, or None."""
        name = self.name(source_sha256, fmt, version)
        try:
            data = self._read(name)
        except FileNotFoundError:
            return None
        except OSError:
            self.damaged += 1
            return None
        try:
            extraction = self._parse(data)
            _check_key(extraction, (source_sha256, fmt, version))
        except (ValueError, RecursionError, UnicodeError):
            self.damaged += 1
            return None
        return extraction

    @staticmethod
    def _parse(data: bytes) -> Extraction:
        """An entry: one line of JSON (all but the text), then the text's UTF-8 bytes.

        The text is kept raw, not as a JSON string, so reading it back is a checksum and a
        decode, not a parse of megabytes of escapes.
        """
        end = data.find(b"\n")
        if end < 0:
            raise ValueError("no header line")
        header = _header(data[:end])
        body = data[end + 1 :]
        _check_text(header, body)
        fields = header.get("extraction")
        if not isinstance(fields, dict) or "text" in fields:
            raise ValueError("bad extraction fields")
        return Extraction.from_json({**fields, "text": body.decode("utf-8")})

    def _read(self, name: str) -> bytes:
        """An entry's bytes: no symbolic link followed, a regular file, not absurdly large."""
        folder = os.open(self.folder, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW)
        try:
            handle = _open_entry(name, folder)
        finally:
            os.close(folder)
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise OSError(errno.EINVAL, "not a regular file")
            if info.st_size > MAX_ENTRY_BYTES:
                raise OSError(errno.EFBIG, "cache entry too large")
            return stream.read(MAX_ENTRY_BYTES + 1)

    # --- writing ------------------------------------------------------------------------------

    def put(self, extraction: Extraction) -> None:
        """Write an entry durably, replacing whatever (damaged or linked) had its name.

        Raises ``TextCacheError`` if it cannot be written (full disk, read-only folder): the
        caller still has the text, only the next opening is slower.
        """
        name = self.name(extraction.source_sha256, extraction.format, extraction.extractor_version)
        data = _entry(extraction)
        temp = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            folder = os.open(self.folder, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW)
        except OSError as error:
            raise TextCacheError(f"{self.folder}: cannot write: {error.strerror}") from None
        try:
            _write_new(temp, data, folder)
            os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
            os.fsync(folder)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)
            raise TextCacheError(f"{self.folder}: cannot write {name}: {error.strerror}") from None
        finally:
            os.close(folder)

    def _remove_stale_temps(self) -> None:
        """Temporary files left by a process killed mid-write (an hour old: not in progress)."""
        now = time.time()
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    _remove_if_stale(entry, now)


def _make_folder(folder: Path) -> None:
    """The cache folder made if missing; refused if it is a symbolic link or not a folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError as error:
        raise TextCacheError(f"{folder}: cannot use as the text cache: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise TextCacheError(f"{folder}: the text cache is a symbolic link; refused")
    if not stat.S_ISDIR(info.st_mode):
        raise TextCacheError(f"{folder}: the text cache is not a folder")


def _check_key(extraction: Extraction, key: tuple[str, str, str]) -> None:
    """An entry must be of the source and extractor version it is filed under."""
    if (extraction.source_sha256, extraction.format, extraction.extractor_version) != key:
        raise ValueError("entry for another source or version")


def _header(line: bytes) -> dict[str, Any]:
    """An entry's header line, checked to be this cache's, in its version."""
    header = json.loads(line)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a cache entry")
    if header.get("version") != VERSION:
        raise ValueError("another cache version")
    return header


def _check_text(header: dict[str, Any], body: bytes) -> None:
    """The text must have the length and checksum its header recorded."""
    if header.get("text_bytes") != len(body):
        raise ValueError("text of the wrong length (truncated?)")
    if hashlib.sha256(body).hexdigest() != header.get("text_sha256"):
        raise ValueError("text does not match its checksum")


def _entry(extraction: Extraction) -> bytes:
    """An entry's bytes: the header line (with all but the text), then the text."""
    body = extraction.text.encode("utf-8")
    fields = extraction.to_json()
    del fields["text"]
    header = {
        "format": FORMAT,
        "version": VERSION,
        "text_bytes": len(body),
        "text_sha256": hashlib.sha256(body).hexdigest(),
        "extraction": fields,
    }
    data = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return data + b"\n" + body


def _open_entry(name: str, folder: int) -> int:
    """An entry opened for reading without following a link; FileNotFoundError if none."""
    try:
        return os.open(name, os.O_RDONLY | _O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise FileNotFoundError(name) from None
        raise


def _write_new(temp: str, data: bytes, folder: int) -> None:
    """A new file written whole and flushed to disk (never over an existing one or a link)."""
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW, 0o644, dir_fd=folder)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_if_stale(entry: os.DirEntry[str], now: float) -> None:
    """A temporary file removed if an hour old (a write still in progress is younger)."""
    with contextlib.suppress(OSError):
        if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
            os.unlink(entry.path)
