"""Crashes the key storm (tests/e2e/test_key_storm.py) found, each pinned by a small test."""

from __future__ import annotations

import pytest
from textual import events

from tests.functional.quick_keys import settled
from tests.reliability.on_screen import screen_text
from tui.app import CasereaderApp
from tui.dialogs.code_picker import CodePicker
from tui.dialogs.prompts import TextPrompt
from tui.screens.codebook import CodebookScreen
from tui.screens.document import DocumentScreen

SIZE = (80, 24)


async def drawn(app: CasereaderApp, pilot, text: str) -> str:
    """The screen once ``text`` is drawn on it (a screen takes a frame or two)."""
    screen = ""
    for _ in range(60):
        screen = screen_text(app)
        if text in screen:
            return screen
        await pilot.pause(0.05)
    raise AssertionError(f"{text!r} not drawn; the screen was:\n{screen}")


async def test_enter_twice_on_the_list_opens_one_document_without_a_crash(make_session) -> None:
    # The second enter reached the list before the first document had mounted: that document
    # was closed for the second, then its on_mount ran on no widgets (NoMatches '#panel').
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(2):
            app.post_message(events.Key("enter", "\r"))
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)
        assert [type(s).__name__ for s in app.screen_stack] == ["CorpusScreen", "DocumentScreen"]
        await drawn(app, pilot, "Annotations")


async def test_two_documents_opened_at_once_leave_the_second_open(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first, second = sorted(session.documents)[:2]
        app.open_document(first)
        app.open_document(second)
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.document.id == second
        await pilot.resize_terminal(100, 30)  # a resize reaches only the screen left open
        await pilot.pause()
        assert app.return_code is None


async def test_enter_twice_in_the_code_picker_applies_the_code_once(make_session) -> None:
    # The second enter dismissed the picker again: its result was set twice
    # (InvalidStateError) and the app exited.
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        document = sorted(session.documents)[0]
        app.open_document(document)
        await pilot.pause()
        await pilot.press("v", "w", "w", "t")
        await pilot.pause()
        assert isinstance(app.screen, CodePicker)
        for _ in range(2):
            app.post_message(events.Key("enter", "\r"))
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)
        [annotation] = session.store.annotations(document=document)
        assert annotation.codes == ("strength",)


async def test_a_document_opened_while_the_palette_opens_closes_it_once_it_is_open(
    make_session,
) -> None:
    # ctrl+p, and an enter on the list before the palette had opened: the document closed the
    # palette below it while the palette was still starting (NoMatches in its start-up).
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_command_palette()
        app.open_document(sorted(session.documents)[0])
        await pilot.pause(0.3)
        assert app.return_code is None
        assert [type(s).__name__ for s in app.screen_stack] == ["CorpusScreen", "DocumentScreen"]


async def test_a_document_opened_while_a_prompt_opens_closes_it_once_it_is_open(
    make_session,
) -> None:
    # A prompt and a document asked for in the same breath: the prompt was closed before it
    # had composed, and its on_mount found no input (NoMatches '#answer').
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(CodebookScreen(session))
        app.push_screen(TextPrompt("Name of the new code", ""))
        app.open_document(sorted(session.documents)[0])
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)
        await drawn(app, pilot, "Annotations")


async def test_a_late_answer_from_a_closed_code_picker_leaves_the_open_document(
    make_session,
) -> None:
    # The picker was closed by a document opening over it; its enter, still queued, then
    # dismissed the screen on top: the new document, before it had even mounted.
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first, second = sorted(session.documents)[:2]
        app.open_document(first)
        await pilot.pause()
        await pilot.press("v", "w", "t")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, CodePicker)
        app.open_document(second)
        picker.submitted()  # the enter that was on its way
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen) and app.screen.document.id == second
        assert session.store.annotations() == []


async def test_an_export_that_ends_after_its_dialog_closed_leaves_the_screen_on_top(
    make_session, tmp_path
) -> None:
    from annotations.interchange import ExportResult
    from tui.dialogs.export_dialog import ExportDialog

    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_export()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        app.open_document(sorted(session.documents)[0])
        await pilot.pause()
        dialog.finished(ExportResult(tmp_path / "x.json", "json", 0, 0, 0))
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)


async def test_quit_while_a_document_opens_quits_cleanly(make_session) -> None:
    # enter and q in one breath: the app shut down while the document was still starting, and
    # its on_mount ran on widgets already gone (NoMatches '#panel'), exit status 1.
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_document(sorted(session.documents)[0])
        await app.action_quit()
        await pilot.pause(0.3)
    assert app.return_code == 0


async def test_quit_while_a_prompt_opens_quits_cleanly(make_session) -> None:
    # ctrl+q right after a prompt was asked for: NoMatches '#answer', exit status 1.
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(TextPrompt("Name of the new code", ""))
        await app.action_quit()
        await pilot.pause(0.3)
    assert app.return_code == 0


async def test_escape_twice_in_the_export_dialog_closes_only_the_dialog(make_session) -> None:
    # The second escape dismissed again: the result was set twice (InvalidStateError).
    from tui.dialogs.export_dialog import ExportDialog

    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_document(sorted(session.documents)[0])
        await pilot.pause()
        app.action_export()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.action_cancel()
        dialog.action_cancel()
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)


async def test_keys_typed_with_q_open_nothing_while_the_app_closes(make_session) -> None:
    # q then c (or ctrl+f, ctrl+p, enter...) in one breath: the codebook opened while the app
    # was closing and its on_mount ran on widgets already gone (NoMatches '#codes').
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, character in (("q", "q"), ("c", "c"), ("ctrl+f", None), ("enter", "\r")):
            app.post_message(events.Key(key, character))
        await pilot.pause(0.3)
    assert app.return_code == 0


@pytest.mark.parametrize("keys", [["q", "R"], ["q", "a"], ["ctrl+q", "d"], ["q", "enter"]])
async def test_a_screen_key_typed_with_q_opens_no_prompt_while_the_app_closes(
    make_session, keys: list[str]
) -> None:
    # q then R on the codebook: the rename prompt opened while the app was closing, and its
    # on_mount found no input (NoMatches '#answer').
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(CodebookScreen(session))
        await pilot.pause(0.2)
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.3)
    assert app.return_code == 0


async def test_search_results_arriving_after_the_search_closed_go_nowhere(make_session) -> None:
    # The search worker's last call reached a screen already closed (NoMatches
    # '#search-summary'), ending the app.
    from tui.screens.search import SearchScreen

    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_search()
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        app.pop_screen()
        await pilot.pause()
        search.add_hits([])
        search.finish()
        await pilot.pause()
        assert app.return_code is None


async def test_a_palette_command_run_while_the_app_closes_opens_nothing(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.action_quit()
        for command in (app.action_codebook, app.action_reports, app.action_search):
            command()  # as the palette calls them
        await pilot.pause(0.3)
    assert app.return_code == 0


async def test_an_export_running_when_its_dialog_closed_reports_without_a_crash(
    make_session,
) -> None:
    # A document opened over the export dialog closed it while the export ran; the export's
    # progress then found no progress bar, and its error handler neither (NoMatches).
    from tui.dialogs.export_dialog import ExportDialog

    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.action_export()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        app.open_document(sorted(session.documents)[0])
        await pilot.pause()
        dialog.show_progress(1, 2)
        dialog.failed("the disk is full")
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)
        assert ("error", "the disk is full") in [
            (n.severity, n.message) for n in app._notifications
        ]


@pytest.mark.parametrize("key", ["escape", "n", "x", "right_square_bracket"])
async def test_a_key_for_a_document_that_is_still_opening_goes_nowhere(
    make_session, key: str
) -> None:
    # A key queued on the screen below bubbled up to the app's bindings just after a document
    # was opened: escape then ran the new document's back action before its widgets existed
    # (NoMatches '#find' in leave_find). Here the key reaches the app's key handling at once,
    # as it did then.
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_document(sorted(session.documents)[0])
        assert not app.screen.is_mounted
        await app._on_message(events.Key(key, None))  # the app's own dispatch of a key
        await pilot.pause(0.3)
        assert app.return_code is None
        assert isinstance(app.screen, DocumentScreen)
        await drawn(app, pilot, "Annotations")


async def test_ctrl_p_again_while_the_last_palette_closes_opens_one(make_session) -> None:
    # ctrl+p, enter, ctrl+p: the new palette took the id of the one still being taken down
    # (DuplicateIds '--command-palette').
    from tui.dialogs.palette import ReaderPalette

    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause(0.2)
        palette = app.screen
        assert isinstance(palette, ReaderPalette)
        palette.dismiss()
        app.action_command_palette()
        # the new palette comes once the old one is gone: a loaded machine takes longer
        assert await settled(
            pilot, lambda: isinstance(app.screen, ReaderPalette) and app.screen is not palette
        )
        await pilot.pause(0.1)
        assert app.return_code is None
        assert isinstance(app.screen, ReaderPalette) and app.screen is not palette
