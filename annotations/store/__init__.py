"""The annotation store: a folder of small TinyDB files, each saved atomically and durably.

Layout of a store folder (every ``.json`` file is plain TinyDB JSON that ``TinyDB(path)`` opens)::

    meta.json         table "meta": format, schema version, created, app version
    codebook.json     table "codes": the codes, in order
    docs/<sha1(document id)[:16]>.json
                      one per annotated document: table "document" (its id and the sha256 of
                      the text the offsets refer to) and table "annotations"
    .lock             flock'd by the one writer; holds its pid
    rollback.json     only while a change spans several files (see ``journal``)

Why: stock ``JSONStorage`` rereads and rewrites one big file in place on every operation (about
a second per insert at 100,000 annotations) and tears it on a crash or a full disk. Here a save
rewrites one ~100-annotation file through a temp file, fsync and rename, so it is fast and a
crash leaves either the old file or the new one. Every mutating call returns only once its
change is on disk; a failed write raises ``StoreWriteError`` and leaves disk and memory as they
were. All TinyDB calls must come from the thread that opened the store.

Decisions worth knowing:
- Files are ASCII JSON (``ensure_ascii``), so stock TinyDB reads them under any locale; orjson
  is not used, since it cannot write ASCII-only and json is fast enough (about 0.3 ms a file).
- All annotations are loaded at open into an in-memory index (about 1 s and 230 MB at
  100,000 annotations); queries and exports never touch the disk.
- Undo and redo keep before/after states of each user action for the session; applying them
  goes through the same durable path. Re-anchoring is not an undo step, but it re-anchors
  the remembered states too, so an undo never restores offsets into an old text.
- Read-only stores take no lock and create nothing; where no store exists yet they show an
  empty one with the default codebook.

One module per job: ``errors``; ``files`` (durable writes: temp file, fsync, rename, fsync
the folder); ``file_format`` (names, tables, the checks that tell a file the store wrote from a
damaged one); ``migrations``; ``scan`` (reading a folder without changing it) and ``opening``
(tidying up, creating or migrating under the lock); ``lock``; ``journal`` (the rollback record
of a change to several files); ``history`` (a change as before/after states, undo and redo);
``transaction`` (collecting a transaction's changes and writing them, one write per file);
``index`` (the in-memory index); ``checks`` (what a change is refused for); ``doctor`` (check
and repair); ``location`` (where a corpus's store lives); ``annotation_store`` (the public
API, ``AnnotationStore``). The codebook is ``annotations.codebook``; the store is its host
(``CodebookHost``: three calls, nothing private).
"""

from ..codebook import DEFAULT_CODES, PALETTE
from .annotation_store import FREEZE_AT, AnnotationStore, DocumentLike
from .doctor import check_store, repair_store
from .errors import (
    AnnotationError,
    AnnotationNotFoundError,
    DocumentChangedError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
    os_reason,
)
from .file_format import (
    ANNOTATIONS_TABLE,
    CODEBOOK,
    CODES_TABLE,
    DOCS,
    DOCUMENT_TABLE,
    FORMAT,
    JOURNAL,
    LOCK,
    META,
    META_TABLE,
    SCHEMA_VERSION,
    document_filename,
    parse_tinydb,
)
from .files import (
    AtomicJSONStorage,
    encode,
    fsync_dir,
    replace_file,
    unlink_durably,
    write_durably,
)
from .history import UNDO_LIMIT
from .location import default_store_location
from .migrations import MIGRATIONS, Migration, RawStore, migrate
from .scan import FATAL_KINDS, Problem

__all__ = [
    "ANNOTATIONS_TABLE",
    "CODEBOOK",
    "CODES_TABLE",
    "DEFAULT_CODES",
    "DOCS",
    "DOCUMENT_TABLE",
    "FATAL_KINDS",
    "FORMAT",
    "FREEZE_AT",
    "JOURNAL",
    "LOCK",
    "META",
    "META_TABLE",
    "MIGRATIONS",
    "PALETTE",
    "SCHEMA_VERSION",
    "UNDO_LIMIT",
    "AnnotationError",
    "AnnotationNotFoundError",
    "AnnotationStore",
    "AtomicJSONStorage",
    "DocumentChangedError",
    "DocumentLike",
    "Migration",
    "Problem",
    "RawStore",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreVersionError",
    "StoreWriteError",
    "check_store",
    "default_store_location",
    "document_filename",
    "encode",
    "fsync_dir",
    "migrate",
    "os_reason",
    "parse_tinydb",
    "repair_store",
    "replace_file",
    "unlink_durably",
    "write_durably",
]
