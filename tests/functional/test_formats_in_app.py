"""The app on a folder of every format: badges in the list, the extractor and pages in the
detail pane; the corpus's zone set with z; a mentioned date and a place in the detail pane."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotations.dateline.setting import zone_setting
from tests.formats.mixed import mixed_corpus
from tests.functional.conftest import options
from tests.functional.test_reader_flow import wait_loaded
from tests.reliability.on_screen import notifications, screen_text
from tui.app import CasereaderApp
from tui.launch import prepare


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mixed_corpus(tmp_path_factory.mktemp("mixed") / "corpus")


def pane(app: CasereaderApp) -> str:
    """The detail pane as drawn, its lines joined (wrapping is free)."""
    region = app.screen.query_one("#detail").region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return flat(" ".join(line[region.x : region.right].replace("▏", " ") for line in lines))


async def go_to(app: CasereaderApp, pilot, doc_id: str) -> None:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#documents")
    index = next(i for i, d in enumerate(table.rows) if d.id == doc_id)
    table.move_cursor(index)
    await pilot.pause()


async def test_badges_in_the_list_and_the_extractor_and_pages_in_the_detail_pane(
    written: Path, tmp_path: Path
) -> None:
    corpus = Path(shutil.copytree(written, tmp_path / "corpus"))
    session = prepare(options([str(corpus)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=(170, 40)) as pilot:
            await wait_loaded(app, pilot)
            shown = flat(screen_text(app))
            for badge, title in (
                ("PDF", "Inspection of children’s services"),
                ("EML", "Visit to Oak House – follow-up"),
                ("MSG", "Visit to Oak House"),
                ("ODT", "Minutes of the corporate parenting panel"),
                ("HTML", "Ofsted praises Kent"),
            ):
                assert f"{badge} {title}" in shown, (badge, shown)
            assert "TXT Notes" not in shown  # plain text has no badge
            said = " ".join(message for _severity, message in notifications(app))
            assert "scan.pdf: no text layer: needs OCR" in said
            assert "locked.pdf: encrypted PDF" in said
            await go_to(app, pilot, "inspection.pdf")
            detail = pane(app)
            assert "format PDF, 4 pages" in detail
            assert "extractor casereader.formats.pdf 1 (pypdfium2" in detail
            assert "page 4: no text layer: needs OCR" in detail
            await go_to(app, pilot, "visit.eml")
            detail = pane(app)
            assert "dated by the file's metadata (email Date header)" in detail
            assert "UTC-05:00, written in the text" in detail
    finally:
        session.store.close()


PROSE = "Council notes\n\nThe panel met between 29 April and 3 May 2024 to hear the appeals.\n"
RELEASE = (
    "Police release\n\nHobart, Tasmania\n\nPublished 3 March 2021 at 10:00\n\nA road closed.\n"
)


async def test_z_sets_the_corpus_zone_saves_it_and_reads_the_datelines_again(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text(PROSE)
    (corpus / "release.txt").write_text(RELEASE)
    session = prepare(options([str(corpus)], tmp_path / "store"))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=(170, 40)) as pilot:
            await wait_loaded(app, pilot)
            await go_to(app, pilot, "notes.txt")
            detail = pane(app)
            assert "dateline none found" in detail
            assert "mentioned 3 May 2024 (03 May 2024)" in detail
            await go_to(app, pilot, "release.txt")
            detail = pane(app)
            assert "place Hobart -> Australia/Hobart" in detail
            await pilot.press("z")
            await pilot.pause()
            await pilot.press(*"Mars/Base", "enter")
            await pilot.pause()
            assert ("error", "unknown time zone 'Mars/Base': use an IANA name or UTC+HH:MM") in (
                notifications(app)
            )
            assert zone_setting(corpus) is None
            await pilot.press("z")
            await pilot.pause()
            await pilot.press(*"Asia/Tokyo", "enter")
            for _ in range(50):
                await pilot.pause(0.05)
                if "Asia/Tokyo" in flat(screen_text(app)):
                    break
            assert zone_setting(corpus) == "Asia/Tokyo"
            dateline = session.documents["release.txt"].dateline
            assert dateline is not None and dateline.zone == "Asia/Tokyo"
            assert dateline.zone_source == "setting"
            assert "Asia/Tokyo, the corpus's setting" in pane(app)
            for _ in range(50):  # the status line says the list was read again
                if "listed 2 document(s) with the new zone" in flat(screen_text(app)):
                    break
                await pilot.pause(0.05)
            assert "listed 2 document(s) with the new zone" in flat(screen_text(app))
    finally:
        session.store.close()
