"""SVG snapshots that pin the look: the corpus screen, overlapping highlights, and help.

Paths appear on screen (the store in the status line, a document's path in the detail pane),
so the corpus and store live at fixed places under the temp folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from annotations.store import AnnotationStore
from tests.conftest import SEEDS
from tests.functional.conftest import options
from tui.app import CasereaderApp
from tui.launch import prepare

SIZE = (120, 34)
BASE = Path(tempfile.gettempdir()) / "casereader-snapshots"
BLOG = "003_93d7185cc9cb614b.txt"


@pytest.fixture
def fixed_places() -> tuple[Path, Path]:
    shutil.rmtree(BASE, ignore_errors=True)
    corpus = BASE / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus, BASE / "store"


def make_app(corpus: Path, store: Path) -> CasereaderApp:
    session = prepare(options([str(corpus)], store, coder="snap"))
    return CasereaderApp(session)


async def wait_loaded(pilot) -> None:
    for _ in range(200):
        if pilot.app.loading_done:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_corpus_screen(snap_compare, fixed_places) -> None:
    app = make_app(*fixed_places)
    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_loaded)
    finally:
        app.session.store.close()


def test_document_with_overlapping_highlights(snap_compare, fixed_places) -> None:
    corpus, store_folder = fixed_places
    from annotations.corpus import load_corpus

    document = load_corpus(corpus)[BLOG]
    text = document.text
    with AnnotationStore.open(store_folder) as store:
        start = text.index("Last week")
        store.add(document, start, start + 60, codes=["strength"], coder="snap")
        store.add(document, start + 30, start + 110, codes=["staffing"], coder="snap")
        other = text.index("The budget")
        store.add(
            document, other, other + 40, codes=["area-for-improvement"], note="why?", coder="snap"
        )
    app = make_app(corpus, store_folder)

    async def open_blog(pilot) -> None:
        await wait_loaded(pilot)
        pilot.app.open_document(BLOG, 0)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=open_blog)
    finally:
        app.session.store.close()


def test_help_screen(snap_compare, fixed_places) -> None:
    app = make_app(*fixed_places)

    async def open_help(pilot) -> None:
        await wait_loaded(pilot)
        pilot.app.open_document(BLOG, 0)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=open_help)
    finally:
        app.session.store.close()


def test_document_in_the_light_theme(snap_compare, fixed_places) -> None:
    corpus, store_folder = fixed_places
    from annotations.corpus import load_corpus

    document = load_corpus(corpus)[BLOG]
    with AnnotationStore.open(store_folder) as store:
        start = document.text.index("Last week")
        store.add(document, start, start + 60, codes=["strength"], coder="snap")
        store.add(document, start + 30, start + 110, codes=["staffing"], coder="snap")
    app = make_app(corpus, store_folder)

    async def open_light(pilot) -> None:
        await wait_loaded(pilot)
        pilot.app.theme = "textual-light"
        pilot.app.open_document(BLOG, 0)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=open_light)
    finally:
        app.session.store.close()


def test_document_at_80_columns(snap_compare, fixed_places) -> None:
    """The narrow terminal of an SSH session: the text keeps most of the width, the panel
    and the footer's keys that matter still fit."""
    corpus, store_folder = fixed_places
    from annotations.corpus import load_corpus

    document = load_corpus(corpus)[BLOG]
    with AnnotationStore.open(store_folder) as store:
        start = document.text.index("Last week")
        store.add(document, start, start + 60, codes=["strength"], coder="snap", note="good")
    app = make_app(corpus, store_folder)

    async def open_narrow(pilot) -> None:
        await wait_loaded(pilot)
        pilot.app.open_document(BLOG, 0)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=open_narrow)
    finally:
        app.session.store.close()
