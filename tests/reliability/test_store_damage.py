"""Every file of a store, every kind of damage, every entry point: refused, and nothing changed.

Issue 11, point 2 and its test: a damaged file must never be taken for a missing one. Here
each store file (meta, codebook, a document file, the rollback journal, a drafts file, the
lock, the ``docs`` folder) gets each damage that applies (truncated, empty, not JSON, the
wrong shape, a symbolic link to a good copy elsewhere, a folder, a FIFO, no permission; for
the lock also a hard link and foreign content), and every way in is tried: the API writable
and read-only, the app writable and read-only (as ``casereader`` starts it), ``import``,
``export``, ``report``, ``suggest``, ``agree``, ``doctor`` and ``doctor --json``. Each must
refuse with the right error, naming the file, in one line (doctor: report it, exit 1), and
every byte, link and mode in the store (and the file a link points to) must be as before.

The lock is not data: readers never touch it and go on; writers refuse it. Running as root,
``chmod 000`` stops nobody, so "no permission" also makes opening that path fail with EACCES.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotations.corpus import load_corpus
from annotations.drafts import DRAFTS_FILE, keep_draft
from annotations.errors import CasereaderError
from annotations.store import AnnotationStore, StoreCorruptError, StoreError, check_store
from tests.conftest import SEEDS
from tests.e2e.terminal import CASEREADER
from tests.functional.conftest import options
from tui.cli import main
from tui.launch import prepare

ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A coded store over a copy of the seeds, and an export to import. Built once."""
    root = tmp_path_factory.mktemp("damage")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    store = root / "store"
    with AnnotationStore.open(store) as opened:
        opened.codebook.add("Custom one")
        for document in load_corpus(corpus):
            opened.add(document, 0, 30, codes=["custom-one"], coder="ann")
            opened.add(document, 40, 90, codes=["staffing"], coder="bob")
    keep_draft(store, "x", "doc.txt", "a note being written")
    export = root / "export.json"
    assert main(["export", str(corpus), "--store", str(store), "--format", "json",
                 "-o", str(export)]) == 0  # fmt: skip
    return {"root": root, "corpus": corpus, "store": store, "export": export}


JOURNAL_CONTENT = '{"rollback":{"1":{"file":"codebook.json","content":{"codes":{}}}}}'


def target_of(kind: str, store: Path) -> Path:
    if kind == "document":
        return sorted((store / "docs").glob("*.json"))[0]
    return store / {"meta": "meta.json", "codebook": "codebook.json", "journal": "rollback.json",
                    "drafts": DRAFTS_FILE, "lock": ".lock", "docs": "docs"}[kind]  # fmt: skip


def good_bytes(kind: str, path: Path) -> bytes:
    if kind == "journal":
        return JOURNAL_CONTENT.encode()
    if kind == "lock":
        return b"12345\n"
    return path.read_bytes()


def replace_with(path: Path, make: Callable[[Path], None]) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    make(path)


def damage(kind: str, how: str, path: Path, outside: Path) -> None:
    """Damage the store file ``path`` (of ``kind``) in the way ``how``."""
    data = good_bytes(kind, path) if kind != "docs" else b""
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "not-json":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    elif how == "wrong-shape":
        path.write_text('[{"annotations": ["not", "a", "table"]}]')
    elif how == "symlink":  # to a good copy elsewhere: following it would "work"
        if kind == "docs":
            shutil.copytree(path, outside)
        else:
            outside.write_bytes(data)
        replace_with(path, lambda p: p.symlink_to(outside))
    elif how == "directory":
        replace_with(path, lambda p: (p.mkdir(), (p / "inside.json").write_text("{}")))
    elif how == "file":
        replace_with(path, lambda p: p.write_text("not a folder"))
    elif how == "fifo":
        replace_with(path, os.mkfifo)
    elif how == "no-permission":
        path.write_bytes(data)
        path.chmod(0)
    elif how == "hard-link":
        outside.write_bytes(b"")
        replace_with(path, lambda p: os.link(outside, p))
    elif how == "foreign":
        path.write_text("export PATH=/home/attacker/bin:$PATH\n")
    else:
        raise AssertionError(how)


LOCK_DAMAGE = ["symlink", "directory", "fifo", "no-permission", "hard-link", "foreign"]
FILE_DAMAGE = ["truncated", "empty", "not-json", "wrong-shape", "symlink", "directory", "fifo",
               "no-permission"]  # fmt: skip
CASES = [
    *((kind, how) for kind in ("meta", "codebook", "document", "journal") for how in FILE_DAMAGE),
    *(("drafts", how) for how in FILE_DAMAGE),
    *(("lock", how) for how in LOCK_DAMAGE),
    *(("docs", how) for how in ("symlink", "file", "fifo")),
]


def snapshot(store: Path, outside: Path) -> dict[str, Any]:
    """Every entry of the store (and the link target outside it): kind, mode, link, bytes."""
    seen: dict[str, Any] = {}
    for folder, dirs, files in os.walk(store):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = os.lstat(path)
            entry: list[Any] = [stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode)]
            if stat.S_ISLNK(info.st_mode):
                entry.append(os.readlink(path))
            elif stat.S_ISREG(info.st_mode) and not (name == ".lock" and info.st_nlink == 1):
                path.chmod(stat.S_IMODE(info.st_mode) | stat.S_IRUSR)
                entry.append(hashlib.sha256(path.read_bytes()).hexdigest())
                path.chmod(stat.S_IMODE(info.st_mode))
            seen[str(path.relative_to(store))] = entry
    if outside.is_file():
        seen["<outside>"] = outside.read_bytes()
    return seen


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make opening one path fail with EACCES, as chmod 000 does for anyone but root."""

    def deny(path: Path) -> None:
        if not ROOT:
            return
        real = os.open

        def opening(file, flags, *args, **kwargs):
            if os.fspath(file) == os.fspath(path):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
            return real(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", opening)

    return deny


WRITERS = ("api", "app", "import")
READERS = ("api-read-only", "app-read-only", "export", "report", "suggest", "agree")


def entry_points(p: dict[str, Path], store: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    corpus, export = str(p["corpus"]), str(p["export"])
    out = p["root"] / "out.json"
    yield "api", lambda: AnnotationStore.open(store).close()
    yield "api-read-only", lambda: AnnotationStore.open(store, read_only=True).close()

    def app(read_only: bool) -> Callable[[], None]:
        def run() -> None:
            prepare(options([corpus], store, read_only=read_only)).store.close()

        return run

    yield "app", app(False)
    yield "app-read-only", app(True)
    yield "import", lambda: main(["import", export, corpus, "--store", str(store)])
    yield "export", lambda: main(["export", corpus, "--store", str(store), "--format", "json",
                                  "-o", str(out), "--force"])  # fmt: skip
    yield "report", lambda: main(["report", corpus, "frequencies", "--store", str(store)])
    yield "suggest", lambda: main(["suggest", "staffing", corpus, "--store", str(store)])
    yield "agree", lambda: main(["agree", str(store), str(store), "--coder-a", "ann",
                                 "--coder-b", "bob", "--corpus", corpus])  # fmt: skip
    yield "doctor", lambda: main(["doctor", corpus, "--store", str(store)])
    yield "doctor --json", lambda: main(["doctor", corpus, "--store", str(store), "--json"])


def expectation(kind: str, how: str, name: str) -> tuple[str, str]:
    """What an entry point must do: ("refuse", words) or ("report", words) or ("go", "")."""
    if kind == "lock":
        if name.startswith("doctor"):
            return "report", ".lock"
        if name in READERS:
            return "go", ""
        if how == "no-permission":
            return "refuse", "permission denied"
        return "refuse", ".lock is damaged"
    if name.startswith("doctor"):
        return "report", "damaged"
    return "refuse", "is damaged"


@pytest.mark.parametrize(("kind", "how"), CASES, ids=[f"{k}-{h}" for k, h in CASES])
def test_every_entry_point_refuses_and_changes_nothing(
    kind: str, how: str, pristine: dict[str, Path], tmp_path: Path, denied, capsys
) -> None:
    store = tmp_path / "store"
    shutil.copytree(pristine["store"], store, symlinks=True)
    path = target_of(kind, store)
    outside = tmp_path / f"outside-{path.name}"
    damage(kind, how, path, outside)
    if how == "no-permission":
        denied(path)
    relative = path.relative_to(store).as_posix()
    before = snapshot(store, outside)
    outcomes = []
    try:
        for name, call in entry_points({**pristine, "root": tmp_path}, store):
            want, words = expectation(kind, how, name)
            capsys.readouterr()
            try:
                status = call()
            except StoreCorruptError as error:
                assert want == "refuse", f"{name}: refused, but should {want}: {error}"
                assert error.file == path and words in str(error), f"{name}: {error}"
                outcomes.append(name)
                continue
            except (StoreError, CasereaderError) as error:
                assert want == "refuse" and words in str(error), f"{name}: {error}"
                assert relative in str(error) or str(path) in str(error), f"{name}: {error}"
                outcomes.append(name)
                continue
            captured = capsys.readouterr()
            if want == "go":
                assert status in (None, 0, 1), f"{name}: {captured.err}"
            elif want == "refuse":
                assert status == 2, f"{name} exited {status}: {captured.err}"
                assert captured.err.count("\n") == 1, f"{name}: {captured.err}"
                assert relative in captured.err and words in captured.err, f"{name}: {captured}"
                assert "Traceback" not in captured.err
            else:
                assert status == 1, f"{name} exited {status}: {captured.out}{captured.err}"
                shown = (
                    captured.out
                    if "--json" not in name
                    else json.dumps(
                        json.loads(captured.out)["problems"] + json.loads(captured.out)["remaining"]
                    )
                )
                assert relative in shown and words in shown, f"{name}: {shown}"
            outcomes.append(name)
            assert snapshot(store, outside) == before, f"{name} changed the store"
        assert snapshot(store, outside) == before
    finally:
        if path.exists() and not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert len(outcomes) == 11
    if kind != "lock":
        assert any(p.file == path for p in check_store(store))


@pytest.mark.parametrize("kind", ["meta", "codebook", "document", "journal", "drafts", "docs"])
def test_the_installed_app_refuses_in_one_line(
    kind: str, pristine: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(pristine["store"], store)
    path = target_of(kind, store)
    outside = tmp_path / "outside"
    damage(kind, "symlink", path, outside)
    before = snapshot(store, outside)
    result = subprocess.run(
        [CASEREADER, str(pristine["corpus"]), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path), "TERM": "dumb"},
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"{path.relative_to(store).as_posix()} is damaged" in result.stderr
    assert snapshot(store, outside) == before
