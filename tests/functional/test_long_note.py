"""Issue 11, point 10: a 50 MB note (an import can bring one) pinned the CPU for a minute in
the note editor. The editor now loads its first ``NOTE_EDIT_LIMIT`` characters, read-only,
says so on screen, and the note is kept whole."""

from __future__ import annotations

from tests.functional.test_reader_flow import BLOG, SIZE, open_blog
from tests.reliability.on_screen import screen_text
from tui.app import CasereaderApp
from tui.dialogs.note_editor import NOTE_EDIT_LIMIT, NoteEditor


async def test_a_50_mb_note_opens_in_part_read_only_and_is_kept_whole(make_session) -> None:
    session = make_session()
    session.read_corpus()
    note = "A very long note. " * (50 * 1024 * 1024 // 18)
    added = session.store.add(session.documents[BLOG], 0, 20, codes=["staffing"], note=note)
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_blog(app, pilot)
        screen.query_one("#view").move_cursor(5)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one("#note-text")
        assert len(area.text) == NOTE_EDIT_LIMIT and area.read_only
        shown = " ".join(screen_text(app).split())
        assert f"This note is {len(note):,} characters, too long to edit here" in shown
        await pilot.press(*"typed", "ctrl+s")
        await pilot.press("escape")
        await pilot.pause()
    assert session.store.get(added.id).note == note
