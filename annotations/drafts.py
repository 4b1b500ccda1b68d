"""Notes the reader was writing when the session ended, kept as drafts in the store folder.

An SSH connection that drops (SIGHUP) or a system that stops the process (SIGTERM) must not
take a half-written note with it: the reader writes the editor's text here, durably (the
store's own write: temp file, fsync, rename, folder fsync), and the note editor offers it
back the next time that annotation's note is opened. Saving or discarding the note there
drops the draft.

One file, ``note-drafts.json``, beside the store's files (which the store ignores)::

    {"format": "casereader-note-drafts", "version": 1,
     "drafts": {"<annotation id>": {"document": "...", "text": "...", "saved": "...Z"}}}

Like every store file it is opened without following a symbolic link and must be a regular
file; one that cannot be read as drafts is refused with a line naming it and is never
overwritten (a damaged drafts file may still hold the only copy of someone's note).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CasereaderError
from .model import utc_now
from .store.file_format import DRAFTS, Damaged, read_store_file
from .store.files import encode, unlink_durably, write_durably

DRAFTS_FILE = DRAFTS
"""The store checks it at open like its own files (a damaged one stops the store)."""
FORMAT = "casereader-note-drafts"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024
"""A drafts file larger than this is not read (notes are small; this is not one)."""


class DraftsError(CasereaderError):
    """The drafts file cannot be read or written; the message names it."""


@dataclass(frozen=True)
class Draft:
    """The unsaved text of one annotation's note."""

    annotation: str
    document: str
    text: str
    saved: str = ""
    """When it was kept (UTC ISO 8601)."""


def drafts_path(folder: Path) -> Path:
    return Path(folder) / DRAFTS_FILE


def read_drafts(folder: Path) -> dict[str, Draft]:
    """Every draft in the store folder, by annotation id (none when there is no file)."""
    path = drafts_path(folder)
    try:
        payload = read_store_file(path)  # a regular file, not through a link
    except FileNotFoundError:
        return {}
    except Damaged as error:
        raise DraftsError(f"note drafts {path}: {error}; move it aside") from None
    if len(payload) > MAX_BYTES:
        raise DraftsError(f"note drafts {path} is too large to be drafts; move it aside")
    return _parse(path, payload)


def _damaged(path: Path, reason: str) -> DraftsError:
    return DraftsError(f"note drafts {path} are damaged ({reason}); move the file aside")


def _parse(path: Path, payload: bytes) -> dict[str, Draft]:
    entries = _entries(path, payload)
    return {annotation: _draft(path, annotation, entry) for annotation, entry in entries.items()}


def _entries(path: Path, payload: bytes) -> dict[str, Any]:
    """The drafts table of a drafts file this casereader can read; DraftsError otherwise."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _damaged(path, f"not JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _damaged(path, "not a drafts file")
    _check_version(path, data.get("version"))
    entries = data.get("drafts")
    if not isinstance(entries, dict):
        raise _damaged(path, "no drafts table")
    return entries


def _check_version(path: Path, version: Any) -> None:
    """Refuse drafts a newer casereader wrote (or with no version we know): left as they are."""
    if not isinstance(version, int) or version > VERSION:
        raise DraftsError(
            f"note drafts {path} were written by a newer casereader (version "
            f"{version!r}); they are left as they are"
        )


def _draft(path: Path, annotation: str, entry: Any) -> Draft:
    """One entry of the table: a document, a text and a time, all strings."""
    if not isinstance(entry, dict) or not all(
        isinstance(entry.get(key), str) for key in ("document", "text", "saved")
    ):
        raise _damaged(path, f"the draft of {annotation!r} is not a document, a text and a time")
    return Draft(annotation, entry["document"], entry["text"], entry["saved"])


def _write(folder: Path, drafts: dict[str, Draft]) -> None:
    path = drafts_path(folder)
    if not drafts:
        unlink_durably(path)
        return
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "drafts": {
            d.annotation: {"document": d.document, "text": d.text, "saved": d.saved}
            for d in drafts.values()
        },
    }
    try:
        write_durably(path, encode(data))
    except OSError as error:
        raise DraftsError(f"note drafts {path} could not be written: {error.strerror}") from None


def keep_draft(folder: Path, annotation: str, document: str, text: str) -> Draft:
    """Keep ``text`` as the draft of an annotation's note, durably; other drafts stay."""
    drafts = read_drafts(folder)  # a damaged file raises here: it is never overwritten
    draft = Draft(annotation, document, text, utc_now())
    drafts[annotation] = draft
    _write(folder, drafts)
    return draft


def drop_draft(folder: Path, annotation: str) -> None:
    """The note was saved or its changes discarded: its draft goes."""
    drafts = read_drafts(folder)
    if drafts.pop(annotation, None) is not None:
        _write(folder, drafts)
