"""SIGKILL during changes that span several files: all or nothing, never half.

``test_store_kill.py`` kills a process adding, updating and removing single annotations (one
file per change). Here the writer (``store_writer.py batches``) saves batches of one annotation
per document with ``put_many`` (four document files written under the rollback journal) and
undoes some of them. After each kill the store opens, every acknowledged batch is there whole,
no acknowledged undo came back, and the batch or undo in flight is either complete or absent:
never some of its files. 30 rounds by default, 200 with CASEREADER_SOAK=1.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

from annotations.store import JOURNAL, AnnotationStore, check_store
from tests.reliability.killing import run_and_kill

ROUNDS = 200 if os.environ.get("CASEREADER_SOAK") == "1" else 30
FRESH_EVERY = 10
"""Rounds on one store before starting a new one, so files stay small and saves fast."""


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
        events = run_and_kill("batches", folder, seed=round_number, delay=rng.uniform(0.02, 0.25))
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
