"""Run the store writer (``store_writer.py``) and SIGKILL it mid-work: shared by the kill tests."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

WRITER = Path(__file__).with_name("store_writer.py")


def run_and_kill(mode: str, folder: Path, seed: int, delay: float) -> list[dict[str, Any]]:
    """Start the writer in ``mode``, SIGKILL it ``delay`` seconds after it is ready, and return
    every complete line (event) it printed."""
    process = subprocess.Popen(
        [sys.executable, str(WRITER), mode, str(folder), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:  # keeps the pipe empty so the writer never blocks on printing
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            ready.set()

    reader = threading.Thread(target=drain)
    reader.start()
    deadline = time.monotonic() + 30
    while not ready.wait(0.05) and reader.is_alive() and time.monotonic() < deadline:
        pass
    if not ready.is_set():
        process.kill()
        reader.join()
        pytest.fail(f"the writer never became ready: {process.stderr.read()}")  # type: ignore[union-attr]
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    reader.join()
    assert process.returncode == -signal.SIGKILL, process.stderr.read()  # type: ignore[union-attr]
    return [json.loads(line) for line in lines if line.endswith("\n")]
