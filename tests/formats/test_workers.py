"""Extraction in worker processes: every file gives one result, hostile files cost at most a
timeout or a capped worker, and the caller never sees an exception."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from annotations.formats import Extraction, ExtractionFailure, extract_files
from annotations.formats.workers import ExtractionPool, Source
from tests.formats import bombs, writers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as users have them: every format, and files that cannot be read."""
    folder = tmp_path_factory.mktemp("mixed")
    writers.report_pdf(folder / "inspection.pdf")
    writers.report_docx(folder / "letter.docx")
    writers.report_odt(folder / "minutes.odt")
    (folder / "news.html").write_text(writers.NEWS_PAGE, encoding="utf-8")
    writers.html_only_email(folder / "agenda.eml")
    writers.outlook_message(folder / "visit.msg", headers=None)
    (folder / "notes.txt").write_text("Visit notes\n\nAll well.\n", encoding="utf-8")
    writers.scanned_pdf(folder / "scan.pdf")
    writers.encrypted_pdf(folder / "locked.pdf")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "bomb.docx").write_bytes(bombs.zip_bomb_docx())
    (folder / "spreadsheet.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "folder.pdf").mkdir()
    os.mkfifo(folder / "pipe.rtf")
    return folder


def by_name(folder: Path, **options: Any) -> dict[str, Extraction | ExtractionFailure]:
    results = dict(extract_files(sorted(folder.iterdir()), **options))
    assert len(results) == len(list(folder.iterdir()))
    return {path.name: result for path, result in results.items()}


def test_every_file_gives_its_text_or_its_reason(mixed: Path) -> None:
    results = by_name(mixed, workers=2, timeout=60)
    texts = {name: r for name, r in results.items() if isinstance(r, Extraction)}
    assert texts["inspection.pdf"].text.startswith("Inspection of children’s services\n\n")
    assert texts["letter.docx"].text.startswith("Inspection of children’s services\n\n")
    assert texts["minutes.odt"].text.startswith("Minutes of the corporate parenting panel")
    assert texts["news.html"].text.startswith("Ofsted praises Kent fostering service | Kent")
    assert texts["agenda.eml"].text.startswith("From: Priya Shah")
    assert texts["visit.msg"].text.startswith("From: Alex Brown")
    assert texts["notes.txt"].text == "Visit notes\n\nAll well.\n"
    assert texts["notes.txt"].format == "txt"
    failures = {
        name: (r.reason, r.message)
        for name, r in results.items()
        if isinstance(r, ExtractionFailure)
    }
    assert failures == {
        "scan.pdf": ("no_text", "no text layer: needs OCR"),
        "locked.pdf": ("encrypted", "encrypted PDF: it needs a password to open"),
        "broken.docx": ("corrupt", failures["broken.docx"][1]),
        "bomb.docx": ("unsafe", failures["bomb.docx"][1]),
        "spreadsheet.xlsx": ("unsupported", "unsupported file type .xlsx"),
        "folder.pdf": ("unreadable", "not a regular file"),
        "pipe.rtf": ("unreadable", "not a regular file"),
    }
    assert failures["broken.docx"][1].startswith("damaged Word file")
    assert "zip bomb" in failures["bomb.docx"][1]


def test_a_file_that_takes_too_long_is_stopped_and_the_rest_go_on(tmp_path: Path) -> None:
    slow = Source("slow.pdf", bombs.many_pages(3000), "pdf")
    quick = Source("quick.html", b"<title>Quick</title><p>A short page of text.</p>", "html")
    started = time.monotonic()
    with ExtractionPool(workers=1, timeout=1.5) as pool:
        results = {source.key: result for source, result in pool.map([slow, quick])}
        assert pool.started == 2  # the slow file's worker was killed and replaced
    assert time.monotonic() - started < 10
    failure = results["slow.pdf"]
    assert isinstance(failure, ExtractionFailure) and failure.reason == "timeout"
    assert failure.message == "extraction took longer than 1.5 s; stopped"
    assert isinstance(results["quick.html"], Extraction)


def test_a_decompression_bomb_meets_the_memory_cap_and_the_rest_go_on() -> None:
    bomb = Source("bomb.pdf", bombs.flate_bomb(1 << 30), "pdf")
    after = Source("after.pdf", bombs.page_count_bomb(3), "pdf")
    with ExtractionPool(workers=1, timeout=60, memory=512 << 20) as pool:
        results = {source.key: result for source, result in pool.map([bomb, after])}
    failure = results["bomb.pdf"]
    assert isinstance(failure, ExtractionFailure)
    assert failure.reason in ("memory", "crashed")
    assert "512 MiB" in failure.message
    assert isinstance(results["after.pdf"], Extraction)
    assert results["after.pdf"].pages == 3


def test_pdf_bombs_of_pages_and_nesting_are_answered_quickly() -> None:
    sources = [
        Source("pages", bombs.page_count_bomb(1_000_000), "pdf"),
        Source("counted", bombs.page_count_bomb(20_000), "pdf"),
        Source("nested", bombs.nested_objects(200_000), "pdf"),
    ]
    started = time.monotonic()
    with ExtractionPool(workers=2, timeout=30) as pool:
        results = {source.key: result for source, result in pool.map(sources)}
    assert time.monotonic() - started < 20
    pages, counted = results["pages"], results["counted"]
    assert isinstance(pages, ExtractionFailure) and pages.reason in ("corrupt", "too_large")
    assert isinstance(counted, ExtractionFailure) and counted.reason == "too_large"
    assert isinstance(results["nested"], Extraction)


def test_a_caller_that_stops_early_leaves_no_worker_behind() -> None:
    sources = [Source(n, bombs.page_count_bomb(2), "pdf") for n in range(6)]
    pool = ExtractionPool(workers=2, timeout=30)
    for _source, _result in pool.map(sources):
        break
    workers = list(pool._all)
    pool.close()
    assert workers and all(worker.process.poll() is not None for worker in workers)


def test_workers_leave_when_their_caller_is_killed(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from annotations.formats.workers import ExtractionPool, Source\n"
        "from tests.formats import bombs\n"
        "pool = ExtractionPool(workers=1, timeout=600)\n"
        "results = pool.map([Source('slow', bombs.many_pages(9000), 'pdf')])\n"
        "import threading\n"
        "threading.Thread(target=lambda: list(results), daemon=True).start()\n"
        "while not pool._all: time.sleep(0.05)\n"
        "print(pool._all[0].process.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    caller = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert caller.stdout is not None
    worker = int(caller.stdout.readline())
    time.sleep(0.5)  # the worker is busy with its file
    caller.send_signal(signal.SIGKILL)
    caller.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] not in "ZX"
    except FileNotFoundError:
        return False


def test_a_worker_gives_the_same_text_as_extracting_here(mixed: Path) -> None:
    """Offsets never shift: the text does not depend on where or how often it is made."""
    from annotations.formats import extract_bytes, format_of

    names = ["inspection.pdf", "letter.docx", "minutes.odt", "news.html", "visit.msg"]
    paths = [mixed / name for name in names]
    first = dict(extract_files(paths, workers=2))
    second = dict(extract_files(reversed(paths), workers=1))
    for path in paths:
        here = extract_bytes(path.read_bytes(), format_of(path) or "")
        assert first[path] == second[path] == here
