"""``casereader agree``: how far two coders agree, per code and overall.

    casereader agree A B [--json] [--corpus PATH] [--code X]... [--coder-a NAME] [--coder-b NAME]

A and B are store folders or export files (casereader JSON or ``.qdpx``) of the same corpus;
the same store twice with ``--coder-a``/``--coder-b`` compares two coders of one store. Figures
are at the character level over the documents both coded (see ``annotations.analysis``).
Each side is labelled by the coder names recorded on its annotations (its path when none is, or
beside them when both sides carry the same names).
Document lengths come from ``--corpus``, else from the exports themselves, else from the corpus
a ``.casereader`` store folder sits in, else from the bundled seeds when the recorded text hashes
are theirs. Exit 1 when no document was coded by both.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.startup import print_json, say

if TYPE_CHECKING:
    from annotations.model import Code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("first", metavar="A", help="store folder or export file of coder A")
    parser.add_argument("second", metavar="B", help="store folder or export file of coder B")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument("--corpus", metavar="PATH", help="the corpus both coded")
    parser.add_argument("--zone", default="Europe/London", help=argparse.SUPPRESS)
    parser.add_argument("--code", action="append", metavar="X", help="only this code (id or name)")
    parser.add_argument("--coder-a", metavar="NAME", help="only this coder's annotations in A")
    parser.add_argument("--coder-b", metavar="NAME", help="only this coder's annotations in B")


def chosen_codes(codes: list[Code], asked: list[str] | None) -> set[str] | None:
    """The ids of the codes asked for with ``--code`` (ids or names), None for every code."""
    if not asked:
        return None
    from annotations.codebook import Codebook

    book = Codebook(codes)
    return {book.resolve(c) for c in asked}


def run(options: argparse.Namespace) -> int:
    from annotations.analysis import agreement, coder_labels
    from annotations.coding import document_lengths, load_coding, merged_codes
    from annotations.errors import CasereaderError

    first = load_coding(Path(options.first), options.coder_a, options.corpus, options.zone)
    second = load_coding(Path(options.second), options.coder_b, options.corpus, options.zone)
    codes = merged_codes(first, second)
    only = chosen_codes(codes, options.code)
    lengths = document_lengths(first, second, options.corpus, options.zone)
    if not first.annotations or not second.annotations:
        empty = first.label if not first.annotations else second.label
        raise CasereaderError(f"{empty} has no annotations to compare")
    labels = coder_labels(first.annotations, second.annotations, (first.label, second.label))
    result = agreement(lengths, codes, first.annotations, second.annotations, only, labels)
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
