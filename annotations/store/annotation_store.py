"""``AnnotationStore``: the public API over the store's files, index and history.

Everything else is a module of its own (see the package docstring): this class opens and
closes, answers queries from the index, and turns each public change into a ``Change`` made
inside a transaction, so every change, small or large, is saved the same way.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..codebook import (
    DEFAULT_CODES,
    Codebook,
    CodebookChange,
    CodebookHost,
    UnknownCodeError,
)
from ..model import Annotation, utc_now
from .checks import (
    DocumentLike,
    astray,
    check_same_text,
    check_text,
    checked_batch,
    checked_passage,
    checked_title,
)
from .errors import (
    AnnotationError,
    AnnotationNotFoundError,
    StoreError,
    StoreReadOnlyError,
)
from .file_format import CODEBOOK, DOCS, META
from .files import fsync_dir, unlink_quietly
from .history import Change, History, quoted
from .index import FREEZE_AT, AnnotationIndex
from .journal import Journal
from .lock import Lock
from .opening import Opening, create_folder, scan_for_writing, scan_read_only
from .reshaping import check_belongs, merged, placed, reshaped, split_in_two
from .scan import Contents, Scan
from .transaction import ChangeWriter, Transaction

if TYPE_CHECKING:
    from ..anchoring import ReanchorReport

__all__ = ["FREEZE_AT", "AnnotationStore", "DocumentLike"]


class AnnotationStore:
    """Annotations and codebook of one corpus, kept in a store folder.

    Open with ``AnnotationStore.open(folder)`` (one writer at a time) or
    ``open(folder, read_only=True)`` (any number, alongside the writer; see ``reload``).
    """

    def __init__(self, location: Path, read_only: bool):
        self.location = location
        self.read_only = read_only
        self.codebook = Codebook(
            DEFAULT_CODES,
            host=CodebookHost(self._check_writable, self._annotations_with_code, self._save_codes),
        )
        self._lock: Lock | None = None
        self._closed = False
        self._thread = threading.get_ident()
        journal = Journal(location)
        self._writer = ChangeWriter(location, journal)
        self._index = AnnotationIndex()
        self._history = History()
        self._transaction: Transaction | None = None
        self._opening = Opening(location, journal)
        self._saved = False
        self._seen_hashes: dict[str, str] = {}
        """Read-only: the texts annotations were re-anchored to in memory (``reanchor``)."""
        self._titles: dict[str, str] = {}
        """Display titles the coder gave documents (``set_display_title``)."""

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str | os.PathLike[str], read_only: bool = False) -> AnnotationStore:
        """Open (creating if needed) the store in ``folder``. Read-only, nothing is created: a
        folder without a store reads as an empty store with the default codebook.

        Raises StoreLockedError if another writer has it, StoreVersionError if a newer
        casereader wrote it, StoreCorruptError naming a damaged file (left untouched).
        """
        store = cls(Path(folder).expanduser().absolute(), read_only)
        if read_only:
            with store._index.loading():
                store._load(scan_read_only(store._opening))
            return store
        store._lock = Lock(create_folder(store._opening))
        try:
            with store._index.loading():
                store._load(scan_for_writing(store._opening))
        except BaseException:
            store._lock.release()
            raise
        return store

    @property
    def migrated_from(self) -> int | None:
        """The schema version this store was migrated from at open, if it was."""
        return self._opening.migrated_from

    def _load(self, scan: Scan) -> None:
        """Build the TinyDB handles and the in-memory index from checked files."""
        contents = scan.contents
        assert contents is not None
        self._writer.load(scan)
        self.codebook.show(contents.codes if contents.codes is not None else DEFAULT_CODES)
        self._index.clear()
        self._titles = _titles_of(contents)
        for _name, document in contents.documents.values():
            for annotation in document.annotations:
                self._index.add(annotation)

    def reload(self) -> None:
        """Re-read the store from disk: a read-only view catching up with the writer.

        Each file is read whole (renames are atomic); a change spanning several files that the
        writer makes while this runs may show half-made, as it will complete: reload again.
        """
        self._check_open()
        if not self.read_only:
            raise StoreError(f"store {self.location}: only a read-only store reloads")
        self._seen_hashes.clear()
        with self._index.loading():
            self._load(scan_read_only(self._opening))

    def abandon(self) -> bool:
        """Close the store and, if this open created it and nothing was saved in it since,
        remove what it created: a refused import leaves no store behind. Returns whether it
        removed it (a store that was there before, or holds a saved change, is only closed).
        """
        if not self._opening.new or self._saved or self.read_only or self._closed:
            self.close()
            return False
        self._remove_created()
        return True

    def _remove_created(self) -> None:
        """Close, and remove what this open created: its files, its lock if it made the lock
        file, and the folders it made (only if empty), then make that durable."""
        for name in (CODEBOOK, META):
            unlink_quietly(self.location / name)
        lock = self._lock
        self.close()
        if lock is not None and lock.created:
            unlink_quietly(lock.path)
        self._remove_created_folders()

    def _remove_created_folders(self) -> None:
        """The ``docs`` folder and the folders this open made, innermost first, each only if
        empty; then the removal made durable."""
        for folder in (self.location / DOCS, *reversed(self._opening.created)):
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only if empty: nothing but what this open made
        with contextlib.suppress(OSError):
            fsync_dir(self.location.parent if not self.location.exists() else self.location)

    def close(self) -> None:
        """Release the lock. Every change is already on disk; close only ends the session."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self._closed = True

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writable"
        return f"AnnotationStore({str(self.location)!r}, {mode}, {len(self._index)} annotations)"

    # --- reading ------------------------------------------------------------------------------

    def annotations(
        self,
        document: DocumentLike | str | None = None,
        code: str | None = None,
        coder: str | None = None,
    ) -> list[Annotation]:
        """Annotations matching every filter given, sorted by (document, start, end, id).

        ``code`` is a code's id or name; ``document`` a Document or its id.
        """
        self._check_open()
        code_id = self._code_id(code) if code is not None else None
        doc_ids = [_document_id(document)] if document is not None else self._index.documents()
        return self._index.select(doc_ids, code_id, coder)

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[Annotation]:
        return iter(self.annotations())

    def get(self, ann_id: str) -> Annotation | None:
        return self._index.get(ann_id)

    def document_ids(self) -> list[str]:
        """Documents the store has a file for (annotated now or before)."""
        return sorted(self._writer.documents)

    def document_hash(self, doc_id: str) -> str | None:
        """The sha256 of the text this document's annotations were made on, if recorded."""
        if self._transaction is not None and doc_id in self._transaction.hashes:
            return self._transaction.hashes[doc_id]
        if doc_id in self._seen_hashes:
            return self._seen_hashes[doc_id]
        handle = self._writer.documents.get(doc_id)
        return handle.sha256 if handle is not None else None

    def display_title(self, doc_id: str) -> str | None:
        """The title the coder gave this document (for letters and minutes whose own first
        lines make poor titles), or None: then the document's own title stands."""
        self._check_open()
        return self._titles.get(doc_id) or None

    def display_titles(self) -> dict[str, str]:
        """Every display title given, by document id (for lists and exports)."""
        self._check_open()
        return dict(self._titles)

    def set_display_title(self, doc_id: str, title: str | None) -> str | None:
        """Give a document a display title (None or blank: back to its own), saved with its
        coding as one undoable change; white space runs become one space. Returns it."""
        self._check_writable()
        new = checked_title(doc_id, title)
        old = self._titles.get(doc_id, "")
        if new != old:
            what = f"rename {quoted(doc_id)} to {quoted(new)}" if new else "remove the title"
            self._do(Change(what, titles=((doc_id, old, new),)))
        return new or None

    def code_counts(self) -> dict[str, int]:
        """Annotations per code id: every codebook code (0 if unused), then any unknown ids."""
        used = self._index.code_counts()
        counts = {c.id: used.get(c.id, 0) for c in self.codebook}
        counts.update((code_id, n) for code_id, n in used.items() if code_id not in counts)
        return counts

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    # --- changing -----------------------------------------------------------------------------

    def add(
        self,
        document: DocumentLike,
        start: int,
        end: int,
        codes: Sequence[str] | str,
        note: str = "",
        coder: str | None = None,
    ) -> Annotation:
        """Code the passage ``document.text[start:end]`` and save it.

        Codes are ids or names. The first annotation of a document records the sha256 of its
        text; later ones must be made on that same text (else DocumentChangedError: re-anchor).
        """
        self._check_writable()
        code_ids = self._resolve_codes(codes)
        exact, prefix, suffix = checked_passage(document, start, end)
        recorded = self.document_hash(document.id)
        check_same_text(self.location, document, recorded)
        now = utc_now()
        annotation = Annotation(
            id=str(uuid.uuid4()),
            document=document.id,
            start=start,
            end=end,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            codes=code_ids,
            note=note,
            coder=coder,
            created=now,
            updated=now,
        )
        hashes = ((document.id, document.sha256),) if recorded is None else ()
        names = ", ".join(self._code_name(c) for c in code_ids)
        # The codes first: a short status line keeps them when it cuts the quote.
        self._do(Change(f"{names} on {quoted(exact)}", ((None, annotation),), None, hashes))
        return annotation

    def update(
        self, ann_id: str, codes: Sequence[str] | str | None = None, note: str | None = None
    ) -> Annotation:
        """Change an annotation's codes and/or note; returns the saved annotation."""
        self._check_writable()
        old = self._existing(ann_id)
        new_codes = self._resolve_codes(codes) if codes is not None else old.codes
        new_note = note if note is not None else old.note
        if not isinstance(new_note, str):
            raise AnnotationError("a note is text")
        if (new_codes, new_note) == (old.codes, old.note):
            return old
        new = replace(old, codes=new_codes, note=new_note, updated=utc_now())
        what = {(True, False): "codes", (False, True): "note"}.get(
            (new_codes != old.codes, new_note != old.note), "codes and note"
        )
        self._do(Change(f"change the {what} of {quoted(old.exact)}", ((old, new),)))
        return new

    def remove(self, ann_id: str) -> Annotation:
        """Remove an annotation; returns it as it was."""
        self._check_writable()
        old = self._existing(ann_id)
        self._do(Change(f"remove {quoted(old.exact)}", ((old, None),)))
        return old

    def reattach(self, ann_id: str, document: DocumentLike, start: int, end: int) -> Annotation:
        """Place an annotation (an orphan, usually) on ``document.text[start:end]``: its id,
        codes, note, coder and created time stay, so its history does; one undo step."""
        self._check_writable()
        old = self._existing(ann_id)
        check_belongs(old, document)
        passage = checked_passage(document, start, end)
        check_same_text(self.location, document, self.document_hash(document.id))
        new = placed(old, start, end, passage, "anchored")
        self._do(Change(f"attach {quoted(old.exact)} to {quoted(new.exact)}", ((old, new),)))
        return new

    def reshape(self, ann_id: str, document: DocumentLike, start: int, end: int) -> Annotation:
        """New bounds for a passage (widened, narrowed, moved): its id, codes, note, coder and
        created time stay; one undo step."""
        self._check_writable()
        old = self._existing(ann_id)
        check_same_text(self.location, document, self.document_hash(document.id))
        new = reshaped(old, document, start, end)
        if (new.start, new.end) == (old.start, old.end):
            return old
        self._do(Change(f"reshape {quoted(old.exact)} to {quoted(new.exact)}", ((old, new),)))
        return new

    def merge(self, ann_ids: Sequence[str], document: DocumentLike) -> Annotation:
        """Passages that touch or overlap made one (see ``reshaping.merged``): the first keeps
        its id, the others go; one undo step. Returns the merged passage."""
        self._check_writable()
        olds = [self._existing(ann_id) for ann_id in dict.fromkeys(ann_ids)]
        check_same_text(self.location, document, self.document_hash(document.id))
        whole = merged(olds, document)
        pairs: list[tuple[Annotation | None, Annotation | None]] = [
            (old, whole if old.id == whole.id else None) for old in olds
        ]
        self._do(Change(f"merge {len(olds)} passages into {quoted(whole.exact)}", tuple(pairs)))
        return whole

    def split(self, ann_id: str, document: DocumentLike, at: int) -> tuple[Annotation, Annotation]:
        """A passage cut in two at ``at`` (see ``reshaping.split_in_two``): the first part
        keeps the id; one undo step. Returns both parts."""
        self._check_writable()
        old = self._existing(ann_id)
        check_same_text(self.location, document, self.document_hash(document.id))
        head, tail = split_in_two(old, document, at, str(uuid.uuid4()))
        self._do(Change(f"split {quoted(old.exact)}", ((old, head), (None, tail))))
        return head, tail

    def mark_reviewed(self, ann_id: str) -> Annotation:
        """A passage re-anchoring moved, checked by the user: its "moved" mark goes (one undo
        step). Anything else is returned as it is."""
        self._check_writable()
        old = self._existing(ann_id)
        if old.status != "moved":
            return old
        new = replace(old, status="anchored", updated=utc_now())
        self._do(Change(f"reviewed the move of {quoted(old.exact)}", ((old, new),)))
        return new

    def put_many(
        self,
        annotations: Iterable[Annotation],
        document_hashes: Mapping[str, str] | None = None,
    ) -> list[Annotation]:
        """Save many annotations (new, or replacing those with the same id) as one undo step,
        for import and merge. Returns those that were new or changed.

        ``document_hashes`` gives the sha256 of the texts they were made on; it is recorded for
        documents that have none yet (an existing record wins: re-anchor if the texts differ).
        """
        self._check_writable()
        incoming = checked_batch(annotations, [c.id for c in self.codebook], self.location)
        pairs = self._changing(incoming)
        hashes = self._hashes_to_record(document_hashes or {}, {a.document for a in incoming})
        change = Change(f"import {len(pairs)} annotations", pairs, None, hashes)
        if not change.empty:  # only hashes missing: saved, but nothing to undo
            self._do(change, undoable=bool(pairs))
        return [after for _before, after in pairs]

    def add_many(
        self,
        annotations: Iterable[Annotation],
        document_hashes: Mapping[str, str] | None = None,
    ) -> list[Annotation]:
        """Like ``put_many``, but every annotation must be new (AnnotationError otherwise)."""
        batch = list(annotations)
        existing = [a.id for a in batch if self._index.get(a.id) is not None]
        if existing:
            raise AnnotationError(
                f"{len(existing)} annotations are already in store {self.location} "
                f"(first: {existing[0]}); use put_many to replace them"
            )
        return self.put_many(batch, document_hashes)

    def reanchor(self, document: DocumentLike) -> ReanchorReport:
        """Re-anchor a document's annotations if its text changed since they were saved.

        Compares ``document.sha256`` with the recorded hash; if they differ (or none was
        recorded), places every annotation in the new text (anchored, moved or orphan),
        saves the results and the new hash, and reports counts. With the same text, passages
        whose offsets do not select their quote (stored misplaced) are placed again. Not an
        undo step: it follows the text rather than the user, so undo history is re-anchored
        along with it. Inside a transaction it is saved with it (or not at all). A read-only
        store re-anchors in memory only, so that what it hands out fits the text it is given.
        """
        from ..anchoring import reanchor_annotations  # not needed to start up

        self._check_open()
        recorded = self.document_hash(document.id)
        current = self._to_place(document, recorded)
        if not current and recorded in (None, document.sha256):
            return self._unchanged(document.id)
        placed, report = reanchor_annotations(document.id, document.text, current)
        pairs = tuple((old, new) for old, new in zip(current, placed, strict=True) if old != new)
        change = Change("re-anchor", pairs, None, ((document.id, document.sha256),))
        if self.read_only:
            self._show_reanchored(document, change)
        else:
            self._save_reanchored(document, change)
        return report

    def _show_reanchored(self, document: DocumentLike, change: Change) -> None:
        """A read-only store's re-anchoring: in memory only, a reader's view, never saved."""
        self._show(change)
        self._seen_hashes[document.id] = document.sha256

    def _save_reanchored(self, document: DocumentLike, change: Change) -> None:
        """A re-anchoring saved (not an undo step), the undo history following the new text."""
        with self.transaction("re-anchor"):
            self._do(change, undoable=False)
            assert self._transaction is not None
            self._transaction.rebase.append((document.id, document.text))

    def reanchor_all(self, documents: Iterable[DocumentLike]) -> list[ReanchorReport]:
        """Re-anchor every annotated document among ``documents`` whose text changed, before
        offsets are handed to anyone (exports, reports, agreement, suggestions, passages):
        saved when the store is writable, in memory when it is read-only. Documents with no
        annotations are not read. Returns the reports of the documents that changed."""
        reports = (self.reanchor(d) for d in documents if self._index.has_document(d.id))
        return [report for report in reports if report.changed]

    def undo(self) -> str | None:
        """Undo the last change, durably; returns what it was, or None if there is nothing."""
        self._check_writable()
        self._not_in_transaction("undo")
        return self._history.undo(self._step)

    def redo(self) -> str | None:
        """Redo the last undone change, durably; returns what it was, or None."""
        self._check_writable()
        self._not_in_transaction("redo")
        return self._history.redo(self._step)

    @contextmanager
    def transaction(self, description: str) -> Iterator[None]:
        """Make every change inside the block one change: saved together when the block ends,
        all of it durable or none of it (also across a crash at any moment), one undo step
        named ``description``.

        Inside, each change shows in memory at once (a code added can tag the next passage)
        but nothing is written. If the block raises, or the write fails (StoreWriteError),
        memory and disk are as before it. A transaction inside another is part of it; undo,
        redo and re-anchoring are refused inside one.
        """
        self._check_writable()
        if self._transaction is not None:
            yield  # part of the enclosing transaction
            return
        pending = self._transaction = Transaction(description)
        try:
            yield
        except BaseException:
            self._transaction = None
            self._show(pending.change().inverse())
            raise
        self._transaction = None
        self._commit(pending)

    # --- internals ----------------------------------------------------------------------------

    def _commit(self, pending: Transaction) -> None:
        """Save what a transaction collected, durably, or put memory back and raise."""
        change = pending.change()
        if change.empty:
            return
        try:
            self._writer.write(change)
        except BaseException:
            self._show(change.inverse())
            raise
        self._saved = True
        for doc_id, text in pending.rebase:
            self._history.rebase(doc_id, text)
        step = pending.undo_step()
        if not step.empty:
            self._history.record(step)

    def _show(self, change: Change) -> None:
        """Show a change in memory (the index and the codebook); nothing is written here."""
        for before, after in change.annotations:
            self._index.update(before, after)
        if change.codes is not None:
            self.codebook.show(change.codes[1])
        for doc_id, _old, title in change.titles:
            self._show_title(doc_id, title)

    def _show_title(self, doc_id: str, title: str) -> None:
        """A document's display title in memory ("" for none)."""
        if title:
            self._titles[doc_id] = title
        else:
            self._titles.pop(doc_id, None)

    def _do(self, change: Change, undoable: bool = True) -> None:
        """Make a change: part of the transaction under way, or a transaction of its own
        (durable before this returns; undoable unless it only follows the text)."""
        check_text(change)
        with self.transaction(change.description):
            assert self._transaction is not None
            self._show(change)
            self._transaction.record(change, undoable)

    def _step(self, change: Change) -> None:
        """Apply an undo or redo step durably, outside the history."""
        self._writer.write(change)  # raises with nothing changed
        self._saved = True
        self._show(change)

    def _save_codes(self, change: CodebookChange) -> None:
        """The codebook's host call: a codebook change (and its edits) as one change."""
        self._do(Change(change.description, change.edits, (change.before, change.after)))

    def _annotations_with_code(self, code_id: str) -> list[Annotation]:
        """The codebook's host call: the passages a code tags."""
        return self.annotations(code=code_id) if self._index.uses(code_id) else []

    def _to_place(self, document: DocumentLike, recorded: str | None) -> list[Annotation]:
        """The passages ``reanchor`` must place: all of a document whose text changed (or was
        never recorded); with the same text, only those stored misplaced (an export of an
        older casereader, a hand edit)."""
        current = self._index.in_document(document.id)
        if recorded != document.sha256:
            return current
        return [a for a in current if astray(document.text, a)]

    def _unchanged(self, doc_id: str) -> ReanchorReport:
        """What ``reanchor`` reports for a document it had nothing to place in."""
        from ..anchoring import ReanchorReport

        current = self._index.in_document(doc_id)
        orphans = tuple(sorted(a.id for a in current if a.status == "orphan"))
        return ReanchorReport(
            doc_id,
            changed=False,
            anchored=len(current) - len(orphans),
            orphan=len(orphans),
            orphan_ids=orphans,
        )

    def _changing(
        self, incoming: Sequence[Annotation]
    ) -> tuple[tuple[Annotation | None, Annotation], ...]:
        """What saving ``incoming`` changes: (stored or None, incoming) for each annotation
        that is new or differs from the one stored."""
        return tuple(
            (current, annotation)
            for annotation in incoming
            if (current := self._replacing(annotation)) != annotation
        )

    def _hashes_to_record(
        self, hashes: Mapping[str, str], touched: set[str]
    ) -> tuple[tuple[str, str], ...]:
        """The text hashes to record with a batch: of the documents it touches that have none
        recorded yet (an existing record wins), in document order."""
        return tuple(
            (doc_id, sha)
            for doc_id, sha in sorted(hashes.items())
            if doc_id in touched and self.document_hash(doc_id) is None
        )

    def _replacing(self, annotation: Annotation) -> Annotation | None:
        """The stored annotation an incoming one replaces (None if it is new); refused if it
        would move it to another document."""
        current = self._index.get(annotation.id)
        if current is not None and current.document != annotation.document:
            raise AnnotationError(
                f"annotation {annotation.id} belongs to {current.document!r}; "
                f"it cannot move to {annotation.document!r}"
            )
        return current

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"store {self.location} is closed")

    def _check_writable(self) -> None:
        self._check_open()
        if self.read_only:
            raise StoreReadOnlyError(
                f"store {self.location} is open read-only; changes are not allowed"
            )
        if threading.get_ident() != self._thread:
            raise StoreError(
                f"store {self.location}: changes must come from the thread that opened it"
            )

    def _not_in_transaction(self, what: str) -> None:
        if self._transaction is not None:
            raise StoreError(
                f"store {self.location}: {what} cannot happen inside a transaction "
                f"({self._transaction.description})"
            )

    def _existing(self, ann_id: str) -> Annotation:
        found = self._index.get(ann_id)
        if found is None:
            raise AnnotationNotFoundError(f"no annotation {ann_id!r} in store {self.location}")
        return found

    def _resolve_codes(self, codes: Sequence[str] | str) -> tuple[str, ...]:
        if isinstance(codes, str):
            codes = [codes]
        resolved = tuple(dict.fromkeys(self.codebook.resolve(c) for c in codes))
        if not resolved:
            raise AnnotationError("an annotation needs at least one code; remove it instead")
        return resolved

    def _code_id(self, code: str) -> str:
        try:
            return self.codebook.resolve(code)
        except UnknownCodeError:
            if self._index.uses(code):
                return code  # used by annotations though missing from the codebook
            raise

    def _code_name(self, code_id: str) -> str:
        code = self.codebook.get(code_id)
        return code.name if code is not None else code_id


def _titles_of(contents: Contents) -> dict[str, str]:
    """The display titles saved with the documents, by document id."""
    return {
        doc_id: document.title
        for doc_id, (_name, document) in contents.documents.items()
        if document.title
    }


def _document_id(document: DocumentLike | str) -> str:
    return document if isinstance(document, str) else document.id
