"""All of casereader's benchmarks in one table, each against a baseline from the same run.

    python tests/bench/run.py [--quick]

Generates its data in temporary folders: 10,000 varied documents (one of 5 MB), a store of
100,000 annotations over 1,000 documents, 1,000 ten-page PDFs, and a coding session that
drives the installed ``casereader`` in tmux (keys per passage). ``--quick`` runs the same
measures at a small scale in under a minute (a test runs it in CI so the benchmarks never rot;
it checks that they run, not the figures). Prints: measure, ours, baseline, ratio, target,
met; last line ``bench: N/M targets met``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

SUITES = ("store", "datelines", "reader", "corpus", "export", "formats", "coding_session")
"""Modules beside this file, each with ``run(quick) -> list of rows``."""


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        magnitude = abs(value)
        if magnitude >= 1000:
            return f"{value:,.0f}"
        if magnitude >= 10:
            return f"{value:.1f}"
        return f"{value:.3f}"
    return str(value)


def print_table(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Print the rows; return (targets met, targets set)."""
    headers = ("measure", "ours", "baseline", "ratio", "target", "met")
    cells = [
        (
            str(row["measure"]),
            _number(row.get("ours")),
            _number(row.get("baseline")),
            _number(row.get("ratio")) + ("x" if isinstance(row.get("ratio"), int | float) else ""),
            _number(row.get("target")),
            "-" if row.get("met") is None else ("yes" if row["met"] else "NO"),
        )
        for row in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    print(line)
    print("-" * len(line))
    for cell in cells:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(cell, widths, strict=True))
            )
        )
    judged = [row for row in rows if row.get("met") is not None]
    return sum(1 for row in judged if row["met"]), len(judged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small scale, under a minute")
    parser.add_argument("--only", action="append", choices=SUITES, help="run only these")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for name in args.only or SUITES:
        module = __import__(name)
        began = time.perf_counter()
        suite_rows = module.run(args.quick)
        for row in suite_rows:
            row["measure"] = f"{name}: {row['measure']}"
        rows.extend(suite_rows)
        print(f"ran {name} in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    print(
        f"casereader benchmarks ({'quick' if args.quick else 'full'}), "
        f"{os.cpu_count()} cores, {time.perf_counter() - started:.0f} s"
    )
    met, judged = print_table(rows)
    print(f"bench: {met}/{judged} targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
