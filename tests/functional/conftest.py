"""Fixtures for driving the real app with Textual's pilot on a copy of the seeds."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
import textual.constants

from tui.launch import prepare
from tui.session import Session


def options(paths: list[str], store: Path, **extra: object) -> argparse.Namespace:
    values = {
        "paths": paths,
        "store": str(store),
        "coder": "tester",
        "zone": "Europe/London",
        "read_only": False,
    }
    values.update(extra)
    return argparse.Namespace(**values)


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the same colours whatever terminal runs them (TERM=xterm detects 16 colours);
    a test of another colour system sets ``textual.constants.COLOR_SYSTEM`` itself."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "truecolor")


@pytest.fixture
def make_session(seeds_copy: Path, tmp_path: Path) -> Callable[..., Session]:
    sessions: list[Session] = []

    def make(**extra: object) -> Session:
        session = prepare(options([str(seeds_copy)], tmp_path / "store", **extra))
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.store.close()
