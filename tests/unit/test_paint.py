"""The document view's backgrounds stay apart as the terminal shows them, and text on each
stays readable, for the codebook's palette and for any colours a user picks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.color import ColorSystem
from textual.color import Color

from annotations.codebook import PALETTE
from tui.widgets.document_view.paint import appearance, choose, contrast, shown

DARK = (Color.parse("#1E1E1E"), Color.parse("#E0E0E0"))
LIGHT = (Color.parse("#D8D8D8"), Color.parse("#1F1F1F"))
SELECTION, MATCH = Color.parse("#0178D4"), Color.parse("#FFA62B")


def roles(codes: list[str], system: ColorSystem, theme: tuple[Color, Color]) -> dict[str, Color]:
    base, text = theme
    paint = choose(base, text, codes, SELECTION, MATCH, system)
    found = {"base": base, "text": text, "selection": paint.selection, "match": paint.match}
    found.update({f"code {colour}": paint.highlight(colour) for colour in codes})
    found["overlap"] = paint.overlapping(codes[:2])
    return found


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
@pytest.mark.parametrize(
    ("system", "count"),
    [(ColorSystem.TRUECOLOR, 10), (ColorSystem.EIGHT_BIT, 10), (ColorSystem.STANDARD, 6)],
    ids=["truecolor", "256", "16"],
)
def test_the_codebook_palette_stays_distinct_and_readable(
    system: ColorSystem, count: int, theme: tuple[Color, Color]
) -> None:
    found = roles(list(PALETTE[:count]), system, theme)
    shown_as = {name: shown(colour, system) for name, colour in found.items()}
    assert len(set(shown_as.values())) == len(shown_as), shown_as
    base, text = theme
    paint = choose(base, text, list(PALETTE[:count]), SELECTION, MATCH, system)
    for name, colour in found.items():
        if name in ("base", "text"):
            continue
        ink = appearance(paint.ink(colour), system)
        assert contrast(ink, appearance(colour, system)) >= 3.0, name


def test_truecolor_keeps_the_usual_tints() -> None:
    base, text = DARK
    paint = choose(base, text, ["#2e9e5b"], SELECTION, MATCH, ColorSystem.TRUECOLOR)
    assert paint.highlight("#2e9e5b") == base.blend(Color.parse("#2e9e5b"), 0.35)
    assert paint.selection == base.blend(SELECTION, 0.45)


@given(
    st.lists(
        st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)),
        min_size=1,
        max_size=8,
        unique=True,
    )
)
def test_any_user_colours_stay_apart_in_256_colours(colours: list[tuple[int, int, int]]) -> None:
    codes = [Color(*rgb).hex for codes_rgb in [colours] for rgb in codes_rgb]
    found = roles(codes, ColorSystem.EIGHT_BIT, DARK)
    shown_as = [shown(colour, ColorSystem.EIGHT_BIT) for colour in found.values()]
    # Two codes given the same colour share a highlight; every other role is apart.
    assert len(set(shown_as)) == len(set(codes)) + 5
