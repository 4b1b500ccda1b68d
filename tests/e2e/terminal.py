"""A real terminal for the end-to-end tests: the installed ``casereader`` in tmux.

Every test run has a tmux server of its own (a private socket), so sessions of other runs on
the same machine, and their sizes and options, never mix with ours. A terminal runs one
command, then prints ``[exited N]`` with the command's exit status and waits, so a test can
read the status and any traceback left on screen.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.isolation import home_env

TMUX = shutil.which("tmux")
CASEREADER = shutil.which("casereader") or str(Path(sys.executable).parent / "casereader")
SOCKET = f"casereader-tests-{os.getpid()}"
"""This run's own tmux server."""
EXITED = re.compile(r"\[exited (\d+)\]")


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def tmux(*args: str) -> str:
    result = subprocess.run(
        [TMUX or "tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=True
    )
    return result.stdout


def stop_server() -> None:
    """End this run's tmux server (only ours: it has a socket of its own)."""
    subprocess.run([TMUX or "tmux", "-L", SOCKET, "kill-server"], capture_output=True)


def terminal_environment(home: Path) -> dict[str, str]:
    """A terminal's environment: its own HOME and XDG folders (tests/isolation.py)."""
    return {
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        **home_env(home),
    }


class Terminal:
    """One detached tmux session running a command at a given size."""

    def __init__(
        self,
        command: list[str],
        cwd: Path,
        env: dict[str, str],
        width: int = 120,
        height: int = 36,
    ) -> None:
        self.name = f"casereader-{uuid.uuid4().hex[:8]}"
        shell_command = " ".join(f"'{part}'" for part in command)
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            "-c",
            str(cwd),
            *env_args,
            shell_command + '; echo "[exited $?]"; sleep 60',
        )

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def history(self) -> str:
        """The screen with what scrolled off it, long lines joined."""
        return tmux("capture-pane", "-p", "-J", "-S", "-5000", "-t", self.name)

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        """Send tmux key names (``Enter``, ``C-p``, ``NPage``) or characters, one by one."""
        for key in keys:
            tmux("send-keys", "-t", self.name, key)
            time.sleep(pause)

    def burst(self, keys: list[str]) -> None:
        """Send keys at once, as fast as tmux types them."""
        tmux("send-keys", "-t", self.name, *keys)

    def resize(self, width: int, height: int) -> None:
        tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def size(self) -> tuple[int, int]:
        shown = tmux("display-message", "-p", "-t", self.name, "#{pane_width} #{pane_height}")
        width, height = shown.split()
        return int(width), int(height)

    def exit_status(self) -> int | None:
        """The command's exit status once it has ended, else None."""
        found = EXITED.search(self.history())
        return int(found.group(1)) if found else None

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if flat(text) in flat(screen):  # a long line may wrap anywhere on screen
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_until(self, check, what: str, timeout: float = 20.0) -> str:
        """Wait until ``check(screen)`` holds; the error shows the last screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what} never happened; the screen was:\n{screen}")

    def wait_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.exit_status()
            if status is not None:
                return status
            time.sleep(0.2)
        raise AssertionError(f"the command did not end; the screen was:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(
            [TMUX or "tmux", "-L", SOCKET, "kill-session", "-t", self.name], capture_output=True
        )
