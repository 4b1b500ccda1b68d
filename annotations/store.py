"""The annotation store: a folder of small TinyDB files, each saved atomically and durably.

Layout of a store folder (every ``.json`` file is plain TinyDB JSON that ``TinyDB(path)`` opens)::

    meta.json         table "meta": format, schema version, created, app version
    codebook.json     table "codes": the codes, in order
    docs/<sha1(document id)[:16]>.json
                      one per annotated document: table "document" (its id and the sha256 of
                      the text the offsets refer to) and table "annotations"
    .lock             flock'd by the one writer; holds its pid
    rollback.json     only while a change spans several files (see ``_Journal``)

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
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import hashlib
import itertools
import json
import os
import re
import sys
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from tinydb import TinyDB
from tinydb.storages import Storage

from . import __version__
from .codebook import DEFAULT_CODES, PALETTE, Codebook, CodebookError, UnknownCodeError, check_codes
from .errors import CasereaderError
from .model import STATUSES, Annotation, Code, quote, utc_now

if TYPE_CHECKING:
    from .anchoring import ReanchorReport

SCHEMA_VERSION = 1
"""The shape of the files this version writes. Bump it and add a migration when it changes."""

FORMAT = "casereader-store"
META, CODEBOOK, DOCS, LOCK, JOURNAL = "meta.json", "codebook.json", "docs", ".lock", "rollback.json"
META_TABLE, CODES_TABLE, DOCUMENT_TABLE, ANNOTATIONS_TABLE = (
    "meta",
    "codes",
    "document",
    "annotations",
)
FREEZE_AT = 20_000
"""Annotations above which the loaded objects are frozen out of the garbage collector."""
UNDO_LIMIT = 1000
"""Undo steps kept in a session; older ones are forgotten (the changes themselves stay)."""

_TEMP_NAME = re.compile(r"\.tmp-\d+-\d+$")
_DOC_NAME = re.compile(r"^[0-9a-f]{16}\.json$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_temp_counter = itertools.count()


# --- errors -----------------------------------------------------------------------------------


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

    def __init__(self, location: Path, file: Path, reason: str):
        super().__init__(
            f"store {location}: {_relative(file, location)} is damaged ({reason}); "
            "it was left untouched (casereader doctor can move it aside)"
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
            f"could not save to store {location}: writing {_relative(file, location)} failed: "
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


def _relative(path: Path, location: Path) -> str:
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


# --- durable files ----------------------------------------------------------------------------


def encode(data: Any) -> bytes:
    """JSON as TinyDB reads it. ASCII-only, so stock TinyDB opens it under any locale."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _copy(value: Any) -> Any:
    """A deep copy of JSON data (for migrations, which may reshape anything)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _copy_tables(
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
        if keys is None:
            copy[name] = {key: dict(row) for key, row in rows.items()}
        else:
            copy[name] = dict(rows)
            for key in keys:
                if key in rows:
                    copy[name][key] = dict(rows[key])
    return copy


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> None:
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
        _unlink_quietly(temp)
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
                self._pending = _copy_tables(self._data, self._updating)
            return self._pending
        return None if self._data is None else _copy_tables(self._data)

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
        if data is None:
            unlink_durably(self.path)
        else:
            write_durably(self.path, encode(data))

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


# --- reading files ----------------------------------------------------------------------------


class _Damaged(Exception):
    """A file is not what the store wrote: not JSON, or the wrong shape."""


def document_filename(doc_id: str) -> str:
    """The file holding a document's annotations: short, safe, and stable for its id."""
    return hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:16] + ".json"


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def parse_tinydb(payload: bytes) -> dict[str, Any]:
    """Parse TinyDB JSON, checking its shape: tables of documents keyed by integer ids."""
    if not payload.strip():
        raise _Damaged("empty file")
    try:
        data = json.loads(payload)
    except UnicodeDecodeError as error:
        raise _Damaged(f"not text: {error.reason}") from None
    except ValueError as error:
        raise _Damaged(f"not valid JSON, perhaps truncated: {error}") from None
    if not isinstance(data, dict):
        raise _Damaged(f"a TinyDB file holds an object of tables, not {_json_type(data)}")
    if b"\\ud" in payload or b"\\uD" in payload or b"\xed" in payload:
        # Escaped (or raw) surrogates: pairs are emoji, a lone one is not text, and would make
        # every later export fail. Only files holding such bytes are searched.
        from .safety import lone_surrogate  # here: the safety module is not needed at start-up

        found = lone_surrogate(data)
        if found is not None:
            raise _Damaged(f"text with an unpaired surrogate (\\u{ord(found):04x}), not Unicode")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise _Damaged(f"table {name!r} is {_json_type(table)}, not an object")
        for key, row in table.items():
            if not key.isdigit():
                raise _Damaged(f"table {name!r} has a non-numeric id {key!r}")
            if not isinstance(row, dict):
                raise _Damaged(f"table {name!r} row {key} is {_json_type(row)}, not an object")
    return data


def _read_tinydb(path: Path) -> dict[str, Any]:
    """A store file's data. FileNotFoundError passes through: a file gone is not damaged."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise _Damaged("a folder where a file should be") from None
    except OSError as error:
        raise _Damaged(f"cannot be read: {os_reason(error)}") from None
    return parse_tinydb(payload)


def _rows(data: Mapping[str, Any], table: str) -> list[tuple[int, dict[str, Any]]]:
    return sorted((int(k), v) for k, v in data.get(table, {}).items())


def _schema_of(meta: Mapping[str, Any]) -> int:
    rows = _rows(meta, META_TABLE)
    if not rows:
        raise _Damaged(f"no record in table {META_TABLE!r}")
    schema = rows[0][1].get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise _Damaged("field 'schema' is not a version number")
    return schema


def _read_codes(data: Mapping[str, Any]) -> tuple[Code, ...]:
    codes = []
    for key, row in _rows(data, CODES_TABLE):
        try:
            codes.append(Code.from_dict(row))
        except ValueError as error:
            raise _Damaged(f"code {key}: {error}") from None
    try:
        check_codes(codes)
    except CodebookError as error:
        raise _Damaged(str(error)) from None
    return tuple(codes)


@dataclass
class _DocumentData:
    document: str
    sha256: str | None
    annotations: list[Annotation]
    ids: dict[str, int]


def _read_document(name: str, data: Mapping[str, Any]) -> _DocumentData:
    """A document file's contents, checked: one document record, valid annotations of it."""
    records = _rows(data, DOCUMENT_TABLE)
    if len(records) != 1:
        raise _Damaged(f"table {DOCUMENT_TABLE!r} must hold one record, not {len(records)}")
    record = records[0][1]
    doc_id, sha = record.get("id"), record.get("sha256")
    if not isinstance(doc_id, str) or not doc_id:
        raise _Damaged("the document record has no id")
    if sha is not None and not (isinstance(sha, str) and _SHA256.match(sha)):
        raise _Damaged("the document record's sha256 is not a SHA-256 digest")
    if name != document_filename(doc_id):
        raise _Damaged(f"holds document {doc_id!r}, whose file is {document_filename(doc_id)}")
    annotations, ids = [], {}
    for key, row in _rows(data, ANNOTATIONS_TABLE):
        try:
            annotation = _annotation_from_row(row, doc_id)
        except ValueError as error:
            raise _Damaged(f"annotation {key}: {error}") from None
        if annotation.document != doc_id:
            raise _Damaged(f"annotation {key} belongs to {annotation.document!r}, not {doc_id!r}")
        annotations.append(annotation)
        ids[annotation.id] = key
    return _DocumentData(doc_id, sha, annotations, ids)


_STR_FIELDS = ("id", "document", "exact", "prefix", "suffix", "note", "created", "updated")


def _annotation_from_row(row: dict[str, Any], doc_id: str) -> Annotation:
    """``Annotation.from_dict`` for rows this store wrote, about three times faster: opening
    100,000 annotations is dominated by this. Anything unusual goes to ``from_dict``, which
    explains what is wrong. Repeated strings are interned to save memory."""
    try:
        start, end, codes, coder = row["start"], row["end"], row["codes"], row["coder"]
        plain = (
            len(row) == 13
            and all(type(row[name]) is str for name in _STR_FIELDS)
            and type(start) is int
            and type(end) is int
            and 0 <= start <= end
            and type(codes) is list
            and all(type(c) is str for c in codes)
            and (coder is None or type(coder) is str)
            and row["status"] in STATUSES
        )
    except KeyError:
        plain = False
    if not plain:
        return Annotation.from_dict(row)
    if row["document"] == doc_id:
        row["document"] = doc_id  # one string per file rather than one per row
    codes = row["codes"] = [sys.intern(c) for c in dict.fromkeys(codes)]
    if coder is not None:
        coder = row["coder"] = sys.intern(coder)
    return Annotation(
        row["id"],
        row["document"],
        start,
        end,
        row["exact"],
        row["prefix"],
        row["suffix"],
        tuple(codes),
        row["note"],
        coder,
        row["created"],
        row["updated"],
        sys.intern(row["status"]),
    )


# --- problems, as check_store reports them ----------------------------------------------------

FATAL_KINDS = ("newer", "damaged", "missing", "duplicate", "unmigratable")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a store. ``fatal`` problems stop it from opening."""

    file: Path
    kind: str
    message: str

    @property
    def fatal(self) -> bool:
        return self.kind in FATAL_KINDS

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


# --- migrations -------------------------------------------------------------------------------


@dataclass
class RawStore:
    """A store's files as parsed JSON, for migrations to reshape in place.

    ``documents`` maps file names in ``docs/`` to their data. Across every version, meta.json's
    ``meta`` table and its ``schema`` field keep their shape, so the version can always be read.
    """

    meta: dict[str, Any]
    codebook: dict[str, Any] | None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)


Migration = Callable[[RawStore], None]

MIGRATIONS: dict[int, Migration] = {}
"""``MIGRATIONS[n]`` turns a schema-n store into a schema-(n+1) one. Schema 1 is the first
release, so there are none yet; the mechanism is in place (and tested) for the first change."""


def migrate(
    raw: RawStore,
    version: int,
    migrations: Mapping[int, Migration] | None = None,
    target: int = SCHEMA_VERSION,
) -> None:
    """Upgrade ``raw`` from schema ``version`` to ``target`` step by step, in memory."""
    steps = MIGRATIONS if migrations is None else migrations
    while version < target:
        step = steps.get(version)
        if step is None:
            raise LookupError(f"no migration from schema {version} to {version + 1}")
        step(raw)
        version += 1
    for _key, row in _rows(raw.meta, META_TABLE)[:1]:
        row["schema"] = target


# --- the rollback journal ---------------------------------------------------------------------


class _Journal:
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
        return self.path.exists()

    def write(self, entries: Sequence[tuple[Path, dict[str, Any] | None]]) -> None:
        rows = {
            str(n): {"file": path.relative_to(self.location).as_posix(), "content": content}
            for n, (path, content) in enumerate(entries, start=1)
        }
        write_durably(self.path, encode({"rollback": rows}))

    def read(self) -> list[tuple[Path, dict[str, Any] | None]]:
        data = _read_tinydb(self.path)
        entries = []
        for key, row in _rows(data, "rollback"):
            name, content = row.get("file"), row.get("content")
            if not isinstance(name, str) or not _journal_target(name):
                raise _Damaged(f"entry {key} names no store file")
            if content is not None and not isinstance(content, dict):
                raise _Damaged(f"entry {key} holds {_json_type(content)}, not file contents")
            entries.append((self.location / name, content))
        return entries

    def roll_back(self) -> int:
        """Put every recorded file back, then drop the journal. Returns the number of files."""
        entries = self.read()
        for path, content in entries:
            if content is None:
                unlink_durably(path)
            else:
                write_durably(path, encode(content))
        unlink_durably(self.path)
        return len(entries)

    def remove(self) -> None:
        unlink_durably(self.path)


def _journal_target(name: str) -> bool:
    if name in (META, CODEBOOK):
        return True
    folder, _, file = name.partition("/")
    return folder == DOCS and bool(_DOC_NAME.match(file))


# --- locking ----------------------------------------------------------------------------------


class _Lock:
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
            holder = _read_pid(fd)
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


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


# --- scanning a store folder ------------------------------------------------------------------


@dataclass
class _Scan:
    """Everything read from a store folder, and what was wrong with it."""

    location: Path
    exists: bool = False
    meta: dict[str, Any] | None = None
    codebook: dict[str, Any] | None = None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    schema: int | None = None
    problems: list[Problem] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    journal: bool = False
    contents: _Contents | None = None

    @property
    def is_store(self) -> bool:
        return self.meta is not None or self.codebook is not None or bool(self.documents)

    def problem(self, path: Path, kind: str, message: str) -> None:
        self.problems.append(Problem(path, kind, message))


def _scan(location: Path, overlay: Sequence[tuple[Path, dict[str, Any] | None]] = ()) -> _Scan:
    """Read and parse every store file without changing anything. ``overlay`` replaces the
    contents of some files (a read-only view of an interrupted change's rollback)."""
    scan = _Scan(location, exists=location.is_dir())
    if not scan.exists:
        return scan
    replaced = dict(overlay)
    docs = location / DOCS
    paths = [location / META, location / CODEBOOK]
    if docs.is_dir():
        paths += sorted(docs.glob("*.json"))
    paths += [p for p in replaced if p not in paths]
    for path in paths:
        try:
            if path in replaced:
                data = replaced[path]
                if data is None:
                    continue
            else:
                data = _read_tinydb(path)
        except FileNotFoundError:
            continue  # never there, or removed (rolled back) by the writer since listing
        except _Damaged as error:
            scan.problem(path, "damaged", str(error))
            if path.name == META:
                scan.meta = {}  # present, though unreadable: this is a store
            continue
        if path.name == META:
            scan.meta = data
        elif path.name == CODEBOOK:
            scan.codebook = data
        else:
            scan.documents[path.name] = data
    for folder in (location, docs):
        if folder.is_dir():
            scan.temp_files += [p for p in folder.iterdir() if _TEMP_NAME.search(p.name)]
    scan.journal = (location / JOURNAL).exists()
    return scan


def _check_meta(scan: _Scan) -> None:
    """Find the schema version; a newer one is fatal before anything else is looked at."""
    meta_path = scan.location / META
    if scan.meta is None:
        if scan.codebook is not None or scan.documents:
            scan.problem(meta_path, "missing", "missing, but the store holds other files")
        return
    if not scan.meta:
        return  # damaged, already reported
    try:
        scan.schema = _schema_of(scan.meta)
    except _Damaged as error:
        scan.problem(meta_path, "damaged", str(error))
        return
    if scan.schema > SCHEMA_VERSION:
        scan.problem(
            meta_path,
            "newer",
            f"written by a newer casereader (store schema {scan.schema}; this version reads "
            f"schema {SCHEMA_VERSION} and older); upgrade casereader to open it",
        )


@dataclass
class _Contents:
    codes: tuple[Code, ...] | None
    documents: dict[str, tuple[str, _DocumentData]]  # document id -> (file name, data)


def _check_contents(scan: _Scan) -> _Contents:
    """Check the codebook and document files (already migrated to the current schema)."""
    codes: tuple[Code, ...] | None = None
    if scan.codebook is not None:
        try:
            codes = _read_codes(scan.codebook)
        except _Damaged as error:
            scan.problem(scan.location / CODEBOOK, "damaged", str(error))
    elif (
        scan.meta is not None
        and scan.documents
        and not any(p.file.name == CODEBOOK for p in scan.problems)  # damaged: reported
    ):
        scan.problem(scan.location / CODEBOOK, "missing", "missing, but documents are coded")
    documents: dict[str, tuple[str, _DocumentData]] = {}
    owner: dict[str, str] = {}
    for name, data in sorted(scan.documents.items()):
        path = scan.location / DOCS / name
        try:
            doc = _read_document(name, data)
        except _Damaged as error:
            scan.problem(path, "damaged", str(error))
            continue
        clash = next((a.id for a in doc.annotations if a.id in owner), None)
        if clash is not None:
            scan.problem(path, "duplicate", f"annotation {clash} is also in {owner[clash]}")
            continue
        owner.update((a.id, name) for a in doc.annotations)
        documents[doc.document] = (name, doc)
    if codes is not None:
        known = {c.id for c in codes}
        for name, doc in documents.values():
            unknown = sorted({c for a in doc.annotations for c in a.codes} - known)
            if unknown:
                scan.problem(
                    scan.location / DOCS / name,
                    "unknown-code",
                    f"annotations of {doc.document!r} use codes not in the codebook: "
                    + ", ".join(unknown),
                )
    return _Contents(codes, documents)


def _migrate_scan(scan: _Scan, migrations: Mapping[int, Migration] | None = None) -> bool:
    """Bring an older store up to date in memory; True if anything was migrated."""
    if scan.schema is None or scan.schema >= SCHEMA_VERSION or scan.meta is None:
        return False
    raw = RawStore(scan.meta, scan.codebook, scan.documents)
    try:
        migrate(raw, scan.schema, migrations)
    except LookupError as error:
        scan.problem(scan.location / META, "unmigratable", str(error))
        return False
    except (ValueError, KeyError, TypeError) as error:
        scan.problem(scan.location / META, "unmigratable", f"migration failed: {error}")
        return False
    scan.meta, scan.codebook, scan.documents = raw.meta, raw.codebook, raw.documents
    scan.schema = SCHEMA_VERSION
    return True


def _raise_fatal(scan: _Scan) -> None:
    """Turn the first fatal problem into the error the user sees."""
    for kind in FATAL_KINDS:
        for problem in scan.problems:
            if problem.kind != kind:
                continue
            if kind in ("newer", "unmigratable"):
                where = _relative(problem.file, scan.location)
                raise StoreVersionError(
                    f"store {scan.location}: {where}: {problem.message}; nothing was changed"
                )
            raise StoreCorruptError(scan.location, problem.file, problem.message)


def _new_meta() -> dict[str, Any]:
    return {
        META_TABLE: {
            "1": {
                "format": FORMAT,
                "schema": SCHEMA_VERSION,
                "created": utc_now(),
                "app_version": __version__,
            }
        }
    }


def _codebook_data(codes: Iterable[Code]) -> dict[str, Any]:
    return {CODES_TABLE: {str(n): c.to_dict() for n, c in enumerate(codes, start=1)}}


# --- the store --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    """One user action as before/after states: applying it, or its inverse, is redo/undo.

    ``hashes`` records the text a document's offsets refer to; it is never undone.
    """

    description: str
    annotations: tuple[tuple[Annotation | None, Annotation | None], ...] = ()
    codes: tuple[tuple[Code, ...], tuple[Code, ...]] | None = None
    hashes: tuple[tuple[str, str], ...] = ()

    def inverse(self) -> _Change:
        return _Change(
            self.description,
            tuple((after, before) for before, after in self.annotations),
            None if self.codes is None else (self.codes[1], self.codes[0]),
        )


@dataclass
class _DocumentFile:
    """One document's TinyDB file and what the store needs to find rows in it."""

    document: str
    db: TinyDB
    storage: AtomicJSONStorage
    sha256: str | None = None
    ids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, doc_id: str, data: dict[str, Any] | None) -> _DocumentFile:
        db = TinyDB(folder / document_filename(doc_id), data, storage=AtomicJSONStorage)
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        return cls(doc_id, db, storage)

    def refresh(self) -> None:
        """Re-read row ids and the recorded hash from the saved data."""
        data = self.storage.data or {}
        self.ids = {row["id"]: key for key, row in _rows(data, ANNOTATIONS_TABLE)}
        records = _rows(data, DOCUMENT_TABLE)
        self.sha256 = records[0][1].get("sha256") if records else None


class DocumentLike(Protocol):
    """What the store needs of a document: its id, text and the text's sha256."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def sha256(self) -> str: ...


class AnnotationStore:
    """Annotations and codebook of one corpus, kept in a store folder.

    Open with ``AnnotationStore.open(folder)`` (one writer at a time) or
    ``open(folder, read_only=True)`` (any number, alongside the writer; see ``reload``).
    """

    def __init__(self, location: Path, read_only: bool):
        self.location = location
        self.read_only = read_only
        self.codebook = Codebook(DEFAULT_CODES, host=self)
        self._lock: _Lock | None = None
        self._closed = False
        self._thread = threading.get_ident()
        self._journal = _Journal(location)
        self._recovery_pending = False
        self._meta: AtomicJSONStorage | None = None
        self._codebook_db: TinyDB | None = None
        self._docs: dict[str, _DocumentFile] = {}
        self._by_id: dict[str, Annotation] = {}
        self._by_doc: dict[str, dict[str, Annotation]] = {}
        self._by_code: dict[str, set[str]] = defaultdict(set)
        self._by_coder: dict[str | None, set[str]] = defaultdict(set)
        self._ordered: dict[str, list[Annotation]] = {}
        self._undo: list[_Change] = []
        self._redo: list[_Change] = []
        self.migrated_from: int | None = None
        """The schema version this store was migrated from at open, if it was."""

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
            with _gc_paused(store):
                store._load(store._scan_read_only())
            return store
        store._lock = _Lock(store._create_folder())
        try:
            with _gc_paused(store):
                store._load(store._scan_for_writing())
        except BaseException:
            store._lock.release()
            raise
        return store

    def _create_folder(self) -> Path:
        try:
            (self.location / DOCS).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the store folder {self.location}: {os_reason(error)}"
            ) from None
        return self.location

    def _scan_for_writing(self) -> _Scan:
        """Under the lock: refuse newer stores untouched, then tidy up, create or migrate."""
        meta_only = _scan_meta(self.location)
        _check_meta(meta_only)
        _raise_fatal(meta_only)
        for temp in meta_only.temp_files:
            _unlink_quietly(temp)
        if self._journal.exists():
            try:
                self._journal.roll_back()
            except _Damaged as error:
                raise StoreCorruptError(self.location, self._journal.path, str(error)) from None
            except OSError as error:
                raise StoreWriteError(
                    self.location, self._journal.path, error, "rolling back an interrupted change"
                ) from None
        scan = _scan(self.location)
        if not scan.is_store:
            self._create()
            scan = _scan(self.location)
        elif scan.meta is not None and scan.codebook is None and not scan.documents:
            self._write_new_file(self.location / CODEBOOK, _codebook_data(DEFAULT_CODES))
            scan = _scan(self.location)
        _check_meta(scan)
        _raise_fatal(scan)
        old = scan.schema
        if old is not None and old < SCHEMA_VERSION:
            originals = _copy([scan.meta, scan.codebook, scan.documents])
            if _migrate_scan(scan):
                self.migrated_from = old
        scan.contents = _check_contents(scan)
        _raise_fatal(scan)
        if self.migrated_from is not None:
            self._write_migration(scan, originals)
        return scan

    def _scan_read_only(self) -> _Scan:
        overlay: list[tuple[Path, dict[str, Any] | None]] = []
        try:
            # A writer is mid-change or crashed in one: show the store as it was before it.
            overlay = self._journal.read()
        except FileNotFoundError:
            pass  # the usual case
        except _Damaged as error:
            raise StoreCorruptError(self.location, self._journal.path, str(error)) from None
        scan = _scan(self.location, overlay)
        if not scan.is_store:
            # Nothing saved here yet: an empty view with the default codebook, creating
            # nothing; ``reload`` shows the store once a writer has made it.
            scan.contents = _Contents(None, {})
            return scan
        _check_meta(scan)
        _raise_fatal(scan)
        old = scan.schema
        if _migrate_scan(scan):
            self.migrated_from = old
        scan.contents = _check_contents(scan)
        _raise_fatal(scan)
        return scan

    def _create(self) -> None:
        """A new store: meta first, so a crash part-way leaves a store that opens."""
        self._write_new_file(self.location / META, _new_meta())
        self._write_new_file(self.location / CODEBOOK, _codebook_data(DEFAULT_CODES))

    def _write_new_file(self, path: Path, data: dict[str, Any]) -> None:
        try:
            write_durably(path, encode(data))
        except OSError as error:
            raise StoreWriteError(self.location, path, error, "the store was not created") from None

    def _write_migration(self, scan: _Scan, originals: list[Any]) -> None:
        """Save a migrated store all-or-nothing, meta (with the new version) last."""
        old_meta, old_codebook, old_docs = originals
        docs = self.location / DOCS
        names = sorted(set(old_docs) | set(scan.documents))
        entries = [(docs / name, old_docs.get(name)) for name in names]
        entries += [(self.location / CODEBOOK, old_codebook), (self.location / META, old_meta)]
        new: dict[Path, dict[str, Any] | None] = {
            docs / name: scan.documents.get(name) for name in names
        }
        new[self.location / CODEBOOK] = scan.codebook
        new[self.location / META] = scan.meta
        path = self._journal.path
        try:
            self._journal.write(entries)
            for path, _old in entries:
                data = new[path]
                if data is None:
                    unlink_durably(path)
                else:
                    write_durably(path, encode(data))
            self._journal.remove()
        except OSError as error:
            with contextlib.suppress(OSError, _Damaged):
                self._journal.roll_back()
            raise StoreWriteError(
                self.location, path, error, "the store was not migrated and is as it was"
            ) from None

    def _load(self, scan: _Scan) -> None:
        """Build the TinyDB handles and the in-memory index from checked files."""
        contents = scan.contents
        assert contents is not None
        self._meta = AtomicJSONStorage(self.location / META, scan.meta)
        codes = contents.codes if contents.codes is not None else DEFAULT_CODES
        self._codebook_db = TinyDB(
            self.location / CODEBOOK, scan.codebook, storage=AtomicJSONStorage
        )
        self.codebook._replace(tuple(codes))
        self._docs.clear()
        self._by_id.clear()
        self._by_doc.clear()
        self._by_code.clear()
        self._by_coder.clear()
        self._ordered.clear()
        for doc_id, (name, doc) in contents.documents.items():
            handle = _DocumentFile.open(self.location / DOCS, doc_id, scan.documents[name])
            handle.sha256, handle.ids = doc.sha256, doc.ids
            self._docs[doc_id] = handle
            for annotation in doc.annotations:
                self._index(annotation)

    def reload(self) -> None:
        """Re-read the store from disk: a read-only view catching up with the writer.

        Each file is read whole (renames are atomic); a change spanning several files that the
        writer makes while this runs may show half-made, as it will complete: reload again.
        """
        self._check_open()
        if not self.read_only:
            raise StoreError(f"store {self.location}: only a read-only store reloads")
        with _gc_paused(self):
            self._load(self._scan_read_only())

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
        return f"AnnotationStore({str(self.location)!r}, {mode}, {len(self._by_id)} annotations)"

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
        if document is not None:
            doc_ids = [_document_id(document)]
        else:
            doc_ids = sorted(d for d, found in self._by_doc.items() if found)
        if code_id is None and coder is None:
            return [a for d in doc_ids for a in self._in_order(d)]
        return [
            a
            for d in doc_ids
            for a in self._in_order(d)
            if (code_id is None or code_id in a.codes) and (coder is None or a.coder == coder)
        ]

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Annotation]:
        return iter(self.annotations())

    def get(self, ann_id: str) -> Annotation | None:
        return self._by_id.get(ann_id)

    def document_ids(self) -> list[str]:
        """Documents the store has a file for (annotated now or before)."""
        return sorted(self._docs)

    def document_hash(self, doc_id: str) -> str | None:
        """The sha256 of the text this document's annotations were made on, if recorded."""
        handle = self._docs.get(doc_id)
        return handle.sha256 if handle is not None else None

    def code_counts(self) -> dict[str, int]:
        """Annotations per code id: every codebook code (0 if unused), then any unknown ids."""
        counts = {c.id: len(self._by_code.get(c.id, ())) for c in self.codebook}
        for code_id, ids in self._by_code.items():
            if ids and code_id not in counts:
                counts[code_id] = len(ids)
        return counts

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

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
        if not isinstance(start, int) or not isinstance(end, int):
            raise AnnotationError("a passage's start and end are integer offsets")
        if start >= end:
            raise AnnotationError(f"an empty passage ({start}-{end}) cannot be coded")
        try:
            exact, prefix, suffix = quote(document.text, start, end)
        except ValueError as error:
            raise AnnotationError(f"{document.id}: {error}") from None
        recorded = self.document_hash(document.id)
        self._check_same_text(document, recorded)
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
        self._do(_Change(f"{names} on {_short(exact)}", ((None, annotation),), None, hashes))
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
        what = "codes" if new_codes != old.codes else "note"
        if new_codes != old.codes and new_note != old.note:
            what = "codes and note"
        self._do(_Change(f"change the {what} of {_short(old.exact)}", ((old, new),)))
        return new

    def remove(self, ann_id: str) -> Annotation:
        """Remove an annotation; returns it as it was."""
        self._check_writable()
        old = self._existing(ann_id)
        self._do(_Change(f"remove {_short(old.exact)}", ((old, None),)))
        return old

    def reattach(self, ann_id: str, document: DocumentLike, start: int, end: int) -> Annotation:
        """Place an annotation (an orphan, usually) on ``document.text[start:end]``: its id,
        codes, note, coder and created time stay, so its history does; one undo step."""
        self._check_writable()
        old = self._existing(ann_id)
        if old.document != document.id:
            raise AnnotationError(
                f"annotation {ann_id} belongs to {old.document!r}, not {document.id!r}"
            )
        if not isinstance(start, int) or not isinstance(end, int) or start >= end:
            raise AnnotationError(f"an empty passage ({start}-{end}) cannot be coded")
        try:
            exact, prefix, suffix = quote(document.text, start, end)
        except ValueError as error:
            raise AnnotationError(f"{document.id}: {error}") from None
        self._check_same_text(document, self.document_hash(document.id))
        new = replace(
            old,
            start=start,
            end=end,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            status="anchored",
            updated=utc_now(),
        )
        self._do(_Change(f"attach {_short(old.exact)} to {_short(exact)}", ((old, new),)))
        return new

    def mark_reviewed(self, ann_id: str) -> Annotation:
        """A passage re-anchoring moved, checked by the user: its "moved" mark goes (one undo
        step). Anything else is returned as it is."""
        self._check_writable()
        old = self._existing(ann_id)
        if old.status != "moved":
            return old
        new = replace(old, status="anchored", updated=utc_now())
        self._do(_Change(f"reviewed the move of {_short(old.exact)}", ((old, new),)))
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
        incoming = self._checked_batch(annotations)
        pairs = []
        for annotation in incoming:
            current = self._by_id.get(annotation.id)
            if current is not None and current.document != annotation.document:
                raise AnnotationError(
                    f"annotation {annotation.id} belongs to {current.document!r}; "
                    f"it cannot move to {annotation.document!r}"
                )
            if current != annotation:
                pairs.append((current, annotation))
        touched = {a.document for a in incoming}
        hashes = tuple(
            (doc_id, sha)
            for doc_id, sha in sorted((document_hashes or {}).items())
            if doc_id in touched and self.document_hash(doc_id) is None
        )
        change = _Change(f"import {len(pairs)} annotations", tuple(pairs), None, hashes)
        if pairs:
            self._do(change)
        elif hashes:
            self._commit(change)  # only hashes were missing: nothing for the user to undo
        return [after for _before, after in pairs]

    def add_many(
        self,
        annotations: Iterable[Annotation],
        document_hashes: Mapping[str, str] | None = None,
    ) -> list[Annotation]:
        """Like ``put_many``, but every annotation must be new (AnnotationError otherwise)."""
        batch = list(annotations)
        existing = [a.id for a in batch if a.id in self._by_id]
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
        saves the results and the new hash, and reports counts. Not an undo step: it follows
        the text rather than the user, so undo history is re-anchored along with it.
        """
        from .anchoring import ReanchorReport, reanchor_annotations  # not needed to start up

        self._check_open()
        current = list(self._by_doc.get(document.id, {}).values())
        recorded = self.document_hash(document.id)
        if recorded == document.sha256 or (recorded is None and not current):
            orphans = tuple(sorted(a.id for a in current if a.status == "orphan"))
            return ReanchorReport(
                document.id,
                changed=False,
                anchored=len(current) - len(orphans),
                orphan=len(orphans),
                orphan_ids=orphans,
            )
        self._check_writable()
        placed, report = reanchor_annotations(document.id, document.text, current)
        pairs = tuple((old, new) for old, new in zip(current, placed, strict=True) if old != new)
        self._commit(_Change("re-anchor", pairs, None, ((document.id, document.sha256),)))
        self._rebase_history(document.id, document.text)
        return report

    def undo(self) -> str | None:
        """Undo the last change, durably; returns what it was, or None if there is nothing."""
        self._check_writable()
        if not self._undo:
            return None
        change = self._undo[-1]
        self._commit(change.inverse())
        self._redo.append(self._undo.pop())
        return change.description

    def redo(self) -> str | None:
        """Redo the last undone change, durably; returns what it was, or None."""
        self._check_writable()
        if not self._redo:
            return None
        change = self._redo[-1]
        self._commit(change)
        self._undo.append(self._redo.pop())
        return change.description

    # --- codebook host ------------------------------------------------------------------------

    def _annotations_with_code(self, code_id: str) -> list[Annotation]:
        return self.annotations(code=code_id) if code_id in self._by_code else []

    def _commit_codebook(
        self,
        codes: tuple[Code, ...],
        description: str,
        edits: Sequence[tuple[Annotation, Annotation | None]],
    ) -> None:
        self._do(_Change(description, tuple(edits), (tuple(self.codebook), codes)))

    # --- internals: checks --------------------------------------------------------------------

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

    def _existing(self, ann_id: str) -> Annotation:
        found = self._by_id.get(ann_id)
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
            if self._by_code.get(code):
                return code  # used by annotations though missing from the codebook
            raise

    def _code_name(self, code_id: str) -> str:
        code = self.codebook.get(code_id)
        return code.name if code is not None else code_id

    def _check_same_text(self, document: DocumentLike, recorded: str | None) -> None:
        if recorded is not None and recorded != document.sha256:
            raise DocumentChangedError(
                f"store {self.location}: {document.id} has changed since it was annotated "
                "(its text's sha256 differs); re-anchor its annotations first"
            )

    def _checked_batch(self, annotations: Iterable[Annotation]) -> list[Annotation]:
        batch, seen = [], set()
        for n, annotation in enumerate(annotations, start=1):
            try:
                checked = Annotation.from_dict(annotation.to_dict())
            except ValueError as error:
                raise AnnotationError(f"annotation {n}: {error}") from None
            if checked.id in seen:
                raise AnnotationError(f"annotation {checked.id} appears twice in the batch")
            if not checked.codes:
                raise AnnotationError(f"annotation {checked.id} has no code")
            seen.add(checked.id)
            batch.append(checked)
        known = {c.id for c in self.codebook}
        unknown = sorted({c for a in batch for c in a.codes} - known)
        if unknown:
            raise UnknownCodeError(
                f"codes not in the codebook of store {self.location}: {', '.join(unknown)}; "
                "add them to the codebook first"
            )
        return batch

    # --- internals: index ---------------------------------------------------------------------

    def _in_order(self, doc_id: str) -> list[Annotation]:
        """A document's annotations by (start, end, id), cached until the document changes."""
        found = self._ordered.get(doc_id)
        if found is None:
            found = sorted(self._by_doc.get(doc_id, {}).values(), key=_position)
            self._ordered[doc_id] = found
        return found

    def _index(self, annotation: Annotation) -> None:
        self._ordered.pop(annotation.document, None)
        self._by_id[annotation.id] = annotation
        self._by_doc.setdefault(annotation.document, {})[annotation.id] = annotation
        for code in annotation.codes:
            self._by_code[code].add(annotation.id)
        self._by_coder[annotation.coder].add(annotation.id)

    def _unindex(self, ann_id: str) -> None:
        old = self._by_id.pop(ann_id, None)
        if old is None:
            return
        self._ordered.pop(old.document, None)
        self._by_doc[old.document].pop(ann_id, None)
        for code in old.codes:
            self._by_code[code].discard(ann_id)
        self._by_coder[old.coder].discard(ann_id)

    # --- internals: saving --------------------------------------------------------------------

    def _do(self, change: _Change) -> None:
        """Save a user's change and make it undoable."""
        self._commit(change)
        self._undo.append(replace(change, hashes=()))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()

    def _commit(self, change: _Change) -> None:
        """Write ``change`` durably, then show it in memory. On failure nothing changes."""
        self._check_writable()
        self._recover()
        by_doc: dict[str, list[tuple[Annotation | None, Annotation | None]]] = defaultdict(list)
        for before, after in change.annotations:
            ref = after if after is not None else before
            assert ref is not None
            by_doc[ref.document].append((before, after))
        hashes = dict(change.hashes)
        new_files: dict[str, _DocumentFile] = {}
        staged: list[AtomicJSONStorage] = []
        try:
            for doc_id in sorted(set(by_doc) | set(hashes)):
                handle = self._docs.get(doc_id)
                if handle is None:
                    handle = new_files[doc_id] = _DocumentFile.open(
                        self.location / DOCS, doc_id, None
                    )
                self._stage_document(handle, by_doc.get(doc_id, []), hashes.get(doc_id))
                staged.append(handle.storage)
            if change.codes is not None:
                staged.append(self._stage_codebook(change.codes[1]))
            self._write(staged)
        finally:
            for storage in staged:
                storage.discard()
        self._docs.update(new_files)
        for doc_id in set(by_doc) | set(hashes):
            self._docs[doc_id].refresh()
        for before, after in change.annotations:
            if before is not None:
                self._unindex(before.id)
            if after is not None:
                self._unindex(after.id)
                self._index(after)
        if change.codes is not None:
            self.codebook._replace(change.codes[1])

    def _stage_document(
        self,
        handle: _DocumentFile,
        pairs: Sequence[tuple[Annotation | None, Annotation | None]],
        sha256: str | None,
    ) -> None:
        gone = [
            handle.ids[before.id]
            for before, after in pairs
            if after is None and before is not None and before.id in handle.ids
        ]
        updates = [
            (handle.ids[after.id], after)
            for _before, after in pairs
            if after is not None and after.id in handle.ids
        ]
        new = [
            after.to_dict()
            for _b, after in pairs
            if after is not None and after.id not in handle.ids
        ]
        handle.storage.stage(updating={ANNOTATIONS_TABLE: {str(key) for key, _a in updates}})
        table = handle.db.table(ANNOTATIONS_TABLE)
        if gone:
            table.remove(doc_ids=gone)
        for key, after in updates:
            table.update(after.to_dict(), doc_ids=[key])
        if new:
            table.insert_multiple(new)
        if sha256 is not None or handle.storage.data is None:
            record = {"id": handle.document, "sha256": sha256 or handle.sha256}
            records = handle.db.table(DOCUMENT_TABLE)
            existing = [doc.doc_id for doc in records.all()]
            if existing:
                records.update(record, doc_ids=existing[:1])
            else:
                records.insert(record)

    def _stage_codebook(self, codes: tuple[Code, ...]) -> AtomicJSONStorage:
        assert self._codebook_db is not None
        storage = self._codebook_db.storage
        assert isinstance(storage, AtomicJSONStorage)
        storage.stage()
        table = self._codebook_db.table(CODES_TABLE)
        table.truncate()
        table.insert_multiple(c.to_dict() for c in codes)
        return storage

    def _write(self, staged: Sequence[AtomicJSONStorage]) -> None:
        """Commit staged files: one atomically, several all-or-nothing via the journal."""
        if len(staged) <= 1:
            for storage in staged:
                try:
                    storage.commit()
                except OSError as error:
                    raise StoreWriteError(self.location, storage.path, error) from None
            return
        before = [(s.path, s.data) for s in staged]
        try:
            self._journal.write(before)
        except OSError as error:
            raise StoreWriteError(self.location, self._journal.path, error) from None
        done: list[AtomicJSONStorage] = []
        failing = self._journal.path
        try:
            for storage in staged:
                failing = storage.path
                storage.commit()
                done.append(storage)
            failing = self._journal.path
            self._journal.remove()
        except OSError as error:
            detail = self._roll_back(done, dict(before))
            raise StoreWriteError(self.location, failing, error, detail) from None

    def _roll_back(
        self, done: Sequence[AtomicJSONStorage], before: Mapping[Path, dict[str, Any] | None]
    ) -> str:
        """Put back files already written by a change that failed part-way."""
        failed = False
        for storage in reversed(done):
            try:
                storage.restore(before[storage.path])  # memory reverts even if this fails
            except OSError:
                failed = True
        if not failed:
            try:
                self._journal.remove()
            except OSError:
                failed = True
        if failed:
            # The journal still says how to put the disk back: before the next change, or at
            # the next open.
            self._recovery_pending = True
            return "nothing was changed; the partly written change is undone at the next save"
        return "nothing was changed"

    def _recover(self) -> None:
        """Finish rolling back a change whose failure could not be cleaned up at the time."""
        if not self._recovery_pending:
            return
        try:
            self._journal.roll_back()
        except (OSError, _Damaged) as error:
            cause = error if isinstance(error, OSError) else OSError(errno.EIO, str(error))
            raise StoreWriteError(
                self.location,
                self._journal.path,
                cause,
                "an earlier failed change could not be rolled back yet; nothing was changed",
            ) from None
        self._recovery_pending = False

    def _rebase_history(self, doc_id: str, text: str) -> None:
        """Re-anchor the annotations remembered by undo and redo to the document's new text,
        so undoing after a re-anchor never restores offsets into the old text."""

        from .anchoring import reanchor_annotation

        def rebase(annotation: Annotation | None) -> Annotation | None:
            if annotation is None or annotation.document != doc_id:
                return annotation
            return reanchor_annotation(text, annotation)

        for history in (self._undo, self._redo):
            for n, change in enumerate(history):
                pairs = tuple((rebase(b), rebase(a)) for b, a in change.annotations)
                if pairs != change.annotations:
                    history[n] = replace(change, annotations=pairs)


@contextmanager
def _gc_paused(store: AnnotationStore) -> Iterator[None]:
    """Pause the cyclic garbage collector while loading; freeze what a large store loaded.

    Hundreds of thousands of new objects otherwise trigger full collections that cost a
    third of the open time; afterwards every full collection would scan them all again (a
    100 ms pause in the middle of a save at 100,000 annotations). ``gc.freeze`` takes them
    out of the collector's sight: they hold no cycles and reference counting still frees
    them. Small stores skip the freeze, which applies to the whole process.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    if len(store) >= FREEZE_AT:
        gc.freeze()


def _position(annotation: Annotation) -> tuple[int, int, str]:
    return annotation.start, annotation.end, annotation.id


def _document_id(document: DocumentLike | str) -> str:
    return document if isinstance(document, str) else document.id


def _short(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return f"“{line}”" if len(line) <= limit else f"“{line[: limit - 1]}…”"


def _scan_meta(location: Path) -> _Scan:
    """Just enough of a scan to check the version before touching anything."""
    scan = _Scan(location, exists=location.is_dir())
    meta = location / META
    try:
        scan.meta = _read_tinydb(meta)
    except FileNotFoundError:
        pass
    except _Damaged as error:
        scan.problem(meta, "damaged", str(error))
        scan.meta = {}
    for folder in (location, location / DOCS):
        if folder.is_dir():
            scan.temp_files += [p for p in folder.iterdir() if _TEMP_NAME.search(p.name)]
    return scan


# --- where stores live ------------------------------------------------------------------------


def default_store_location(corpus_root: Path, bundled: bool) -> Path:
    """``<corpus>/.casereader/`` for a writable corpus folder of the user's; for the bundled
    seeds or a read-only folder, a folder under the user data directory named after the corpus
    and a hash of its path (so two corpora called ``reports`` do not share a store)."""
    root = Path(corpus_root).expanduser().resolve()
    inside = root / ".casereader"
    if not bundled and _writable(root, inside):
        return inside
    import platformdirs  # imported here: only this path needs it, and start-up matters

    digest = hashlib.sha1(str(root).encode("utf-8")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "-", root.name).strip("-.") or "corpus"
    return Path(platformdirs.user_data_dir("casereader")) / "stores" / f"{name}-{digest}"


def _writable(root: Path, inside: Path) -> bool:
    if not root.is_dir() or not os.access(root, os.W_OK | os.X_OK):
        return False
    return not inside.exists() or os.access(inside, os.W_OK | os.X_OK)


# --- check and repair (for `casereader doctor`) -----------------------------------------------


def check_store(folder: str | os.PathLike[str]) -> list[Problem]:
    """Everything wrong with a store, without changing anything (works beside a writer)."""
    location = Path(folder).expanduser().absolute()
    scan = _scan(location)
    if not scan.exists or not scan.is_store:
        return [Problem(location, "missing", "no annotation store here")]
    for temp in scan.temp_files:
        scan.problem(temp, "leftover", "temporary file left by an interrupted save")
    if scan.journal:
        scan.problem(
            location / JOURNAL,
            "interrupted",
            "a change to several files was interrupted; it is rolled back at the next open",
        )
    _check_meta(scan)
    if any(p.kind == "newer" for p in scan.problems):
        return scan.problems
    if scan.schema is not None and scan.schema < SCHEMA_VERSION:
        scan.problem(
            location / META, "old", f"schema {scan.schema}; it is upgraded at the next open"
        )
        _migrate_scan(scan)
    _check_contents(scan)
    return scan.problems


def repair_store(folder: str | os.PathLike[str]) -> list[str]:
    """Make a damaged store open again, never deleting data: damaged files are renamed to
    ``<name>.broken-<time>`` beside where they were. Returns what was done, one line each.

    Takes the store's lock (StoreLockedError if it is open elsewhere); refuses a store written
    by a newer casereader (StoreVersionError) without touching it.
    """
    location = Path(folder).expanduser().absolute()
    if not _scan(location).is_store:
        raise StoreError(f"no annotation store at {location}")
    lock = _Lock(location)
    try:
        return _repair(location)
    finally:
        lock.release()


def _repair(location: Path) -> list[str]:
    done: list[str] = []
    head = _scan_meta(location)
    _check_meta(head)
    if any(p.kind == "newer" for p in head.problems):
        _raise_fatal(head)
    for temp in head.temp_files:
        _unlink_quietly(temp)
        done.append(f"removed leftover temporary file {temp}")
    journal = _Journal(location)
    if journal.exists():
        try:
            count = journal.roll_back()
            done.append(f"rolled back an interrupted change to {count} files")
        except _Damaged:
            done.append(_move_aside(journal.path))
    scan = _scan(location)
    _check_meta(scan)
    _migrate_scan(scan)
    contents = _check_contents(scan)
    for problem in scan.problems:
        if problem.kind in ("damaged", "duplicate") and problem.file.parent.name == DOCS:
            done.append(_move_aside(problem.file) + f" ({problem.message})")
    meta_problem = next((p for p in scan.problems if p.file.name == META), None)
    if meta_problem is not None and meta_problem.kind in ("damaged", "missing"):
        if (location / META).exists():
            done.append(_move_aside(location / META))
        write_durably(location / META, encode(_new_meta()))
        done.append(f"wrote a new {location / META} (schema {SCHEMA_VERSION})")
    codes = list(contents.codes if contents.codes is not None else ())
    if contents.codes is None:
        if (location / CODEBOOK).exists():
            done.append(_move_aside(location / CODEBOOK))
        codes = list(DEFAULT_CODES)
        done.append(f"wrote a new {location / CODEBOOK} with the default codes")
    added = _missing_codes(codes, contents)
    for code in added:
        done.append(f"added code {code.id!r} to the codebook: annotations use it")
    if contents.codes is None or added:
        write_durably(location / CODEBOOK, encode(_codebook_data(codes + added)))
    return done


def _missing_codes(codes: list[Code], contents: _Contents) -> list[Code]:
    known = {c.id for c in codes}
    used = sorted(
        {c for _name, doc in contents.documents.values() for a in doc.annotations for c in a.codes}
        - known
    )
    names = {c.name.casefold() for c in codes}
    added = []
    for n, code_id in enumerate(used):
        name = code_id if code_id.casefold() not in names else f"{code_id} (restored)"
        added.append(Code(code_id, name, PALETTE[(len(codes) + n) % len(PALETTE)]))
    return added


def _move_aside(path: Path) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
        n += 1
    os.rename(path, target)
    fsync_dir(path.parent)
    return f"moved {path} aside to {target.name}"
