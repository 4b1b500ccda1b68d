"""A full disk, a file size limit, a read-only folder: saving and exporting fail with one clear
message; the store and any existing export file are untouched; the app keeps running.

The store's own full-disk and failing-syscall tests are in ``test_store_faults.py``; here are
exports (the command in a real process with a real limit, and in-process with faults injected
into ``os``) and the app (a pilot) when a save or an export fails.

Running as root, folder permissions do not stop a write, so a read-only folder is a read-only
bind mount in a private mount namespace (``unshare``); without root it is ``chmod 555``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from annotations.corpus import load_corpus
from annotations.interchange import FORMATS
from annotations.store import AnnotationStore
from tests.functional.conftest import options
from tests.reliability.on_screen import SIZE, notifications, wait_loaded
from tui.app import CasereaderApp
from tui.cli import main
from tui.dialogs.export_dialog import ExportDialog
from tui.launch import prepare
from tui.screens.document import DocumentScreen
from tui.widgets.document_view import DocumentView

BLOG = "003_93d7185cc9cb614b.txt"
OLD_EXPORT = b"an export made yesterday, which a failed export must leave alone\n" * 4


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def coded(seeds_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The seeds with 60 coded passages (every export format is then several kB)."""
    store = tmp_path / "store"
    corpus = load_corpus(seeds_copy)
    with AnnotationStore.open(store) as opened:
        for n in range(60):
            document = corpus.documents[n % len(corpus.documents)]
            opened.add(document, 10 * n, 10 * n + 25, codes=["staffing"], note=f"note {n}")
    return seeds_copy, store


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def export_args(coded: tuple[Path, Path], format: str, target: Path) -> list[str]:
    corpus, store = coded
    return [
        "export", str(corpus), "--store", str(store), "--format", format, "-o", str(target),
        "--force",
    ]  # fmt: skip


# --- the export command in a real process -----------------------------------------------------

LIMITED = (
    "import resource, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
    "from tui.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)
"""``casereader`` with files capped at a size: writes past it fail with EFBIG, as on a full disk."""


@pytest.mark.parametrize("format", list(FORMATS))
def test_an_export_past_the_file_size_limit_fails_in_one_line_and_keeps_the_old_file(
    coded, outbox: Path, format: str
) -> None:
    target = outbox / f"annotations{FORMATS[format].suffix}"
    target.write_bytes(OLD_EXPORT)
    before = digest(coded[1])
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, "100", *export_args(coded, format, target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == f"casereader: cannot write {target}: File too large\n"
    assert target.read_bytes() == OLD_EXPORT
    assert leftovers(outbox) == []
    assert digest(coded[1]) == before


def in_read_only_folder(folder: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` with ``folder`` read-only for it: a read-only bind mount seen only by that
    process when we are root (permissions do not stop root), else ``chmod 555``."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=60)
        finally:
            folder.chmod(0o755)
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("root without unshare: cannot make a read-only folder")
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'
    probe = subprocess.run(
        [unshare, "--mount", "--propagation", "private", "sh", "-c", script, "sh", str(folder),
         "true"],
        capture_output=True,
    )  # fmt: skip
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount here: {probe.stderr.decode().strip()}")
    return subprocess.run(
        [unshare, "--mount", "--propagation", "private", "sh", "-c", script, "sh", str(folder),
         *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize("format", ["json", "qdpx"])
def test_an_export_into_a_read_only_folder_fails_in_one_line_and_keeps_the_old_file(
    coded, outbox: Path, format: str
) -> None:
    target = outbox / f"annotations{FORMATS[format].suffix}"
    target.write_bytes(OLD_EXPORT)
    argv = [sys.executable, "-m", "tui", *export_args(coded, format, target)]
    result = in_read_only_folder(outbox, argv)
    assert result.returncode == 2
    assert result.stderr == f"casereader: cannot write {target}: folder {outbox} is not writable\n"
    assert target.read_bytes() == OLD_EXPORT
    assert leftovers(outbox) == []


# --- the export command, in-process, with faults injected into os -----------------------------


def failing(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, fail)


FAULTS = {
    "disk-full-on-fsync": ("fsync", errno.ENOSPC, "No space left on device"),
    "quota-on-fsync": ("fsync", errno.EDQUOT, "Disk quota exceeded"),
    "io-error-on-fsync": ("fsync", errno.EIO, "Input/output error"),
    "denied-on-rename": ("replace", errno.EACCES, "Permission denied"),
    "read-only-on-rename": ("replace", errno.EROFS, "Read-only file system"),
    "denied-on-create": ("open", errno.EACCES, "Permission denied"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failing_write_fails_the_export_in_one_line_and_keeps_the_old_file(
    coded, outbox: Path, capsys, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    name, code, words = FAULTS[fault]
    target = outbox / "annotations.json"
    target.write_bytes(OLD_EXPORT)
    argv = export_args(coded, "json", target)
    if name == "open":
        # tempfile.mkstemp creates the temp file with os.open: fail only that one.
        real_open = os.open

        def refuse_parts(path, *args, **kwargs):
            if str(path).endswith(".part"):
                raise OSError(code, os.strerror(code))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse_parts)
    else:
        failing(monkeypatch, name, code)
    status = main(argv)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("casereader: cannot write")
    assert words in err and (str(target) in err or str(outbox) in err)
    assert target.read_bytes() == OLD_EXPORT
    assert leftovers(outbox) == []


def test_a_failing_link_leaves_no_new_file_and_no_temp(
    coded, outbox: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = outbox / "new.json"
    argv = [a for a in export_args(coded, "json", target) if a != "--force"]
    failing(monkeypatch, "link", errno.ENOSPC)
    status = main(argv)
    monkeypatch.undo()
    assert status == 2
    assert capsys.readouterr().err == (
        f"casereader: cannot write {target}: No space left on device\n"
    )
    assert list(outbox.iterdir()) == []


@pytest.mark.parametrize(
    ("make_target", "message"),
    [
        (lambda out: out / "missing" / "a.json", "folder {out}/missing does not exist"),
        (lambda out: out, "{out} is a folder; give a file name"),
    ],
    ids=["folder-missing", "target-is-a-folder"],
)
def test_an_impossible_target_is_one_line_before_any_work(
    coded, outbox: Path, capsys, make_target: Callable[[Path], Path], message: str
) -> None:
    target = make_target(outbox)
    assert main(export_args(coded, "json", target)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message.format(out=outbox) in err


# --- the app ---------------------------------------------------------------------------------


async def test_a_save_that_fails_in_the_app_is_reported_and_nothing_is_lost(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = prepare(options([str(seeds_copy)], tmp_path / "store"))
    app = CasereaderApp(session)
    store = session.store
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            app.open_document(BLOG)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DocumentScreen)
            view = screen.query_one("#view", DocumentView)
            view.select(0, 7)
            await pilot.press("1")
            [saved] = store.annotations()
            assert "saved" in app.status
            before_disk, before_memory = digest(store.location), store.annotations()

            # The disk fills: tagging a new passage, recoding and removing all fail.
            failing(monkeypatch, "replace", errno.ENOSPC)
            view.select(20, 40)
            await pilot.press("2")
            view.move_cursor(3)
            await pilot.press("3", "x")
            await pilot.pause()
            monkeypatch.undo()
            errors = [m for severity, m in notifications(app) if severity == "error"]
            assert len(errors) == 3, notifications(app)
            for message in errors:
                assert message.startswith(f"could not save to store {store.location}: writing ")
                assert "disk full; nothing was changed" in message and "\n" not in message
            assert not any("tagged area for improvement" in m for _s, m in notifications(app))
            assert "not saved" in app.status
            assert app.is_running
            assert store.annotations() == before_memory == [saved]
            assert digest(store.location) == before_disk
            assert [a.id for a in screen.annotations] == [saved.id]

            # Space again: the next change saves, and only it.
            view.select(20, 40)
            await pilot.press("2")
            assert "saved" in app.status and "not saved" not in app.status
            assert len(store.annotations()) == 2
            assert len(screen.annotations) == 2
        reopened = AnnotationStore.open(store.location, read_only=True)
        assert reopened.annotations() == store.annotations()
    finally:
        store.close()


async def test_an_export_that_fails_in_the_app_is_reported_and_the_old_file_kept(
    coded, outbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, store_folder = coded
    target = outbox / "annotations.json"
    target.write_bytes(OLD_EXPORT)
    session = prepare(options([str(corpus)], store_folder))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            await pilot.press("e")
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            dialog.query_one("#path", Input).value = str(target)
            failing(monkeypatch, "fsync", errno.ENOSPC)
            dialog.run_export(target, force=True)
            await app.workers.wait_for_complete()
            await pilot.pause()
            monkeypatch.undo()
            errors = [m for severity, m in notifications(app) if severity == "error"]
            assert errors == [f"cannot write {target}: No space left on device"]
            assert app.is_running and app.screen is dialog  # still open, to try again
            assert target.read_bytes() == OLD_EXPORT
            assert leftovers(outbox) == []
            dialog.run_export(target, force=True)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is not dialog
            assert target.read_bytes().startswith(b"{")
    finally:
        session.store.close()
