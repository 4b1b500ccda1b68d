"""Benchmark: our JSON export against a plain ``json.dumps`` of the same records, in one run.

Usage: ``python tests/bench/export.py [--quick]``. It builds 100,000 annotations (quick:
10,000) over 1,000 in-memory documents, times ``export_json`` (grouping by document, codebook,
document headers, one annotation per line, UTF-8) and, as the baseline, ``json.dumps`` of the
annotations' dicts, built beforehand so the baseline pays for nothing but encoding. Each is
the best of three runs. The target: ours takes at most 2x the baseline.

Also: importing a Taguette codebook CSV of 20,000 tags (quick: 2,000) against ten times the
import of a tenth as many: the target, at most 2x, says the import grows linearly (it was
quadratic: the codebook was checked and saved once per code).

``run(quick)`` returns the table rows so a combined benchmark runner can import this file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from rows import row as make_row  # noqa: E402 - the bench folder is put on the path above

from annotations.corpus import Corpus, Document  # noqa: E402
from annotations.interchange import ExportRequest, export  # noqa: E402
from annotations.interchange.json_format import export_json  # noqa: E402
from annotations.model import DEFAULT_CODES, Annotation, quote  # noqa: E402

TARGET_RATIO = 2.0
FULL, QUICK = 100_000, 10_000
DOCUMENTS = 1_000
REPEATS = 3
SEED = 20240501

WORDS = [
    "children",
    "families",
    "social",
    "care",
    "staff",
    "caseloads",
    "recruitment",
    "Ofsted",
    "council",
    "services",
    "improvement",
    "strength",
    "leaders",
    "practice",
    "visit",
    "report",
    "“quoted”",
    "café",
    "naïve",
    "—",
    "and",
    "the",
    "of",
    "to",
]
STAMP = "2024-05-01T09:30:00.000000Z"


def generate(count: int, seed: int = SEED) -> tuple[Corpus, list[Annotation]]:
    """``count`` annotations spread over DOCUMENTS documents of about 3,000 characters."""
    rng = random.Random(seed)
    documents = []
    for number in range(DOCUMENTS):
        words = [rng.choice(WORDS) for _ in range(450)]
        text = f"Report {number}\n\n" + " ".join(words) + "\n"
        documents.append(Document.from_text(f"docs/{number:04d}.txt", text))
    corpus = Corpus(Path("/bench/corpus"), documents, [])
    codes = [code.id for code in DEFAULT_CODES]
    annotations = []
    for index in range(count):
        document = documents[index % DOCUMENTS]
        start = rng.randrange(len(document.text) - 200)
        end = start + rng.randrange(20, 200)
        exact, prefix, suffix = quote(document.text, start, end)
        annotations.append(
            Annotation(
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                document.id,
                start,
                end,
                exact,
                prefix,
                suffix,
                tuple(rng.sample(codes, rng.choice((1, 1, 2)))),
                "a note on this passage" if index % 5 == 0 else "",
                rng.choice(("ana", "ben", None)),
                STAMP,
                STAMP,
            )
        )
    return corpus, annotations


def best_of(action: Callable[[], Any], repeats: int = REPEATS) -> float:
    """The fastest of a few runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def _row(measure: str, ours: float, baseline: float | None, target: float | None) -> dict[str, Any]:
    ratio = ours / baseline if baseline else None
    met = None if target is None or ratio is None else ratio <= target
    return make_row(measure, ours, baseline, ratio, target, met)


def run(quick: bool) -> list[dict[str, Any]]:
    """Generate, time ours and the baseline, and return the table rows (seconds)."""
    count = QUICK if quick else FULL
    corpus, annotations = generate(count)
    codes = list(DEFAULT_CODES)
    # warm: document hashes are computed once
    export_json(ExportRequest(corpus, codes, annotations))
    records = [a.to_dict() for a in annotations]

    ours = best_of(lambda: export_json(ExportRequest(corpus, codes, annotations)))
    baseline = best_of(lambda: json.dumps(records, ensure_ascii=False).encode("utf-8"))
    with_dicts = best_of(
        lambda: json.dumps([a.to_dict() for a in annotations], ensure_ascii=False).encode("utf-8")
    )
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "export.json"
        plain = Path(folder) / "plain.json"
        to_file = best_of(
            lambda: export("json", ExportRequest(corpus, codes, annotations), target, force=True)
        )
        plain_file = best_of(
            lambda: plain.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        )
        size = target.stat().st_size
    label = f"{count:,} annotations, {DOCUMENTS:,} documents"
    tags = CODES_QUICK if quick else CODES_FULL
    many = min(import_codes(tags) for _ in range(2))
    tenth = min(import_codes(tags // 10) for _ in range(2))
    return [
        _row(f"JSON export, seconds ({label})", ours, baseline, TARGET_RATIO),
        _row("  vs json.dumps that also builds the dicts", ours, with_dicts, None),
        _row("  to a file (atomic, fsync) vs plain write", to_file, plain_file, None),
        _row("export size (MB)", size / 1e6, None, None),
        _row(f"import {tags:,} codes, seconds vs 10x importing a tenth", many, 10 * tenth, 2.0),
    ]


CODES_FULL, CODES_QUICK = 20_000, 2_000


def import_codes(count: int) -> float:
    """Seconds to import a Taguette codebook CSV of ``count`` tags into a new store (read,
    merge, one durable save): it was quadratic, 20,000 tags took over ten minutes."""
    from annotations.interchange.importing import merge_codes, read_import
    from annotations.store import AnnotationStore

    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "tags.csv"
        rows = "".join(f"tag {n},about tag {n}\n" for n in range(count))
        csv.write_text("tag,description\n" + rows, encoding="utf-8")
        started = time.perf_counter()
        with (
            AnnotationStore.open(Path(folder) / "store") as store,
            store.transaction("import"),
        ):
            merge_codes(store, read_import(csv))
        return time.perf_counter() - started


def _format(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 annotations")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    print(f"{'measure':<60} {'ours':>8} {'json.dumps':>10} {'ratio':>6} {'target':>7}  met")
    for row in rows:
        met = "-" if row["met"] is None else ("yes" if row["met"] else "NO")
        target = "-" if row["target"] is None else f"<= {row['target']:.0f}x"
        print(
            f"{row['measure']:<60} {_format(row['ours']):>8} {_format(row['baseline']):>10} "
            f"{_format(row['ratio'], 2):>6} {target:>7}  {met}"
        )
    head = rows[0]
    verdict = "met" if head["met"] else "not met"
    print(
        f"export: ours {head['ours']:.3f} s, json.dumps {head['baseline']:.3f} s, "
        f"ratio {head['ratio']:.2f}x (target <= {TARGET_RATIO:.0f}x): {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
