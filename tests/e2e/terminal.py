"""A real terminal for the end-to-end tests: the installed ``casereader`` in tmux.

Every test run has a tmux server of its own (a private socket), so sessions of other runs on
the same machine, and their sizes and options, never mix with ours. A terminal runs one
command, then prints ``[exited N]`` with the command's exit status; the pane stays on screen
(``remain-on-exit``), so a test can read the status and any traceback left there, and keys
sent after the end go nowhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from tests.isolation import home_env

TMUX = shutil.which("tmux")
CASEREADER = shutil.which("casereader") or str(Path(sys.executable).parent / "casereader")
SOCKET = f"casereader-tests-{os.getpid()}"
"""This run's own tmux server."""
EXITED = re.compile(r"\[exited (\d+)\]")


class TmuxError(RuntimeError):
    """A tmux command failed; its message is what tmux said."""


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def tmux(*args: str) -> str:
    # The environment as Python knows it: the server's panes inherit it (see isolation.STALE).
    result = subprocess.run(
        [TMUX or "tmux", "-L", SOCKET, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    if result.returncode != 0:
        raise TmuxError(f"tmux {args[0]}: {result.stderr.strip() or result.returncode}")
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


def process_group(group: int) -> list[tuple[int, str, str]]:
    """(pid, state, command) of each process of a process group; state ``T`` is stopped."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, UnicodeDecodeError):
            continue
        if len(fields) > 2 and int(fields[2]) == group:
            found.append((int(stat.parent.name), fields[0], command.strip()))
    return found


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
        self.status_file = cwd / f".{self.name}.status"
        shell_command = " ".join(f"'{part}'" for part in command)
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self._open(
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
            # The shell outlives a ctrl+c or ctrl+z typed after the command ended, to say how
            # it ended (a trap is a handler: the command itself keeps the default for both).
            f"trap true INT TSTP; {shell_command}; "
            f"status=$?; echo $status > '{self.status_file}'; echo \"[exited $status]\"",
            # In the same breath as the session, before its command can end.
            ";",
            "set-option",
            "-w",
            "-t",
            self.name,
            "remain-on-exit",
            "on",
        )

    @staticmethod
    def _open(*args: str) -> None:
        """tmux, again if the server was just ending (its last session closed a moment ago)."""
        for attempt in range(5):
            try:
                tmux(*args)
                return
            except TmuxError as error:
                if "server exited" not in str(error) or attempt == 4:
                    raise
                time.sleep(0.2)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def history(self) -> str:
        """The screen with what scrolled off it, long lines joined."""
        return tmux("capture-pane", "-p", "-J", "-S", "-5000", "-t", self.name)

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        """Send tmux key names (``Enter``, ``C-p``, ``NPage``) or characters, one by one."""
        for key in keys:
            self.burst([key])
            time.sleep(pause)

    def burst(self, keys: list[str]) -> None:
        """Send keys at once, as fast as tmux types them (to nothing once the command ended)."""
        try:
            tmux("send-keys", "-t", self.name, *keys)
        except TmuxError:
            if not self.ended():
                raise

    def resize(self, width: int, height: int) -> None:
        tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def size(self) -> tuple[int, int]:
        shown = tmux("display-message", "-p", "-t", self.name, "#{pane_width} #{pane_height}")
        width, height = shown.split()
        return int(width), int(height)

    def ended(self) -> bool:
        return tmux("display-message", "-p", "-t", self.name, "#{pane_dead}").strip() == "1"

    def group(self) -> int:
        """The process group of the terminal's shell and command."""
        return int(tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip() or 0)

    def processes(self) -> str:
        """The terminal's processes and their states, for a message."""
        found = process_group(self.group())
        return "; ".join(f"{pid} {state} {command[:80]}" for pid, state, command in found)

    def resume(self) -> None:
        """Continue the command if a ctrl+z stopped it: typed while it was ending (its
        terminal back in the usual mode), ctrl+z suspends it as it would any program."""
        group = self.group()
        if group and any(state == "T" for _, state, _ in process_group(group)):
            with contextlib.suppress(OSError):
                os.killpg(group, signal.SIGCONT)

    def kill(self) -> None:
        """End the command at once (the shell stays to say how it ended)."""
        for pid, _, command in process_group(self.group()):
            if "casereader" in command and not command.startswith(("bash", "sh ")):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)

    def exit_status(self) -> int | None:
        """The command's exit status once it has ended, else None."""
        if not self.ended():
            return None
        found = EXITED.search(self.history())
        if found:
            return int(found.group(1))
        try:  # the terminal could not be written to: the file says it all the same
            return int(self.status_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if flat(text) in flat(screen):  # a long line may wrap anywhere on screen
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_until(self, check: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
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
            self.resume()
            status = self.exit_status()
            if status is not None:
                return status
            time.sleep(0.2)
        raise CommandDidNotEnd(
            f"the command did not end ({self.processes()}); the screen was:\n{self.screen()}"
        )

    def close(self) -> None:
        subprocess.run(
            [TMUX or "tmux", "-L", SOCKET, "kill-session", "-t", self.name], capture_output=True
        )


class CommandDidNotEnd(AssertionError):
    """The command was still running when the test expected it to have ended."""
