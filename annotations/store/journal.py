"""The rollback journal: a change to several files is all-or-nothing, even across a crash."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .file_format import (
    CODEBOOK,
    DOC_NAME,
    DOCS,
    JOURNAL,
    META,
    Damaged,
    json_type,
    read_tinydb,
    table_rows,
)
from .files import encode, put_durably, unlink_durably, write_durably


class Journal:
    """An undo log that makes a change to several files all-or-nothing, even across a crash.

    Before the first file is replaced, ``rollback.json`` records what every file held (or
    that it did not exist). It is removed once all files are written. If it is still there
    at the next open, the change never finished (nor was it acknowledged), so every file is
    put back as it was. Single-file changes need no journal: the rename is atomic.
    """

    def __init__(self, location: Path):
        self.location = location
        self.path = location / JOURNAL

    def exists(self) -> bool:
        return os.path.lexists(self.path)

    def write(self, entries: Sequence[tuple[Path, dict[str, Any] | None]]) -> None:
        rows = {
            str(n): {"file": path.relative_to(self.location).as_posix(), "content": content}
            for n, (path, content) in enumerate(entries, start=1)
        }
        write_durably(self.path, encode({"rollback": rows}))

    def read(self) -> list[tuple[Path, dict[str, Any] | None]]:
        data = read_tinydb(self.path)
        entries = []
        for key, row in table_rows(data, "rollback"):
            entries.append(self._entry(key, row))
        return entries

    def _entry(self, key: int, row: dict[str, Any]) -> tuple[Path, dict[str, Any] | None]:
        """One recorded file and what it held (None: it was not there); Damaged if the entry
        names no store file or holds something other than a file's contents."""
        name, content = row.get("file"), row.get("content")
        if not isinstance(name, str) or not journal_target(name):
            raise Damaged(f"entry {key} names no store file")
        if content is not None and not isinstance(content, dict):
            raise Damaged(f"entry {key} holds {json_type(content)}, not file contents")
        return self.location / name, content

    def roll_back(self) -> int:
        """Put every recorded file back, then drop the journal. Returns the number of files."""
        entries = self.read()
        for path, content in entries:
            put_durably(path, content)
        unlink_durably(self.path)
        return len(entries)

    def remove(self) -> None:
        unlink_durably(self.path)


def journal_target(name: str) -> bool:
    if name in (META, CODEBOOK):
        return True
    folder, _, file = name.partition("/")
    return folder == DOCS and bool(DOC_NAME.match(file))
