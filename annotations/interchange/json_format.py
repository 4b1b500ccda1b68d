"""casereader's own JSON export: the primary format, written here and read back losslessly.

Layout (README, "Export formats"; schema in ``casereader-annotations.schema.json``)::

    {"format": "casereader-annotations", "version": 1, "exported": "...Z",
     "generator": "casereader X.Y.Z", "corpus": {"root": "...", "documents": N},
     "codebook": [Code, ...],
     "documents": [{"id", "title", "sha256", "length", "dateline", "annotations": [...]}]}

Each annotation sits on its own line, so exports diff well and stream-read easily. A document
the corpus no longer holds keeps its annotations, with ``sha256`` and ``length`` null. Every
passage's offsets select its ``exact`` in the text whose ``sha256`` is written; an orphan
(``"status": "orphan"``) has ``start`` and ``end`` null.

Reading (``read_json``, ``parse_export``) checks every field as the schema does, before
anything is written, and names the first offending place (``documents[2].annotations[5].start``)
in the one line the user reads.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__
from ..corpus import path_text
from ..model import CONTEXT, Annotation, Code
from ..safety import MAX_JSON_BYTES, UnsafeFileError, load_json
from .content import ExportDocument
from .model import DocumentFacts, ExportError, Imported, ImportFileError
from .request import ExportRequest

_Value = TypeVar("_Value")

FORMAT = "casereader-annotations"
VERSION = 1
SCHEMA_FILE = "casereader-annotations.schema.json"


_ANNOTATION = (
    '{"id": %s, "document": %s, "start": %s, "end": %s, "exact": %s, "prefix": %s, '
    '"suffix": %s, "codes": [%s], "note": %s, "coder": %s, "created": %s, "updated": %s, '
    '"status": %s}'
)


def annotation_json(annotation: Annotation) -> str:
    """``json.dumps(annotation.to_dict())`` at twice the speed, for 100,000-annotation exports.

    Every string goes through the json module's own escaper; a test pins the output to
    ``to_dict()`` so a new field cannot be forgotten here. An orphan has no offsets (``null``):
    its passage is no longer in the text the export names.
    """
    a = annotation
    e = encode_basestring
    orphan = a.status == "orphan"
    return _ANNOTATION % (
        e(a.id),
        e(a.document),
        "null" if orphan else str(a.start),
        "null" if orphan else str(a.end),
        e(a.exact),
        e(a.prefix),
        e(a.suffix),
        ", ".join(map(e, a.codes)),
        e(a.note),
        "null" if a.coder is None else e(a.coder),
        e(a.created),
        e(a.updated),
        e(a.status),
    )


def document_header(document: ExportDocument) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "sha256": document.sha256,
        "length": document.length,
        "dateline": document.dateline.to_json() if document.dateline else None,
    }


def export_json(request: ExportRequest) -> bytes:
    """The JSON export as UTF-8 bytes, stamped with the request's time."""
    documents = request.documents
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported": request.exported,
        "generator": f"casereader {__version__}",
        "corpus": {"root": path_text(request.corpus.root), "documents": len(documents)},
        "codebook": [code.to_dict() for code in request.codebook()],
    }
    head_text = json.dumps(head, ensure_ascii=False, indent=2)
    listed = ",\n    ".join(map(document_json, request.reporting(documents)))
    closing = ("\n    ", listed, "\n  ]\n}\n") if documents else ("]\n}\n",)
    # One join: the documents are most of a large export, copied once more at most.
    return _utf8("".join((head_text[: -len("\n}")], ',\n  "documents": [', *closing)))


def _utf8(text: str) -> bytes:
    """The export's bytes; text no UTF-8 can hold (a lone surrogate) is an ExportError."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ExportError(f"text that cannot be written as UTF-8: {error.reason}") from None


def document_json(document: ExportDocument) -> str:
    """One document with its annotations, each annotation on a line of its own."""
    header = json.dumps(document_header(document), ensure_ascii=False)
    if not document.annotations:
        return header[:-1] + ', "annotations": []}'
    lines = ",\n      ".join(map(annotation_json, document.annotations))
    return header[:-1] + ', "annotations": [\n      ' + lines + "\n    ]}"


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema of the export, shipped inside the package."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- reading --------------------------------------------------------------------------------

_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TOP_FIELDS = {"format", "version", "exported", "generator", "corpus", "codebook", "documents"}
_DOCUMENT_FIELDS = {"id", "title", "sha256", "length", "dateline", "annotations"}
_CODE_FIELDS = {"id", "name", "colour", "key", "description", "parent", "keywords"}
_ANNOTATION_FIELDS = {
    "id",
    "document",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "codes",
    "note",
    "coder",
    "created",
    "updated",
    "status",
}
_ANNOTATION_REQUIRED = _ANNOTATION_FIELDS - {"status"}
_DATELINE_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "start": (int,),
    "end": (int,),
    "date": (str,),
    "local": (str, type(None)),
    "utc": (str, type(None)),
    "zone": (str,),
    "zone_assumed": (bool,),
    "precision": (str,),
    "flags": (list,),
}


def read_json(file: Path) -> Imported:
    """A casereader JSON export, checked; never more than ``MAX_JSON_BYTES`` read."""
    try:
        with file.open("rb") as handle:
            # Never more than the limit in memory: a huge file, or a device that never ends.
            if os.fstat(handle.fileno()).st_size > MAX_JSON_BYTES:
                raise UnsafeFileError(f"{file}: larger than {MAX_JSON_BYTES >> 20} MiB; refused")
            data = handle.read(MAX_JSON_BYTES + 1)
    except OSError as error:
        raise ImportFileError(f"{file}: cannot read: {error.strerror}") from None
    return parse_export(load_json(data, str(file)), str(file))


def parse_export(value: Any, label: str) -> Imported:
    """Check a parsed JSON export field by field (as its schema does) and build the values.

    Raises ImportFileError naming the file and the first offending place, e.g.
    ``documents[2].annotations[5].start``.
    """
    try:
        return _parse_export(value)
    except _Invalid as error:
        raise ImportFileError(f"{label}: {error}") from None


class _Invalid(ValueError):
    pass


def _where(place: str, message: str) -> _Invalid:
    return _Invalid(f"{place}: {message}" if place else message)


def _require(holds: Any, place: str, message: str) -> None:
    """Refuse the file at ``place`` unless ``holds``."""
    if not holds:
        raise _where(place, message)


def _object(value: Any, place: str, allowed: set[str], required: Iterable[str]) -> dict[str, Any]:
    _require(isinstance(value, dict), place, "must be a JSON object")
    unknown = sorted(set(value) - allowed)
    _require(not unknown, place, f"unexpected field {unknown[0]!r}" if unknown else "")
    for name in required:
        _require(name in value, place, f"missing field {name!r}")
    return value  # type: ignore[no-any-return]


def _list(value: Any, place: str) -> list[Any]:
    _require(isinstance(value, list), place, "must be a JSON array")
    return value  # type: ignore[no-any-return]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_count(value: Any) -> bool:
    """A non-negative integer (JSON has no other kind of count)."""
    return _is_int(value) and value >= 0


def _parse_export(value: Any) -> Imported:
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise _Invalid(f'not a casereader export (no "format": "{FORMAT}")')
    top = _object(value, "", _TOP_FIELDS, _TOP_FIELDS - {"generator"})
    _check_header(top)
    codes = _parse_codebook(_list(top["codebook"], "codebook"))
    documents, annotations = _parse_documents(
        _list(top["documents"], "documents"), {code.id for code in codes}
    )
    return Imported("json", codes, annotations, documents, corpus_root=top["corpus"]["root"])


def _check_header(top: dict[str, Any]) -> None:
    """The fields before the codebook: when, by what, from which corpus, which version."""
    exported = top["exported"]
    _require(
        isinstance(exported, str) and _INSTANT.match(exported),
        "exported",
        "must be an ISO 8601 instant",
    )
    _require(isinstance(top.get("generator", ""), str), "generator", "must be a string")
    corpus = _object(top["corpus"], "corpus", {"root", "documents"}, ("root", "documents"))
    _require(isinstance(corpus["root"], str), "corpus.root", "must be a string")
    _require(_is_count(corpus["documents"]), "corpus.documents", "must be a non-negative integer")
    version = top["version"]
    _require(_is_int(version), "version", "must be an integer")
    _require(
        version == VERSION, "version", f"{version} is not one this casereader reads ({VERSION})"
    )


def _parse_codebook(items: list[Any]) -> list[Code]:
    codes: list[Code] = []
    for index, item in enumerate(items):
        codes.append(_parse_code(item, f"codebook[{index}]", codes))
    return codes


def _parse_code(item: Any, place: str, before: list[Code]) -> Code:
    """One code of the codebook, its id and name set and its id not used ``before``."""
    code = _built(Code.from_dict, _object(item, place, _CODE_FIELDS, ("id",)), place)
    _require(code.id and code.name, place, "code id and name must not be empty")
    _require(all(c.id != code.id for c in before), place, f"code id {code.id!r} appears twice")
    return code


def _built(make: Callable[[dict[str, Any]], _Value], raw: dict[str, Any], place: str) -> _Value:
    """A code or annotation made from its checked fields; what it refuses names the place."""
    try:
        return make(raw)
    except ValueError as error:
        raise _where(place, str(error)) from None


def _parse_documents(
    items: list[Any], code_ids: set[str]
) -> tuple[list[DocumentFacts], list[Annotation]]:
    documents: list[DocumentFacts] = []
    annotations: list[Annotation] = []
    seen_documents: set[str] = set()
    seen_annotations: set[str] = set()
    for index, item in enumerate(items):
        place = f"documents[{index}]"
        facts, raw_items = _parse_document(item, place)
        _unique(facts.id, seen_documents, place, f"document {facts.id!r} appears twice")
        documents.append(facts)
        for number, raw in enumerate(_list(raw_items, f"{place}.annotations")):
            where = f"{place}.annotations[{number}]"
            annotation = _parse_annotation(raw, where, facts, code_ids)
            _unique(
                annotation.id,
                seen_annotations,
                where,
                f"annotation id {annotation.id!r} appears twice",
            )
            annotations.append(annotation)
    return documents, annotations


def _unique(key: str, seen: set[str], place: str, message: str) -> None:
    """Refuse a second use of ``key``; remember the first."""
    _require(key not in seen, place, message)
    seen.add(key)


def _parse_document(item: Any, place: str) -> tuple[DocumentFacts, Any]:
    document = _object(item, place, _DOCUMENT_FIELDS, ("id", "annotations"))
    doc_id, title = document["id"], document.get("title", "")
    _require(isinstance(doc_id, str) and doc_id, f"{place}.id", "must be a non-empty string")
    _require(isinstance(title, str), f"{place}.title", "must be a string")
    sha, length = _text_facts(document, place)
    if document.get("dateline") is not None:
        _check_dateline(document["dateline"], f"{place}.dateline")
    return DocumentFacts(doc_id, sha, length), document["annotations"]


def _text_facts(document: dict[str, Any], place: str) -> tuple[str | None, int | None]:
    """The sha256 and length of the text the passages were made on (null for a document
    the corpus no longer held)."""
    sha = document.get("sha256")
    _require(
        sha is None or (isinstance(sha, str) and _SHA256.match(sha)),
        f"{place}.sha256",
        "must be 64 lower-case hex digits or null",
    )
    length = document.get("length")
    _require(
        length is None or _is_count(length),
        f"{place}.length",
        "must be a non-negative integer or null",
    )
    return sha, length


def _check_dateline(value: Any, place: str) -> None:
    """Only checked, not used: the corpus finds datelines itself; a bad one means a bad file."""
    dateline = _object(
        value, place, set(value) if isinstance(value, dict) else set(), _DATELINE_TYPES
    )
    for name, types in _DATELINE_TYPES.items():
        _require(_has_type(dateline[name], types), f"{place}.{name}", "has the wrong type")
    _require(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", dateline["date"]), f"{place}.date", "must be YYYY-MM-DD"
    )
    utc = dateline["utc"]
    _require(
        utc is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", utc),
        f"{place}.utc",
        "must be YYYY-MM-DDTHH:MM:SSZ or null",
    )
    _require(
        all(isinstance(flag, str) for flag in dateline["flags"]),
        f"{place}.flags",
        "must be a list of strings",
    )


def _has_type(item: Any, types: tuple[type, ...]) -> bool:
    """Whether a dateline field has one of its types (its integers are counts, never bools)."""
    if int in types:
        return _is_count(item)
    return isinstance(item, types)


def _parse_annotation(
    item: Any, place: str, document: DocumentFacts, code_ids: set[str]
) -> Annotation:
    raw = _annotation_fields(item, place)
    annotation = _built(Annotation.from_dict, raw, place)
    _check_references(annotation, raw, place, document, code_ids)
    _check_passage(annotation, place, document)
    _check_moments(annotation, place)
    return annotation


def _check_moments(annotation: Annotation, place: str) -> None:
    """When it was made and changed: instants, or empty (unknown)."""
    for name, moment in (("created", annotation.created), ("updated", annotation.updated)):
        _require(
            not moment or _INSTANT.match(moment),
            f"{place}.{name}",
            "must be an ISO 8601 instant or empty",
        )


def _annotation_fields(item: Any, place: str) -> dict[str, Any]:
    """The fields of an annotation, an orphan's missing offsets read as 0."""
    raw = _object(item, place, _ANNOTATION_FIELDS, _ANNOTATION_REQUIRED)
    _require(isinstance(raw["note"], str), f"{place}.note", "must be a string")
    if raw.get("status") == "orphan" and raw["start"] is None and raw["end"] is None:
        raw = {**raw, "start": 0, "end": 0}  # no offsets: its passage is not in the text
    for name in ("start", "end"):
        _require(
            raw[name] is not None,
            f"{place}.{name}",
            "must be an integer (only an orphan has no offsets)",
        )
    return raw


def _check_references(
    annotation: Annotation,
    raw: dict[str, Any],
    place: str,
    document: DocumentFacts,
    code_ids: set[str],
) -> None:
    """Its id, its document and its codes, each one that the file itself defines."""
    _require(annotation.id, f"{place}.id", "must not be empty")
    _require(
        annotation.document == document.id,
        f"{place}.document",
        f"is not its document's id {document.id!r}",
    )
    _require(len(raw["codes"]) == len(annotation.codes), f"{place}.codes", "lists a code twice")
    for code in annotation.codes:
        _require(code in code_ids, f"{place}.codes", f"code {code!r} is not in the codebook")


def _check_passage(annotation: Annotation, place: str, document: DocumentFacts) -> None:
    """Its quote spans its offsets, its context is short, and it ends inside its text."""
    placed = annotation.status != "orphan"
    _require(
        not placed or len(annotation.exact) == annotation.end - annotation.start,
        f"{place}.exact",
        "does not span start to end",
    )
    _require(
        max(len(annotation.prefix), len(annotation.suffix)) <= CONTEXT,
        place,
        f"prefix and suffix hold at most {CONTEXT} characters",
    )
    length = document.length
    _require(
        not placed or length is None or annotation.end <= length,
        f"{place}.end",
        f"is past the document's {length} characters",
    )
