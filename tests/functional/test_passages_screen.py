"""The coded-passages screen (issue 16): each passage whole with the text around it, chosen by
code, coder and document, sorted, and acted on, as the screen draws it."""

from __future__ import annotations

from tests.functional.test_reader_flow import BLOG
from tests.reliability.on_screen import screen_text, wait_loaded
from tui.app import CasereaderApp
from tui.screens.passages import PassagesScreen
from tui.widgets.passage_list import PassageList

SIZE = (100, 40)


def flat(text: str) -> str:
    return " ".join(text.split())


async def test_a_long_passage_shows_whole_with_its_paragraph_number(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        document = session.documents[BLOG]
        start = document.text.index("I completed interviews")
        end = document.text.index("ought to be.") + len("ought to be.")
        session.store.add(document, start, end, codes=["strength"], coder="ana")
        session.store.set_display_title(BLOG, "Tucker's blog")
        app.action_passages("strength")
        await pilot.pause()
        text = screen_text(app)
        assert "strength · Tucker's blog" in text  # the document's display title
        assert "· ¶ 5 · ana" in text
        assert "ought to be." in text  # a passage of six lines is shown to its end
        assert "…" not in text.split("I completed interviews")[1].split("ought to be.")[0]


async def test_filters_sort_recode_and_uncode_at_the_screen(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        store = session.store
        blog = session.documents[BLOG]
        other = next(d for d in session.documents.values() if d.id != BLOG)
        assert other.id < BLOG
        at = blog.text.index("Last week was")
        store.add(other, 0, 12, codes=["strength", "staffing"], coder="ben")
        store.add(blog, 0, 7, codes=["staffing"], coder="ben")
        store.add(blog, at, at + 13, codes=["strength"], coder="ana")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PassagesScreen)
        assert "every code · every coder · every document" in flat(screen_text(app))
        assert "3 passage(s)" in flat(screen_text(app))
        await pilot.press("w", "down", "down", "enter")  # coder: every, ana, ben
        await pilot.pause()
        assert "coder ben" in flat(screen_text(app)) and "2 passage(s)" in flat(screen_text(app))
        await pilot.press("d", "down", "enter")  # the highlighted passage's document is first
        await pilot.pause()
        shown = app.screen.query_one("#passages", PassageList)
        assert "1 passage(s)" in flat(screen_text(app)) and len(shown.keys) == 1
        await pilot.press("w", "enter", "d", "enter", "t")  # every coder and document; code…
        await pilot.press("down", "enter")  # …strength
        await pilot.pause()
        assert "strength · every coder · every document" in flat(screen_text(app))
        order = list(shown.keys)
        await pilot.press("s")  # by dateline date
        await pilot.pause()
        assert "by dateline date" in flat(screen_text(app))
        await pilot.press("s")  # newest coded first
        await pilot.pause()
        assert "by newest coded" in flat(screen_text(app))
        assert shown.keys == order[::-1]
        await pilot.press("s", "down")  # document order again; the blog's passage
        await pilot.pause()
        assert shown.highlighted == order[1]
        await pilot.press("C", "space", "down", "down", "space", "enter")  # strength → staffing
        await pilot.pause()
        assert store.get(order[1]).codes == ("staffing",)
        assert "1 passage(s)" in flat(screen_text(app))  # no longer a strength passage
        await pilot.press("x")  # uncode strength: the other code stays
        await pilot.pause()
        assert store.get(order[0]).codes == ("staffing",)
        assert "No passages have this code yet." in flat(screen_text(app))
