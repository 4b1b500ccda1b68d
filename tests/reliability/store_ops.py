"""Store changes described as data, for the stateful test (``test_store_machine.py``).

The same operations run in the test's process (``apply``) and in a process killed part-way
(``python store_ops.py STORE OPS.json K SIGNAL``: open the store, then apply the operations,
as one transaction when there are several, sending itself SIGNAL before its K-th durable step:
write, fsync, rename or unlink). ``expect`` applies them to a plain model of the store, so
the test can tell what the store must hold afterwards without asking the store.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.corpus import Document  # noqa: E402
from annotations.model import Annotation, quote  # noqa: E402
from annotations.store import AnnotationStore  # noqa: E402

SENTENCES = (
    "Staff turnover remains high in the assessment team. ",
    "Leaders know their services well and act on what they find. ",
    "Caseloads are manageable and social workers visit children regularly. ",
    "Plans for care leavers are not always reviewed on time. ",
)
DOCUMENTS = tuple(
    Document.from_text(f"reports/{n}.txt", "".join(SENTENCES[(n + k) % 4] for k in range(12)))
    for n in range(3)
)
STAMP = "2024-01-01T00:00:00.000000Z"
STEPS = ("write", "fsync", "replace", "rename", "unlink")


@dataclass
class Model:
    """What the store must hold: annotations (id -> the fields the test controls) and the
    codebook (id, name, parent), in order."""

    annotations: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    codes: list[tuple[str, str, str | None]] = field(default_factory=list)

    def copy(self) -> Model:
        return Model(dict(self.annotations), list(self.codes))


def seen(annotation: Annotation) -> tuple[Any, ...]:
    """An annotation as the model knows it (timestamps and statuses are the store's)."""
    return (annotation.document, annotation.start, annotation.end, annotation.exact,
            annotation.codes, annotation.note)  # fmt: skip


def state(store: AnnotationStore) -> Model:
    return Model(
        {a.id: seen(a) for a in store.annotations()},
        [(c.id, c.name, c.parent) for c in store.codebook],
    )


def annotation(op: dict[str, Any]) -> Annotation:
    document = DOCUMENTS[op["doc"]]
    exact, prefix, suffix = quote(document.text, op["start"], op["end"])
    return Annotation(op["id"], document.id, op["start"], op["end"], exact, prefix, suffix,
                      tuple(op["codes"]), op.get("note", ""), "machine", STAMP, STAMP)  # fmt: skip


def apply(store: AnnotationStore, op: dict[str, Any]) -> None:
    """One operation on a real store."""
    kind = op["op"]
    if kind == "put":
        hashes = {d.id: d.sha256 for d in DOCUMENTS}
        store.put_many([annotation(a) for a in op["annotations"]], document_hashes=hashes)
    elif kind == "update":
        store.update(op["id"], codes=op.get("codes"), note=op.get("note"))
    elif kind == "remove":
        store.remove(op["id"])
    elif kind == "add_code":
        store.codebook.add(op["name"], code_id=op["id"], parent=op.get("parent"), key="")
    elif kind == "rename_code":
        store.codebook.rename(op["id"], op["name"])
    elif kind == "remove_code":
        store.codebook.remove(op["id"], reassign_to=op.get("to"), strip=op.get("to") is None)
    else:
        raise AssertionError(kind)


def expect(model: Model, op: dict[str, Any]) -> Model:
    """The same operation on the plain model."""
    after = model.copy()
    kind = op["op"]
    if kind == "put":
        for item in op["annotations"]:
            after.annotations[item["id"]] = seen(annotation(item))
    elif kind == "update":
        doc, start, end, exact, codes, note = after.annotations[op["id"]]
        codes = tuple(dict.fromkeys(op["codes"])) if op.get("codes") else codes
        note = op["note"] if op.get("note") is not None else note
        after.annotations[op["id"]] = (doc, start, end, exact, codes, note)
    elif kind == "remove":
        del after.annotations[op["id"]]
    elif kind == "add_code":
        after.codes.append((op["id"], op["name"], op.get("parent")))
    elif kind == "rename_code":
        after.codes = [(i, op["name"] if i == op["id"] else n, p) for i, n, p in after.codes]
    elif kind == "remove_code":
        gone, target = op["id"], op.get("to")
        parent = next(p for i, _n, p in after.codes if i == gone)
        after.codes = [(i, n, parent if p == gone else p) for i, n, p in after.codes if i != gone]
        for ann_id, (doc, start, end, exact, codes, note) in list(after.annotations.items()):
            if gone not in codes:
                continue
            if target is None:
                kept = tuple(c for c in codes if c != gone)
            else:
                kept = tuple(dict.fromkeys(target if c == gone else c for c in codes))
            if kept:
                after.annotations[ann_id] = (doc, start, end, exact, kept, note)
            else:
                del after.annotations[ann_id]
    return after


def apply_all(store: AnnotationStore, ops: list[dict[str, Any]]) -> None:
    if len(ops) == 1:
        apply(store, ops[0])
        return
    with store.transaction("machine"):
        for op in ops:
            apply(store, op)


def die_at(at: int, number: signal.Signals) -> None:
    count = [0]

    def counted(real: Any) -> Any:
        def step(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == at:
                os.kill(os.getpid(), number)
            return real(*args, **kwargs)

        return step

    for call in STEPS:
        setattr(os, call, counted(getattr(os, call)))


def main(argv: list[str]) -> int:
    folder, ops_file, at, name = argv
    ops = json.loads(Path(ops_file).read_text())
    store = AnnotationStore.open(folder)
    die_at(int(at), signal.Signals[f"SIG{name}"])
    apply_all(store, ops)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
