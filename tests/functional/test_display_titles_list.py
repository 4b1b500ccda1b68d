"""The corpus list names a document by the title a coder gave it, and finds it by either."""

from __future__ import annotations

from tests.functional.test_reader_flow import BLOG
from tests.reliability.on_screen import screen_text, wait_loaded
from tui.app import CasereaderApp

SIZE = (120, 30)


async def test_the_list_shows_sorts_and_filters_by_the_display_title(make_session) -> None:
    session = make_session()
    session.store.set_display_title(BLOG, "Aardvark: the blog renamed")
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        own = session.documents[BLOG].title
        shown = screen_text(app)
        assert "Aardvark: the blog renamed" in shown
        assert own[:30] not in shown
        await pilot.press("s")  # sort by title: the new name comes first
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = min(i for i, line in enumerate(lines) if "Aardvark" in line)
        others = [d.title[:20] for d in session.documents.values() if d.id != BLOG]
        assert all(first < i for i, line in enumerate(lines) for t in others if t in line)
        await pilot.press("/", *own[:14], "enter")  # its own title still finds it
        await pilot.pause()
        assert "Aardvark: the blog renamed" in screen_text(app)
        session.store.set_display_title(BLOG, None)  # back to its own (as undo would)
        await pilot.press("escape")
        app.screen.on_screen_resume()
        await pilot.pause()
        assert own[:30] in screen_text(app)


async def test_the_reports_screen_names_a_renamed_document_by_its_display_title(
    make_session,
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        session.store.add(session.documents[BLOG], 0, 30, codes=["strength"], coder="ana")
        session.store.set_display_title(BLOG, "Aardvark: the blog renamed")
        await pilot.press("r")
        await pilot.pause()
        shown = screen_text(app)
        assert "Aardvark: the blog renamed" in shown
        assert session.documents[BLOG].title[:25] not in shown
