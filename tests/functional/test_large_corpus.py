"""A corpus too large to list before the first frame: it loads in a worker with a progress
bar, the list fills as documents arrive, and keys work while it does."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ProgressBar

from tests.functional.conftest import options
from tests.reliability.on_screen import screen_text
from tui.app import SMALL_CORPUS, CasereaderApp
from tui.launch import prepare, prepare_workers
from tui.screens.corpus import CorpusScreen
from tui.widgets.document_list import DocumentList

COUNT = 2500


def write_corpus(folder: Path) -> None:
    folder.mkdir()
    body = "Leaders know their services well and act on what they find. " * 30
    for n in range(COUNT):
        day = n % 28 + 1
        (folder / f"report-{n:05}.txt").write_text(
            f"Report number {n}\n\nPublished {day:02}/03/2021 10:{n % 60:02}\n\n{body}\n",
            encoding="utf-8",
        )


async def test_a_large_corpus_fills_progressively_with_a_progress_bar(tmp_path: Path) -> None:
    assert COUNT > SMALL_CORPUS
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    session = prepare(options([str(corpus)], tmp_path / "store"))
    prepare_workers(len(session.files))  # as the command does, before Textual starts
    app = CasereaderApp(session)
    seen: list[tuple[int, bool]] = []
    sorted_while_loading = False
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = app.screen
            assert isinstance(screen, CorpusScreen)
            table = screen.query_one("#documents", DocumentList)
            for _ in range(2000):
                bars = list(screen.query("#loading").results(ProgressBar))
                seen.append((len(table.rows), bool(bars)))
                if bars and 0 < len(table.rows) < COUNT and not sorted_while_loading:
                    await pilot.press("s")  # input is handled while the list fills
                    sorted_while_loading = screen.sort == "title"
                if app.loading_done:
                    break
                await pilot.pause(0.01)
            assert app.loading_done
            await pilot.pause()
            assert len(table.rows) == COUNT
            assert not list(screen.query("#loading").results(ProgressBar))
            assert str(screen.query_one("#list-caption").render()).startswith(f"{COUNT} documents")
            drawn = screen_text(app)  # what the user sees, not only our attributes
            assert f"{COUNT} documents" in drawn
            assert "Report number" in drawn and "2021-03-" in drawn
            assert "●" not in drawn
    finally:
        session.store.close()
    # The bar was there while some, not all, rows were listed: the list filled as it loaded.
    assert any(bar and 0 < rows < COUNT for rows, bar in seen), seen[:20]
    assert sorted_while_loading
