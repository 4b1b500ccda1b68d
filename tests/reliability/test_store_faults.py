"""Failures the store must survive: a full disk, failing system calls, damaged files, and a
second process. After each, the store on disk and in memory is as it was before the failed
call, and the error says what happened and where, in one line."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.corpus import Document
from annotations.store import (
    AnnotationStore,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
    StoreWriteError,
    check_store,
    document_filename,
)

WRITER = Path(__file__).with_name("store_writer.py")
TEXT = "Staff turnover remains high. Leaders know their services well. Plans are reviewed."


def digest(folder: Path) -> dict[str, str]:
    """Every file's bytes (as a hash), to prove nothing was touched."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def docs() -> list[Document]:
    return [Document.from_text(f"doc{n}.txt", f"{n}. {TEXT}") for n in range(2)]


@pytest.fixture
def store(tmp_path: Path, docs: list[Document]):
    with AnnotationStore.open(tmp_path / "store") as opened:
        for doc in docs:
            opened.add(doc, 3, 17, codes=["staffing"])
        yield opened


def failing(
    error: int,
    after: int = 0,
    times: int | None = None,
    only: Callable[..., bool] = lambda *args: True,
):
    """A stand-in for an os function: its matching calls after the first ``after`` fail with
    ``error`` (``times`` of them, or all); every other call runs the real function."""

    def install(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
        real = getattr(os, name)
        calls = [0]

        def fake(*args):
            if only(*args):
                calls[0] += 1
                if calls[0] > after and (times is None or calls[0] <= after + times):
                    raise OSError(error, os.strerror(error))
            return real(*args)

        monkeypatch.setattr(os, name, fake)
        return calls

    return install


def snapshot(store: AnnotationStore) -> tuple:
    return (
        store.annotations(),
        store.codebook.codes,
        [store.document_hash(d) for d in store.document_ids()],
    )


# --- a full disk ------------------------------------------------------------------------------


def test_a_full_disk_fails_one_save_clearly_and_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    result = subprocess.run(
        [sys.executable, str(WRITER), "fill", str(folder), "60000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    [failure] = [e for e in events if "error" in e]
    added = [e["id"] for e in events if e.get("ack") == "add"]
    assert len(added) > 10
    assert f"could not save to store {folder}" in failure["error"]
    assert "file too large" in failure["error"] and "nothing was changed" in failure["error"]
    assert failure["in_memory"] == len(added)
    assert events[-1] == {"ack": "remove", "id": added[-1], "in_memory": len(added) - 1}
    with AnnotationStore.open(folder) as store:
        assert sorted(a.id for a in store.annotations()) == sorted(added[:-1])
    assert check_store(folder) == []


# --- failing system calls ---------------------------------------------------------------------


def test_a_failing_rename_leaves_disk_and_memory_as_they_were(
    store, docs, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_disk, before_memory = digest(store.location), snapshot(store)
    failing(errno.ENOSPC)(monkeypatch, "replace")
    with pytest.raises(StoreWriteError) as raised:
        store.add(docs[0], 20, 30, codes=["strength"])
    message = str(raised.value)
    assert message.startswith(f"could not save to store {store.location}: writing ")
    assert document_filename(docs[0].id) in message and "disk full" in message
    assert digest(store.location) == before_disk
    assert snapshot(store) == before_memory
    monkeypatch.undo()
    store.add(docs[0], 20, 30, codes=["strength"])
    assert len(AnnotationStore.open(store.location, read_only=True).annotations()) == 3


def test_a_failing_fsync_leaves_disk_and_memory_as_they_were(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = store.annotations()[0]
    before_disk, before_memory = digest(store.location), snapshot(store)
    failing(errno.EIO)(monkeypatch, "fsync")
    with pytest.raises(StoreWriteError, match="input/output error"):
        store.update(target.id, note="never saved")
    assert digest(store.location) == before_disk
    assert snapshot(store) == before_memory


def test_a_failed_save_leaves_nothing_for_the_next_save_to_write(
    store, docs, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = store.annotations()[0]
    failing(errno.ENOSPC)(monkeypatch, "replace")
    with pytest.raises(StoreWriteError):
        store.update(target.id, codes=["strength"], note="never saved")
    monkeypatch.undo()
    store.add(docs[0], 20, 30, codes=["strength"])
    reader = AnnotationStore.open(store.location, read_only=True)
    assert reader.get(target.id) == target


def test_a_failing_folder_fsync_after_the_rename_puts_the_old_file_back(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = store.annotations()[0]
    before_disk, before_memory = digest(store.location), snapshot(store)
    is_folder = lambda fd: stat.S_ISDIR(os.fstat(fd).st_mode)  # noqa: E731
    calls = failing(errno.EIO, times=1, only=is_folder)(monkeypatch, "fsync")
    with pytest.raises(StoreWriteError):
        store.remove(target.id)
    assert calls[0] >= 1
    assert digest(store.location) == before_disk
    assert snapshot(store) == before_memory


def test_a_change_to_several_files_fails_all_or_nothing(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_disk, before_memory = digest(store.location), snapshot(store)
    # The journal and the first document are written; the second document fails.
    failing(errno.ENOSPC, after=2, times=1)(monkeypatch, "replace")
    with pytest.raises(StoreWriteError, match="disk full"):
        store.codebook.remove("staffing", reassign_to="strength")
    assert snapshot(store) == before_memory
    assert digest(store.location) == before_disk


def test_a_change_whose_rollback_also_fails_is_rolled_back_later(
    store, docs, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_memory = snapshot(store)
    # The second document fails, and so does putting the first one back.
    failing(errno.ENOSPC, after=2)(monkeypatch, "replace")
    with pytest.raises(StoreWriteError, match="undone at the next save"):
        store.codebook.remove("staffing", strip=True)
    assert snapshot(store) == before_memory
    assert (store.location / "rollback.json").exists()
    monkeypatch.undo()
    added = store.add(docs[0], 20, 30, codes=["strength"])
    assert not (store.location / "rollback.json").exists()
    reader = AnnotationStore.open(store.location, read_only=True)
    assert [a.codes for a in reader.annotations()] == [("staffing",), ("strength",), ("staffing",)]
    assert reader.get(added.id) == added


def test_a_failed_undo_stays_undoable(store, docs, monkeypatch: pytest.MonkeyPatch) -> None:
    added = store.add(docs[0], 20, 30, codes=["strength"])
    failing(errno.ENOSPC)(monkeypatch, "replace")
    with pytest.raises(StoreWriteError):
        store.undo()
    assert store.get(added.id) == added and store.can_undo
    monkeypatch.undo()
    store.undo()
    assert store.get(added.id) is None


# --- damaged files ----------------------------------------------------------------------------


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def wrong_type(path: Path) -> None:
    path.write_text(path.read_text().replace('"start":3', '"start":"3"'))


DAMAGE = {
    "truncated-document": ("doc", truncate, StoreCorruptError, "not valid JSON"),
    "garbage-document": ("doc", lambda p: p.write_bytes(os.urandom(300)), StoreCorruptError, ""),
    "document-as-a-list": ("doc", lambda p: p.write_text("[1, 2]"), StoreCorruptError, "array"),
    "wrong-field-type": ("doc", wrong_type, StoreCorruptError, "'start'"),
    "empty-codebook-file": ("codebook.json", lambda p: p.write_text(""), StoreCorruptError, ""),
    "meta-missing": ("meta.json", lambda p: p.unlink(), StoreCorruptError, "missing"),
    "meta-garbage": ("meta.json", lambda p: p.write_text("{'no'"), StoreCorruptError, "JSON"),
    "future-schema": (
        "meta.json",
        lambda p: p.write_text(p.read_text().replace('"schema":1', '"schema":99')),
        StoreVersionError,
        "newer casereader",
    ),
}


@pytest.mark.parametrize("case", DAMAGE, ids=list(DAMAGE))
@pytest.mark.parametrize("read_only", [False, True], ids=["writer", "reader"])
def test_a_damaged_file_is_named_and_left_byte_for_byte(
    tmp_path: Path, docs, case: str, read_only: bool
) -> None:
    folder = tmp_path / "store"
    with AnnotationStore.open(folder) as store:
        store.add(docs[0], 3, 17, codes=["staffing"])
    target, damage, error, words = DAMAGE[case]
    path = folder / "docs" / document_filename(docs[0].id) if target == "doc" else folder / target
    damage(path)
    before = digest(folder)
    for _attempt in range(2):  # a second try gets the same answer: no lock left behind
        with pytest.raises(error) as raised:
            AnnotationStore.open(folder, read_only=read_only)
        assert str(folder) in str(raised.value) and words in str(raised.value)
        if error is StoreCorruptError:
            assert raised.value.file == path
        assert digest(folder) == before


# --- two processes ----------------------------------------------------------------------------


@pytest.fixture
def holder(tmp_path: Path):
    process = subprocess.Popen(
        [sys.executable, str(WRITER), "hold", str(tmp_path / "store")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    ready = json.loads(process.stdout.readline())
    yield process, ready
    if process.poll() is None:
        process.stdin.write("quit\n")
        process.stdin.flush()
        process.wait(10)


def test_a_second_writer_is_told_which_process_holds_the_store(tmp_path: Path, holder) -> None:
    process, _ready = holder
    with pytest.raises(StoreLockedError) as raised:
        AnnotationStore.open(tmp_path / "store")
    assert raised.value.pid == process.pid
    assert str(raised.value) == (
        f"store {tmp_path / 'store'} is in use by process {process.pid}; "
        "close it there, or open it read-only"
    )


def test_a_reader_works_alongside_the_writer_and_catches_up(tmp_path: Path, holder) -> None:
    process, ready = holder
    reader = AnnotationStore.open(tmp_path / "store", read_only=True)
    assert [a.id for a in reader.annotations()] == [ready["id"]]
    process.stdin.write("add\n")
    process.stdin.flush()
    added = json.loads(process.stdout.readline())["id"]
    reader.reload()
    assert {a.id for a in reader.annotations()} == {ready["id"], added}


def test_the_store_opens_for_writing_once_the_holder_has_gone(tmp_path: Path, holder) -> None:
    process, ready = holder
    process.stdin.write("quit\n")
    process.stdin.flush()
    process.wait(10)
    with AnnotationStore.open(tmp_path / "store") as store:
        assert store.get(ready["id"]) is not None


def test_a_store_path_that_is_a_file_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the store folder"):
        AnnotationStore.open(tmp_path / "file")
