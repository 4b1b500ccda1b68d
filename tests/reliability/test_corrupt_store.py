"""A damaged store: a truncated file, garbage bytes, valid JSON of the wrong shape, a future
schema version, a missing file. The app and every command say so in one line naming the file
and overwrite nothing; ``casereader doctor`` names it too and, with ``--repair``, moves it aside
(never deleting it) so that the store opens again.

How the store itself refuses each damage, reader and writer alike, is in
``test_store_faults.py``; ``tests/unit/test_doctor_command.py`` has doctor's finer points.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.errors import CasereaderError
from annotations.store import AnnotationStore, document_filename
from tests.e2e.terminal import CASEREADER
from tests.functional.conftest import options
from tests.reliability.on_screen import SIZE, assert_screen_is_safe, wait_loaded
from tui.app import CasereaderApp
from tui.cli import main
from tui.launch import prepare

BLOG = "003_93d7185cc9cb614b.txt"


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def wrong_shape(path: Path) -> None:
    path.write_text('{"annotations": {"1": ["not", "a", "row"]}}')


def future_schema(path: Path) -> None:
    path.write_text(path.read_text().replace('"schema":1', '"schema":42'))


def lone_surrogate(path: Path) -> None:
    """Valid JSON, but a note that is not Unicode text: every export would fail on it."""
    path.write_bytes(path.read_bytes().replace(b'"note":""', b'"note":"\\ud800"', 1))


def into_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE: dict[str, tuple[str, Callable[[Path], None], str, bool]] = {
    # case: (file, damage, words in the message, repairable)
    "truncated-document": ("doc", truncate, "not valid JSON, perhaps truncated", True),
    "garbage-document": ("doc", lambda p: p.write_bytes(os.urandom(500)), "damaged", True),
    "wrong-shape-document": ("doc", wrong_shape, "is an array, not an object", True),
    "folder-for-a-document": ("doc", into_folder, "a folder where a file should be", True),
    "lone-surrogate-in-a-note": ("doc", lone_surrogate, "unpaired surrogate (\\ud800)", True),
    "truncated-codebook": ("codebook.json", truncate, "not valid JSON", True),
    "empty-meta": ("meta.json", lambda p: p.write_bytes(b""), "empty file", True),
    "missing-meta": ("meta.json", lambda p: p.unlink(), "missing", True),
    "missing-codebook": ("codebook.json", lambda p: p.unlink(), "missing", True),
    "future-schema": ("meta.json", future_schema, "written by a newer casereader", False),
}


@pytest.fixture(params=list(DAMAGE))
def damaged(request, seeds_copy: Path, tmp_path: Path) -> tuple[Path, Path, Path, str]:
    """A coded store with one file damaged: (corpus, store, damaged file, case)."""
    store = tmp_path / "store"
    corpus = load_corpus(seeds_copy)
    with AnnotationStore.open(store) as opened:
        opened.add(corpus[BLOG], 0, 20, codes=["strength"])
        opened.add(corpus.documents[0], 0, 20, codes=["staffing"])
    case = request.param
    target, damage, _words, _repairable = DAMAGE[case]
    path = store / "docs" / document_filename(BLOG) if target == "doc" else store / target
    damage(path)
    return seeds_copy, store, path, case


def one_line_naming(err: str, store: Path, path: Path, words: str) -> None:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"casereader: store {store}"), err
    assert path.relative_to(store).as_posix() in err and words in err, err


def test_the_app_exits_2_with_one_line_naming_the_file(damaged, tmp_path: Path) -> None:
    corpus, store, path, case = damaged
    before = digest(store)
    result = subprocess.run(
        [CASEREADER, str(corpus), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path), "TERM": "dumb"},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    one_line_naming(result.stderr, store, path, DAMAGE[case][2])
    assert digest(store) == before


def test_the_app_read_only_and_the_commands_refuse_it_the_same_way(damaged, capsys) -> None:
    corpus, store, path, case = damaged
    before = digest(store)
    with pytest.raises(CasereaderError) as raised:
        prepare(options([str(corpus)], store, read_only=True))
    assert path.name in str(raised.value)
    for argv in (
        ["export", str(corpus), "--store", str(store), "--format", "csv", "-o",
         str(store.parent / "out.csv")],
        ["report", str(corpus), "frequencies", "--store", str(store), "--json"],
        ["suggest", "staffing", str(corpus), "--store", str(store)],
    ):  # fmt: skip
        assert main(argv) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        one_line_naming(captured.err, store, path, DAMAGE[case][2])
    assert not (store.parent / "out.csv").exists()
    assert digest(store) == before


def test_doctor_names_it_and_repair_moves_it_aside_so_the_store_opens(damaged, capsys) -> None:
    corpus, store, path, case = damaged
    _target, _damage, words, repairable = DAMAGE[case]
    before = digest(store)
    kept = path.read_bytes() if path.is_file() else None
    assert main(["doctor", str(corpus), "--store", str(store)]) == 1
    out = capsys.readouterr().out
    assert path.relative_to(store).as_posix() in out and words in out
    assert digest(store) == before
    assert main(["doctor", str(corpus), "--store", str(store), "--repair"]) == 1
    out = capsys.readouterr().out
    if not repairable:
        assert "not repaired" in out and digest(store) == before
        return
    assert "repaired:" in out
    if kept is not None:  # the damaged bytes survive, renamed beside where they were
        [aside] = path.parent.glob(path.name + ".broken-*")
        assert aside.read_bytes() == kept
        assert f"moved {path} aside to {aside.name}" in out
    assert main(["doctor", str(corpus), "--store", str(store)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "healthy"
    session = prepare(options([str(corpus)], store))
    try:
        assert not session.read_only
        survivors = {a.document for a in session.store.annotations()}
        assert survivors <= {BLOG, sorted(p.name for p in corpus.glob("*.txt"))[0]}
    finally:
        session.store.close()


# --- the files beside the store's data --------------------------------------------------------


async def read_every_document(corpus: Path, store: Path) -> None:
    session = prepare(options([str(corpus)], store))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(app, pilot)
            assert len(session.documents) == 5
            for doc_id in sorted(session.documents)[:2]:
                app.open_document(doc_id)
                await pilot.pause()
                assert_screen_is_safe(app, f"{doc_id} with a damaged cache")
                app.pop_screen()
                await pilot.pause()
            assert app.is_running
    finally:
        session.store.close()


async def test_a_damaged_listing_cache_and_reader_state_are_ignored(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Both are conveniences kept in the store folder: damage costs a slower listing or a
    scroll position, never a crash, and hostile contents show literally."""
    store = tmp_path / "store"
    await read_every_document(seeds_copy, store)
    cases = [os.urandom(200)]
    listing = json.loads((store / "listing-cache.json").read_bytes())
    for entry in listing["entries"].values():  # right size and time, hostile contents
        entry[3:] = [
            "[@click=app.quit]Evil\x1b[2J",
            {"text": "x", "start": -5, "end": 10**12, "date": "2020-01-01", "local": None,
             "utc": None, "zone": "Europe/London", "zone_assumed": True, "precision": "day",
             "flags": ["\x1b]52;c;aGVsbG8=\x07"]},
            ["note\x1b[2J"],
        ]  # fmt: skip
    cases.append(json.dumps(listing).encode())
    for payload in cases:
        (store / "listing-cache.json").write_bytes(payload)
        (store / "reader-state.json").write_bytes(payload)
        await read_every_document(seeds_copy, store)
