"""What the store refuses before it changes anything, each refusal one line naming what is
wrong: a passage that is not in its document, a batch that is not annotations the store can
keep, text that is not Unicode, a document whose text changed since it was coded."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Protocol

from ..codebook import CodebookError, UnknownCodeError
from ..model import Annotation, quote
from ..safety import lone_surrogate, visible
from .errors import AnnotationError, DocumentChangedError
from .history import Change

TITLE_LIMIT = 300
"""Characters a display title may have."""


class DocumentLike(Protocol):
    """What the store needs of a document: its id, text and the text's sha256."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def sha256(self) -> str: ...


def checked_passage(document: DocumentLike, start: object, end: object) -> tuple[str, str, str]:
    """The quote and its context for ``document.text[start:end]``: whole offsets, not empty,
    inside the text; AnnotationError otherwise."""
    if not isinstance(start, int) or not isinstance(end, int):
        raise AnnotationError("a passage's start and end are integer offsets")
    if start >= end:
        raise AnnotationError(f"an empty passage ({start}-{end}) cannot be coded")
    try:
        return quote(document.text, start, end)
    except ValueError as error:
        raise AnnotationError(f"{document.id}: {error}") from None


def checked_title(doc_id: object, title: object) -> str:
    """A display title as saved: white space runs made one space ("" for None or blank);
    AnnotationError for an id or title that is not text, or a title too long."""
    new = " ".join(_title_text(doc_id, title).split())
    if len(new) > TITLE_LIMIT:
        raise AnnotationError(f"a title has at most {TITLE_LIMIT} characters")
    if lone_surrogate({"title": new, "id": doc_id}) is not None:
        raise AnnotationError("the title is not text")
    return new


def _title_text(doc_id: object, title: object) -> str:
    """The title as given ("" for None); refused if it, or the document id, is not text."""
    if not isinstance(doc_id, str) or not doc_id:
        raise AnnotationError("a document id is text")
    if title is not None and not isinstance(title, str):
        raise AnnotationError("a title is text")
    return title or ""


def check_same_text(location: Path, document: DocumentLike, recorded: str | None) -> None:
    """Refuse a passage on a text other than the one the document's passages were made on."""
    if recorded is not None and recorded != document.sha256:
        raise DocumentChangedError(
            f"store {location}: {document.id} has changed since it was annotated "
            "(its text's sha256 differs); re-anchor its annotations first"
        )


def checked_batch(
    annotations: Iterable[Annotation], known_codes: Collection[str], location: Path
) -> list[Annotation]:
    """A batch to save (an import, a merge), each annotation checked as if read from JSON:
    ids unique, every one with a code the codebook knows."""
    batch: list[Annotation] = []
    seen: set[str] = set()
    for n, annotation in enumerate(annotations, start=1):
        checked = _as_read(annotation, n)
        if checked.id in seen:
            raise AnnotationError(f"annotation {checked.id} appears twice in the batch")
        if not checked.codes:
            raise AnnotationError(f"annotation {checked.id} has no code")
        seen.add(checked.id)
        batch.append(checked)
    _check_codes_known(batch, known_codes, location)
    return batch


def _check_codes_known(
    batch: list[Annotation], known_codes: Collection[str], location: Path
) -> None:
    """Refuse a batch using codes the codebook does not have, naming them all."""
    unknown = sorted({c for a in batch for c in a.codes} - set(known_codes))
    if unknown:
        raise UnknownCodeError(
            f"codes not in the codebook of store {location}: {', '.join(unknown)}; "
            "add them to the codebook first"
        )


def _as_read(annotation: Annotation, n: int) -> Annotation:
    """The annotation as it would read back from its JSON (every field's type checked)."""
    try:
        return Annotation.from_dict(annotation.to_dict())
    except ValueError as error:
        raise AnnotationError(f"annotation {n}: {error}") from None


def check_text(change: Change) -> None:
    """Refuse text that is not Unicode (a lone surrogate: a file name's undecodable bytes as
    Python keeps them): saved, it would make the store file unreadable and every export fail."""
    for _before, after in change.annotations:
        if after is not None:
            _check_annotation_text(after)
    for code in change.codes[1] if change.codes is not None else ():
        if lone_surrogate(code.to_dict()) is not None:
            raise CodebookError(f"code {visible(code.name)!r} is not text")


def _check_annotation_text(annotation: Annotation) -> None:
    """Refuse an annotation holding a lone surrogate, saying whether in its document id."""
    found = lone_surrogate(annotation.to_dict())
    if found is not None:
        what = "document id" if found in annotation.document else "text"
        raise AnnotationError(
            f"the annotation's {what} {visible(annotation.document)!r} is not text (it holds "
            f"\\u{ord(found):04x}); document ids come from corpus.document_id"
        )


def astray(text: str, annotation: Annotation) -> bool:
    """Whether a placed passage's offsets fail to select its quote in ``text``."""
    return annotation.status != "orphan" and not annotation.selects_quote_in(text)
