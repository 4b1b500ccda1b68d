"""SIGKILL during changes that span several files: all or nothing, never half.

``test_store_kill.py`` kills a process adding, updating and removing single annotations (one
file per change). Here the writer (``store_writer.py batches``) saves batches of one annotation
per document with ``put_many`` (four document files written under the rollback journal) and
undoes some of them. After each kill the store opens, every acknowledged batch is there whole,
no acknowledged undo came back, and the batch or undo in flight is either complete or absent:
never some of its files. 30 rounds by default, 200 with CASEREADER_SOAK=1.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from annotations.store import JOURNAL, AnnotationStore, check_store

WRITER = Path(__file__).with_name("store_writer.py")
ROUNDS = 200 if os.environ.get("CASEREADER_SOAK") == "1" else 30
FRESH_EVERY = 10
"""Rounds on one store before starting a new one, so files stay small and saves fast."""


def run_and_kill(folder: Path, seed: int, delay: float) -> list[dict[str, Any]]:
    """Start the writer, SIGKILL it ``delay`` seconds after it is ready, return its events."""
    process = subprocess.Popen(
        [sys.executable, str(WRITER), "batches", str(folder), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            ready.set()

    reader = threading.Thread(target=drain)
    reader.start()
    if not ready.wait(30):
        process.kill()
        reader.join()
        pytest.fail(f"the writer never became ready: {process.stderr.read()}")  # type: ignore[union-attr]
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    reader.join()
    assert process.returncode == -signal.SIGKILL, process.stderr.read()  # type: ignore[union-attr]
    return [json.loads(line) for line in lines if line.endswith("\n")]


def test_sigkill_leaves_every_multi_file_change_whole_or_absent(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("CASEREADER_SEED", "1966")))
    acknowledged = in_flight_kills = interrupted = 0
    present: set[str] = set()
    folder = tmp_path / "store-0"
    for round_number in range(ROUNDS):
        if round_number % FRESH_EVERY == 0 and round_number:
            assert check_store(folder) == []
            shutil.rmtree(folder)
            folder, present = tmp_path / f"store-{round_number}", set()
        events = run_and_kill(folder, seed=round_number, delay=rng.uniform(0.02, 0.25))
        promised = set(present)
        pending: dict[str, Any] | None = None
        for event in events:
            if "intent" in event:
                pending = event
            elif "ack" in event:
                pending = None
                acknowledged += 1
                if event["ack"] == "batch":
                    promised |= set(event["ids"])
                else:
                    promised -= set(event["ids"])
        interrupted += (folder / JOURNAL).exists()  # killed between files: rolled back at open
        with AnnotationStore.open(folder) as store:
            actual = {a.id for a in store.annotations()}
        assert not (folder / JOURNAL).exists(), "the interrupted change was not rolled back"
        if pending is None:
            assert actual == promised
        else:
            in_flight_kills += 1
            batch = set(pending["ids"])
            done = promised | batch if pending["intent"] == "batch" else promised - batch
            assert actual in (promised, done), (
                f"a {pending['intent']} was cut in half: "
                f"{len(actual & batch)} of its {len(batch)} annotations are in the store"
            )
        present = actual
    assert check_store(folder) == []
    assert acknowledged > ROUNDS * 3, "the writer barely ran: the test proves little"
    assert in_flight_kills > ROUNDS // 2, "few kills landed inside a change"
    assert interrupted > 0, "no kill landed between the files of a change"
    print(f"{ROUNDS} kills, {acknowledged} acknowledged changes, {in_flight_kills} in flight, "
          f"{interrupted} between files (rolled back)")  # fmt: skip
