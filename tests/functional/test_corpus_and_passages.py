"""The corpus list at ordinary sizes, coming back to it, the theme kept; coded passages with
orphans, notes, removal and a whole passage in context; the export dialog's keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.functional.drawn import cells_of, rows
from tests.functional.test_document_screen import change_the_blog
from tests.functional.test_reader_flow import BLOG, wait_loaded
from tests.reliability.on_screen import notifications, screen_text
from tui.app import CasereaderApp
from tui.dialogs.export_dialog import ExportDialog
from tui.screens.corpus import CorpusScreen
from tui.screens.passages import PassagesScreen

OTHER = "004_cb163003ce2c7245.txt"


def flat(text: str) -> str:
    """Screen text with line breaks and runs of spaces as one space (wrapping is free)."""
    return " ".join(text.split())


def cursor_row(app: CasereaderApp) -> str:
    """The text of the list row drawn with the cursor's background."""
    table = app.screen.query_one("#documents")
    cursor = table.get_component_rich_style("document-list--cursor").bgcolor
    region = table.scrollable_content_region
    for segments in rows(app)[region.y + 1 : region.bottom]:
        if any(s.style is not None and s.style.bgcolor == cursor for s in segments):
            return "".join(segment.text for segment in segments)[region.x : region.right]
    raise AssertionError("no row is drawn with the cursor")


async def test_back_from_a_document_the_cursor_is_on_it_also_after_a_restart(
    make_session,
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    title = None
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(app, pilot)
        assert "Support of all needed" in cursor_row(app)  # the first, by date
        app.open_document(OTHER)  # from the palette, not from the cursor
        await pilot.pause()
        title = session.documents[OTHER].title[:20]
        await pilot.press("escape")
        await pilot.pause()
        assert title in cursor_row(app)
    session.store.close()
    again = CasereaderApp(make_session())
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_loaded(again, pilot)
        await pilot.pause()
        await pilot.press("escape")  # it reopened the document; back to the list
        await pilot.pause()
        assert isinstance(again.screen, CorpusScreen)
        assert title in cursor_row(again)


async def test_the_theme_chosen_is_the_theme_next_time(make_session, own_settings: Path) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
    assert json.loads(own_settings.read_text(encoding="utf-8"))["theme"] == "textual-light"
    session.store.close()
    again = CasereaderApp(make_session())
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        background = cells_of(again, "date (local)")[0].bgcolor
        assert background is not None and sum(background.get_truecolor()) > 3 * 128  # light


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_the_list_fits_and_explains_its_marks(make_session, size: tuple[int, int]) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=size) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("end")  # the row with a * (an assumed zone)
        text = screen_text(app)
        if size[0] >= 100:
            assert "UTC" in text and "2020-07-07 10:03Z" in text
        assert "* zone assumed: Europe/London" in text
        await pilot.press("home")  # the row with a ? (day and month could be swapped)
        assert "? 09/11/2009 read day-first as 9 November 2009" in screen_text(app)


async def test_the_detail_pane_never_breaks_a_value_inside_a_token(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("end")
        pane = app.screen.query_one("#detail").region
        lines = [line[pane.x : pane.right] for line in screen_text(app).splitlines()]
        words = " ".join(lines).split()
        assert "2020-07-07T11:03:00+01:00" in words
        assert "002_0b49bff90da76fb3.txt" in words
        assert not any(word in ("+0", "1:00", "+01:00") for word in words)


async def test_i_shows_the_detail_pane_on_a_narrow_terminal(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        assert "as written" not in screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert "as written" in screen_text(app)


async def test_coded_passages_mark_orphans_and_remove_note_and_expand_them(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    _moved, orphan = change_the_blog(seeds_copy, tmp_path / "store")
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.action_passages("staffing")
        await pilot.pause()
        assert isinstance(app.screen, PassagesScreen)
        text = screen_text(app)
        assert "(orphan)" in text and "1 orphaned" in text
        assert "not in the current text" in screen_text(app)
        await pilot.press("n", *" again", "ctrl+s")
        await pilot.pause()
        assert session.store.get(orphan).note == "ask again"
        await pilot.press("x")
        await pilot.pause()
        assert session.store.get(orphan) is None
        assert "No passages have this code yet." in screen_text(app)


async def test_a_whole_passage_shows_with_the_text_around_it(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        document = session.documents[BLOG]
        start = document.text.index("Last week was")
        session.store.add(document, start, start + 60, codes=["strength"])
        app.action_passages("strength")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "Colin Tucker gives" in text and "make progress at all" in text  # a line each
        assert "in Blog" not in text and "Heads of Service" not in text
        await pilot.press("space")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "in Blog" in text  # more of the text before the passage
        assert "Heads of Service" in text  # and after it
        await pilot.press("space")
        await pilot.pause()
        assert "in Blog" not in flat(screen_text(app))


async def test_the_export_dialog_goes_by_tab_in_order_and_enter_in_the_path_exports(
    make_session, tmp_path: Path
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    target = tmp_path / "tabbed.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        order = [dialog.focused.id]
        for _ in range(6):
            await pilot.press("tab")
            order.append(dialog.focused.id)
        assert order == [
            "path",
            "format",
            "only-code",
            "only-coder",
            "only-document",
            "go",
            "cancel",
        ]
        assert "Cancel (esc)" in screen_text(app)  # the buttons fit on 80x24
        dialog.query_one("#path", Input).focus()
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        for _ in range(100):
            if not isinstance(app.screen, ExportDialog):
                break
            await pilot.pause(0.05)
        assert json.loads(target.read_text(encoding="utf-8"))["format"] == "casereader-annotations"


async def test_cancelling_an_export_says_so(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        for keys in (["escape"], ["tab"] * 6 + ["enter"]):
            await pilot.press("e", *keys)
            await pilot.pause(0.2)
            assert isinstance(app.screen, CorpusScreen)
            assert "export cancelled" in screen_text(app)
            assert notifications(app)[-1][1] == "export cancelled"
