"""``casereader report``: code frequencies, co-occurrence, timeline and coded passages.

    casereader report [PATH] [--store DIR] [--json] {frequencies,cooccurrence,timeline,passages}
                      [--code X]... [--by month|year]

Tables and bar charts in the terminal (rich), or one JSON document on stdout with ``--json``.
Definitions of each figure are in ``annotations.reports``; the JSON repeats them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.cli import add_store_arguments

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from annotations.model import Code
    from annotations.reports import CodePassages, Cooccurrence, Frequencies, Timeline

KINDS = ("frequencies", "cooccurrence", "timeline", "passages")
BAR_WIDTH = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.usage = (
        "casereader report [PATH ...] {" + ",".join(KINDS) + "} [--store DIR] [--json] "
        "[--code X]... [--by month|year]"
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


def run(options: argparse.Namespace) -> int:
    from annotations import reports
    from tui.commands.opening import corpus_and_store

    options.kind, options.paths = split_kind(options.words)
    corpus, store = corpus_and_store(options)
    with store:
        codes = store.codebook.codes
        only = {store.codebook.resolve(c) for c in options.code} if options.code else None
        annotations = store.annotations()
    result: Any
    if options.kind == "frequencies":
        result = reports.frequencies(corpus, codes, annotations, only)
    elif options.kind == "cooccurrence":
        result = reports.cooccurrence(codes, annotations, only)
    elif options.kind == "timeline":
        result = reports.timeline(corpus, codes, annotations, options.by, only)
    else:
        result = reports.coded_passages(corpus, codes, annotations, only)
    if options.json:
        document = (
            {"report": "passages", "codes": [r.to_json() for r in result]}
            if options.kind == "passages"
            else result.to_json()
        )
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    console = Console()
    console.print(f"[dim]corpus {corpus.root} · store {store.location}[/]")
    if options.kind == "frequencies":
        show_frequencies(console, result, code_colours(codes))
    elif options.kind == "cooccurrence":
        show_cooccurrence(console, result)
    elif options.kind == "timeline":
        show_timeline(console, result)
    else:
        show_passages(console, result)
    return 0


def bar(value: int, largest: int, colour: str, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar scaled to the largest value, in eighths of a cell."""
    from rich.text import Text

    if largest <= 0 or value <= 0:
        return Text("")
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return Text("█" * full + (" ▏▎▍▌▋▊▉"[rest] if rest else ""), style=colour)


def show_frequencies(console: Console, result: Frequencies, colours: dict[str, str]) -> None:
    from rich.table import Table

    table = Table(title=f"Code frequencies ({result.passages} passages)")
    for column in ("code", "passages", "documents", "characters"):
        table.add_column(column, justify="left" if column == "code" else "right")
    table.add_column("", min_width=BAR_WIDTH, no_wrap=True)
    largest = max((row.passages for row in result.overall), default=0)
    for row in result.overall:
        table.add_row(
            row.name,
            str(row.passages),
            str(row.documents),
            str(row.characters),
            bar(row.passages, largest, colours.get(row.code, "white")),
        )
    console.print(table)
    if not result.per_document:
        console.print("No coded passages yet.")
        return
    per_document = Table(title="Passages per document")
    per_document.add_column("document", overflow="fold")
    names = {row.code: row.name for row in result.overall}
    for code in names.values():
        per_document.add_column(code, justify="right")
    for row in result.per_document:
        per_document.add_row(row.title, *(str(row.passages[c]) for c in names))
    console.print(per_document)


def show_cooccurrence(console: Console, result: Cooccurrence) -> None:
    from rich.table import Table

    table = Table(title="Co-occurrence (overlapping passage pairs; diagonal = passages)")
    table.add_column("")
    for code in result.codes:
        table.add_column(code.name, justify="right")
    for i, code in enumerate(result.codes):
        cells = [
            f"[bold]{value}[/]" if i == j else str(value)
            for j, value in enumerate(result.passages[i])
        ]
        table.add_row(code.name, *cells)
    console.print(table)
    pairs = [p for p in result.pairs() if p[2]]
    if pairs:
        listing = Table(title="Pairs, most frequent first")
        for column in ("codes", "passage pairs", "shared characters"):
            listing.add_column(column, justify="left" if column == "codes" else "right")
        for first, second, count, characters in pairs:
            listing.add_row(f"{first.name} + {second.name}", str(count), str(characters))
        console.print(listing)


def show_timeline(console: Console, result: Timeline) -> None:
    from rich.table import Table

    table = Table(title=f"Passages by {result.by} of the dateline")
    table.add_column(result.by)
    table.add_column("documents", justify="right")
    for code in result.codes:
        table.add_column(code.name, justify="right")
    table.add_column("", min_width=BAR_WIDTH, no_wrap=True)
    totals = [sum(row.passages.values()) for row in result.rows]
    largest = max(totals, default=0)
    for row, total in zip(result.rows, totals, strict=True):
        table.add_row(
            row.period,
            str(row.documents),
            *(str(row.passages[c.id]) for c in result.codes),
            bar(total, largest, "cyan"),
        )
    console.print(table)


def show_passages(console: Console, result: Sequence[CodePassages]) -> None:
    from rich.markup import escape
    from rich.rule import Rule

    for group in result:
        console.print(Rule(f"{escape(group.code.name)} · {len(group.passages)} passage(s)"))
        for passage in group.passages:
            where = f"{passage.title} ({passage.date or 'undated'}) {passage.start}-{passage.end}"
            console.print(f"[bold]{escape(where)}[/]")
            console.print("  " + escape(" ".join(passage.text.split())))
            if passage.note:
                console.print(f"  [italic]note: {escape(passage.note)}[/]")


def code_colours(codes: Sequence[Code]) -> dict[str, str]:
    """Each code's bar in its own colour, as in the reader."""
    return {code.id: code.colour for code in codes}
