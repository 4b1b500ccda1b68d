"""Opening a store folder: made if it is not there, checked, rolled back, created or
migrated under the lock (writers), or read as it is (readers), before the store loads it.

Only a store file that is not there at all is created; one that is there but damaged (or a
link, a folder, a FIFO) stops the store with StoreCorruptError and stays as it is.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..codebook import DEFAULT_CODES
from .errors import StoreCorruptError, StoreError, StoreWriteError, os_reason
from .file_format import CODEBOOK, DOCS, META, SCHEMA_VERSION, Damaged, codebook_data, new_meta
from .files import copy_json, encode, make_folders, put_durably, unlink_quietly, write_durably
from .journal import Journal
from .scan import (
    Contents,
    Scan,
    check_contents,
    check_meta,
    migrate_scan,
    raise_damaged,
    raise_fatal,
    scan_folder,
    scan_meta,
)


@dataclass
class Opening:
    """What opening a store did: folders made, a new store created, a migration."""

    location: Path
    journal: Journal
    created: list[Path] = field(default_factory=list)
    """Folders this open made (outermost first), for ``AnnotationStore.abandon``."""
    new: bool = False
    migrated_from: int | None = None


def create_folder(opening: Opening) -> Path:
    """The store folder, made (durably) if it is not there yet; nothing inside it yet."""
    location = opening.location
    try:
        opening.created = make_folders(location)
    except OSError as error:
        raise StoreError(f"cannot create the store folder {location}: {os_reason(error)}") from None
    if not location.is_dir():
        raise StoreError(
            f"cannot create the store folder {location}: something that is not a folder is "
            "in the way"
        )
    return location


def scan_for_writing(opening: Opening) -> Scan:
    """Under the lock: refuse newer stores untouched, then tidy up, create or migrate."""
    location = opening.location
    meta_only = scan_meta(location)
    check_meta(meta_only)
    raise_fatal(meta_only)
    for temp in meta_only.temp_files:
        unlink_quietly(temp)
    _roll_back_interrupted(opening)
    scan = _complete(opening, scan_folder(location))
    check_meta(scan)
    raise_fatal(scan)
    originals = _migrate(opening, scan)
    scan.contents = check_contents(scan)
    raise_fatal(scan)
    if originals is not None:
        _write_migration(opening, scan, originals)
    _make_docs_folder(opening)
    return scan


def _migrate(opening: Opening, scan: Scan) -> list[Any] | None:
    """Migrate an older store in memory; the files as they were if it was migrated."""
    old = scan.schema
    if old is None or old >= SCHEMA_VERSION:
        return None
    originals: list[Any] = copy_json([scan.meta, scan.codebook, scan.documents])
    if not migrate_scan(scan):
        return None
    opening.migrated_from = old
    return originals


def _roll_back_interrupted(opening: Opening) -> None:
    """Roll back a change a crash interrupted, from its journal."""
    journal = opening.journal
    if not journal.exists():
        return
    try:
        journal.roll_back()
    except Damaged as error:
        raise StoreCorruptError(opening.location, journal.path, str(error)) from None
    except OSError as error:
        raise StoreWriteError(
            opening.location, journal.path, error, "rolling back an interrupted change"
        ) from None


def _complete(opening: Opening, scan: Scan) -> Scan:
    """A store that opens: created where there is none, its codebook written where a
    creation was interrupted before it; refused (untouched) where a file is damaged."""
    raise_damaged(scan)
    if not scan.is_store:
        _create(opening)
    elif scan.has(META) and not scan.has(CODEBOOK) and not scan.has_documents:
        # Created up to meta.json, then interrupted: the codebook was never written.
        _write_new_file(opening.location, CODEBOOK, codebook_data(DEFAULT_CODES))
    else:
        return scan
    return scan_folder(opening.location)


def scan_read_only(opening: Opening) -> Scan:
    """The store as it is, creating nothing; an interrupted change shows as before it."""
    location, journal = opening.location, opening.journal
    scan = scan_folder(location, _before_interrupted(location, journal))
    if not scan.is_store:
        # Nothing saved here yet: an empty view with the default codebook, creating
        # nothing; ``reload`` shows the store once a writer has made it.
        scan.contents = Contents(None, {})
        return scan
    check_meta(scan)
    raise_fatal(scan)
    old = scan.schema
    if migrate_scan(scan):
        opening.migrated_from = old
    scan.contents = check_contents(scan)
    raise_fatal(scan)
    return scan


def _before_interrupted(location: Path, journal: Journal) -> FileStates:
    """The files a writer is changing (or crashed while changing) as they were before it,
    from its journal; none in the usual case."""
    try:
        return journal.read()
    except FileNotFoundError:
        return []  # the usual case
    except Damaged as error:
        raise StoreCorruptError(location, journal.path, str(error)) from None


def _create(opening: Opening) -> None:
    """A new store: meta first, so a crash part-way leaves a store that opens."""
    opening.new = True
    _make_docs_folder(opening)
    _write_new_file(opening.location, META, new_meta())
    _write_new_file(opening.location, CODEBOOK, codebook_data(DEFAULT_CODES))


def _make_docs_folder(opening: Opening) -> None:
    try:
        opening.created += make_folders(opening.location / DOCS)
    except OSError as error:
        raise StoreError(
            f"cannot create the store folder {opening.location / DOCS}: {os_reason(error)}"
        ) from None


def _write_new_file(location: Path, name: str, data: dict[str, Any]) -> None:
    try:
        write_durably(location / name, encode(data))
    except OSError as error:
        raise StoreWriteError(
            location, location / name, error, "the store was not created"
        ) from None


def _write_migration(opening: Opening, scan: Scan, originals: list[Any]) -> None:
    """Save a migrated store all-or-nothing, meta (with the new version) last."""
    location, journal = opening.location, opening.journal
    entries, new = _migration_files(location, scan, originals)
    path = journal.path
    try:
        journal.write(entries)
        for path, _old in entries:
            put_durably(path, new[path])
        journal.remove()
    except OSError as error:
        with contextlib.suppress(OSError, Damaged):
            journal.roll_back()
        raise StoreWriteError(
            location, path, error, "the store was not migrated and is as it was"
        ) from None


FileStates = list[tuple[Path, dict[str, Any] | None]]
"""Store files and what each holds (None: not there)."""


def _migration_files(
    location: Path, scan: Scan, originals: list[Any]
) -> tuple[FileStates, dict[Path, dict[str, Any] | None]]:
    """A migration's files as they were (for the journal), documents first and meta last,
    and what each is to hold."""
    old_meta, old_codebook, old_docs = originals
    docs = location / DOCS
    names = sorted(set(old_docs) | set(scan.documents))
    entries = [(docs / name, old_docs.get(name)) for name in names]
    entries += [(location / CODEBOOK, old_codebook), (location / META, old_meta)]
    new: dict[Path, dict[str, Any] | None] = {
        docs / name: scan.documents.get(name) for name in names
    }
    new[location / CODEBOOK] = scan.codebook
    new[location / META] = scan.meta
    return entries, new
