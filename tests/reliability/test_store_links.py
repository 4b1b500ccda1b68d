"""A store shared as a zip or a repository may hold links and files that are not its own.

Regression tests for issue 11, points 1 and 2: a ``.lock`` that is a symbolic link (or a hard
link, or a file holding something else) is refused by every entry point, and the file it
points to keeps its bytes; a damaged ``codebook.json`` is never taken for a missing one and
replaced by the default codes. The full matrix (every store file, every damage, every entry
point) is ``test_store_damage.py``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.errors import CasereaderError
from annotations.store import AnnotationStore, StoreCorruptError
from tests.e2e.terminal import CASEREADER
from tests.functional.conftest import options
from tui.cli import main
from tui.launch import prepare


def casereader(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CASEREADER, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(home), "TERM": "dumb"},
    )


@pytest.fixture
def linked_lock(seeds_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The issue's attack: ``.casereader/.lock -> ../../victim``. Returns (corpus, victim)."""
    victim = tmp_path / "victim"
    victim.write_text("secret\n")
    store = seeds_copy / ".casereader"
    store.mkdir()
    (store / ".lock").symlink_to(Path("..") / ".." / "victim")
    return seeds_copy, victim


def test_the_api_refuses_a_lock_that_is_a_symlink(linked_lock: tuple[Path, Path]) -> None:
    corpus, victim = linked_lock
    with pytest.raises(StoreCorruptError, match=r"\.lock is damaged \(a symbolic link"):
        AnnotationStore.open(corpus / ".casereader")
    assert victim.read_text() == "secret\n"
    assert sorted(p.name for p in (corpus / ".casereader").iterdir()) == [".lock"]


def test_the_app_refuses_a_lock_that_is_a_symlink(
    linked_lock: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, victim = linked_lock
    result = casereader(str(corpus), home=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and ".lock is damaged" in result.stderr
    assert victim.read_text() == "secret\n"


def test_import_and_export_refuse_a_lock_that_is_a_symlink(
    linked_lock: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, victim = linked_lock
    (tmp_path / "other").mkdir()
    with AnnotationStore.open(tmp_path / "other") as other:
        other.add(load_corpus(corpus).documents[0], 0, 20, codes=["staffing"])
    export = tmp_path / "out.json"
    assert main(["export", "--store", str(tmp_path / "other"), "--format", "json",
                 "-o", str(export), str(corpus)]) == 0  # fmt: skip
    assert main(["import", str(export), str(corpus)]) == 2
    assert ".lock is damaged" in capsys.readouterr().err
    assert victim.read_text() == "secret\n"


@pytest.mark.parametrize("kind", ["hard link", "foreign content", "folder", "fifo"])
def test_a_lock_that_is_not_the_stores_own_is_refused_untouched(
    kind: str, seeds_copy: Path, tmp_path: Path
) -> None:
    store = seeds_copy / ".casereader"
    with AnnotationStore.open(store):
        pass
    lock = store / ".lock"
    lock.unlink()
    victim = tmp_path / "victim"
    victim.write_text("secret\n")
    if kind == "hard link":
        os.link(victim, lock)
    elif kind == "foreign content":
        lock.write_text("export PATH=/evil\n")
    elif kind == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)
    with pytest.raises(StoreCorruptError, match=r"\.lock is damaged"):
        AnnotationStore.open(store)
    with pytest.raises(CasereaderError, match=r"\.lock is damaged"):
        prepare(options([str(seeds_copy)], store))
    assert victim.read_text() == "secret\n"
    if kind == "foreign content":
        assert lock.read_text() == "export PATH=/evil\n"


@pytest.fixture
def custom_codebook(seeds_copy: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A store with a custom code and no passages, an empty export to import, and the store's
    codebook. Returns (corpus, export, codebook file)."""
    store = seeds_copy / ".casereader"
    with AnnotationStore.open(store) as opened:
        opened.codebook.add("Custom one")
    export = tmp_path / "empty.json"
    assert main(["export", str(seeds_copy), "--format", "json", "-o", str(export)]) == 0
    return seeds_copy, export, store / "codebook.json"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-2] + b",}}",  # the trailing comma
        lambda b: b"",
        lambda b: b[: len(b) // 2],
    ],
    ids=["trailing-comma", "empty", "truncated"],
)
def test_a_damaged_codebook_is_never_replaced_by_the_defaults(
    damage, custom_codebook: tuple[Path, Path, Path], tmp_path: Path, capsys
) -> None:
    corpus, export, codebook = custom_codebook
    codebook.write_bytes(damage(codebook.read_bytes()))
    before = codebook.read_bytes()
    assert main(["import", str(export), str(corpus)]) == 2
    err = capsys.readouterr().err
    assert "codebook.json is damaged" in err and err.count("\n") == 1
    with pytest.raises(StoreCorruptError, match=r"codebook\.json is damaged"):
        AnnotationStore.open(corpus / ".casereader")
    with pytest.raises(StoreCorruptError, match=r"codebook\.json is damaged"):
        AnnotationStore.open(corpus / ".casereader", read_only=True)
    result = casereader(str(corpus), home=tmp_path)
    assert result.returncode == 2 and "codebook.json is damaged" in result.stderr
    assert codebook.read_bytes() == before
    assert not list(codebook.parent.glob("*.broken-*"))


def test_a_damaged_codebook_alone_is_still_a_store(tmp_path: Path) -> None:
    """No meta, no documents: the damaged codebook must not make the folder look empty."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "codebook.json").write_text('{"codes": {"1": ')
    with pytest.raises(StoreCorruptError, match=r"codebook\.json is damaged"):
        AnnotationStore.open(store)
    with pytest.raises(StoreCorruptError, match=r"codebook\.json is damaged"):
        AnnotationStore.open(store, read_only=True)
    assert sorted(p.name for p in store.iterdir() if p.name != ".lock") == ["codebook.json"]


def test_doctor_names_a_linked_lock_and_repair_moves_it_aside(
    linked_lock: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, victim = linked_lock
    assert main(["doctor", str(corpus)]) == 1
    assert "damaged: .lock: a symbolic link" in capsys.readouterr().out
    assert main(["doctor", str(corpus), "--repair"]) == 1  # found (and repaired) problems
    assert "moved" in capsys.readouterr().out
    moved = list((corpus / ".casereader").glob(".lock.broken-*"))
    assert len(moved) == 1 and moved[0].is_symlink()
    assert victim.read_text() == "secret\n"
    assert main(["doctor", str(corpus)]) == 0
