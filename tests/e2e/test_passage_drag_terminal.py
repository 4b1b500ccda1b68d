"""End to end: a passage's edge dragged with the mouse in a real terminal (tmux), the mouse
sent as the terminal sends it (SGR 1006 reports: press, motion with the button held, release)
to the installed ``casereader``; the store on disk holds the same passage with new bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store import AnnotationStore
from tests.e2e.terminal import TMUX, Terminal

pytestmark = pytest.mark.e2e

REPORT = (
    "Children's services inspection\n\n"
    "Attendance was 58%, slightly above the national average, and rising. "
    "Leaders know their services well.\n\n"
    "Managers have a clear plan for improvement."
)


def mouse(terminal: Terminal, code: int, column: int, row: int, final: str) -> None:
    """One SGR mouse report at a 0-based screen cell (code 0: the left button; +32: moved)."""
    report = f"\x1b[<{code};{column + 1};{row + 1}{final}".encode()
    terminal.burst(["-H", *(f"{byte:02x}" for byte in report)])


def where(screen: str, text: str, skip: int = 0) -> tuple[int, int]:
    """The screen cell (column, row) of the character ``skip`` after ``text`` begins."""
    for row, line in enumerate(screen.splitlines()):
        if text in line:
            return line.index(text) + skip, row
    raise AssertionError(f"{text!r} is not on screen:\n{screen}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_dragging_a_passage_end_in_a_terminal_widens_it(tmp_path: Path, run_in_terminal) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-report.txt").write_text(REPORT, encoding="utf-8")
    store = tmp_path / "store"
    terminal = run_in_terminal(str(corpus), "--store", str(store), "--coder", "e2e", height=30)
    terminal.wait_for("1 document")
    terminal.keys("Enter")
    terminal.wait_for("Annotations")
    terminal.keys(")", "s", "1")
    screen = terminal.wait_for("Annotations (1)")
    with AnnotationStore.open(store, read_only=True) as reader:
        (before,) = reader.annotations()
    last = where(screen, "rising.", len("rising.") - 1)
    inside = where(screen, "services well", 3)
    mouse(terminal, 0, *last, "M")
    mouse(terminal, 32, *inside, "M")
    terminal.wait_for("release keeps, escape cancels")
    mouse(terminal, 0, *inside, "m")
    terminal.wait_for("passage widened by 4 words at its end (u undoes)")
    with AnnotationStore.open(store, read_only=True) as reader:
        (after,) = reader.annotations()
    assert after.exact == before.exact + " Leaders know their services"
    assert (after.id, after.codes, after.created, after.coder) == (
        before.id,
        before.codes,
        before.created,
        before.coder,
    )
    terminal.keys("q")
    assert terminal.wait_exit() == 0
