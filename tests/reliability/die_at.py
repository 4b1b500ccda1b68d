"""Run a ``casereader`` command and kill it at its K-th durable step, for crash tests.

    die_at.py K SIGNAL casereader-args...

A durable step is a call to ``os.write``, ``os.fsync``, ``os.replace``, ``os.rename`` or
``os.unlink`` (the calls that change files: write a temp file, flush it, rename it into
place, remove the journal). At the K-th such call the process sends itself SIGNAL (KILL, TERM
or HUP) before the call runs, so every moment between two steps can be tried in turn. With
K = 0 the command runs to the end and the number of steps it took is printed on stderr as
``steps: N``, so a test knows how many moments there are.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STEPS = ("write", "fsync", "replace", "rename", "unlink")


def main(argv: list[str]) -> int:
    target, name, *command = argv
    at = int(target)
    number = signal.Signals[f"SIG{name}"]
    count = [0]

    def counted(real: Any) -> Any:
        def step(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == at:
                os.kill(os.getpid(), number)
            return real(*args, **kwargs)

        return step

    for call in STEPS:
        setattr(os, call, counted(getattr(os, call)))
    from tui.cli import main as casereader

    status = casereader(command)
    print(f"steps: {count[0]}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
