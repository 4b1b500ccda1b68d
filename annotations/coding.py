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
from typing import TYPE_CHECKING

from .errors import CasereaderError
from .model import Annotation, Code

if TYPE_CHECKING:
    from .store import AnnotationStore

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
    coding = _read_coding(path, corpus, zone)
    if coder is not None:
        coding.annotations = [a for a in coding.annotations if a.coder == coder]
        coding.label += f" ({coder})"
    return coding


def _read_coding(path: Path, corpus: str | None, zone: str) -> Coding:
    if path.is_dir():
        return store_coding(path, corpus, zone)
    if path.is_file():
        return export_coding(path)
    raise CasereaderError(f"{path}: no such store folder or export file")


def store_coding(path: Path, corpus: str | None, zone: str) -> Coding:
    """A store's coding, placed in the current texts of its corpus when that is known."""
    from .anchoring import placed
    from .corpus import load_corpus
    from .store import AnnotationStore

    own = _own_corpus(path)
    root = Path(corpus) if corpus else own
    with AnnotationStore.open(path, read_only=True) as store:
        if root is not None and root.is_dir():
            store.reanchor_all(load_corpus(root, zone).documents)
        annotations = placed(store.annotations())
        hashes = _recorded_hashes(store, {a.document for a in annotations})
        return Coding(str(path), store.codebook.codes, annotations, hashes=hashes, corpus=own)


def _own_corpus(path: Path) -> Path | None:
    """The corpus a store sits in: the folder holding its ``.casereader`` folder."""
    resolved = path.resolve()
    return resolved.parent if resolved.name == ".casereader" else None


def _recorded_hashes(store: AnnotationStore, documents: set[str]) -> dict[str, str]:
    """The text hash the store recorded for each document that has one."""
    recorded = {doc: store.document_hash(doc) for doc in documents}
    return {doc: sha for doc, sha in recorded.items() if sha}


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
        _note_facts(coding, facts.id, facts.length, facts.sha256)
    for source in imported.sources:
        digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        _note_facts(coding, source.id, len(source.text), digest)
    return coding


def _note_facts(coding: Coding, doc_id: str, length: int | None, sha256: str | None) -> None:
    """Record what an export says of a document's text: its length, its hash, when given."""
    if length is not None:
        coding.lengths[doc_id] = length
    if sha256:
        coding.hashes[doc_id] = sha256


def merged_codes(first: Coding, second: Coding) -> list[Code]:
    """A's codebook, then codes only B has."""
    seen = {code.id for code in first.codes}
    return [*first.codes, *(c for c in second.codes if c.id not in seen)]


def document_lengths(
    first: Coding, second: Coding, corpus_path: str | None, zone: str
) -> dict[str, int]:
    """Lengths of the documents both coded, from the corpus when known, else from the
    exports, else from the bundled seeds where the recorded hashes are theirs."""
    shared = {a.document for a in first.annotations} & {a.document for a in second.annotations}
    check_same_texts(shared, first, second)
    lengths = _known_lengths(shared, first, second, corpus_path, zone)
    if corpus_path is None and not shared <= set(lengths):
        missing = shared - set(lengths)
        lengths.update(bundled_lengths(missing, first.hashes, second.hashes, zone=zone))
    _check_measured(shared, lengths)
    return lengths


def _check_measured(shared: set[str], lengths: dict[str, int]) -> None:
    """Refuse to compare when the length of a document both coded is still unknown."""
    missing = shared - set(lengths)
    if missing:
        raise CasereaderError(
            f"the text of {min(missing)!r} is unknown; give the corpus with --corpus PATH"
        )


def _known_lengths(
    shared: set[str], first: Coding, second: Coding, corpus_path: str | None, zone: str
) -> dict[str, int]:
    """The lengths the exports carry, or the corpus's: the one given, else the one a store
    sits in when the exports do not cover every shared document."""
    from .corpus import load_corpus

    root = _corpus_root(corpus_path, first, second)
    lengths = {**second.lengths, **first.lengths}
    if root is None or not _corpus_needed(corpus_path, shared, lengths):
        return lengths
    return {doc.id: len(doc.text) for doc in load_corpus(root, zone) if doc.id in shared}


def _corpus_root(corpus_path: str | None, first: Coding, second: Coding) -> Path | None:
    """The corpus to measure the texts in: the one given, else the one a store sits in."""
    return Path(corpus_path) if corpus_path else first.corpus or second.corpus


def _corpus_needed(corpus_path: str | None, shared: set[str], lengths: dict[str, int]) -> bool:
    """A corpus given is always read; a store's own only when the exports leave a document
    unmeasured."""
    return bool(corpus_path) or not shared <= set(lengths)


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
        if document is not None and _is_seed_text(document.sha256, doc_id, hashes):
            found[doc_id] = len(document.text)
    return found


def _is_seed_text(seed_sha256: str, doc_id: str, hashes: tuple[dict[str, str], ...]) -> bool:
    """Whether a document's text is the seed's: some hash is recorded, and every one is it."""
    recorded = {h[doc_id] for h in hashes if h.get(doc_id)}
    return bool(recorded) and recorded <= {seed_sha256}
