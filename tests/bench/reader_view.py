"""Benchmark the document view on a large document: first paint and a screen after a move.

    python tests/bench/reader_view.py [--quick]

Builds a varied document (5 MB with 5,000 highlights; ``--quick``: 500 KB with 500) and runs
a headless app at 120x40.

Method (all in one process, one run, best of ``REPEATS``):

- *first paint*: the clock starts just before the DocumentView is created, given the text and
  the highlights, and mounted; it stops when the first compositor frame has rendered the
  whole viewport (a subclass notes the first full ``render_lines`` call) and a further
  ``render_lines`` over the viewport has returned. Waiting for ``pilot.pause()`` instead
  would measure the background row count too: it waits until the process is idle.
  Baseline: Textual's own ``Log`` widget given the same text (no wrapping, no highlights)
  and measured the same way: the floor of a line-API widget in this harness.
- *screen after jump*: ``move_cursor`` to the middle of the document (rows never laid out),
  then rendering every visible row with ``render_line``, as the next frame would.
- *screen after page down*: ``action_page_down`` from there, the row cache emptied (a real
  move invalidates only the cursor's rows; this is the worst case of a full repaint), then
  rendering every visible row with ``render_line``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from textual.app import App, ComposeResult
from textual.containers import Container
from textual.geometry import Region
from textual.widgets import Log

from tui.widgets.document_view import DocumentView, Highlight

SIZE = (120, 40)
REPEATS = 3
FIRST_PAINT_TARGET_MS = 300.0
SCREEN_TARGET_MS = 10.0
COLOURS = ("#2e7d32", "#c62828", "#1565c0", "#f9a825")

_SENTENCE = (
    "the inspection found that children were safe and well cared for by staff who knew them "
    "well although some records were incomplete and the registered manager had not yet "
    "notified Ofsted of two incidents council officers reviewed the placement plans and agreed "
    "improvements to supervision training recruitment retention agency workers were used "
    "frequently during the summer months"
)
_WORDS = _SENTENCE.split()
_EXTRA = ("café", "naïve", "“quoted”", "re-assessment", "£1,200", "—", "co‑operation")
_WIDE = ("日本語の報告書", "儿童保护", "안전한", "😀", "👩‍👧", "✅")


def build_document(size: int, seed: int = 7) -> str:
    """A deterministic report-like text: headings, paragraphs, some wide characters, a tab."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        roll = rng.random()
        if roll < 0.05:
            block = f"Section {len(parts)}: {' '.join(rng.sample(_WORDS, 4)).title()}"
        elif roll < 0.10:
            block = "\n".join(
                f"\t- {' '.join(rng.choices(_WORDS, k=rng.randint(4, 12)))}" for _ in range(4)
            )
        else:
            words = rng.choices(_WORDS, k=rng.randint(30, 220))
            for index in range(0, len(words), 17):
                if rng.random() < 0.3:
                    words[index] = rng.choice(_EXTRA)
            if rng.random() < 0.08:
                words.insert(rng.randrange(len(words)), rng.choice(_WIDE))
            block = " ".join(words).capitalize() + "."
        parts.append(block)
        total += len(block) + 2
    return "\n\n".join(parts)


def build_highlights(text: str, count: int, seed: int = 11) -> list[Highlight]:
    """Highlights spread evenly through the text; about one in ten overlaps the previous one."""
    rng = random.Random(seed)
    step = max(1, len(text) // count)
    highlights = []
    for index in range(count):
        start = index * step + rng.randrange(max(1, step // 2))
        if index and rng.random() < 0.1:
            start = max(0, highlights[-1].start + 5)
        end = min(len(text), start + rng.randint(10, 400))
        highlights.append(
            Highlight(start, end, rng.choice(COLOURS), key=f"a{index}", label=f"code {index % 4}")
        )
    return highlights


class BenchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Container(id="host")


def _render_viewport(view: Any) -> None:
    width = view.scrollable_content_region.width
    height = view.scrollable_content_region.height
    view.render_lines(Region(0, 0, width, height))


def _render_rows(view: DocumentView) -> None:
    for y in range(view.scrollable_content_region.height):
        view.render_line(y)


def _timed(widget_class: type[Any]) -> type[Any]:
    """A subclass that notes when its first full viewport has been rendered by a frame."""

    class Timed(widget_class):  # type: ignore[misc, valid-type]
        painted: asyncio.Event

        def render_lines(self, crop: Region) -> list[Any]:
            lines = super().render_lines(crop)
            if crop.height >= self.scrollable_content_region.height > 0:
                self.painted.set()
            return lines

    Timed.__name__ = widget_class.__name__
    return Timed


async def _first_paint(widget_class: type[Any], setup: Any) -> float:
    app = BenchApp()
    async with app.run_test(size=SIZE):
        host = app.query_one("#host")
        started = time.perf_counter()
        widget = _timed(widget_class)()
        widget.painted = asyncio.Event()
        setup(widget)
        await host.mount(widget)
        await asyncio.wait_for(widget.painted.wait(), timeout=30)
        _render_viewport(widget)
        return (time.perf_counter() - started) * 1000


async def _moves(text: str, highlights: list[Highlight]) -> tuple[float, float]:
    app = BenchApp()
    async with app.run_test(size=SIZE) as pilot:
        view = DocumentView(text)
        view.set_highlights(highlights)
        await app.query_one("#host").mount(view)
        view.focus()
        await pilot.pause()
        started = time.perf_counter()
        view.move_cursor(len(text) // 2)
        _render_rows(view)
        jump = (time.perf_counter() - started) * 1000
        await pilot.pause()
        view.action_page_down()
        view._strips.clear()
        started = time.perf_counter()
        _render_rows(view)
        page = (time.perf_counter() - started) * 1000
        return jump, page


def _row(measure: str, ours: float, baseline: float | None, target: float) -> dict[str, Any]:
    return {
        "measure": measure,
        "ours": round(ours, 2),
        "baseline": "-" if baseline is None else round(baseline, 2),
        "ratio": "-" if not baseline else round(ours / baseline, 2),
        "target": f"<= {target:g} ms",
        "met": ours <= target,
    }


async def _measure(quick: bool) -> list[dict[str, Any]]:
    size, count = (500_000, 500) if quick else (5_000_000, 5_000)
    text = build_document(size)
    highlights = build_highlights(text, count)

    def with_text(view: DocumentView) -> None:
        view.load(text)
        view.set_highlights(highlights)

    def with_lines(log: Log) -> None:
        log.write(text)

    ours = [await _first_paint(DocumentView, with_text) for _ in range(REPEATS)]
    baseline = [await _first_paint(Log, with_lines) for _ in range(REPEATS)]
    moves = [await _moves(text, highlights) for _ in range(REPEATS)]
    label = f"{len(text) / 1e6:.1f} MB, {count:,} highlights"
    return [
        _row(f"first paint ({label})", min(ours), min(baseline), FIRST_PAINT_TARGET_MS),
        _row("screen after jump to middle", min(m[0] for m in moves), None, SCREEN_TARGET_MS),
        _row("screen after page down", min(m[1] for m in moves), None, SCREEN_TARGET_MS),
    ]


def run(quick: bool) -> list[dict[str, Any]]:
    """Run the benchmark; rows of {measure, ours, baseline, ratio, target, met} (ms)."""
    return asyncio.run(_measure(quick))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 KB and 500 highlights")
    rows = run(parser.parse_args().quick)
    columns = ("measure", "ours", "baseline", "ratio", "target", "met")
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in columns]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(str(row[c]).ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("times in ms; baseline: Textual's Log with the same text (no wrap, no highlights)")


if __name__ == "__main__":
    main()
