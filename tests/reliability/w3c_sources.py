"""The W3C export names each target's source by a URN of the document's id and the sha256 of
the text its offsets count in: these tests find the text back from it."""

from __future__ import annotations

import hashlib
from urllib.parse import quote


def texts_by_source(texts: dict[str, str]) -> dict[str, str]:
    """Each document's text, keyed by the source URN a W3C export gives it (written here from
    the contract, not with the exporter's own function)."""
    return {
        f"urn:casereader:document:{quote(doc_id, safe='/')}:sha256:"
        f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}": text
        for doc_id, text in texts.items()
    }
