"""Checks on the zip container of Word and OpenDocument files before a library unpacks them.

python-docx and odfpy read whole entries into memory; a zip bomb (an entry that inflates a
thousandfold) is refused here by its declared sizes and compression ratio, with the limits
the import guards use (``annotations.safety``). The worker's memory cap is the second line.
"""

from __future__ import annotations

import io
import zipfile
from typing import NoReturn

from annotations.safety import (
    MAX_ZIP_ENTRIES,
    MAX_ZIP_TOTAL_BYTES,
    UnsafeFileError,
    check_entry_size,
    unsafe_member_name,
)

from .model import CorruptFileError, EncryptedError, ExtractionError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Office's older container: a .doc, or a password-protected .docx/.odt kept inside one."""


def check_archive(data: bytes, kind: str) -> None:
    """Refuse what is not a sound zip of ``kind`` ("Word", "OpenDocument") with its reason."""
    if data.startswith(OLE_MAGIC):
        _refuse_ole(data, kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise CorruptFileError(f"damaged {kind} file: not a zip archive ({error})") from None
    with archive:
        _check_members(archive.infolist(), kind)


def _refuse_ole(data: bytes, kind: str) -> NoReturn:
    """Refuse Office's older container: a password-protected document, or an old binary one."""
    if _encrypted_package(data):
        raise EncryptedError(f"encrypted {kind} file: it needs a password to open")
    raise CorruptFileError(
        f"not a {kind} document: an older binary Office file (save it as .docx or .odt)"
    )


def _check_members(infos: list[zipfile.ZipInfo], kind: str) -> None:
    """Refuse too many parts, an unsafe part, or parts that together expand too far."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ExtractionError(
            f"{kind} file with more than {MAX_ZIP_ENTRIES} parts; refused", "unsafe"
        )
    total = 0
    for info in infos:
        _check_member(info, kind)
        total += info.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            raise ExtractionError(
                f"{kind} file expands past {MAX_ZIP_TOTAL_BYTES >> 20} MiB; refused", "unsafe"
            )


def _check_member(info: zipfile.ZipInfo, kind: str) -> None:
    """Refuse a part with an unsafe name, a password, or a bomb's size or ratio."""
    reason = unsafe_member_name(info.filename)
    if reason:
        raise ExtractionError(f"{kind} file with a part named by {reason}", "unsafe")
    if info.flag_bits & 0x1:
        raise EncryptedError(f"encrypted {kind} file: it needs a password to open")
    try:
        check_entry_size(kind + " file", info.filename, info.file_size, info.compress_size)
    except UnsafeFileError as error:
        raise ExtractionError(str(error), "unsafe") from None


def _encrypted_package(data: bytes) -> bool:
    """Office keeps a password-protected document as an ``EncryptedPackage`` stream."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            return bool(ole.exists("EncryptedPackage"))
    except Exception:  # a damaged compound file: not readable either way
        return False
