"""Shared fixtures: the repository's seeds and a copy of them to write into; the whole run in a
temporary HOME (see tests/isolation.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.isolation import changes, isolated, root_entries, snapshot, watched_folders

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


@pytest.fixture(scope="session", autouse=True)
def temporary_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test, and every process it starts, sees a temporary HOME and XDG folders; at the
    end, anything new or changed in the real casereader folders, or a new file in the
    repository's root (an export written to the working folder), fails the run."""
    watched = watched_folders()
    before = snapshot(watched)
    root = Path(__file__).resolve().parent.parent
    in_root = root_entries(root)
    home = tmp_path_factory.mktemp("home")
    with isolated(home):
        yield home
    leaked = changes(before, snapshot(watched))
    leaked += [f"{root / name} (new)" for name in sorted(root_entries(root) - in_root)]
    if leaked:
        pytest.fail(
            "the test run wrote outside its temporary folders: " + ", ".join(leaked[:20]),
            pytrace=False,
        )
