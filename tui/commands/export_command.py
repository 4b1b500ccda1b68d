"""``casereader export``: write annotations as JSON, CSV, W3C Web Annotation or REFI-QDA.

    casereader export [PATH] [--store DIR] --format json|csv|w3c|qdpx|qdc|taguette
                      [--code NAME]... [--coder NAME]... [--document ID]... -o FILE [--force]
                      [--no-formula-guard] [--base-uri URI]

``--no-formula-guard`` (CSV): cells are written as they are, without the ``'`` that stops a
spreadsheet running a cell that looks like a formula. ``--base-uri`` (W3C): the documents are
named ``URI/<document id>`` instead of by a URN of their id and sha256; URI must be an
absolute IRI (``https://...``, ``urn:...``), else the export is refused (exit 2).

The file is written atomically: a failed export leaves no partial file and an existing file
untouched; an existing file is replaced only with ``--force``. The store is opened read-only,
so exporting works while the reader is open.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.startup import add_corpus_arguments, say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from annotations.interchange import FORMATS

    add_corpus_arguments(parser)
    parser.add_argument(
        "--format",
        required=True,
        choices=list(FORMATS),
        help="; ".join(f"{f.name}: {f.label}" for f in FORMATS.values()),
    )
    parser.add_argument(
        "--code", action="append", metavar="NAME", help="only annotations with this code (or name)"
    )
    parser.add_argument("--coder", action="append", metavar="NAME", help="only this coder's")
    parser.add_argument("--document", action="append", metavar="ID", help="only this document")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument(
        "--no-formula-guard",
        action="store_true",
        help="csv: write cells as they are (no leading ' before =, +, -, @), for reading by code",
    )
    parser.add_argument(
        "--base-uri",
        metavar="URI",
        help="w3c: name documents URI/<document id> (default: a URN of id and sha256)",
    )


def run(options: argparse.Namespace) -> int:
    from annotations.interchange import FORMATS, ExportOptions, Selection, export, request_for
    from annotations.interchange.writing import check_target

    target = Path(options.output)
    check_target(target, options.force)  # before the corpus is read
    if options.base_uri is not None:
        from annotations.interchange.w3c import check_base_uri

        check_base_uri(options.base_uri)
    from tui.commands.opening import corpus_and_store, current_annotations

    corpus, store = corpus_and_store(options)
    with store:
        codes = store.codebook.codes
        code_ids = [store.codebook.resolve(c) for c in options.code or ()]
        annotations = current_annotations(store, corpus)
    selection = Selection(code_ids or None, options.coder, options.document)
    choices = ExportOptions(not options.no_formula_guard, options.base_uri)
    request = request_for(corpus, codes, annotations, selection, choices)
    result = export(options.format, request, target, force=options.force)
    for warning in result.warnings:
        say(f"warning: {warning}")
    say(
        f"exported {result.annotations} annotation(s) on {result.documents} "
        f"document(s) as {FORMATS[result.format].label} to {result.path}"
    )
    return 0
