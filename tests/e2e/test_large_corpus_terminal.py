"""The installed casereader on 1,000 and 10,000 documents, in tmux at 120x36 and 80x24.

What the user sees, read from ``tmux capture-pane``: rows with titles and dates within a few
seconds, the progress bar running to its end, the filter narrowing the list, a document
opening, a passage tagged; after quitting, the tag is in the store, read with stock TinyDB.
Each corpus (nested folders, varied datelines and titles) is generated once for the module.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

from tests.e2e.corpus_maker import LANDMARKS, make_corpus
from tests.e2e.terminal import TMUX

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
]

ROW = re.compile(r"^ ?(\d{4}-\d\d-\d\d)\b.*?\s+([A-Z][a-z]+(?: [\w’']+){2,})", re.MULTILINE)
"""A document row as drawn: its local date, then (after the time, and UTC where the terminal
is wide enough) a title of several words."""
FIRST_ROWS = 10.0
"""Seconds within which the first rows must be drawn."""
EARLIEST, FILTERED = LANDMARKS


@pytest.fixture(scope="module", params=[1_000, 10_000], ids=["1k", "10k"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    size = request.param
    return size, make_corpus(tmp_path_factory.mktemp(f"corpus{size}") / "reports", size)


def annotations_on_disk(store: Path) -> list[dict]:
    found = []
    for file in sorted((store / "docs").glob("*.json")):
        with TinyDB(file, access_mode="r") as db:
            found += db.table("annotations").all()
    return found


def back_to_the_list(terminal, count: int) -> None:
    """Escape until the list shows again (the first may only clear a selection)."""
    for _ in range(3):
        terminal.keys("Escape")
        try:
            terminal.wait_for(f"of {count} documents · sorted by date", timeout=5)
            return
        except AssertionError:
            continue
    raise AssertionError(f"escape never led back to the list:\n{terminal.screen()}")


@pytest.mark.parametrize("size_of_terminal", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_a_large_corpus_lists_filters_opens_and_codes(
    corpus, size_of_terminal: tuple[int, int], tmp_path: Path, run_in_terminal
) -> None:
    count, folder = corpus
    width, height = size_of_terminal
    store = tmp_path / "store"
    started = time.monotonic()
    terminal = run_in_terminal(
        str(folder), "--store", str(store), "--coder", "e2e", width=width, height=height
    )

    # Rows with dates and titles, within a few seconds, while the rest is still being read.
    screen = terminal.wait_until(
        lambda s: len(ROW.findall(s)) >= 5, "rows with dates and titles", FIRST_ROWS
    )
    assert time.monotonic() - started < FIRST_ROWS
    assert "documents · sorted by date" in screen

    # The progress bar runs to its end and goes; every document is counted.
    screen = terminal.wait_until(
        lambda s: f"{count} documents · sorted by date" in s and "%" not in s,
        f"the list of all {count} documents",
        timeout=90,
    )
    rows = ROW.findall(screen)
    assert len(rows) >= height - 8, screen  # the list fills the screen
    assert rows[0] == (EARLIEST.date, rows[0][1]) and rows[0][1].startswith("Earliest")
    dates = [date for date, _ in rows]
    assert dates == sorted(dates)

    # The filter narrows the list to the one document about Wexcombe.
    terminal.keys("/")
    terminal.keys(*"Wexcombe", pause=0.03)
    screen = terminal.wait_for(f"1 of {count} documents")
    assert [date for date, _ in ROW.findall(screen)] == [FILTERED.date]
    assert "Kinship carers in Wexcombe" in screen

    # Open it, tag the first words with the first code, and quit.
    terminal.keys("Enter", "Enter")
    terminal.wait_for("Kinship carers in Wexcombe told the council")
    terminal.keys("v", "w", "w", "w", "1")
    screen = terminal.wait_for("tagged strength")
    assert "saved" in screen
    back_to_the_list(terminal, count)
    terminal.keys("q")
    assert terminal.wait_exit() == 0
    assert "Traceback" not in terminal.history()

    # On disk, in plain TinyDB files that stock TinyDB reads.
    [annotation] = annotations_on_disk(store)
    assert annotation["document"] == FILTERED.path
    assert annotation["codes"] == ["strength"]
    assert annotation["coder"] == "e2e"
    assert annotation["exact"].startswith("Kinship carers")
