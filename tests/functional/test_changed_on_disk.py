"""A document changed on disk since it was coded, seen from the app's passages screen.

Issue 11, point 5: the passages screen hands out offsets (enter opens the document at the
passage), so it re-anchors first: saved when the store is writable, in memory when it is
read-only (the files stay as they are).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from annotations.store import AnnotationStore
from tests.functional.conftest import options
from tests.functional.test_reader_flow import BLOG, SIZE
from tests.reliability.on_screen import screen_text, wait_loaded
from tui.app import CasereaderApp
from tui.launch import prepare
from tui.screens.document import DocumentScreen
from tui.screens.passages import PassagesScreen
from tui.widgets.document_view import DocumentView
from tui.widgets.passage_list import PassageList

PREPENDED = "A line added to the file after it was coded, before the reader saw it.\n"


@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
async def test_the_passages_screen_opens_a_changed_document_at_its_passage(
    read_only: bool, seeds_copy: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    document = load_corpus(seeds_copy)[BLOG]
    start = document.text.index("The budget")
    with AnnotationStore.open(store) as opened:
        opened.add(document, start, start + 10, codes=["staffing"])
    document.path.write_text(PREPENDED + document.text, encoding="utf-8")
    files = {p: p.read_bytes() for p in store.rglob("*.json")}
    session = prepare(options([str(seeds_copy)], store, read_only=read_only))
    app = CasereaderApp(session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(app, pilot)
            app.action_passages("staffing")
            await pilot.pause()
            assert isinstance(app.screen, PassagesScreen)
            assert len(app.screen.query_one("#passages", PassageList).keys) == 1
            assert "▌ The budget  " in screen_text(app)  # the passage whole, on its own line
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DocumentScreen)
            assert app.screen.query_one("#view", DocumentView).cursor == start + len(PREPENDED)
    finally:
        session.store.close()
    changed = (PREPENDED + document.text).encode()
    with AnnotationStore.open(store, read_only=True) as reader:
        recorded = reader.document_hash(BLOG)
    if read_only:
        assert {p: p.read_bytes() for p in store.rglob("*.json")} == files
        assert recorded == document.sha256
    else:
        assert recorded == hashlib.sha256(changed).hexdigest()
