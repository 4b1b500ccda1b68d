"""W3C Web Annotation (JSON-LD) export, for annotation servers and tools such as Hypothesis.

The file is one ``AnnotationCollection`` whose single ``AnnotationPage`` (``first``) lists every
annotation, so a consumer reads one document rather than following page links. Each annotation:
- ``id`` ``urn:uuid:<annotation id>``; ``created``/``modified`` from the annotation;
  ``creator`` a Person named after the coder (omitted when no coder was recorded);
- one ``TextualBody`` with purpose ``tagging`` per code (value = the code's name) and, when
  there is a note, one with purpose ``commenting``;
- a target whose ``source`` is the document's ``file://`` URI (``urn:casereader:document:<id>``
  when the corpus no longer has it), with a ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (code points, end exclusive, as the model requires).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..corpus import Corpus
from ..model import Annotation, Code, utc_now
from .content import ExportDocument, code_names, export_documents, reporting, without_orphans
from .model import Progress
from .writing import deliver

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation_iri(annotation_id: str) -> str:
    """A UUID id becomes ``urn:uuid:``; anything else is kept in a casereader URN."""
    try:
        return uuid.UUID(annotation_id).urn
    except ValueError:
        return "urn:casereader:annotation:" + quote(annotation_id, safe="")


def document_iri(document: ExportDocument) -> str:
    if document.path is not None:
        return document.path.resolve().as_uri()
    return "urn:casereader:document:" + quote(document.id, safe="/")


def web_annotation(annotation: Annotation, source: str, names: dict[str, str]) -> dict[str, Any]:
    """One annotation in the Web Annotation Data Model."""
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": names.get(code, code)}
        for code in annotation.codes
    ]
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/plain",
            }
        )
    item: dict[str, Any] = {"id": annotation_iri(annotation.id), "type": "Annotation"}
    if annotation.created:
        item["created"] = annotation.created
    if annotation.updated:
        item["modified"] = annotation.updated
    if annotation.coder:
        item["creator"] = {"type": "Person", "name": annotation.coder}
    item["body"] = bodies
    item["target"] = {
        "source": source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": annotation.exact,
                "prefix": annotation.prefix,
                "suffix": annotation.suffix,
            },
            {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
        ],
    }
    return item


def export_w3c(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    path: str | Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    exported: str | None = None,
) -> bytes:
    """The collection as UTF-8 JSON-LD; written atomically to ``path`` when one is given."""
    # Orphans have no place in the text: left out (``export`` says how many).
    documents = [d for d in without_orphans(export_documents(corpus, annotations)) if d.annotations]
    names = code_names(codes)
    items: list[dict[str, Any]] = []
    for document in reporting(documents, progress):
        source = document_iri(document)
        items.extend(web_annotation(a, source, names) for a in document.annotations)
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"casereader annotations of {corpus.root}",
        "generator": {"type": "Software", "name": f"casereader {__version__}"},
        "generated": exported or utc_now(),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    data = (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return deliver(data, path, force)
