"""A project's texts, put into the corpus folder only when its import succeeds.

A ``.qdpx`` project brings its documents. They are written first to a hidden folder beside
the corpus folder (``.<name>.import-XXXX``, on the same file system), read from there as the
corpus while the import is checked and saved, and linked into the corpus folder just before
the store's transaction ends. A refused or failed import removes the hidden folder, every
text it linked and every folder it made: the corpus folder is left as it was, or not there at
all if the import made it. A text already there with the same content is left as it is
(importing a project twice is harmless), also where its bytes differ but it reads as the
same text (CRLF, a byte-order mark, Windows-1252: ``holds_text``); one with other content
refuses the import before anything is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from ..corpus import path_text
from ..decoding import UndecodableError, decode
from ..safety import read_regular_file
from ..store.files import fsync_dir, make_folders
from .model import ImportFileError, SourceText


def sources_folder(qdpx: Path) -> Path:
    """Where a project's texts go when the user names no folder: beside it, named after it."""
    return qdpx.resolve().with_suffix("")


@dataclass(frozen=True)
class PlannedText:
    """One text of a project: where it goes, its bytes, and whether it is there already."""

    id: str
    target: Path
    data: bytes
    present: bool


def plan_sources(folder: Path, sources: Sequence[SourceText]) -> list[PlannedText]:
    """Check every name and every file already there before anything is written."""
    folder = folder.resolve()
    return [_planned(folder, source) for source in sources]


def _planned(folder: Path, source: SourceText) -> PlannedText:
    """Where a text goes, refused when its name leaves the folder or another file with
    other content is there."""
    target = (folder / source.id).resolve()
    if not target.is_relative_to(folder) or target == folder:
        raise ImportFileError(f"source name {source.id!r} leaves the folder {folder}")
    data = source.text.encode("utf-8")
    present = os.path.lexists(target)
    if present and not holds_text(target, source.text):
        raise ImportFileError(
            f"{path_text(target)} already exists with other content; name another folder"
        )
    return PlannedText(source.id, target, data, present)


def holds_text(path: Path, text: str) -> bool:
    """Whether a file already there reads, as the corpus reads it (decoded: UTF-8 with or
    without a byte-order mark, UTF-16, Windows-1252; newlines normalised), as ``text``: the
    same document, whatever its bytes (a project exported from a CRLF or Windows-1252 file
    carries its text as LF UTF-8). The hashes are compared, as the store compares texts."""
    try:
        decoded = decode(read_regular_file(path, follow_symlinks=False))
    except (OSError, UndecodableError):
        return False
    return _sha256(decoded.text) == _sha256(text)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _why(error: OSError) -> str:
    if isinstance(error, FileExistsError):
        return "a file of that name appeared meanwhile"
    return error.strerror or str(error)


class StagedSources:
    """``with StagedSources(folder, sources) as staged:`` the texts in ``staged.root`` (read
    them as the corpus), ``staged.publish()`` to put the new ones into ``folder``; leaving the
    block with an exception takes everything back."""

    def __init__(self, folder: Path, sources: Sequence[SourceText]) -> None:
        self.folder = folder.absolute()
        self.planned = plan_sources(self.folder, sources)
        self.root = self.folder
        self._staging: Path | None = None
        self._made: list[Path] = []
        self._linked: list[Path] = []

    def __enter__(self) -> StagedSources:
        try:
            self._made += make_folders(self.folder)
            self._staging = Path(
                tempfile.mkdtemp(prefix=f".{self.folder.name}.import-", dir=self.folder.parent)
            )
            self._write_staged(self._staging)
        except OSError as error:
            self._clean(withdraw=True)
            raise ImportFileError(
                f"cannot write the project's texts in {path_text(self.folder)}: "
                f"{error.strerror or error}"
            ) from None
        self.root = self._staging
        return self

    def _write_staged(self, staging: Path) -> None:
        """Every text into the staging folder, each a new file."""
        for text in self.planned:
            path = staging / text.id
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as handle:
                handle.write(text.data)

    def publish(self) -> int:
        """Link the new texts into the corpus folder, durably; returns how many."""
        assert self._staging is not None
        try:
            self._link_new(self._staging)
            for folder in {path.parent for path in self._linked}:
                fsync_dir(folder)
        except OSError as error:
            raise ImportFileError(
                f"cannot put the project's texts in {path_text(self.folder)}: {_why(error)}"
            ) from None
        return len(self._linked)

    def _link_new(self, staging: Path) -> None:
        """Each text not already there linked from the staging folder into its place (never
        over a file: a name taken meanwhile fails)."""
        for text in self.planned:
            if text.present:
                continue
            self._made += make_folders(text.target.parent)
            os.link(staging / text.id, text.target)
            self._linked.append(text.target)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._clean(withdraw=exc is not None)

    def _clean(self, withdraw: bool) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        if withdraw:
            self._withdraw()

    def _withdraw(self) -> None:
        """Take back the texts linked and the folders made, so a failed import leaves
        nothing behind."""
        for path in self._linked:
            with contextlib.suppress(OSError):
                os.unlink(path)
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only if empty: never anything the import did not make
        self._linked, self._made = [], []
