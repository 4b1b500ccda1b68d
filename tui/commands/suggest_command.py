"""``casereader suggest``: sentences that may deserve a code, found by its keywords.

    casereader suggest CODE [PATH] [--store DIR] [--keyword K]... [--limit N] [--json]

Keywords (``annotations.keywords``): a word in any case with its forms (``recruit`` finds
recruits, recruited, recruiting, recruitment); ``recruit*`` any ending; ``/regex/`` a pattern. With
no ``--keyword``, the code's own keywords (set in the codebook), else the built-in ones of a
default code (``suggest.DEFAULT_KEYWORDS``),
else the code's name. Sentences already coded with CODE are left out (``--include-coded`` keeps
them). Accepting a suggestion is done in the reader; this command only lists them.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.startup import add_corpus_arguments, print_json

if TYPE_CHECKING:
    from annotations.model import Code
    from annotations.suggest import Suggestion


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", help="the code (id or name)")
    add_corpus_arguments(parser)
    parser.add_argument(
        "--keyword",
        action="append",
        metavar="K",
        help="a word (also finds its forms: recruit finds recruitment), word* for any ending, "
        "or /pattern/ (repeatable)",
    )
    parser.add_argument("--limit", type=int, default=20, help="at most N suggestions (20; 0: all)")
    parser.add_argument(
        "--include-coded", action="store_true", help="also sentences already coded with CODE"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def run(options: argparse.Namespace) -> int:
    from annotations.anchoring import placed
    from annotations.suggest import keywords_for, suggest
    from tui.commands.opening import corpus_and_store, current_annotations

    corpus, store = corpus_and_store(options)
    with store:
        code = store.codebook.get(store.codebook.resolve(options.code))
        annotations = placed(current_annotations(store, corpus))
    assert code is not None
    keywords = list(options.keyword or keywords_for(code))
    limit = options.limit if options.limit > 0 else None
    found = suggest(corpus, code.id, keywords, annotations, limit, options.include_coded)
    if options.json:
        document = {
            "code": code.id,
            "name": code.name,
            "keywords": keywords,
            "unit": "sentence (or line)",
            "suggestions": [s.to_json() for s in found],
        }
        print_json(document)
    else:
        _print_suggestions(code, keywords, found)
    return 0


def _print_suggestions(code: Code, keywords: list[str], found: list[Suggestion]) -> None:
    """The suggestions for the terminal: each sentence's document, offsets and keywords,
    then its text on one line (document text shown literally)."""
    from rich.console import Console

    from tui.formatting import escape_visible

    console = Console()
    console.print(
        f"Suggestions for [bold]{escape_visible(code.name)}[/] "
        f"(keywords: {escape_visible(', '.join(keywords))})"
    )
    if not found:
        console.print("No uncoded sentence matches these keywords.")
    for item in found:
        console.print(
            f"[bold]{escape_visible(item.title)}[/] {item.start}-{item.end} "
            f"[dim]({escape_visible(', '.join(item.keywords))})[/]"
        )
        console.print("  " + escape_visible(" ".join(item.text.split())))
