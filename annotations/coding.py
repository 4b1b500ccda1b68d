"""One coder's coding, from a store folder or an export file, for comparing two coders.

``casereader agree`` and the reports screen's comparison read each side with ``load_coding``:
a store (opened read-only, its passages placed in the texts as they are now, re-anchored in
memory where a document changed) or an export (casereader JSON or a ``.qdpx`` project, which
carry the lengths and hashes of their texts). ``document_lengths`` then finds the length of
every document both coded, which the character-level agreement (``analysis.agreement``)
needs, and refuses two codings made on different versions of a text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CasereaderError
from .model import Annotation, Code

SUMMARY_SUFFIXES = (".csv", ".jsonld", ".qdc")
"""Export formats that hold too little to compare (no texts' lengths or hashes, or no codes)."""


@dataclass
class Coding:
    """One side of the comparison: a coder's codes and annotations, and what it knows of the
    texts (lengths and hashes) when it carries them."""

    label: str
    codes: list[Code]
    annotations: list[Annotation]
    lengths: dict[str, int] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    corpus: Path | None = None


def load_coding(
    path: Path, coder: str | None, corpus: str | None = None, zone: str = "Europe/London"
) -> Coding:
    """A store folder (opened read-only) or an export file. A store's passages are placed in
    the texts as they are now (the corpus given, else the one its ``.casereader`` folder is
    in), re-anchored in memory where a document changed, as an export of it would be; orphans
    are left out of the comparison (they have no place in the text)."""
    if path.is_dir():
        coding = store_coding(path, corpus, zone)
    elif path.is_file():
        coding = export_coding(path)
    else:
        raise CasereaderError(f"{path}: no such store folder or export file")
    if coder is not None:
        coding.annotations = [a for a in coding.annotations if a.coder == coder]
        coding.label += f" ({coder})"
    return coding


def store_coding(path: Path, corpus: str | None, zone: str) -> Coding:
    """A store's coding, placed in the current texts of its corpus when that is known."""
    from .anchoring import placed
    from .corpus import load_corpus
    from .store import AnnotationStore

    own = path.resolve().parent if path.resolve().name == ".casereader" else None
    root = Path(corpus) if corpus else own
    with AnnotationStore.open(path, read_only=True) as store:
        if root is not None and root.is_dir():
            store.reanchor_all(load_corpus(root, zone).documents)
        annotations = placed(store.annotations())
        hashes = {doc: store.document_hash(doc) for doc in {a.document for a in annotations}}
        return Coding(
            str(path),
            store.codebook.codes,
            annotations,
            hashes={doc: sha for doc, sha in hashes.items() if sha},
            corpus=own,
        )


def export_coding(path: Path) -> Coding:
    """An export's coding, with the lengths and hashes of the texts it names or carries."""
    from .anchoring import placed
    from .interchange.importing import read_import

    if path.suffix.casefold() in SUMMARY_SUFFIXES:
        raise CasereaderError(
            f"{path}: a {path.suffix} file holds too little to compare; use a casereader "
            "JSON export, a .qdpx project or a store folder"
        )
    imported = read_import(path)
    coding = Coding(str(path), imported.codes, placed(imported.annotations))
    for facts in imported.documents:
        if facts.length is not None:
            coding.lengths[facts.id] = facts.length
        if facts.sha256:
            coding.hashes[facts.id] = facts.sha256
    for source in imported.sources:
        coding.lengths[source.id] = len(source.text)
        coding.hashes[source.id] = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    return coding


def merged_codes(first: Coding, second: Coding) -> list[Code]:
    """A's codebook, then codes only B has."""
    seen = {code.id for code in first.codes}
    return [*first.codes, *(c for c in second.codes if c.id not in seen)]


def document_lengths(
    first: Coding, second: Coding, corpus_path: str | None, zone: str
) -> dict[str, int]:
    """Lengths of the documents both coded, from the corpus when known, else from the
    exports, else from the bundled seeds where the recorded hashes are theirs."""
    from .corpus import load_corpus

    shared = {a.document for a in first.annotations} & {a.document for a in second.annotations}
    check_same_texts(shared, first, second)
    root = Path(corpus_path) if corpus_path else first.corpus or second.corpus
    lengths = {**second.lengths, **first.lengths}
    if root is not None and (corpus_path or not shared <= set(lengths)):
        corpus = load_corpus(root, zone)
        lengths = {doc.id: len(doc.text) for doc in corpus if doc.id in shared}
    missing = shared - set(lengths)
    if missing and corpus_path is None:
        lengths.update(bundled_lengths(missing, first.hashes, second.hashes, zone=zone))
        missing = shared - set(lengths)
    if missing:
        raise CasereaderError(
            f"the text of {min(missing)!r} is unknown; give the corpus with --corpus PATH"
        )
    return lengths


def check_same_texts(documents: set[str], first: Coding, second: Coding) -> None:
    """Refuse documents the two codings record different text hashes for."""
    for doc in sorted(documents):
        a, b = first.hashes.get(doc), second.hashes.get(doc)
        if a and b and a != b:
            raise CasereaderError(
                f"A and B coded different versions of {doc!r} (text hashes differ); "
                "re-anchor both on the same corpus first"
            )


def bundled_lengths(
    wanted: set[str], *hashes: dict[str, str], zone: str = "Europe/London"
) -> dict[str, int]:
    """Lengths from the bundled seeds, for documents whose recorded text hash is a seed's."""
    from .corpus import bundled_seeds, load_corpus

    seeds = load_corpus(bundled_seeds(), zone)
    found = {}
    for doc_id in wanted:
        document = seeds.get(doc_id)
        recorded = {h[doc_id] for h in hashes if h.get(doc_id)}
        if document is not None and recorded and recorded <= {document.sha256}:
            found[doc_id] = len(document.text)
    return found
