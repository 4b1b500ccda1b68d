"""``casereader datelines``: each document's dateline, as a table or JSON."""

from __future__ import annotations

import argparse

from annotations.dateline import Dateline
from tui.cli import print_json


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
        print_json(rows)
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tui.formatting import visible

    console = Console(width=max(Console().width, 160))
    table = Table(title=Text(visible(f"Datelines in {corpus.root}")), show_lines=False)
    for column in ("document", "date", "local", "UTC", "zone", "flags"):
        table.add_column(column, no_wrap=True)
    table.add_column("title", overflow="fold", min_width=20)
    for doc in corpus.documents:
        cells = dateline_cells(doc.id, doc.title, doc.dateline)
        table.add_row(*(Text(visible(cell)) for cell in cells[:1] + cells[2:] + cells[1:2]))
    console.print(table)
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
