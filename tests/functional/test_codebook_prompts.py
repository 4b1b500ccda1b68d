"""The codebook screen's colour and keyword prompts, as the user sees them."""

from __future__ import annotations

from tests.reliability.on_screen import notifications, screen_text
from tui.app import CasereaderApp
from tui.dialogs.prompts import TextPrompt
from tui.screens.codebook import CodebookScreen

SIZE = (120, 36)
BORDERS = str.maketrans(dict.fromkeys("│╭╮╰╯─▊▎▔▁▏▕", " "))
"""Box and input borders, so text a dialog wraps reads as one line."""


def shown(app: CasereaderApp) -> str:
    """The drawn screen with every run of white space as one (the dialog wraps lines)."""
    return " ".join(screen_text(app).translate(BORDERS).split())


async def drawn_with(app: CasereaderApp, pilot, *texts: str) -> str:
    """The drawn screen once every text is on it (a modal takes a frame or two to draw)."""
    screen = ""
    for _ in range(60):
        screen = shown(app)
        if all(text in screen for text in texts):
            return screen
        await pilot.pause(0.05)
    raise AssertionError(f"{texts!r} not drawn; the screen was: {screen}")


async def open_prompt(app: CasereaderApp, pilot, key: str) -> TextPrompt:
    for _ in range(100):
        if app.loading_done:
            break
        await pilot.pause(0.05)
    await pilot.press("c")
    assert isinstance(app.screen, CodebookScreen)
    await pilot.press("down", "down", key)  # staffing
    await pilot.pause()
    assert isinstance(app.screen, TextPrompt)
    return app.screen


async def answer(pilot, prompt: TextPrompt, text: str) -> None:
    prompt.query_one("#answer").value = ""
    await pilot.press(*text, "enter")
    await pilot.pause()
    await pilot.pause(0.1)


async def test_a_colour_name_is_taken_and_stored_as_hex(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        prompt = await open_prompt(app, pilot, "o")
        await drawn_with(app, pilot, "#RRGGBB or a name (teal, purple")
        await answer(pilot, prompt, "teal")
        assert isinstance(app.screen, CodebookScreen)
        assert session.store.codebook.get("staffing").colour == "#008080"
        await drawn_with(app, pilot, "colour #008080")


async def test_a_refused_colour_keeps_what_was_typed_and_says_why(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        before = session.store.codebook.get("staffing").colour
        prompt = await open_prompt(app, pilot, "o")
        await answer(pilot, prompt, "purpel")
        again = app.screen
        assert isinstance(again, TextPrompt) and again is not prompt
        assert again.query_one("#answer").value == "purpel"
        # The toast wraps beside the table: its words are on screen, in lines of its own.
        await drawn_with(app, pilot, "'purpel' is not a colour: write #RRGGBB", "did you mean")
        assert any("did you mean purple?" in message for _, message in notifications(app))
        assert session.store.codebook.get("staffing").colour == before
        await pilot.press("escape")
        assert isinstance(app.screen, CodebookScreen)
        assert session.store.codebook.get("staffing").colour == before


async def test_the_keyword_prompt_says_how_keywords_match_and_saves_them(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        prompt = await open_prompt(app, pilot, "w")
        await drawn_with(
            app, pilot, "a word also finds its forms (recruit: recruits, recruited", "recruit* any"
        )
        await answer(pilot, prompt, "recruit, caseload*, agency worker")
        assert isinstance(app.screen, CodebookScreen)
        assert session.store.codebook.get("staffing").keywords == (
            "recruit",
            "caseload*",
            "agency worker",
        )


async def test_a_bad_keyword_pattern_is_refused_keeping_the_typing(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        before = session.store.codebook.get("staffing").keywords
        prompt = await open_prompt(app, pilot, "w")
        await answer(pilot, prompt, "recruit, /([/")
        again = app.screen
        assert isinstance(again, TextPrompt)
        assert again.query_one("#answer").value == "recruit, /([/"
        await drawn_with(app, pilot, "not a valid pattern")
        assert session.store.codebook.get("staffing").keywords == before
