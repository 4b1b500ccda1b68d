"""Code colours accept CSS and Rich names as well as #RRGGBB; a refusal says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from tinydb import TinyDB

from annotations.codebook import Codebook, CodebookError
from annotations.colours import CSS_COLOURS, ColourError, parse_colour
from annotations.store import AnnotationStore


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("#2e9e5b", "#2e9e5b"),
        ("#2E9E5B", "#2e9e5b"),
        ("  #2e9e5b ", "#2e9e5b"),
        ("#0a0", "#00aa00"),
        ("purple", "#800080"),
        ("teal", "#008080"),
        ("Teal", "#008080"),
        ("TEAL", "#008080"),
        ("rebeccapurple", "#663399"),
        ("Rebecca Purple", "#663399"),
        ("dark orange", "#ff8c00"),
        ("dark-orange", "#ff8c00"),
        ("light_sea_green", "#20b2aa"),
        ("grey", "#808080"),
        ("gray", "#808080"),
        ("dark_orange3", "#d75f00"),
        ("grey50", "#808080"),
        ("deep_sky_blue1", "#00afff"),
    ],
)
def test_colours_as_people_write_them(typed: str, stored: str) -> None:
    assert parse_colour(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("purpel", "did you mean purple?"),
        ("tael", "did you mean teal?"),
        ("#12345", "5 hex digits"),
        ("#1234567", "7 hex digits"),
        ("#gg0000", "'g' is not a hex digit"),
        ("2e9e5b", "with a # (#2e9e5b)"),
        ("bed", "not a colour"),
        ("", "a colour is needed"),
        ("   ", "a colour is needed"),
        ("rgb(1, 2, 3)", "not a colour"),
        ("[bold]red[/]", "not a colour"),
        ("x" * 500, "…"),
    ],
)
def test_a_refused_colour_says_why(typed: str, reason: str) -> None:
    with pytest.raises(ColourError) as caught:
        parse_colour(typed)
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message and len(message) < 200


def test_the_css_names_are_the_148_of_the_standard() -> None:
    from textual._color_constants import COLOR_NAME_TO_RGB  # an independent copy

    assert len(CSS_COLOURS) == 148
    for name, colour in CSS_COLOURS.items():
        r, g, b = COLOR_NAME_TO_RGB[name][:3]
        assert colour == f"#{r:02x}{g:02x}{b:02x}", name


def test_the_codebook_takes_names_and_stores_hex(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s") as store:
        added = store.codebook.add("leadership", colour="Purple")
        assert added.colour == "#800080"
        store.codebook.recolour("staffing", "teal")
    # On disk, in the codebook file stock TinyDB reads: hex, as every export expects.
    files = [p for p in (tmp_path / "s").rglob("*.json") if "codebook" in p.name]
    assert files
    with TinyDB(files[0], access_mode="r") as db:
        colours = {row["id"]: row["colour"] for table in db.tables() for row in db.table(table)}
    assert colours["leadership"] == "#800080"
    assert colours["staffing"] == "#008080"


def test_a_refused_colour_leaves_the_code_as_it_was() -> None:
    codebook = Codebook()
    before = codebook.get("staffing")
    with pytest.raises(CodebookError, match="did you mean purple"):
        codebook.recolour("staffing", "purpel")
    assert codebook.get("staffing") == before
