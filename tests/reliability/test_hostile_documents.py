"""Hostile documents in the corpus list, the document view, selection, export and re-import.

The corpus holds an empty file, whitespace only, a binary file, invalid UTF-8, Windows-1252,
UTF-16 with a BOM, a 10 MB single line, tabs, control characters, Rich/Textual markup, terminal
escapes (CSI clear screen, OSC 52 clipboard write, OSC 8 hyperlink), right-to-left text with a
bidi override, combining characters, emoji and wide CJK, and two files whose *names* are markup
and an escape. Nothing crashes; markup and escapes show literally and do nothing: no segment the
app renders holds a control character or a bidi override, and no style carries a link or a
click action (checked on the corpus table, detail pane, document view, annotation panel,
passages, search, codebook, command palette and notifications). Selections over wide and
combining characters give code-point offsets; annotations on every document export in all five
formats and come back on re-import. The binary file is skipped with its reason shown.

Cell-level layout properties (wrapping, cell/offset round trips) are in
``tests/unit/test_text_layout.py``; the document view alone in
``tests/functional/test_document_view.py``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import re
from pathlib import Path

import pytest
from textual.widgets import Input

from annotations.corpus import Corpus, load_corpus
from annotations.interchange.refi_qda.write import xml_text
from annotations.safety import parse_xml
from annotations.segments import trimmed
from annotations.store import AnnotationStore
from tests.functional.conftest import options
from tests.reliability.on_screen import (
    BIDI,
    CONTROLS,
    SIZE,
    assert_notifications_are_safe,
    assert_screen_is_safe,
    notifications,
    screen_text,
    unsafe_segments,
    wait_loaded,
)
from tui.app import CasereaderApp
from tui.cli import main
from tui.launch import prepare
from tui.screens.corpus import CorpusScreen
from tui.screens.document import DocumentScreen
from tui.screens.passages import PassagesScreen
from tui.screens.search import SearchScreen
from tui.widgets.document_list import DocumentList
from tui.widgets.document_view import GUTTER, DocumentView

WORDS = ("care", "leaver", "report", "staff", "social", "worker", "plan", "council", "child")
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl: 5 code points
FLAG = "\U0001f1ec\U0001f1e7"
THUMB = "\U0001f44d\U0001f3fd"
ZALGO = "Z\u0351\u0352a\u0353l\u0354g\u0355o"
HOSTILE_CODE = "[@click=app.quit]evil[/] \x1b[2J\x1b]52;c;aGVsbG8=\x07"
HOSTILE_NOTE = (
    "[link=file:///etc/passwd]note[/link] \x1b]8;;http://x\x1b\\y\x1b]8;;\x1b\\ \u202eRTL"
)


def ten_megabyte_line() -> bytes:
    rng = random.Random(1966)
    return " ".join(rng.choices(WORDS, k=1_750_000)).encode()


FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "whitespace.txt": b"   \n\t \n\n   \r\n",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50,
    "invalid-utf8.txt": b"Invalid UTF-8 report\n\ncaf\xc3\xa9 then \xff\xfe and \xc3\x28 here\n",
    "windows-1252.txt": "Windows 1252 report\n\nCafé “quoted” – €100\n".encode("cp1252"),
    "utf16.txt": codecs.BOM_UTF16_LE
    + "UTF-16 report with a BOM\r\n\r\nOfsted 日本 ok\r\n".encode("utf-16-le"),
    "tabs.txt": b"Tabs\tin\tthe title line\n\n\tindented\tcolumns\t\tdouble\n",
    "controls.txt": "Control characters report\n\nbell\x07 back\x08 vt\x0b ff\x0c del\x7f "
    "nel\u0085 csi\u009b31m end\n".encode(),
    "markup.txt": b"[bold red]Markup title[/] here\n\n[link=file:///etc/passwd]x[/link] "
    b"[@click=app.quit]x[/] [b]bold?[/b]\n",
    "escapes.txt": b"Escapes \x1b[2J in the title\n\nclear\x1b[2J clip\x1b]52;c;aGVsbG8=\x07 "
    b"link\x1b]8;;http://x\x1b\\y\x1b]8;;\x1b\\ end\n",
    "rtl.txt": "تقرير التفتيش عن الخدمات\n\nשירותי רווחה לילדים \u202eevil override\u202c "
    "end\n".encode(),
    "combining.txt": f"Combining marks report\n\n{ZALGO} e\u0301 n\u0303\n\u0301 starts with a "
    "mark\n".encode(),
    "emoji.txt": f"Emoji report {FAMILY}\n\nFamily {FAMILY} flag {FLAG} thumbs {THUMB} "
    "done\n".encode(),
    "cjk.txt": "児童社会福祉の報告書 全角テキスト\n\n日本語の文章です。\n".encode(),
    "[@click=app.quit]named.txt": b"A file whose name is markup\n",
    "esc\x1b[2Jnamed.txt": b"A file whose name has an escape\n",
}
READABLE = sorted(set(FILES) - {"binary.txt"})


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    folder.mkdir()
    for name, data in FILES.items():
        (folder / name).write_bytes(data)
    (folder / "long-line.txt").write_bytes(ten_megabyte_line())
    return folder


@pytest.fixture(scope="module")
def corpus(corpus_folder: Path) -> Corpus:
    return load_corpus(corpus_folder)


# --- the corpus ---------------------------------------------------------------------------------


def test_every_readable_file_loads_and_the_binary_one_is_skipped_with_its_reason(
    corpus: Corpus,
) -> None:
    assert [d.id for d in corpus] == sorted([*READABLE, "long-line.txt"])
    [skipped] = corpus.skipped
    assert skipped.path.name == "binary.txt"
    assert skipped.reason == "binary file (NUL or control bytes), not a text document"
    assert corpus["empty.txt"].text == ""
    assert corpus["whitespace.txt"].text == "   \n\t \n\n   \n"
    assert corpus["windows-1252.txt"].text.endswith("Café “quoted” – €100\n")
    assert corpus["utf16.txt"].text == "UTF-16 report with a BOM\n\nOfsted 日本 ok\n"
    assert corpus["invalid-utf8.txt"].notes == (
        "not valid UTF-8 (byte 0xff at offset 33); read as Windows-1252",
    )
    assert "caf\u00c3\u00a9 then \u00ff\u00fe" in corpus["invalid-utf8.txt"].text
    assert len(corpus["long-line.txt"].text) > 10_000_000
    assert "\x1b]52;c;aGVsbG8=\x07" in corpus["escapes.txt"].text  # kept as data, verbatim


def test_the_commands_list_the_corpus_and_say_why_the_binary_file_was_skipped(
    corpus_folder: Path, capsys
) -> None:
    assert main(["datelines", "--json", str(corpus_folder)]) == 0
    captured = capsys.readouterr()
    listed = json.loads(captured.out)
    assert [row["path"] for row in listed] == sorted([*READABLE, "long-line.txt"])
    assert captured.err == (
        f"casereader: skipped {corpus_folder / 'binary.txt'}: binary file (NUL or control "
        "bytes), not a text document\n"
    )


# --- on screen ----------------------------------------------------------------------------------


def code_every_document(store: AnnotationStore, corpus: Corpus) -> None:
    """A passage in every document that has text (the first non-blank run, up to 12 code
    points, with the hostile code and note), and one over the escapes and markup."""
    store.codebook.add(HOSTILE_CODE)
    hostile = store.codebook.codes[-1].id
    for document in corpus:
        match = re.search(r"\S.{0,11}", document.text[:2000])
        if match is None:
            continue
        store.add(document, match.start(), match.end(), [hostile, "staffing"], HOSTILE_NOTE)
    for doc_id, needle in (("escapes.txt", "clear"), ("markup.txt", "[link")):
        text = corpus[doc_id].text
        start = text.index(needle)
        store.add(corpus[doc_id], start, text.index("\n", start), "strength", "escapes inside")


async def visit(app: CasereaderApp, pilot, where: str) -> None:
    await pilot.pause()
    assert app.is_running, f"the app stopped at {where}"
    assert_screen_is_safe(app, where)
    assert_notifications_are_safe(app)


async def test_every_screen_shows_hostile_text_literally_and_nothing_steers_the_terminal(
    corpus_folder: Path, corpus: Corpus, tmp_path: Path
) -> None:
    with AnnotationStore.open(tmp_path / "store") as store:
        code_every_document(store, corpus)
    session = prepare(options([str(corpus_folder)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            assert isinstance(app.screen, CorpusScreen)
            assert (
                "warning",
                "skipped binary.txt: binary file (NUL or control bytes), not a text document",
            ) in notifications(app)
            listing = app.screen.query_one("#documents", DocumentList)
            assert len(listing.rows) == len(READABLE) + 1
            for row in range(len(listing.rows)):
                listing.move_cursor(row)
                await visit(app, pilot, f"corpus row {row}")
            for doc_id, title in (
                ("markup.txt", "[bold red]Markup title[/] here"),
                ("escapes.txt", "Escapes ␛[2J in the title"),
            ):
                listing.move_cursor([d.id for d in listing.rows].index(doc_id))
                await pilot.pause()
                assert title in screen_text(app)  # the detail pane shows the whole title

            for doc_id in [d.id for d in corpus]:
                app.open_document(doc_id)
                await visit(app, pilot, f"document {doc_id!r}")
                screen = app.screen
                assert isinstance(screen, DocumentScreen)
                view = screen.query_one("#view", DocumentView)
                # The end of the text, a selection there, the annotation panel highlighted.
                end = len(view.text)
                view.move_cursor(end)
                view.select(max(0, end - 3), end)
                screen.query_one("#annotation-list").focus()
                await pilot.press("down")
                await visit(app, pilot, f"the end of {doc_id!r} and its panel")
                for y in range(view.size.height):  # the text itself hides bidi overrides too
                    for segment in view.render_line(y):
                        assert not CONTROLS.search(segment.text), (doc_id, segment)
                        assert not BIDI.search(segment.text), (doc_id, segment)
                if doc_id == "markup.txt":
                    assert "[link=file:///etc/passwd]x[/link] [@click=app.quit]x[/]" in (
                        screen_text(app)
                    )
                if doc_id == "escapes.txt":
                    assert "clear␛[2J clip␛]52;c;aGVsbG8=␇" in screen_text(app)
                if doc_id == "empty.txt":
                    await pilot.press("v", "l", "1")  # nothing to select: told, not crashed
                    assert view.selection is None
                if doc_id in ("escapes.txt", "markup.txt", "controls.txt", "rtl.txt"):
                    view.select(0, min(20, len(view.text)))
                    await pilot.press("2", "x")  # tag, then remove: both notify
                    await visit(app, pilot, f"tagging and removing in {doc_id!r}")
                app.pop_screen()
                await pilot.pause()
                assert isinstance(app.screen, CorpusScreen)

            hostile = session.store.codebook.codes[-1].id
            for code in (hostile, "strength"):
                app.push_screen(PassagesScreen(session, code))
                await visit(app, pilot, f"passages of {code!r}")
                await pilot.press("escape")
            await pilot.press("c")
            await visit(app, pilot, "codebook")
            await pilot.press("escape")

            await pilot.press("ctrl+f")
            assert isinstance(app.screen, SearchScreen)
            for query in ("clip", "x", "日本", "e\u0301", "report"):
                search = app.screen.query_one("#query", Input)
                search.value = query
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await visit(app, pilot, f"search {query!r}")
                search.focus()
            await pilot.press("escape")

            await visit(app, pilot, "the end")
    finally:
        session.store.close()


async def test_undo_and_redo_notifications_quote_the_passage_safely(
    corpus_folder: Path, corpus: Corpus, tmp_path: Path
) -> None:
    session = prepare(options([str(corpus_folder)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            app.open_document("escapes.txt")
            await pilot.pause()
            view = app.screen.query_one("#view", DocumentView)
            view.select(0, corpus["escapes.txt"].text.index("\n", 30))
            await pilot.press("2", "u", "ctrl+r")
            await visit(app, pilot, "undo and redo of a passage holding escapes")
    finally:
        session.store.close()


async def test_bidi_overrides_in_notes_and_search_context_do_not_reach_the_terminal(
    corpus_folder: Path, corpus: Corpus, tmp_path: Path
) -> None:
    with AnnotationStore.open(tmp_path / "store") as store:
        code_every_document(store, corpus)
    session = prepare(options([str(corpus_folder)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            app.push_screen(PassagesScreen(session, "staffing"))
            await pilot.pause()
            found = unsafe_segments(app, bidi=True)
            await pilot.press("escape", "ctrl+f")
            search = app.screen.query_one("#query", Input)
            search.value = "override"
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            found += unsafe_segments(app, bidi=True)
            assert not found, found[:3]
    finally:
        session.store.close()


async def test_the_command_palette_shows_code_names_and_titles_literally(
    corpus_folder: Path, tmp_path: Path
) -> None:
    with AnnotationStore.open(tmp_path / "store") as store:
        store.codebook.add(HOSTILE_CODE)
    session = prepare(options([str(corpus_folder)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            await pilot.press("ctrl+p")
            found = []
            for query in ("evil", "Markup", "named"):
                await pilot.press(*query)
                await pilot.pause(0.3)
                found += unsafe_segments(app)
                if query == "Markup":
                    assert "[bold red]Markup title[/]" in screen_text(app)
                await pilot.press(*["backspace"] * len(query))
            assert not found, found[:3]
            assert app.is_running
    finally:
        session.store.close()


# --- selection ----------------------------------------------------------------------------------


async def test_selections_over_wide_and_combining_characters_give_code_point_offsets(
    corpus_folder: Path, corpus: Corpus, tmp_path: Path
) -> None:
    session = prepare(options([str(corpus_folder)], tmp_path / "store"))
    app = CasereaderApp(session)
    store = session.store
    expected: list[tuple[str, int, int]] = []

    async def select_by_keys(doc_id: str, needle: str, keys: list[str], length: int) -> None:
        """Put the cursor on ``needle``, press v and ``keys``, check, and tag with 1."""
        if not (isinstance(app.screen, DocumentScreen) and app.screen.document.id == doc_id):
            if isinstance(app.screen, DocumentScreen):
                app.pop_screen()
            app.open_document(doc_id)
            await pilot.pause()
        view = app.screen.query_one("#view", DocumentView)
        start = corpus[doc_id].text.index(needle)
        view.move_cursor(start)
        await pilot.press("v", *keys)
        assert view.selection == (start, start + length), (doc_id, needle)
        await pilot.press("1")
        # the passage saved is the selection without white space at its edges
        expected.append((doc_id, *trimmed(corpus[doc_id].text, start, start + length)))

    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            await select_by_keys("cjk.txt", "日本語", ["l", "l"], 2)
            await select_by_keys("emoji.txt", f"Family {FAMILY}", ["w", "l"], 7 + 5)
            await select_by_keys("emoji.txt", f"flag {FLAG}", ["w", "w"], 5 + 3)
            await select_by_keys("emoji.txt", THUMB, ["l"], 2)
            await select_by_keys("combining.txt", ZALGO, ["w"], len(ZALGO) + 1)
            await select_by_keys("combining.txt", "e\u0301", ["l"], 2)
            await select_by_keys("combining.txt", "\u0301 starts", ["l"], 1)
            await select_by_keys("rtl.txt", "שירותי", ["w"], 7)
            await select_by_keys("tabs.txt", "\tindented", ["l", "l"], 2)

            # A shift+drag (by character: a plain drag takes whole words, and CJK has no
            # spaces) from the right half of 日 to the left half of 語 takes all three.
            app.pop_screen()
            app.open_document("cjk.txt")
            await pilot.pause()
            view = app.screen.query_one("#view", DocumentView)
            row = 2  # title, blank line, then 日本語の文章です。
            await pilot.mouse_down(view, offset=(GUTTER + 1, row), shift=True)
            await pilot.hover(view, offset=(GUTTER + 4, row))
            await pilot.mouse_up(view, offset=(GUTTER + 4, row))
            start = corpus["cjk.txt"].text.index("日本語")
            assert view.selection == (start, start + 3)
            await pilot.press("2")
            expected.append(("cjk.txt", start, start + 3))
    finally:
        store.close()
    saved = AnnotationStore.open(tmp_path / "store", read_only=True).annotations()
    assert sorted((a.document, a.start, a.end) for a in saved) == sorted(expected)
    for annotation in saved:
        text = corpus[annotation.document].text
        assert annotation.exact == text[annotation.start : annotation.end]
        assert annotation.prefix == text[max(0, annotation.start - 32) : annotation.start]


# --- export and re-import -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(
    corpus_folder: Path, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """A store coding every document, exported in all five formats: (store, export folder)."""
    folder = tmp_path_factory.mktemp("exports")
    store = folder / "store"
    with AnnotationStore.open(store) as opened:
        code_every_document(opened, corpus)
    for format in ("json", "csv", "w3c", "qdpx", "qdc"):
        argv = ["export", str(corpus_folder), "--store", str(store), "--format", format]
        assert main([*argv, "-o", str(folder / f"out.{format}")]) == 0
    return store, folder


def passages(store: Path) -> dict[str, tuple]:
    with AnnotationStore.open(store, read_only=True) as opened:
        names = {c.id: c.name for c in opened.codebook}
        return {
            a.id: (a.document, a.start, a.end, a.exact, a.note, {names[c] for c in a.codes})
            for a in opened.annotations()
        }


def test_json_export_and_reimport_is_lossless(
    corpus_folder: Path, exported: tuple[Path, Path], tmp_path: Path, capsys
) -> None:
    store, folder = exported
    again = tmp_path / "again"
    argv = ["import", str(folder / "out.json"), str(corpus_folder), "--store", str(again)]
    assert main(argv) == 0
    with (
        AnnotationStore.open(store, read_only=True) as first,
        AnnotationStore.open(again, read_only=True) as second,
    ):
        assert second.annotations() == first.annotations()
        assert second.codebook.codes == first.codebook.codes
    assert main(["export", str(corpus_folder), "--store", str(again), "--format", "json",
                 "-o", str(tmp_path / "again.json")]) == 0  # fmt: skip
    first_export = json.loads((folder / "out.json").read_bytes())
    second_export = json.loads((tmp_path / "again.json").read_bytes())
    del first_export["exported"], second_export["exported"]
    assert second_export == first_export


def test_refi_qda_project_reimports_with_the_same_texts_and_passages(
    corpus: Corpus, exported: tuple[Path, Path], tmp_path: Path
) -> None:
    store, folder = exported
    project = tmp_path / "project.qdpx"
    project.write_bytes((folder / "out.qdpx").read_bytes())
    assert (
        main(["import", str(project), str(tmp_path / "texts"), "--store", str(tmp_path / "s")]) == 0
    )
    before, after = passages(store), passages(tmp_path / "s")
    assert set(after) == set(before)
    reimported = load_corpus(tmp_path / "texts")
    for ann_id, (doc_id, start, end, exact, note, codes) in before.items():
        new_doc, new_start, new_end, new_exact, new_note, new_codes = after[ann_id]
        assert (new_start, new_end, new_exact) == (start, end, exact)
        assert reimported[new_doc].text == corpus[doc_id].text  # texts travel whole
        # XML 1.0 cannot carry control characters: notes and code names show U+FFFD there.
        assert new_note == xml_text(note)
        assert new_codes == {xml_text(c) for c in codes}


def test_csv_w3c_and_codebook_exports_carry_the_passages_and_codes(
    corpus_folder: Path, exported: tuple[Path, Path]
) -> None:
    store, folder = exported
    before = passages(store)
    rows = list(csv.DictReader(io.StringIO((folder / "out.csv").read_bytes().decode("utf-8-sig"))))

    def unprefixed(cell: str) -> str:  # formula starts are prefixed with ' for spreadsheets
        return cell[1:] if cell.startswith("'") and cell[1:2] in "=+-@\t\r" else cell

    from_csv = {
        (unprefixed(r["document"]), int(r["start"]), int(r["end"]), unprefixed(r["text"]),
         unprefixed(r["note"]), unprefixed(r["code"]))
        for r in rows
    }  # fmt: skip
    assert from_csv == {
        (doc, start, end, exact, note, code)
        for doc, start, end, exact, note, codes in before.values()
        for code in codes
    }
    collection = json.loads((folder / "out.w3c").read_bytes())
    items = collection["first"]["items"]
    from_w3c = {
        (s[0]["exact"], s[1]["start"], s[1]["end"])
        for s in (item["target"]["selector"] for item in items)
    }
    assert from_w3c == {(exact, start, end) for _d, start, end, exact, _n, _c in before.values()}
    codebook = parse_xml((folder / "out.qdc").read_bytes(), "out.qdc")
    names = {e.get("name") for e in codebook.iter() if str(e.tag).endswith("}Code")}
    assert xml_text(HOSTILE_CODE) in names
