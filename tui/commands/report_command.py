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
    from rich.console import RenderableType

    from annotations.corpus import Corpus
    from annotations.model import Annotation, Code

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
    from tui.commands.opening import corpus_and_store, current_annotations

    options.kind, options.paths = split_kind(options.words)
    corpus, store = corpus_and_store(options)
    with store:
        codes = store.codebook.codes
        only = {store.codebook.resolve(c) for c in options.code} if options.code else None
        annotations = current_annotations(store, corpus)
    corpus, annotations = narrowed(corpus, annotations, options.coder, options.document)
    result = figures(options, corpus, codes, annotations, only)
    if options.json:
        print_json(as_json(options.kind, result))
        return 0
    from rich.console import Console
    from rich.text import Text

    from tui.formatting import visible

    console = Console()
    console.print(Text(visible(f"corpus {corpus.root} · store {store.location}"), style="dim"))
    console.print(view(options.kind, result, codes))
    return 0


def figures(
    options: argparse.Namespace,
    corpus: Corpus,
    codes: list[Code],
    annotations: list[Annotation],
    only: set[str] | None,
) -> Any:
    """The report asked for (``options.kind``), worked out over these annotations."""
    from annotations import analysis as reports

    if options.kind == "frequencies":
        return reports.frequencies(corpus, codes, annotations, only)
    if options.kind == "cooccurrence":
        return reports.cooccurrence(codes, annotations, only)
    if options.kind == "timeline":
        return reports.timeline(corpus, codes, annotations, options.by, only)
    return reports.coded_passages(corpus, codes, placed_passages(annotations), only)


def placed_passages(annotations: list[Annotation]) -> list[Annotation]:
    """The passages still in their documents' text; how many orphans were left out is said."""
    from annotations.anchoring import placed

    shown = placed(annotations)
    if len(shown) < len(annotations):
        say(
            f"{len(annotations) - len(shown)} orphaned passage(s) left out: their text is no "
            "longer in the document (casereader doctor counts them; the reader lists them)"
        )
    return shown


def as_json(kind: str, result: Any) -> Any:
    if kind == "passages":
        return {"report": "passages", "codes": [r.to_json() for r in result]}
    return result.to_json()


def view(kind: str, result: Any, codes: list[Code]) -> RenderableType:
    """The report as tables and bars (the reports screen shows the same views)."""
    from tui import report_views

    if kind == "frequencies":
        return report_views.frequencies_view(result, codes)
    if kind == "cooccurrence":
        return report_views.cooccurrence_view(result)
    if kind == "timeline":
        return report_views.timeline_view(result)
    return report_views.passages_view(result)
