"""Keys as a fast typist (or a paste, or a lagging SSH link) sends them: all at once, before
the app has drawn anything in between. Pilot's ``press`` waits after each key; this does not."""

from __future__ import annotations

from textual import events
from textual.app import App

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
