"""Every code, an overlap, the selection, a search match and the cursor look different on
screen, in truecolor, 256 and 16 colours, in the dark and the light theme.

Under TERM=tmux-256color a selection and a *strength* highlight were both colour 23. The
app is rendered for each colour system (as Rich downgrades at output) and the background of
each drawn role is compared as the terminal would receive it.
"""

from __future__ import annotations

import pytest
import textual.constants
from rich.color import ColorSystem

from tests.functional.drawn import cells_of, shown_background, styles_in
from tui.app import CasereaderApp
from tui.widgets.document_view import DocumentView

BLOG = "003_93d7185cc9cb614b.txt"
SYSTEMS = {
    "truecolor": ColorSystem.TRUECOLOR,
    "256": ColorSystem.EIGHT_BIT,
    "standard": ColorSystem.STANDARD,
}
ROLES = {
    "plain": "Last week was",
    "strength": "interesting and challenging",
    "area for improvement": "progress at all levels",
    "staffing": "commanders as a group",
    "overlap": "child protection",
    "selection": "Heads of",
    "search match": "Inside Out",
}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("system", list(SYSTEMS))
async def test_each_role_has_its_own_colour(
    make_session, monkeypatch: pytest.MonkeyPatch, system: str, theme: str
) -> None:
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", system)
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.console.color_system == system
        app.theme = theme
        document = session.documents[BLOG]
        text, store = document.text, session.store

        def at(phrase: str) -> tuple[int, int]:
            start = text.index(phrase)
            return start, start + len(phrase)

        store.add(document, *at("interesting and challenging"), codes=["strength"])
        store.add(document, *at("progress at all levels"), codes=["area-for-improvement"])
        store.add(document, *at("commanders as a group"), codes=["staffing"])
        store.add(document, *at("national child protection"), codes=["strength"])
        store.add(document, *at("child protection protestors"), codes=["staffing"])
        app.open_document(BLOG, 0)
        await pilot.pause()
        await pilot.press("slash", *"Inside Out", "enter")
        await pilot.pause()
        app.screen.query_one("#view", DocumentView).select(*at("Heads of"))
        await pilot.pause()

        view = app.screen.query_one("#view", DocumentView)
        text_area = view.scrollable_content_region
        colours: dict[str, set] = {}
        for role, needle in ROLES.items():
            cells = cells_of(app, needle, text_area)
            colours[role] = {shown_background(cell, SYSTEMS[system]) for cell in cells}
        cursor_cells = [style for style in styles_in(app, text_area) if style.reverse]
        assert cursor_cells, "the cursor is drawn"
        colours["cursor"] = {shown_background(s, SYSTEMS[system]) for s in cursor_cells}

        for role, found in colours.items():
            assert len(found) == 1, f"{role} is drawn in several colours: {found}"
        shown = {role: next(iter(found)) for role, found in colours.items()}
        by_colour: dict[object, list[str]] = {}
        for role, colour in shown.items():
            by_colour.setdefault(colour, []).append(role)
        clashes = [roles for roles in by_colour.values() if len(roles) > 1]
        assert not clashes, f"{system}, {theme}: the same colour for {clashes} ({shown})"
