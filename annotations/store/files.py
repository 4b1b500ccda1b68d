"""Durable files: written through a temp file, fsync and rename, so a crash leaves the old
file or the new one, never a torn one."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

_temp_counter = itertools.count()


def encode(data: Any) -> bytes:
    """JSON as TinyDB reads it. ASCII-only, so stock TinyDB opens it under any locale."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def copy_json(value: Any) -> Any:
    """A deep copy of JSON data (for migrations, which may reshape anything)."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
    return value


def copy_tables(
    data: dict[str, Any], only: Mapping[str, Collection[str]] | None = None
) -> dict[str, Any]:
    """A copy of TinyDB data down to the rows, which TinyDB's ``update`` edits in place.

    Values inside rows (the ``codes`` lists) are shared: TinyDB replaces them, never edits
    them. ``only`` limits the copying, for the tables it names, to the rows about to be
    updated; the others are shared. Copying all 100 rows of a document for each save left the
    garbage collector a hundred new objects to scan per save: milliseconds at p99.
    """
    copy: dict[str, Any] = {}
    for name, rows in data.items():
        keys = only.get(name) if only is not None else None
        copy[name] = _copied_rows(rows, keys)
    return copy


def _copied_rows(rows: dict[str, Any], keys: Collection[str] | None) -> dict[str, Any]:
    """A table's rows: every one copied (``keys`` None), or those of ``keys``, the others
    shared."""
    if keys is None:
        return {key: dict(row) for key, row in rows.items()}
    copied = dict(rows)
    for key in keys:
        if key in rows:
            copied[key] = dict(rows[key])
    return copied


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and any missing parents, each durably (its parent fsynced, so a crash
    cannot lose a folder whose files were already saved). Returns the folders made,
    outermost first."""
    made: list[Path] = []
    for path in reversed(_missing_folders(folder)):
        try:
            os.mkdir(path)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours
        made.append(path)
        fsync_dir(path.parent)
    return made


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and its parents that are not there, innermost first."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    return missing


def unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def replace_file(path: Path, payload: bytes) -> None:
    """Write ``payload`` to a temp file beside ``path``, fsync it and rename it over ``path``.

    A failure removes the temp file and leaves ``path`` as it was. The rename is durable only
    after ``fsync_dir(path.parent)``.
    """
    temp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{next(_temp_counter)}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        unlink_quietly(temp)
        raise


def write_durably(path: Path, payload: bytes) -> None:
    replace_file(path, payload)
    fsync_dir(path.parent)


def unlink_durably(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    fsync_dir(path.parent)


def put_durably(path: Path, data: dict[str, Any] | None) -> None:
    """A store file made to hold ``data``, or removed for None; durably either way."""
    if data is None:
        unlink_durably(path)
    else:
        write_durably(path, encode(data))


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps its data in memory and replaces its file atomically.

    ``read`` hands TinyDB a copy, so a write that fails leaves the data as it was. Between
    ``stage()`` and ``commit()`` writes collect in memory, so several TinyDB operations reach
    the disk as one atomic write (or, with ``discard()``, not at all).
    """

    def __init__(self, path: str | os.PathLike[str], data: dict[str, Any] | None = None):
        super().__init__()
        self.path = Path(path)
        self._data = data
        self._pending: dict[str, Any] | None = None
        self._staging = False
        self._updating: Mapping[str, Collection[str]] | None = None

    @property
    def data(self) -> dict[str, Any] | None:
        """The data as it is on disk. Do not modify it."""
        return self._data

    def read(self) -> dict[str, Any] | None:
        if self._staging:
            if self._pending is None and self._data is not None:
                self._pending = copy_tables(self._data, self._updating)
            return self._pending
        return None if self._data is None else copy_tables(self._data)

    def write(self, data: dict[str, Any]) -> None:
        if self._staging:
            self._pending = data
        else:
            self._save(data)

    def close(self) -> None:
        pass

    def stage(self, updating: Mapping[str, Collection[str]] | None = None) -> None:
        """Collect writes in memory until ``commit``. ``updating`` may promise that, in the
        tables it names, TinyDB will only update the rows with these ids (and insert or
        remove rows), so that only those rows need copying."""
        self._staging, self._pending, self._updating = True, None, updating

    def commit(self) -> None:
        """Save what was staged. On failure the file and ``data`` are as before."""
        data, self._pending, self._staging = self._pending, None, False
        if data is not None:
            self._save(data)

    def discard(self) -> None:
        self._staging, self._pending = False, None

    def restore(self, data: dict[str, Any] | None) -> None:
        """Put back earlier data (None: no file). Memory takes it even if the disk refuses."""
        self.discard()
        self._data = data
        put_durably(self.path, data)

    def _save(self, data: dict[str, Any]) -> None:
        replace_file(self.path, encode(data))
        try:
            fsync_dir(self.path.parent)
        except OSError:
            # The rename may or may not survive a crash; put the old file back so that the
            # failed call leaves the store as it was (best effort: we are already failing).
            with contextlib.suppress(OSError):
                self.restore(self._data)
            raise
        self._data = data
