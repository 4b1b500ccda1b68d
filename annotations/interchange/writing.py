"""Writing an export file so that it is either complete or absent.

A failed export (full disk, killed process, bad path) must leave no half-written file and must
not touch a file already there: the bytes go to a temporary file in the same folder, which is
flushed to disk and then renamed over the target in one step.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .model import ExportError


def write_atomically(path: str | Path, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` in one step; refuse to replace a file unless ``force``.

    Without ``force`` the final step is a hard link, which fails if the target appeared in the
    meantime, so a file created by someone else is never overwritten.
    """
    target = Path(path)
    check_target(target, force)
    folder = target.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        reason = _reason(error)
        if error.errno == errno.ENOENT and folder.is_dir():  # e.g. /proc: it exists, but...
            reason = "the folder does not accept new files"
        raise ExportError(
            f"cannot write {target}: cannot create a file in {folder}: {reason}"
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), _file_mode(target))
            os.fsync(handle.fileno())
        _publish(temp, target, force)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {_reason(error)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _fsync_folder(folder)
    return target


def check_target(target: Path, force: bool) -> None:
    """Fail early, before any work, on a target that cannot be written."""
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    if target.exists() and not force:
        raise ExportError(f"{target} already exists; use --force to replace it")
    _check_folder(target)


def _check_folder(target: Path) -> None:
    """The target's folder exists and takes new files."""
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {target}: folder {target.parent} is not writable")


def _publish(temp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise ExportError(f"{target} already exists; use --force to replace it") from None
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        _rename_if_absent(temp, target)


NO_HARD_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK)
"""What ``os.link`` fails with on a filesystem without hard links (or too many)."""


def _rename_if_absent(temp: Path, target: Path) -> None:
    """Filesystems without hard links: check again, then rename."""
    if target.exists():
        raise ExportError(f"{target} already exists; use --force to replace it") from None
    os.replace(temp, target)


def _file_mode(target: Path) -> int:
    """Keep the mode of a file being replaced; a new one gets what ``open`` would give it
    (0666 less the umask), not the private 0600 of a temporary file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without setting it (``os.umask`` would race other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
