"""The store's files on disk: names, TinyDB tables, and the checks that tell a file the
store wrote from a damaged one."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..codebook import CodebookError, check_codes
from ..model import STATUSES, Annotation, Code, utc_now
from ..safety import IrregularFileError, read_regular_file
from .errors import os_reason

SCHEMA_VERSION = 1
"""The shape of the files this version writes. Bump it and add a migration when it changes."""

FORMAT = "casereader-store"
META, CODEBOOK, DOCS, LOCK, JOURNAL = "meta.json", "codebook.json", "docs", ".lock", "rollback.json"
DRAFTS = "note-drafts.json"
"""Note drafts (``annotations.drafts``), checked at open like every store file."""
META_TABLE, CODES_TABLE, DOCUMENT_TABLE, ANNOTATIONS_TABLE = (
    "meta",
    "codes",
    "document",
    "annotations",
)

TEMP_NAME = re.compile(r"\.tmp-\d+-\d+$")
DOC_NAME = re.compile(r"^[0-9a-f]{16}\.json$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Damaged(Exception):
    """A file is not what the store wrote: not JSON, or the wrong shape."""


def document_filename(doc_id: str) -> str:
    """The file holding a document's annotations: short, safe, and stable for its id."""
    return hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:16] + ".json"


def json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def parse_tinydb(payload: bytes) -> dict[str, Any]:
    """Parse TinyDB JSON, checking its shape: tables of documents keyed by integer ids."""
    data = _load_json(payload)
    if not isinstance(data, dict):
        raise Damaged(f"a TinyDB file holds an object of tables, not {json_type(data)}")
    if _may_hold_surrogates(payload):
        _check_unicode(data)
    for name, table in data.items():
        _check_table(name, table)
    return data


def _may_hold_surrogates(payload: bytes) -> bool:
    """Escaped (or raw) surrogates: pairs are emoji, a lone one is not text, and would make
    every later export fail. Only files holding such bytes are searched."""
    return b"\\ud" in payload or b"\\uD" in payload or b"\xed" in payload


def _load_json(payload: bytes) -> Any:
    """A store file's JSON; Damaged, with the reason, if it is empty or not JSON."""
    if not payload.strip():
        raise Damaged("empty file")
    try:
        return json.loads(payload)
    except UnicodeDecodeError as error:
        raise Damaged(f"not text: {error.reason}") from None
    except ValueError as error:
        raise Damaged(f"not valid JSON, perhaps truncated: {error}") from None


def _check_unicode(data: Any) -> None:
    from ..safety import lone_surrogate  # here: the safety module is not needed at start-up

    found = lone_surrogate(data)
    if found is not None:
        raise Damaged(f"text with an unpaired surrogate (\\u{ord(found):04x}), not Unicode")


def _check_table(name: str, table: Any) -> None:
    """A TinyDB table: an object of rows (objects), keyed by integer ids."""
    if not isinstance(table, dict):
        raise Damaged(f"table {name!r} is {json_type(table)}, not an object")
    for key, row in table.items():
        if not key.isdigit():
            raise Damaged(f"table {name!r} has a non-numeric id {key!r}")
        if not isinstance(row, dict):
            raise Damaged(f"table {name!r} row {key} is {json_type(row)}, not an object")


def read_tinydb(path: Path) -> dict[str, Any]:
    """A store file's data. FileNotFoundError passes through: a file gone is not damaged."""
    return parse_tinydb(read_store_file(path))


def read_store_file(path: Path) -> bytes:
    """A store file's bytes: a regular file, never through a symbolic link (a store shared as
    a zip or a repository could point one anywhere). FileNotFoundError passes through; any
    other failure is Damaged, with the reason."""
    try:
        return read_regular_file(path, follow_symlinks=False)
    except FileNotFoundError:
        raise
    except IrregularFileError as error:
        raise Damaged(error.reason) from None
    except OSError as error:
        raise Damaged(f"cannot be read: {os_reason(error)}") from None


def read_store_json(path: Path) -> Any:
    """A store file that is JSON but not TinyDB's shape (drafts): read as safely, parsed,
    Damaged if it is not JSON. FileNotFoundError passes through."""
    return _load_json(read_store_file(path))


def table_rows(data: Mapping[str, Any], table: str) -> list[tuple[int, dict[str, Any]]]:
    return sorted((int(k), v) for k, v in data.get(table, {}).items())


def schema_of(meta: Mapping[str, Any]) -> int:
    rows = table_rows(meta, META_TABLE)
    if not rows:
        raise Damaged(f"no record in table {META_TABLE!r}")
    schema = rows[0][1].get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise Damaged("field 'schema' is not a version number")
    return schema


def read_codes(data: Mapping[str, Any]) -> tuple[Code, ...]:
    codes = []
    for key, row in table_rows(data, CODES_TABLE):
        try:
            codes.append(Code.from_dict(row))
        except ValueError as error:
            raise Damaged(f"code {key}: {error}") from None
    try:
        check_codes(codes)
    except CodebookError as error:
        raise Damaged(str(error)) from None
    return tuple(codes)


@dataclass
class DocumentData:
    document: str
    sha256: str | None
    annotations: list[Annotation]
    ids: dict[str, int]
    title: str = ""
    """The display title the coder gave the document ("" for none)."""


def read_document(name: str, data: Mapping[str, Any]) -> DocumentData:
    """A document file's contents, checked: one document record, valid annotations of it."""
    doc_id, sha = _document_record(name, data)
    annotations, ids = [], {}
    for key, row in table_rows(data, ANNOTATIONS_TABLE):
        annotation = _annotation(key, row, doc_id)
        annotations.append(annotation)
        ids[annotation.id] = key
    title = record_title(table_rows(data, DOCUMENT_TABLE)[0][1])
    return DocumentData(doc_id, sha, annotations, ids, title)


def record_title(record: Mapping[str, Any]) -> str:
    """The display title in a document record ("" when none); anything but text is damage
    (a title is optional: files without one, from before titles, read as before)."""
    title = record.get("title", "")
    if not isinstance(title, str):
        raise Damaged("the document record's title is not text")
    return title


def _document_record(name: str, data: Mapping[str, Any]) -> tuple[str, str | None]:
    """The id and text hash of a document file's one record, checked against its name."""
    records = table_rows(data, DOCUMENT_TABLE)
    if len(records) != 1:
        raise Damaged(f"table {DOCUMENT_TABLE!r} must hold one record, not {len(records)}")
    record = records[0][1]
    doc_id, sha = _record_id(record), _record_sha(record)
    if name != document_filename(doc_id):
        raise Damaged(f"holds document {doc_id!r}, whose file is {document_filename(doc_id)}")
    return doc_id, sha


def _record_id(record: Mapping[str, Any]) -> str:
    """The document id in a document record: text, not empty."""
    doc_id = record.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise Damaged("the document record has no id")
    return doc_id


def _record_sha(record: Mapping[str, Any]) -> str | None:
    """The sha256 of the text in a document record: a SHA-256 digest, or None (no text yet)."""
    sha = record.get("sha256")
    if sha is not None and not (isinstance(sha, str) and SHA256.match(sha)):
        raise Damaged("the document record's sha256 is not a SHA-256 digest")
    return sha


def _annotation(key: int, row: dict[str, Any], doc_id: str) -> Annotation:
    try:
        annotation = annotation_from_row(row, doc_id)
    except ValueError as error:
        raise Damaged(f"annotation {key}: {error}") from None
    if annotation.document != doc_id:
        raise Damaged(f"annotation {key} belongs to {annotation.document!r}, not {doc_id!r}")
    return annotation


_STR_FIELDS = ("id", "document", "exact", "prefix", "suffix", "note", "created", "updated")


def annotation_from_row(row: dict[str, Any], doc_id: str) -> Annotation:
    """``Annotation.from_dict`` for rows this store wrote, about three times faster: opening
    100,000 annotations is dominated by this. Anything unusual goes to ``from_dict``, which
    explains what is wrong. Repeated strings are interned to save memory."""
    if not _is_plain(row):
        return Annotation.from_dict(row)
    if row["document"] == doc_id:
        row["document"] = doc_id  # one string per file rather than one per row
    codes = row["codes"] = [sys.intern(c) for c in dict.fromkeys(row["codes"])]
    coder = row["coder"]
    if coder is not None:
        coder = row["coder"] = sys.intern(coder)
    return Annotation(
        row["id"],
        row["document"],
        row["start"],
        row["end"],
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


def _is_plain(row: dict[str, Any]) -> bool:
    """Whether a row is exactly what this store writes: every field, of its type."""
    try:
        return (
            len(row) == 13
            and all(type(row[name]) is str for name in _STR_FIELDS)
            and _plain_span(row["start"], row["end"])
            and _plain_tags(row["codes"], row["coder"])
            and row["status"] in STATUSES
        )
    except KeyError:
        return False


def _plain_span(start: Any, end: Any) -> bool:
    """Offsets as the store writes them: two ints, in order, from 0."""
    return type(start) is int and type(end) is int and 0 <= start <= end


def _plain_tags(codes: Any, coder: Any) -> bool:
    """Codes as the store writes them (a list of strings) and a coder (a string or null)."""
    return type(codes) is list and all(type(c) is str for c in codes) and type(coder) in _CODER


_CODER = (str, type(None))


def new_meta() -> dict[str, Any]:
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


def codebook_data(codes: Iterable[Code]) -> dict[str, Any]:
    return {CODES_TABLE: {str(n): c.to_dict() for n, c in enumerate(codes, start=1)}}
