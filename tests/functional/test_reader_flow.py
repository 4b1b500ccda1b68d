"""The whole reader flow, driven through the real app with pilots and a real store."""

from __future__ import annotations

from pathlib import Path

from annotations.segments import trimmed
from annotations.store import AnnotationStore
from tests.reliability.on_screen import notifications, screen_text
from tui.app import CasereaderApp
from tui.dialogs.code_picker import CodePicker
from tui.dialogs.help import HelpScreen
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.prompts import Choice, TextPrompt
from tui.messages import StoreChanged
from tui.screens.codebook import CodebookScreen
from tui.screens.corpus import CorpusScreen
from tui.screens.document import DocumentScreen
from tui.screens.passages import PassagesScreen
from tui.widgets.document_list import DocumentList
from tui.widgets.document_view import GUTTER, DocumentView
from tui.widgets.passage_list import PassageList

SIZE = (120, 36)
BLOG = "003_93d7185cc9cb614b.txt"


async def wait_loaded(app: CasereaderApp, pilot) -> None:
    for _ in range(100):
        if app.loading_done:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def open_blog(app: CasereaderApp, pilot) -> DocumentScreen:
    await wait_loaded(app, pilot)
    app.open_document(BLOG)
    await pilot.pause()
    assert isinstance(app.screen, DocumentScreen)
    return app.screen


async def test_corpus_screen_lists_documents_sorted_by_date(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, CorpusScreen)
        table = app.screen.query_one("#documents", DocumentList)
        order = [document.id for document in table.rows]
        assert order[0] == BLOG
        assert len(order) == 5
        await pilot.press("s")
        assert app.screen.sort == "title"


async def test_sorting_by_codes_counts_passages_and_the_code_filter_narrows(make_session) -> None:
    session = make_session()
    two_codes = "000_5a060fe8e0fc1d2f.txt"
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        documents = session.documents
        # One passage with three codes, against two passages with one code each.
        codes = ["strength", "staffing", "area for improvement"]
        session.store.add(documents[two_codes], 0, 20, codes)
        session.store.add(documents[BLOG], 0, 7, ["staffing"])
        session.store.add(documents[BLOG], 10, 20, ["staffing"])
        app.screen.post_message(StoreChanged())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        table = screen.query_one("#documents", DocumentList)
        await pilot.press("s", "s")
        assert screen.sort == "codes"
        assert [d.id for d in table.rows][:2] == [BLOG, two_codes]
        await pilot.press("f")
        await pilot.press(*"strength", "enter")
        await pilot.pause()
        assert screen.code_filter == "strength"
        assert [d.id for d in table.rows] == [two_codes]
        assert "esc shows all" in str(screen.query_one("#list-caption").render())
        await pilot.press("slash", *"no such title")
        caption = str(screen.query_one("#list-caption").render())
        assert not table.rows and "no document matches · esc shows all" in caption
        await pilot.press("enter")
        await pilot.press("escape")
        assert len(table.rows) == 5


async def test_filter_by_text_narrows_the_list(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("slash", *"surrey", "enter")
        table = app.screen.query_one("#documents", DocumentList)
        assert [document.id for document in table.rows] == ["004_cb163003ce2c7245.txt"]
        await pilot.press("escape")
        assert len(app.screen.query_one("#documents", DocumentList).rows) == 5


async def test_select_by_keys_tag_note_overlap_undo_redo_delete(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        view = screen.query_one("#view", DocumentView)
        view.move_cursor(0)
        await pilot.press("v", "w", "w", "w", "1")
        store = session.store
        first = store.annotations(document=BLOG)
        assert len(first) == 1
        assert first[0].codes == ("strength",)
        assert first[0].start == 0
        assert first[0].exact == session.documents[BLOG].text[: first[0].end]
        assert first[0].coder == "tester"
        # a note on the annotation under the cursor
        view.move_cursor(2)
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"key passage", "ctrl+s")
        assert store.annotations(document=BLOG)[0].note == "key passage"
        # an overlapping passage with another code
        view.move_cursor(5)
        await pilot.press("v", "w", "w", "w", "3")
        both = store.annotations(document=BLOG)
        assert len(both) == 2
        assert {a.codes for a in both} == {("strength",), ("staffing",)}
        # undo removes the second, redo brings it back
        await pilot.press("u")
        assert len(store.annotations(document=BLOG)) == 1
        await pilot.press("ctrl+r")
        assert len(store.annotations(document=BLOG)) == 2
        # delete the one under the cursor (the innermost at offset 6 is the second)
        view.move_cursor(6)
        await pilot.press("x")
        remaining = store.annotations(document=BLOG)
        assert [a.codes for a in remaining] == [("strength",)]


async def test_number_key_on_an_annotation_toggles_that_code(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        view = screen.query_one("#view", DocumentView)
        view.select(0, 7)
        await pilot.press("1")
        view.move_cursor(3)
        await pilot.press("2")
        assert session.store.annotations(document=BLOG)[0].codes == (
            "strength",
            "area-for-improvement",
        )
        await pilot.press("1")
        assert session.store.annotations(document=BLOG)[0].codes == ("area-for-improvement",)


async def test_mouse_drag_selects_a_passage(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        view = screen.query_one("#view", DocumentView)
        await pilot.mouse_down(view, offset=(GUTTER + 0, 0))
        await pilot.hover(view, offset=(GUTTER + 7, 0))
        await pilot.mouse_up(view, offset=(GUTTER + 7, 0))
        await pilot.pause()
        assert view.selection is not None
        start, end = view.selection
        await pilot.press("2")
        annotations = session.store.annotations(document=BLOG)
        assert len(annotations) == 1
        # the passage is the selection without white space at its edges
        text = session.documents[BLOG].text
        assert (annotations[0].start, annotations[0].end) == trimmed(text, start, end)
        assert annotations[0].exact == text[start:end].strip()
        assert annotations[0].exact.startswith("Support")


async def test_code_picker_creates_a_new_code(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        screen.query_one("#view", DocumentView).select(0, 7)
        await pilot.press("t")
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"leadership", "enter")
        await pilot.pause()
        assert session.store.codebook.get("leadership") is not None
        assert session.store.annotations(document=BLOG)[0].codes == ("leadership",)


async def test_codebook_rename_keeps_the_id(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, CodebookScreen)
        await pilot.press("down", "down", "R")
        assert isinstance(app.screen, TextPrompt)
        answer = app.screen.query_one("#answer")
        answer.value = ""
        await pilot.press(*"workforce", "enter")
        code = session.store.codebook.get("staffing")
        assert code is not None and code.name == "workforce"


async def test_codebook_home_and_end_go_to_the_first_and_last_code(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        await pilot.press("end")
        assert screen.current() == session.store.codebook.codes[-1].id
        await pilot.press("home")
        assert screen.current() == session.store.codebook.codes[0].id


async def test_codebook_delete_in_use_asks_to_reassign_or_strip(make_session) -> None:
    session = make_session()
    document = None
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        document = session.documents[BLOG]
        session.store.add(document, 0, 7, codes=["staffing"])
        await pilot.press("c", "down", "down", "x")
        assert isinstance(app.screen, Choice)
        await pilot.press("down", "enter")  # move its passages to the first other code
        await pilot.pause()
        assert session.store.codebook.get("staffing") is None
        assert session.store.annotations(document=BLOG)[0].codes == ("strength",)


async def test_coded_passages_jump_opens_the_document_at_the_passage(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        document = session.documents[BLOG]
        start = document.text.index("The budget")
        session.store.add(document, start, start + 10, codes=["staffing"])
        app.action_passages("staffing")
        await pilot.pause()
        assert isinstance(app.screen, PassagesScreen)
        options = app.screen.query_one("#passages", PassageList)
        assert len(options.keys) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.document.id == BLOG
        assert app.screen.query_one("#view", DocumentView).cursor == start


async def test_help_lists_the_bindings_with_ids(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        assert screen is app.screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.key_table()
        ids = [cell for cell in table.columns[2]._cells]
        assert any("document.tag_1" in str(i) for i in ids)
        assert any("app.undo" in str(i) for i in ids)


async def test_help_names_the_code_each_tagging_key_applies(make_session) -> None:
    session = make_session()
    session.store.codebook.add("Morale", key="z")
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.key_table()
        rows = {
            str(ident): (str(key), str(does))
            for key, does, ident in zip(*(column._cells for column in table.columns), strict=True)
        }
        assert rows["document.tag_1"] == ("1", "Tag with strength")
        assert rows["document.tag_3"] == ("3", "Tag with staffing")
        assert rows["document.tag_4"] == ("4", "Tag with Morale")  # the fourth code
        assert rows["document.tag_9"] == ("9", "Tag 9 (no code yet)")
        letter = [row for ident, row in rows.items() if ident.startswith("codebook")]
        assert letter == [("z", "Tag with Morale")]


async def test_second_instance_opens_read_only_with_a_banner(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    holder = AnnotationStore.open(tmp_path / "store")
    try:
        session = make_session()
        assert session.read_only
        app = CasereaderApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(app, pilot)
            banner = app.screen.query_one("#banner")
            assert "Read-only" in str(banner.render())
            assert str(__import__("os").getpid()) in str(banner.render())
            app.open_document(BLOG)
            await pilot.pause()
            app.screen.query_one("#view", DocumentView).select(0, 7)
            await pilot.press("1")
            assert holder.annotations() == []
    finally:
        holder.close()


async def test_reopening_returns_to_the_last_document_and_position(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        screen.query_one("#view", DocumentView).move_cursor(120)
        await pilot.press("escape")
        await pilot.pause()
    session.store.close()
    second = make_session()
    app = CasereaderApp(second)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.document.id == BLOG
        assert app.screen.query_one("#view", DocumentView).cursor == 120


async def test_reopening_returns_to_the_document_in_front_not_the_one_below(
    make_session,
) -> None:
    """A document opened from search over another: quitting there reopens the second."""
    session = make_session()
    app = CasereaderApp(session)
    second_id = "000_5a060fe8e0fc1d2f.txt"
    async with app.run_test(size=SIZE) as pilot:
        await open_blog(app, pilot)
        await pilot.press("ctrl+f", *"Oxfordshire", "enter")
        await pilot.pause(0.3)
        await pilot.press("down", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DocumentScreen) and app.screen.document.id == second_id
        app.screen.query_one("#view", DocumentView).move_cursor(347)
        await pilot.press("q")
        await pilot.pause()
    session.store.close()
    again = CasereaderApp(make_session())
    async with again.run_test(size=SIZE) as pilot:
        await wait_loaded(again, pilot)
        await pilot.pause()
        assert isinstance(again.screen, DocumentScreen)
        assert again.screen.document.id == second_id
        assert again.screen.query_one("#view", DocumentView).cursor == 347


async def test_undo_works_from_the_list_and_not_under_a_dialog(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        session.store.add(session.documents[BLOG], 0, 7, codes=["strength"])
        session.store.add(session.documents[BLOG], 8, 12, codes=["staffing"])
        await pilot.press("f")  # a dialog: the code filter picker
        await pilot.press("escape")
        assert len(session.store.annotations()) == 2
        app.push_screen(Choice("A question", [("a", "A"), ("b", "B")]))
        await pilot.pause()
        await pilot.press("u")
        assert len(session.store.annotations()) == 2
        await pilot.press("escape")
        await pilot.press("u")
        assert len(session.store.annotations()) == 1
        assert "■1" in str(app.screen.cells(session.documents[BLOG])[3])
        await pilot.press("ctrl+r")
        assert len(session.store.annotations()) == 2


async def test_keys_act_on_the_annotation_jumped_to_where_passages_overlap(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        document = session.documents[BLOG]
        outer = session.store.add(document, 0, 30, codes=["strength"])
        inner = session.store.add(document, 10, 20, codes=["staffing"])
        screen.refresh_annotations()
        view = screen.query_one("#view", DocumentView)
        view.move_cursor(0)
        await pilot.press("right_square_bracket")  # to the inner one's start
        assert view.cursor == 10
        await pilot.press("left_square_bracket")  # back to the outer one, cursor at 0
        view.move_cursor(12)  # inside both: the keys still mean the outer one jumped to
        await pilot.press("x")
        assert [a.id for a in session.store.annotations()] == [inner.id]
        assert outer.id not in {a.id for a in session.store.annotations()}


async def test_white_space_at_the_edges_of_a_selection_is_left_out(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        text = session.documents[BLOG].text
        start = text.index("Last week")
        view = screen.query_one("#view", DocumentView)
        view.select(start - 2, start + 10)  # "\n\nLast week "
        await pilot.press("1")
        (annotation,) = session.store.annotations()
        assert annotation.exact == "Last week"
        view.select(start - 2, start - 1)
        await pilot.press("1")
        assert len(session.store.annotations()) == 1


async def test_at_80_columns_the_footer_still_shows_the_keys_that_matter(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_blog(app, pilot)
        await pilot.pause(0.2)
        footer = screen_text(app).splitlines()[-1]
        for key in ("v Select", "esc Back", "t Tag", "n Note", "x Remove", "[] Jump", "? Help"):
            assert key in footer, footer
        assert footer.rstrip().endswith("^p palette"), footer  # nothing drawn past it
        await pilot.press("q")  # hidden from the footer here, still quits
        await pilot.pause()
        assert not app.is_running


async def test_command_palette_opens_a_document_and_jumps_to_a_code(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        session.store.add(session.documents[BLOG], 0, 7, ["staffing"])
        await pilot.press("ctrl+p", *"Open: Support of all", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DocumentScreen) and app.screen.document.id == BLOG
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p", *"Jump to code: staffing", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, PassagesScreen)
        assert "staffing" in screen_text(app) and "Support of all needed" in screen_text(app)
        await pilot.press("ctrl+p", *"Codebook", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CodebookScreen)


async def note_being_written(app: CasereaderApp, pilot, session) -> NoteEditor:
    await open_blog(app, pilot)
    session.store.add(session.documents[BLOG], 0, 7, codes=["strength"])
    app.screen.post_message(StoreChanged())
    await pilot.pause()
    app.screen.query_one("#view", DocumentView).move_cursor(2)
    await pilot.press("n", *"half a thought")
    editor = app.screen
    assert isinstance(editor, NoteEditor)
    return editor


async def test_quitting_with_a_changed_note_asks_and_can_save_it(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await note_being_written(app, pilot, session)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, Choice) and app.is_running
        await pilot.press("escape")  # no answer: back to the note, nothing lost
        assert isinstance(app.screen, NoteEditor) and app.screen.text == "half a thought"
        await pilot.press("ctrl+q")
        await pilot.press("enter")  # the first answer: save the note and quit
        await pilot.pause()
        assert not app.is_running
    assert session.store.annotations(document=BLOG)[0].note == "half a thought"


async def test_escape_asks_before_dropping_a_changed_note(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await note_being_written(app, pilot, session)
        await pilot.press("escape")
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")  # keep editing
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape", "down", "enter")  # discard
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert session.store.annotations(document=BLOG)[0].note == ""
        await pilot.press("n", "escape")  # nothing typed: closes at once
        assert isinstance(app.screen, DocumentScreen)


async def test_the_panel_gives_the_text_room_on_narrow_and_uses_room_on_wide_terminals(
    make_session,
) -> None:
    widths = {}
    for columns in (80, 120, 200):
        app = CasereaderApp(make_session())
        async with app.run_test(size=(columns, 30)) as pilot:
            screen = await open_blog(app, pilot)
            await pilot.pause()
            widths[columns] = (
                screen.query_one("#panel").size.width,
                screen.query_one("#view", DocumentView).size.width,
            )
        app.session.store.close()
    assert widths[80][1] >= 50  # the text keeps most of a narrow terminal
    assert widths[80][0] < widths[120][0] < widths[200][0]
    assert widths[200][0] >= 55  # passages and notes are not cut short on a wide one


async def test_routine_changes_are_confirmed_on_the_status_line_not_in_toasts(
    make_session,
) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_blog(app, pilot)
        screen.query_one("#view", DocumentView).move_cursor(0)
        await pilot.press("v", "w", "w", "1")
        assert "tagged strength · saved " in app.status
        await pilot.press("u")
        assert app.status.startswith("undone: strength on “") and "· saved " in app.status
        assert not notifications(app), notifications(app)


async def test_a_changed_note_survives_the_palette_quitting_and_opening(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        editor = await note_being_written(app, pilot, session)
        await pilot.press("ctrl+p", *"Open: Managers", "enter")  # another document
        await pilot.pause(0.3)
        assert editor in app.screen_stack and editor.text == "half a thought"
        assert not any(
            isinstance(s, DocumentScreen) and s.document.id != BLOG for s in app.screen_stack
        )
        while app.screen is not editor:
            app.pop_screen()
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press("ctrl+q")  # from the palette above the note: asks, does not quit
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, Choice)
        await pilot.press("down", "enter")  # quit without saving the note
        await pilot.pause()
        assert not app.is_running
    assert session.store.annotations(document=BLOG)[0].note == ""


async def test_a_note_the_store_refuses_stays_open_with_its_text(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    from annotations.corpus import load_corpus

    holder = AnnotationStore.open(tmp_path / "store")  # another instance holds the store
    try:
        holder.add(load_corpus(seeds_copy)[BLOG], 0, 7, codes=["strength"])
        session = make_session()
        assert session.read_only
        app = CasereaderApp(session)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_blog(app, pilot)
            app.screen.query_one("#view", DocumentView).move_cursor(2)
            await pilot.press("n", *"half a thought", "ctrl+s")
            editor = app.screen
            assert isinstance(editor, NoteEditor)  # refused: still open, text kept
            assert editor.text == "half a thought"
            await pilot.press("ctrl+q", "enter")  # "save the note and quit": cannot, so stays
            await pilot.pause()
            assert app.is_running and app.screen is editor
            await pilot.press("escape", "down", "enter")  # discard: now it closes
            await pilot.pause()
            assert isinstance(app.screen, DocumentScreen)
        assert holder.annotations()[0].note == ""
    finally:
        holder.close()


async def test_s_selects_the_sentence_and_capital_s_the_paragraph_and_again_extends(
    make_session,
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        text = screen.document.text
        view = screen.query_one("#view", DocumentView)
        first = text.index("Last week was interesting")
        view.move_cursor(first + 10)
        await pilot.press("s")
        start, end = view.selection
        assert (start, end) == (first, text.index("our staff.", first) + len("our staff."))
        await pilot.press("s")  # the next sentence, in the next paragraph
        following = text.index("I completed interviews")
        assert view.selection == (start, text.index(".", following) + 1)
        await pilot.press("escape")
        view.move_cursor(first + 10)
        await pilot.press("S")
        start, end = view.selection
        assert text[start:end].startswith("Last week") and text[end - 10 : end] == "our staff."
        await pilot.press("S")
        assert text[view.selection[0] : view.selection[1]].endswith("ought to be.")
        await pilot.press("2")
        saved = session.store.annotations(document=BLOG)
        assert len(saved) == 1 and saved[0].start == start and saved[0].exact.endswith("be.")


async def test_select_tag_then_note_acts_on_the_passage_just_tagged(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        view = screen.query_one("#view", DocumentView)
        view.move_cursor(screen.document.text.index("Last week") + 3)
        await pilot.press("s", "1", "n")  # the cursor now sits just past the passage
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"worth quoting", "ctrl+s")
        saved = session.store.annotations(document=BLOG)
        assert len(saved) == 1 and saved[0].note == "worth quoting"
        await pilot.press("2")  # a code key on the same passage adds that code to it
        assert session.store.annotations(document=BLOG)[0].codes == (
            "strength",
            "area-for-improvement",
        )


async def test_the_panel_says_whose_passage_it_is_when_coders_are_mixed(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        session.store.add(session.documents[BLOG], 0, 7, codes=["strength"], coder="tester")
        screen.refresh_annotations()
        only_mine = screen.panel_lines(screen.annotations[0].id, 40)[0].plain
        assert "tester" not in only_mine
        session.store.add(session.documents[BLOG], 0, 7, codes=["strength"], coder="ben")
        screen.refresh_annotations()
        headings = {screen.panel_lines(a.id, 40)[0].plain for a in screen.annotations}
        assert headings == {"■ strength · tester", "■ strength · ben"}


async def test_m_toggles_the_readable_width_and_s_leaves_it_alone(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        view = screen.query_one("#view", DocumentView)
        before = view.max_width
        await pilot.press("m")
        assert view.max_width != before
        await pilot.press("m")
        assert view.max_width == before
        await pilot.press("s", "escape", "s")
        assert view.max_width == before


async def test_s_at_the_end_of_a_paragraph_goes_on_to_the_next(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        text = screen.document.text
        view = screen.query_one("#view", DocumentView)
        view.move_cursor(text.index("Last week") + 3)
        await pilot.press("s", "1")  # tag the paragraph's only sentence
        await pilot.press("s")  # the next sentence is in the next paragraph, not this again
        start, end = view.selection
        assert text[start:end].startswith("I completed interviews")


async def test_v_w_w_then_tag_then_n_writes_the_note_of_that_passage(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        view = screen.query_one("#view", DocumentView)
        view.move_cursor(screen.document.text.index("Last week"))
        await pilot.press("v", "w", "w", "1", "n")  # the passage leaves out the trailing space
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.press("l", "n")  # moved off it: n no longer means that passage
        assert isinstance(app.screen, DocumentScreen)


async def test_a_code_whose_key_a_reader_key_took_is_named_once(make_session) -> None:
    session = make_session()
    # as in a store from before S selected paragraphs: the codebook screen now refuses it
    session.store.codebook.add("Safeguarding", key="S")
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_blog(app, pilot)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "Safeguarding (S)" in warnings[0]
        await pilot.press("escape")
        await open_blog(app, pilot)
        assert len([n for n in app._notifications if n.severity == "warning"]) == 1
