"""Reports drawn for the terminal: bar charts to scale, colours per code, text kept literal."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from annotations.analysis import frequencies, timeline
from annotations.model import DEFAULT_CODES
from tests.unit.test_export_json import annotate, write_corpus
from tui.report_views import (
    BAR_WIDTH,
    bar,
    frequencies_view,
    stacked_bar,
    timeline_view,
)

COLOURS = {code.id: code.colour for code in DEFAULT_CODES}


def render(renderable) -> str:
    console = Console(width=160, record=True, color_system="truecolor")
    console.print(renderable)
    return console.export_text()


def test_a_bar_is_scaled_to_the_largest_value_in_eighths():
    assert bar(10, 10, "red").plain == "█" * BAR_WIDTH
    assert bar(5, 10, "red").plain == "█" * (BAR_WIDTH // 2)
    assert bar(1, 160, "red").plain == "▏"  # the smallest value still shows
    assert bar(0, 10, "red").plain == ""


def test_a_stacked_bar_gives_each_part_its_share_and_colour():
    text = stacked_bar([(3, "red"), (0, "green"), (1, "blue")], largest=4, width=8)
    assert text.plain == "█" * 8
    styles = [(str(span.style), span.end - span.start) for span in text.spans]
    assert styles == [("red", 6), ("blue", 2)]


def test_a_stacked_bar_shows_a_small_part_and_keeps_to_its_width():
    text = stacked_bar([(1000, "red"), (1, "blue"), (1, "green")], largest=1002, width=10)
    assert len(text.plain) == 10
    assert [str(span.style) for span in text.spans] == ["red", "blue", "green"]
    assert stacked_bar([(0, "red")], largest=0).plain == ""


@pytest.fixture
def corpus(tmp_path: Path):
    return write_corpus(
        tmp_path / "c",
        {
            "a.txt": "Published 3 May 2021\n[bold red]Staff[/] are leaving. Caseloads rise.\n",
            "b.txt": "Published 9 June 2021\nLeaders are praised.\nStaff morale is good.\n",
        },
    )


def test_frequencies_draw_a_bar_per_code_and_a_stacked_bar_per_document(corpus):
    items = [
        annotate(corpus, "a.txt", 21, 40, "staffing"),
        annotate(corpus, "a.txt", 21, 60, "staffing", "area-for-improvement"),
        annotate(corpus, "b.txt", 22, 42, "strength"),
    ]
    view = frequencies_view(frequencies(corpus, DEFAULT_CODES, items), DEFAULT_CODES)
    text = render(view)
    assert "Passages per document" in text
    lines = {line.split("│")[1].strip(): line for line in text.splitlines() if "│" in line}
    title_a = next(key for key in lines if key.startswith("[bold red]Staff[/]"))  # literal
    # a.txt has three code uses (the most), b.txt one: full width against a third of it
    assert lines[title_a].count("█") == BAR_WIDTH
    assert lines["Leaders are praised."].count("█") == round(BAR_WIDTH / 3)
    console = Console(width=160, record=True, color_system="truecolor")
    console.print(view)
    svg = console.export_svg()
    for code in ("staffing", "area-for-improvement", "strength"):
        assert COLOURS[code].lower() in svg.lower()


def test_timeline_bars_are_stacked_in_the_colours_of_the_codes(corpus):
    items = [
        annotate(corpus, "a.txt", 21, 40, "staffing"),
        annotate(corpus, "b.txt", 22, 42, "strength"),
        annotate(corpus, "b.txt", 43, 63, "staffing"),
    ]
    view = timeline_view(timeline(corpus, DEFAULT_CODES, items))
    text = render(view)
    rows = [line for line in text.splitlines() if "2021-0" in line]
    assert [row.split("│")[1].strip() for row in rows] == ["2021-05", "2021-06"]
    assert rows[0].count("█") == BAR_WIDTH // 2 and rows[1].count("█") == BAR_WIDTH
