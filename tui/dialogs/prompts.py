"""Small modal dialogs: the base that closes once, a one-line prompt, a choice."""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.formatting import visible

R = TypeVar("R")


def completed() -> AwaitComplete:
    """An ``AwaitComplete`` already done: what a dismissal that closes nothing returns."""
    done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
    return done


class Dialog(ModalScreen[R]):
    """A modal dialog that closes once.

    Keys typed quickly arrive before the dialog has gone: four Enters in a one-line prompt
    submit it four times. Textual's ``dismiss`` pops whatever screen is on top, so each extra
    one closed a screen below (and the last raised ScreenStackError). Here only the first
    dismissal counts, and only while the dialog is the screen in front.
    """

    def __init__(self) -> None:
        super().__init__()
        self.dismissed = False

    def dismiss(self, result: R | None = None) -> AwaitComplete:
        if self.dismissed or self.app.screen is not self:
            return completed()
        self.dismissed = True
        return super().dismiss(result)


class TextPrompt(Dialog[str | None]):
    """Ask for one line of text; enter accepts, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(visible(self.question)), classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="answer")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choice(Dialog[str | None]):
    """Choose one of several labelled answers (ids); escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(visible(self.question)), classes="dialog-title")
            yield OptionList(
                *(Option(Text(visible(label)), id=choice) for choice, label in self.choices),
                id="choices",
            )

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
