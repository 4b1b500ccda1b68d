"""Export, reports and search screens, driven through the real app."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from textual.widgets import Input, Select, Static

from annotations.interchange.json_format import json_schema
from tui.app import CasereaderApp
from tui.dialogs.export_dialog import ExportDialog
from tui.dialogs.prompts import Choice
from tui.screens.document import DocumentScreen
from tui.screens.reports import ReportsScreen
from tui.screens.search import SearchScreen
from tui.widgets.entry_list import EntryList

SIZE = (120, 36)
BLOG = "003_93d7185cc9cb614b.txt"


async def settle(pilot, check, tries: int = 200) -> None:
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never held")


async def test_export_dialog_writes_json_and_asks_before_replacing(
    make_session, tmp_path: Path
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    target = tmp_path / "out.json"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session.store.add(session.documents[BLOG], 0, 7, codes=["strength"], note="n")
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot, lambda: not isinstance(app.screen, ExportDialog))
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["format"] == "casereader-annotations"
        assert [a["note"] for d in data["documents"] for a in d["annotations"]] == ["n"]
        # again: the file exists, so the dialog asks; keeping it leaves it as it was
        before = target.read_bytes()
        await pilot.press("e")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.press("down", "enter")  # "Keep it"
        await pilot.pause()
        assert target.read_bytes() == before
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")


async def test_export_dialog_filters_by_code_coder_and_this_document(
    make_session, tmp_path: Path
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    target = tmp_path / "only.json"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        blog, other = session.documents[BLOG], session.documents["004_cb163003ce2c7245.txt"]
        store = session.store
        kept = store.add(blog, 0, 7, codes=["staffing"], coder="ana")
        store.add(blog, 10, 20, codes=["strength"], coder="ana")  # another code
        store.add(blog, 30, 40, codes=["staffing"], coder="ben")  # another coder
        store.add(other, 0, 7, codes=["staffing"], coder="ana")  # another document
        app.open_document(BLOG)
        await pilot.pause()
        await pilot.press("E")  # e is a word's end in a document
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#only-code", Select).value = "staffing"
        dialog.query_one("#only-coder", Select).value = "ana"
        dialog.query_one("#only-document", Select).value = BLOG
        await pilot.pause()
        suggested = Path(dialog.query_one("#path", Input).value).name
        assert suggested == "003_93d7185cc9cb614b-annotations.json"  # named after the document
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot, lambda: not isinstance(app.screen, ExportDialog))
    data = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json_schema()).validate(data)
    assert [d["id"] for d in data["documents"]] == [BLOG]
    assert [a["id"] for d in data["documents"] for a in d["annotations"]] == [kept.id]


async def test_export_dialog_changes_the_suffix_with_the_format(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        dialog = app.screen
        dialog.query_one("#format", Select).value = "qdpx"
        await pilot.pause()
        assert dialog.query_one("#path", Input).value.endswith(".qdpx")


async def test_export_to_an_unwritable_place_says_why_and_keeps_running(
    make_session, tmp_path: Path
) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing" / "out.json")
        await pilot.press("enter")
        await settle(pilot, lambda: not app.screen.running)
        message = str(app.screen.query_one("#export-message").render())
        assert "does not exist" in message
        assert not (tmp_path / "missing").exists()


async def test_reports_screen_shows_frequencies_and_agreement(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        document = session.documents[BLOG]
        session.store.add(document, 0, 30, codes=["strength"], coder="ana")
        session.store.add(document, 10, 40, codes=["strength"], coder="ben")
        await pilot.press("r")
        assert isinstance(app.screen, ReportsScreen)
        frequencies = app.screen.query_one("#report-frequencies", Static)
        assert "strength" in _plain(app, frequencies)
        agreement = _plain(app, app.screen.query_one("#report-agreement", Static))
        assert "Krippendorff" in agreement and "ana" in agreement and "ben" in agreement


async def test_reports_compare_with_a_colleagues_export_of_the_same_corpus(
    make_session, seeds_copy: Path, tmp_path: Path
) -> None:
    from annotations.corpus import load_corpus
    from annotations.store import AnnotationStore
    from tui.cli import main

    # The colleague coded the same texts in her own store and exported it.
    corpus = load_corpus(seeds_copy)
    with AnnotationStore.open(tmp_path / "colleague") as theirs:
        theirs.add(corpus[BLOG], 10, 40, codes=["strength"], coder="ben")
    export = tmp_path / "ben.json"
    argv = ["export", str(seeds_copy), "--store", str(tmp_path / "colleague")]
    assert main([*argv, "--format", "json", "-o", str(export)]) == 0
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        session.store.add(session.documents[BLOG], 0, 30, codes=["strength"], coder="tester")
        await pilot.press("r", "o")
        app.screen.query_one("#answer", Input).value = str(export)
        await pilot.press("enter")
        reports = app.screen
        assert isinstance(reports, ReportsScreen)
        await settle(pilot, lambda: reports.compared is not None)
        text = _plain(app, reports.query_one("#report-agreement", Static))
        # each side by its coder's name (issue 16), not the colleague's path
        assert "A: tester (this store)" in text and "B: ben" in text, text
        assert str(export) not in text
        assert "Krippendorff" in text
        assert "Support of all needed to help children (003_" in text  # titles, not ids
        # not an export, a CSV export, this very store: one line each, the screen carries on
        bad = tmp_path / "not-an-export.json"
        bad.write_text("{}", encoding="utf-8")
        csv_export = tmp_path / "ben.csv"
        csv_export.write_text("document,code\n", encoding="utf-8")
        expected = ("not a casereader export", "holds too little to compare", "is this store")
        for path, words in zip((bad, csv_export, session.store.location), expected, strict=True):
            app.clear_notifications()
            await pilot.press("o")
            app.screen.query_one("#answer", Input).value = str(path)
            await pilot.press("enter")
            await settle(pilot, lambda: any(n.severity == "error" for n in app._notifications))
            errors = [n.message for n in app._notifications if n.severity == "error"]
            assert words in errors[0] and "\n" not in errors[0], errors
            assert app.screen is reports and app.is_running


def _plain(app: CasereaderApp, widget: Static) -> str:
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


async def test_search_lists_hits_in_context_and_opens_the_match(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"Brighter Futures", "enter")
        screen = app.screen
        await settle(pilot, lambda: len(screen.hits) >= 2)
        hits = screen.query_one("#hits", EntryList)
        assert hits.keys == list(screen.hits)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.document.id == BLOG
        view_cursor = app.screen.cursor
        assert session.documents[BLOG].text[view_cursor:].startswith("Brighter Futures")


async def test_typing_in_the_results_refines_the_query_and_runs_no_command(
    make_session,
) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session.store.add(session.documents[BLOG], 0, 7, codes=["strength"])
        await pilot.press("ctrl+f", *"staff", "enter")
        screen = app.screen
        await settle(pilot, lambda: len(screen.hits) > 0)
        await pilot.press("down")
        assert screen.query_one("#hits", EntryList).has_focus
        await pilot.press(*"uqe")
        assert isinstance(app.screen, SearchScreen)
        assert len(session.store.annotations()) == 1  # u did not undo
        assert screen.query_one("#query", Input).value == "staffuqe"


async def test_back_from_a_document_opened_in_coded_passages_returns_there(make_session) -> None:
    from tui.screens.passages import PassagesScreen

    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session.store.add(session.documents[BLOG], 0, 7, codes=["staffing"])
        app.action_passages("staffing")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PassagesScreen)
        for _ in range(5):  # back and forth never piles screens up
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("escape")
        assert len(app.screen_stack) == 2
