"""The row every benchmark reports, so ``run.py`` can print them in one table."""

from __future__ import annotations

from typing import Any


def row(
    measure: str,
    ours: float,
    baseline: float | None = None,
    ratio: float | None = None,
    target: float | str | None = None,
    met: bool | None = None,
) -> dict[str, Any]:
    """One measure: ours, the baseline from the same run, their ratio, the target, met."""
    return {
        "measure": measure,
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
        "met": met,
    }
