"""Comparing this store's coding with a colleague's store folder or export file, for the
agreement tab of the reports screen. Pure (no Textual): it runs in a worker on a snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotations import analysis as reports
from annotations.coding import Coding, load_coding, merged_codes
from annotations.corpus import Document
from annotations.errors import CasereaderError
from annotations.model import Annotation, Code


@dataclass(frozen=True)
class Basis:
    """This side of a comparison, as the app's thread saw it."""

    mine: list[Annotation]
    label: str
    codes: list[Code]
    location: Path
    documents: dict[str, Document]


def compare(path: Path, basis: Basis) -> tuple[reports.Agreement, set[str]]:
    """Agreement between ``basis`` and the coding at ``path``, and the documents both coded.
    Raises CasereaderError (or OSError) for a path that cannot be compared with."""
    if path.is_dir() and path.resolve() == basis.location.resolve():
        raise CasereaderError(f"{path} is this store; choose a colleague's")
    other = load_coding(path, None)
    shared = {a.document for a in basis.mine} & {a.document for a in other.annotations}
    check_same_texts(path, basis.documents, other.hashes, shared)
    if not other.annotations:
        raise CasereaderError(f"{path} has no annotations to compare")
    codes = merged_codes(Coding(basis.label, basis.codes, basis.mine), other)
    lengths = {d: len(basis.documents[d].text) for d in shared if d in basis.documents}
    labels = side_labels(basis.mine, other.annotations, path)
    result = reports.agreement(lengths, codes, basis.mine, other.annotations, labels=labels)
    return result, shared


def side_labels(mine: list[Annotation], theirs: list[Annotation], path: Path) -> tuple[str, str]:
    """What the agreement calls the two sides: the coder names recorded on each side's
    passages, this side marked as this store's; the colleague's path only where her passages
    carry no name, or beside the name where both sides carry the same one (two people who
    both kept the default coder name)."""
    here, there = reports.coder_names(mine), reports.coder_names(theirs)
    other = there or str(path)
    if there and there == here:
        other = f"{there} ({path})"
    return (f"{here} (this store)" if here else "this store"), other


def check_same_texts(
    path: Path, documents: dict[str, Document], hashes: dict[str, str], shared: set[str]
) -> None:
    """Both codings must be of the same texts: a document coded in another version is refused."""
    for doc_id in sorted(shared):
        here = documents.get(doc_id)
        there = hashes.get(doc_id)
        if here is not None and there and there != here.sha256:
            raise CasereaderError(
                f"{path} coded another version of {doc_id!r} (text hashes differ)"
            )
