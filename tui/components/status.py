"""The status line and the read-only banner shown on every screen."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Footer, Static

from tui.formatting import visible


class StatusLine(Static):
    """Where the annotations are stored, who is coding, and whether the last change is saved."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "status", self._show, init=True)

    def _show(self, status: str) -> None:
        self.update(Text(visible(status)))


class Banner(Static):
    """A warning across the top, e.g. that the store is read-only and why."""

    DEFAULT_CSS = """
    Banner { height: auto; background: $warning 30%; color: $text; padding: 0 1;
             text-style: bold; }
    """

    def __init__(self, message: str, **kwargs) -> None:
        super().__init__(Text(visible(message)), **kwargs)


class KeyFooter(Footer):
    """The footer of keys, with less space between them when the terminal is narrow.

    Below ``WIDE`` columns every key would not fit with Textual's spacing; the compact style
    fits about a third more. ``?`` and ctrl+p list every key whatever the width.
    """

    DEFAULT_CSS = """
    KeyFooter.-compact FooterLabel { margin: 0 1 0 0; }
    KeyFooter.-compact KeyGroup { padding-left: 0; }
    KeyFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    WIDE = 140

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < self.WIDE
