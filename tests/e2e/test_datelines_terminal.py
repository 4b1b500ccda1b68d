"""``casereader datelines`` in a real terminal of 80, 100, 120 and 200 columns: no line wraps.

tmux joins the rows a terminal wrapped (``capture-pane -J``), so a table wider than the
terminal shows as a line longer than it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.e2e.corpus_maker import make_corpus
from tests.e2e.terminal import CASEREADER, TMUX

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("datelines") / "corpus", 16, seed=3)


@pytest.fixture(scope="module")
def dates(corpus: Path) -> list[str]:
    result = subprocess.run(
        [CASEREADER, "datelines", "--json", str(corpus)], capture_output=True, text=True
    )
    rows = json.loads(result.stdout)
    return [row["dateline"]["date"] if row["dateline"] else "-" for row in rows]


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_the_table_fits_the_terminal(corpus: Path, dates: list[str], width: int, run_in_terminal):
    terminal = run_in_terminal("datelines", str(corpus), width=width, height=50)
    assert terminal.wait_exit() == 0
    lines = terminal.history().splitlines()
    table = lines[: next(i for i, line in enumerate(lines) if line.startswith("[exited"))]
    assert max(cell_len(line.rstrip()) for line in table) <= width
    assert "date" in table[1] and "title" in table[1]
    shown = " ".join(table)
    for date in set(dates) - {"-"}:
        assert f" {date} " in f" {shown} "  # whole, never cut
