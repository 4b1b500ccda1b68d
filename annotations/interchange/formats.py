"""The export formats: what each is called, its file suffix, its writer, and what it does
with orphans (passages whose text is no longer in the document).

Each writer is an ``Exporter``, loaded by a typed function the first time it is used: a
format's module (XML, zip, CSV...) is imported only for an export in that format, since
start-up is a feature. The app's export dialog and ``casereader export`` list ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from ..corpus import Corpus
from .model import Codes, ExportOptions, Passages, Progress


class Exporter(Protocol):
    """A format's writer: pure, the export as bytes (``writing`` makes them a file)."""

    def __call__(
        self,
        corpus: Corpus,
        codes: Codes,
        passages: Passages,
        /,
        *,
        progress: Progress | None = None,
        options: ExportOptions | None = None,
    ) -> bytes: ...


class Orphans(Enum):
    """What a format does with orphans, and so what the user is told after an export."""

    WITHOUT_OFFSETS = "exported without offsets"
    """JSON keeps them, ``start`` and ``end`` null, so re-importing loses nothing."""
    LEFT_OUT = "left out"
    """CSV and W3C need offsets: orphans are left out."""
    PLACEABLE_ONLY = "left out, with passages of missing documents"
    """A REFI-QDA project carries the texts: a passage needs a place in one of them."""
    NO_PASSAGES = "no passages"
    """A codebook holds no passages at all."""


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    suffix: str
    load: Callable[[], Exporter]
    orphans: Orphans
    rows_per_code: bool = False
    """A row per (passage, code): a code filter keeps only the chosen codes' rows (CSV).
    Other formats keep a chosen passage whole, with all its codes."""
    xml: bool = False
    """XML 1.0 (REFI-QDA): control characters cannot be written; the export says so."""


def _json() -> Exporter:
    from .json_format import export_json

    return export_json


def _csv() -> Exporter:
    from .csv_format import export_csv

    return export_csv


def _w3c() -> Exporter:
    from .w3c import export_w3c

    return export_w3c


def _qdpx() -> Exporter:
    from .refi_qda.write import export_qdpx

    return export_qdpx


def _taguette() -> Exporter:
    from .taguette import export_taguette

    return export_taguette


def _qdc() -> Exporter:
    from .refi_qda.write import export_qdc

    return export_qdc


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("json", "casereader JSON", ".json", _json, Orphans.WITHOUT_OFFSETS),
        ExportFormat("csv", "CSV for spreadsheets", ".csv", _csv, Orphans.LEFT_OUT, True),
        ExportFormat("w3c", "W3C Web Annotation (JSON-LD)", ".jsonld", _w3c, Orphans.LEFT_OUT),
        ExportFormat("qdpx", "REFI-QDA project", ".qdpx", _qdpx, Orphans.PLACEABLE_ONLY, xml=True),
        ExportFormat("qdc", "REFI-QDA codebook", ".qdc", _qdc, Orphans.NO_PASSAGES, xml=True),
        ExportFormat("taguette", "Taguette codebook (CSV)", ".csv", _taguette, Orphans.NO_PASSAGES),
    )
}
