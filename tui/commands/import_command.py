"""``casereader import``: merge a casereader JSON export or a REFI-QDA project into a store.

    casereader import FILE [PATH] [--store DIR] [--json]

- A JSON export: PATH is the corpus the annotations belong to (default: the corpus folder
  recorded in the export when it exists on this machine, else the bundled seeds).
- A ``.qdpx`` project: its texts are written as ``.txt`` files into PATH (default: a folder
  beside FILE named after it, e.g. ``study.qdpx`` -> ``study/``), which becomes the corpus;
  its store is that folder's default store unless ``--store`` names one.

The file is read and checked completely before the store is touched; a malformed or hostile
file is refused with one line and the store is left as it was. The summary (added, updated,
skipped) goes to stderr, or as one JSON document to stdout with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tui.cli import add_store_arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="casereader .json export or .qdpx project")
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help=(
            "corpus folder (JSON: default the one the export names, if it is here, else the "
            "bundled seeds; qdpx: where its texts are written)"
        ),
    )
    add_store_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def run(options: argparse.Namespace) -> int:
    from annotations.errors import CasereaderError
    from annotations.store import StoreLockedError

    try:
        return merge(options)
    except StoreLockedError as error:  # importing writes: read-only is no way round it
        holder = f"process {error.pid}" if error.pid is not None else "another process"
        raise CasereaderError(
            f"store {error.location} is in use by {holder}; close casereader there, then "
            "import again"
        ) from None


def merge(options: argparse.Namespace) -> int:
    from annotations.corpus import load_corpus
    from annotations.dateline import check_zone
    from annotations.exporters.importing import ImportSummary, import_into_store, read_import
    from annotations.exporters.refi_qda import sources_folder, write_sources
    from annotations.store import AnnotationStore
    from tui.commands.opening import load_checked_corpus, store_folder

    file = Path(options.file)
    zone = check_zone(options.zone)
    imported = read_import(file)
    if imported.format == "qdpx":
        folder = Path(options.path) if options.path else sources_folder(file)
        folder.mkdir(parents=True, exist_ok=True)
        location = store_folder(options.store, folder.resolve(), False)
        # The texts first: a failure there must not leave a new, empty store behind.
        written = write_sources(folder, imported.sources)
        corpus = load_corpus(folder, zone)
        with AnnotationStore.open(location) as store:
            summary = ImportSummary(str(file), "qdpx", str(store.location), str(corpus.root))
            summary.documents_written = len(written)
            import_into_store(store, imported, corpus, summary)
    else:
        corpus, bundled = load_checked_corpus(json_corpus(options.path, imported), zone)
        location = store_folder(options.store, corpus.root, bundled)
        with AnnotationStore.open(location) as store:
            summary = ImportSummary(str(file), "json", str(store.location), str(corpus.root))
            import_into_store(store, imported, corpus, summary)
    for warning in summary.warnings:
        print(f"casereader: warning: {warning}", file=sys.stderr)
    if options.json:
        json.dump(summary.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"casereader: {summary.line()}", file=sys.stderr)
    return 0


def json_corpus(path: str | None, imported) -> list[str]:
    """The corpus for a JSON export: PATH, else the folder it was exported from if it is here.

    An empty list means the bundled seeds (also when the export came from them).
    """
    from annotations.corpus import bundled_seeds

    if path:
        return [path]
    recorded = Path(imported.corpus_root) if imported.corpus_root else None
    if recorded is None or not recorded.is_dir():
        if recorded is not None:
            print(
                f"casereader: the export's corpus {recorded} is not here; checking its passages "
                "against the bundled seeds (give the corpus folder as PATH for another)",
                file=sys.stderr,
            )
        return []
    if recorded.resolve() == bundled_seeds().resolve():
        return []
    print(f"casereader: corpus {recorded} (named in the export)", file=sys.stderr)
    return [str(recorded)]
