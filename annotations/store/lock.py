"""The one-writer lock of a store."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from .errors import StoreError, StoreLockedError, os_reason
from .file_format import LOCK


class Lock:
    """The store's one-writer lock: ``flock`` on ``.lock``, which holds the writer's pid.

    flock is released by the kernel when the process dies, so a crash never leaves the store
    locked; the pid is only there to say who holds it.
    """

    def __init__(self, location: Path):
        self._fd: int | None = None
        path = location / LOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            raise StoreError(f"store {location}: cannot open {path}: {os_reason(error)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = read_pid(fd)
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreLockedError(location, holder) from None
            raise StoreError(f"store {location}: cannot lock {path}: {os_reason(error)}") from None
        self._fd = fd
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the pid is informative only; the lock is what matters

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def __del__(self) -> None:
        self.release()


def read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
