"""Keys as a fast typist (or a paste, or a lagging SSH link) sends them: all at once, before
the app has drawn anything in between. Pilot's ``press`` waits after each key; this does not."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.pilot import Pilot

CHARACTERS = {"space": " ", "slash": "/", "question_mark": "?", "full_stop": ".", "comma": ","}


def burst(app: App, *keys: str) -> None:
    """Queue every key at once, as a terminal delivers a burst of input."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        character = key if len(key) == 1 else CHARACTERS.get(key)
        if key == "enter":
            character = "\r"
        driver.send_message(events.Key(key, character))


async def settled(pilot: Pilot[object], check: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Whether ``check`` holds once the app has worked through the keys it was sent.

    Waits (up to ``timeout``, for a loaded machine) until ``check`` holds, then lets the app go
    idle a few times and asks again, so a key still queued that undoes it is seen too.
    """
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    for _ in range(3):
        await pilot.pause()
    await pilot.pause(0.2)
    return check()
