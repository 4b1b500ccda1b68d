"""A small corpus is listed before the first frame only when that is quick: a few new PDFs
(their text not yet extracted) are listed in a worker, the app shown at once. Before, any
corpus of up to 100 files was read first: 100 new PDFs kept the terminal blank 2-3 s."""

from __future__ import annotations

from pathlib import Path

from tests.formats.writers import simple_pdf
from tests.functional.conftest import options
from tests.functional.test_reader_flow import wait_loaded
from tests.reliability.on_screen import screen_text
from tui.app import CasereaderApp
from tui.launch import prepare


def corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "note.txt").write_text("Team update\n\nCaseloads are lower.\n", encoding="utf-8")
    for n in range(3):
        simple_pdf(folder / f"report-{n}.pdf", [[f"Inspection report {n}", "Leaders know."]])
    return folder


async def test_new_pdfs_are_listed_after_the_first_frame_then_quickly_next_time(
    tmp_path: Path,
) -> None:
    folder = corpus(tmp_path / "corpus")
    session = prepare(options([str(folder)], str(tmp_path / "store")))
    assert not session.lists_quickly()  # three PDFs to extract
    app = CasereaderApp(session)
    async with app.run_test(size=(120, 30)) as pilot:
        assert app.corpus_screen.arriving  # shown before the corpus was read
        await wait_loaded(app, pilot)
        shown = screen_text(app)
        assert "Inspection report 2" in shown and "Caseloads are lower" in shown, shown
    session.store.close()
    # the listing cache knows them now: the next run lists them before its first frame
    again = prepare(options([str(folder)], str(tmp_path / "store")))
    try:
        assert again.lists_quickly()
    finally:
        again.store.close()
    # a PDF changed (or new) is to be extracted again
    simple_pdf(folder / "report-1.pdf", [["Inspection report 1, revised", "Leaders know."]])
    third = prepare(options([str(folder)], str(tmp_path / "store")))
    try:
        assert not third.lists_quickly()
    finally:
        third.store.close()


def test_text_files_alone_are_listed_before_the_first_frame(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(100):
        (folder / f"{n:03}.txt").write_text(f"Update {n}\n\nText.\n", encoding="utf-8")
    session = prepare(options([str(folder)], str(tmp_path / "store")))
    try:
        assert session.lists_quickly()
        (folder / "100.txt").write_text("One more\n", encoding="utf-8")
    finally:
        session.store.close()
    more = prepare(options([str(folder)], str(tmp_path / "store")))
    try:
        assert not more.lists_quickly()  # 101 files: a worker, as before
    finally:
        more.store.close()


async def test_nothing_readable_after_the_first_frame_ends_in_one_line(tmp_path: Path) -> None:
    # as a corpus read before the first frame does (launch prints the line, exit status 2)
    from tests.formats.writers import encrypted_pdf, scanned_pdf

    folder = tmp_path / "scans"
    folder.mkdir()
    scanned_pdf(folder / "a.pdf")
    encrypted_pdf(folder / "b.pdf")
    session = prepare(options([str(folder)], str(tmp_path / "store")))
    app = CasereaderApp(session)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_loaded(app, pilot)
    session.store.close()
    assert app.return_code == 2
    assert app.unreadable == (
        f"no readable documents in {folder}: skipped a.pdf: no text layer: needs OCR and 1 more"
    )


def test_a_skipped_file_is_named_by_its_path_in_the_corpus(tmp_path: Path) -> None:
    # fifteen folders may each hold a locked.pdf: the name alone does not say which
    from tests.formats.writers import scanned_pdf

    folder = tmp_path / "corpus"
    (folder / "set01").mkdir(parents=True)
    (folder / "note.txt").write_text("Team update\n\nCaseloads are lower.\n", encoding="utf-8")
    scanned_pdf(folder / "set01" / "scan.pdf")
    session = prepare(options([str(folder)], str(tmp_path / "store")))
    try:
        session.read_corpus()
        assert session.skipped == ["set01/scan.pdf: no text layer: needs OCR"]
    finally:
        session.store.close()
