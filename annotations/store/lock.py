"""The one-writer lock of a store."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from collections.abc import Callable
from pathlib import Path

from ..safety import file_kind
from .errors import StoreCorruptError, StoreError, StoreLockedError, os_reason
from .file_format import LOCK

NOT_OURS = "casereader doctor --repair moves it aside; casereader makes a new lock"


class Lock:
    """The store's one-writer lock: ``flock`` on ``.lock``, which holds the writer's pid.

    flock is released by the kernel when the process dies, so a crash never leaves the store
    locked; the pid is only there to say who holds it. The lock file is opened without
    following a symbolic link and must be a regular file with no other name (hard link) that
    holds nothing but a pid: a ``.lock`` that is a link to ``~/.bashrc`` in a corpus shared as
    a zip is refused, never written through.
    """

    def __init__(self, location: Path):
        self._fd: int | None = None
        self.path = location / LOCK
        self.created = _check_path(location, self.path)
        """Whether this lock made its file (``AnnotationStore.abandon`` removes it then)."""
        fd = _open(location, self.path)
        _take(fd, location, self.path)
        self._fd = fd
        _write_pid(fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def __del__(self) -> None:
        self.release()


def _take(fd: int, location: Path, path: Path) -> None:
    """flock the opened lock file once it is known to be the store's own; on failure the
    file is closed, and a lock held elsewhere says by which process."""
    try:
        reason = _not_ours(os.fstat(fd), lambda: os.pread(fd, 64, 0))
        if reason is not None:
            raise StoreCorruptError(location, path, reason, NOT_OURS)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        holder = read_pid(fd)
        os.close(fd)
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise StoreLockedError(location, holder) from None
        raise StoreError(f"store {location}: cannot lock {path}: {os_reason(error)}") from None
    except BaseException:
        os.close(fd)
        raise


def _write_pid(fd: int) -> None:
    """The writer's pid into the lock file it holds, to say who holds it."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError:
        pass  # the pid is informative only; the lock is what matters


def _check_path(location: Path, path: Path) -> bool:
    """Refuse a lock path that is a link, a FIFO or a device; True if there is none yet."""
    try:
        reason = file_kind(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError as error:
        raise StoreError(f"store {location}: cannot open {path}: {os_reason(error)}") from None
    if reason is not None:  # a FIFO or a device is never opened, a link never followed
        raise StoreCorruptError(location, path, reason, NOT_OURS)
    return False


def _open(location: Path, path: Path) -> int:
    """The lock file, opened (created if need be) without following a link."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        return os.open(path, flags, 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:  # it became a link since: refuse all the same
            reason = file_kind(stat.S_IFLNK) or ""
            raise StoreCorruptError(location, path, reason, NOT_OURS) from None
        raise StoreError(f"store {location}: cannot open {path}: {os_reason(error)}") from None


def _not_ours(info: os.stat_result, head: Callable[[], bytes]) -> str | None:
    """Why a lock file is not the store's own (not a regular file, other names, something
    other than a pid in it), or None. ``head`` reads its first bytes, only if need be."""
    reason = file_kind(info.st_mode)
    if reason is not None:
        return reason
    if info.st_nlink > 1:
        return f"a file with {info.st_nlink - 1} other name(s) (hard links)"
    held = head().strip()
    if held and not held.isdigit():
        return "it holds something other than a process id: not casereader's lock"
    return None


def lock_problem(location: Path) -> str | None:
    """Why the lock file is not the store's own (for ``casereader doctor``), or None. Looked
    at without opening anything that is not a regular file, and without writing."""
    path = location / LOCK
    try:
        return _not_ours(os.lstat(path), lambda: _head(path))
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be read: {os_reason(error)}"


def _head(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        return os.pread(fd, 64, 0)
    finally:
        os.close(fd)


def read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
