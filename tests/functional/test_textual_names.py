"""Names Textual already uses must stay Textual's: tests that look at what is drawn.

A corpus of more than 100 documents once drew only a loading spinner (the screen set
``self.loading``), and a list's own ``_render`` replaced Textual's, so copying a mouse
selection in a list exited with a TypeError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.conftest import options
from tests.reliability.on_screen import screen_text, wait_loaded
from tui.app import SMALL_CORPUS, CasereaderApp
from tui.launch import prepare, prepare_workers


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"minutes-{n:04}.txt").write_text(
            f"Corporate Parenting Panel minutes {n}\n\n{n % 28 + 1} March 2024\n\n"
            "Members noted the sufficiency report.\n",
            encoding="utf-8",
        )


@pytest.mark.parametrize("count", [SMALL_CORPUS + 1, 150])
async def test_a_corpus_over_the_small_size_draws_its_rows(tmp_path: Path, count: int) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, count)
    session = prepare(options([str(corpus)], tmp_path / "store"))
    prepare_workers(len(session.files))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_loaded(app, pilot)
            await pilot.pause(0.1)
            text = screen_text(app)
            assert f"{count} documents" in text
            assert "Corporate Parenting Panel minutes" in text
            assert "2024-03-" in text
            assert "●" not in text  # Textual's loading indicator
    finally:
        session.store.close()


async def test_copying_a_mouse_selection_in_the_list_does_not_crash(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5)
    session = prepare(options([str(corpus)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_loaded(app, pilot)
            await pilot.mouse_down("#documents", offset=(3, 2))
            await pilot.hover("#documents", offset=(30, 4))
            await pilot.mouse_up("#documents", offset=(30, 4))
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert "Corporate Parenting Panel minutes" in screen_text(app)
    finally:
        session.store.close()
    assert app.return_code in (None, 0)


async def test_a_drag_over_a_list_selects_no_text_and_ctrl_c_keeps_the_clipboard(
    tmp_path: Path,
) -> None:
    """The lists pick rows; Textual's text selection there drew nothing and ctrl+c then
    copied an empty string over what the user had on the clipboard."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5)
    session = prepare(options([str(corpus)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_loaded(app, pilot)
            app.copy_to_clipboard("kept")
            for where in ("#documents", "#annotation-list"):
                if where == "#annotation-list":
                    app.open_document("minutes-0001.txt")
                    await pilot.pause()
                await pilot.mouse_down(where, offset=(3, 1))
                await pilot.hover(where, offset=(30, 3))
                await pilot.mouse_up(where, offset=(30, 3))
                await pilot.press("ctrl+c")
                await pilot.pause()
                assert app.screen.get_selected_text() is None, where
                assert app.clipboard == "kept", where
    finally:
        session.store.close()
