"""A coder's day at the screen: a clause in a few keys, a wrong code fixed in one step, a
passage widened, merged and split keeping who it is, several codes from the picker. Each test
drives the real app on real files and reads what is drawn and what the store holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.conftest import options
from tests.reliability.on_screen import notifications, screen_text, wait_loaded
from tui.app import CasereaderApp
from tui.launch import prepare
from tui.screens.document import DocumentScreen
from tui.widgets.document_view import DocumentView

SIZE = (120, 36)
REPORT = (
    "Children's services inspection\n\n"
    "Attendance was 58%, slightly above the national average, and rising. "
    "Leaders know their services well.\n\n"
    "- Staff turnover remains high in the assessment team.\n"
    "- Caseloads are heavy.\n\n"
    "Managers have a clear plan for improvement."
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b-minutes.txt").write_text("Minutes\n\nThe panel met.", encoding="utf-8")
    return folder


@pytest.fixture
def session(corpus: Path, tmp_path: Path):
    made = prepare(options([str(corpus)], tmp_path / "store"))
    yield made
    made.store.close()


async def open_report(app: CasereaderApp, pilot) -> DocumentView:
    await wait_loaded(app, pilot)
    app.open_document("a-report.txt", 0)
    await pilot.pause()
    assert isinstance(app.screen, DocumentScreen)
    return app.screen.query_one("#view", DocumentView)


def quotes(session) -> list[tuple[str, tuple[str, ...]]]:
    return [(a.exact, a.codes) for a in session.store.annotations()]


async def test_a_clause_costs_a_few_keys_and_a_bullet_leaves_its_dash_out(session) -> None:
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_report(app, pilot)
        await pilot.press("right_parenthesis", "w", "w", "a", "a", "1")  # 6 keys
        await pilot.pause()
        assert quotes(session) == [("58%, slightly above the national average", ("strength",))]
        await pilot.press("a", "3")  # the next clause
        await pilot.press("right_parenthesis", "s", "2")  # the next sentence
        await pilot.press("right_parenthesis", "s", "3")  # a bullet: no "- "
        await pilot.pause()
        assert [q for q, _ in quotes(session)][1:] == [
            "and rising.",
            "Leaders know their services well.",
            "Staff turnover remains high in the assessment team.",
        ]
        assert "strength" in screen_text(app)
        assert view.selection is None


async def test_a_wrong_code_is_replaced_in_one_step_and_a_last_code_key_warns(session) -> None:
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_report(app, pilot)
        await pilot.press("right_parenthesis", "S", "1")
        await pilot.pause()
        first = session.store.annotations()[0]
        await pilot.press("C")
        await pilot.pause()
        assert "change the code of" in " ".join(screen_text(app).split())  # the status line
        assert not notifications(app)  # no toast left over the text for the next document
        await pilot.press("3")  # fix: staffing, not strength
        await pilot.pause()
        fixed = session.store.get(first.id)
        assert fixed.codes == ("staffing",) and fixed.created == first.created
        assert "now staffing" in screen_text(app)
        await pilot.press("3")  # its only code's key again: the passage goes, and it says so
        await pilot.pause()
        assert session.store.annotations() == []
        assert "removed staffing and its passage (u undoes)" in screen_text(app)
        assert any("only code" in message for _severity, message in notifications(app))
        await pilot.press("u")
        await pilot.pause()
        assert session.store.get(first.id) is not None


async def test_a_passage_is_widened_merged_and_split_keeping_its_id(session) -> None:
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_report(app, pilot)
        await pilot.press("right_parenthesis", "s", "1")
        await pilot.pause()
        (sentence,) = session.store.annotations()
        session.store.update(sentence.id, note="check the figure")
        await pilot.press("S", "equals_sign")  # widen to the paragraph: 2 keys
        await pilot.pause()
        (wider,) = session.store.annotations()
        assert (wider.id, wider.note, wider.created) == (
            sentence.id,
            "check the figure",
            sentence.created,
        )
        assert wider.exact.endswith("Leaders know their services well.")
        assert "passage reshaped" in screen_text(app)
        # V then o and e: move the start, keep the end
        view.move_cursor(wider.start + 3)
        await pilot.press("V", "o", "w", "w", "equals_sign")
        await pilot.pause()
        assert session.store.get(sentence.id).exact.startswith("58%, slightly")
        # split at the cursor, then merge back
        view.move_cursor(REPORT.index("Leaders"))
        await pilot.press("vertical_line")
        await pilot.pause()
        head, tail = session.store.annotations()[0], session.store.annotations()[1]
        parts = sorted(session.store.annotations(), key=lambda a: a.start)
        assert [a.exact for a in parts][1] == "Leaders know their services well."
        assert parts[0].id == sentence.id and parts[1].note == "check the figure"
        assert {head.id, tail.id} == {a.id for a in parts}
        view.move_cursor(parts[0].start)
        await pilot.press("M")
        await pilot.pause()
        (merged,) = session.store.annotations()
        assert merged.id == sentence.id and merged.note == "check the figure"
        await pilot.press("u")
        await pilot.pause()
        assert len(session.store.annotations()) == 2


async def test_the_picker_ticks_several_codes_and_applies_them_at_once(session) -> None:
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_report(app, pilot)
        await pilot.press("right_parenthesis", "s", "t")
        await pilot.pause()
        assert "space ticks" in screen_text(app)
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()
        assert screen_text(app).count("✓") == 2
        await pilot.press("enter")
        await pilot.pause()
        assert quotes(session) == [
            (
                "Attendance was 58%, slightly above the national average, and rising.",
                ("strength", "staffing"),
            ),
        ]
        # on the passage: the picker shows its codes ticked; untick one, enter
        view = app.screen.query_one("#view", DocumentView)
        view.move_cursor(REPORT.index("Attendance") + 2)
        await pilot.press("t", "space", "enter")
        await pilot.pause()
        assert quotes(session)[0][1] == ("staffing",)


async def test_next_document_in_one_key_and_the_next_uncoded_paragraph(session) -> None:
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_report(app, pilot)
        await pilot.press("S", "1")  # the title paragraph coded
        await pilot.press("g")
        assert REPORT[view.cursor :].startswith("Attendance")
        await pilot.press("tab")  # the panel, on the passage under the cursor
        await pilot.press("tab")
        await pilot.press("greater_than_sign")  # 1 key
        await pilot.pause()
        assert app.screen.document.id == "b-minutes.txt"
        assert "The panel met." in screen_text(app)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert any("last document" in m for _s, m in notifications(app))
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert app.screen.document.id == "a-report.txt"
        # opened where it was left
        assert app.screen.query_one("#view", DocumentView).cursor == REPORT.index("Attendance")


async def test_a_document_opens_at_its_first_uncoded_paragraph_and_tab_lands_on_the_passage(
    session,
) -> None:
    from annotations.corpus import load_corpus

    document = load_corpus(session.root)["a-report.txt"]
    start = REPORT.index("Attendance")
    session.store.add(document, 0, 30, "strength", coder="tester")
    session.store.add(document, start, start + 18, "staffing", coder="tester")
    later = REPORT.index("Leaders")
    session.store.add(document, later, later + 7, "strength", coder="tester")
    app = CasereaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        app.open_document("a-report.txt")
        await pilot.pause()
        view = app.screen.query_one("#view", DocumentView)
        assert REPORT[view.cursor :].startswith("- Staff turnover")
        view.move_cursor(later + 2)
        await pilot.press("tab")
        await pilot.pause()
        panel = app.screen.query_one("#annotation-list")
        assert session.store.get(panel.highlighted).exact == "Leaders"
