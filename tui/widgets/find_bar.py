"""Find in the open document: a one-line bar under the text, and the matching itself.

Matching is literal and ignores case; a space in the query matches any run of white space, so
a phrase is found across the line breaks of a wrapped text file. The bar stays while matches
are shown, with where the cursor is among them.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from tui.formatting import visible

MAX_MATCHES = 100_000
"""Matches marked at most (a one-letter query in a 5 MB text stops here, and says so)."""


def find_all(text: str, query: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Spans [start, end) of every match of ``query`` in ``text``, by start, non-overlapping."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    spans = []
    for match in pattern.finditer(text):
        spans.append((match.start(), match.end()))
        if len(spans) >= limit:
            break
    return spans


class FindBar(Horizontal):
    """``/`` then words; enter goes to the next match; ``.`` and ``,`` step between matches."""

    DEFAULT_CSS = """
    FindBar { height: 1; background: $panel; display: none; }
    FindBar.-shown { display: block; }
    FindBar > Label { width: 2; padding-left: 1; }
    FindBar > Input { width: 1fr; border: none; height: 1; padding: 0 1; }
    FindBar > #find-count { width: auto; max-width: 50%; padding: 0 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Label("/")
        yield Input(placeholder="find in this document", id="find-input", compact=True)
        yield Static(id="find-count")

    @property
    def query_text(self) -> str:
        return self.query_one("#find-input", Input).value

    def open(self) -> None:
        self.add_class("-shown")
        box = self.query_one("#find-input", Input)
        box.focus()
        box.select_all()

    def close(self) -> None:
        self.remove_class("-shown")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def say(self, message: str) -> None:
        self.query_one("#find-count", Static).update(Text(visible(message)))
