"""The export formats: what each is called, its file suffix, its writer, and what it does
with orphans (passages whose text is no longer in the document).

Each writer is an ``Exporter``: it takes one ``ExportRequest`` and returns bytes. The writers'
modules (XML, zip, CSV...) are imported at the first export, not when the formats are
listed, since start-up is a feature. The app's export dialog and ``casereader export`` list
``FORMATS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Protocol

from .request import ExportRequest


class Exporter(Protocol):
    """A format's writer: pure, the export as bytes (``writing`` makes them a file)."""

    def __call__(self, request: ExportRequest, /) -> bytes: ...


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
    orphans: Orphans
    rows_per_code: bool = False
    """A row per (passage, code): a code filter keeps only the chosen codes' rows (CSV).
    Other formats keep a chosen passage whole, with all its codes."""
    xml: bool = False
    """XML 1.0 (REFI-QDA): control characters cannot be written; the export says so."""

    def writer(self) -> Exporter:
        """The format's writer (every writer's module is imported the first time)."""
        return _writers()[self.name]


@cache
def _writers() -> dict[str, Exporter]:
    """Every format's writer by its name; imported here, at the first export."""
    from .csv_format import export_csv
    from .json_format import export_json
    from .refi_qda.write import export_qdc, export_qdpx
    from .taguette import export_taguette
    from .w3c import export_w3c

    return {
        "json": export_json,
        "csv": export_csv,
        "w3c": export_w3c,
        "qdpx": export_qdpx,
        "qdc": export_qdc,
        "taguette": export_taguette,
    }


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("json", "casereader JSON", ".json", Orphans.WITHOUT_OFFSETS),
        ExportFormat("csv", "CSV for spreadsheets", ".csv", Orphans.LEFT_OUT, True),
        ExportFormat("w3c", "W3C Web Annotation (JSON-LD)", ".jsonld", Orphans.LEFT_OUT),
        ExportFormat("qdpx", "REFI-QDA project", ".qdpx", Orphans.PLACEABLE_ONLY, xml=True),
        ExportFormat("qdc", "REFI-QDA codebook", ".qdc", Orphans.NO_PASSAGES, xml=True),
        ExportFormat("taguette", "Taguette codebook (CSV)", ".csv", Orphans.NO_PASSAGES),
    )
}
