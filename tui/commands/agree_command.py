"""``casereader agree``: how far two coders agree, per code and overall.

    casereader agree A B [--json] [--corpus PATH] [--code X]... [--coder-a NAME] [--coder-b NAME]

A and B are store folders or export files (casereader JSON or ``.qdpx``) of the same corpus;
the same store twice with ``--coder-a``/``--coder-b`` compares two coders of one store. Figures
are at the character level over the documents both coded (see ``annotations.reports``).
Document lengths come from ``--corpus``, else from the exports themselves, else from the corpus
a ``.casereader`` store folder sits in, else from the bundled seeds when the recorded text hashes
are theirs. Exit 1 when no document was coded by both.
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.startup import print_json, say

if TYPE_CHECKING:
    from annotations.model import Annotation, Code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("first", metavar="A", help="store folder or export file of coder A")
    parser.add_argument("second", metavar="B", help="store folder or export file of coder B")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument("--corpus", metavar="PATH", help="the corpus both coded")
    parser.add_argument("--zone", default="Europe/London", help=argparse.SUPPRESS)
    parser.add_argument("--code", action="append", metavar="X", help="only this code (id or name)")
    parser.add_argument("--coder-a", metavar="NAME", help="only this coder's annotations in A")
    parser.add_argument("--coder-b", metavar="NAME", help="only this coder's annotations in B")


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
    from annotations.anchoring import placed
    from annotations.errors import CasereaderError

    if path.is_dir():
        from annotations.corpus import load_corpus
        from annotations.store import AnnotationStore

        own = path.resolve().parent if path.resolve().name == ".casereader" else None
        root = Path(corpus) if corpus else own
        with AnnotationStore.open(path, read_only=True) as store:
            if root is not None and root.is_dir():
                store.reanchor_all(load_corpus(root, zone).documents)
            annotations = placed(store.annotations())
            coding = Coding(
                str(path),
                store.codebook.codes,
                annotations,
                hashes={
                    doc: sha
                    for doc in {a.document for a in annotations}
                    if (sha := store.document_hash(doc))
                },
                corpus=own,
            )
    elif path.is_file():
        from annotations.exporters.importing import read_import

        if path.suffix.casefold() in (".csv", ".jsonld", ".qdc"):
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
    else:
        raise CasereaderError(f"{path}: no such store folder or export file")
    if coder is not None:
        coding.annotations = [a for a in coding.annotations if a.coder == coder]
        coding.label += f" ({coder})"
    return coding


def document_lengths(
    first: Coding, second: Coding, corpus_path: str | None, zone: str
) -> dict[str, int]:
    """Lengths of the documents, from the corpus when known, else from the exports."""
    from annotations.corpus import load_corpus
    from annotations.errors import CasereaderError

    shared = {a.document for a in first.annotations} & {a.document for a in second.annotations}
    for doc in sorted(shared):
        a, b = first.hashes.get(doc), second.hashes.get(doc)
        if a and b and a != b:
            raise CasereaderError(
                f"A and B coded different versions of {doc!r} (text hashes differ); "
                "re-anchor both on the same corpus first"
            )
    root = Path(corpus_path) if corpus_path else first.corpus or second.corpus
    lengths = {**second.lengths, **first.lengths}
    if root is not None and (corpus_path or not shared <= set(lengths)):
        corpus = load_corpus(root, zone)
        lengths = {doc.id: len(doc.text) for doc in corpus if doc.id in shared}
    missing = sorted(shared - set(lengths))
    if missing and corpus_path is None:
        lengths.update(bundled_lengths(set(missing), first.hashes, second.hashes, zone=zone))
        missing = sorted(shared - set(lengths))
    if missing:
        raise CasereaderError(
            f"the text of {missing[0]!r} is unknown; give the corpus with --corpus PATH"
        )
    return lengths


def bundled_lengths(
    wanted: set[str], *hashes: dict[str, str], zone: str = "Europe/London"
) -> dict[str, int]:
    """Lengths from the bundled seeds, for documents whose recorded text hash is a seed's."""
    from annotations.corpus import bundled_seeds, load_corpus

    seeds = load_corpus(bundled_seeds(), zone)
    found = {}
    for doc_id in wanted:
        document = seeds.get(doc_id)
        recorded = {h[doc_id] for h in hashes if h.get(doc_id)}
        if document is not None and recorded and recorded <= {document.sha256}:
            found[doc_id] = len(document.text)
    return found


def merged_codes(first: Coding, second: Coding) -> list[Code]:
    """A's codebook, then codes only B has."""
    seen = {code.id for code in first.codes}
    return [*first.codes, *(c for c in second.codes if c.id not in seen)]


def run(options: argparse.Namespace) -> int:
    from annotations.errors import CasereaderError
    from annotations.reports import agreement

    first = load_coding(Path(options.first), options.coder_a, options.corpus, options.zone)
    second = load_coding(Path(options.second), options.coder_b, options.corpus, options.zone)
    codes = merged_codes(first, second)
    only = None
    if options.code:
        from annotations.codebook import Codebook

        book = Codebook(codes)
        only = {book.resolve(c) for c in options.code}
    lengths = document_lengths(first, second, options.corpus, options.zone)
    if not first.annotations or not second.annotations:
        empty = first.label if not first.annotations else second.label
        raise CasereaderError(f"{empty} has no annotations to compare")
    result = agreement(
        lengths, codes, first.annotations, second.annotations, only, (first.label, second.label)
    )
    if options.json:
        print_json(result.to_json())
    else:
        from rich.console import Console

        from tui.report_views import agreement_view

        Console().print(agreement_view(result))
    if not result.documents:
        say("no document was coded by both A and B")
        return 1
    return 0
