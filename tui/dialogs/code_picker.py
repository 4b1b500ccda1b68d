"""Pick a code by typing part of its name; enter applies, or creates the code typed. With
``several``, space (while nothing is typed) or tab ticks codes, and enter applies all the
ticked ones at once."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotations.model import Code
from annotations.store import AnnotationStore
from tui.dialogs.prompts import Dialog
from tui.formatting import visible

NEW = "\x00new:"


def matches(code: Code, needle: str) -> bool:
    """Whether the code is listed for what was typed (casefolded; nothing typed: every code)."""
    return not needle or needle in code.name.casefold() or needle in code.id


def named(codes: list[Code], needle: str) -> bool:
    """Whether one of the codes is exactly what was typed (its name casefolded, or its id):
    then there is no code to offer to create."""
    return any(code.name.casefold() == needle or code.id == needle for code in codes)


def code_prompt(code: Code) -> Text:
    """A code as the picker lists it: its colour, its name and its key."""
    prompt = Text()
    prompt.append("■ ", style=code.colour)
    prompt.append(visible(code.name))
    if code.key:
        prompt.append(f"  [{code.key}]", style="dim")
    return prompt


class CodeFilter(Input):
    """The picker's filter: with ``ticking``, a space typed while it is empty ticks the
    highlighted code (a code's name may hold spaces, so once something is typed it types)."""

    ticking = False

    class Tick(Message):
        """Space while nothing is typed: tick the highlighted code."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "space" and self.ticking and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.Tick())
            return
        await super()._on_key(event)


class CodePicker(Dialog[str | None]):
    """Dismisses with a code id, ``NEW + name`` for a code to create, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
        Binding("tab", "tick", "Tick", show=False, id="picker.tick"),
    ]

    def __init__(
        self,
        store: AnnotationStore,
        title: str = "Tag with code",
        allow_new: bool = True,
        several: bool = False,
        ticked: tuple[str, ...] = (),
    ):
        super().__init__()
        self.store = store
        self.heading = title
        self.allow_new = allow_new
        self.several = several
        self.ticked: list[str] = list(ticked)
        """The codes ticked so far (``several``), in the order ticked."""
        self.touched = False
        """Whether the coder ticked or unticked anything (then enter applies the ticks)."""

    def chosen_codes(self, result: str, created: bool = False) -> list[str]:
        """What the coder chose: the ticked codes (and ``result`` if it was just created);
        just ``result``, the code entered on, when nothing is ticked."""
        if not self.several or not self.touched:
            return [result]
        extra = [result] if created and result not in self.ticked else []
        return [*self.ticked, *extra]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.heading), classes="dialog-title")
            placeholder = (
                "type to filter or name a new code" if self.allow_new else "type to filter"
            )
            if self.several:
                placeholder += "; space ticks, enter applies"
            field = CodeFilter(placeholder=placeholder, id="code-filter")
            field.ticking = self.several
            yield field
            yield OptionList(id="code-options")

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#code-filter", Input).focus()

    def fill(self, query: str) -> None:
        options = self.query_one("#code-options", OptionList)
        options.clear_options()
        needle = query.strip().casefold()
        shown = [code for code in self.store.codebook.codes if matches(code, needle)]
        options.add_options(Option(self.prompt(code), id=code.id) for code in shown)
        if self.allow_new and needle and not named(shown, needle):
            options.add_option(
                Option(Text(f"+ create code “{visible(query.strip())}”"), id=NEW + query.strip())
            )
        if options.option_count:
            options.highlighted = 0

    def prompt(self, code: Code) -> Text:
        """The code's line in the list, with its tick when several codes are picked."""
        if not self.several:
            return code_prompt(code)
        return Text("✓ " if code.id in self.ticked else "  ", style="bold") + code_prompt(code)

    def on_code_filter_tick(self, _: CodeFilter.Tick) -> None:
        self.action_tick()

    def action_tick(self) -> None:
        """Tick the highlighted code, or untick it."""
        options = self.query_one("#code-options", OptionList)
        option = options.highlighted_option
        if not self.several or option is None or option.id is None or option.id.startswith(NEW):
            return
        self.touched = True
        if option.id in self.ticked:
            self.ticked.remove(option.id)
        else:
            self.ticked.append(option.id)
        where = options.highlighted
        self.fill(self.query_one(Input).value)
        options.highlighted = where

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
