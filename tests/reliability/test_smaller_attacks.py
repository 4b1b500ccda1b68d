"""Issue 11, point 10: the smaller attacks, each fixed at its root.

- a 50 MB note pinned the CPU for a minute in the note editor (now: the first
  ``NOTE_EDIT_LIMIT`` characters, read-only, and the editor says so: in
  ``tests/functional/test_long_note.py``); the panel's one line no longer splits it whole;
- a keymap holding ``"\\ud800"`` crashed with a traceback (now: one line);
- with ``PYTHONIOENCODING=ascii`` or ``latin-1``, ``report`` and ``datelines`` crashed (now:
  what the encoding can write, the rest replaced; JSON escaped, nothing lost);
- ``.casereader/`` and ``docs/`` were made without fsyncing their parent folder;
- a CSV cell starting with a newline and then ``=`` escaped the formula guard.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.interchange.csv_format import spreadsheet_safe
from annotations.store import AnnotationStore
from tests.e2e.test_tmux import CASEREADER
from tui.formatting import one_line


def test_one_line_reads_only_the_head_of_a_long_text() -> None:
    long = "word " * 2_000_000
    assert one_line(long, 20) == "word word word word…"
    assert one_line(" " * 10_000 + "tail", 20) == "tail"
    assert one_line("a\n b  c", 20) == "a b c"


def run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [CASEREADER, *args],
        capture_output=True,
        timeout=60,
        env={**os.environ, "HOME": str(home), "TERM": "dumb", **env},
    )


def test_a_keymap_with_a_lone_surrogate_is_one_line(seeds_copy: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.json"
    keymap.write_text('{"document.undo": "\\ud800"}')
    result = run(str(seeds_copy), home=tmp_path, CASEREADER_KEYMAP=str(keymap))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "keymap" in err and "Traceback" not in err, err
    assert not (seeds_copy / ".casereader").exists()  # refused before a store was made


COMMANDS = [["datelines"], ["datelines", "--json"], ["report", "frequencies"],
            ["report", "passages", "--json"]]  # fmt: skip


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_output_encoding_that_is_not_unicode_loses_nothing_in_json(
    encoding: str, command: list[str], seeds_copy: Path, tmp_path: Path
) -> None:
    with AnnotationStore.open(seeds_copy / ".casereader") as store:
        for document in load_corpus(seeds_copy):
            store.add(document, 0, 60, codes=["staffing"], note="café ’quoted’ €5")
    args = [command[0], str(seeds_copy), *command[1:]]
    result = run(*args, home=tmp_path, PYTHONIOENCODING=encoding)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr
    result.stdout.decode(encoding)  # what it wrote, it wrote in that encoding
    if "--json" in command:
        utf8 = run(*args, home=tmp_path)
        assert json.loads(result.stdout.decode("ascii")) == json.loads(utf8.stdout)


def test_folders_a_store_makes_are_fsynced_into_their_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, str]] = []
    real_mkdir, real_fsync = os.mkdir, os.fsync

    def mkdir(path, *args, **kwargs):
        real_mkdir(path, *args, **kwargs)
        events.append(("mkdir", os.path.abspath(path)))

    def fsync(fd):
        events.append(("fsync", os.path.realpath(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "fsync", fsync)
    location = tmp_path / "corpus" / ".casereader"
    with AnnotationStore.open(location):
        pass
    made = [path for kind, path in events if kind == "mkdir"]
    assert made == [str(tmp_path / "corpus"), str(location), str(location / "docs")]
    for n, (kind, path) in enumerate(events):
        if kind == "mkdir":
            assert ("fsync", os.path.dirname(path)) in events[n + 1 :], f"{path}'s parent"


@pytest.mark.parametrize(
    "cell",
    ["=1+1", '\n=HYPERLINK("http://x")', "\r\n+1", "  \n @SUM(A1)", "\u00a0-2", "\t=1"],
)
def test_a_formula_after_blanks_or_a_line_break_is_still_guarded(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Staff turnover", "a = b", "", "2024-01-01"])
def test_plain_cells_are_left_alone(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell
