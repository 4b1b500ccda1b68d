"""Reports as Rich renderables, shared by ``casereader report`` and the reports screen.

Every cell is a ``Text`` of literal characters: code names, titles and passages are data and
never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from annotations.analysis import (
    Agreement,
    CodePassages,
    Cooccurrence,
    Frequencies,
    Passage,
    Scores,
    Timeline,
)
from annotations.model import Code
from tui.formatting import counted, one_line, plain, visible

BAR_WIDTH = 20


def bar(value: int, largest: int, colour: str, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar scaled to the largest value, in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return Text("")
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return Text("█" * full + (" ▏▎▍▌▋▊▉"[rest] if rest else ""), style=colour)


NEUTRAL = "grey50"
"""For a bar of no particular code: readable on dark and light themes alike."""


def stacked_bar(parts: Sequence[tuple[int, str]], largest: int, width: int = BAR_WIDTH) -> Text:
    """One bar of several coloured parts (value, colour), scaled to the largest total.

    Parts take whole cells (a cell has one colour); every part that is not zero gets at least
    one cell, so a code used once is still seen beside one used a hundred times.
    """
    text = Text("")
    if largest <= 0:
        return text
    shown = [(value, colour) for value, colour in parts if value > 0]
    cells = [max(1, round(value / largest * width)) for value, _ in shown]
    while sum(cells) > width and max(cells) > 1:  # the minimum cells may overflow the width
        cells[cells.index(max(cells))] -= 1
    for count, (_, colour) in zip(cells, shown, strict=True):
        text.append("█" * count, style=colour)
    return text


def _number(value: int, bold: bool = False) -> Text:
    return Text(str(value), style="bold" if bold else "")


def frequencies_view(result: Frequencies, codes: Sequence[Code]) -> RenderableType:
    colours = {code.id: code.colour for code in codes}
    table = code_frequency_table(result, colours)
    if not result.per_document:
        return Group(table, Text("No coded passages yet."))
    return Group(table, per_document_table(result, colours))


def code_frequency_table(result: Frequencies, colours: Mapping[str, str]) -> Table:
    """Each code's passages, documents and characters, with a bar of its passages."""
    table = Table(title=f"Code frequencies ({counted(result.passages, 'passage')})", expand=False)
    table.add_column("code")
    for column in ("passages", "documents", "characters"):
        table.add_column(column, justify="right")
    table.add_column("", min_width=BAR_WIDTH, no_wrap=True)
    largest = max((row.passages for row in result.overall), default=0)
    for row in result.overall:
        table.add_row(
            plain(row.name),
            _number(row.passages),
            _number(row.documents),
            _number(row.characters),
            bar(row.passages, largest, colours.get(row.code, NEUTRAL)),
        )
    return table


def per_document_table(result: Frequencies, colours: Mapping[str, str]) -> Table:
    """Each document's passages per code, with a bar of them stacked by code."""
    table = Table(title="Passages per document (code uses, stacked by code)")
    table.add_column("document", overflow="fold")
    names = {row.code: row.name for row in result.overall}
    for name in names.values():
        table.add_column(Text(visible(name)), justify="right")
    table.add_column("", min_width=BAR_WIDTH, no_wrap=True)
    uses = [sum(doc_row.passages[c] for c in names) for doc_row in result.per_document]
    most = max(uses, default=0)
    for doc_row in result.per_document:
        parts = [(doc_row.passages[c], colours.get(c, NEUTRAL)) for c in names]
        table.add_row(
            plain(doc_row.title),
            *(_number(doc_row.passages[c]) for c in names),
            stacked_bar(parts, most),
        )
    return table


def cooccurrence_view(result: Cooccurrence) -> RenderableType:
    table = Table(title="Co-occurrence (overlapping passage pairs; diagonal = passages)")
    table.add_column("")
    for code in result.codes:
        table.add_column(Text(visible(code.name)), justify="right")
    for i, code in enumerate(result.codes):
        cells = [_number(value, bold=i == j) for j, value in enumerate(result.passages[i])]
        table.add_row(plain(code.name), *cells)
    pairs = [pair for pair in result.pairs() if pair[2]]
    if not pairs:
        return Group(table, Text("No codes overlap yet."))
    listing = Table(title="Pairs, most frequent first")
    listing.add_column("codes")
    listing.add_column("passage pairs", justify="right")
    listing.add_column("shared characters", justify="right")
    for first, second, count, characters in pairs:
        listing.add_row(plain(f"{first.name} + {second.name}"), _number(count), _number(characters))
    return Group(table, listing)


def timeline_view(result: Timeline) -> RenderableType:
    table = Table(
        title=f"Passages by {result.by} of the dateline",
        caption="documents: all dated in the period; coded: those with passages shown",
    )
    table.add_column(result.by)
    table.add_column("documents", justify="right")
    table.add_column("coded", justify="right")
    for code in result.codes:
        table.add_column(Text(visible(code.name)), justify="right")
    table.add_column("", min_width=BAR_WIDTH, no_wrap=True)
    largest = max((sum(row.passages.values()) for row in result.rows), default=0)
    for row in result.rows:
        table.add_row(
            Text(row.period, style="" if row.documents else "dim"),
            _number(row.documents),
            _number(row.coded_documents),
            *(_number(row.passages[c.id]) for c in result.codes),
            stacked_bar([(row.passages[c.id], c.colour) for c in result.codes], largest),
        )
    return table


def passages_view(result: Sequence[CodePassages]) -> RenderableType:
    parts: list[RenderableType] = []
    for group in result:
        parts.append(Rule(Text(f"{visible(group.code.name)} · {len(group.passages)} passage(s)")))
        for passage in group.passages:
            parts.append(plain(passage_place(passage), style="bold"))
            parts.append(Text("  ") + plain(one_line(passage.text, 10_000)))
            if passage.note:
                parts.append(Text("  note: ", style="italic") + plain(passage.note, "italic"))
    return Group(*parts)


def passage_place(passage: Passage) -> str:
    """Where a passage is: title, date, paragraph, document and offsets, and its coder."""
    where = f"{passage.title} ({passage.date or 'undated'})"
    if passage.paragraph is not None:
        where += f" ¶ {passage.paragraph}"
    where += f" · {passage.document} {passage.start}-{passage.end}"
    if passage.coder:
        where += f" · {passage.coder}"
    return where


def figure(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def _scores_cells(scores: Scores) -> list[Text]:
    return [
        Text(str(scores.units)),
        Text(figure(scores.percent, percent=True)),
        Text(figure(scores.kappa)),
        Text(figure(scores.alpha)),
    ]


AGREEMENT_COLUMNS = ("characters", "% agreement", "Cohen's κ", "Krippendorff's α")


def agreement_view(result: Agreement, titles: Mapping[str, str] | None = None) -> RenderableType:
    """Per code and overall agreement, with the unit stated, and a per-document breakdown."""
    parts: list[RenderableType] = [*agreement_preamble(result), agreement_table(result)]
    if result.per_document:
        parts.append(per_document_agreement(result, titles or {}))
    return Group(*parts)


def agreement_preamble(result: Agreement) -> list[RenderableType]:
    """Who A and B are, the unit compared, and the documents left out."""
    parts: list[RenderableType] = [
        plain(f"A: {result.labels[0]}"),
        plain(f"B: {result.labels[1]}"),
        Text(
            f"Unit: {result.unit}s of the {len(result.documents)} document(s) both coded "
            f"({result.overall.units} characters). Per code: coded or not; overall: the set of "
            "codes on each character. n/a: undefined (no variation)."
        ),
    ]
    if result.only_first or result.only_second:
        parts.append(
            Text(
                f"Not compared: {len(result.only_first)} document(s) coded only by A, "
                f"{len(result.only_second)} only by B.",
                style="dim",
            )
        )
    return parts


def agreement_table(result: Agreement) -> Table:
    table = Table(title="Agreement")
    table.add_column("code")
    for column in AGREEMENT_COLUMNS:
        table.add_column(column, justify="right")
    for code in result.codes:
        table.add_row(plain(code.name), *_scores_cells(result.per_code[code.id]))
    table.add_row(Text("overall", style="bold"), *_scores_cells(result.overall), end_section=True)
    return table


def per_document_agreement(result: Agreement, titles: Mapping[str, str]) -> Table:
    """Each document's overall agreement, under its title where one is known."""
    table = Table(title="Per document (overall)")
    table.add_column("document")
    for column in AGREEMENT_COLUMNS:
        table.add_column(column, justify="right")
    for row in result.per_document:
        title = titles.get(row.document)
        name = f"{one_line(title, 60)} ({row.document})" if title else row.document
        table.add_row(plain(name), *_scores_cells(row.overall))
    return table
