"""The suite runs in a temporary HOME and would notice a write to the real user folders."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import platformdirs

from tests.isolation import XDG, changes, home_env, snapshot, watched_folders

REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)


def test_home_and_every_xdg_folder_are_temporary(temporary_home: Path) -> None:
    assert Path(os.environ["HOME"]) == temporary_home
    assert temporary_home != REAL_HOME
    for var in XDG:
        assert Path(os.environ[var]).is_relative_to(temporary_home), var
    assert "CASEREADER_KEYMAP" not in os.environ


def test_platformdirs_points_into_the_temporary_home(temporary_home: Path) -> None:
    for folder in (
        platformdirs.user_data_dir("casereader"),
        platformdirs.user_config_dir("casereader"),
        platformdirs.user_cache_dir("casereader"),
        platformdirs.user_state_dir("casereader"),
        str(Path("~").expanduser()),
    ):
        assert Path(folder).is_relative_to(temporary_home), folder


def test_a_subprocess_stores_the_bundled_corpus_in_the_temporary_home(
    temporary_home: Path,
) -> None:
    # The bundled seeds' store lives in the user data folder: a child process puts it in ours.
    script = (
        "from annotations.corpus import bundled_seeds\n"
        "from annotations.store import AnnotationStore, default_store_location\n"
        "folder = default_store_location(bundled_seeds(), bundled=True)\n"
        "AnnotationStore.open(folder).close()\n"
        "print(folder)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert folder.is_relative_to(temporary_home / ".local/share/casereader/stores")
    assert folder.is_dir()


def test_home_env_gives_a_hand_made_environment_its_own_folders(tmp_path: Path) -> None:
    env = home_env(tmp_path / "h")
    assert env["HOME"] == str(tmp_path / "h")
    assert {var for var in XDG} <= set(env)
    assert all(Path(value).is_dir() for value in env.values())


def test_the_watch_sees_a_new_or_changed_file_but_not_what_was_there(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    watched = watched_folders(env)
    assert tmp_path / ".local/share/casereader" in watched
    assert tmp_path / "data/casereader" in watched
    assert REAL_HOME / ".config/casereader" in watched
    existing = tmp_path / "data/casereader/stores/old/meta.json"
    existing.parent.mkdir(parents=True)
    existing.write_text("{}")
    before = snapshot(watched)
    assert changes(before, snapshot(watched)) == []
    leaked = tmp_path / ".local/share/casereader/stores/new/meta.json"
    leaked.parent.mkdir(parents=True)
    leaked.write_text("{}")
    found = changes(before, snapshot(watched))
    assert f"{leaked} (new)" in found
    existing.write_text('{"changed": true}')
    assert f"{existing} (changed)" in changes(before, snapshot(watched))


def test_root_entries_name_what_a_test_could_leave_in_the_repository(tmp_path: Path) -> None:
    from tests.isolation import root_entries

    for name in (".pytest_cache", "__pycache__", "snapshot_report.html", "x.egg-info"):
        (tmp_path / name).mkdir()
    (tmp_path / "README.md").write_text("", encoding="utf-8")
    (tmp_path / "corpus-annotations.json").write_text("{}", encoding="utf-8")
    assert root_entries(tmp_path) == {"README.md", "corpus-annotations.json"}
