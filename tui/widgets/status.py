"""The status line and the read-only banner shown on every screen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from tui.formatting import visible


def framed(read_only_reason: str | None, *body: Widget) -> Iterator[Widget]:
    """A screen's widgets: the read-only banner when the store is read-only (and the screen
    says so), its ``body``, then the status line and the footer of keys."""
    if read_only_reason:
        yield Banner(f"Read-only: {read_only_reason}", id="banner")
    yield from body
    yield StatusLine(id="status")
    yield KeyFooter()


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

    def __init__(self, message: str, *, id: str | None = None) -> None:
        super().__init__(Text(visible(message)), id=id)


KEEP = ("help", "app.help", "quit", "app.quit", "back")
"""Actions the footer keeps however narrow: help lists every other key."""


@dataclass
class FooterItem:
    """One entry of the footer: a key, or a group of keys sharing a label (``[]`` Jump)."""

    bindings: list[tuple[Binding, bool, str]]
    label: str
    from_app: bool

    @property
    def actions(self) -> set[str]:
        return {binding.action for binding, _, _ in self.bindings}

    def cells(self, app: App[object], compact: bool) -> int:
        """Width on screen, as Textual's footer styles lay it out (compact or not)."""
        keys = sum(cell_len(app.get_key_display(binding)) for binding, _, _ in self.bindings)
        return keys + cell_len(self.label) + (2 if compact else 3)


def grouped(
    group: Binding.Group | None,
    entries: list[tuple[str, list[tuple[Binding, bool, str]]]],
    from_app: dict[str, bool],
) -> list[FooterItem]:
    """Actions next to each other in one binding group as one item under the group's label;
    an action on its own (or without a group) as an item of its own."""
    if group is not None and len(entries) > 1:
        members = [found[0] for _, found in entries]
        return [FooterItem(members, group.description, all(from_app[a] for a, _ in entries))]
    return [
        FooterItem([found[0]], found[0][0].description, from_app[action])
        for action, found in entries
    ]


class KeyFooter(Footer):
    """The footer of keys, fitted to the width: what does not fit is left out rather than cut.

    Below ``WIDE`` columns every key would not fit with Textual's spacing; the compact style
    fits about a third more. Keys that still do not fit are dropped, the app's own first (from
    the right), then the screen's; help, back and quit stay. ``?`` and ctrl+p list every key.
    """

    DEFAULT_CSS = """
    KeyFooter.-compact FooterLabel { margin: 0 1 0 0; }
    KeyFooter.-compact KeyGroup { padding-left: 0; }
    KeyFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    WIDE = 140
    PALETTE = 12
    """Cells of the ``^p palette`` entry at the right."""

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < self.WIDE
        if self._bindings_ready:
            self.call_after_refresh(self.recompose)

    def items(self) -> list[FooterItem]:
        """Shown bindings, one per action, grouped as Textual groups them."""
        by_action: dict[str, list[tuple[Binding, bool, str]]] = {}
        from_app: dict[str, bool] = {}
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action.setdefault(binding.action, []).append((binding, enabled, tooltip))
                from_app.setdefault(binding.action, node is self.app)
        items: list[FooterItem] = []
        for group, members in groupby(by_action.items(), lambda item: item[1][0][0].group):
            items += grouped(group, list(members), from_app)
        return items

    def fitted(self, items: list[FooterItem]) -> list[FooterItem]:
        """The items that fit, dropping the app's from the right, then the screen's."""
        budget = self.size.width - self.PALETTE
        if budget <= 0:
            return items
        shown = list(items)

        def width() -> int:
            return sum(item.cells(self.app, self.compact) for item in shown)

        for from_app in (True, False):
            for item in reversed(list(shown)):
                if width() <= budget:
                    return shown
                if item.from_app == from_app and not item.actions & set(KEEP):
                    shown.remove(item)
        return shown

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        for item in self.fitted(self.items()):
            yield from self.item_widgets(item)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            yield from self.palette_key()

    def item_widgets(self, item: FooterItem) -> Iterator[Widget]:
        """A key with its description, or a group's keys and then its one label."""
        if len(item.bindings) == 1:
            binding, enabled, tooltip = item.bindings[0]
            yield self.key(binding, enabled, tooltip, binding.description)
            return
        with KeyGroup(classes="-compact"):
            for binding, enabled, tooltip in item.bindings:
                yield self.key(binding, enabled, tooltip, "", "-grouped")
        yield FooterLabel(item.label)

    def palette_key(self) -> Iterator[Widget]:
        """The command palette's key at the right, when the screen has it."""
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is not None:
            _node, binding, enabled, _tooltip = found
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def key(
        self, binding: Binding, enabled: bool, tooltip: str, description: str, classes: str = ""
    ) -> FooterKey:
        return FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip or binding.description,
            classes=classes,
        ).data_bind(compact=Footer.compact)
