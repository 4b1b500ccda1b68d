"""An SSH connection dropping (SIGHUP) or the system stopping casereader (SIGTERM) while a
note is being written: the note is kept as a draft on disk, the terminal is given back as it
was (no alternate screen, no mouse reporting), and the next session offers the draft back."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from annotations.drafts import read_drafts
from tests.e2e.terminal import CASEREADER, TMUX, Terminal, tmux

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(TMUX is None, reason="tmux is not installed")]


def pane(terminal: Terminal, variable: str) -> str:
    return tmux("display", "-p", "-t", terminal.name, f"#{{{variable}}}").strip()


def casereader_pid(terminal: Terminal) -> int:
    """The casereader process in the pane (its shell runs ``casereader ...; echo ...``)."""
    shell = pane(terminal, "pane_pid")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["pgrep", "-P", shell, "-f", "casereader"], capture_output=True, text=True
        ).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.2)
    raise AssertionError("no casereader process in the pane")


def wait_until(check, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} never happened")


@pytest.mark.parametrize("ending", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_note_being_written_survives_the_signal_and_the_terminal_is_restored(
    seeds_copy: Path, tmp_path: Path, terminal_env: dict[str, str], ending: signal.Signals
) -> None:
    store = tmp_path / "store"
    command = [CASEREADER, str(seeds_copy), "--store", str(store), "--coder", "e2e"]
    terminal = Terminal(command, tmp_path, terminal_env)
    try:
        terminal.wait_for("Support of all needed")
        terminal.keys("Enter")
        terminal.wait_for("Annotations")
        terminal.keys("v", "w", "w", "w", "1")
        terminal.wait_for("Annotations (1)")
        terminal.keys("n")
        terminal.wait_for("Save (ctrl+s)")
        terminal.keys("unsaved words of a note")
        terminal.wait_for("unsaved words of a note")
        assert pane(terminal, "alternate_on") == "1"
        assert pane(terminal, "mouse_any_flag") == "1"

        process = casereader_pid(terminal)
        subprocess.run(["kill", f"-{ending.name[3:]}", str(process)], check=True)
        wait_until(
            lambda: subprocess.run(["kill", "-0", str(process)], capture_output=True).returncode,
            "casereader ending",
        )
        wait_until(lambda: pane(terminal, "alternate_on") == "0", "leaving the alternate screen")
        for flag in ("mouse_any_flag", "mouse_button_flag", "mouse_sgr_flag"):
            assert pane(terminal, flag) == "0", flag
        assert "Traceback" not in terminal.screen()

        drafts = read_drafts(store)
        assert [d.text for d in drafts.values()] == ["unsaved words of a note"]
        assert [d.document for d in drafts.values()] == ["003_93d7185cc9cb614b.txt"]
    finally:
        terminal.close()

    again = Terminal(command, tmp_path, terminal_env)
    try:
        again.wait_for("Annotations (1)")  # it reopens the document, where it was left
        again.keys("[", "n")
        screen = again.wait_for("Restored the unsaved text")
        assert "unsaved words of a note" in screen
        again.keys("C-s")
        again.wait_for("note saved")
        again.wait_for("✎ unsaved words")  # (the panel may cut the rest on a narrow terminal)
        assert read_drafts(store) == {}
        again.keys("Escape", "q")
    finally:
        again.close()
