"""Coding stripes (issue 16): a margin at the right of the text with a column per code used in
the document, lit on each row a code's passages touch, overlaps side by side, toggled with z
(remembered), in colours that stay apart in 256 and 16 colours. And a document's display title
(R), shown as the reader's title, undone with u."""

from __future__ import annotations

import pytest
import textual.constants
from rich.color import ColorSystem
from rich.segment import Segment

from tests.functional.drawn import rows, shown_background
from tests.functional.test_colours import BLOG
from tui.app import CasereaderApp
from tui.widgets.document_view import DocumentView

SYSTEMS = {"256": ColorSystem.EIGHT_BIT, "standard": ColorSystem.STANDARD}


def cell_at(segments: list[Segment], x: int) -> Segment:
    column = 0
    for segment in segments:
        if column <= x < column + len(segment.text):
            return segment
        column += len(segment.text)
    raise AssertionError(f"no cell at {x}")


@pytest.mark.parametrize("system", list(SYSTEMS))
async def test_stripes_mark_each_codes_rows_and_overlaps(
    make_session, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", system)
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        document = session.documents[BLOG]
        text, store = document.text, session.store
        one = text.index("Last week was")
        two = text.index("I completed interviews")
        store.add(document, one, two + 40, codes=["strength"])  # two paragraphs
        store.add(document, two, two + 60, codes=["staffing"])  # overlaps the second
        app.open_document(BLOG, 0)
        await pilot.pause()
        view = app.screen.query_one("#view", DocumentView)
        area = view.scrollable_content_region
        before = {y: "".join(s.text for s in r)[: area.right] for y, r in enumerate(rows(app))}
        assert view.stripe_cells() == 0
        await pilot.press("z")
        await pilot.pause()
        assert session.settings.data["stripes"] is True
        codebook = session.store.codebook
        colours = tuple(codebook.get(c).colour for c in ("strength", "staffing"))
        assert view.stripes_shown and view.stripe_colours == colours  # codebook order
        drawn = rows(app)
        lines = {y: "".join(s.text for s in line)[: area.right] for y, line in enumerate(drawn)}
        strength_x, staffing_x = area.right - 2, area.right - 1

        def lit(y: int, x: int) -> tuple | None:
            segment = cell_at(drawn[y], x)
            if segment.text != " " or segment.style is None or segment.style.bgcolor is None:
                return None
            return shown_background(segment.style, SYSTEMS[system])

        first = next(y for y, line in lines.items() if "Last week was" in line)
        shared = next(y for y, line in lines.items() if "I completed interviews" in line)
        uncoded = next(y for y, line in lines.items() if "By on 09/11/2009" in line)
        assert lit(first, strength_x) and not lit(first, staffing_x)
        assert lit(shared, strength_x) and lit(shared, staffing_x)  # side by side
        assert lit(shared, strength_x) != lit(shared, staffing_x)  # apart in this system
        assert not lit(uncoded, strength_x) and not lit(uncoded, staffing_x)
        assert "·" in lines[uncoded][strength_x : staffing_x + 1]
        assert before != lines  # the text wrapped to the narrower width
        await pilot.press("z")
        await pilot.pause()
        assert view.stripe_cells() == 0 and session.settings.data["stripes"] is False


async def test_renaming_a_document_shows_its_display_title_and_undo_takes_it_back(
    make_session,
) -> None:
    from textual.widgets import Input

    from tests.reliability.on_screen import screen_text

    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_document(BLOG, 0)
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        app.screen.query_one(Input).value = "Colin Tucker's update, November 2009"
        await pilot.press("enter")
        await pilot.pause()
        assert session.store.display_title(BLOG) == "Colin Tucker's update, November 2009"
        text = screen_text(app)
        assert "Colin Tucker's update, November 2009  (renamed; its own: Support of all" in text
        await pilot.press("u")
        await pilot.pause()
        assert session.store.display_title(BLOG) is None
        assert "renamed" not in screen_text(app).split("\n")[0]
