"""``casereader doctor``: check a store and its corpus, re-anchor changed documents, repair.

    casereader doctor [PATH...] [--store DIR] [--repair | --dry-run] [--json]

In order:

1. Every store file is checked without changing anything (this works while the reader has the
   store open): damaged or missing files, leftovers of an interrupted save, codes the codebook
   lacks, a schema too new (or too old) for this casereader.
2. With ``--repair`` a damaged store is made to open again, deleting nothing: damaged files are
   renamed ``<name>.broken-<time>`` beside where they were, a missing or damaged meta or codebook
   file is written anew, codes that annotations use are added back. Every action is printed.
   A store written by a newer casereader is never touched.
3. Every annotated document whose text changed since it was coded is re-anchored, as the reader
   does when it opens a document, and the passages anchored, moved and orphaned are counted.
   The result is saved unless ``--dry-run`` is given, problems were found and ``--repair`` was
   not, or another process has the store open; then doctor shows what re-anchoring would do.

Exit status: 0 healthy; 1 problems were found (whether or not they were repaired), passages are
orphaned, or annotated documents are missing from the corpus or unreadable; 2 usage or input
errors (no store at ``--store``, no corpus, the store in use when ``--repair`` was asked).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.startup import add_corpus_arguments, print_json

if TYPE_CHECKING:
    from annotations.anchoring import ReanchorReport
    from annotations.corpus import Corpus, Document
    from annotations.model import Annotation
    from annotations.store import AnnotationStore, Problem, StoreLockedError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_corpus_arguments(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--repair",
        action="store_true",
        help="repair what can be repaired (damaged files are moved aside, never deleted)",
    )
    mode.add_argument(
        "--dry-run", action="store_true", help="change nothing, not even re-anchoring"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")


@dataclass
class Reanchoring:
    """What re-anchoring did over the corpus (or would do, when not ``saved``)."""

    saved: bool = False
    reason: str | None = None
    checked: int = 0
    documents: list[ReanchorReport] = field(default_factory=list)
    orphans: int = 0
    """Orphaned passages in the whole store afterwards, from this run or an earlier one."""

    @property
    def unopened(self) -> bool:
        """Whether re-anchoring was skipped because the store does not open."""
        return (self.reason or "").startswith("the store does not open")

    def total(self, name: str) -> int:
        return sum(getattr(report, name) for report in self.documents)

    def to_json(self) -> dict[str, Any]:
        return {
            "saved": self.saved,
            "reason": self.reason,
            "checked": self.checked,
            "changed": len(self.documents),
            "anchored": self.total("anchored"),
            "moved": self.total("moved"),
            "orphan": self.total("orphan"),
            "orphans_in_store": self.orphans,
            "documents": [
                {
                    "id": report.document,
                    "anchored": report.anchored,
                    "moved": report.moved,
                    "orphan": report.orphan,
                    "moved_ids": list(report.moved_ids),
                    "orphan_ids": list(report.orphan_ids),
                }
                for report in self.documents
            ],
        }


@dataclass
class Diagnosis:
    """Everything doctor found and did, for the report and the exit status."""

    store: Path
    corpus: Path
    documents: int
    problems: list[Problem] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    refused: str | None = None
    remaining: list[Problem] = field(default_factory=list)
    reanchoring: Reanchoring = field(default_factory=Reanchoring)
    missing: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not (self._store_needs_care() or self._passages_need_care())

    def _store_needs_care(self) -> bool:
        """Store files with problems (found, refused or left), or a store that does not open."""
        return bool(self.problems or self.refused or self.remaining) or self.reanchoring.unopened

    def _passages_need_care(self) -> bool:
        """Orphaned passages, or coded documents the corpus lacks or cannot read."""
        return bool(self.reanchoring.orphans or self.missing or self.unreadable)

    def to_json(self) -> dict[str, Any]:
        return {
            "store": str(self.store),
            "corpus": str(self.corpus),
            "documents": self.documents,
            "healthy": self.healthy,
            "problems": [_problem_json(p) for p in self.problems],
            "repaired": self.repaired,
            "refused": self.refused,
            "remaining": [_problem_json(p) for p in self.remaining],
            "reanchor": self.reanchoring.to_json(),
            "missing_documents": self.missing,
            "unreadable_documents": [{"id": i, "reason": r} for i, r in self.unreadable],
        }


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": str(problem.file),
        "kind": problem.kind,
        "message": problem.message,
        "fatal": problem.fatal,
    }


def run(options: argparse.Namespace) -> int:
    from annotations.errors import CasereaderError
    from annotations.store import check_store
    from tui.commands.opening import load_checked_corpus
    from tui.startup import store_folder

    corpus, bundled = load_checked_corpus(options.paths, options.zone)
    location = store_folder(options.store, corpus.root, bundled).expanduser().absolute()
    found = check_store(location)
    if [(p.kind, p.file) for p in found] == [("missing", location)]:
        if options.store:
            raise CasereaderError(f"no annotation store at {location}")
        return _nothing_stored(options, location, corpus)
    diagnosis = Diagnosis(location, corpus.root, len(corpus), problems=found, remaining=found)
    if options.repair and found:
        _repair(diagnosis)
    diagnosis.reanchoring.reason = _why_not_saved(options, found)
    _reanchor(diagnosis, corpus, save=diagnosis.reanchoring.reason is None)
    if diagnosis.repaired or diagnosis.reanchoring.saved:
        diagnosis.remaining = check_store(location)
    _report(diagnosis, options.json)
    return 0 if diagnosis.healthy else 1


def _why_not_saved(options: argparse.Namespace, found: list[Problem]) -> str | None:
    """Why re-anchoring must only be previewed, or None when it is to be saved."""
    if options.dry_run:
        return "--dry-run: nothing saved"
    if found and not options.repair:
        return "problems found: nothing saved without --repair"
    return None


def _holder(error: StoreLockedError) -> str:
    """Who holds a locked store, as a reader would say it."""
    return f"process {error.pid}" if error.pid is not None else "another process"


def _nothing_stored(options: argparse.Namespace, location: Path, corpus: Corpus) -> int:
    diagnosis = Diagnosis(location, corpus.root, len(corpus))
    diagnosis.reanchoring.reason = "no store yet"
    if options.json:
        print_json(diagnosis.to_json())
    else:
        print(_safe(f"store {location}: none yet (nothing coded in this corpus): healthy"))
    return 0


def _repair(diagnosis: Diagnosis) -> None:
    from annotations.errors import CasereaderError
    from annotations.store import StoreLockedError, StoreVersionError, os_reason, repair_store

    location = diagnosis.store
    try:
        diagnosis.repaired = repair_store(location)
    except StoreLockedError as error:
        raise CasereaderError(
            f"cannot repair store {location}: it is in use by {_holder(error)}; close casereader "
            "there, then run doctor again (nothing was changed)"
        ) from None
    except StoreVersionError as error:
        diagnosis.refused = str(error)
    except OSError as error:
        raise CasereaderError(
            f"repairing store {location} failed: {os_reason(error)} "
            f"({getattr(error, 'filename', '') or 'store file'}); files moved aside so far keep "
            "their .broken- names; run doctor again"
        ) from None


def _open_for_reanchoring(diagnosis: Diagnosis, save: bool) -> AnnotationStore | None:
    """The store, writable when re-anchoring is to be saved; None if it does not open."""
    from annotations.store import AnnotationStore, StoreError, StoreLockedError

    plan = diagnosis.reanchoring
    if save:
        try:
            store = AnnotationStore.open(diagnosis.store)
        except StoreLockedError as error:
            plan.reason = f"the store is in use by {_holder(error)}; shown, not saved"
        except StoreError as error:
            plan.reason = f"the store does not open: {error}"
            return None
        else:
            plan.saved = True
            return store
    try:
        return AnnotationStore.open(diagnosis.store, read_only=True)
    except StoreError as error:
        plan.reason = f"the store does not open: {error}"
        return None


def _reanchor(diagnosis: Diagnosis, corpus: Corpus, save: bool) -> None:
    """Re-anchor (or preview re-anchoring) every annotated document of the corpus."""
    store = _open_for_reanchoring(diagnosis, save)
    if store is None:
        return
    skipped = {_skipped_id(s.path, corpus.root): s.reason for s in corpus.skipped}
    with store:
        for doc_id in store.document_ids():
            current = store.annotations(document=doc_id)
            document = _readable(diagnosis, corpus.get(doc_id), doc_id, bool(current), skipped)
            if document is not None:
                _reanchor_document(diagnosis.reanchoring, store, document, current)


def _readable(
    diagnosis: Diagnosis,
    document: Document | None,
    doc_id: str,
    coded: bool,
    skipped: dict[str, str],
) -> Document | None:
    """The corpus's document of a store's ``doc_id`` if its text can be read; else None, with
    a coded document that is missing or unreadable reported."""
    from annotations.errors import CorpusError

    if document is None:
        if coded:
            _report_absent(diagnosis, doc_id, skipped)
        return None
    try:
        document.text  # noqa: B018 - read now: an unreadable file is reported, not raised
    except CorpusError as error:
        if coded:
            diagnosis.unreadable.append((doc_id, str(error)))
        return None
    return document


def _report_absent(diagnosis: Diagnosis, doc_id: str, skipped: dict[str, str]) -> None:
    """A coded document the corpus lacks: unreadable if the corpus skipped its file, else
    missing."""
    if doc_id in skipped:
        diagnosis.unreadable.append((doc_id, skipped[doc_id]))
    else:
        diagnosis.missing.append(doc_id)


def _reanchor_document(
    plan: Reanchoring, store: AnnotationStore, document: Document, current: list[Annotation]
) -> None:
    """Re-anchor one document (saved), or say what re-anchoring it would do (a preview)."""
    plan.checked += 1
    if plan.saved:
        _reanchor_and_save(plan, store, document)
    else:
        _preview_reanchoring(plan, store, document, current)


def _orphans(annotations: list[Annotation]) -> int:
    return sum(a.status == "orphan" for a in annotations)


def _reanchor_and_save(plan: Reanchoring, store: AnnotationStore, document: Document) -> None:
    report = store.reanchor(document)
    if report.changed:
        plan.documents.append(report)
    plan.orphans += _orphans(store.annotations(document=document.id))


def _preview_reanchoring(
    plan: Reanchoring, store: AnnotationStore, document: Document, current: list[Annotation]
) -> None:
    """What re-anchoring would do to a document whose text changed since it was coded."""
    from annotations.anchoring import reanchor_annotations

    recorded = store.document_hash(document.id)
    if recorded == document.sha256 or (recorded is None and not current):
        plan.orphans += _orphans(current)
        return
    _placed, report = reanchor_annotations(document.id, document.text, current)
    plan.documents.append(report)
    plan.orphans += report.orphan


def _skipped_id(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


# --- the report -------------------------------------------------------------------------------


def _safe(text: str) -> str:
    from tui.formatting import visible

    return visible(text)


def _where(problem: Problem, location: Path) -> str:
    try:
        return problem.file.relative_to(location).as_posix() or "."
    except ValueError:
        return str(problem.file)


def _report(diagnosis: Diagnosis, as_json: bool) -> None:
    if as_json:
        print_json(diagnosis.to_json())
        return
    lines = [
        f"store {diagnosis.store} (corpus {diagnosis.corpus}, {diagnosis.documents} documents)",
        *_problem_lines(diagnosis),
        *_repair_lines(diagnosis),
        *_reanchor_lines(diagnosis.reanchoring),
        *_document_lines(diagnosis),
        _verdict(diagnosis),
    ]
    for line in lines:
        print(_safe(line))


def _problem_lines(diagnosis: Diagnosis) -> list[str]:
    if not diagnosis.problems:
        return ["store files: no problems"]
    return [f"{len(diagnosis.problems)} problem(s) found:"] + [
        f"  {p.kind}: {_where(p, diagnosis.store)}: {p.message}" for p in diagnosis.problems
    ]


def _repair_lines(diagnosis: Diagnosis) -> list[str]:
    lines = []
    if diagnosis.repaired:
        lines.append("repaired:")
        lines += [f"  {action}" for action in diagnosis.repaired]
    if diagnosis.refused:
        lines.append(f"not repaired: {diagnosis.refused}")
    return lines


def _document_lines(diagnosis: Diagnosis) -> list[str]:
    """Coded documents the corpus lacks or cannot read."""
    lines = []
    if diagnosis.missing:
        lines.append(
            f"{len(diagnosis.missing)} annotated document(s) are not in the corpus "
            f"(is PATH the corpus they were coded in?): {', '.join(diagnosis.missing[:5])}"
        )
    lines += [
        f"annotated document {doc_id} cannot be read: {reason}"
        for doc_id, reason in diagnosis.unreadable
    ]
    return lines


def _reanchor_lines(plan: Reanchoring) -> list[str]:
    if plan.unopened:
        return [f"re-anchoring skipped: {plan.reason}"]
    lines = (
        _changed_lines(plan)
        if plan.documents
        else [f"re-anchoring: {plan.checked} annotated document(s), none changed"]
    )
    if plan.orphans:
        lines.append(
            f"{plan.orphans} orphaned passage(s): their text is no longer in the document; "
            "the reader lists them so you can re-code or remove them"
        )
    return lines


def _changed_lines(plan: Reanchoring) -> list[str]:
    """The documents re-anchoring changed, in total and one by one."""
    outcome = "saved" if plan.saved else f"would do; {plan.reason}"
    return [
        f"re-anchoring: {len(plan.documents)} of {plan.checked} annotated document(s) "
        f"changed: {plan.total('anchored')} passage(s) in place, {plan.total('moved')} "
        f"moved, {plan.total('orphan')} orphaned ({outcome})"
    ] + [
        f"  {report.document}: {report.anchored} in place, {report.moved} moved, "
        f"{report.orphan} orphaned"
        for report in plan.documents
    ]


def _verdict(diagnosis: Diagnosis) -> str:
    if diagnosis.healthy:
        return "healthy"
    if diagnosis.remaining:
        return _remaining_verdict(diagnosis)
    if diagnosis.problems:
        return "problems found and repaired"
    return "the store is sound; see above for passages that need attention"


def _remaining_verdict(diagnosis: Diagnosis) -> str:
    """The verdict while store problems remain: why, and what to do."""
    if diagnosis.refused:
        return "problems remain; this casereader cannot repair this store"
    if diagnosis.repaired:
        return f"{len(diagnosis.remaining)} problem(s) remain after repair"
    return "problems found: run casereader doctor --repair to repair them"
