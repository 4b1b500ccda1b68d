"""``casereader report``: code frequencies, co-occurrence, timeline and coded passages.

    casereader report [PATH] [--store DIR] [--json] {frequencies,cooccurrence,timeline,passages}
                      [--code X]... [--coder NAME]... [--document ID]... [--by month|year]

Tables and bar charts in the terminal (rich), or one JSON document on stdout with ``--json``.
Definitions of each figure are in ``annotations.analysis``; the JSON repeats them. ``--coder``
and ``--document`` choose passages as ``export`` does (a coder's name in any case; an unknown
one is an error); ``--document`` also narrows the corpus the report counts documents in.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.startup import add_store_arguments, print_json, say

if TYPE_CHECKING:
    from annotations.corpus import Corpus
    from annotations.model import Annotation

KINDS = ("frequencies", "cooccurrence", "timeline", "passages")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.usage = (
        "casereader report [PATH ...] {" + ",".join(KINDS) + "} [--store DIR] [--json] "
        "[--code X]... [--coder NAME]... [--document ID]... [--by month|year]"
    )
    parser.add_argument(
        "words",
        nargs="+",
        metavar="[PATH ...] REPORT",
        help=f"corpus folder or files (default: bundled seeds), then one of {', '.join(KINDS)}",
    )
    add_store_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument("--code", action="append", metavar="X", help="only this code (id or name)")
    parser.add_argument(
        "--coder", action="append", metavar="NAME", help="only this coder's passages"
    )
    parser.add_argument(
        "--document", action="append", metavar="ID", help="only this document (its id)"
    )
    parser.add_argument(
        "--by", choices=("month", "year"), default="month", help="timeline periods (month)"
    )


def split_kind(words: Sequence[str]) -> tuple[str, list[str]]:
    """The report named among the words (last word first, then first), and the paths.

    ``report seeds timeline`` is the documented order; ``report timeline seeds`` is forgiven.
    """
    from annotations.errors import CasereaderError

    for index in (len(words) - 1, 0):
        if words[index] in KINDS:
            return words[index], [w for i, w in enumerate(words) if i != index]
    raise CasereaderError(f"say which report: {', '.join(KINDS)}")


def narrowed(
    corpus: Corpus, annotations: list[Annotation], coders: list[str] | None, docs: list[str] | None
) -> tuple[Corpus, list[Annotation]]:
    """The passages of the coders and documents asked for (all, where none were); the corpus
    is narrowed to the documents named, so per-document counts cover only those."""
    from annotations.interchange.exporting import (
        corpus_subset,
        resolve_coders,
        select_annotations,
    )

    chosen = resolve_coders(annotations, coders) if coders else None
    annotations = select_annotations(annotations, None, chosen, docs)
    if docs:
        corpus = corpus_subset(corpus, docs)
    return corpus, annotations


def run(options: argparse.Namespace) -> int:
    from annotations import analysis as reports
    from annotations.anchoring import placed
    from tui.commands.opening import corpus_and_store, current_annotations

    options.kind, options.paths = split_kind(options.words)
    corpus, store = corpus_and_store(options)
    with store:
        codes = store.codebook.codes
        only = {store.codebook.resolve(c) for c in options.code} if options.code else None
        annotations = current_annotations(store, corpus)
    corpus, annotations = narrowed(corpus, annotations, options.coder, options.document)
    result: Any
    if options.kind == "frequencies":
        result = reports.frequencies(corpus, codes, annotations, only)
    elif options.kind == "cooccurrence":
        result = reports.cooccurrence(codes, annotations, only)
    elif options.kind == "timeline":
        result = reports.timeline(corpus, codes, annotations, options.by, only)
    else:
        shown = placed(annotations)
        if len(shown) < len(annotations):
            say(
                f"{len(annotations) - len(shown)} orphaned passage(s) left out: their text is no "
                "longer in the document (casereader doctor counts them; the reader lists them)"
            )
        result = reports.coded_passages(corpus, codes, shown, only)
    if options.json:
        document = (
            {"report": "passages", "codes": [r.to_json() for r in result]}
            if options.kind == "passages"
            else result.to_json()
        )
        print_json(document)
        return 0
    from rich.console import Console
    from rich.text import Text

    from tui import report_views
    from tui.formatting import visible

    console = Console()
    console.print(Text(visible(f"corpus {corpus.root} · store {store.location}"), style="dim"))
    if options.kind == "frequencies":
        console.print(report_views.frequencies_view(result, codes))
    elif options.kind == "cooccurrence":
        console.print(report_views.cooccurrence_view(result))
    elif options.kind == "timeline":
        console.print(report_views.timeline_view(result))
    else:
        console.print(report_views.passages_view(result))
    return 0
