"""``casereader datelines`` as a table fits the terminal: columns chosen by width, dates whole.

Run as a subprocess whose standard output is not a terminal, so the width is ``COLUMNS`` (the
end-to-end tests run it in tmux at the same widths).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import SEEDS

EXTRA = {
    "letters/ofsted/focused_visit_letter_to_the_director_of_childrens_services.txt": (
        "Focused visit to Northshire children's services and the arrangements for care leavers "
        "who live out of the area\n\nPublished: Monday 3 March 2024 at 09:30 GMT\n\nBody.\n"
    ),
    "news/2023/weekday.txt": (
        "Council confirms new fostering allowances\n\nTuesday 5 March 2023 14:00\n\nBody.\n"
    ),
    "news/2023/two_digit.txt": "Short news item here\n\nPosted 05/03/23 10:15\n\nBody.\n",
    "news/tokyo.txt": (
        "Delegation visits Tokyo children's homes\n\n2024-04-01 09:00 Asia/Tokyo\n\nBody.\n"
    ),
    "markup.txt": "Title with [bold]markup[/bold] kept as it is\n\n2 May 2021\n\nBody.\n",
    "undated.txt": "A note with no date at all in it\n\nBody text only.\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("datelines") / "corpus"
    shutil.copytree(SEEDS, root)
    for name, text in EXTRA.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(corpus: Path, columns: int | None, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "datelines", *args, str(corpus)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def documents(corpus: Path) -> list[dict]:
    return json.loads(run(corpus, 80, "--json"))


def header(table: str) -> list[str]:
    lines = table.splitlines()
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    return lines[rule - 1].split()


def expected_date(row: dict) -> str:
    dateline = row["dateline"]
    return dateline["date"] if dateline else "-"


def dates_in(table: str) -> list[str]:
    """The date column, read at the heading's position: one entry per row (a row's wrapped
    flags go on under it, with nothing in the date column)."""
    lines = table.splitlines()
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    at = lines[rule - 1].index("date")
    rows = []
    for line in lines[rule + 1 :]:
        if not line.strip() or line.startswith(("* ", "flags: ")):
            break  # the legend under the table
        cell = line[at : at + 10].strip()
        if cell:
            rows.append(cell)
    return rows


@pytest.mark.parametrize("columns", [80, 100, 120, 200])
def test_the_table_fits_the_width_and_never_cuts_a_date(
    corpus: Path, documents: list[dict], columns: int
) -> None:
    table = run(corpus, columns)
    assert max(cell_len(line) for line in table.splitlines()) <= columns
    assert dates_in(table) == [expected_date(row) for row in documents]


@pytest.mark.parametrize(
    ("columns", "shown", "hidden"),
    [
        (80, ["date", "time", "zone", "flags", "title"], ["document", "UTC"]),
        (100, ["date", "time", "zone", "UTC", "flags", "title"], ["document"]),
        (120, ["document", "date", "time", "zone", "flags", "title"], ["UTC"]),
        (160, ["document", "date", "time", "zone", "UTC", "flags", "title"], []),
        (200, ["document", "date", "time", "zone", "UTC", "flags", "title"], []),
    ],
)
def test_columns_are_chosen_by_width(
    corpus: Path, columns: int, shown: list[str], hidden: list[str]
) -> None:
    names = header(run(corpus, columns))
    assert names == shown
    assert not set(hidden) & set(names)


def test_at_80_columns_flags_are_codes_with_a_legend(corpus: Path) -> None:
    table = run(corpus, 80)
    assert "day_month_ambiguous" not in table.split("flags:")[0]
    legend = table.split("flags:")[1]
    assert "dm day_month_ambiguous" in legend and "2y two_digit_year" in legend
    assert "* zone assumed: not written in the document" in table


def test_at_200_columns_flags_are_named_and_titles_whole(
    corpus: Path, documents: list[dict]
) -> None:
    table = run(corpus, 200)
    assert "day_month_ambiguous" in table and "flags:" not in table
    for row in documents:
        if len(row["title"]) <= 60:
            assert row["title"] in table
    assert "2024-04-01 00:00Z" in table  # UTC of the Tokyo dateline
    assert "09:00+09:00" in table and "Asia/Tokyo " in table  # written, not assumed


def test_a_title_that_does_not_fit_ends_in_an_ellipsis(corpus: Path) -> None:
    table = run(corpus, 80)
    assert "Focused visit to Northshire children's services and the arrangements" not in table
    assert re.search(r"Focused visit to Northshire\S*( \S+)*…", table)


def test_a_long_path_keeps_its_file_name(corpus: Path) -> None:
    table = run(corpus, 200)
    assert re.search(r"…\S+_of_childrens_services\.txt ", table)
    assert "letters/ofsted/focused_visit" not in table


def test_without_columns_a_pipe_gets_80_and_markup_stays_text(corpus: Path) -> None:
    table = run(corpus, None)
    assert max(cell_len(line) for line in table.splitlines()) <= 80
    assert "[bold]markup" in table


def test_json_output_is_not_touched_by_the_width(corpus: Path) -> None:
    assert json.loads(run(corpus, 40, "--json")) == json.loads(run(corpus, 200, "--json"))
