"""Importing annotations: casereader JSON exports and REFI-QDA projects (``.qdpx``).

Reading is pure and complete before anything is written: ``read_import`` picks the reader by
content (a zip is a project, anything else JSON), which parses the file, checks every field
and returns an ``Imported`` (codes, annotations, and for a project its source texts). Only
then does ``import_into_store`` touch the store, so a malformed or hostile file leaves it
unchanged and the user reads one line saying what is wrong.

Merging: an annotation whose id is new is added; one the store already holds is replaced only
when the file's ``updated`` is newer, otherwise skipped (ties keep what the store has).
Codes are matched by id, then by name (case-insensitive); unknown ones join the codebook.

A REFI-QDA project (read by ``refi_qda.read.read_qdpx``) carries its texts: they are written
as ``.txt`` files into a corpus folder (``sources.StagedSources``: the PATH the user names, by
default a folder next to the ``.qdpx`` named after it), and the selections become annotations
on those documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import Corpus, path_text
from ..model import Annotation
from .code_merge import merge_codebook, plan_codes
from .model import DocumentFacts, Imported, ImportFileError, first_few

if TYPE_CHECKING:
    from ..store import AnnotationStore


MAX_CODEBOOK_BYTES = 32 << 20
"""A codebook (.qdc or CSV) larger than this is not one."""


def read_import(path: str | Path) -> Imported:
    """Read an import file, its format chosen by content, not name: a zip is a REFI-QDA
    project, XML a REFI-QDA codebook, ``{`` a casereader JSON export, a CSV whose header has
    a ``tag`` (``name``, ``path``) column a Taguette codebook."""
    file = Path(path)
    head = _read_head(file)
    if head.startswith(b"PK"):
        from .refi_qda.read import read_qdpx

        return read_qdpx(file)
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"<"):
        from .refi_qda.codebook import read_qdc

        return read_qdc(_read_small(file), str(file))
    if not body.startswith((b"{", b"[")):
        return _codebook_csv_or_json(file, head, body)
    from .json_format import read_json

    return read_json(file)


def _codebook_csv_or_json(file: Path, head: bytes, body: bytes) -> Imported:
    """A file that does not start as JSON: a Taguette codebook CSV, else refused, unless
    it is named .json (then it is told what is wrong as JSON)."""
    from .taguette import looks_like_codebook_csv, read_codebook_csv

    if looks_like_codebook_csv(head):
        return read_codebook_csv(_read_small(file), str(file))
    if file.suffix.lower() != ".json":
        raise ImportFileError(not_an_import(file, body))
    from .json_format import read_json

    return read_json(file)


def _read_head(file: Path) -> bytes:
    """The first bytes of a file, which tell its format."""
    try:
        with file.open("rb") as handle:
            return handle.read(4096)
    except OSError as error:
        raise ImportFileError(f"{file}: cannot read: {error.strerror}") from None


EXPECTED = (
    "casereader imports a casereader JSON export, a REFI-QDA project (.qdpx, a zip) or "
    "codebook (.qdc), or a Taguette codebook CSV (comma-separated, a tag column)"
)


def not_an_import(file: Path, body: bytes) -> str:
    """Why a file that is neither a zip, XML, JSON nor a codebook CSV is refused: what it
    seems to be, by its name and first line, and what would be read."""
    return f"{file}: {_problem(file, body)}; {EXPECTED}"


def _problem(file: Path, body: bytes) -> str:
    """What is wrong with the file, as the user would put it."""
    if file.suffix.lower() == ".qdpx":
        return ("is empty" if not body else "is not a zip archive") + ", so not a project"
    if not body:
        return "is empty"
    separator = _other_separator(body)
    if separator is None:
        return "is not a file casereader imports"
    shown = "a tab" if separator == "\t" else repr(separator)
    return f"looks like a CSV separated by {shown}; a codebook CSV is comma-separated"


def _other_separator(body: bytes) -> str | None:
    """The separator of a first line that names a tag column but is not comma-separated
    (``;``, a tab or ``|``, as spreadsheets in some languages write), else None."""
    first = body.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    if not any(name in first for name in ("tag", "name", "path")):
        return None
    return next((c for c in ";\t|" if c in first), None)


def _read_small(file: Path) -> bytes:
    """A codebook's bytes, never more than ``MAX_CODEBOOK_BYTES``."""
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_CODEBOOK_BYTES + 1)
    except OSError as error:
        raise ImportFileError(f"{file}: cannot read: {error.strerror}") from None
    if len(data) > MAX_CODEBOOK_BYTES:
        raise ImportFileError(f"{file}: larger than {MAX_CODEBOOK_BYTES >> 20} MiB; refused")
    return data


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
        if current is None:
            plan.added.append(annotation)
        elif _replaces(annotation, current):
            plan.updated.append(annotation)
        else:
            plan.skipped.append(annotation)
    return plan


def _replaces(annotation: Annotation, current: Annotation) -> bool:
    """Whether the file's version of a passage the store holds replaces it: it differs and
    is newer. The same id on another document is refused: one of them is not that passage."""
    if current.document != annotation.document:
        raise ImportFileError(
            f"annotation {annotation.id} is on {annotation.document!r} in the file but on "
            f"{current.document!r} in the store; nothing was imported"
        )
    return annotation != current and instant(annotation.updated) > instant(current.updated)


def recode(annotations: Iterable[Annotation], mapping: Mapping[str, str]) -> list[Annotation]:
    """Annotations with their code ids translated to the store's."""
    return [_recoded(a, mapping) for a in annotations]


def _recoded(annotation: Annotation, mapping: Mapping[str, str]) -> Annotation:
    """The annotation with the store's code ids (each once); itself when they are the same."""
    codes = annotation.codes
    if all(mapping.get(c, c) == c for c in codes):
        return annotation
    return replace(annotation, codes=tuple(dict.fromkeys(mapping.get(c, c) for c in codes)))


def check_against_corpus(imported: Imported, corpus: Corpus) -> list[str]:
    """Refuse annotations on documents the corpus lacks, or past the end of a text that is
    the one the file says they were made on; warn of documents changed since the export."""
    _check_documents_present(imported, corpus)
    recorded = {d.id: d.sha256 for d in imported.documents}
    for annotation in imported.annotations:
        _check_fits(annotation, corpus, recorded.get(annotation.document))
    differing = [d.id for d in imported.documents if _changed_since_export(d, corpus)]
    if differing:
        return [f"{len(differing)} document(s) changed since the export (first: {differing[0]})"]
    return []


def _check_documents_present(imported: Imported, corpus: Corpus) -> None:
    """Refuse a file with passages on documents the corpus lacks."""
    missing = sorted({a.document for a in imported.annotations} - {d.id for d in corpus})
    if missing:
        raise ImportFileError(
            f"{len(missing)} document(s) of the file are not in the corpus at "
            f"{path_text(corpus.root)} (first: {missing[0]}); give the corpus folder as PATH"
        )


def _changed_since_export(document: DocumentFacts, corpus: Corpus) -> bool:
    """Whether the corpus holds the document with another text than the file records."""
    return (
        bool(document.sha256)
        and document.id in corpus
        and (corpus[document.id].sha256 != document.sha256)
    )


def _check_fits(annotation: Annotation, corpus: Corpus, recorded: str | None) -> None:
    """Refuse a passage past the end of its text, when that text is the one it was made on
    (a changed text is re-anchored instead)."""
    document = corpus[annotation.document]
    fits = annotation.status == "orphan" or annotation.end <= len(document.text)
    if not fits and recorded in (None, document.sha256):
        raise ImportFileError(
            f"annotation {annotation.id} ends at {annotation.end}, past the end of "
            f"{annotation.document} ({len(document.text)} characters) in the corpus at "
            f"{path_text(corpus.root)}"
        )


def place_in_corpus(imported: Imported, corpus: Corpus) -> tuple[list[Annotation], list[str]]:
    """Every imported passage placed in the current text of its document, so the store
    never records offsets into another text: unchanged where its offsets select its quote,
    else re-anchored (moved, or an orphan). An orphan is tried again only where the text is
    not the one it was orphaned in."""
    recorded = {d.id: d.sha256 for d in imported.documents}
    placed = [_placed(a, corpus, recorded.get(a.document)) for a in imported.annotations]
    changed = [
        (old, new) for old, new in zip(imported.annotations, placed, strict=True) if new != old
    ]
    return placed, _reanchoring_note(changed)


def _reanchoring_note(changed: list[tuple[Annotation, Annotation]]) -> list[str]:
    """What the user is told of passages placed anew (as they were, and as placed): how
    many moved and how many became orphans; nothing when none did."""
    moved = sum(new.status == "moved" for _old, new in changed)
    orphaned = sum(_newly_orphaned(old, new) for old, new in changed)
    if not (moved or orphaned):
        return []
    return [
        f"{moved + orphaned} passage(s) differed from the current text and were re-anchored: "
        f"{moved} moved to where their text is now, {orphaned} orphaned (text not found)"
    ]


def _newly_orphaned(old: Annotation, new: Annotation) -> bool:
    return new.status == "orphan" and old.status != "orphan"


def _placed(annotation: Annotation, corpus: Corpus, recorded: str | None) -> Annotation:
    """An imported passage in the current text of its document (see ``place_in_corpus``)."""
    from ..anchoring import reanchor_annotation
    from .content import placed_in

    document = corpus[annotation.document]
    if annotation.status != "orphan":
        return placed_in(document.text, annotation)
    if recorded not in (None, document.sha256):
        return reanchor_annotation(document.text, annotation)
    return annotation


@dataclass
class ImportSummary:
    """What an import did, the same for every format: passages added, updated and skipped
    (already in the store and not newer), how many codes are new, and what the file holds
    that was not imported, each with its reason (``not_imported``; the command then exits 1).
    ``codes_added`` names the new codes for ``--json``; the line gives their number only (a
    MAXQDA project brings hundreds)."""

    file: str
    format: str
    store: str
    corpus: str
    added: int = 0
    updated: int = 0
    skipped: int = 0
    new_codes: int = 0
    codes_added: list[str] = field(default_factory=list)
    documents_written: int = 0
    not_imported: list[dict[str, str]] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def complete(self) -> bool:
        """Whether everything the file holds was imported (else exit 1)."""
        return not self.not_imported

    def line(self) -> str:
        text = (
            f"imported {self.file} into store {self.store}: {self.added} added, "
            f"{self.updated} updated, {self.skipped} skipped"
        )
        if self.skipped:
            text += " (already in the store, not newer)"
        text += f"; {self.new_codes} new code(s)"
        if self.documents_written:
            text += f"; {self.documents_written} text(s) written to {self.corpus}"
        if self.not_imported:
            text += f"; {len(self.not_imported)} item(s) not imported (listed above)"
        return text

    def report(self) -> list[str]:
        """The lines before the summary line: facts, then what was not imported, grouped by
        reason (a count and the first few items, so a big project stays readable)."""
        lines = [f"note: {fact}" for fact in self.facts]
        by_reason: dict[str, list[str]] = {}
        for item in self.not_imported:
            by_reason.setdefault(item["reason"], []).append(item["what"])
        for reason, items in by_reason.items():
            lines.append(f"not imported ({len(items)}): {first_few(items, 3)}: {reason}")
        return lines


def import_into_store(
    store: AnnotationStore, imported: Imported, corpus: Corpus, summary: ImportSummary
) -> ImportSummary:
    """Merge checked codes and annotations into an open, writable store, as one transaction.

    New codes join the codebook (keeping their ids), imported keywords go to codes that have
    none, and the annotations are added or updated: all of it saved at once, durable before
    this returns, one undo step ("import <file>"). If anything fails, or the process dies at
    any moment, the store is as it was: nothing is undone step by step.
    """
    _read_notes(summary, imported)
    summary.warnings.extend(check_against_corpus(imported, corpus))
    incoming, placing = place_in_corpus(imported, corpus)
    summary.warnings.extend(placing)
    with store.transaction(f"import {Path(summary.file).name}"):
        # The store's passages of these documents follow the current text too, first.
        store.reanchor_all(corpus[doc_id] for doc_id in sorted({a.document for a in incoming}))
        plan = plan_merge({a.id: a for a in store.annotations()}, incoming)
        mapping, added_codes = merge_codes(store, imported, summary)
        _save(store, recode(plan.added + plan.updated, mapping), corpus)
    summary.codes_added.extend(added_codes)
    summary.new_codes = len(summary.codes_added)
    summary.added, summary.updated, summary.skipped = (
        len(plan.added),
        len(plan.updated),
        len(plan.skipped),
    )
    return summary


def _read_notes(summary: ImportSummary, imported: Imported) -> None:
    """What the reader said about the file: warnings, facts, and what it left out and why."""
    summary.warnings.extend(imported.warnings)
    summary.facts.extend(imported.facts)
    summary.not_imported.extend({"what": s.what, "reason": s.reason} for s in imported.skipped)


def _save(store: AnnotationStore, chosen: list[Annotation], corpus: Corpus) -> None:
    """The added and updated passages, with the hashes of the texts they are placed in."""
    if chosen:
        hashes = {doc_id: corpus[doc_id].sha256 for doc_id in {a.document for a in chosen}}
        store.put_many(chosen, document_hashes=hashes)


def merge_codes(
    store: AnnotationStore, imported: Imported, summary: ImportSummary | None = None
) -> tuple[dict[str, str], list[str]]:
    """Merge the file's codes into the store's codebook (see ``code_merge``), checked and
    saved once. Returns the file's code ids mapped to the store's, and the names of the
    codes added; what existing codes took, and what they kept, goes to ``summary``."""
    book = store.codebook
    plan = merge_codebook(book.codes, imported.codes, imported.format, imported.chosen_colours)
    book.add_all(plan.added, list(plan.changed.values()), f"import {len(plan.added)} code(s)")
    if summary is not None:
        summary.not_imported.extend({"what": k.what, "reason": k.reason} for k in plan.kept)
        summary.facts.extend(_filled_fact(plan.filled))
    return plan.mapping, [code.name for code in plan.added]


def _filled_fact(filled: list[str]) -> list[str]:
    """The line on codes in the store that took what they lacked from the file, if any."""
    if not filled:
        return []
    return [
        f"{len(filled)} code(s) already in the store took what the file gives and they "
        f"lacked: {first_few(filled, 5)}"
    ]


__all__ = [
    "ImportFileError",
    "ImportSummary",
    "Imported",
    "MergePlan",
    "check_against_corpus",
    "import_into_store",
    "place_in_corpus",
    "plan_codes",
    "plan_merge",
    "read_import",
    "recode",
]
