"""The names both sides of REFI-QDA agree on: the project's files, the XML namespaces, and
GUIDs that stay the same across repeated exports (UUIDv5 of stable ids)."""

from __future__ import annotations

import uuid

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
GUID_NAMESPACE = uuid.UUID("b04190d7-ccf7-55c2-b201-682eada9b055")
"""uuid5(NAMESPACE_URL, "https://casereader.invalid/refi-qda"); never change it."""
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"


def stable_guid(kind: str, key: str) -> str:
    """The same GUID for the same thing in every export."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def selection_guid(annotation_id: str) -> str:
    """An annotation's UUID is its selection's GUID, so imports can recognise it."""
    try:
        return str(uuid.UUID(annotation_id))
    except ValueError:
        return stable_guid("selection", annotation_id)


def source_guid(document_id: str) -> str:
    return stable_guid("source", document_id)
