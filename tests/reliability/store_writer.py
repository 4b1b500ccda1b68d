"""A writer process for the store's reliability tests: it changes a store and says so.

Every line it prints is one JSON object, flushed at once, so a test that kills it knows exactly
which calls had returned. Usage::

    store_writer.py churn STORE SEED   add, update and remove until killed; before each call
                                       {"intent": ...}, after it returns {"ack": ...}
    store_writer.py fill STORE LIMIT   cap file sizes at LIMIT bytes (RLIMIT_FSIZE, SIGXFSZ
                                       ignored so writes fail with EFBIG, as on a full disk),
                                       add until a save fails, then report and check the store
    store_writer.py hold STORE         open the store, add one annotation, print "ready" and
                                       then obey stdin: "add" adds one more, "quit" exits
    store_writer.py batches STORE SEED save batches spanning every document (put_many, one
                                       file per document through the rollback journal) and
                                       undo some, until killed; intents and acks as in churn
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.corpus import Document  # noqa: E402
from annotations.model import Annotation, quote, utc_now  # noqa: E402
from annotations.store import AnnotationStore, StoreWriteError  # noqa: E402

SENTENCES = (
    "Staff turnover remains high in the assessment team. ",
    "Leaders know their services well and act on what they find. ",
    "Caseloads are manageable and social workers visit children regularly. ",
    "Agency use has fallen by half since the last inspection. ",
    "Plans for care leavers are not always reviewed on time. ",
)
DOCUMENTS = tuple(
    Document.from_text(f"reports/{n}.txt", "".join(SENTENCES[(n + k) % 5] for k in range(40)))
    for n in range(4)
)
CODES = ("strength", "area-for-improvement", "staffing")
MOST = 250
"""Above this many annotations the churn removes more than it adds, keeping files small."""


def emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _codes(rng: random.Random) -> list[str]:
    return rng.sample(CODES, rng.randint(1, 2))


def churn(folder: str, seed: int) -> None:
    """Change the store forever, announcing each call and acknowledging each return."""
    rng = random.Random(seed)
    store = AnnotationStore.open(folder)
    live = [a.id for a in store.annotations()]
    emit({"ready": len(live)})
    for step in range(10**9):
        note = f"{seed}-{step}"
        choice = rng.random()
        if not live or choice < (0.3 if len(live) > MOST else 0.55):
            doc = rng.choice(DOCUMENTS)
            start = rng.randrange(0, len(doc.text) - 200)
            end = start + rng.randrange(1, 200)
            codes = _codes(rng)
            emit({"intent": "add", "document": doc.id, "start": start, "end": end,
                  "codes": codes, "note": note})  # fmt: skip
            added = store.add(doc, start, end, codes=codes, note=note, coder="kill-test")
            live.append(added.id)
            emit({"ack": "add", "id": added.id, "codes": list(added.codes), "note": note})
        elif choice < 0.8:
            target, codes = rng.choice(live), _codes(rng)
            emit({"intent": "update", "id": target, "codes": codes, "note": note})
            updated = store.update(target, codes=codes, note=note)
            emit({"ack": "update", "id": target, "codes": list(updated.codes), "note": note})
        else:
            target = live.pop(rng.randrange(len(live)))
            emit({"intent": "remove", "id": target})
            store.remove(target)
            emit({"ack": "remove", "id": target})


def fill(folder: str, limit: int) -> None:
    """Add annotations with long notes until the file size limit makes a save fail."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    store = AnnotationStore.open(folder)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    doc = DOCUMENTS[0]
    acked: list[str] = []
    for n in range(10_000):
        try:
            added = store.add(doc, n % 500, n % 500 + 40, codes=["staffing"], note="x" * 900)
        except StoreWriteError as error:
            emit({"error": str(error), "in_memory": len(store.annotations())})
            break
        acked.append(added.id)
        emit({"ack": "add", "id": added.id})
    removed = store.remove(acked[-1])
    emit({"ack": "remove", "id": removed.id, "in_memory": len(store.annotations())})
    store.close()


def hold(folder: str) -> None:
    """Keep the store open as its writer until told to quit."""
    store = AnnotationStore.open(folder)
    added = store.add(DOCUMENTS[1], 0, 30, codes=["strength"])
    emit({"ready": os.getpid(), "id": added.id})
    for line in sys.stdin:
        command = line.strip()
        if command == "add":
            added = store.add(DOCUMENTS[1], 40, 90, codes=["staffing"])
            emit({"ack": "add", "id": added.id})
        elif command == "quit":
            break
    store.close()


def batches(folder: str, seed: int) -> None:
    """Change several files at once, forever: each batch is one annotation per document."""
    rng = random.Random(seed)
    store = AnnotationStore.open(folder)
    emit({"ready": len(store.annotations())})
    hashes = {doc.id: doc.sha256 for doc in DOCUMENTS}
    done: list[list[str]] = []
    for _step in range(10**9):
        if done and rng.random() < 0.3:
            ids = done.pop()
            emit({"intent": "undo", "ids": ids})
            store.undo()
            emit({"ack": "undo", "ids": ids})
            continue
        batch = []
        for doc in DOCUMENTS:
            start = rng.randrange(0, len(doc.text) - 200)
            exact, prefix, suffix = quote(doc.text, start, start + rng.randrange(1, 200))
            now = utc_now()
            batch.append(Annotation(str(uuid.uuid4()), doc.id, start, start + len(exact), exact,
                                    prefix, suffix, (rng.choice(CODES),), "", "kill-test", now,
                                    now))  # fmt: skip
        ids = [a.id for a in batch]
        emit({"intent": "batch", "ids": ids})
        store.put_many(batch, hashes)
        emit({"ack": "batch", "ids": ids})
        done.append(ids)


def main(argv: list[str]) -> int:
    mode, folder, *rest = argv
    if mode == "churn":
        churn(folder, int(rest[0]))
    elif mode == "fill":
        fill(folder, int(rest[0]))
    elif mode == "hold":
        hold(folder)
    elif mode == "batches":
        batches(folder, int(rest[0]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
