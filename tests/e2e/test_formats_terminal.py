"""End to end: a folder of every format in the installed ``casereader`` in tmux: listed with
badges and datelines, a passage of the PDF coded, then exported with the PDF text's words."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.terminal import CASEREADER, TMUX
from tests.formats.mixed import mixed_corpus

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
]


def test_a_mixed_folder_opens_lists_codes_the_pdf_and_exports_it(
    tmp_path: Path, run_in_terminal
) -> None:
    corpus = mixed_corpus(tmp_path / "corpus")
    store = tmp_path / "store"
    terminal = run_in_terminal(str(corpus), "--store", str(store), "--coder", "e2e", width=160)
    screen = terminal.wait_for("8 documents")
    assert "2024-01-29 17:45 -05:00" in screen  # the email, dated by its Date header
    assert "PDF Inspection of children’s services" in screen
    assert "EML Visit to Oak House" in screen
    terminal.keys("/", *"inspection.pdf", "Enter")
    terminal.wait_for("1 of 8 documents")
    terminal.keys("Enter")
    terminal.wait_for("Annotations")
    terminal.keys("v", "w", "w", "w", "1")
    terminal.wait_for("strength")
    terminal.keys("Escape")
    terminal.wait_for("of 8 documents")
    terminal.keys("q")
    assert terminal.wait_exit() == 0
    assert (store / "texts").is_dir()  # the text cache is in the store given

    listed = subprocess.run(
        [CASEREADER, "datelines", "--json", str(corpus)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    rows = {row["path"]: row for row in json.loads(listed.stdout)}
    assert len(rows) == 8 and rows["inspection.pdf"]["format"] == "pdf"
    assert "scan.pdf: no text layer: needs OCR" in listed.stderr

    out = tmp_path / "out.json"
    result = subprocess.run(
        [
            CASEREADER,
            "export",
            str(corpus),
            "--store",
            str(store),
            "--format",
            "json",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    passages = [a for d in exported["documents"] for a in d["annotations"]]
    assert [(p["document"], p["codes"]) for p in passages] == [("inspection.pdf", ["strength"])]
    exact = passages[0]["exact"]
    assert len(exact) > 10 and "Inspection of children’s services".startswith(exact.rstrip())
    assert (passages[0]["start"], passages[0]["end"]) == (0, len(exact))
