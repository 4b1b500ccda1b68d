"""Users remap keys by binding id in a JSON keymap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.errors import CasereaderError
from tui.app import CasereaderApp
from tui.keymap import load_keymap
from tui.screens.codebook import CodebookScreen


async def test_a_remapped_key_drives_its_binding(
    make_session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keymap = tmp_path / "keymap.json"
    keymap.write_text(json.dumps({"app.codebook": "g"}))
    monkeypatch.setenv("CASEREADER_KEYMAP", str(keymap))
    app = CasereaderApp(make_session())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        assert not isinstance(app.screen, CodebookScreen)
        await pilot.press("g")
        assert isinstance(app.screen, CodebookScreen)


def test_no_keymap_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "absent.json") == {}


@pytest.mark.parametrize("content", ["{broken", '["a"]', '{"app.quit": 3}', '{"app.quit": ""}'])
def test_a_broken_keymap_is_one_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "keymap.json"
    path.write_text(content)
    with pytest.raises(CasereaderError, match="keymap"):
        load_keymap(path)
