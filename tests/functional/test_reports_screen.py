"""The reports screen (issue 16): the keys scroll the report at once, every row of a long
report is reachable, and a report's figure opens the passages it counts."""

from __future__ import annotations

from pathlib import Path

from annotations.corpus import load_corpus
from annotations.store import AnnotationStore
from tests.functional.conftest import options
from tests.reliability.on_screen import screen_text, wait_loaded
from tests.unit.test_export_json import write_corpus
from tui.app import CasereaderApp
from tui.launch import prepare
from tui.screens.passages import PassagesScreen
from tui.screens.reports import ReportsScreen

DOCUMENTS = 15


def coded_by_two(tmp_path: Path) -> Path:
    """Fifteen documents, each coded by ana and by ben (who differ a little)."""
    folder = tmp_path / "corpus"
    texts = {
        f"doc{n:02d}.txt": f"Report {n}\n\nStaff are leaving the service {n}. Leaders help.\n"
        for n in range(DOCUMENTS)
    }
    write_corpus(folder, texts)
    corpus = load_corpus(folder)
    with AnnotationStore.open(tmp_path / "store") as store:
        for document in corpus:
            start = document.text.index("Staff")
            store.add(document, start, start + 30, ["staffing"], coder="ana")
            store.add(document, start, start + 20, ["staffing"], coder="ben")
            lead = document.text.index("Leaders")
            store.add(document, start + 5, lead + 7, ["strength"], coder="ben")
    return folder


async def test_reports_scroll_at_once_and_every_agreement_row_is_reachable(tmp_path) -> None:
    session = prepare(options([str(coded_by_two(tmp_path))], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_loaded(app, pilot)
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ReportsScreen)
            text = screen_text(app)
            assert "Scroll" in text and "Next report" in text  # the footer says how
            assert "service 14." not in text
            await pilot.press("end")  # no tab first: the report has the keys
            await pilot.pause()
            assert "service 14." in screen_text(app)
            await pilot.press("tab", "tab", "tab")  # to the agreement
            await pilot.pause()
            assert "Agreement" in screen_text(app)
            seen = set()
            for _ in range(40):
                seen |= {n for n in range(DOCUMENTS) if f"(doc{n:02d}.txt)" in screen_text(app)}
                await pilot.press("pagedown")
                await pilot.pause()
            assert seen == set(range(DOCUMENTS))
    finally:
        session.store.close()


async def test_a_report_figure_opens_the_passages_it_counts(tmp_path) -> None:
    session = prepare(options([str(coded_by_two(tmp_path))], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_loaded(app, pilot)
            await pilot.press("r", "tab")  # co-occurrence
            await pilot.press("enter")
            await pilot.pause()
            assert "strength + staffing: 30 overlapping pair(s)" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PassagesScreen)
            text = " ".join(screen_text(app).split())
            assert "from the report: strength + staffing: 30 overlapping pair(s)" in text
            assert "45 passage(s)" in text  # every passage in those pairs
            await pilot.press("escape", "shift+tab", "enter", "down", "enter")
            await pilot.pause()
            text = " ".join(screen_text(app).split())
            assert "staffing · every coder · every document" in text
            assert "30 passage(s)" in text
    finally:
        session.store.close()
