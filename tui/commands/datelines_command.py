"""``casereader datelines``: each document's dateline, as a table or JSON.

The JSON form is read by other tools over whole corpora, so it is built for speed: each text
file's head is read and analysed in forked worker processes (no re-import, no threads to
inherit here), each row is encoded there, and the rows are written one per line. Files of
other formats (PDF, Word, HTML, email...) are extracted through the text cache by the
extraction workers. Each row says the document's format and its notes (how its text was
made, what was left out); a file with no text is skipped with its reason on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.startup import json_text

if TYPE_CHECKING:
    from annotations.corpus import Document
    from annotations.dateline import ZoneChoice
    from annotations.formats.origin import Origin

PARALLEL_JSON = 600
"""Files from which ``--json`` reads and analyses in worker processes."""
JSON_CHUNK = 200


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="corpus folder or files")
    parser.add_argument("--json", action="store_true", help="print one JSON array on stdout")
    parser.add_argument(
        "--zone",
        default=None,
        help="the corpus's zone where a dateline names none (IANA name); beats place evidence "
        "and casereader.toml; without it: casereader.toml, else place, else Europe/London",
    )


def run(options: argparse.Namespace) -> int:
    from annotations.corpus import scan
    from annotations.dateline.setting import zone_choice

    root, files = scan(options.paths)
    zones = zone_choice(root, options.zone)
    if options.json:
        return _print_json(options.paths, root, files, zones)
    from tui.commands.dateline_table import print_table
    from tui.commands.opening import load_checked_corpus

    corpus, _ = load_checked_corpus(options.paths, zones)
    print_table(str(corpus.root), corpus.documents)
    return 0


# --- JSON ---------------------------------------------------------------------------------


def _rows(names: list[str], root: str, zones: ZoneChoice) -> list[tuple[str, str, bool]]:
    """(document id or path, JSON row or reason skipped, is a row) for each file."""
    from annotations.corpus import Skipped, read_or_skip

    out = []
    base = Path(root)
    for name in names:
        doc = read_or_skip(Path(name), base, zones)
        if isinstance(doc, Skipped):
            out.append((name, doc.reason, False))
            continue
        out.append((doc.id, json_text(row_of(doc)), True))
    return out


def row_of(doc: Document) -> dict[str, Any]:
    """One document's JSON object (DESIGN.md, the datelines contract, with ``format``,
    ``notes`` and, for an extracted document, ``extraction``)."""
    from annotations.formats import format_of

    origin = doc.origin
    return {
        "path": doc.id,
        "title": doc.title,
        "dateline": doc.dateline.to_json() if doc.dateline else None,
        "mentioned": doc.mentioned.to_json() if doc.mentioned else None,
        "format": origin.format if origin else format_of(doc.id) or "txt",
        "notes": list(doc.notes),
        "extraction": _extraction(origin) if origin is not None else None,
    }


def _extraction(origin: Origin) -> dict[str, Any]:
    """How an extracted document's text was made, for its row."""
    return {
        "extractor": origin.extractor,
        "extractor_version": origin.version,
        "library": origin.library,
        "pages": origin.pages,
        "source_sha256": origin.source_sha256,
    }


def _extracted_rows(names: list[str], root: str, zones: ZoneChoice) -> list[tuple[str, str, bool]]:
    """PDF, Word, HTML... files: through the text cache, else extracted in workers."""
    from annotations.corpus import Skipped
    from annotations.extracted import list_extracted
    from annotations.formats.origin import TextPlace

    base = Path(root)
    out = []
    for item in list_extracted([Path(n) for n in names], base, zones, TextPlace(None, base)):
        if isinstance(item, Skipped):
            out.append((str(item.path), item.reason, False))
        else:
            out.append((item[0].id, json_text(row_of(item[0])), True))
    return out


def _rows_in_workers(names: list[str], root: str, zones: ZoneChoice) -> list[tuple[str, str, bool]]:
    """The rows from forked workers; here, in this process, where fork is not available."""
    workers = min(4, os.cpu_count() or 1)
    context = _fork_context() if len(names) >= PARALLEL_JSON and workers >= 2 else None
    if context is None:
        return _rows(names, root, zones)
    try:
        return _rows_in_pool(context, workers, names, root, zones)
    except OSError:
        return _rows(names, root, zones)


def _fork_context() -> Any:
    """multiprocessing's fork context; None where fork is not available."""
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _rows_in_pool(
    context: Any, workers: int, names: list[str], root: str, zones: ZoneChoice
) -> list[tuple[str, str, bool]]:
    """The rows of chunks of names, from a pool of forked workers as each chunk finishes."""
    from functools import partial

    chunks = [names[i : i + JSON_CHUNK] for i in range(0, len(names), JSON_CHUNK)]
    out: list[tuple[str, str, bool]] = []
    with context.Pool(workers) as pool:
        for rows in pool.imap_unordered(partial(_rows, root=root, zones=zones), chunks):
            out.extend(rows)
    return out


def _all_rows(files: list[Path], root: Path, zones: ZoneChoice) -> list[tuple[str, str, bool]]:
    """The rows of plain text files (read in forked workers), then of the other formats
    (through the text cache or extraction workers)."""
    from annotations.formats import format_of

    text = [str(path) for path in files if format_of(path) in (None, "txt", "md")]
    other = [str(path) for path in files if format_of(path) not in (None, "txt", "md")]
    results = _rows_in_workers(text, str(root), zones)
    if other:
        results += _extracted_rows(other, str(root), zones)
    return results


def _rows_and_skipped(
    results: list[tuple[str, str, bool]],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The rows by document id and the files skipped with their reasons, each sorted."""
    rows = sorted((key, row) for key, row, ok in results if ok)
    skipped = sorted((name, reason) for name, reason, ok in results if not ok)
    return rows, skipped


def _print_json(paths: list[str], root: Path, files: list[Path], zones: ZoneChoice) -> int:
    from tui.startup import check_readable

    rows, skipped = _rows_and_skipped(_all_rows(files, root, zones))
    check_readable(list(paths), bool(rows), skipped)
    sys.stdout.write("[\n" + ",\n".join(row for _, row in rows) + "\n]\n")
    return 0
