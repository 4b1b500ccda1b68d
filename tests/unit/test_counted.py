"""Counts said in words: one document, not "1 documents" (a tester saw it on the list's
caption and the frequencies' title)."""

from __future__ import annotations

from annotations.analysis import frequencies
from tui.formatting import counted
from tui.report_views import code_frequency_table


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "document") == "1 document"
    assert [counted(n, "passage") for n in (0, 2, 3000)] == [
        "0 passages",
        "2 passages",
        "3000 passages",
    ]


def test_the_frequencies_title_counts_one_passage_as_one() -> None:
    from annotations.codebook import DEFAULT_CODES
    from annotations.model import Annotation

    one = Annotation("a", "d.txt", 0, 4, "text", "", "", ("strength",), coder="ana")
    result = frequencies(None, list(DEFAULT_CODES), [one])
    table = code_frequency_table(result, {code.id: code.colour for code in DEFAULT_CODES})
    assert table.title == "Code frequencies (1 passage)"
