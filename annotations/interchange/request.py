"""What an export is asked to write: one frozen value every format's writer takes.

The caller builds an ``ExportRequest`` once (the corpus, the codebook, the chosen passages,
how they were chosen, the user's options, the moment of the export, a progress callback) and
every writer reads what it needs from it: a new format, or a new choice, adds a field here
instead of a parameter to every writer. The steps all writers share are done here once: the
documents with their passages placed (``documents``), those with passages that have offsets
(``placed_documents``), the codebook completed with codes the passages use (``codebook``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..corpus import Corpus
from ..model import Annotation, Code, utc_now
from .content import (
    ExportDocument,
    complete_codebook,
    export_documents,
    reporting,
    without_orphans,
)
from .model import ExportOptions, Progress


@dataclass(frozen=True)
class Selection:
    """How the passages were chosen: code ids, coders, document ids (None: all of them).

    The code filter also narrows a format with a row per code (CSV) to the chosen codes'
    rows; other formats keep each chosen passage whole."""

    codes: Collection[str] | None = None
    coders: Collection[str] | None = None
    documents: Collection[str] | None = None

    def admits(self, annotation: Annotation) -> bool:
        """Whether a passage passes every filter (an empty or missing one passes all): on a
        chosen document, by a chosen coder, with any of the chosen codes."""
        return (
            _allowed(annotation.document, self.documents)
            and _allowed(annotation.coder or "", self.coders)
            and (not self.codes or not set(annotation.codes).isdisjoint(self.codes))
        )


def _allowed(value: str, chosen: Collection[str] | None) -> bool:
    return not chosen or value in chosen


EVERYTHING = Selection()
"""No filter: every passage, every document of the corpus."""
DEFAULT_OPTIONS = ExportOptions()


@dataclass(frozen=True)
class ExportRequest:
    """One export's content and choices; a writer turns it into bytes."""

    corpus: Corpus
    codes: Sequence[Code]
    """The codebook the export names its codes from."""
    annotations: Sequence[Annotation]
    """The passages the export holds (already chosen by ``selection``)."""
    selection: Selection = field(default_factory=Selection)
    options: ExportOptions = field(default_factory=ExportOptions)
    exported: str = field(default_factory=utc_now)
    """The export's time stamp (formats that write one)."""
    progress: Progress | None = field(default=None, compare=False)
    """Called with (passages done, total) as documents are written."""

    @cached_property
    def documents(self) -> list[ExportDocument]:
        """Every document the export lists, its passages placed in its current text."""
        return export_documents(self.corpus, self.annotations)

    @cached_property
    def placed_documents(self) -> list[ExportDocument]:
        """The documents with passages that have offsets (formats that need them leave
        orphans out; ``exporting.export`` says how many)."""
        return [d for d in without_orphans(self.documents) if d.annotations]

    def codebook(self) -> list[Code]:
        """The codebook with the codes a passage uses but the codebook lacks."""
        return complete_codebook(self.codes, self.annotations)

    def reporting(self, documents: Sequence[ExportDocument]) -> Iterator[ExportDocument]:
        """The documents in turn, progress reported as each is written."""
        return reporting(documents, self.progress)

    def passages_done(self) -> None:
        """Report every passage done (formats that write no passages)."""
        if self.progress is not None:
            self.progress(len(self.annotations), len(self.annotations))
