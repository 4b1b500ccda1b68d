"""How the app shows what a change came to: a refusal the user caused is one line on screen
and nothing saved; a programming error is not dressed up as a toast (it fails loudly)."""

from __future__ import annotations

import pytest

from annotations.codebook import CodebookError
from annotations.store import StoreError
from tests.reliability.on_screen import notifications
from tui.app import CasereaderApp
from tui.coding import Outcome


async def test_a_refusal_the_user_caused_is_one_line_and_says_not_saved(make_session) -> None:
    session = make_session()
    app = CasereaderApp(session)
    async with app.run_test(size=(120, 36)) as pilot:

        def refused() -> Outcome:
            raise CodebookError("there is already a code named “staffing”")

        assert app.perform(refused) is None
        await pilot.pause()
        assert any("already a code named" in text for _, text in notifications(app))
        assert app.status.startswith("ready")  # nothing was saved, nothing claims so

        def disk_full() -> Outcome:
            raise StoreError(f"store {session.store.location}: no space left on device")

        assert app.perform(disk_full) is None
        assert app.status.startswith("not saved: store: no space left on device")


async def test_a_programming_error_is_not_turned_into_a_toast(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=(120, 36)):

        def broken() -> Outcome:
            raise KeyError("a bug, not the user's doing")

        with pytest.raises(KeyError):
            app.perform(broken)
        assert not notifications(app)


async def test_what_was_saved_goes_on_the_status_line(make_session) -> None:
    app = CasereaderApp(make_session())
    async with app.run_test(size=(120, 36)):
        app.perform(lambda: Outcome("tagged staffing"))
        assert app.status.startswith("tagged staffing · saved ")
