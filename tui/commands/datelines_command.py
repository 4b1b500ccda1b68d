"""``casereader datelines``: each document's dateline, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="corpus folder or files")
    parser.add_argument("--json", action="store_true", help="print one JSON array on stdout")
    parser.add_argument(
        "--zone",
        default="Europe/London",
        help="zone assumed where a dateline names none (IANA name, default Europe/London)",
    )


def run(options: argparse.Namespace) -> int:
    from tui.commands.opening import load_checked_corpus

    corpus, _ = load_checked_corpus(options.paths, options.zone)
    if options.json:
        rows = [
            {
                "path": doc.id,
                "title": doc.title,
                "dateline": doc.dateline.to_json() if doc.dateline else None,
            }
            for doc in corpus.documents
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from tui.commands.dateline_table import print_table

    print_table(str(corpus.root), corpus.documents)
    return 0
