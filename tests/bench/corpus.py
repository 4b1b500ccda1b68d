"""Benchmark opening a large corpus: the app's list filling, and peak memory.

    python tests/bench/corpus.py [--quick]

Writes 10,000 varied documents (``--quick``: 1,000), one of them 5 MB, into a temporary
folder, then, each in a fresh process:

- *open to an interactive list*: the real app (headless, 120x40) from process start to the
  first rows on screen, while input stays live (the loader is a thread worker and the list
  fills batch by batch); target <= 1.5 s. Also reported: the whole list loaded the first
  time (every file's head read and analysed), and again on reopening, when unchanged files
  come from the listing cache in the store (target <= 1.5 s).
- *memory*: how much the peak resident set size of a fresh process grows while it lists the
  whole corpus itself (``list_documents`` with one process: titles and datelines from each
  file's head; small files are kept whole), beside the total size of the corpus's text.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from rows import row as make_row  # noqa: E402 - the bench folder is put on the path above

FULL_DOCS = 10_000
QUICK_DOCS = 1_000
BIG_BYTES = 5 * 1024 * 1024
OPEN_TARGET_S = 1.5
SEED = 20191012

_OPEN_SCRIPT = r"""
import argparse, json, sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from tui.launch import prepare, prepare_workers
from tui.app import CasereaderApp
from tui.widgets.document_list import DocumentList

options = argparse.Namespace(paths=[{corpus!r}], store={store!r}, coder="bench",
                             zone="Europe/London", read_only=False)
session = prepare(options)
prepare_workers(len(session.files))
result = {{}}

class Timed(CasereaderApp):
    def on_ready(self) -> None:
        result["ready"] = time.perf_counter() - start
        self.set_interval(0.005, self.check)

    def check(self) -> None:
        table = self.corpus_screen.query_one("#documents", DocumentList)
        if "first_rows" not in result and table.rows:
            result["first_rows"] = time.perf_counter() - start
        if self.loading_done and "loaded" not in result:
            result["loaded"] = time.perf_counter() - start
            result["rows"] = len(table.rows)
            self.exit()

app = Timed(session)
app.run(headless=True, size=(120, 40))
session.store.close()
print(json.dumps(result))
"""

_MEMORY_SCRIPT = r"""
import json, sys
sys.path.insert(0, {root!r})
from annotations.corpus import list_documents, scan

def peak_kb():
    # VmHWM starts afresh at exec; ru_maxrss would carry the forking parent's peak.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))

root, files = scan({corpus!r})
before = peak_kb()
documents = list(list_documents(files, root, workers=1))
after = peak_kb()
print(json.dumps({{"documents": len(documents), "peak_kb": after, "baseline_kb": before}}))
"""


def write_corpus(folder: Path, count: int, seed: int = SEED) -> int:
    """Varied documents from the datelines benchmark's generator, plus one of 5 MB."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from datelines import generate  # type: ignore[import-not-found]

    documents = generate(count - 1, seed)
    total = 0
    for index, document in enumerate(documents):
        sub = folder / f"batch-{index // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = document.text.encode("utf-8")
        (sub / f"doc-{index:05d}.txt").write_bytes(data)
        total += len(data)
    rng = random.Random(seed)
    paragraph = " ".join(rng.choice(documents).text.split()[:120])
    big = ["Inspection of children's services: full text\n\nPublished 3 March 2021 at 09:30\n"]
    size = len(big[0])
    while size < BIG_BYTES:
        big.append(paragraph + "\n\n")
        size += len(paragraph) + 2
    data = "".join(big).encode("utf-8")
    (folder / "big-report.txt").write_bytes(data)
    return total + len(data)


def in_fresh_process(script: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        raise RuntimeError(f"benchmark process failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _row(
    measure: str, ours: float, baseline: float | None, target: float | None, met: bool | None
) -> dict[str, Any]:
    return make_row(measure, ours, baseline, ours / baseline if baseline else None, target, met)


def run(quick: bool) -> list[dict[str, Any]]:
    count = QUICK_DOCS if quick else FULL_DOCS
    with tempfile.TemporaryDirectory(prefix="casereader-bench-corpus-") as temp:
        corpus = Path(temp) / "corpus"
        total = write_corpus(corpus, count)
        store = str(Path(temp) / "store")
        script = _OPEN_SCRIPT.format(root=str(ROOT), corpus=str(corpus), store=store)
        opened = in_fresh_process(script)
        reopened = in_fresh_process(script)
        memory = in_fresh_process(_MEMORY_SCRIPT.format(root=str(ROOT), corpus=str(corpus)))
    grown_mb = (memory["peak_kb"] - memory["baseline_kb"]) / 1024
    text_mb = total / (1024 * 1024)
    first = opened["first_rows"]
    return [
        _row(
            f"open {count:,}-document corpus: interactive list (first rows), s",
            first,
            None,
            OPEN_TARGET_S,
            first <= OPEN_TARGET_S,
        ),
        _row(
            f"open {count:,}-document corpus: whole list loaded, first time, s",
            opened["loaded"],
            None,
            OPEN_TARGET_S,
            opened["loaded"] <= OPEN_TARGET_S and opened["rows"] == count,
        ),
        _row(
            f"reopen {count:,}-document corpus: whole list loaded (listing cache), s",
            reopened["loaded"],
            None,
            OPEN_TARGET_S,
            reopened["loaded"] <= OPEN_TARGET_S and reopened["rows"] == count,
        ),
        _row(
            f"memory to list {count:,} documents (peak RSS growth), MB vs their text, MB",
            grown_mb,
            text_mb,
            None,
            None,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 documents")
    args = parser.parse_args(argv)
    for row in run(args.quick):
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
