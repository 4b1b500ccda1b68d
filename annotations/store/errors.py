"""The store's errors: each reaches the user as one line naming the store (and the file)."""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import CasereaderError


class StoreError(CasereaderError):
    """Something about the annotation store; the message names the store's location."""


class StoreLockedError(StoreError):
    """Another process (or another handle in this one) is writing to the store."""

    def __init__(self, location: Path, pid: int | None):
        holder = f"process {pid}" if pid is not None else "another process"
        super().__init__(
            f"store {location} is in use by {holder}; close it there, or open it read-only"
        )
        self.location = location
        self.pid = pid


class StoreCorruptError(StoreError):
    """A store file cannot be read; it is left exactly as it is."""

    def __init__(
        self,
        location: Path,
        file: Path,
        reason: str,
        remedy: str = "casereader doctor can move it aside",
    ):
        super().__init__(
            f"store {location}: {relative(file, location)} is damaged ({reason}); "
            f"it was left untouched ({remedy})"
        )
        self.location = location
        self.file = file
        self.reason = reason


class StoreVersionError(StoreError):
    """The store was written by a newer casereader, or by one we cannot migrate from."""


class StoreWriteError(StoreError):
    """A change could not be saved; the store on disk and in memory is as before the call."""

    def __init__(self, location: Path, file: Path, error: OSError, detail: str = ""):
        detail = detail or "nothing was changed"
        super().__init__(
            f"could not save to store {location}: writing {relative(file, location)} failed: "
            f"{os_reason(error)}; {detail}"
        )
        self.location = location
        self.file = file
        self.errno = error.errno


class StoreReadOnlyError(StoreError):
    """The store was opened read-only."""


class DocumentChangedError(StoreError):
    """The document's text differs from the text its annotations were made on."""


class AnnotationNotFoundError(StoreError, KeyError):
    """No annotation has this id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class AnnotationError(CasereaderError, ValueError):
    """An annotation that cannot be stored as given (empty passage, no codes, bad offsets)."""


def relative(path: Path, location: Path) -> str:
    """A store file as the user would find it inside the store folder named beside it."""
    try:
        return path.relative_to(location).as_posix()
    except ValueError:
        return str(path)


_REASONS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large (file size limit reached)",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EIO: "input/output error",
}


def os_reason(error: OSError) -> str:
    """The OS reason for a failure in the user's words: "disk full", not "Errno 28"."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error) or type(error).__name__
