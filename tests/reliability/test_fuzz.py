"""Fuzzing with hypothesis: re-anchoring after random edits through the store on real files,
JSON import of randomly mutated exports, and the document view's offset/cell mapping.

The dateline engine's properties (never raises, never invents) are in
``tests/unit/test_dateline_properties.py``; the layout arithmetic under the document view in
``tests/unit/test_text_layout.py``. Examples: a few dozen per property in the normal run, ten
times more with CASEREADER_SOAK=1.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from annotations.anchoring import MIN_QUOTE_SIMILARITY, edit_distance
from annotations.corpus import Document, load_corpus
from annotations.interchange import FORMATS
from annotations.store import AnnotationStore, check_store
from tests.functional.test_document_view import Host
from tests.unit.test_import_json import DATELINE_KEYS
from tui.cli import main
from tui.widgets.document_view import GUTTER, DocumentView

SOAK = os.environ.get("CASEREADER_SOAK") == "1"


def examples(normal: int) -> settings:
    return settings(
        max_examples=normal * 10 if SOAK else normal,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# --- re-anchoring after random edits ----------------------------------------------------------

WORDS = (
    "staff", "turnover", "remains", "high", "leaders", "know", "their", "services", "well",
    "plans", "care", "leavers", "are", "reviewed", "the", "a", "of", "日本語", "e\u0301",
    "😀", "\t", "\n", "\n\n", ".", ",",
)  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), min_size=40, max_size=200).map(" ".join)
inserts = st.text(st.sampled_from("abc xyz.\n日é\u0301😀"), min_size=1, max_size=40)
edit = st.one_of(
    st.tuples(st.just("insert"), st.floats(0, 1), st.just(0), inserts),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 30), st.just("")),
    st.tuples(st.just("replace"), st.floats(0, 1), st.integers(1, 20), inserts),
)
spans = st.lists(st.tuples(st.floats(0, 1), st.integers(1, 50)), min_size=1, max_size=6)


def apply_edits(
    text: str, edits: list[tuple[str, float, int, str]], passages: list[tuple[int, int]]
) -> tuple[str, list[tuple[int, int] | None]]:
    """The edited text, and where each passage is now (None once an edit touched it or the
    32 characters of context either side)."""
    where: list[tuple[int, int] | None] = list(passages)
    for _kind, at, length, insert in edits:
        start = int(at * len(text))
        end = min(len(text), start + length)
        text = text[:start] + insert + text[end:]
        shift = len(insert) - (end - start)
        for n, place in enumerate(where):
            if place is None:
                continue
            a, b = place
            if end <= a - 32 or (start == end and start <= a - 32):
                where[n] = (a + shift, b + shift)
            elif start >= b + 32:
                continue
            else:
                where[n] = None
    return text, where


@examples(40)
@given(text=texts, chosen=spans, edits=st.lists(edit, min_size=1, max_size=4))
def test_reanchoring_after_random_edits_never_points_at_other_text(
    text: str, chosen: list[tuple[float, int]], edits: list[tuple[str, float, int, str]]
) -> None:
    passages = []
    for at, length in chosen:
        start = min(int(at * len(text)), len(text) - 1)
        passages.append((start, min(len(text), start + length)))
    before = Document.from_text("report.txt", text)
    new_text, tracked = apply_edits(text, edits, passages)
    assume(new_text != text)
    after = Document.from_text("report.txt", new_text)
    with tempfile.TemporaryDirectory() as folder:
        with AnnotationStore.open(folder) as store:
            old = [store.add(before, a, b, codes="staffing") for a, b in passages]
            report = store.reanchor(after)
            in_memory = store.annotations()
        with AnnotationStore.open(folder, read_only=True) as reopened:
            on_disk = {a.id: a for a in reopened.annotations()}
            assert sorted(on_disk.values(), key=lambda a: a.id) == sorted(
                in_memory, key=lambda a: a.id
            )
            assert reopened.document_hash("report.txt") == after.sha256
        assert check_store(folder) == []
    statuses = [on_disk[a.id].status for a in old]
    assert (report.anchored, report.moved, report.orphan) == (
        statuses.count("anchored"),
        statuses.count("moved"),
        statuses.count("orphan"),
    )
    for original, place in zip(old, tracked, strict=True):
        now = on_disk[original.id]
        event(f"passage {now.status}, {'untouched' if place else 'touched'}")
        if now.status == "orphan":
            assert (now.start, now.end, now.exact) == (original.start, original.end, original.exact)
            # Only a passage whose text or context an edit touched may be lost, or one whose
            # text occurs elsewhere too (then we cannot tell which one it was).
            assert place is None or new_text.count(original.exact) != 1
            continue
        assert new_text[now.start : now.end] == now.exact, "points at other text"
        assert (now.prefix, now.suffix) == (
            new_text[max(0, now.start - 32) : now.start],
            new_text[now.end : now.end + 32],
        )
        if now.status == "anchored":
            assert now.exact == original.exact and now.start == original.start
        elif now.exact != original.exact:  # an edit inside: still mostly the same words
            distance = edit_distance(now.exact, original.exact)
            longer = max(len(now.exact), len(original.exact))
            assert 1 - distance / longer >= MIN_QUOTE_SIMILARITY
        if place is not None and new_text.count(original.exact) == 1:
            assert (now.start, now.end, now.exact) == (*place, original.exact)


# --- JSON import of mutated exports -----------------------------------------------------------

TEXTS = {
    "a.txt": "Staff turnover is high. Caseloads are unmanageable.\n",
    "b.txt": "Oxford,\n01\nFebruary\n2019\n|\n13:34\nEurope/London\n\nA dated report on staff.\n",
}


@pytest.fixture(scope="module")
def valid_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """A corpus, its store, and a valid export of it with two documents, a child code and a
    dateline: (corpus, pristine store, export)."""
    root = tmp_path_factory.mktemp("import")
    corpus_folder = root / "corpus"
    corpus_folder.mkdir()
    for name, text in TEXTS.items():
        (corpus_folder / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(corpus_folder)
    store = root / "store"
    with AnnotationStore.open(store) as opened:
        opened.codebook.add("Caseloads", colour="#112233", key="c", parent="staffing")
        opened.add(corpus["a.txt"], 0, 23, ["staffing"], note="one", coder="ana")
        opened.add(corpus["a.txt"], 10, 50, ["caseloads", "strength"], coder="ben")
        dated = corpus["b.txt"].text.index("A dated")
        opened.add(corpus["b.txt"], dated, dated + 14, ["area for improvement"])
    target = root / "export.json"
    argv = ["export", str(corpus_folder), "--store", str(store), "--format", "json"]
    assert main([*argv, "-o", str(target)]) == 0
    pristine = root / "pristine"
    with AnnotationStore.open(pristine) as opened:
        opened.add(corpus["a.txt"], 5, 14, ["strength"], note="already here")
    return corpus_folder, pristine, json.loads(target.read_bytes())


def store_bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def import_file(corpus: Path, pristine: Path, payload: bytes) -> tuple[int, str, bool]:
    """Import ``payload`` into a copy of the pristine store: (status, stderr, store unchanged).

    Anything but a clean 0 or 2 (a traceback) fails the test where it is raised.
    """
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        shutil.copytree(pristine, store)
        before = store_bytes(store)
        file = Path(folder) / "mutated.json"
        file.write_bytes(payload)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(["import", str(file), str(corpus), "--store", str(store)])
        unchanged = store_bytes(store) == before
        if status == 0:  # what was let in is sound, and every format exports it again
            assert check_store(store) == []
            for format in FORMATS:
                argv = ["export", str(corpus), "--store", str(store), "--format", format]
                with contextlib.redirect_stderr(err):
                    assert main([*argv, "-o", f"{folder}/again.{format}"]) == 0, err.getvalue()
    return status, err.getvalue(), unchanged


def assert_clean_outcome(status: int, err: str, unchanged: bool) -> None:
    assert status in (0, 2), err
    if status == 2:
        assert err.count("\n") == 1 and err.startswith("casereader: "), err
        assert unchanged, f"a refused import changed the store: {err}"


any_text = st.text(st.characters(exclude_categories=()), max_size=20)  # surrogates too
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | any_text,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``value`` (the root excluded)."""
    found = []
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        found.append((*path, key))
        found.extend(places(child, (*path, key)))
    return found


def at(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated(draw: st.DrawFn, valid: dict[str, Any]) -> dict[str, Any]:
    """The export with one to three random changes: a value replaced, a key dropped or added,
    a list item duplicated or dropped, a string or number nudged."""
    document = copy.deepcopy(valid)
    for _ in range(draw(st.integers(1, 3))):
        paths = places(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = at(document, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "drop", "add", "duplicate", "nudge"]))
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "drop":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(any_text)] = draw(json_values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif isinstance(parent[key], str):
            nudged = ["", parent[key] * 2, parent[key][:-1], "\x00", "\ud800", parent[key] + "😀"]
            parent[key] = draw(st.sampled_from(nudged))
        elif isinstance(parent[key], int) and not isinstance(parent[key], bool):
            parent[key] = parent[key] + draw(st.sampled_from([-1, 1, 10**6, -(10**6)]))
    return document


@examples(80)
@given(data=st.data())
def test_mutated_exports_import_cleanly_or_are_refused_leaving_the_store_alone(
    valid_export, data: st.DataObject
) -> None:
    corpus, pristine, valid = valid_export
    document = data.draw(mutated(valid))
    payload = json.dumps(document, ensure_ascii=data.draw(st.booleans()))
    payload = payload.encode("utf-8", "surrogatepass")  # unpaired: not UTF-8, to be refused
    status, err, unchanged = import_file(corpus, pristine, payload)
    event("imported" if status == 0 else "refused")
    assert_clean_outcome(status, err, unchanged)


@examples(40)
@given(data=st.data())
def test_damaged_bytes_of_an_export_are_refused_leaving_the_store_alone(
    valid_export, data: st.DataObject
) -> None:
    corpus, pristine, valid = valid_export
    payload = bytearray(json.dumps(valid).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(payload) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            payload[position] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del payload[position:]
        else:
            payload[position:position] = data.draw(st.binary(min_size=1, max_size=8))
        if not payload:
            break
    assert_clean_outcome(*import_file(corpus, pristine, bytes(payload)))


def test_every_field_set_to_every_wrong_type_is_refused_or_imported_through_the_command(
    valid_export,
) -> None:
    """The unit tests check the parser refuses each wrong type; this runs each through
    ``casereader import`` against a real store, which must be left byte for byte alone."""
    corpus, pristine, valid = valid_export
    wrong = [None, True, -1, 1.5, "text", "", [], {}, ["x"], {"a": 1}]
    paths: list[tuple] = [(key,) for key in valid]
    paths += [("documents", 0, key) for key in valid["documents"][0]]
    paths += [
        ("documents", 0, "annotations", 0, key) for key in valid["documents"][0]["annotations"][0]
    ]
    paths += [("codebook", 3, key) for key in valid["codebook"][3]]
    dated = next(i for i, d in enumerate(valid["documents"]) if d["dateline"])
    paths += [("documents", dated, "dateline", key) for key in DATELINE_KEYS]
    outcomes = {0: 0, 2: 0}
    for path in paths:
        for value in wrong:
            document = copy.deepcopy(valid)
            at(document, path[:-1])[path[-1]] = value
            status, err, unchanged = import_file(corpus, pristine, json.dumps(document).encode())
            assert_clean_outcome(status, err, unchanged)
            outcomes[status] += 1
    assert outcomes[2] > 300 and sum(outcomes.values()) == len(paths) * len(wrong)


# --- the document view: offsets and cells -----------------------------------------------------

view_texts = st.text(
    st.sampled_from([*"ab .\n\t", "日", "本", "e", "\u0301", "😀", "\u200d", "\x1b", "\u202e"]),
    max_size=80,
)


def cursor_cell(view: DocumentView) -> tuple[int, int, int] | None:
    """Where the cursor is drawn: (x, y, width) of the one reversed cell run on screen."""
    for y in range(view.size.height):
        x = 0
        for segment in view.render_line(y):
            width = cell_len(segment.text)
            if segment.style is not None and segment.style.reverse:
                return x, y, width
            x += width
    return None


async def test_the_cursor_is_drawn_where_the_mouse_puts_it_and_back() -> None:
    """For random texts (wide, combining, emoji, ZWJ, tabs, controls, bidi overrides): the cell
    drawn reversed for the cursor at any position maps back to that position (``offset_at``),
    and a click on any cell of the text puts the cursor on the cluster drawn under it."""
    app = Host("")
    async with app.run_test(size=(24, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(DocumentView)

        checked = []

        @examples(40)
        @given(text=view_texts)
        def check(text: str) -> None:
            checked.append(text)
            view.load(text)
            layout = view._layout_now()
            for position in sorted({layout.snap(i) for i in range(len(text) + 1)}):
                view.move_cursor(position)
                drawn = cursor_cell(view)
                assert drawn is not None, (text, position)
                assert view.offset_at(drawn[0], drawn[1]) == position, (text, position, drawn)
            for y in range(layout.total_rows):
                for x in range(GUTTER, view.scrollable_content_region.width):
                    position = view.offset_at(x, y)
                    view.move_cursor(position)
                    drawn = cursor_cell(view)
                    assert drawn is not None and drawn[1] == y, (text, x, y, drawn)
                    left, _y, width = drawn
                    assert left <= x, (text, x, y, drawn)
                    if position < len(text) and text[position] != "\n":
                        assert x < left + width or x >= GUTTER + layout.line_layout(
                            layout.locate(y)[0]
                        ).row_cells(layout.locate(y)[1]), (text, x, y, drawn)

        check()
        assert len(checked) >= 20
