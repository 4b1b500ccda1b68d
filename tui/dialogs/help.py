"""Help generated from the bindings actually in force on the screen below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.dialogs.prompts import Dialog
from tui.formatting import visible

INTRO = (
    "Select a passage with v then movement, shift+arrows, a mouse drag or double (word) and "
    "triple (paragraph) click, or s (the sentence) and S (the paragraph) at the cursor; tag "
    "it with 1-9, a code's own key, or t. / finds words in the document. Every change is saved "
    "at once and can be undone (u) and redone (ctrl+r). Key ids can be remapped."
)


class HelpScreen(Dialog[None]):
    """The keys of the screen it was opened from, with their ids."""

    CSS_PATH = Path(__file__).with_name("help.tcss")

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.source = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(Text("casereader keys", style="bold"))
            yield Static(Text(INTRO), classes="excerpt")
            yield Static(self.key_table(), id="help-keys")

    def key_table(self) -> Table:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("key", no_wrap=True)
        table.add_column("does")
        table.add_column("id", style="dim")
        seen = self.bound_keys()
        for ident, (keys, description) in seen.items():
            table.add_row(Text(", ".join(keys)), Text(visible(description)), Text(ident))
        for key, description, ident in getattr(self.source, "help_rows", list)():
            table.add_row(Text(visible(key)), Text(visible(description)), Text(ident))
        return table

    def bound_keys(self) -> dict[str, tuple[list[str], str]]:
        """Each binding id of the screen below with its keys (as shown) and what it does."""
        seen: dict[str, tuple[list[str], str]] = {}
        # A screen may say more than its bindings' fixed descriptions (which code a key tags).
        describe: dict[str, str] = getattr(self.source, "help_descriptions", dict)()
        for key, active in self.source.active_bindings.items():
            binding = active.binding
            if binding.action in ("focus_next", "focus_previous"):
                continue
            ident = binding.id or binding.action
            description = describe.get(ident) or binding.description or binding.action
            keys, description = seen.setdefault(ident, ([], description))
            display = self.key_display(binding)
            if display not in keys:
                keys.append(display or key)
        return seen

    def key_display(self, binding: Binding) -> str:
        if binding.key_display is None:
            return self.app.get_key_display(binding)
        return binding.key_display

    def action_close(self) -> None:
        self.dismiss(None)
