"""The command palette survives keys sent at once.

The first two tests pin Textual's own bugs: when one of them fails, Textual has fixed that bug
and the matching guard in ``tui/dialogs/palette.py`` can go.
"""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult, ScreenStackError, SystemCommand
from textual.screen import Screen
from textual.widgets import OptionList, Static

from tests.functional.quick_keys import burst, settled
from tests.reliability.on_screen import screen_text
from tui.app import CasereaderApp
from tui.dialogs.export_dialog import ExportDialog
from tui.dialogs.palette import ReaderPalette
from tui.screens.corpus import CorpusScreen

SIZE = (100, 30)


class StockApp(App[None]):
    """Textual's palette, unguarded, with a command that counts its runs."""

    runs = 0

    def compose(self) -> ComposeResult:
        yield Static("stock")

    def get_system_commands(self, screen: Screen):
        yield SystemCommand("Count", "count a run", self.count)

    def count(self) -> None:
        self.runs += 1


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList()


async def test_textual_s_option_list_still_fails_to_page_before_its_lines_are_laid_out() -> None:
    """What ``ctrl+p e PageDown`` sent at once runs into, made deterministic: a key storm hits
    it only when the keys beat the layout, which depends on the machine's load."""
    app = ListApp()
    async with app.run_test(size=SIZE):
        options = app.query_one(OptionList)
        options.add_options(["first", "second", "third"])
        options.highlighted = 0
        with pytest.raises(KeyError):
            options.action_page_down()
    # If this fails, Textual fixed OptionList paging: drop ReaderPalette._action_command_list.


async def test_textual_s_palette_still_closes_the_screen_below_on_quick_enters() -> None:
    app = StockApp()
    with pytest.raises(ScreenStackError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p", *"count")
            await settled(pilot, lambda: "count a run" in screen_text(app))
            burst(app, "enter", "enter", "enter")
            await pilot.pause(0.3)
    # If this fails, Textual closes its palette once: drop ReaderPalette.dismiss and
    # ReaderPalette.chosen_already (each extra Enter also ran the command again).


async def test_page_down_sent_with_the_palette_s_opening_is_harmless(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "ctrl+p", "e", "pagedown")
        assert await settled(pilot, lambda: "Export annotations to a file" in screen_text(app))
        assert isinstance(app.screen, ReaderPalette)
        text = screen_text(app)
        assert "🔎 e" in text
        assert "Export annotations to a file" in text
        await pilot.press("pagedown", "pageup", "escape")
        assert isinstance(app.screen, CorpusScreen)


async def test_quick_enters_in_the_palette_run_its_command_once(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"export")
        assert await settled(pilot, lambda: "Export annotations" in screen_text(app))
        burst(app, "enter", "enter", "enter")
        assert await settled(
            pilot, lambda: [type(s) for s in app.screen_stack] == [CorpusScreen, ExportDialog]
        )
        assert "Export annotations" in screen_text(app)


PALETTE_KEYS = ["pagedown", "pageup", "down", "up", "enter", "escape", "backspace", "e", "x"]


async def test_a_storm_of_palette_keys_never_ends_the_app(make_session) -> None:
    """Bursts of opening, typing, paging, choosing and closing; only the app may end it."""
    app = CasereaderApp(make_session())
    rng = random.Random(10)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(40):
            keys = ["ctrl+p", *rng.choices(PALETTE_KEYS, k=rng.randint(1, 8))]
            burst(app, *keys)
            await pilot.pause(0.02)
            for _ in range(6):  # back to the list for the next burst, as a user would
                if len(app.screen_stack) == 1:
                    break
                await pilot.press("escape")
        await pilot.pause(0.3)
        assert "Support of all needed" in screen_text(app)  # (the list may be maximised)
    assert app.return_code in (None, 0)


async def test_the_theme_picker_textual_opens_is_guarded_too(make_session) -> None:
    """The "Theme" command opens a second palette from Textual's own code: it is the guarded
    one, so paging before its list is laid out and quick Enters end nothing (the key storm
    found both in Textual's plain palette)."""
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_change_theme()  # what the palette's "Theme" command runs
        burst(app, "pagedown", "pagedown", "pageup")
        assert await settled(pilot, lambda: "textual-dark" in screen_text(app))
        assert isinstance(app.screen, ReaderPalette)
        assert app.screen.id is None  # not taken for the reader's own palette
        burst(app, "down", "enter", "enter", "enter")  # one chooses; the rest reach the list
        assert await settled(pilot, lambda: not isinstance(app.screen, ReaderPalette))
        await pilot.pause(0.3)
        assert app.is_running
    assert app.return_code in (None, 0)
