"""SVG snapshots that pin the look: the corpus screen, overlapping highlights, and help.

Paths appear on screen (the store in the status line, a document's path in the detail pane),
so the corpus and store live at fixed places under the temp folder.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from collections.abc import Iterator
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
def fixed_places() -> Iterator[tuple[Path, Path]]:
    """The corpus and store at fixed paths (the status line shows the store's path, so it is
    part of every snapshot), held by one test run at a time: two runs on one machine (two
    worktrees, say) would otherwise delete each other's store mid-test."""
    with open(Path(tempfile.gettempdir()) / "casereader-snapshots.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(BASE, ignore_errors=True)
        corpus = BASE / "corpus"
        shutil.copytree(SEEDS, corpus)
        yield corpus, BASE / "store"


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


# --- every screen at an SSH terminal's 80x24 and a roomy 120x40 --------------------------------

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LARGE = BASE / "large"
"""A generated corpus of 150 documents (more than are listed before the first frame)."""


def write_large_corpus() -> Path:
    """150 documents in nested folders, with varied datelines, titles and zones."""
    shutil.rmtree(LARGE, ignore_errors=True)
    kinds = [
        ("Corporate Parenting Panel minutes", "{d} March 2024, 10:00 GMT"),
        ("Ofsted focused visit to children's services", "Published: {d}/04/2023"),
        ("Council news: foster carers recruitment drive", "Posted {d} May 2022 at 9.15am"),
    ]
    for n in range(150):
        title, dateline = kinds[n % 3]
        folder = LARGE / f"year-{2022 + n % 3}" / f"batch-{n % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc-{n:03}.txt").write_text(
            f"{title} {n}\n\n{dateline.format(d=n % 28 + 1)}\n\n"
            "Members noted the sufficiency report and asked for the caseload figures.\n",
            encoding="utf-8",
        )
    return LARGE


def coded(corpus: Path, store_folder: Path) -> None:
    """Three passages on the blog post, overlapping, one with a note."""
    from annotations.corpus import load_corpus

    document = load_corpus(corpus)[BLOG]
    text = document.text
    with AnnotationStore.open(store_folder) as store:
        start = text.index("Last week")
        store.add(document, start, start + 60, codes=["strength"], coder="snap")
        store.add(document, start + 30, start + 110, codes=["staffing"], coder="snap", note="n")
        other = text.index("Inside Out")
        store.add(document, other, other + 40, codes=["area-for-improvement"], coder="snap")


async def on_blog(pilot) -> None:
    await wait_loaded(pilot)
    pilot.app.open_document(BLOG, 0)
    await pilot.pause()


async def settle(pilot, seconds: float = 0.3) -> None:
    await pilot.pause(seconds)
    await pilot.pause()


async def corpus_screen(pilot) -> None:
    await wait_loaded(pilot)


async def document_screen(pilot) -> None:
    await on_blog(pilot)


async def document_finding(pilot) -> None:
    await on_blog(pilot)
    await pilot.press("slash", *"children", "enter")
    await settle(pilot)


async def note_editor(pilot) -> None:
    await on_blog(pilot)
    await pilot.press("right_square_bracket", "right_square_bracket", "n")
    await settle(pilot)


async def code_picker(pilot) -> None:
    await on_blog(pilot)
    await pilot.press("v", "w", "w", "t")
    await settle(pilot)


async def help_screen(pilot) -> None:
    await on_blog(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def codebook_screen(pilot) -> None:
    await wait_loaded(pilot)
    await pilot.press("c")
    await settle(pilot)


async def passages_screen(pilot) -> None:
    await wait_loaded(pilot)
    pilot.app.action_passages("strength")
    await pilot.pause()
    await pilot.press("space")
    await settle(pilot)


async def reports_screen(pilot) -> None:
    await wait_loaded(pilot)
    await pilot.press("r")
    await settle(pilot)


async def search_screen(pilot) -> None:
    await wait_loaded(pilot)
    await pilot.press("ctrl+f", *"social care", "enter")
    await settle(pilot, 0.8)


async def suggestions_screen(pilot) -> None:
    await wait_loaded(pilot)
    pilot.app.action_suggest("staffing")
    await settle(pilot, 0.8)


async def export_dialog(pilot) -> None:
    await on_blog(pilot)
    await pilot.press("E")  # e is a word's end in a document
    await settle(pilot)


SCREENS = {
    "corpus": corpus_screen,
    "document": document_screen,
    "find": document_finding,
    "note": note_editor,
    "picker": code_picker,
    "help": help_screen,
    "codebook": codebook_screen,
    "passages": passages_screen,
    "reports": reports_screen,
    "search": search_screen,
    "suggestions": suggestions_screen,
    "export": export_dialog,
}


def still(run_before):
    """The screen as ``run_before`` leaves it, with text cursors held still: a blinking one
    is drawn or not depending on when the picture is taken."""

    async def run(pilot) -> None:
        await run_before(pilot)
        # A dialog's text field takes the focus a moment after it opens (later under load):
        # its cursor is drawn only once it has it, so wait for that first.
        for _ in range(50):
            fields = list(pilot.app.screen.query("Input, TextArea"))
            if not fields or any(field.has_focus for field in fields):
                break
            await pilot.pause(0.02)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_screen(snap_compare, fixed_places, monkeypatch, screen: str, size: str) -> None:
    corpus, store_folder = fixed_places
    coded(corpus, store_folder)
    monkeypatch.chdir(BASE)  # the export dialog suggests a file in the current folder
    app = make_app(corpus, store_folder)
    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=still(SCREENS[screen]))
    finally:
        app.session.store.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_corpus_of_150_documents(snap_compare, fixed_places, size: str) -> None:
    corpus = write_large_corpus()
    app = make_app(corpus, BASE / "large-store")
    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=corpus_screen)
    finally:
        app.session.store.close()
