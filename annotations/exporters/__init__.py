"""Exports (JSON, CSV, W3C Web Annotation, REFI-QDA) and the one entry point the app calls.

``export(format, corpus, codes, annotations, path, force=False, progress=None)`` runs in a
worker thread of the app and in ``casereader export``. Each format module also has its own
pure ``export_<format>(corpus, codes, annotations, path=None) -> bytes``.

Filtering (``select_annotations``): a code filter keeps annotations that carry any of the
codes. JSON, W3C and REFI-QDA keep such an annotation whole (all its codes), so re-importing
loses nothing; CSV, a row per (annotation, code), keeps only the rows of the chosen codes.
Format modules are imported only when used: start-up is a feature.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Corpus
from ..model import Annotation, Code
from .writing import ExportError, Progress, check_target, write_atomically

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportResult",
    "choose",
    "corpus_subset",
    "export",
    "export_bytes",
    "resolve_coders",
    "select_annotations",
    "write_atomically",
]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    suffix: str
    module: str
    function: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("json", "casereader JSON", ".json", "json_format", "export_json"),
        ExportFormat("csv", "CSV for spreadsheets", ".csv", "csv_format", "export_csv"),
        ExportFormat("w3c", "W3C Web Annotation (JSON-LD)", ".jsonld", "w3c", "export_w3c"),
        ExportFormat("qdpx", "REFI-QDA project", ".qdpx", "refi_qda", "export_qdpx"),
        ExportFormat("qdc", "REFI-QDA codebook", ".qdc", "refi_qda", "export_qdc"),
    )
}


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, for the message the user sees."""

    path: Path
    format: str
    annotations: int
    documents: int
    size: int
    warnings: list[str] = field(default_factory=list)


def select_annotations(
    annotations: Iterable[Annotation],
    codes: Collection[str] | None = None,
    coders: Collection[str] | None = None,
    documents: Collection[str] | None = None,
) -> list[Annotation]:
    """Annotations matching every filter given: any of ``codes`` (ids), a coder, a document."""
    chosen: list[Annotation] = []
    for annotation in annotations:
        if documents and annotation.document not in documents:
            continue
        if coders and (annotation.coder or "") not in coders:
            continue
        if codes and not any(code in codes for code in annotation.codes):
            continue
        chosen.append(annotation)
    return chosen


def resolve_coders(annotations: Iterable[Annotation], coders: Collection[str]) -> list[str]:
    """The coders as recorded, matched exactly or else ignoring case; an unknown one is an
    error (as an unknown code is), never a silently empty export."""
    known = sorted({annotation.coder or "" for annotation in annotations})
    resolved = []
    for coder in coders:
        if coder in known:
            resolved.append(coder)
            continue
        matches = [k for k in known if k.casefold() == coder.casefold()]
        if len(matches) != 1:
            names = ", ".join(repr(k) for k in known if k) or "none recorded"
            raise ExportError(f"no annotations by coder {coder!r} (coders: {names})")
        resolved.append(matches[0])
    return resolved


def choose(
    corpus: Corpus,
    annotations: Sequence[Annotation],
    codes: Collection[str] | None = None,
    coders: Collection[str] | None = None,
    documents: Collection[str] | None = None,
) -> tuple[Corpus, list[Annotation]]:
    """What an export with these filters holds: the annotations matching all of them, and the
    documents to list: those named, else (with a code or coder filter) those with a chosen
    annotation, else the whole corpus (uncoded documents keep their datelines)."""
    coders = resolve_coders(annotations, coders) if coders else None
    chosen = select_annotations(annotations, codes, coders, documents)
    if documents:
        corpus = corpus_subset(corpus, documents)
    elif codes or coders:
        corpus = corpus_subset(corpus, {a.document for a in chosen} & {d.id for d in corpus})
    return corpus, chosen


def corpus_subset(corpus: Corpus, documents: Collection[str]) -> Corpus:
    """The same corpus restricted to some documents, so exports list only those."""
    missing = sorted(set(documents) - {d.id for d in corpus.documents})
    if missing:
        raise ExportError(f"no document {missing[0]!r} in the corpus at {corpus.root}")
    return Corpus(corpus.root, [d for d in corpus.documents if d.id in documents], [])


def export_bytes(
    format: str,
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    progress: Progress | None = None,
) -> bytes:
    """The export in one format, in memory."""
    spec = FORMATS.get(format)
    if spec is None:
        raise ExportError(f"unknown export format {format!r} (one of {', '.join(FORMATS)})")
    module = importlib.import_module(f"{__name__}.{spec.module}")
    function = getattr(module, spec.function)
    data: bytes = function(corpus, codes, annotations, None, progress=progress)
    return data


def export(
    format: str,
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    path: str | Path,
    force: bool = False,
    progress: Progress | None = None,
    only_codes: Collection[str] | None = None,
) -> ExportResult:
    """Export to a file, atomically: a failure leaves no partial file and any old one intact.

    ``progress(done, total)`` is called as annotations are converted, then once at the end.
    ``only_codes`` narrows CSV rows to those codes (the code filter of the command).
    """
    target = Path(path)
    check_target(target, force)
    if format == "csv" and only_codes is not None:
        from .csv_format import export_csv

        data = export_csv(corpus, codes, annotations, progress=progress, only_codes=only_codes)
    else:
        data = export_bytes(format, corpus, codes, annotations, progress)
    write_atomically(target, data, force)
    if progress is not None:
        progress(len(annotations), len(annotations))
    written, warnings = exported(format, corpus, annotations)
    return ExportResult(
        path=target,
        format=format,
        annotations=len(written),
        documents=len({a.document for a in written}),
        size=len(data),
        warnings=warnings,
    )


def exported(
    format: str, corpus: Corpus, annotations: Sequence[Annotation]
) -> tuple[list[Annotation], list[str]]:
    """The annotations an export holds (placed in the current texts), and what the user
    should know about it: orphans kept without offsets or left out, documents missing."""
    from .content import export_documents, is_orphan

    placed = [a for d in export_documents(corpus, annotations) for a in d.annotations]
    warnings: list[str] = []
    missing = sorted({a.document for a in annotations} - {d.id for d in corpus.documents})
    if missing:
        warnings.append(
            f"{len(missing)} document(s) with annotations are not in the corpus "
            f"(first: {missing[0]})"
        )
    orphans = sum(is_orphan(a) for a in placed)
    if format == "qdpx":
        from .refi_qda import unplaceable

        left_out = {a.id for a in unplaceable(corpus, annotations)}
        if left_out:
            warnings.append(
                f"{len(left_out)} annotation(s) left out: no position in the current text "
                "(orphaned, or their document is missing)"
            )
        placed = [a for a in placed if a.id not in left_out]
    elif orphans and format in ("csv", "w3c"):
        warnings.append(
            f"{orphans} orphaned passage(s) left out: their text is no longer in the "
            "document (the JSON export keeps them, without offsets)"
        )
        placed = [a for a in placed if not is_orphan(a)]
    elif orphans and format == "json":
        warnings.append(
            f"{orphans} orphaned passage(s) exported without offsets: their text is no "
            "longer in the document"
        )
    return placed, warnings
