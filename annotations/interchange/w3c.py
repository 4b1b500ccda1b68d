"""W3C Web Annotation (JSON-LD) export, for annotation servers and tools such as Hypothesis.

The file is one ``AnnotationCollection`` whose single ``AnnotationPage`` (``first``) lists every
annotation, so a consumer reads one document rather than following page links. The model
requires an IRI for both: the collection's is a ``urn:uuid:`` derived from what it holds and
when it was made (the same export gives the same id), the page's is derived from it, and the
page names the collection in ``partOf`` as an object (the W3C test suite checks it so).
Each annotation:
- ``id`` ``urn:uuid:<annotation id>``; ``created``/``modified`` from the annotation;
  ``creator`` a Person named after the coder (omitted when no coder was recorded);
- one ``TextualBody`` with purpose ``tagging`` per code (value = the code's name) and, when
  there is a note, one with purpose ``commenting``;
- a target whose ``source`` identifies the document the same way on every machine, never by
  the exporting machine's path (which leaks a home folder and means nothing elsewhere):
  ``urn:casereader:document:<id>:sha256:<hex>``, the text's hash telling which version the
  offsets count in (``urn:casereader:document:<id>`` when the corpus no longer has it), or
  ``<base-uri>/<id>`` when the user says where the documents are published (``--base-uri``);
  with a ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector`` (code
  points, end exclusive, as the model requires).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model import Annotation
from .content import ExportDocument, code_names
from .model import ExportError
from .request import ExportRequest

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLLECTION_NAMESPACE = uuid.UUID("5b3f0d1e-9c1a-5a55-9d0e-6a1f4f2c7a10")
"""A fixed namespace for collection and page ids; never change it."""


def annotation_iri(annotation_id: str) -> str:
    """A UUID id becomes ``urn:uuid:``; anything else is kept in a casereader URN."""
    try:
        return uuid.UUID(annotation_id).urn
    except ValueError:
        return "urn:casereader:annotation:" + quote(annotation_id, safe="")


def document_iri(document: ExportDocument, base_uri: str | None = None) -> str:
    """A document's IRI: under ``base_uri`` if given, else a URN of its id and sha256."""
    name = quote(document.id, safe="/")
    if base_uri:
        return base_uri.rstrip("/") + "/" + name
    if document.sha256:
        return f"urn:casereader:document:{name}:sha256:{document.sha256}"
    return "urn:casereader:document:" + name


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")


def check_base_uri(value: str) -> str:
    """``value`` if it is an absolute IRI (``scheme:...``, no spaces or characters an IRI
    cannot hold), else ExportError: every target's ``source`` is built on it and must be an
    IRI, or the file is not Web Annotation at all."""
    if not _ABSOLUTE_IRI.fullmatch(value):
        raise ExportError(
            f"--base-uri {value!r} is not an absolute IRI; give one with a scheme, "
            "such as https://example.org/reports"
        )
    return value


def collection_iri(annotation_ids: list[str], generated: str) -> str:
    """The collection's IRI: the same for the same annotations exported at the same moment."""
    key = "\n".join([generated, *sorted(annotation_ids)])
    return uuid.uuid5(COLLECTION_NAMESPACE, key).urn


def web_annotation(annotation: Annotation, source: str, names: dict[str, str]) -> dict[str, Any]:
    """One annotation in the Web Annotation Data Model."""
    item: dict[str, Any] = {"id": annotation_iri(annotation.id), "type": "Annotation"}
    if annotation.created:
        item["created"] = annotation.created
    if annotation.updated:
        item["modified"] = annotation.updated
    if annotation.coder:
        item["creator"] = {"type": "Person", "name": annotation.coder}
    item["body"] = _bodies(annotation, names)
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


def _bodies(annotation: Annotation, names: dict[str, str]) -> list[dict[str, Any]]:
    """A tagging body per code (by its name), then the note as a commenting body."""
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
    return bodies


def _items(
    documents: Iterable[ExportDocument], names: dict[str, str], base_uri: str | None
) -> list[dict[str, Any]]:
    """Every passage of the documents as a Web Annotation on its document's IRI."""
    items: list[dict[str, Any]] = []
    for document in documents:
        source = document_iri(document, base_uri)
        items.extend(web_annotation(a, source, names) for a in document.annotations)
    return items


def _passages(documents: Iterable[ExportDocument]) -> Iterator[Annotation]:
    return (a for d in documents for a in d.annotations)


def _first_page(identity: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The collection's one page, holding every annotation."""
    return {
        "id": uuid.uuid5(COLLECTION_NAMESPACE, identity + "#page-0").urn,
        "type": "AnnotationPage",
        "partOf": {"id": identity},
        "startIndex": 0,
        "items": items,
    }


def _base_uri(request: ExportRequest) -> str | None:
    """The base IRI the user gave for the documents, checked; None for URNs."""
    base_uri = request.options.base_uri
    return None if base_uri is None else check_base_uri(base_uri)


def export_w3c(request: ExportRequest) -> bytes:
    """The collection as UTF-8 JSON-LD, generated at the request's time; orphans, which have
    no place in the text, are left out."""
    base_uri = _base_uri(request)
    documents = request.placed_documents
    items = _items(request.reporting(documents), code_names(request.codes), base_uri)
    generated = request.exported
    identity = collection_iri([a.id for a in _passages(documents)], generated)
    collection = {
        "@context": CONTEXT,
        "id": identity,
        "type": "AnnotationCollection",
        "label": f"casereader annotations of {request.corpus.root.name or 'a corpus'}",
        "generator": {"type": "Software", "name": f"casereader {__version__}"},
        "generated": generated,
        "total": len(items),
    }
    if items:  # a page needs at least one annotation; an empty collection has none
        collection["first"] = _first_page(identity, items)
    data = (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return data
