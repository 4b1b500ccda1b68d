"""Benchmark: PDF text extraction against poppler's ``pdftotext`` on the same files, same run.

    python tests/bench/formats.py [--quick]

Writes 1,000 PDFs of 10 pages each (``--quick``: 60) with ReportLab: varied prose, a running
header and a ``Page N of 10`` footer on every page, like council reports. Then, on the same
files and with as many workers as cores:

- *extraction*: ``extract_files`` (file read, sha256, worker processes with their start-up,
  paragraphs, running lines, page markers), no cache, against ``pdftotext`` run on each file
  by as many parallel processes (poppler's default reading-order mode). Target: at most 2x.
- *cached re-read*, against reading the same texts as ``.txt`` files the way the corpus
  reads text (read, decode, sha256 of the text): ``extract_files`` again with the text cache
  filled (each source read and hashed, its entry read and checked; no target: hashing the
  sources is work a ``.txt`` corpus does not do), and the entries alone by the sources'
  known sha256, as a reopening that remembers them by size and time does. Target: 1.2x.

Each measure is the best of ``REPEATS`` runs. Without ``pdftotext`` the first baseline is
missing and its target not judged.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from rows import row as make_row  # noqa: E402 - the bench folder is put on the path above

FULL, QUICK = 1_000, 60
PAGES = 10
REPEATS = 2
EXTRACT_TARGET = 2.0
CACHED_TARGET = 1.2
SEED = 20240305
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
    "placement",
    "stability",
    "fostering",
    "assessment",
    "plan",
    "review",
    "partners",
    "health",
    "education",
    "sufficiency",
    "timely",
]


def _write(args: tuple[Path, int]) -> int:
    """One PDF of PAGES pages of varied paragraphs (run in a worker process)."""
    from tests.formats.writers import simple_pdf

    path, number = args
    rng = random.Random(SEED + number)
    pages = [
        [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 110))).capitalize() + "."
            for _ in range(rng.randint(5, 7))
        ]
        for _ in range(PAGES)
    ]
    simple_pdf(path, pages)
    return path.stat().st_size


def write_pdfs(folder: Path, count: int, workers: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"report-{n:04d}.pdf" for n in range(count)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_write, [(p, n) for n, p in enumerate(paths)], chunksize=20))
    return paths


def _best(measure: Any) -> float:
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        measure()
        times.append(time.perf_counter() - began)
    return min(times)


def _pdftotext(paths: list[Path], out: Path, workers: int) -> None:
    def one(path: Path) -> None:
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), str(out / (path.stem + ".txt"))],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    out.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, paths))


def _ours(paths: list[Path], workers: int, cache: Any = None) -> dict[Path, Any]:
    from annotations.formats import Extraction, extract_files

    results = dict(extract_files(paths, cache, workers=workers))
    bad = [str(p) for p, r in results.items() if not isinstance(r, Extraction)]
    if bad:
        raise RuntimeError(f"extraction failed: {bad[:3]}")
    return results


def _cached_by_hash(cache: Any, keys: list[tuple[str, str, str]]) -> None:
    """A reopening that remembers each file's sha256 (by size and time) reads only entries."""
    for key in keys:
        if cache.get(*key) is None:
            raise RuntimeError("cache miss")


def _read_texts(paths: list[Path]) -> None:
    """What the corpus does with a .txt file: read, decode, hash the normalised text."""
    from annotations.corpus import decode

    for path in paths:
        text = decode(path.read_bytes()).text
        hashlib.sha256(text.encode("utf-8")).hexdigest()


def run(quick: bool) -> list[dict[str, Any]]:
    from annotations.formats import TextCache

    count = QUICK if quick else FULL
    workers = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="casereader-bench-formats-") as temp:
        folder = Path(temp)
        paths = write_pdfs(folder / "pdf", count, workers)
        size_mb = sum(p.stat().st_size for p in paths) / (1 << 20)
        ours = _best(lambda: _ours(paths, workers))
        baseline = None
        if shutil.which("pdftotext"):
            baseline = _best(lambda: _pdftotext(paths, folder / "poppler", workers))
        label = f"extract {count:,} PDFs x {PAGES} pages ({size_mb:.0f} MB), {workers} workers, s"
        rows.append(
            make_row(
                label + ("" if baseline else " (pdftotext not installed)"),
                ours,
                baseline,
                ours / baseline if baseline else None,
                EXTRACT_TARGET,
                ours / baseline <= EXTRACT_TARGET if baseline else None,
            )
        )
        cache = TextCache(folder / "store" / "texts")
        results = _ours(paths, workers, cache)
        texts = folder / "texts"
        texts.mkdir()
        text_paths = []
        for path, result in results.items():
            target = texts / (path.stem + ".txt")
            target.write_text(result.text, encoding="utf-8")
            text_paths.append(target)
        cached = _best(lambda: _ours(paths, workers, TextCache(folder / "store" / "texts")))
        known = [(r.source_sha256, r.format, r.extractor_version) for r in results.values()]
        by_hash = _best(lambda: _cached_by_hash(TextCache(folder / "store" / "texts"), known))
        plain = _best(lambda: _read_texts(text_paths))
        rows.append(
            make_row(
                f"re-read {count:,} PDFs: source read and hashed, text from the cache, s",
                cached,
                plain,
                cached / plain,
                None,
                None,
            )
        )
        rows.append(
            make_row(
                f"re-read {count:,} texts from the cache by known sha256 vs the same .txt, s",
                by_hash,
                plain,
                by_hash / plain,
                CACHED_TARGET,
                by_hash / plain <= CACHED_TARGET,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK} PDFs")
    args = parser.parse_args(argv)
    from run import print_table  # type: ignore[import-not-found]

    met, judged = print_table(run(args.quick))
    print(f"bench: {met}/{judged} targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
