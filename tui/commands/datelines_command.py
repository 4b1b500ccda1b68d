"""``casereader datelines``: each document's dateline, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from zoneinfo import available_timezones

from annotations.corpus import load_corpus
from annotations.dateline import Dateline
from annotations.errors import CorpusError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="corpus folder or files")
    parser.add_argument("--json", action="store_true", help="print one JSON array on stdout")
    parser.add_argument(
        "--zone",
        default="Europe/London",
        help="zone assumed where a dateline names none (IANA name, default Europe/London)",
    )


def check_zone(zone: str) -> str:
    if zone not in available_timezones() and zone != "UTC":
        raise CorpusError(f"unknown time zone {zone!r} (use an IANA name such as Europe/London)")
    return zone


def run(options: argparse.Namespace) -> int:
    zone = check_zone(options.zone)
    corpus = load_corpus(options.paths, default_zone=zone)
    for skipped in corpus.skipped:
        print(f"casereader: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if not corpus.documents:
        raise CorpusError(f"no documents (.txt or .md) found in {', '.join(options.paths)}")
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
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Datelines in {corpus.root}", show_lines=False)
    for column in ("document", "title", "date", "local", "UTC", "zone", "flags"):
        table.add_column(column, overflow="fold")
    for doc in corpus.documents:
        table.add_row(*(Text(cell) for cell in dateline_cells(doc.id, doc.title, doc.dateline)))
    Console().print(table)
    return 0


def dateline_cells(doc_id: str, title: str, dateline: Dateline | None) -> list[str]:
    if dateline is None:
        return [doc_id, title, "-", "-", "-", "-", "no dateline found"]
    zone = dateline.zone + (" (assumed)" if dateline.zone_assumed else "")
    return [
        doc_id,
        title,
        dateline.date.isoformat(),
        dateline.local.isoformat() if dateline.local else "date only",
        dateline.utc.strftime("%Y-%m-%d %H:%M:%SZ") if dateline.utc else "-",
        zone,
        ", ".join(dateline.flags) or "-",
    ]
