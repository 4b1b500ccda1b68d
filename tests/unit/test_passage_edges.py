"""Where a dragged passage edge goes (``tui.widgets.document_view.edges``): which passage a
press takes where edges meet, snapping to words or characters, no white space taken in, and
never passing the other end."""

from __future__ import annotations

from tui.layout.document_layout import DocumentLayout
from tui.widgets.document_view.edges import EdgeDrag, dragged_to, pressed_edge
from tui.widgets.document_view.highlights import Highlight, HighlightIndex

TEXT = "Leaders know their services well. Staff turnover is high."
LAYOUT = DocumentLayout(TEXT, 80)


def at(word: str, skip: int = 0) -> int:
    return TEXT.index(word) + skip


def passage(key: str, first: str, last: str) -> Highlight:
    return Highlight(at(first), at(last) + len(last), "#2e9e5b", key)


def test_a_press_takes_the_preferred_passage_where_edges_meet_else_the_innermost() -> None:
    whole = passage("whole", "Leaders", "well.")
    inner = passage("inner", "their", "well.")
    index = HighlightIndex([whole, inner, Highlight(whole.start, whole.end, "#ff0000", "whole")])
    last = at("well.", 4)
    assert pressed_edge(index, LAYOUT, last, None) == EdgeDrag(
        "inner", False, (inner.start, inner.end), inner.start, inner.end
    )
    assert pressed_edge(index, LAYOUT, last, "whole").key == "whole"  # type: ignore[union-attr]
    start = pressed_edge(index, LAYOUT, at("Leaders"), None)
    assert start is not None and start.key == "whole" and start.moves_start
    assert pressed_edge(index, LAYOUT, at("Leaders", 1), None) is None  # not an edge
    one = HighlightIndex([Highlight(at("is"), at("is") + 1, "#2e9e5b", "i")])
    assert pressed_edge(one, LAYOUT, at("is"), None).moves_start is False  # type: ignore[union-attr]


def test_the_moving_end_snaps_to_words_or_characters_and_stops_at_the_other_end() -> None:
    drag = pressed_edge(
        HighlightIndex([passage("p", "know", "services")]), LAYOUT, at("know"), None
    )
    assert drag is not None
    assert dragged_to(drag, TEXT, LAYOUT, at("Leaders", 3), True).start == at("Leaders")
    assert dragged_to(drag, TEXT, LAYOUT, at("Leaders", 3), False).start == at("Leaders", 3)
    assert dragged_to(drag, TEXT, LAYOUT, at(" know"), True).start == at("know")  # no space
    assert dragged_to(drag, TEXT, LAYOUT, at("turnover"), True).start == at("services")
    assert dragged_to(drag, TEXT, LAYOUT, at("turnover"), False).start == at("services", 7)
    end = EdgeDrag("p", False, (drag.start, drag.end), drag.start, drag.end)
    assert dragged_to(end, TEXT, LAYOUT, at("Staff", 2), True).end == at("Staff") + len("Staff")
    assert dragged_to(end, TEXT, LAYOUT, at(" Staff"), True).end == at("well.") + len("well.")
    assert dragged_to(end, TEXT, LAYOUT, 0, True).end == at("know") + len("know")
    assert dragged_to(end, TEXT, LAYOUT, 0, False).end == at("know") + 1
