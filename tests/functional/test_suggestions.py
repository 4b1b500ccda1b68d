"""Suggestions are applied only by the user: accept codes a sentence, reject hides it."""

from __future__ import annotations

from tui.app import CasereaderApp
from tui.dialogs.prompts import TextPrompt
from tui.screens.suggestions import SuggestionsScreen

SIZE = (120, 36)


async def wait_for_suggestions(pilot, screen: SuggestionsScreen) -> None:
    entries = screen.query_one("#suggestions")
    for _ in range(100):
        await pilot.pause(0.02)
        if entries.empty != "Searching…":
            break


async def test_accept_codes_the_sentence_and_reject_hides_it(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert session.store.annotations() == []
        app.action_suggest("staffing")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        await wait_for_suggestions(pilot, screen)
        count = len(screen.found)
        assert count > 0
        assert session.store.annotations() == []  # nothing applied by itself
        first = screen.current()
        await pilot.press("a")
        coded = session.store.annotations(code="staffing")
        assert len(coded) == 1
        assert (coded[0].document, coded[0].start, coded[0].end) == (
            first.document,
            first.start,
            first.end,
        )
        assert len(screen.found) == count - 1
        rejected = screen.current()
        await pilot.press("d")
        assert len(screen.found) == count - 2
        assert len(session.store.annotations()) == 1
        # searching again keeps the rejected one hidden and the coded one out
        screen.search()
        await wait_for_suggestions(pilot, screen)
        await pilot.pause(0.1)
        keys = set(screen.found)
        assert screen.key(rejected) not in keys


async def test_keywords_are_edited_and_kept_in_the_codebook(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_suggest("strength")
        await pilot.pause()
        await pilot.press("k")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one("#answer").value = ""
        await pilot.press(*"whole-family, praise*", "enter")
        await pilot.pause()
        assert session.store.codebook.get("strength").keywords == ("whole-family", "praise*")
        screen = app.screen
        await wait_for_suggestions(pilot, screen)
        await pilot.pause(0.1)
        assert screen.found
        assert all(set(s.keywords) <= {"whole-family", "praise*"} for s in screen.found.values())
