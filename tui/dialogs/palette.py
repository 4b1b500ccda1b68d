"""The command palette: Textual's, guarded against its bugs with quick keys (Textual 8.2).

- PageUp or PageDown before the list has been laid out (``ctrl+p e PageDown`` sent at once)
  raises ``KeyError`` in ``OptionList._move_page``: the list has options but no lines yet.
- Enter runs the chosen command and closes the palette; every further Enter already typed
  runs the command again (three quick Enters opened three export dialogs).
- A palette closed before it was mounted (the app popping screens, as quitting with a note
  open does) raises ``IndexError`` looking for the screen it was called from.
- The palette's search runs in a worker that writes to the list; when the palette closes
  while it runs (a quick Enter, or the app popping screens), it finds no ``CommandList``
  and the worker's ``NoMatches`` ends the app.

Each ended the session with a traceback. The guards only skip what cannot be done. The
theme picker Textual opens from its "Theme" command is this class too
(``CasereaderApp.action_change_theme``). The first
two are pinned by tests that replay the keys on Textual's own palette
(``tests/functional/test_palette.py``): when one reports Textual fixed, its guard can go; a
storm of palette keys covers them all.
"""

from __future__ import annotations

import contextlib

from textual import on, work
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.css.query import NoMatches
from textual.events import Mount
from textual.message import Message
from textual.widgets import Button, Input, LoadingIndicator, OptionList

from tui.dialogs.prompts import completed

PAGING = ("page_up", "page_down")


class ReaderPalette(CommandPalette):
    """Closes once; pages only a list that has been laid out; a search that outlives the
    palette stops quietly."""

    def __init__(
        self,
        providers: ProviderSource | None = None,
        *,
        placeholder: str = "Search for commands…",
        id: str | None = "--command-palette",
    ) -> None:
        """The reader's palette (its own commands), or with ``providers`` a palette Textual
        would open from a command (the theme picker), guarded the same way; that one has no
        id, as in Textual."""
        super().__init__(providers, placeholder=placeholder, id=id)
        self.dismissed = False

    def dismiss(self, result: None = None) -> AwaitComplete:
        # Enter selects and closes; a second quick Enter would close the screen below.
        if self.dismissed or self.app.screen is not self:
            return completed()
        self.dismissed = True
        return super().dismiss(result)

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def chosen_already(self, event: Message) -> None:
        """Once a command was chosen, the rest of a burst of Enters runs nothing."""
        if self.dismissed:
            event.stop()
            event.prevent_default()

    def _on_mount(self, event: Mount) -> None:
        if self not in self.app.screen_stack:  # closed before it opened: nothing to set up
            event.prevent_default()

    def has_list(self) -> bool:
        return bool(self.query(CommandList))

    def _action_command_list(self, action: str) -> None:
        lists = self.query(CommandList).results(CommandList)
        command_list = next(lists, None)
        if command_list is None:
            return
        if action not in PAGING:
            super()._action_command_list(action)
        elif pageable(command_list):
            # (options that arrived but are not laid out yet have nothing to page)
            with contextlib.suppress(KeyError):
                super()._action_command_list(action)

    def _watch__list_visible(self) -> None:
        if self.has_list():
            super()._watch__list_visible()

    async def _watch__show_busy(self) -> None:
        if self.has_list() and self.query(LoadingIndicator):
            await super()._watch__show_busy()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        if not self.has_list():
            return
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        except NoMatches:
            if self.has_list():  # not the palette closing under the search: a real error
                raise


def pageable(command_list: CommandList) -> bool:
    """Whether Textual can page this list: its highlighted option has a line on screen."""
    if not command_list.option_count or not command_list.scrollable_content_region:
        return False
    highlighted = command_list.highlighted or 0
    return highlighted in command_list._index_to_line
