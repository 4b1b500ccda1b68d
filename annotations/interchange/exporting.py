"""The one entry point of every export: choose what goes in, write it, say what happened.

``export(format, request, path, force=False)`` runs in a worker thread of the app and in
``casereader export``: the format's writer makes the bytes, ``writing.write_atomically`` the
file. The caller builds the ``ExportRequest`` once (``request`` below: the passages chosen
by a ``Selection``); each format module's writer is pure: ``export_<format>(request) -> bytes``.

Filtering (``select_annotations``): a code filter keeps annotations that carry any of the
codes. JSON, W3C and REFI-QDA keep such an annotation whole (all its codes), so re-importing
loses nothing; CSV, a row per (annotation, code), keeps only the rows of the chosen codes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..corpus import Corpus
from ..model import Annotation, Code
from .content import ExportDocument, count_annotations, is_orphan, is_placeable
from .formats import FORMATS, ExportFormat, Orphans
from .model import ExportError, ExportOptions, Progress
from .request import DEFAULT_OPTIONS, EVERYTHING, ExportRequest, Selection
from .writing import check_target, write_atomically


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
    selection = Selection(codes, coders, documents)
    return [a for a in annotations if selection.admits(a)]


def resolve_coders(annotations: Iterable[Annotation], coders: Collection[str]) -> list[str]:
    """The coders as recorded, matched exactly or else ignoring case; an unknown one is an
    error (as an unknown code is), never a silently empty export."""
    known = sorted({annotation.coder or "" for annotation in annotations})
    return [_recorded_coder(known, coder) for coder in coders]


def _recorded_coder(known: Sequence[str], coder: str) -> str:
    if coder in known:
        return coder
    matches = [k for k in known if k.casefold() == coder.casefold()]
    if len(matches) != 1:
        raise ExportError(f"no annotations by coder {coder!r} (coders: {_coder_names(known)})")
    return matches[0]


def _coder_names(known: Sequence[str]) -> str:
    return ", ".join(repr(k) for k in known if k) or "none recorded"


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
    return _listed(corpus, chosen, documents, bool(codes or coders)), chosen


def _listed(
    corpus: Corpus,
    chosen: Sequence[Annotation],
    documents: Collection[str] | None,
    filtered: bool,
) -> Corpus:
    """The documents an export lists (see ``choose``)."""
    if documents:
        return corpus_subset(corpus, documents)
    if filtered:
        return _with_chosen_only(corpus, chosen)
    return corpus


def request_for(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    selection: Selection = EVERYTHING,
    options: ExportOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
) -> ExportRequest:
    """The request to export the passages ``selection`` chooses (see ``choose``), built once
    by the command or the dialog and handed to the format's writer."""
    corpus, chosen = choose(
        corpus, annotations, selection.codes, selection.coders, selection.documents
    )
    return ExportRequest(corpus, codes, chosen, selection, options, progress=progress)


def _with_chosen_only(corpus: Corpus, chosen: Sequence[Annotation]) -> Corpus:
    """The corpus restricted to the documents of the chosen annotations."""
    return corpus_subset(corpus, {a.document for a in chosen} & {d.id for d in corpus})


def corpus_subset(corpus: Corpus, documents: Collection[str]) -> Corpus:
    """The same corpus restricted to some documents, so exports list only those."""
    missing = sorted(set(documents) - {d.id for d in corpus.documents})
    if missing:
        raise ExportError(f"no document {missing[0]!r} in the corpus at {corpus.root}")
    return Corpus(corpus.root, [d for d in corpus.documents if d.id in documents], [])


def export_format(name: str) -> ExportFormat:
    """The format of this name; ExportError lists the others."""
    spec = FORMATS.get(name)
    if spec is None:
        raise ExportError(f"unknown export format {name!r} (one of {', '.join(FORMATS)})")
    return spec


def export_bytes(format: str, request: ExportRequest) -> bytes:
    """The export in one format, in memory."""
    return export_format(format).writer()(request)


def export(
    format: str, request: ExportRequest, path: str | Path, force: bool = False
) -> ExportResult:
    """Export to a file, atomically: a failure leaves no partial file and any old one intact.

    The request's ``progress(done, total)`` is called as annotations are converted, then once
    at the end. Its code selection narrows a format with a row per code to those codes' rows;
    other formats keep each chosen annotation whole.
    """
    target = Path(path)
    check_target(target, force)
    spec = export_format(format)
    written = rows_written(spec, request)
    data = spec.writer()(written)
    write_atomically(target, data, force)
    request.passages_done()
    kept, warnings = exported(spec, request)
    warnings.extend(_xml_losses(spec, written))
    return ExportResult(
        path=target,
        format=format,
        annotations=len(kept),
        documents=len({a.document for a in kept}),
        size=len(data),
        warnings=warnings,
    )


def rows_written(spec: ExportFormat, request: ExportRequest) -> ExportRequest:
    """The request a format writes: with a row per code, only the chosen codes' rows."""
    only_codes = request.selection.codes
    if not spec.rows_per_code or only_codes is None:
        return request
    return replace(request, annotations=with_codes_only(request.annotations, only_codes))


def _xml_losses(spec: ExportFormat, request: ExportRequest) -> list[str]:
    """What an XML format could not write as it is (see ``refi_qda.write.xml_losses``)."""
    if not spec.xml:
        return []
    from .refi_qda.write import xml_losses

    passages = request.annotations if spec.orphans is not Orphans.NO_PASSAGES else ()
    line = xml_losses(request.codes, passages)
    return [line] if line else []


def with_codes_only(
    annotations: Iterable[Annotation], only_codes: Collection[str]
) -> list[Annotation]:
    """Each annotation with only the chosen codes; those left with none are left out."""
    narrowed = (_with_codes(annotation, only_codes) for annotation in annotations)
    return [annotation for annotation in narrowed if annotation.codes]


def _with_codes(annotation: Annotation, only_codes: Collection[str]) -> Annotation:
    """The annotation with only the chosen codes; the same object when they are its own."""
    codes = tuple(c for c in annotation.codes if c in only_codes)
    return replace(annotation, codes=codes) if codes != annotation.codes else annotation


def exported(spec: ExportFormat, request: ExportRequest) -> tuple[list[Annotation], list[str]]:
    """The annotations an export holds (placed in the current texts), and what the user
    should know about it: orphans kept without offsets or left out, documents missing."""
    kept, note = ORPHAN_RULES[spec.orphans](request.documents)
    return kept, [*_missing_documents(request), *([note] if note else [])]


def _missing_documents(request: ExportRequest) -> list[str]:
    """The warning on passages of documents the corpus no longer holds, if any."""
    corpus_ids = {d.id for d in request.corpus.documents}
    missing = sorted({a.document for a in request.annotations} - corpus_ids)
    if not missing:
        return []
    return [
        f"{len(missing)} document(s) with annotations are not in the corpus (first: {missing[0]})"
    ]


Kept = tuple[list[Annotation], str | None]
"""The annotations an export holds, and what to tell the user about those it does not."""


def _passages(documents: Sequence[ExportDocument]) -> list[Annotation]:
    """Every passage of the documents, in their order."""
    return [a for d in documents for a in d.annotations]


def _without_offsets(documents: Sequence[ExportDocument]) -> Kept:
    placed = _passages(documents)
    return placed, _left_out(
        sum(is_orphan(a) for a in placed),
        "orphaned passage(s) exported without offsets: their text is no longer in the document",
    )


def _orphans_left_out(documents: Sequence[ExportDocument]) -> Kept:
    placed = _passages(documents)
    kept = [a for a in placed if not is_orphan(a)]
    return kept, _left_out(
        len(placed) - len(kept),
        "orphaned passage(s) left out: their text is no longer in the document "
        "(the JSON export keeps them, without offsets)",
    )


def _placeable_only(documents: Sequence[ExportDocument]) -> Kept:
    kept = [a for d in documents for a in d.annotations if is_placeable(a, d)]
    return kept, _left_out(
        count_annotations(documents) - len(kept),
        "annotation(s) left out: no position in the current text "
        "(orphaned, or their document is missing)",
    )


def _left_out(count: int, what: str) -> str | None:
    """The note on passages an export leaves out (or keeps without offsets), if any."""
    return f"{count} {what}" if count > 0 else None


def _all_kept(documents: Sequence[ExportDocument]) -> Kept:
    return _passages(documents), None


ORPHAN_RULES: dict[Orphans, Callable[[Sequence[ExportDocument]], Kept]] = {
    Orphans.WITHOUT_OFFSETS: _without_offsets,
    Orphans.LEFT_OUT: _orphans_left_out,
    Orphans.PLACEABLE_ONLY: _placeable_only,
    Orphans.NO_PASSAGES: _all_kept,
}
