"""Transactions: many changes to many files, saved as one, all or nothing, even across a crash.

``AnnotationStore.transaction("import x.json")`` collects every change made inside it (codes
added, passages imported, codes taken off passages...) in a ``Transaction``; the store shows
each in memory at once, so later steps see earlier ones, and writes nothing. At the end the
changes are combined (``history.combine``) into one ``Change``: each touched file is staged
once, and ``ChangeWriter`` saves them together. A change to one file is one atomic rename; a
change to several goes through the rollback journal (``journal.Journal``): before the first
file is replaced, the journal records what every touched file held, and it is removed once
all are written. A crash at any moment leaves the journal or not: at the next open an
interrupted change is rolled back from it, so the store is as before the transaction or as
after it, never between. The whole transaction is one undo step.

A failure to write (full disk, a failing ``fsync``) rolls the files back at once and the store
puts its memory back as it was: the transaction raised, and nothing happened.
"""

from __future__ import annotations

import errno
from collections import defaultdict
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from ..model import Annotation, Code
from .errors import StoreWriteError
from .file_format import (
    ANNOTATIONS_TABLE,
    CODEBOOK,
    CODES_TABLE,
    DOCS,
    DOCUMENT_TABLE,
    Damaged,
    document_filename,
    record_title,
    table_rows,
)
from .files import AtomicJSONStorage
from .history import Change, Pair, combine, subject
from .journal import Journal
from .scan import Scan


class Transaction:
    """The changes made so far inside ``store.transaction(...)``; nothing written yet."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.parts: list[Change] = []
        self.undoable: list[Change] = []
        self.hashes: dict[str, str] = {}
        self.rebase: list[tuple[str, str]] = []
        """Documents re-anchored (id, new text): undo history follows them once saved."""

    def record(self, change: Change, undoable: bool = True) -> None:
        """A change already shown in memory. Not ``undoable``: housekeeping (a text's hash)."""
        self.parts.append(change)
        if undoable:
            self.undoable.append(change)
        self.hashes.update(change.hashes)

    def change(self) -> Change:
        """Everything, as the one change to write."""
        return combine(self.description, self.parts)

    def undo_step(self) -> Change:
        """What undo takes back: the user's changes (hashes follow the text, never undone)."""
        return replace(combine(self.description, self.undoable), hashes=())


@dataclass
class DocumentFile:
    """One document's TinyDB file and what the store needs to find rows in it."""

    document: str
    db: TinyDB
    storage: AtomicJSONStorage
    sha256: str | None = None
    ids: dict[str, int] = field(default_factory=dict)
    title: str = ""
    """The display title the coder gave the document ("" for none)."""

    @classmethod
    def open(cls, folder: Path, doc_id: str, data: dict[str, Any] | None) -> DocumentFile:
        db = TinyDB(folder / document_filename(doc_id), data, storage=AtomicJSONStorage)
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        return cls(doc_id, db, storage)

    def refresh(self) -> None:
        """Re-read row ids and the recorded hash from the saved data."""
        data = self.storage.data or {}
        self.ids = {row["id"]: key for key, row in table_rows(data, ANNOTATIONS_TABLE)}
        records = table_rows(data, DOCUMENT_TABLE)
        record = records[0][1] if records else {}
        self.sha256 = record.get("sha256")
        self.title = record_title(record)

    def stage(self, pairs: Sequence[Pair], sha256: str | None, title: str | None = None) -> None:
        """Apply ``pairs`` (and a new hash, a new display title) to the file's data in memory,
        for ``commit``."""
        gone, updates, new = self._sorted(pairs)
        self.storage.stage(updating={ANNOTATIONS_TABLE: {str(key) for key, _a in updates}})
        self._stage_rows(gone, updates, new)
        if self._record_changes(sha256, title):
            self._stage_record(sha256 or self.sha256, self.title if title is None else title)

    def _record_changes(self, sha256: str | None, title: str | None) -> bool:
        """Whether the document record is (re)written: a new hash or title, or a new file."""
        return sha256 is not None or title is not None or self.storage.data is None

    def _sorted(
        self, pairs: Sequence[Pair]
    ) -> tuple[list[int], list[tuple[int, Annotation]], list[Annotation]]:
        """The rows to remove, the rows to update (with their new annotation), and the new
        annotations, of a change to this file."""
        gone: list[int] = []
        updates: list[tuple[int, Annotation]] = []
        new: list[Annotation] = []
        for before, after in pairs:
            if after is None:
                assert before is not None
                if before.id in self.ids:
                    gone.append(self.ids[before.id])
            elif after.id in self.ids:
                updates.append((self.ids[after.id], after))
            else:
                new.append(after)
        return gone, updates, new

    def _stage_rows(
        self, gone: list[int], updates: list[tuple[int, Annotation]], new: list[Annotation]
    ) -> None:
        """The annotation rows removed, rewritten and added, in the file's data in memory."""
        table = self.db.table(ANNOTATIONS_TABLE)
        if gone:
            table.remove(doc_ids=gone)
        for key, after in updates:
            table.update(after.to_dict(), doc_ids=[key])
        if new:
            table.insert_multiple(a.to_dict() for a in new)

    def _stage_record(self, sha256: str | None, title: str) -> None:
        """The file's one document record: its id, the hash of its text and, when the coder
        gave one, its display title."""
        record: dict[str, Any] = {"id": self.document, "sha256": sha256}
        if title:
            record["title"] = title
        records = self.db.table(DOCUMENT_TABLE)
        existing = [doc.doc_id for doc in records.all()]
        if existing:

            def rewrite(document: MutableMapping[Any, Any]) -> None:
                document.pop("title", None)  # a title taken away goes
                document.update(record)

            records.update(rewrite, doc_ids=existing[:1])
        else:
            records.insert(record)


class ChangeWriter:
    """Writes combined changes to the store's files: one write per touched file, several
    files all-or-nothing through the journal."""

    def __init__(self, location: Path, journal: Journal) -> None:
        self.location = location
        self.journal = journal
        self.documents: dict[str, DocumentFile] = {}
        self.codebook: TinyDB | None = None
        self.recovery_pending = False

    def load(self, scan: Scan) -> None:
        """Handles on the files of a checked scan: the codebook's and each document's."""
        contents = scan.contents
        assert contents is not None
        self.codebook = TinyDB(self.location / CODEBOOK, scan.codebook, storage=AtomicJSONStorage)
        self.documents.clear()
        for doc_id, (name, document) in contents.documents.items():
            handle = DocumentFile.open(self.location / DOCS, doc_id, scan.documents[name])
            handle.sha256, handle.ids = document.sha256, document.ids
            handle.title = document.title
            self.documents[doc_id] = handle

    def write(self, change: Change) -> None:
        """Save ``change`` durably, or raise StoreWriteError with the files as they were."""
        self.recover()
        by_doc = _by_document(change.annotations)
        hashes = dict(change.hashes)
        titles = {doc_id: after for doc_id, _before, after in change.titles}
        touched = set(by_doc) | set(hashes) | set(titles)
        new_files: dict[str, DocumentFile] = {}
        staged: list[AtomicJSONStorage] = []
        try:
            for doc_id in sorted(touched):
                handle = self._file_of(doc_id, new_files)
                handle.stage(by_doc.get(doc_id, []), hashes.get(doc_id), titles.get(doc_id))
                staged.append(handle.storage)
            if change.codes is not None:
                staged.append(self._stage_codebook(change.codes[1]))
            self._commit(staged)
        finally:
            for storage in staged:
                storage.discard()
        self.documents.update(new_files)
        for doc_id in touched:
            self.documents[doc_id].refresh()

    def _file_of(self, doc_id: str, new_files: dict[str, DocumentFile]) -> DocumentFile:
        """A document's file; one it has no file yet is opened new (into ``new_files``, kept
        only once the change is saved)."""
        handle = self.documents.get(doc_id)
        if handle is None:
            handle = new_files[doc_id] = DocumentFile.open(self.location / DOCS, doc_id, None)
        return handle

    def _stage_codebook(self, codes: tuple[Code, ...]) -> AtomicJSONStorage:
        assert self.codebook is not None
        storage = self.codebook.storage
        assert isinstance(storage, AtomicJSONStorage)
        storage.stage()
        table = self.codebook.table(CODES_TABLE)
        table.truncate()
        table.insert_multiple(c.to_dict() for c in codes)
        return storage

    def _commit(self, staged: Sequence[AtomicJSONStorage]) -> None:
        """Commit staged files: one atomically, several all-or-nothing via the journal."""
        if len(staged) <= 1:
            self._commit_alone(staged)
            return
        before = [(s.path, s.data) for s in staged]
        self._write_journal(before)
        done: list[AtomicJSONStorage] = []
        failing = self.journal.path
        try:
            for storage in staged:
                failing = storage.path
                storage.commit()
                done.append(storage)
            failing = self.journal.path
            self.journal.remove()
        except OSError as error:
            detail = self._roll_back(done, dict(before))
            raise StoreWriteError(self.location, failing, error, detail) from None

    def _commit_alone(self, staged: Sequence[AtomicJSONStorage]) -> None:
        """Commit one staged file (or none): its atomic rename needs no journal."""
        for storage in staged:
            try:
                storage.commit()
            except OSError as error:
                raise StoreWriteError(self.location, storage.path, error) from None

    def _write_journal(self, before: list[tuple[Path, dict[str, Any] | None]]) -> None:
        """Record what every file of a change to several holds, before any is replaced."""
        try:
            self.journal.write(before)
        except OSError as error:
            # The journal may be in place though its folder's fsync failed: left there, the
            # next open would roll later changes back to what it recorded. Remove it, or roll
            # back by it (harmlessly: no file was written) before the next change.
            detail = "nothing was changed"
            if not self._journal_removed():
                self.recovery_pending = True
                detail += "; the journal is removed at the next save"
            raise StoreWriteError(self.location, self.journal.path, error, detail) from None

    def _roll_back(
        self, done: Sequence[AtomicJSONStorage], before: Mapping[Path, dict[str, Any] | None]
    ) -> str:
        """Put back files already written by a change that failed part-way."""
        if _restored(done, before) and self._journal_removed():
            return "nothing was changed"
        # The journal still says how to put the disk back: before the next change, or at
        # the next open.
        self.recovery_pending = True
        return "nothing was changed; the partly written change is undone at the next save"

    def _journal_removed(self) -> bool:
        """Remove the journal; whether that worked (if not, it is still on disk)."""
        try:
            self.journal.remove()
        except OSError:
            return False
        return True

    def recover(self) -> None:
        """Finish rolling back a change whose failure could not be cleaned up at the time."""
        if not self.recovery_pending:
            return
        try:
            self.journal.roll_back()
        except (OSError, Damaged) as error:
            cause = error if isinstance(error, OSError) else OSError(errno.EIO, str(error))
            raise StoreWriteError(
                self.location,
                self.journal.path,
                cause,
                "an earlier failed change could not be rolled back yet; nothing was changed",
            ) from None
        self.recovery_pending = False


def _by_document(pairs: Sequence[Pair]) -> dict[str, list[Pair]]:
    """A change's annotation pairs by the document (so the file) they belong to."""
    by_doc: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        by_doc[subject(pair).document].append(pair)
    return by_doc


def _restored(
    done: Sequence[AtomicJSONStorage], before: Mapping[Path, dict[str, Any] | None]
) -> bool:
    """Put each written file back, last first, trying every one; whether all were put back
    on disk (memory reverts even where the disk refuses)."""
    restored = True
    for storage in reversed(done):
        try:
            storage.restore(before[storage.path])
        except OSError:
            restored = False
    return restored


def annotations_of(change: Change) -> list[Annotation]:
    """The annotations a change leaves (its ``after`` states)."""
    return [after for _before, after in change.annotations if after is not None]
