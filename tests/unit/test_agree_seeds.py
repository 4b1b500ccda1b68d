"""``casereader agree`` on two stores of the bundled seeds needs no --corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from annotations.corpus import bundled_seeds, load_corpus
from annotations.store import AnnotationStore


def test_agree_finds_the_bundled_seeds_by_their_text_hashes(tmp_path: Path) -> None:
    document = load_corpus(bundled_seeds()).documents[0]
    with AnnotationStore.open(tmp_path / "a") as store:
        store.add(document, 0, 50, codes=["strength"], coder="ana")
    with AnnotationStore.open(tmp_path / "b") as store:
        store.add(document, 10, 60, codes=["strength"], coder="ben")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "agree", str(tmp_path / "a"), str(tmp_path / "b"), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["overall"]["units"] == len(document.text)
