"""Pick a code by typing part of its name; enter applies, or creates the code typed."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotations.model import Code
from annotations.store import AnnotationStore
from tui.dialogs.prompts import Dialog
from tui.formatting import visible

NEW = "\x00new:"


def code_prompt(code: Code) -> Text:
    """A code as the picker lists it: its colour, its name and its key."""
    prompt = Text()
    prompt.append("■ ", style=code.colour)
    prompt.append(visible(code.name))
    if code.key:
        prompt.append(f"  [{code.key}]", style="dim")
    return prompt


class CodePicker(Dialog[str | None]):
    """Dismisses with a code id, ``NEW + name`` for a code to create, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
    ]

    def __init__(
        self, store: AnnotationStore, title: str = "Tag with code", allow_new: bool = True
    ):
        super().__init__()
        self.store = store
        self.heading = title
        self.allow_new = allow_new

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.heading), classes="dialog-title")
            yield Input(
                placeholder="type to filter or name a new code"
                if self.allow_new
                else "type to filter",
                id="code-filter",
            )
            yield OptionList(id="code-options")

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#code-filter", Input).focus()

    def fill(self, query: str) -> None:
        options = self.query_one("#code-options", OptionList)
        options.clear_options()
        needle = query.strip().casefold()
        exact = False
        for code in self.store.codebook.codes:
            if needle and needle not in code.name.casefold() and needle not in code.id:
                continue
            exact = exact or code.name.casefold() == needle or code.id == needle
            options.add_option(Option(code_prompt(code), id=code.id))
        if self.allow_new and needle and not exact:
            options.add_option(
                Option(Text(f"+ create code “{visible(query.strip())}”"), id=NEW + query.strip())
            )
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#code-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#code-filter")
    def submitted(self) -> None:
        options = self.query_one("#code-options", OptionList)
        option = options.highlighted_option
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#code-options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#code-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
