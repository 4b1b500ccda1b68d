"""Check and repair a store (for ``casereader doctor``), never deleting data."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..codebook import DEFAULT_CODES, PALETTE
from ..model import Code
from .errors import StoreError
from .file_format import (
    CODEBOOK,
    DOCS,
    JOURNAL,
    LOCK,
    META,
    SCHEMA_VERSION,
    Damaged,
    codebook_data,
    new_meta,
)
from .files import encode, fsync_dir, unlink_quietly, write_durably
from .journal import Journal
from .lock import Lock, lock_problem
from .scan import (
    Contents,
    Problem,
    Scan,
    check_contents,
    check_meta,
    migrate_scan,
    raise_fatal,
    scan_folder,
    scan_meta,
)


def check_store(folder: str | os.PathLike[str]) -> list[Problem]:
    """Everything wrong with a store, without changing anything (works beside a writer)."""
    location = Path(folder).expanduser().absolute()
    scan = scan_folder(location)
    bad_lock = lock_problem(location) if scan.exists else None
    if not scan.is_store:  # (a folder that is not there holds no store either)
        return [_no_store(location, bad_lock)]
    _check_leftovers(scan, location)
    if bad_lock is not None:
        scan.problem(location / LOCK, "damaged", bad_lock)
    check_meta(scan)
    if _is_newer(scan):
        return scan.problems
    _check_schema(scan, location)
    check_contents(scan)
    return scan.problems


def _check_schema(scan: Scan, location: Path) -> None:
    """A store of an older schema is reported, and its contents checked as the next open
    will migrate them."""
    if scan.schema is not None and scan.schema < SCHEMA_VERSION:
        scan.problem(
            location / META, "old", f"schema {scan.schema}; it is upgraded at the next open"
        )
        migrate_scan(scan)


def _no_store(location: Path, bad_lock: str | None) -> Problem:
    """What a folder without a store has wrong: a lock file a writer could not use to make
    one here, else no store at all."""
    if bad_lock is not None:
        return Problem(location / LOCK, "damaged", bad_lock)
    return Problem(location, "missing", "no annotation store here")


def _is_newer(scan: Scan) -> bool:
    """Whether a newer casereader wrote the store: then nothing else is checked or touched."""
    return any(p.kind == "newer" for p in scan.problems)


def _check_leftovers(scan: Scan, location: Path) -> None:
    """What an interrupted save left: temporary files, and the journal of a change."""
    for temp in scan.temp_files:
        scan.problem(temp, "leftover", "temporary file left by an interrupted save")
    if not scan.journal:
        return
    try:
        Journal(location).read()
    except Damaged as error:
        scan.problem(location / JOURNAL, "damaged", str(error))
    else:
        scan.problem(
            location / JOURNAL,
            "interrupted",
            "a change to several files was interrupted; it is rolled back at the next open",
        )


def repair_store(folder: str | os.PathLike[str]) -> list[str]:
    """Make a damaged store open again, never deleting data: damaged files are renamed to
    ``<name>.broken-<time>`` beside where they were. Returns what was done, one line each.

    Takes the store's lock (StoreLockedError if it is open elsewhere); refuses a store written
    by a newer casereader (StoreVersionError) without touching it.
    """
    location = Path(folder).expanduser().absolute()
    moved = []
    if lock_problem(location) is not None:  # not casereader's: moved aside, never written
        moved.append(_move_aside(location / LOCK))
    if not scan_folder(location).is_store:
        if moved:
            return moved
        raise StoreError(f"no annotation store at {location}")
    lock = Lock(location)
    try:
        return moved + _repair(location)
    finally:
        lock.release()


def _repair(location: Path) -> list[str]:
    head = scan_meta(location)
    check_meta(head)
    if _is_newer(head):
        raise_fatal(head)
    done = _finish_interrupted(location, head)
    scan = scan_folder(location)
    check_meta(scan)
    migrate_scan(scan)
    contents = check_contents(scan)
    done += _move_damaged_documents(scan)
    done += _repair_meta(location, scan)
    return done + _repair_codebook(location, contents)


def _move_damaged_documents(scan: Scan) -> list[str]:
    """Document files that are damaged, or hold a document another file holds, moved aside."""
    return [
        _move_aside(problem.file) + f" ({problem.message})"
        for problem in scan.problems
        if problem.kind in ("damaged", "duplicate") and problem.file.parent.name == DOCS
    ]


def _repair_meta(location: Path, scan: Scan) -> list[str]:
    """A new meta file in place of a damaged or missing one."""
    meta_problem = next((p for p in scan.problems if p.file.name == META), None)
    if meta_problem is None or meta_problem.kind not in ("damaged", "missing"):
        return []
    return _replace_file(location / META, new_meta(), f"(schema {SCHEMA_VERSION})")


def _finish_interrupted(location: Path, head: Scan) -> list[str]:
    """Remove leftover temporary files; roll back an interrupted change (a damaged journal
    is moved aside)."""
    done = []
    for temp in head.temp_files:
        unlink_quietly(temp)
        done.append(f"removed leftover temporary file {temp}")
    journal = Journal(location)
    if journal.exists():
        try:
            count = journal.roll_back()
            done.append(f"rolled back an interrupted change to {count} files")
        except Damaged:
            done.append(_move_aside(journal.path))
    return done


def _replace_file(path: Path, data: dict[str, Any], what: str) -> list[str]:
    """A new file in place of a damaged (moved aside) or missing one."""
    done = [_move_aside(path)] if path.exists() else []
    write_durably(path, encode(data))
    return [*done, f"wrote a new {path} {what}"]


def _repair_codebook(location: Path, contents: Contents) -> list[str]:
    """A codebook that opens (the default codes in place of a damaged one) and names every
    code the annotations use."""
    used = _used_codes(contents)
    if contents.codes is None:
        codes, notes = _defaults_beside(used)
    else:
        codes, notes = list(contents.codes), []
    added = _missing_codes(codes, used)
    restored = {code.id for code in added}
    codes, renamed = _distinct_names(codes + added, restored)
    data = codebook_data(codes)
    notes = renamed + notes + [_added(code) for code in codes if code.id in restored]
    if contents.codes is None:
        return _replace_file(location / CODEBOOK, data, "with the default codes") + notes
    if added:
        write_durably(location / CODEBOOK, encode(data))
    return notes


def _defaults_beside(used: set[str]) -> tuple[list[Code], list[str]]:
    """The default codes for a rebuilt codebook, less any nobody uses whose id or name is the
    id of a code in use but for case (``strength`` beside a used ``Strength``): the codebook
    could not hold both, and the user's code counts, not the default."""
    folded = {code_id.casefold(): code_id for code_id in used}
    codes, notes = [], []
    for code in DEFAULT_CODES:
        clash = folded.get(code.id.casefold()) or folded.get(code.name.casefold())
        if code.id not in used and clash is not None:
            notes.append(
                f"left the default code {code.id!r} out: annotations use the code {clash!r}"
            )
        else:
            codes.append(code)
    return codes, notes


def _missing_codes(codes: list[Code], used: set[str]) -> list[Code]:
    """A code for every id the annotations use that ``codes`` lack, named by its id."""
    missing = sorted(used - {c.id for c in codes})
    names = {c.name.casefold() for c in codes}
    added = []
    for n, code_id in enumerate(missing):
        name = code_id if code_id.casefold() not in names else f"{code_id} (restored)"
        added.append(Code(code_id, name, PALETTE[(len(codes) + n) % len(PALETTE)]))
    return added


def _added(code: Code) -> str:
    """A restored code, said with its name where that is not its id."""
    named = "" if code.name == code.id else f" as {code.name!r}"
    return f"added code {code.id!r} to the codebook{named}: annotations use it"


def _distinct_names(codes: list[Code], restored: set[str]) -> tuple[list[Code], list[str]]:
    """The codes renamed where a name is another code's id but for case (the codebook's rule,
    ``check_codes``), or another's name: only a restored code's id can cause it (``strength``
    named so, beside a used ``Strength``), and renaming keeps every code and annotation. A
    code of the codebook renamed is said; a restored one is said with its name when added."""
    ids: dict[str, list[str]] = {}
    for code in codes:
        ids.setdefault(code.id.casefold(), []).append(code.id)

    def other_id(name: str, own: str) -> str | None:
        return next((i for i in ids.get(name.casefold(), ()) if i != own), None)

    taken: set[str] = set()
    kept, notes = [], []
    for code in codes:
        name = code.name
        n = 1
        while other_id(name, code.id) is not None or name.casefold() in taken:
            n += 1
            name = f"{code.name} ({n})"
        if name != code.name and code.id not in restored:
            reason = other_id(code.name, code.id)
            why = f"annotations use the code {reason!r}" if reason else "another code has its name"
            notes.append(f"renamed code {code.id!r} to {name!r}: {why}")
        if name != code.name:
            code = replace(code, name=name)
        taken.add(name.casefold())
        kept.append(code)
    return kept, notes


def _used_codes(contents: Contents) -> set[str]:
    """Every code id the store's annotations use."""
    return {
        code
        for _name, doc in contents.documents.values()
        for a in doc.annotations
        for code in a.codes
    }


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
