"""What every format shares: the errors, the progress callback, and what an import produces.

A reader turns a file into an ``Imported`` (codes, annotations, what it says about its
documents, and for a project the texts it carries), checked completely before anything is
written; ``importing.import_into_store`` then merges it. A writer turns a corpus, codes and
annotations into bytes (see ``formats.Exporter``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import CasereaderError
from ..model import Annotation, Code

Progress = Callable[[int, int], None]
"""Called with (done, total) as an export goes, for a progress bar."""
Codes = Sequence[Code]
"""The codebook an export names its codes from."""
Passages = Sequence[Annotation]
"""The annotations an export holds."""


@dataclass(frozen=True)
class ExportOptions:
    """Choices a user can make about an export beyond what goes in it."""

    formula_guard: bool = True
    """CSV: prefix formula-looking cells with ``'`` so spreadsheets show, not run, them.
    Off (``--no-formula-guard``) for analysts who read the CSV with code."""
    base_uri: str | None = None
    """W3C: where the documents live (``<base_uri>/<document id>``); else a URN of the
    document's id and sha256, which means the same on every machine."""


def first_few(items: Sequence[str], limit: int, separator: str = "; ") -> str:
    """The first ``limit`` items joined, with an ellipsis when there are more: a long list
    in a one-line message stays readable."""
    more = separator + "…" if len(items) > limit else ""
    return separator.join(items[:limit]) + more


class ExportError(CasereaderError):
    """An export could not be written (file exists, folder missing, permission denied...)."""


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


@dataclass(frozen=True)
class Skip:
    """Something a file holds that the import left out, and why (shown grouped by reason)."""

    what: str
    reason: str


@dataclass
class Imported:
    """Everything a file holds, checked, before anything is written."""

    format: str
    codes: list[Code]
    annotations: list[Annotation]
    documents: list[DocumentFacts] = field(default_factory=list)
    sources: list[SourceText] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    """What the file holds that was not imported, each with its reason: the import still
    happens, and the command exits 1 so a script notices."""
    facts: list[str] = field(default_factory=list)
    """What the user should know about how it was read (e.g. which unit positions count)."""
    chosen_colours: set[str] = field(default_factory=set)
    """Ids of codes the file gave no colour, whose colour the reader chose: such a colour
    never replaces one a code in the store has."""
    corpus_root: str | None = None
    """For a JSON export, the corpus folder it was exported from (it may not exist here)."""
