"""``casereader import``: merge a file from casereader or another tool into a store.

    casereader import FILE [PATH] [--store DIR] [--json]

The format is read from the content, not the name:
- A JSON export: PATH is the corpus the annotations belong to (default: the corpus folder
  recorded in the export when it exists on this machine, else the bundled seeds).
- A ``.qdpx`` project (NVivo, ATLAS.ti, MAXQDA, QualCoder, casereader): its texts are written
  as ``.txt`` files into PATH (default: a folder beside FILE named after it, e.g.
  ``study.qdpx`` -> ``study/``), which becomes the corpus; its store is that folder's default
  store unless ``--store`` names one. What it holds that casereader cannot take (pictures,
  audio, video, missing texts, Sets, project memos...) is listed with the reason, the rest
  is imported, and the command exits 1.
- A codebook, REFI-QDA ``.qdc`` or Taguette CSV: its codes join the codebook of PATH's store
  (default: the bundled seeds').

Every format reports the same way: added, updated, skipped, the number of new codes, how
positions were read where it had to be decided, and what was not imported and why.

The file is read and checked completely before the store is touched; a malformed or hostile
file is refused with one line and the store is left as it was. The import is one transaction:
all of it is saved or none of it, also if the process is killed, and one undo takes it back.
A refused import leaves nothing behind: no store where there was none, no texts of a project.
The summary goes to stderr, or as one JSON document to stdout with ``--json``. Exit status:
0 everything imported, 1 imported with items left out (listed), 2 refused (nothing imported).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tui.startup import add_store_arguments, print_json, say

if TYPE_CHECKING:
    from annotations.corpus import Corpus
    from annotations.interchange.importing import Imported, ImportSummary
    from annotations.store import AnnotationStore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="casereader .json export, .qdpx project, .qdc codebook or Taguette codebook .csv",
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help=(
            "corpus folder (JSON: default the one the export names, if it is here, else the "
            "bundled seeds; qdpx: where its texts are written; codebook: whose store)"
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
    from annotations.dateline import check_zone
    from annotations.interchange.importing import read_import

    file = Path(options.file)
    zone = check_zone(options.zone)
    imported = read_import(file)
    if imported.format == "qdpx":
        summary = _merge_project(options, file, imported, zone)
    else:
        summary = _merge_into_corpus(options, file, imported, zone)
    for warning in summary.warnings:
        say(f"warning: {warning}")
    if options.json:
        print_json(summary.to_json())
    else:
        for line in summary.report():
            say(line)
        say(summary.line())
    return 0 if summary.complete else 1


def _merge_project(
    options: argparse.Namespace, file: Path, imported: Imported, zone: str
) -> ImportSummary:
    """A REFI-QDA project with its texts: the texts are staged beside the folder and linked
    in just before the store's transaction ends, so a refused import leaves neither texts nor
    a store behind."""
    from annotations.interchange.importing import ImportSummary, import_into_store
    from annotations.interchange.sources import StagedSources, sources_folder
    from tui.startup import store_folder

    folder = Path(options.path) if options.path else sources_folder(file)
    with StagedSources(folder, imported.sources) as staged:
        corpus = read_staged(staged.root, zone)
        location = store_folder(options.store, staged.folder.resolve(), False)
        with opened_for_import(location) as store:
            summary = ImportSummary(
                str(file), "qdpx", path_text(store.location), path_text(staged.folder)
            )
            with store.transaction(f"import {file.name}"):
                import_into_store(store, imported, corpus, summary)
                summary.documents_written = staged.publish()
    return summary


def _merge_into_corpus(
    options: argparse.Namespace, file: Path, imported: Imported, zone: str
) -> ImportSummary:
    """A file of passages (and codes) on a corpus's documents: JSON, a codebook."""
    from annotations.interchange.importing import ImportSummary, import_into_store
    from tui.startup import store_folder

    corpus, bundled = json_corpus(options.path, imported, zone)
    location = store_folder(options.store, corpus.root, bundled)
    with opened_for_import(location) as store:
        summary = ImportSummary(
            str(file), imported.format, path_text(store.location), path_text(corpus.root)
        )
        import_into_store(store, imported, corpus, summary)
    return summary


def path_text(path: Path) -> str:
    from annotations.corpus import path_text as text

    return text(path)


def read_staged(root: Path, zone: str) -> Corpus:
    """The project's texts as a corpus, read exactly as the corpus will read them."""
    from annotations.corpus import load_corpus
    from annotations.interchange.importing import ImportFileError

    corpus = load_corpus(root, zone)
    if corpus.skipped:
        first = corpus.skipped[0]
        raise ImportFileError(
            f"the project's text {first.path.relative_to(root).as_posix()!r} cannot be read "
            f"as a document ({first.reason}); nothing was imported"
        )
    return corpus


def _recorded_corpus(imported: Imported) -> Path | None:
    """The folder an export was made from, if it names one and it is here (else the
    bundled seeds are used, and a named folder that is not here is said)."""
    recorded = Path(imported.corpus_root) if imported.corpus_root else None
    if recorded is not None and not recorded.is_dir():
        say(
            f"the export's corpus {recorded} is not here; checking its passages against "
            "the bundled seeds (give the corpus folder as PATH for another)"
        )
        return None
    return recorded


@contextmanager
def opened_for_import(location: Path) -> Iterator[AnnotationStore]:
    """The store, writable; if the import fails and this open created it, it is removed."""
    from annotations.store import AnnotationStore

    store = AnnotationStore.open(location)
    try:
        yield store
    except BaseException:
        store.abandon()
        raise
    finally:
        store.close()


def json_corpus(path: str | None, imported: Imported, zone: str) -> tuple[Corpus, bool]:
    """The corpus for a JSON export, and whether it is the bundled seeds: PATH, else the
    folder it was exported from if it is here (only the documents it names are read: a
    folder the user did not name is never walked), else the bundled seeds."""
    from annotations.corpus import bundled_seeds, load_named_documents
    from tui.commands.opening import load_checked_corpus

    if path:
        return load_checked_corpus([path], zone)
    recorded = _recorded_corpus(imported)
    if recorded is None or recorded.resolve() == bundled_seeds().resolve():
        return load_checked_corpus([], zone)
    say(f"corpus {recorded} (named in the export; only the documents it names are read)")
    corpus = load_named_documents(recorded, {a.document for a in imported.annotations}, zone)
    for skipped in corpus.skipped:
        say(f"skipped {skipped.path}: {skipped.reason}")
    return corpus, False
