"""Benchmark: our dateline engine against dateparser's ``search_dates``, and the whole
``casereader datelines --json`` process against a whole datefinder process, in one run.

Usage: ``python tests/bench/datelines.py [--quick]``. It generates synthetic documents in
memory (many dateline styles, some with none, varied lengths), times ``find_dateline`` on
all of them and ``dateparser.search_dates`` on an evenly spaced sample of the same documents
(target: at least 100x dateparser). Then it writes the documents as files (10,000; 1,000
with ``--quick``) and times, each in a fresh process from start to exit, ``casereader
datelines --json`` over the folder and a script that reads every file and takes
datefinder's first date: process start, imports, reading, worker start-up and JSON writing
all count (target: at least datefinder's speed, a ratio of 1; the best of two runs each).

``run(quick)`` returns the table rows so a combined benchmark runner can import this file.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from rows import row as make_row  # noqa: E402 - the bench folder is put on the path above

from annotations.dateline import find_dateline  # noqa: E402

TARGET_RATIO = 100.0
WHOLE_TARGET = 1.0
"""The whole command must be at least as fast as a whole datefinder process."""
DATEFINDER_SCRIPT = r"""
import json, os, sys
import datefinder
rows = []
root = sys.argv[1]
for name in sorted(os.listdir(root)):
    with open(os.path.join(root, name), encoding="utf-8") as handle:
        text = handle.read()
    first = next(iter(datefinder.find_dates(text)), None)
    rows.append({"path": name, "date": first.isoformat() if first else None})
json.dump(rows, sys.stdout)
"""
FULL_DOCS, QUICK_DOCS = 10_000, 1_000
FULL_SAMPLE, QUICK_SAMPLE = 200, 50
SEED = 20200707

DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "TIMEZONE": "Europe/London",
    "RETURN_AS_TIMEZONE_AWARE": True,
}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

SENTENCES = [
    "Children and families who are involved with the council's social care teams have been "
    "sharing their experiences with senior managers.",
    "The service had trained close to 2,000 people across the public sector in the county.",
    "In line with national trends, there has been an 80 per cent rise in the numbers of "
    "children coming into care between 2011 to 2019.",
    "Ofsted undertook a focused visit of the council's children's services in February, 2020.",
    "As part of this from July 13 we have organised a virtual recruitment week.",
    "Call the duty team on 01865 792422 or quote reference 2019/0451 (Item 5).",
    "The report (PDF 221 KB) is due to be presented to Thursday's Executive Board.",
    "Staffing issues persist but there were plans in place to resolve these.",
    "The level 2 early help offer had been recommissioned on an outcomes basis.",
    "We are seeking to recruit around 30 new social workers this year.",
    "A multi-agency audit is taking place with a focus on child neglect.",
    "Posted 2 hours ago by the communications team.",
    "This new model of social work practice will be introduced in June 2020.",
    "There are now 780 children in care compared to 425 in 2011.",
    "Minutes of the meeting held at 10.30am are available from Democratic Services.",
    "The Director admitted that plans are not as good as expected though not unsafe.",
]
TITLES = [
    "Council's commitment to children in need praised by Ofsted",
    "Children's Services OFSTED Focused visit",
    "Support of all needed to help children",
    "URGENT CARE IN SURREY HEARTLANDS",
    "Managers spend the week with front-line social care staff",
]


class Document(NamedTuple):
    """A synthetic document and the dateline date it was written with (None: none written).

    A NamedTuple, not a dataclass, so the file also loads through importlib without being
    registered in ``sys.modules``.
    """

    text: str
    expected: date | None


def _dateline(rng: random.Random, day: datetime) -> str:
    """One dateline in one of many house styles."""
    d, m, y = day.day, day.month, day.year
    month, weekday = MONTHS[m - 1], WEEKDAYS[day.weekday()]
    hm = f"{day.hour:02d}:{day.minute:02d}"
    styles: list[Callable[[], str]] = [
        lambda: f"Oxford,\n{d:02d}\n{month}\n{y}\n|\n{hm}\nEurope/London",
        lambda: f"Published {weekday} {d} {month} {y} at {hm}",
        lambda: f"By on {d:02d}/{m:02d}/{y} in Blog",
        lambda: f"Meeting: {d:02d}/{m:02d}/{y} - Children, Families Select Committee (Item 5)",
        lambda: (
            f"Posted on {month} {d}, {y} at {day.hour % 12 or 12}.{day.minute:02d}"
            + ("pm" if day.hour >= 12 else "am")
        ),
        lambda: f"{day.isoformat()}Z",
        lambda: f"{weekday[:3]}, {d:02d} {month[:3]} {y} {hm}:00 +0100",
        lambda: f"Updated: {d}{'th' if 4 <= d <= 20 else 'st'} {month[:3]}. {y} {hm} BST",
        lambda: f"{hm} on {d} {month} {y}",
        lambda: f"Date: {d:02d}.{m:02d}.{y}",
        lambda: f"Issued {d} {month} {y}, {hm} GMT",
        lambda: f"{month} {d}, {y} {hm} ET",
        lambda: f"First published {d} {month} {y}",
        lambda: f"Date: {d}{'th' if 4 <= d <= 20 else 'st'} of {month}, {y}",
        lambda: f"{d} {month} {y} | {hm} (UTC+1)",
        lambda: f"{y}-{m:02d}-{d:02d} {hm}",
        lambda: f"Last updated {d:02d}/{m:02d}/{y}",
        lambda: f"{weekday}\n{d} {month[:3]} {y}\n{hm}:{day.second:02d} Europe/London",
    ]
    return rng.choice(styles)()


def _body(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(
        " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6))) for _ in range(paragraphs)
    )


def generate(count: int, seed: int = SEED) -> list[Document]:
    """``count`` documents: 85% with a dateline (10% of those only in a footer), varied sizes."""
    rng = random.Random(seed)
    documents = []
    for _ in range(count):
        when = datetime(2005, 1, 1) + timedelta(minutes=rng.randrange(16 * 365 * 24 * 60))
        size = rng.choices([3, 8, 25, 80], weights=[45, 35, 15, 5])[0]
        title = rng.choice(TITLES)
        body = _body(rng, size)
        roll = rng.random()
        if roll < 0.75:
            text = f"{title}\n\n{_dateline(rng, when)}\n\n{body}"
            expected: date | None = when.date()
        elif roll < 0.85:
            footer = f"Page last updated: {when.day} {MONTHS[when.month - 1]} {when.year}"
            text = f"{title}\n\n{body}\n\n{footer}\n\nThis site uses cookies."
            expected = when.date()
        else:
            text, expected = f"{title}\n\n{body}", None
        documents.append(Document(text, expected))
    return documents


def _time_ours(documents: list[Document]) -> tuple[float, int]:
    """(seconds, correct count) for our engine over all documents."""
    correct = 0
    started = time.perf_counter()
    results = [find_dateline(document.text) for document in documents]
    elapsed = time.perf_counter() - started
    for document, result in zip(documents, results, strict=True):
        correct += (result.date if result else None) == document.expected
    return elapsed, correct


def _time_dateparser(documents: list[Document]) -> tuple[float, int]:
    """(seconds, count whose first hit is the dateline date) for dateparser's search_dates."""
    from dateparser.search import search_dates

    search_dates("Published 7 July 2020", languages=["en"], settings=DATEPARSER_SETTINGS)
    correct = 0
    started = time.perf_counter()
    results = [
        search_dates(document.text, languages=["en"], settings=DATEPARSER_SETTINGS)
        for document in documents
    ]
    elapsed = time.perf_counter() - started
    for document, found in zip(documents, results, strict=True):
        first = found[0][1].date() if found else None
        correct += first == document.expected
    return elapsed, correct


def _row(measure: str, ours: float, baseline: float | None, target: float | None) -> dict[str, Any]:
    ratio = ours / baseline if baseline else None
    met = None if target is None or ratio is None else ratio >= target
    return make_row(measure, ours, baseline, ratio, target, met)


def _best_process_seconds(command: list[str], runs: int = 2) -> float | None:
    """The fastest of ``runs`` whole-process runs (None when the command fails)."""
    import subprocess

    best: float | None = None
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            return None
        best = elapsed if best is None else min(best, elapsed)
    return best


def whole_process_rows(documents: list[Document]) -> list[dict[str, Any]]:
    """``casereader datelines --json`` and a datefinder process over the same files."""
    import importlib.util
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        root.mkdir()
        for number, document in enumerate(documents):
            (root / f"{number:05d}.txt").write_text(document.text, encoding="utf-8")
        ours = _best_process_seconds(
            [sys.executable, "-m", "tui", "datelines", "--json", str(root)]
        )
        base = None
        if importlib.util.find_spec("datefinder") is not None:
            base = _best_process_seconds([sys.executable, "-c", DATEFINDER_SCRIPT, str(root)])
    count = len(documents)
    ours_rate = count / ours if ours else 0.0
    base_rate = count / base if base else None
    return [
        _row(
            f"whole --json process vs datefinder ({count} files)",
            ours_rate,
            base_rate,
            WHOLE_TARGET if base_rate else None,
        )
    ]


def run(quick: bool) -> list[dict[str, Any]]:
    """Generate, time both engines and return the table rows."""
    documents = generate(QUICK_DOCS if quick else FULL_DOCS)
    sample_size = QUICK_SAMPLE if quick else FULL_SAMPLE
    stride = max(1, len(documents) // sample_size)
    sample = documents[::stride][:sample_size]

    ours_seconds, ours_correct = _time_ours(documents)
    base_seconds, base_correct = _time_dateparser(sample)
    ours_rate = len(documents) / ours_seconds
    base_rate = len(sample) / base_seconds
    sample_seconds = min(_time_ours(sample)[0] for _ in range(3))
    same_sample = f"docs/s, both on the same {len(sample)} docs"
    mean_chars = sum(len(document.text) for document in documents) / len(documents)
    return [
        _row(
            f"docs/s (ours: {len(documents)} docs, dateparser: {len(sample)})",
            ours_rate,
            base_rate,
            TARGET_RATIO,
        ),
        _row(same_sample, len(sample) / sample_seconds, base_rate, TARGET_RATIO),
        _row("mean document length (characters)", mean_chars, None, None),
        _row(
            "dateline date correct (share of docs)",
            ours_correct / len(documents),
            base_correct / len(sample),
            None,
        ),
        *whole_process_rows(documents),
    ]


def _format(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 docs, 50 for dateparser")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    print(f"{'measure':<52} {'ours':>12} {'dateparser':>12} {'ratio':>9} {'target':>7}  met")
    for row in rows:
        digits = 3 if abs(row["ours"]) < 10 else 1
        met = "-" if row["met"] is None else ("yes" if row["met"] else "NO")
        print(
            f"{row['measure']:<52} {_format(row['ours'], digits):>12} "
            f"{_format(row['baseline'], digits):>12} {_format(row['ratio']):>9} "
            f"{_format(row['target'], 0):>7}  {met}"
        )
    head = rows[0]
    verdict = "met" if head["met"] else "not met"
    print(
        f"datelines: ours {head['ours']:,.0f} docs/s, dateparser {head['baseline']:,.1f} docs/s, "
        f"ratio {head['ratio']:,.0f}x (target >= {TARGET_RATIO:.0f}x): {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
