"""The coder's day, measured: a scripted session in tmux codes 50 fixed targets in a
generated corpus with the installed ``casereader`` and counts the keys each kind of passage
costs (paragraphs, first and later sentences, clauses, bullets, a wrong code fixed, a passage
widened, the next document). The store is read back afterwards: every target must be there,
with its codes, or the figures mean nothing.

    python tests/bench/coding_session.py

Targets (keys per passage, at most): paragraph 3, sentence 3, clause 6, fix a wrong code 3,
widen a passage 4, next document 1.
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.store import AnnotationStore  # noqa: E402
from tests.e2e.terminal import CASEREADER, Terminal, terminal_environment  # noqa: E402

TARGETS = {
    "paragraph": 3,
    "sentence": 3,
    "clause": 6,
    "fix": 3,
    "widen": 4,
    "next document": 1,
}
CODES = {"1": "strength", "2": "area-for-improvement", "3": "staffing"}


def paragraph(i: int) -> tuple[str, list[str], list[str]]:
    """A paragraph of three sentences, its sentences and the clauses of the first and last."""
    sentences = [
        f"Leaders in area {i} know their services well, and staff feel supported.",
        f"Caseloads in team {i} are manageable.",
        f"Managers check the work, although records in team {i} are sometimes late.",
    ]
    clauses = [
        f"Leaders in area {i} know their services well",
        "and staff feel supported.",
        "Managers check the work",
        f"although records in team {i} are sometimes late.",
    ]
    return " ".join(sentences), sentences, clauses


def script() -> tuple[dict[str, str], list[tuple[str, list[str], str, str, str]]]:
    """The corpus and the steps: (kind, keys, document, expected quote, expected code)."""
    steps: list[tuple[str, list[str], str, str, str]] = []
    paragraphs = []
    doc = "a.txt"
    for i in range(1, 19):
        text, sentences, clauses = paragraph(i)
        pattern = i % 5
        if pattern == 1:
            steps.append(("paragraph", ["}", "S", "1"], doc, text, "1"))
        elif pattern == 2:
            steps.append(("sentence", ["}", "s", "2"], doc, sentences[0], "2"))
            steps.append(("sentence", ["s", "1"], doc, sentences[1], "1"))
            steps.append(("clause", [")", "a", "3"], doc, clauses[2], "3"))
            steps.append(("clause", ["a", "1"], doc, clauses[3], "1"))
        elif pattern == 3:
            steps.append(("clause", ["}", "a", "1"], doc, clauses[0], "2"))
            steps.append(("fix", ["C", "2"], doc, clauses[0], "2"))
            steps.append(("clause", ["a", "3"], doc, clauses[1], "3"))
            steps.append(("sentence", ["s", "1"], doc, sentences[1], "1"))
        elif pattern == 4:
            steps.append(("sentence", ["}", "s", "1"], doc, text, "1"))  # widened next
            steps.append(("widen", ["S", "="], doc, text, "1"))
        else:
            text = f"- Bullet {i} is clear.\n- Bullet {i} is kept."
            steps.append(("sentence", ["}", "s", "3"], doc, f"Bullet {i} is clear.", "3"))
            steps.append(("sentence", ["s", "3"], doc, f"Bullet {i} is kept.", "3"))
        paragraphs.append(text)
    first = "Inspection of children's services\nPublished 1 March 2024\n\n" + "\n\n".join(
        paragraphs
    )
    second_paragraphs = [paragraph(i)[0] for i in range(30, 39)]
    second = "Committee minutes\nPublished 1 April 2024\n\n" + "\n\n".join(second_paragraphs)
    steps.append(("next document", [">"], "b.txt", "", ""))
    for text in second_paragraphs:
        steps.append(("paragraph", ["}", "S", "1"], "b.txt", text, "1"))
    coded = [s for s in steps if s[0] not in ("fix", "widen", "next document")]
    assert len(coded) >= 50, len(coded)
    return {"a.txt": first, "b.txt": second}, steps


TMUX_NAMES = {"}": "}", ")": ")", ">": ">", "=": "="}


def session(folder: Path) -> dict[str, list[int]]:
    corpus = folder / "corpus"
    corpus.mkdir()
    texts, steps = script()
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    store = folder / "store"
    terminal = Terminal(
        [CASEREADER, str(corpus), "--store", str(store), "--coder", "bench"],
        folder,
        terminal_environment(folder / "home"),
        120,
        40,
    )
    keys: dict[str, list[int]] = defaultdict(list)
    try:
        terminal.wait_for("2 documents")
        terminal.keys("Enter")
        terminal.wait_for("Annotations")
        for kind, sequence, _doc, _quote, _code in steps:
            for key in sequence:
                terminal.keys(TMUX_NAMES.get(key, key), pause=0.12)
            keys[kind].append(len(sequence))
            if kind == "next document":
                terminal.wait_for("Committee minutes")
        terminal.keys("Escape", pause=0.5)
        terminal.keys("q")
        terminal.wait_exit()
    finally:
        screen = terminal.screen()
        terminal.close()
    with AnnotationStore.open(store, read_only=True) as opened:
        held = {(a.document, a.exact, a.codes) for a in opened.annotations()}
    expected = {
        (doc, quote, (CODES[code],))
        for kind, _keys, doc, quote, code in steps
        if kind not in ("next document", "fix", "widen") and quote
    }
    # the fixed and widened passages are expected as they end up
    fixed = {(d, q) for k, _s, d, q, _c in steps if k == "fix"}
    expected = {(d, q, (CODES["2"],) if (d, q) in fixed else c) for d, q, c in expected}
    missing = expected - held
    if missing:
        raise SystemExit(
            f"the session did not code what it meant to: {sorted(missing)[:3]}\n{screen}"
        )
    return keys


def report(keys: dict[str, list[int]]) -> list[str]:
    lines = [f"{'kind':<14} {'passages':>8} {'keys/passage':>12} {'max':>4} {'target':>6}  met"]
    for kind, target in TARGETS.items():
        counts = keys.get(kind, [])
        if not counts:
            continue
        mean = sum(counts) / len(counts)
        met = "yes" if max(counts) <= target else "no"
        lines.append(
            f"{kind:<14} {len(counts):>8} {mean:>12.2f} {max(counts):>4} {target:>6}  {met}"
        )
    return lines


def run(quick: bool) -> list[dict[str, Any]]:
    """The session's figures as rows of ``run.py``'s table: keys per passage of each kind
    (the most any one of them took, which is what the target bounds; the mean is in the
    measure's name). A key count has no baseline to run beside it; ``quick`` runs the same
    50 targets (the count does not depend on scale)."""
    from rows import row  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="casereader-bench-coding-") as folder:
        keys = session(Path(folder))
    table = []
    for kind, target in TARGETS.items():
        counts = keys.get(kind, [])
        if counts:
            mean = sum(counts) / len(counts)
            measure = f"keys per {kind}, max of {len(counts)} (mean {mean:.1f})"
            table.append(row(measure, max(counts), target=target, met=max(counts) <= target))
    return table


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        keys = session(Path(folder))
    coded = sum(len(v) for k, v in keys.items() if k not in ("fix", "widen", "next document"))
    print(f"coding session: {coded} passages coded in tmux, every one read back from the store")
    print("\n".join(report(keys)))


if __name__ == "__main__":
    main()
