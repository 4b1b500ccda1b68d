"""SIGKILL at random moments never loses an acknowledged change nor damages the store.

A writer process (store_writer.py churn) adds, updates and removes annotations, printing an
intent before each call and an acknowledgement after it returns. We kill it at a random moment,
reopen the store, and check: it opens; every acknowledged add and update is there as
acknowledged; nothing acknowledged as removed is. Only the one call in flight at the kill may
have happened or not. 30 rounds by default, 200 with CASEREADER_SOAK=1.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

from annotations.store import AnnotationStore, check_store
from tests.reliability.killing import run_and_kill

ROUNDS = 200 if os.environ.get("CASEREADER_SOAK") == "1" else 30

State = dict[str, tuple[tuple[str, ...], str]]
"""Annotation id -> (codes, note)."""


def expected_after(
    before: State, events: list[dict[str, Any]]
) -> tuple[State, dict[str, Any] | None]:
    """The state the acknowledgements promise, and the call in flight at the kill, if any."""
    state = dict(before)
    in_flight = None
    for event in events:
        if "intent" in event:
            in_flight = event
        elif "ack" in event:
            in_flight = None
            if event["ack"] == "remove":
                del state[event["id"]]
            else:
                state[event["id"]] = (tuple(event["codes"]), event["note"])
    return state, in_flight


def check_round(actual: State, promised: State, in_flight: dict[str, Any] | None) -> None:
    maybe = in_flight or {}
    for ann_id, state in promised.items():
        if maybe.get("id") == ann_id and maybe["intent"] == "remove" and ann_id not in actual:
            continue
        if maybe.get("id") == ann_id and maybe["intent"] == "update":
            assert actual[ann_id] in (state, (tuple(maybe["codes"]), maybe["note"]))
            continue
        assert actual.get(ann_id) == state, f"acknowledged annotation {ann_id} lost or changed"
    extra = set(actual) - set(promised)
    if maybe.get("intent") == "add":
        assert len(extra) <= 1
        for ann_id in extra:
            assert actual[ann_id] == (tuple(maybe["codes"]), maybe["note"])
    else:
        assert not extra, f"annotations nobody acknowledged: {extra}"


def test_sigkill_never_loses_an_acknowledged_change(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    rng = random.Random(int(os.environ.get("CASEREADER_SEED", "1966")))
    state: State = {}
    acknowledged = 0
    for round_number in range(ROUNDS):
        events = run_and_kill("churn", folder, seed=round_number, delay=rng.uniform(0.0, 0.25))
        acknowledged += sum(1 for e in events if "ack" in e)
        promised, in_flight = expected_after(state, events)
        with AnnotationStore.open(folder) as store:
            actual = {a.id: (a.codes, a.note) for a in store.annotations()}
        check_round(actual, promised, in_flight)
        assert not list(folder.rglob("*.tmp-*")), "temp files survived the reopen"
        state = actual
    assert check_store(folder) == []
    assert acknowledged > ROUNDS * 5, "the writer barely ran: the test proves little"
