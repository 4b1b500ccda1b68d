"""Shared fixtures: the repository's seeds and a copy of them to write into."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red CI is a real regression, not a new random
# find); local runs explore new ones each time. No deadlines: CI machines vary in speed.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def own_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The reader's theme and panel choices made by a test go to its own folder, never to the
    user's config (a key test that pressed P once hid the panel in a real session)."""
    path = tmp_path / "settings" / "settings.json"
    monkeypatch.setenv("CASEREADER_SETTINGS", str(path))
    return path


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target
