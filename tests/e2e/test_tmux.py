"""End to end: the installed ``casereader`` in a real terminal (tmux), driven by keys."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from tinydb import TinyDB

from annotations.interchange.json_format import json_schema

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
CASEREADER = shutil.which("casereader") or str(Path(sys.executable).parent / "casereader")


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def tmux(*args: str) -> str:
    result = subprocess.run([TMUX or "tmux", *args], capture_output=True, text=True, check=True)
    return result.stdout


class Terminal:
    """One detached tmux session running a command at a fixed size."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.name = f"casereader-{uuid.uuid4().hex[:8]}"
        shell_command = " ".join(f"'{part}'" for part in command)
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            "120",
            "-y",
            "36",
            "-c",
            str(cwd),
            *env_args,
            shell_command + "; sleep 30",
        )

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        for key in keys:
            tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if flat(text) in flat(screen):  # a long line may wrap anywhere on screen
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    return {
        "TERM": "xterm-256color",
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }


@pytest.fixture
def run_in_terminal(tmp_path: Path, terminal_env: dict[str, str]) -> Iterator:
    terminals: list[Terminal] = []

    def start(*args: str) -> Terminal:
        terminal = Terminal([CASEREADER, *args], tmp_path, terminal_env)
        terminals.append(terminal)
        return terminal

    yield start
    for terminal in terminals:
        terminal.close()


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_code_a_passage_quit_and_find_it_in_the_store(
    seeds_copy: Path, tmp_path: Path, run_in_terminal
) -> None:
    store = tmp_path / "store"
    terminal = run_in_terminal(str(seeds_copy), "--store", str(store), "--coder", "e2e")
    terminal.wait_for("Support of all needed")
    # Sorted by date, the 2009 blog post comes first; open it.
    terminal.keys("Enter")
    terminal.wait_for("Annotations")
    terminal.keys("v", "w", "w", "w", "1")
    terminal.wait_for("strength")
    terminal.keys("Escape", "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "casereader" in terminal.screen().split("\n")[0]:
        time.sleep(0.2)
    result = subprocess.run(
        [
            CASEREADER,
            "export",
            str(seeds_copy),
            "--store",
            str(store),
            "--format",
            "json",
            "-o",
            str(tmp_path / "out.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json_schema()).validate(exported)
    # On disk: plain TinyDB files that stock TinyDB reads, holding the one passage.
    on_disk = []
    for file in sorted((store / "docs").glob("*.json")):
        with TinyDB(file, access_mode="r") as db:
            on_disk += db.table("annotations").all()
    assert [(a["codes"], a["coder"]) for a in on_disk] == [(["strength"], "e2e")]
    passages = [a for d in exported["documents"] for a in d["annotations"]]
    assert len(passages) == 1
    assert passages[0]["codes"] == ["strength"]
    assert passages[0]["coder"] == "e2e"
    assert passages[0]["document"] == "003_93d7185cc9cb614b.txt"
    assert passages[0]["exact"] == "Support of all needed "[: len(passages[0]["exact"])]


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_markup_and_escapes_in_a_document_do_not_reach_the_terminal(
    tmp_path: Path, run_in_terminal
) -> None:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Hostile title [bold red]x[/] here\n\nBody \x1b[2J\x1b]52;c;aGVsbG8=\x07 "
        "[link=file:///etc/passwd]y[/link] [@click=app.quit]z[/]\n",
        encoding="utf-8",
    )
    terminal = run_in_terminal(str(corpus), "--store", str(tmp_path / "s"))
    screen = terminal.wait_for("Hostile title [bold red]x[/] here")
    terminal.keys("Enter")
    screen = terminal.wait_for("[link=file:///etc/passwd]y[/link]")
    assert "[@click=app.quit]z[/]" in screen
    assert "␛" in screen
    terminal.keys("Escape", "q")
