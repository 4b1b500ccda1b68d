"""SIGTERM or SIGHUP end casereader even while its event loop is busy.

Found after a run: a casereader whose terminal had gone was busy with a flood of events, and
SIGTERM did nothing for minutes (the loop's own signal callbacks never ran), so it held the
store's lock. The handlers are Python's now: they start the last-resort exit at once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.coding_app import LAST_RESORT

CHILD = """
import asyncio, sys, time
from tests.functional.conftest import options
from tui.app import CasereaderApp
from tui.launch import prepare

async def main() -> None:
    session = prepare(options([sys.argv[1]], sys.argv[2]))
    app = CasereaderApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.watch_for_signals()  # (run_test does not mount through on_mount's path alone)
        print("busy", flush=True)
        end = time.monotonic() + 60
        while time.monotonic() < end:  # the loop gets no turn: as under a flood of events
            pass

asyncio.run(main())
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_casereader_even_while_its_loop_is_busy(
    tmp_path: Path, signum: signal.Signals
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SEEDS.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus), str(tmp_path / "store")],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "busy"
        time.sleep(0.5)
        child.send_signal(signum)
        started = time.monotonic()
        code = child.wait(timeout=LAST_RESORT + 10)
        assert time.monotonic() - started < LAST_RESORT + 5
        assert code == 128 + signum
    finally:
        if child.poll() is None:
            child.kill()
