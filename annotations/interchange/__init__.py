"""Interchange: casereader's coding to and from other tools' files.

Layer: above the corpus, the model and the store, below the interfaces. Writers are pure
(a corpus, codes and annotations in, bytes out); readers are pure too (a file in, a checked
``Imported`` out); only ``importing.import_into_store`` and ``sources.StagedSources`` change
anything, and only once a file has been read and checked completely.

Data flow of an export: the caller re-anchors changed documents (``store.reanchor_all``), then
``exporting.request_for`` picks the annotations and documents (``exporting.choose``) into one
``request.ExportRequest``, ``exporting.export`` hands it to the format's writer
(``formats.FORMATS``: a typed ``Exporter`` per format, imported only when used), which lays
the documents out (``request.documents``, ``content.export_documents``: every passage placed
in the text whose sha256 it writes) and returns bytes; ``writing.write_atomically`` makes the file
complete or absent. Of an import: ``importing.read_import`` picks the reader by content
(``json_format.read_json`` or ``refi_qda.read.read_qdpx``), then ``import_into_store`` merges
the ``Imported`` in one store transaction (one undo step, all or nothing).

One module per format, reader and writer together: ``json_format`` (the primary format, read
back losslessly), ``csv_format``, ``w3c`` (JSON-LD), ``refi_qda`` (``write``, ``read``,
``names``). ``model`` holds what they share: ``Imported``, ``SourceText``, ``DocumentFacts``,
the errors and the progress callback.
"""

from .exporting import (
    ExportResult,
    choose,
    corpus_subset,
    export,
    export_bytes,
    request_for,
    resolve_coders,
    select_annotations,
)
from .formats import FORMATS, Exporter, ExportFormat, Orphans
from .model import ExportError, ExportOptions, Imported, ImportFileError, Progress, SourceText
from .request import ExportRequest, Selection
from .writing import write_atomically

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "ExportRequest",
    "ExportResult",
    "Exporter",
    "ImportFileError",
    "Imported",
    "Orphans",
    "Progress",
    "Selection",
    "SourceText",
    "choose",
    "corpus_subset",
    "export",
    "export_bytes",
    "request_for",
    "resolve_coders",
    "select_annotations",
    "write_atomically",
]
