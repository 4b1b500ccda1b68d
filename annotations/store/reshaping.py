"""Reshaping passages while keeping who they are: new bounds for one, two made one, one cut in
two. Pure functions from the annotations as they are to the annotations as they will be; the
store (``AnnotationStore.reshape``, ``merge``, ``split``) saves the result as one change and
one undo step. An annotation that keeps its id keeps its codes, note, coder and created time:
its history is the coder's, not an artefact of having been redrawn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Annotation, utc_now
from .checks import DocumentLike, checked_passage
from .errors import AnnotationError


def reshaped(old: Annotation, document: DocumentLike, start: int, end: int) -> Annotation:
    """``old`` placed on ``document.text[start:end]``: same id, codes, note, coder, created."""
    check_belongs(old, document)
    passage = checked_passage(document, start, end)
    return placed(old, start, end, passage, "moved" if old.status == "moved" else "anchored")


def check_belongs(old: Annotation, document: DocumentLike) -> None:
    """Refuse to place an annotation in a document other than its own."""
    if old.document != document.id:
        raise AnnotationError(
            f"annotation {old.id} belongs to {old.document!r}, not {document.id!r}"
        )


def placed(
    old: Annotation, start: int, end: int, passage: tuple[str, str, str], status: str
) -> Annotation:
    """``old`` on a checked passage (its quote, prefix and suffix) at ``start:end``, with
    ``status``: its id, codes, note, coder and created time stay."""
    exact, prefix, suffix = passage
    return replace(
        old,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        status=status,
        updated=utc_now(),
    )


def merged(annotations: Sequence[Annotation], document: DocumentLike) -> Annotation:
    """Several passages of one document as one, from the first start to the last end: the
    first (by start) keeps its id, coder and created time; codes are joined in order of
    appearance, notes one after another (each once). Passages that neither touch nor overlap
    are refused: a merge must not swallow uncoded text between them silently."""
    ordered = _mergeable(annotations, document)
    reach = _merged_end(ordered, document.text)
    first = ordered[0]
    codes = tuple(dict.fromkeys(code for a in ordered for code in a.codes))
    notes = [n for n in dict.fromkeys(a.note.strip() for a in ordered) if n]
    whole = reshaped(first, document, first.start, reach)
    return replace(whole, codes=codes, note="\n\n".join(notes))


def _mergeable(annotations: Sequence[Annotation], document: DocumentLike) -> list[Annotation]:
    """The passages to merge in text order; refused if fewer than two, of another document,
    or orphans (which have no place to merge)."""
    if len(annotations) < 2:
        raise AnnotationError("merging needs two passages or more")
    ordered = sorted(annotations, key=lambda a: (a.start, a.end, a.id))
    if any(a.document != document.id for a in ordered):
        raise AnnotationError(f"only passages of {document.id!r} can be merged here")
    if any(a.status == "orphan" for a in ordered):
        raise AnnotationError("an orphan has no place in the text to merge: attach it first")
    return ordered


def _merged_end(ordered: Sequence[Annotation], text: str) -> int:
    """Where the merged passage ends (the furthest end); refused where text that is not
    white space lies between one passage and the next."""
    reach = ordered[0].end
    for later in ordered[1:]:
        if later.start > reach and text[reach : later.start].strip():
            raise AnnotationError(
                "these passages are apart (text between them is not coded): "
                "select the whole stretch and tag it, or widen one of them"
            )
        reach = max(reach, later.end)
    return reach


def split_in_two(
    old: Annotation, document: DocumentLike, at: int, new_id: str
) -> tuple[Annotation, Annotation]:
    """``old`` cut at ``at``: the part before keeps its id, the part after is a new
    annotation (``new_id``) with the same codes, note and coder. White space at the cut is
    left out of both parts; a cut that would leave either part without text is refused."""
    if old.status == "orphan":
        raise AnnotationError("an orphan has no place in the text to split: attach it first")
    head_end, tail_start = _cut(document.text, old.start, old.end, at)
    head = reshaped(old, document, old.start, head_end)
    exact, prefix, suffix = checked_passage(document, tail_start, old.end)
    now = utc_now()
    tail = replace(
        old,
        id=new_id,
        start=tail_start,
        end=old.end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        status="anchored",
        created=now,
        updated=now,
    )
    return head, tail


def _cut(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """Where the head of ``text[start:end]`` cut at ``at`` ends and its tail starts, white
    space at the cut left out; refused if either part would have no text."""
    head_end, tail_start = _space_before(text, start, at), _space_after(text, at, end)
    if not start < head_end or not tail_start < end:
        raise AnnotationError(
            "put the cursor inside the passage, between two words, to split it there"
        )
    return head_end, tail_start


def _space_before(text: str, start: int, at: int) -> int:
    """Where the white space just before ``at`` begins (not before ``start``)."""
    while at > start and text[at - 1].isspace():
        at -= 1
    return at


def _space_after(text: str, at: int, end: int) -> int:
    """Where the white space just after ``at`` ends (not past ``end``)."""
    while at < end and text[at].isspace():
        at += 1
    return at
