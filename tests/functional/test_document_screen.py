"""The document screen in real use: orphans and moved passages, jumping between passages,
finding words, mouse clicks, the annotation panel. Each test looks at what is drawn."""

from __future__ import annotations

from pathlib import Path

from annotations.corpus import load_corpus
from annotations.drafts import DRAFTS_FILE, keep_draft, read_drafts
from annotations.store import AnnotationStore
from tests.functional.drawn import cells_of
from tests.functional.test_reader_flow import BLOG, open_blog
from tests.reliability.on_screen import notifications, screen_text
from tui.app import CasereaderApp
from tui.screens.corpus import CorpusScreen
from tui.widgets.document_view import DocumentView

SIZE = (120, 36)
GONE = "The budget"
"""In a paragraph of the blog post that the changed text no longer has."""


def change_the_blog(corpus: Path, store_folder: Path) -> tuple[str, str]:
    """Code two passages, then change the file: one passage moves, the other is gone.
    Returns the ids of (the moved one, the orphan)."""
    document = load_corpus(corpus)[BLOG]
    text = document.text
    with AnnotationStore.open(store_folder) as store:
        start = text.index("Last week was interesting")
        moved = store.add(document, start, start + 25, codes=["strength"], coder="tester")
        gone = text.index(GONE)
        orphan = store.add(
            document, gone, gone + 60, codes=["staffing"], note="ask", coder="tester"
        )
    paragraph = text.rfind("\n\n", 0, gone) + 2
    paragraph_end = text.index("\n\n", gone) + 2
    changed = "A new first line.\n\n" + text[:paragraph] + text[paragraph_end:]
    (corpus / BLOG).write_text(changed, encoding="utf-8")
    return moved.id, orphan.id


def view_of(app: CasereaderApp) -> DocumentView:
    return app.screen.query_one("#view", DocumentView)


async def test_an_orphan_is_listed_noted_removed_and_undone_from_the_panel(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    _moved, orphan = change_the_blog(seeds_copy, tmp_path / "store")
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        text = screen_text(app)
        assert "(orphan)" in text and "1 orphan" in text
        assert "(moved)" in text
        await pilot.press("tab", "end")  # the panel; the orphan is the last entry
        await pilot.press("n", *" later", "ctrl+s")
        await pilot.pause()
        assert session.store.get(orphan).note == "ask later"
        assert "✎ ask later" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert session.store.get(orphan) is None
        assert "(orphan)" not in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "(orphan)" in screen_text(app)


async def test_an_orphan_is_attached_to_selected_text_keeping_its_coding(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    _moved, orphan = change_the_blog(seeds_copy, tmp_path / "store")
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        before = session.store.get(orphan)
        text = session.documents[BLOG].text
        start = text.index("A new first line")
        view_of(app).select(start, start + len("A new first line"))
        await pilot.press("A")
        await pilot.pause()
        after = session.store.get(orphan)
        assert (after.status, after.exact) == ("anchored", "A new first line")
        assert (after.id, after.codes, after.note, after.created) == (
            before.id,
            before.codes,
            before.note,
            before.created,
        )
        shown = screen_text(app)
        assert "(orphan)" not in shown and "orphan attached here" in shown
        # drawn as a staffing passage now, in the text
        highlighted = cells_of(app, "A new first line", view_of(app).scrollable_content_region)
        plain = cells_of(app, "Support of all", view_of(app).scrollable_content_region)
        assert {s.bgcolor for s in highlighted} != {s.bgcolor for s in plain}
        await pilot.press("u")
        await pilot.pause()
        assert session.store.get(orphan).status == "orphan"


async def test_a_moved_mark_goes_once_reviewed(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    moved, _orphan = change_the_blog(seeds_copy, tmp_path / "store")
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        assert "(moved)" in screen_text(app)
        assert "o Move OK" in screen_text(app).splitlines()[-1]
        await pilot.press("]", "o")
        await pilot.pause()
        assert session.store.get(moved).status == "anchored"
        assert "(moved)" not in screen_text(app)


async def three_stops(app: CasereaderApp, pilot, session) -> None:
    """Two passages starting at "Last week", one at "Inside Out"; the cursor at the top."""
    await open_blog(app, pilot)
    document = session.documents[BLOG]
    start = document.text.index("Last week")
    session.store.add(document, start, start + 9, codes=["strength"])
    session.store.add(document, start, start + 30, codes=["staffing"])
    later = document.text.index("Inside Out")
    session.store.add(document, later, later + 10, codes=["strength"])
    app.screen.refresh_annotations()
    view_of(app).move_cursor(0)


async def test_next_stops_at_each_of_two_passages_starting_together(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await three_stops(app, pilot, session)
        titles = []
        for _ in range(4):
            await pilot.press("]")
            await pilot.pause()
            lines = screen_text(app).splitlines()
            titles.append(next(line for line in lines if "Annotations (" in line))
        assert ["1 of 3" in titles[0], "2 of 3" in titles[1], "3 of 3" in titles[2]] == [True] * 3
        assert "1 of 3" in titles[3]  # round again


async def test_next_at_the_last_passage_wraps_and_says_so(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await three_stops(app, pilot, session)
        await pilot.press("]", "]", "]", "]")
        await pilot.pause()
        assert "That was the last annotation: back to the first." in screen_text(app)
        await pilot.press("[")
        await pilot.pause()
        assert "That was the first annotation: on to the last." in screen_text(app)


async def test_find_marks_matches_steps_through_them_and_clears(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        text = session.documents[BLOG].text
        count = text.lower().count("children")
        await pilot.press("slash", *"children")
        await pilot.pause()
        assert f"{count} matches" in screen_text(app)
        assert len(session.store) == 0  # letters typed there tag nothing
        await pilot.press("enter")
        await pilot.pause()
        assert f"1 of {count}" in screen_text(app)
        first = view_of(app).cursor
        assert text[first : first + 8].lower() == "children"
        await pilot.press("full_stop")
        assert f"2 of {count}" in screen_text(app)
        await pilot.press("comma", "comma")
        assert f"{count} of {count} · from the bottom" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert f"of {count}" not in screen_text(app) and not view_of(app).matches
        await pilot.press("escape")
        assert isinstance(app.screen, CorpusScreen)


async def test_a_phrase_is_found_across_a_line_break(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        await pilot.press("slash", *"blog colin tucker")  # "Blog\n\nColin Tucker" in the text
        await pilot.pause()
        assert "1 match " in screen_text(app)
        [(start, end)] = view_of(app).matches
        assert session.documents[BLOG].text[start:end] == "Blog\n\nColin Tucker"


async def test_double_click_selects_a_word_and_triple_click_a_paragraph(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        view = view_of(app)
        text = session.documents[BLOG].text
        region = view.scrollable_content_region
        row = next(
            y
            for y in range(region.height)
            if "Last week was" in screen_text(app).splitlines()[region.y + y]
        )
        line = screen_text(app).splitlines()[region.y + row]
        column = line.index("interesting") + 3 - region.x
        await pilot.click(view, offset=(column, row), times=2)
        await pilot.pause()
        start, end = view.selection
        assert text[start:end] == "interesting"
        selected = cells_of(app, "interesting", region)
        around = cells_of(app, "was", region)
        assert {s.bgcolor for s in selected} != {s.bgcolor for s in around}
        await pilot.click(view, offset=(column, row), times=3)
        await pilot.pause()
        start, end = view.selection
        assert text[start:end].startswith("Last week was interesting")
        assert text[start:end].rstrip().endswith("difficult for all our staff.")


async def test_the_panel_hides_and_shows_and_stays_as_left(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        assert "Annotations (0)" in screen_text(app)
        await pilot.press("P")
        await pilot.pause()
        assert "Annotations (" not in screen_text(app)
    session.store.close()
    again = CasereaderApp(make_session())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Annotations (" not in screen_text(again)  # reopened on the blog, no panel
        await pilot.press("P")
        await pilot.pause()
        assert "Annotations (0)" in screen_text(again)


async def test_a_panel_entry_wraps_its_quote_and_keeps_status_and_coder(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    change_the_blog(seeds_copy, tmp_path / "store")
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_blog(app, pilot)
        panel = app.screen.query_one("#panel").region
        lines = [line[panel.x : panel.right] for line in screen_text(app).splitlines()]
        text = "\n".join(lines)
        assert "(orphan)" in text and "(moved)" in text
        assert "— tester  ✎ ask" in text  # the coder stays beside the note
        assert "“Last week was" in text and "interesting" in text  # the quote's second line


async def test_the_note_editor_offers_a_kept_draft_back_and_discarding_drops_it(
    make_session,
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        document = session.documents[BLOG]
        start = document.text.index("Last week")
        annotation = session.store.add(document, start, start + 9, codes=["strength"], note="n1")
        keep_draft(session.store.location, annotation.id, BLOG, "n1 and what I was writing")
        app.screen.refresh_annotations()
        view_of(app).move_cursor(start)
        await pilot.press("n")
        await pilot.pause()
        shown = screen_text(app)
        assert "Restored the unsaved text" in shown
        assert "n1 and what I was writing" in shown
        await pilot.press("escape", "down", "enter")  # discard the changes
        await pilot.pause()
        assert read_drafts(session.store.location) == {}
        assert session.store.get(annotation.id).note == "n1"


async def test_a_damaged_drafts_file_is_named_and_left_alone(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        document = session.documents[BLOG]
        start = document.text.index("Last week")
        annotation = session.store.add(document, start, start + 9, codes=["strength"])
        damaged = session.store.location / DRAFTS_FILE
        damaged.write_bytes(b"{half a file")
        app.screen.refresh_annotations()
        view_of(app).move_cursor(start)
        await pilot.press("n", *"typed", "ctrl+s")
        await pilot.pause()
        assert any(str(damaged) in message for _, message in notifications(app))
        assert session.store.get(annotation.id).note == "typed"  # the note itself is saved
        assert damaged.read_bytes() == b"{half a file"


async def test_the_palette_offers_to_attach_an_orphan_here(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    _moved, orphan = change_the_blog(seeds_copy, tmp_path / "store")
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        text = session.documents[BLOG].text
        start = text.index("A new first line")
        view_of(app).select(start, start + 16)
        await pilot.press("ctrl+p", *"attach orphan")
        await pilot.pause(0.5)
        assert "Attach orphan here" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert session.store.get(orphan).exact == "A new first line"
