"""An import is one transaction: killed at any moment, the store holds all of it or none.

Regression test for issue 11, point 3: SIGKILL, SIGTERM or SIGHUP during ``casereader import``
left the new codes in the codebook without their annotations. Here the import (new codes, one
of them keeping a renamed code's id, keywords for a code, new passages on every document and
newer versions of passages the store has) runs under ``die_at.py``, which kills it before its
K-th durable step (write, fsync, rename, unlink), for every K. After each kill the store is
opened (rolling back an interrupted change) and must equal the store before the import or
the store after a complete one: codebook and annotations, field by field.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotations.corpus import load_corpus
from annotations.model import utc_now
from annotations.store import JOURNAL, AnnotationStore
from tui.cli import main

DIE_AT = Path(__file__).with_name("die_at.py")


def state(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The codebook and every annotation of a store, as plain data."""
    with AnnotationStore.open(folder) as store:
        return [c.to_dict() for c in store.codebook], [a.to_dict() for a in store.annotations()]


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A coded store, and an export of a colleague's copy with new codes and passages."""
    root = tmp_path_factory.mktemp("import-kill")
    corpus_folder = root / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[2] / "seeds", corpus_folder)
    corpus = load_corpus(corpus_folder)
    pristine = root / "pristine"
    with AnnotationStore.open(pristine) as store:
        store.codebook.add("Custom one")
        for document in corpus:
            store.add(document, 10, 60, codes=["strength"], note="mine", coder="ann")
    colleague = root / "colleague"
    shutil.copytree(pristine, colleague)
    with AnnotationStore.open(colleague) as store:
        caseloads = store.codebook.add("caseloads", key="")
        store.codebook.rename(caseloads, "Workload")  # id kept: caseloads
        store.codebook.add("Voice of the child")
        store.codebook.set_keywords("Voice of the child", ["wishes", "feelings"])
        store.codebook.add("Leadership", parent="strength")
        for n, document in enumerate(corpus):
            for k in range(6):
                start = 100 + 90 * k
                codes = [("caseloads", "voice-of-the-child", "leadership", "staffing")[k % 4]]
                store.add(document, start, start + 40 + n, codes=codes, coder="bob")
        for annotation in store.annotations(coder="ann")[:2]:
            store.put_many([replace(annotation, note="bob's newer note", updated=utc_now())])
    export = root / "colleague.json"
    assert main(["export", str(corpus_folder), "--store", str(colleague), "--format", "json",
                 "-o", str(export)]) == 0  # fmt: skip
    complete = root / "complete"
    shutil.copytree(pristine, complete)
    steps = run(0, "KILL", export, corpus_folder, complete)
    before, after = state(pristine), state(complete)
    assert before != after
    assert len(after[1]) == len(before[1]) + 30 and len(after[0]) == len(before[0]) + 3
    return {"root": root, "pristine": pristine, "export": export, "corpus": corpus_folder,
            "steps": steps, "before": before, "after": after}  # fmt: skip


def run(at: int, signal_name: str, export: Path, corpus: Path, store: Path) -> int:
    """Import, killed before durable step ``at`` (0: never); returns the steps a whole import
    takes (for ``at`` = 0) or the process's return code."""
    command = [sys.executable, str(DIE_AT), str(at), signal_name, "import", str(export)]
    result = subprocess.run(
        [*command, str(corpus), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if at == 0:
        assert result.returncode == 0, result.stderr
        return int(result.stderr.rsplit("steps: ", 1)[1])
    return result.returncode


def test_an_import_killed_at_any_step_leaves_all_or_nothing(setting: dict[str, Any]) -> None:
    steps = setting["steps"]
    assert steps >= 20, f"the import took only {steps} durable steps"
    outcomes = {"before": 0, "after": 0}
    rolled_back = 0
    tried = 0
    for at in range(1, steps + 1):
        for signal_name in ("KILL", "TERM", "HUP") if at % 4 == 1 else ("KILL",):
            folder = setting["root"] / f"k{at}-{signal_name}"
            shutil.copytree(setting["pristine"], folder)
            code = run(at, signal_name, setting["export"], setting["corpus"], folder)
            assert code < 0, f"the import was not killed at step {at} (exit {code})"
            rolled_back += (folder / JOURNAL).exists()
            found = state(folder)
            assert not (folder / JOURNAL).exists()
            if found == setting["before"]:
                outcomes["before"] += 1
            else:
                assert found == setting["after"], (
                    f"killed ({signal_name}) at step {at} of {steps}: the store holds part "
                    f"of the import ({len(found[0])} codes, {len(found[1])} annotations)"
                )
                outcomes["after"] += 1
            shutil.rmtree(folder)
            tried += 1
    assert outcomes["before"] and outcomes["after"] and rolled_back
    print(json.dumps({"moments": tried, "steps": steps, "rolled_back": rolled_back, **outcomes}))
