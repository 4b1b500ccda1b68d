"""What the real app puts on screen, read back for the reliability tests: every segment of every
strip the screen renders (toasts included), and the notifications it raised."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.segment import Segment

from tui.app import CasereaderApp

SIZE = (120, 36)

CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
"""C0 and C1 controls (ESC, BEL, CSI...): none may reach the terminal."""
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidi embeddings, overrides and isolates: they reorder what a terminal shows after them."""

SCROLLBAR_ACTIONS = [{"@mouse.down": action} for action in ("grab", "scroll_up", "scroll_down")]
"""The actions Textual itself puts in segments (textual/scrollbar.py)."""


async def wait_loaded(app: CasereaderApp, pilot) -> None:
    for _ in range(200):
        if app.loading_done:
            break
        await pilot.pause(0.05)
    await pilot.pause()


def segments(app: CasereaderApp) -> Iterator[Segment]:
    for strip in app.screen._compositor.render_strips():
        yield from strip


def screen_text(app: CasereaderApp) -> str:
    return "\n".join(
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    )


def unsafe_segments(app: CasereaderApp, bidi: bool = False) -> list[str]:
    """Segments that could steer the terminal: a control character, a link, a click action.

    Textual's own widgets put an ``offset`` in the meta of their segments and scrollbars
    ``@mouse.down`` actions; any other ``@`` action (``@click``) or a ``link`` could only come
    from text parsed as markup.
    """
    found = []
    for segment in segments(app):
        style = segment.style
        if CONTROLS.search(segment.text):
            found.append(f"control character in {segment.text!r}")
        if bidi and BIDI.search(segment.text):
            found.append(f"bidi control in {segment.text!r}")
        if style is not None and style.link:
            found.append(f"link {style.link!r} on {segment.text!r}")
        actions = {k: v for k, v in (style.meta if style else {}).items() if k.startswith("@")}
        if actions and actions not in SCROLLBAR_ACTIONS:
            found.append(f"action {actions!r} on {segment.text!r}")
    return found


def assert_screen_is_safe(app: CasereaderApp, where: str, bidi: bool = False) -> None:
    found = unsafe_segments(app, bidi)
    assert not found, f"{where}: {found[:5]}"


def notifications(app: CasereaderApp) -> list[tuple[str, str]]:
    """(severity, message) of every notification still held by the app."""
    return [(n.severity, n.message) for n in app._notifications]


def assert_notifications_are_safe(app: CasereaderApp) -> None:
    for _severity, message in notifications(app):
        assert not CONTROLS.search(message.replace("\n", "")), f"notification {message!r}"
