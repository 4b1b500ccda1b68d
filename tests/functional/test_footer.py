"""The footer's key hints fit at 80 and 120 columns on every screen: each key it shows is
drawn whole on the last line, nothing runs off the right edge, and help is always there."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.functional.test_reader_flow import BLOG, wait_loaded
from tests.reliability.on_screen import screen_text
from tui.app import CasereaderApp
from tui.widgets.status import KeyFooter

SCREENS = ["corpus", "document", "codebook", "passages", "reports", "search", "suggestions"]


async def go_to(app: CasereaderApp, pilot, where: str) -> None:
    await wait_loaded(app, pilot)
    if where == "document":
        app.open_document(BLOG)
    elif where == "codebook":
        await pilot.press("c")
    elif where == "passages":
        app.action_passages("strength")
    elif where == "reports":
        await pilot.press("r")
    elif where == "search":
        await pilot.press("ctrl+f")
    elif where == "suggestions":
        app.action_suggest("staffing")
        for _ in range(100):  # the suggestions arrive from a worker
            if "suggestion(s) for" in screen_text(app):
                break
            await pilot.pause(0.05)
    await pilot.pause(0.3)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("where", SCREENS)
async def test_the_footer_fits(make_session, where: str, width: int) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=(width, 30)) as pilot:
        await go_to(app, pilot, where)
        footer = app.screen.query_one(KeyFooter)
        for _ in range(40):  # a footer being recomposed is blank for a frame
            last = screen_text(app).splitlines()[-1]
            if last.strip():
                break
            await pilot.pause(0.05)
        assert footer.virtual_size.width <= footer.size.width, where
        shown = [key for key in footer.query(FooterKey) if key.display]
        for key in shown:
            words = f"{key.key_display} {key.description}".strip()
            assert words in last, f"{where} at {width}: {words!r} cut from {last!r}"
        if where != "search":  # (there, ? is typed into the query)
            assert "? Help" in last
        assert last.rstrip().endswith("^p palette")
