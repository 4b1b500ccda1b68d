"""The benchmarks must keep running: ``run.py --quick`` end to end (the figures are not judged)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"


@pytest.mark.slow
def test_quick_benchmarks_run_and_print_the_table() -> None:
    result = subprocess.run(
        [sys.executable, str(RUN), "--quick"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("bench: ") and "targets met" in lines[-1]
    header = next(line for line in lines if line.startswith("measure"))
    for column in ("ours", "baseline", "ratio", "target", "met"):
        assert column in header
    for suite in (
        "store:",
        "datelines:",
        "reader:",
        "corpus:",
        "export:",
        "formats:",
        "coding_session:",
    ):
        assert any(line.startswith(suite) for line in lines), suite
