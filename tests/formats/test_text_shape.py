"""The shape every extractor's text has, for any input: properties of ``formats.text``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.formats.text import (
    clean_characters,
    join_blocks,
    number_label,
    paragraph,
    table,
)

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(st.lists(texts, max_size=8))
def test_blocks_are_separated_by_exactly_one_blank_line(blocks: list[str]) -> None:
    text = join_blocks(blocks)
    assert "\r" not in text and "\n\n\n" not in text
    assert not text.startswith("\n") and not text.endswith("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert not any(c in text for c in "\u00ad\ufb01\ufb02\x00\x0b\x0c\ufeff")


@given(texts)
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_characters(text)
    assert clean_characters(once) == once
    assert paragraph(paragraph(text)) == paragraph(text)
    assert join_blocks([join_blocks([text])]) == join_blocks([text])


@given(st.lists(st.lists(texts, max_size=4), max_size=5))
def test_a_table_has_one_line_per_row_that_has_text(rows: list[list[str]]) -> None:
    lines = table(rows).split("\n") if table(rows) else []
    assert len(lines) == sum(1 for row in rows if any(paragraph(cell) for cell in row))


def test_ligatures_soft_hyphens_and_newlines() -> None:
    assert clean_characters("ef\ufb01cient\r\nwork\ufb02ow\rself\u00ad-help") == (
        "efficient\nworkflow\nself-help"
    )
    assert paragraph("  two\n lines \t here ") == "two lines here"
    assert paragraph("kept\nlines", keep_lines=True) == "kept\nlines"


def test_list_numbers_as_word_shows_them() -> None:
    assert [number_label(n, "decimal") for n in (1, 12)] == ["1", "12"]
    assert [number_label(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert [number_label(n, "upperRoman") for n in (4, 9, 14)] == ["IV", "IX", "XIV"]
