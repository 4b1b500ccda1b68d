"""Dialogs close once, however fast the keys come: a burst of Enters or escapes used to close
the screens below the dialog too, and the last one ended the app with ScreenStackError."""

from __future__ import annotations

from tests.functional.quick_keys import burst, settled
from tests.reliability.on_screen import screen_text
from tui.app import CasereaderApp
from tui.screens.codebook import CodebookScreen
from tui.screens.corpus import CorpusScreen
from tui.screens.document import DocumentScreen
from tui.screens.reports import ReportsScreen

SIZE = (120, 36)
BLOG = "003_93d7185cc9cb614b.txt"


def stack(app: CasereaderApp) -> list[type]:
    return [type(screen) for screen in app.screen_stack]


async def test_four_quick_enters_in_a_one_line_prompt_close_only_the_prompt(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r", "o")
        burst(app, "enter", "enter", "enter", "enter")
        assert await settled(pilot, lambda: stack(app) == [CorpusScreen, ReportsScreen])
        assert "Frequencies" in screen_text(app)
    assert app.return_code in (None, 0)


async def test_a_code_named_in_a_prompt_with_quick_enters_is_added_once(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c", "a")
        burst(app, "w", "e", "l", "l", "b", "e", "i", "n", "g", "enter", "enter", "enter", "enter")
        assert await settled(pilot, lambda: stack(app) == [CorpusScreen, CodebookScreen])
        rows = [line for line in screen_text(app).splitlines() if "wellbeing" in line]
        assert len(rows) == 2  # the code's row, and the status line: "added code wellbeing"
        assert [c.name for c in session.store.codebook.codes].count("wellbeing") == 1


async def test_quick_enters_in_the_code_picker_tag_once(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_document(BLOG)
        await pilot.pause()
        await pilot.press("v", "w", "w", "t")
        burst(app, "enter", "enter", "enter", "enter")
        assert await settled(pilot, lambda: stack(app) == [CorpusScreen, DocumentScreen])
        assert "Annotations (1)" in screen_text(app)
        assert len(session.store) == 1


async def test_quick_saves_in_the_note_editor_close_only_the_editor(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session.store.add(session.documents[BLOG], 0, 20, codes=["strength"], coder="tester")
        app.open_document(BLOG, 0)
        await pilot.pause()
        await pilot.press("n", *"ok")
        burst(app, "ctrl+s", "ctrl+s", "ctrl+s", "ctrl+s")
        assert await settled(pilot, lambda: stack(app) == [CorpusScreen, DocumentScreen])
        assert "✎ ok" in screen_text(app)


async def test_a_choice_answered_with_quick_enters_acts_once(make_session) -> None:
    session = make_session()
    store = session.store
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store.add(session.documents[BLOG], 0, 20, codes=["strength"], coder="tester")
        await pilot.press("c", "x")  # strength is used: delete asks what to do with it
        burst(app, "enter", "enter", "enter", "enter")
        assert await settled(pilot, lambda: stack(app) == [CorpusScreen, CodebookScreen])
        assert "strength" not in [c.id for c in store.codebook.codes]
        assert "area for improvement" in screen_text(app)


async def test_quick_escapes_go_back_a_screen_each_and_stop_at_the_list(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for opener in ("question_mark", "e"):
            app.open_document(BLOG)
            await pilot.pause()
            await pilot.press(opener)
            burst(app, "escape", "escape", "escape", "escape")
            assert await settled(pilot, lambda: stack(app) == [CorpusScreen]), opener
            assert "5 documents" in screen_text(app)


async def test_every_dialog_keeps_its_buttons_and_choices_on_an_80x24_screen(
    make_session,
) -> None:
    session = make_session()
    for index in range(12):  # a long codebook: the picker's list must scroll, not run off
        session.store.codebook.add(f"extra code {index}")
    app = CasereaderApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session.store.add(session.documents[BLOG], 0, 20, codes=["strength"], coder="tester")
        app.open_document(BLOG, 0)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "Save (ctrl+s)" in screen_text(app) and "Cancel (esc)" in screen_text(app)
        await pilot.press("escape", "E")  # e is a word's end in a document
        await pilot.pause()
        assert "Export" in screen_text(app) and "Cancel (esc)" in screen_text(app)
        await pilot.press("escape", "v", "w", "t")
        await pilot.pause()
        text = screen_text(app)
        assert "Tag with code" in text and "strength" in text
        assert "╰" in text.splitlines()[-3] or any("╰" in line for line in text.splitlines()[:-2])
