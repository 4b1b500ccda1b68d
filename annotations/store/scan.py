"""Reading a store folder without changing it: every file parsed and checked, each problem
named, the fatal ones raised as the error the user sees."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Code
from ..safety import file_kind
from .errors import StoreCorruptError, StoreVersionError, os_reason, relative
from .file_format import (
    CODEBOOK,
    DOCS,
    DRAFTS,
    JOURNAL,
    META,
    SCHEMA_VERSION,
    TEMP_NAME,
    Damaged,
    DocumentData,
    read_codes,
    read_document,
    read_store_json,
    read_tinydb,
    schema_of,
)
from .migrations import Migration, RawStore, migrate

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


@dataclass
class Scan:
    """Everything read from a store folder, and what was wrong with it.

    ``present`` holds every store file (or ``docs`` folder) that is there, readable or not: a
    damaged file is never taken for a missing one, so nothing is written over it.
    """

    location: Path
    exists: bool = False
    meta: dict[str, Any] | None = None
    codebook: dict[str, Any] | None = None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    schema: int | None = None
    problems: list[Problem] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    journal: bool = False
    contents: Contents | None = None
    present: set[Path] = field(default_factory=set)

    @property
    def is_store(self) -> bool:
        """Any meta, codebook or document file is there (a drafts file alone is not a store)."""
        return any(p.name != DRAFTS for p in self.present)

    def has(self, name: str) -> bool:
        return self.location / name in self.present

    @property
    def has_documents(self) -> bool:
        docs = self.location / DOCS
        return any(p == docs or p.parent == docs for p in self.present)

    def keep(self, path: Path, data: dict[str, Any]) -> None:
        """A file read and parsed, kept by its name: the meta, the codebook or a document."""
        self.present.add(path)
        if path.name == META:
            self.meta = data
        elif path.name == CODEBOOK:
            self.codebook = data
        else:
            self.documents[path.name] = data

    def problem(self, path: Path, kind: str, message: str) -> None:
        self.problems.append(Problem(path, kind, message))


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be the store's ``docs`` folder (a link, a file), or None."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be read: {os_reason(error)}"
    if stat.S_ISDIR(mode):
        return None
    return f"{_kind_of(mode)} where a folder should be"


def _kind_of(mode: int) -> str:
    """What something that is not a folder is, in a few words: a file, a link, a FIFO..."""
    if stat.S_ISREG(mode):
        return "a file"
    return (file_kind(mode) or "something else").split(",")[0]


def scan_folder(location: Path, overlay: Sequence[tuple[Path, dict[str, Any] | None]] = ()) -> Scan:
    """Read and parse every store file without changing anything. ``overlay`` replaces the
    contents of some files (a read-only view of an interrupted change's rollback)."""
    scan = Scan(location, exists=location.is_dir())
    if not scan.exists:
        return scan
    replaced = dict(overlay)
    paths = [location / META, location / CODEBOOK, *_document_paths(scan)]
    paths += [p for p in replaced if p not in paths]
    for path in paths:
        _read_into(scan, path, replaced)
    _check_drafts(scan)
    scan.temp_files = temp_files(location)
    scan.journal = os.path.lexists(location / JOURNAL)
    return scan


def _document_paths(scan: Scan) -> list[Path]:
    """The document files, or none when ``docs`` is not a folder (then a problem)."""
    docs = scan.location / DOCS
    wrong = folder_problem(docs)
    if wrong is not None:
        scan.problem(docs, "damaged", wrong)
        scan.present.add(docs)
        return []
    return sorted(docs.glob("*.json")) if docs.is_dir() else []


def _read_into(scan: Scan, path: Path, replaced: Mapping[Path, dict[str, Any] | None]) -> None:
    """One store file (or its overlaid contents) into the scan; a damaged one as a problem."""
    try:
        data = replaced[path] if path in replaced else read_tinydb(path)
    except FileNotFoundError:
        return  # never there, or removed (rolled back) by the writer since listing
    except Damaged as error:
        scan.present.add(path)
        scan.problem(path, "damaged", str(error))
        return
    if data is not None:  # None: overlaid as not there
        scan.keep(path, data)


def _check_drafts(scan: Scan) -> None:
    """Note drafts are kept beside the annotations; a damaged drafts file stops the store
    like any other (its shape is the drafts module's business: here it must be JSON)."""
    path = scan.location / DRAFTS
    try:
        if not isinstance(read_store_json(path), dict):
            raise Damaged("not a JSON object")
    except FileNotFoundError:
        return
    except Damaged as error:
        scan.problem(path, "damaged", str(error))
    scan.present.add(path)


def temp_files(location: Path) -> list[Path]:
    """Temporary files left by interrupted saves, in the store folder and ``docs``."""
    found: list[Path] = []
    for folder in (location, location / DOCS):
        found += _temp_files_in(folder)
    return found


def _temp_files_in(folder: Path) -> list[Path]:
    """Temporary files in a folder (none if it is not a real folder: a link is not read)."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [p for p in folder.iterdir() if TEMP_NAME.search(p.name)]


def check_meta(scan: Scan) -> None:
    """Find the schema version; a newer one is fatal before anything else is looked at."""
    meta_path = scan.location / META
    if not scan.has(META):
        if scan.is_store:
            scan.problem(meta_path, "missing", "missing, but the store holds other files")
        return
    if scan.meta is None:
        return  # damaged, already reported
    try:
        scan.schema = schema_of(scan.meta)
    except Damaged as error:
        scan.problem(meta_path, "damaged", str(error))
        return
    _check_not_newer(scan, scan.schema)


def _check_not_newer(scan: Scan, schema: int) -> None:
    """A store of a schema newer than this version reads is a problem (fatal)."""
    if schema > SCHEMA_VERSION:
        scan.problem(
            scan.location / META,
            "newer",
            f"written by a newer casereader (store schema {schema}; this version reads "
            f"schema {SCHEMA_VERSION} and older); upgrade casereader to open it",
        )


@dataclass
class Contents:
    codes: tuple[Code, ...] | None
    documents: dict[str, tuple[str, DocumentData]]  # document id -> (file name, data)


def check_contents(scan: Scan) -> Contents:
    """Check the codebook and document files (already migrated to the current schema)."""
    codes = _check_codebook(scan)
    documents = _check_documents(scan)
    if codes is not None:
        known = {c.id for c in codes}
        for name, doc in documents.values():
            _check_codes_known(scan, name, doc, known)
    return Contents(codes, documents)


def _check_documents(scan: Scan) -> dict[str, tuple[str, DocumentData]]:
    """The readable document files, by document id: (file name, contents). One that is
    damaged, or holds an annotation an earlier file (by name) holds, is a problem."""
    documents: dict[str, tuple[str, DocumentData]] = {}
    owner: dict[str, str] = {}
    for name, data in sorted(scan.documents.items()):
        doc = _check_document(scan, name, data, owner)
        if doc is not None:
            owner.update((a.id, name) for a in doc.annotations)
            documents[doc.document] = (name, doc)
    return documents


def _check_codebook(scan: Scan) -> tuple[Code, ...] | None:
    """The codebook's codes, or None when it is damaged or missing (then a problem)."""
    if scan.codebook is not None:
        try:
            return read_codes(scan.codebook)
        except Damaged as error:
            scan.problem(scan.location / CODEBOOK, "damaged", str(error))
    elif _codebook_lost(scan):
        scan.problem(scan.location / CODEBOOK, "missing", "missing, but documents are coded")
    return None


def _codebook_lost(scan: Scan) -> bool:
    """No codebook file where a store's meta and coded documents are (not a creation
    interrupted before the codebook, which has no documents yet)."""
    return scan.has(META) and scan.has_documents and not scan.has(CODEBOOK)


def _check_document(
    scan: Scan, name: str, data: dict[str, Any], owner: Mapping[str, str]
) -> DocumentData | None:
    """A document file's contents, or None when it is damaged or holds an annotation another
    file holds (then a problem)."""
    path = scan.location / DOCS / name
    try:
        doc = read_document(name, data)
    except Damaged as error:
        scan.problem(path, "damaged", str(error))
        return None
    clash = next((a.id for a in doc.annotations if a.id in owner), None)
    if clash is not None:
        scan.problem(path, "duplicate", f"annotation {clash} is also in {owner[clash]}")
        return None
    return doc


def _check_codes_known(scan: Scan, name: str, doc: DocumentData, known: set[str]) -> None:
    unknown = sorted({c for a in doc.annotations for c in a.codes} - known)
    if unknown:
        scan.problem(
            scan.location / DOCS / name,
            "unknown-code",
            f"annotations of {doc.document!r} use codes not in the codebook: " + ", ".join(unknown),
        )


def migrate_scan(scan: Scan, migrations: Mapping[int, Migration] | None = None) -> bool:
    """Bring an older store up to date in memory; True if anything was migrated."""
    if scan.schema is None or scan.schema >= SCHEMA_VERSION or scan.meta is None:
        return False
    raw = RawStore(scan.meta, scan.codebook, scan.documents)
    failed = _failed_migration(raw, scan.schema, migrations)
    if failed is not None:
        scan.problem(scan.location / META, "unmigratable", failed)
        return False
    scan.meta, scan.codebook, scan.documents = raw.meta, raw.codebook, raw.documents
    scan.schema = SCHEMA_VERSION
    return True


def _failed_migration(
    raw: RawStore, schema: int, migrations: Mapping[int, Migration] | None
) -> str | None:
    """Migrate ``raw`` in memory; why that failed (no path from ``schema``, or a step that
    could not read the store), or None."""
    try:
        migrate(raw, schema, migrations)
    except LookupError as error:
        return str(error)
    except (ValueError, KeyError, TypeError) as error:
        return f"migration failed: {error}"
    return None


def raise_fatal(scan: Scan) -> None:
    """Turn the first fatal problem (of the first kind in ``FATAL_KINDS``) into the error
    the user sees."""
    problem = _first_fatal(scan.problems)
    if problem is None:
        return
    if problem.kind in ("newer", "unmigratable"):
        where = relative(problem.file, scan.location)
        raise StoreVersionError(
            f"store {scan.location}: {where}: {problem.message}; nothing was changed"
        )
    raise StoreCorruptError(scan.location, problem.file, problem.message)


def _first_fatal(problems: list[Problem]) -> Problem | None:
    """The first problem of the first fatal kind found, in the order of ``FATAL_KINDS``."""
    return next((p for kind in FATAL_KINDS for p in problems if p.kind == kind), None)


def raise_damaged(scan: Scan) -> None:
    """Refuse a store with a damaged file before anything is created or written."""
    for problem in scan.problems:
        if problem.kind == "damaged":
            raise StoreCorruptError(scan.location, problem.file, problem.message)


def scan_meta(location: Path) -> Scan:
    """Just enough of a scan to check the version before touching anything."""
    scan = Scan(location, exists=location.is_dir())
    meta = location / META
    try:
        scan.meta = read_tinydb(meta)
        scan.present.add(meta)
    except FileNotFoundError:
        pass
    except Damaged as error:
        scan.present.add(meta)
        scan.problem(meta, "damaged", str(error))
    scan.temp_files = temp_files(location)
    return scan
