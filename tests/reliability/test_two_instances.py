"""Two instances on one store: the second gets read-only access with a clear message, never
writes a byte, and the first loses nothing.

Process 1 is ``store_writer.py hold``: it opens the store as its writer, codes a passage and
waits. Process 2 is, in turn, the real app driven by a pilot, the ``export``, ``report``,
``import`` and ``doctor`` commands, and (with tmux) a second ``casereader`` in a terminal.
The store's lock and its SIGKILL behaviour are tested in ``test_store_faults.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from annotations.store import AnnotationStore, StoreLockedError
from tests.e2e.terminal import CASEREADER, TMUX, Terminal, flat, terminal_environment
from tests.functional.conftest import options
from tests.reliability.on_screen import (
    SIZE,
    assert_screen_is_safe,
    notifications,
    screen_text,
    wait_loaded,
)
from tests.reliability.store_writer import DOCUMENTS
from tui.app import CasereaderApp
from tui.launch import prepare
from tui.screens.document import DocumentScreen
from tui.widgets.document_view import DocumentView

WRITER = Path(__file__).with_name("store_writer.py")
HELD = "reports/1.txt"
"""The document the holder codes (0-30 at start, 40-90 on "add")."""


def every_byte(folder: Path) -> dict[str, bytes]:
    """Every file of the store, the lock file included: a reader must not touch even that."""
    return {
        str(p.relative_to(folder)): b"<folder>" if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def write_corpus(folder: Path) -> Path:
    """The holder's documents as files, so their ids and hashes match its annotations."""
    for document in DOCUMENTS:
        path = folder / document.id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document.text, encoding="utf-8")
    return folder


class Holder:
    """Process 1: the store's writer."""

    def __init__(self, store: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), "hold", str(store)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = json.loads(self.read())
        self.pid: int = ready["ready"]
        self.acknowledged: list[str] = [ready["id"]]

    def read(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline()

    def add(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write("add\n")
        self.process.stdin.flush()
        added = json.loads(self.read())["id"]
        self.acknowledged.append(added)
        return added

    def quit(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            self.process.wait(10)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def holder(store: Path):
    holding = Holder(store)
    yield holding
    holding.quit()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def assert_first_lost_nothing(holder: Holder, store: Path) -> None:
    """The holder still saves, and every change it acknowledged is on disk after it quits."""
    holder.add()
    holder.quit()
    assert holder.process.returncode == 0
    with AnnotationStore.open(store) as reopened:
        assert sorted(a.id for a in reopened.annotations()) == sorted(holder.acknowledged)


# --- the app -----------------------------------------------------------------------------------


async def test_a_second_app_is_read_only_says_why_and_writes_nothing(
    corpus: Path, store: Path, holder: Holder
) -> None:
    before = every_byte(store)
    session = prepare(options([str(corpus)], store))
    assert session.read_only
    assert session.read_only_reason == (
        f"store {store} is in use by process {holder.pid}, so it opened read-only: nothing "
        "you do here is saved (to code, close the other casereader and open this again)"
    )
    app = CasereaderApp(session)
    refused = 0
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_loaded(app, pilot)
        banner = str(app.screen.query_one("#banner", Static).render())
        assert f"Read-only: store {store} is in use by process {holder.pid}" in banner
        assert "read-only" in screen_text(app)
        app.open_document(HELD)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        assert f"in use by process {holder.pid}" in str(screen.query_one("#banner").render())
        assert [a.id for a in session.store.annotations()] == holder.acknowledged
        view = screen.query_one("#view", DocumentView)
        # Every way of changing the store is refused with a notification.
        view.select(100, 140)
        await pilot.press("1")
        view.move_cursor(5)  # inside the holder's annotation
        await pilot.press("2", "x", "u", "ctrl+r")
        await pilot.press("t")
        await pilot.press(*"morale", "enter")
        await pilot.pause()
        warnings = [m for severity, m in notifications(app) if severity == "warning"]
        refused = sum("Read-only: changes are not allowed" in m for m in warnings)
        assert refused >= 4, notifications(app)
        assert app.is_running
        assert_screen_is_safe(app, "read-only document screen")
        assert [a.id for a in session.store.annotations()] == holder.acknowledged
        await pilot.press("escape", "escape", "escape")
    session.store.close()
    assert every_byte(store) == before
    assert not (store / "reader-state.json").exists()
    assert_first_lost_nothing(holder, store)


async def test_the_read_only_app_sees_the_first_one_s_changes_after_it_quits(
    corpus: Path, store: Path, holder: Holder
) -> None:
    first = prepare(options([str(corpus)], store))
    assert first.read_only
    first.store.close()
    holder.add()
    holder.quit()
    second = prepare(options([str(corpus)], store))
    try:
        assert not second.read_only and second.read_only_reason is None
        assert sorted(a.id for a in second.store.annotations()) == sorted(holder.acknowledged)
    finally:
        second.store.close()


# --- the commands ------------------------------------------------------------------------------


def casereader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASEREADER, *args], capture_output=True, text=True, timeout=60)


def test_commands_that_read_work_beside_the_writer_and_change_nothing(
    corpus: Path, store: Path, holder: Holder, tmp_path: Path
) -> None:
    before = every_byte(store)
    out = tmp_path / "out.json"
    exported = casereader(
        "export", str(corpus), "--store", str(store), "--format", "json", "-o", str(out)
    )
    assert exported.returncode == 0, exported.stderr
    ids = [a["id"] for d in json.loads(out.read_text())["documents"] for a in d["annotations"]]
    assert ids == holder.acknowledged
    report = casereader("report", str(corpus), "frequencies", "--store", str(store), "--json")
    assert report.returncode == 0, report.stderr
    counts = {c["code"]: c["passages"] for c in json.loads(report.stdout)["codes"]}
    assert counts["strength"] == 1
    doctor = casereader("doctor", str(corpus), "--store", str(store))
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert every_byte(store) == before
    assert_first_lost_nothing(holder, store)


def test_commands_that_write_are_refused_in_one_line_and_change_nothing(
    corpus: Path, store: Path, holder: Holder, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    exported = casereader(
        "export", str(corpus), "--store", str(store), "--format", "json", "-o", str(out)
    )
    assert exported.returncode == 0, exported.stderr
    before = every_byte(store)
    imported = casereader("import", str(out), str(corpus), "--store", str(store))
    assert imported.returncode == 2
    assert imported.stderr == (
        f"casereader: store {store} is in use by process {holder.pid}; close casereader "
        "there, then import again\n"
    )
    (store / "meta.json.tmp-9-9").write_text("{")  # something for --repair to want to do
    before = every_byte(store)
    repaired = casereader("doctor", str(corpus), "--store", str(store), "--repair")
    assert repaired.returncode == 2 and repaired.stdout == ""
    assert repaired.stderr.startswith(f"casereader: cannot repair store {store}: it is in use")
    assert repaired.stderr.count("\n") == 1
    assert every_byte(store) == before
    (store / "meta.json.tmp-9-9").unlink()
    assert_first_lost_nothing(holder, store)


# --- two casereaders in terminals --------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_two_casereaders_in_terminals(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {
        **terminal_environment(tmp_path / "home"),
        "PATH": str(Path(CASEREADER).parent) + ":/usr/bin:/bin",
    }
    command = [CASEREADER, str(corpus), "--store", str(store), "--coder"]
    first = Terminal([*command, "first"], tmp_path, env)
    second = None
    try:
        first.wait_for("4 documents")
        second = Terminal([*command, "second"], tmp_path, env)
        screen = second.wait_for("Read-only")
        assert "in use by process" in flat(screen)
        before = every_byte(store)
        second.keys("Enter")
        second.wait_for("Annotations")
        second.keys("v", "w", "w", "1")
        second.wait_for("changes are not allowed")
        assert every_byte(store) == before
        first.keys("Enter")
        first.wait_for("Annotations")
        first.keys("v", "w", "w", "1")
        first.wait_for("Annotations (1)")
        for terminal in (second, first):
            # Back to the list, then q: an escape and a q read together are alt+q.
            terminal.keys("Escape")
            terminal.wait_for("4 documents")
            terminal.keys("q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not _unlocked(store):
            time.sleep(0.2)
        with AnnotationStore.open(store) as reopened:
            assert [a.coder for a in reopened.annotations()] == ["first"]
    finally:
        first.close()
        if second is not None:
            second.close()


def _unlocked(store: Path) -> bool:
    try:
        AnnotationStore.open(store).close()
    except StoreLockedError:
        return False
    return True
