"""Opening a corpus and its store from command-line options, as the reader finds them.

Shared by the commands that read annotations (export, import, report, suggest).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.startup import check_readable, store_folder

if TYPE_CHECKING:
    from annotations.corpus import Corpus
    from annotations.dateline import ZoneChoice
    from annotations.model import Annotation
    from annotations.store import AnnotationStore


def load_checked_corpus(paths: Sequence[str], zone: str | ZoneChoice) -> tuple[Corpus, bool]:
    """The corpus named on the command line (bundled seeds when none), and whether bundled."""
    from annotations.corpus import bundled_seeds, load_corpus
    from annotations.dateline import check_zone

    bundled = not paths
    zones = check_zone(zone) if isinstance(zone, str) else zone
    corpus = load_corpus([bundled_seeds()] if bundled else list(paths), zones)
    skipped = sorted((str(s.path), s.reason) for s in corpus.skipped)  # not in worker order
    check_readable(list(paths), bool(corpus.documents), skipped)
    return corpus, bundled


def current_annotations(store: AnnotationStore, corpus: Corpus) -> list[Annotation]:
    """The store's annotations with offsets into the corpus as it is now: every document
    changed since it was coded is re-anchored first (in memory: these commands open the store
    read-only; the reader and ``casereader doctor`` save it). What hands offsets to anyone
    (export, reports, suggestions, agreement) reads annotations through here."""
    store.reanchor_all(corpus.documents)
    return store.annotations()


def corpus_and_store(
    options: argparse.Namespace, read_only: bool = True
) -> tuple[Corpus, AnnotationStore]:
    """Open the corpus and its store as the reader would find them (documents under their
    display titles)."""
    from annotations.store import AnnotationStore

    corpus, bundled = load_checked_corpus(options.paths, options.zone)
    folder = store_folder(options.store, corpus.root, bundled)
    store = AnnotationStore.open(folder, read_only=read_only)
    # Titles coders gave documents in the reader are what reports and exports show.
    return corpus.retitled(store.display_titles()), store
