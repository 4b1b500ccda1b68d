"""Keeping the test suite out of the real user folders.

A test run once left a store under the real ``~/.local/share/casereader/stores/``. The suite
now runs with ``HOME`` and every ``XDG_*`` user folder in a temporary folder (``isolated``),
and checks at the end that nothing appeared or changed in the real casereader folders
(``watched_folders``, ``snapshot``, ``changes``). Every subprocess and tmux session inherits
the temporary environment; one given an environment of its own gets ``home_env``.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

APP = "casereader"
XDG = {
    "XDG_DATA_HOME": ".local/share",
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
}
STALE = ("COLUMNS", "LINES")
"""GNU readline, loaded into the test process, sets these in its C environment (not in
``os.environ``), so every child would believe its terminal is 80x24, a tmux pane too."""
CLEARED = ("CASEREADER_KEYMAP",)
"""Variables of the developer's own setup that would reach into their folders."""


def watched_folders(environ: dict[str, str] | None = None) -> list[Path]:
    """The real casereader folders: under the account's home and under the XDG folders the
    run started with (if they point elsewhere), including what platformdirs would pick."""
    environ = dict(os.environ if environ is None else environ)
    homes = {Path(pwd.getpwuid(os.getuid()).pw_dir)}
    if environ.get("HOME"):
        homes.add(Path(environ["HOME"]))
    folders = {home / default / APP for home in homes for default in XDG.values()}
    folders |= {Path(environ[var]) / APP for var in XDG if environ.get(var)}
    return sorted(folders)


Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: Iterable[Path]) -> Snapshot:
    """Every file and folder under ``folders``: path -> (size, modification time)."""
    found: Snapshot = {}
    for folder in folders:
        if not folder.exists():
            continue
        found[str(folder)] = (0, folder.stat().st_mtime_ns)
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in dirnames + filenames:
                path = os.path.join(dirpath, name)
                try:
                    stat = os.lstat(path)
                except OSError:
                    continue
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """What appeared or changed (a removal is not the suite's doing to hide)."""
    return sorted(
        f"{path} ({'new' if path not in before else 'changed'})"
        for path, state in after.items()
        if before.get(path) != state
    )


ROOT_ARTEFACTS = {"__pycache__", "snapshot_report.html", "build", "dist"}
"""What may appear in the repository's root during a run: caches, pytest-textual-snapshot's
report of a failed snapshot, a build's folders (hidden names, like ``.pytest_cache``, too)."""


def root_entries(root: Path) -> set[str]:
    """The names in the repository's root a test could leave by writing to the working
    folder (two stray export files were once committed from there)."""
    return {
        name
        for name in os.listdir(root)
        if not name.startswith(".")
        and name not in ROOT_ARTEFACTS
        and not name.endswith(".egg-info")
    }


def home_env(home: Path) -> dict[str, str]:
    """``HOME`` and every XDG user folder inside ``home`` (created), as variables."""
    values = {"HOME": str(home)}
    values |= {var: str(home / default) for var, default in XDG.items()}
    values["XDG_RUNTIME_DIR"] = str(home / "run")
    for value in values.values():
        Path(value).mkdir(parents=True, exist_ok=True, mode=0o700)
    return values


@contextmanager
def isolated(home: Path) -> Iterator[dict[str, str]]:
    """``HOME`` and the XDG user folders in ``home`` for as long as it lasts."""
    values = home_env(home)
    for var in STALE:
        if var not in os.environ:
            os.unsetenv(var)
    with pytest.MonkeyPatch.context() as patch:
        for var, value in values.items():
            patch.setenv(var, value)
        for var in CLEARED:
            patch.delenv(var, raising=False)
        yield values
