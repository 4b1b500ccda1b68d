"""End-to-end fixtures: terminals running the installed casereader, on this run's own tmux
server (ended when the run ends)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import CASEREADER, TMUX, Terminal, stop_server, terminal_environment


@pytest.fixture(scope="session", autouse=True)
def tmux_server() -> Iterator[None]:
    yield
    if TMUX is not None:
        stop_server()


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    return terminal_environment(tmp_path / "home")


@pytest.fixture
def run_in_terminal(tmp_path: Path, terminal_env: dict[str, str]) -> Iterator[Callable]:
    """Start ``casereader ARGS`` in a terminal (``width`` x ``height``); closed afterwards."""
    terminals: list[Terminal] = []

    def start(*args: str, width: int = 120, height: int = 36) -> Terminal:
        terminal = Terminal([CASEREADER, *args], tmp_path, terminal_env, width, height)
        terminals.append(terminal)
        return terminal

    yield start
    for terminal in terminals:
        terminal.close()
