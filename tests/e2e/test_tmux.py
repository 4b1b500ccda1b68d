"""End to end: the installed ``casereader`` in a real terminal (tmux), driven by keys."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from tinydb import TinyDB

from annotations.interchange.json_format import json_schema
from tests.e2e.terminal import CASEREADER, TMUX

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_code_a_passage_quit_and_find_it_in_the_store(
    seeds_copy: Path, tmp_path: Path, run_in_terminal
) -> None:
    store = tmp_path / "store"
    terminal = run_in_terminal(str(seeds_copy), "--store", str(store), "--coder", "e2e")
    terminal.wait_for("Support of all needed")
    # Sorted by date, the 2009 blog post comes first; open it.
    terminal.keys("Enter")
    terminal.wait_for("Annotations")
    terminal.keys("v", "w", "w", "w", "1")
    terminal.wait_for("strength")
    terminal.keys("Escape")
    terminal.wait_for("5 documents")  # the list; then q (an escape and a q read together: alt+q)
    terminal.keys("q")
    assert terminal.wait_exit() == 0
    result = subprocess.run(
        [
            CASEREADER,
            "export",
            str(seeds_copy),
            "--store",
            str(store),
            "--format",
            "json",
            "-o",
            str(tmp_path / "out.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json_schema()).validate(exported)
    # On disk: plain TinyDB files that stock TinyDB reads, holding the one passage.
    on_disk = []
    for file in sorted((store / "docs").glob("*.json")):
        with TinyDB(file, access_mode="r") as db:
            on_disk += db.table("annotations").all()
    assert [(a["codes"], a["coder"]) for a in on_disk] == [(["strength"], "e2e")]
    passages = [a for d in exported["documents"] for a in d["annotations"]]
    assert len(passages) == 1
    assert passages[0]["codes"] == ["strength"]
    assert passages[0]["coder"] == "e2e"
    assert passages[0]["document"] == "003_93d7185cc9cb614b.txt"
    assert passages[0]["exact"] == "Support of all needed "[: len(passages[0]["exact"])]


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_markup_and_escapes_in_a_document_do_not_reach_the_terminal(
    tmp_path: Path, run_in_terminal
) -> None:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Hostile title [bold red]x[/] here\n\nBody \x1b[2J\x1b]52;c;aGVsbG8=\x07 "
        "[link=file:///etc/passwd]y[/link] [@click=app.quit]z[/]\n",
        encoding="utf-8",
    )
    terminal = run_in_terminal(str(corpus), "--store", str(tmp_path / "s"))
    screen = terminal.wait_for("Hostile title [bold red]x[/] here")
    terminal.keys("Enter")
    screen = terminal.wait_for("[link=file:///etc/passwd]y[/link]")
    assert "[@click=app.quit]z[/]" in screen
    assert "␛" in screen
    terminal.keys("Escape", "q")
