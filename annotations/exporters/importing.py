"""Importing annotations: casereader JSON exports and REFI-QDA projects (``.qdpx``).

Reading is pure and complete before anything is written: a file is parsed, every field
checked, and turned into an ``Imported`` (codes, annotations, and for a project its source
texts). Only then does ``import_into_store`` touch the store, so a malformed or hostile file
leaves it unchanged and the user reads one line saying what is wrong.

Merging: an annotation whose id is new is added; one the store already holds is replaced only
when the file's ``updated`` is newer, otherwise skipped (ties keep what the store has).
Codes are matched by id, then by name (case-insensitive); unknown ones join the codebook.

A REFI-QDA project (read by ``refi_qda.read_qdpx``) carries its texts: they are written as
``.txt`` files into a corpus folder (the PATH the user names, by default a folder next to the
``.qdpx`` named after it), and the selections become annotations on those documents.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..corpus import Corpus, path_text
from ..errors import CasereaderError
from ..model import CONTEXT, Annotation, Code, slugify
from ..safety import MAX_JSON_BYTES, UnsafeFileError, load_json
from .json_format import FORMAT, VERSION

_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ImportFileError(CasereaderError):
    """A file to import is not one we read, or is damaged; nothing was imported."""


@dataclass(frozen=True)
class SourceText:
    """A document a project brings with it: its casereader id and normalised text."""

    id: str
    text: str


@dataclass(frozen=True)
class DocumentFacts:
    """What a JSON export says about a document, to check it against the corpus."""

    id: str
    sha256: str | None
    length: int | None


@dataclass
class Imported:
    """Everything a file holds, checked, before anything is written."""

    format: str
    codes: list[Code]
    annotations: list[Annotation]
    documents: list[DocumentFacts] = field(default_factory=list)
    sources: list[SourceText] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    corpus_root: str | None = None
    """For a JSON export, the corpus folder it was exported from (it may not exist here)."""


def read_import(path: str | Path) -> Imported:
    """Read a casereader JSON export or a REFI-QDA project, chosen by content, not name."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise ImportFileError(f"{file}: cannot read: {error.strerror}") from None
    if magic.startswith(b"PK"):
        from .refi_qda import read_qdpx

        return read_qdpx(file)
    try:
        with file.open("rb") as handle:
            # Never more than the limit in memory: a huge file, or a device that never ends.
            if os.fstat(handle.fileno()).st_size > MAX_JSON_BYTES:
                raise UnsafeFileError(f"{file}: larger than {MAX_JSON_BYTES >> 20} MiB; refused")
            data = handle.read(MAX_JSON_BYTES + 1)
    except OSError as error:
        raise ImportFileError(f"{file}: cannot read: {error.strerror}") from None
    return parse_export(load_json(data, str(file)), str(file))


# --- casereader JSON ------------------------------------------------------------------------

_TOP_FIELDS = {"format", "version", "exported", "generator", "corpus", "codebook", "documents"}
_DOCUMENT_FIELDS = {"id", "title", "sha256", "length", "dateline", "annotations"}
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


def _object(value: Any, place: str, allowed: set[str], required: Iterable[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _where(place, "must be a JSON object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _where(place, f"unexpected field {unknown[0]!r}")
    for name in required:
        if name not in value:
            raise _where(place, f"missing field {name!r}")
    return value


def _list(value: Any, place: str) -> list[Any]:
    if not isinstance(value, list):
        raise _where(place, "must be a JSON array")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_export(value: Any) -> Imported:
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise _Invalid(f'not a casereader export (no "format": "{FORMAT}")')
    top = _object(value, "", _TOP_FIELDS, _TOP_FIELDS - {"generator"})
    if not isinstance(top["exported"], str) or not _INSTANT.match(top["exported"]):
        raise _where("exported", "must be an ISO 8601 instant")
    if not isinstance(top.get("generator", ""), str):
        raise _where("generator", "must be a string")
    corpus = _object(top["corpus"], "corpus", {"root", "documents"}, ("root", "documents"))
    if not isinstance(corpus["root"], str):
        raise _where("corpus.root", "must be a string")
    if not (_is_int(corpus["documents"]) and corpus["documents"] >= 0):
        raise _where("corpus.documents", "must be a non-negative integer")
    version = top["version"]
    if not _is_int(version):
        raise _where("version", "must be an integer")
    if version != VERSION:
        raise _where("version", f"{version} is not one this casereader reads ({VERSION})")
    codes = _parse_codebook(_list(top["codebook"], "codebook"))
    code_ids = {code.id for code in codes}
    documents: list[DocumentFacts] = []
    annotations: list[Annotation] = []
    seen_documents: set[str] = set()
    seen_annotations: set[str] = set()
    for index, item in enumerate(_list(top["documents"], "documents")):
        place = f"documents[{index}]"
        facts, items = _parse_document(item, place)
        if facts.id in seen_documents:
            raise _where(place, f"document {facts.id!r} appears twice")
        seen_documents.add(facts.id)
        documents.append(facts)
        for number, raw in enumerate(_list(items, f"{place}.annotations")):
            where = f"{place}.annotations[{number}]"
            annotation = _parse_annotation(raw, where, facts, code_ids)
            if annotation.id in seen_annotations:
                raise _where(where, f"annotation id {annotation.id!r} appears twice")
            seen_annotations.add(annotation.id)
            annotations.append(annotation)
    return Imported("json", codes, annotations, documents, corpus_root=corpus["root"])


def _parse_codebook(items: list[Any]) -> list[Code]:
    codes: list[Code] = []
    for index, item in enumerate(items):
        place = f"codebook[{index}]"
        _object(
            item,
            place,
            {"id", "name", "colour", "key", "description", "parent", "keywords"},
            ("id",),
        )
        try:
            code = Code.from_dict(item)
        except ValueError as error:
            raise _where(place, str(error)) from None
        if not code.id or not code.name:
            raise _where(place, "code id and name must not be empty")
        if any(c.id == code.id for c in codes):
            raise _where(place, f"code id {code.id!r} appears twice")
        codes.append(code)
    return codes


def _parse_document(item: Any, place: str) -> tuple[DocumentFacts, Any]:
    document = _object(item, place, _DOCUMENT_FIELDS, ("id", "annotations"))
    doc_id, title = document["id"], document.get("title", "")
    if not isinstance(doc_id, str) or not doc_id:
        raise _where(f"{place}.id", "must be a non-empty string")
    if not isinstance(title, str):
        raise _where(f"{place}.title", "must be a string")
    sha = document.get("sha256")
    if sha is not None and not (isinstance(sha, str) and _SHA256.match(sha)):
        raise _where(f"{place}.sha256", "must be 64 lower-case hex digits or null")
    length = document.get("length")
    if length is not None and not (_is_int(length) and length >= 0):
        raise _where(f"{place}.length", "must be a non-negative integer or null")
    if document.get("dateline") is not None:
        _check_dateline(document["dateline"], f"{place}.dateline")
    return DocumentFacts(doc_id, sha, length), document["annotations"]


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


def _check_dateline(value: Any, place: str) -> None:
    """Only checked, not used: the corpus finds datelines itself; a bad one means a bad file."""
    dateline = _object(
        value, place, set(value) if isinstance(value, dict) else set(), _DATELINE_TYPES
    )
    for name, types in _DATELINE_TYPES.items():
        item = dateline[name]
        wrong_int = int in types and (isinstance(item, bool) or (_is_int(item) and item < 0))
        if not isinstance(item, types) or wrong_int:
            raise _where(f"{place}.{name}", "has the wrong type")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dateline["date"]):
        raise _where(f"{place}.date", "must be YYYY-MM-DD")
    utc = dateline["utc"]
    if utc is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", utc):
        raise _where(f"{place}.utc", "must be YYYY-MM-DDTHH:MM:SSZ or null")
    if not all(isinstance(flag, str) for flag in dateline["flags"]):
        raise _where(f"{place}.flags", "must be a list of strings")


def _parse_annotation(
    item: Any, place: str, document: DocumentFacts, code_ids: set[str]
) -> Annotation:
    raw = _object(item, place, _ANNOTATION_FIELDS, _ANNOTATION_REQUIRED)
    if not isinstance(raw["note"], str):
        raise _where(f"{place}.note", "must be a string")
    orphan = raw.get("status") == "orphan"
    if orphan and raw["start"] is None and raw["end"] is None:
        raw = {**raw, "start": 0, "end": 0}  # no offsets: its passage is not in the text
    for name in ("start", "end"):
        if raw[name] is None:
            raise _where(f"{place}.{name}", "must be an integer (only an orphan has no offsets)")
    try:
        annotation = Annotation.from_dict(raw)
    except ValueError as error:
        raise _where(place, str(error)) from None
    if not annotation.id:
        raise _where(f"{place}.id", "must not be empty")
    if annotation.document != document.id:
        raise _where(f"{place}.document", f"is not its document's id {document.id!r}")
    if len(raw["codes"]) != len(annotation.codes):
        raise _where(f"{place}.codes", "lists a code twice")
    for code in annotation.codes:
        if code not in code_ids:
            raise _where(f"{place}.codes", f"code {code!r} is not in the codebook")
    if not orphan and len(annotation.exact) != annotation.end - annotation.start:
        raise _where(f"{place}.exact", "does not span start to end")
    if len(annotation.prefix) > CONTEXT or len(annotation.suffix) > CONTEXT:
        raise _where(place, f"prefix and suffix hold at most {CONTEXT} characters")
    if not orphan and document.length is not None and annotation.end > document.length:
        raise _where(f"{place}.end", f"is past the document's {document.length} characters")
    for name in ("created", "updated"):
        moment = getattr(annotation, name)
        if moment and not _INSTANT.match(moment):
            raise _where(f"{place}.{name}", "must be an ISO 8601 instant or empty")
    return annotation


# --- merging into a store -------------------------------------------------------------------


@dataclass(frozen=True)
class MergePlan:
    """What an import will do to the store's annotations."""

    added: list[Annotation]
    updated: list[Annotation]
    skipped: list[Annotation]


def instant(value: str) -> datetime:
    """An annotation's timestamp for comparison; unreadable or empty counts as oldest."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def plan_merge(existing: Mapping[str, Annotation], incoming: Iterable[Annotation]) -> MergePlan:
    """New ids are added; a known id is replaced only by a newer ``updated`` (ties keep ours)."""
    plan = MergePlan([], [], [])
    for annotation in incoming:
        current = existing.get(annotation.id)
        if current is not None and current.document != annotation.document:
            raise ImportFileError(
                f"annotation {annotation.id} is on {annotation.document!r} in the file but on "
                f"{current.document!r} in the store; nothing was imported"
            )
        if current is None:
            plan.added.append(annotation)
        elif annotation != current and instant(annotation.updated) > instant(current.updated):
            plan.updated.append(annotation)
        else:
            plan.skipped.append(annotation)
    return plan


def plan_codes(
    existing: Sequence[Code], incoming: Sequence[Code]
) -> tuple[dict[str, str], list[Code]]:
    """Match incoming codes to the codebook by id, then by name; the rest are new.

    Returns the id mapping for matched codes and the new codes, parents before children.
    """
    by_id = {code.id: code for code in existing}
    by_name = {code.name.casefold(): code for code in existing}
    by_folded_id = {code.id.casefold(): code for code in existing}
    mapping: dict[str, str] = {}
    new: list[Code] = []
    for code in incoming:
        folded = code.name.casefold()
        match = by_id.get(code.id) or by_name.get(folded) or by_folded_id.get(folded)
        if match is not None:
            mapping[code.id] = match.id
        else:
            new.append(code)
    return mapping, parents_first(new)


def parents_first(codes: Sequence[Code]) -> list[Code]:
    """Order codes so a parent comes before its children (cycles keep file order)."""
    ids = {code.id for code in codes}
    ordered: list[Code] = []
    placed: set[str] = set()
    pending = list(codes)
    while pending:
        ready = [c for c in pending if c.parent not in ids or c.parent in placed]
        if not ready:  # a cycle: take the rest as they are
            ready = pending
        for code in ready:
            ordered.append(code)
            placed.add(code.id)
        pending = [c for c in pending if c.id not in placed]
    return ordered


def recode(annotations: Iterable[Annotation], mapping: Mapping[str, str]) -> list[Annotation]:
    """Annotations with their code ids translated to the store's."""
    return [
        replace(a, codes=tuple(dict.fromkeys(mapping.get(c, c) for c in a.codes)))
        if any(c in mapping and mapping[c] != c for c in a.codes)
        else a
        for a in annotations
    ]


def check_against_corpus(imported: Imported, corpus: Corpus) -> list[str]:
    """Refuse annotations on documents the corpus lacks, or past the end of a text that is
    the one the file says they were made on; warn of documents changed since the export."""
    missing = sorted({a.document for a in imported.annotations} - {d.id for d in corpus})
    if missing:
        raise ImportFileError(
            f"{len(missing)} document(s) of the file are not in the corpus at "
            f"{path_text(corpus.root)} (first: {missing[0]}); give the corpus folder as PATH"
        )
    recorded = {d.id: d.sha256 for d in imported.documents}
    for annotation in imported.annotations:
        document = corpus[annotation.document]
        if annotation.status == "orphan" or annotation.end <= len(document.text):
            continue
        if recorded.get(annotation.document) in (None, document.sha256):
            raise ImportFileError(
                f"annotation {annotation.id} ends at {annotation.end}, past the end of "
                f"{annotation.document} ({len(document.text)} characters) in the corpus at "
                f"{path_text(corpus.root)}"
            )
    differing = [
        d.id
        for d in imported.documents
        if d.sha256 and d.id in corpus and corpus[d.id].sha256 != d.sha256
    ]
    if differing:
        return [f"{len(differing)} document(s) changed since the export (first: {differing[0]})"]
    return []


def place_in_corpus(imported: Imported, corpus: Corpus) -> tuple[list[Annotation], list[str]]:
    """Every imported passage placed in the current text of its document, so the store
    never records offsets into another text: unchanged where its offsets select its quote,
    else re-anchored (moved, or an orphan). An orphan is tried again only where the text is
    not the one it was orphaned in."""
    from ..anchoring import reanchor_annotation
    from .content import placed_in

    recorded = {d.id: d.sha256 for d in imported.documents}
    placed: list[Annotation] = []
    moved = orphaned = 0
    for annotation in imported.annotations:
        document = corpus[annotation.document]
        if annotation.status != "orphan":
            new = placed_in(document.text, annotation)
        elif recorded.get(annotation.document) not in (None, document.sha256):
            new = reanchor_annotation(document.text, annotation)
        else:
            new = annotation
        if new is not annotation and new != annotation:
            moved += new.status == "moved"
            orphaned += new.status == "orphan" and annotation.status != "orphan"
        placed.append(new)
    warnings = []
    if moved or orphaned:
        warnings.append(
            f"{moved + orphaned} passage(s) differed from the current text and were re-anchored: "
            f"{moved} moved to where their text is now, {orphaned} orphaned (text not found)"
        )
    return placed, warnings


@dataclass
class ImportSummary:
    """What an import did, for the one line (or JSON document) the user reads."""

    file: str
    format: str
    store: str
    corpus: str
    added: int = 0
    updated: int = 0
    skipped: int = 0
    codes_added: list[str] = field(default_factory=list)
    documents_written: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "store": self.store,
            "corpus": self.corpus,
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "codes_added": self.codes_added,
            "documents_written": self.documents_written,
            "warnings": self.warnings,
        }

    def line(self) -> str:
        text = (
            f"imported {self.file} into store {self.store}: {self.added} added, "
            f"{self.updated} updated, {self.skipped} skipped"
        )
        if self.codes_added:
            text += f"; new codes: {', '.join(self.codes_added)}"
        if self.documents_written:
            text += f"; {self.documents_written} text(s) written to {self.corpus}"
        return text


def import_into_store(
    store: Any, imported: Imported, corpus: Corpus, summary: ImportSummary
) -> ImportSummary:
    """Merge checked codes and annotations into an open, writable store, as one transaction.

    New codes join the codebook (keeping their ids), imported keywords go to codes that have
    none, and the annotations are added or updated: all of it saved at once, durable before
    this returns, one undo step ("import <file>"). If anything fails, or the process dies at
    any moment, the store is as it was: nothing is undone step by step.
    """
    summary.warnings.extend(imported.warnings)
    summary.warnings.extend(check_against_corpus(imported, corpus))
    incoming, placing = place_in_corpus(imported, corpus)
    summary.warnings.extend(placing)
    added_names: list[str] = []
    with store.transaction(f"import {Path(summary.file).name}"):
        # The store's passages of these documents follow the current text too, first.
        store.reanchor_all(corpus[doc_id] for doc_id in sorted({a.document for a in incoming}))
        plan = plan_merge({a.id: a for a in store.annotations()}, incoming)
        mapping, new_codes = plan_codes(store.codebook.codes, imported.codes)
        used_keys = {code.key for code in store.codebook.codes if code.key}
        for code in new_codes:
            if code.key and code.key not in used_keys:
                key: str | None = code.key
            else:  # a JSON export says "no key" as it means it; a project gets free digits
                key = "" if imported.format == "json" and code.key is None else None
            parent = mapping.get(code.parent, code.parent) if code.parent else None
            added = add_code(store, code, key, parent)
            mapping[code.id] = added.id
            used_keys.add(added.key)
            added_names.append(added.name)
        import_keywords(store, imported.codes, mapping)
        chosen = recode(plan.added + plan.updated, mapping)
        if chosen:
            hashes = {doc_id: corpus[doc_id].sha256 for doc_id in {a.document for a in chosen}}
            store.put_many(chosen, document_hashes=hashes)
    summary.codes_added.extend(added_names)
    summary.added, summary.updated, summary.skipped = (
        len(plan.added),
        len(plan.updated),
        len(plan.skipped),
    )
    return summary


def import_keywords(store: Any, codes: Sequence[Code], mapping: dict[str, str]) -> None:
    """Give each code the imported keywords where it has none of its own."""
    for code in codes:
        target = store.codebook.get(mapping.get(code.id, code.id))
        if code.keywords and target is not None and not target.keywords:
            store.codebook.set_keywords(target.id, code.keywords)


def add_code(store: Any, code: Code, key: str | None, parent: str | None) -> Code:
    """Add a code to a store's codebook, keeping its id where the store allows it.

    A code renamed since it was made (id ``caseloads``, name ``Workload``) keeps its id, so
    annotations keep their code ids and an export stays identical after import. Where the id
    cannot be kept (taken, or not a slug), the store makes one from the name.
    """
    from ..codebook import CodebookError

    fields = {"colour": code.colour, "key": key, "description": code.description, "parent": parent}
    if slugify(code.name) != code.id:
        try:
            added: Code = store.codebook.add(code.name, code_id=code.id, **fields)
            return added
        except CodebookError:
            pass
    added = store.codebook.add(code.name, **fields)
    return added


__all__ = [
    "DocumentFacts",
    "ImportFileError",
    "ImportSummary",
    "Imported",
    "MergePlan",
    "SourceText",
    "UnsafeFileError",
    "check_against_corpus",
    "import_into_store",
    "parse_export",
    "place_in_corpus",
    "plan_codes",
    "plan_merge",
    "read_import",
    "recode",
]
