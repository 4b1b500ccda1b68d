"""The codebook: lookups, the rules it keeps, and its changes saved and undone by the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.codebook import (
    DEFAULT_CODES,
    Code,
    Codebook,
    CodebookChange,
    CodebookError,
    CodebookHost,
    CodeInUseError,
    KeyTakenError,
    UnknownCodeError,
)
from annotations.corpus import Document
from annotations.model import Annotation
from annotations.store import AnnotationStore

TEXT = "Staff turnover remains high. Leaders know their services well. Plans are reviewed."


@pytest.fixture
def book() -> Codebook:
    return Codebook()


@pytest.fixture
def doc() -> Document:
    return Document.from_text("report.txt", TEXT)


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store") as opened:
        yield opened


def saved_codes(store: AnnotationStore) -> list[Code]:
    return AnnotationStore.open(store.location, read_only=True).codebook.codes


# --- lookups and rules (a codebook on its own) ---------------------------------------------


def test_the_default_codebook_has_the_three_codes_with_keys(book) -> None:
    assert [(c.id, c.key) for c in book] == [
        ("strength", "1"),
        ("area-for-improvement", "2"),
        ("staffing", "3"),
    ]
    assert book.codes == list(DEFAULT_CODES)


def test_resolve_accepts_an_id_or_a_name_in_any_case(book) -> None:
    assert book.resolve("area-for-improvement") == "area-for-improvement"
    assert book.resolve("Area for Improvement") == "area-for-improvement"


def test_resolve_of_an_unknown_code_is_one_clear_line(book) -> None:
    with pytest.raises(UnknownCodeError) as raised:
        book.resolve("morale")
    assert str(raised.value) == (
        "no code 'morale' in the codebook (codes: strength, area for improvement, staffing)"
    )
    assert isinstance(raised.value, KeyError)


def test_by_key_finds_the_code_for_a_keystroke(book) -> None:
    assert book.by_key("3").id == "staffing"
    assert book.by_key("9") is None


def test_add_makes_the_id_from_the_name(book) -> None:
    code = book.add("Multi-agency Working")
    assert code.id == "multi-agency-working"
    assert book.get("multi-agency working") == code


def test_add_gives_the_next_free_digit_key_and_an_unused_colour(book) -> None:
    code = book.add("Leadership")
    assert code.key == "4"
    assert code.colour not in {c.colour for c in DEFAULT_CODES}


def test_add_with_an_empty_key_gives_no_key(book) -> None:
    assert book.add("Leadership", key="").key is None


def test_add_keeps_ids_unique_when_names_slug_alike(book) -> None:
    book.rename("strength", "Strengths")
    assert book.add("Strength!").id == "strength-2"


def test_add_refuses_a_name_already_taken_in_any_case(book) -> None:
    with pytest.raises(CodebookError, match="already a code named “staffing”"):
        book.add("STAFFING")


def test_add_refuses_a_name_that_is_another_codes_id(book) -> None:
    book.rename("strength", "Strengths")
    with pytest.raises(CodebookError, match="is the id of code “Strengths”"):
        book.add("strength")


def test_add_refuses_a_key_held_by_another_code(book) -> None:
    with pytest.raises(KeyTakenError, match="key '1' already belongs to code “strength”"):
        book.add("Leadership", key="1")


def test_add_refuses_a_bad_colour(book) -> None:
    with pytest.raises(CodebookError, match="'bluish' is not a colour: write #RRGGBB or a"):
        book.add("Leadership", colour="bluish")
    assert book.add("Leadership", colour="red").colour == "#ff0000"  # a name is a colour


def test_add_with_a_parent_nests_the_code(book) -> None:
    child = book.add("Agency staff", parent="Staffing")
    assert child.parent == "staffing"
    assert book.children("staffing") == [child]


def test_rename_keeps_the_id(book) -> None:
    renamed = book.rename("staffing", "Workforce")
    assert (renamed.id, renamed.name) == ("staffing", "Workforce")
    assert book.resolve("workforce") == "staffing"


def test_rekey_to_a_taken_key_is_an_error_unless_swapping(book) -> None:
    with pytest.raises(KeyTakenError, match="swap"):
        book.rekey("staffing", "1")
    book.rekey("staffing", "1", swap=True)
    assert (book.get("staffing").key, book.get("strength").key) == ("1", "3")


def test_rekey_refuses_a_key_that_is_not_one_character(book) -> None:
    with pytest.raises(CodebookError, match="one printable character"):
        book.rekey("staffing", "ab")


def test_removing_a_parent_moves_its_children_up(book) -> None:
    book.add("Agency staff", parent="staffing")
    book.remove("staffing")
    assert book.get("agency-staff").parent is None


# --- changes through the store: saved, counted, undone ---------------------------------------


def test_added_code_is_saved_and_its_undo_removes_it(store) -> None:
    store.codebook.add("Leadership", colour="#112233")
    assert saved_codes(store)[-1].id == "leadership"
    assert store.undo() == "add code “Leadership”"
    assert "leadership" not in store.codebook
    assert [c.id for c in saved_codes(store)] == [c.id for c in DEFAULT_CODES]


def test_rename_is_saved_and_undone(store) -> None:
    store.codebook.rename("staffing", "Workforce")
    assert saved_codes(store)[2].name == "Workforce"
    assert store.undo() == "rename code “staffing” to “Workforce”"
    assert store.codebook.get("staffing").name == "staffing"
    assert saved_codes(store)[2].name == "staffing"


def test_recolour_is_saved_and_undone(store) -> None:
    store.codebook.recolour("staffing", "#ABCDEF")
    assert saved_codes(store)[2].colour == "#abcdef"
    store.undo()
    assert saved_codes(store)[2].colour == DEFAULT_CODES[2].colour


def test_rekey_swap_is_saved_and_undone_as_one_step(store) -> None:
    store.codebook.rekey("staffing", "1", swap=True)
    assert [c.key for c in saved_codes(store)] == ["3", "2", "1"]
    store.undo()
    assert [c.key for c in store.codebook] == ["1", "2", "3"]
    assert [c.key for c in saved_codes(store)] == ["1", "2", "3"]


def test_describe_is_saved_and_undone(store) -> None:
    store.codebook.describe("staffing", "Who does the work")
    assert saved_codes(store)[2].description == "Who does the work"
    store.undo()
    assert store.codebook.get("staffing").description == DEFAULT_CODES[2].description


def test_removing_an_unused_code_is_saved_and_undone(store) -> None:
    store.codebook.remove("area-for-improvement")
    assert [c.id for c in saved_codes(store)] == ["strength", "staffing"]
    store.undo()
    assert [c.id for c in saved_codes(store)] == [c.id for c in DEFAULT_CODES]


def test_removing_a_code_in_use_needs_a_decision_and_says_how_many(store, doc) -> None:
    store.add(doc, 0, 14, codes=["staffing"])
    store.add(doc, 29, 61, codes=["staffing", "strength"])
    with pytest.raises(CodeInUseError, match="tags 2 annotations") as raised:
        store.codebook.remove("staffing")
    assert raised.value.count == 2
    assert "staffing" in store.codebook
    assert store.code_counts()["staffing"] == 2


def test_remove_with_reassign_merges_codes_without_duplicates(store, doc) -> None:
    a = store.add(doc, 0, 14, codes=["staffing"])
    b = store.add(doc, 29, 61, codes=["staffing", "strength"])
    store.codebook.remove("staffing", reassign_to="strength")
    assert store.get(a.id).codes == ("strength",)
    assert store.get(b.id).codes == ("strength",)
    assert store.code_counts() == {"strength": 2, "area-for-improvement": 0}
    reader = AnnotationStore.open(store.location, read_only=True)
    assert [x.codes for x in reader.annotations()] == [("strength",), ("strength",)]


def test_remove_with_strip_drops_annotations_left_without_codes(store, doc) -> None:
    only = store.add(doc, 0, 14, codes=["staffing"])
    both = store.add(doc, 29, 61, codes=["staffing", "strength"])
    store.codebook.remove("staffing", strip=True)
    assert store.get(only.id) is None
    assert store.get(both.id).codes == ("strength",)


def test_undo_of_a_remove_with_strip_restores_code_and_annotations(store, doc) -> None:
    only = store.add(doc, 0, 14, codes=["staffing"])
    both = store.add(doc, 29, 61, codes=["staffing", "strength"])
    store.codebook.remove("staffing", strip=True)
    assert store.undo() == ("remove code “staffing” from 2 passages (1 left without codes removed)")
    assert store.annotations() == [only, both]
    assert "staffing" in store.codebook
    reader = AnnotationStore.open(store.location, read_only=True)
    assert reader.annotations() == [only, both]
    assert reader.codebook.get("staffing") is not None


def test_remove_refuses_reassigning_to_itself_or_both_choices(store) -> None:
    with pytest.raises(CodebookError, match="to itself"):
        store.codebook.remove("staffing", reassign_to="staffing")
    with pytest.raises(CodebookError, match="either reassign_to or strip"):
        store.codebook.remove("staffing", reassign_to="strength", strip=True)


def test_a_renamed_code_still_finds_its_annotations(store, doc) -> None:
    added = store.add(doc, 0, 14, codes=["staffing"])
    store.codebook.rename("staffing", "Workforce")
    assert store.annotations(code="Workforce") == [added]


# --- the codebook's host: the small public interface the store implements ---------------------


def test_a_host_gets_each_change_whole_and_the_codebook_shows_only_what_it_stored(doc) -> None:
    """The store is one host; any object with the three calls is another (here, a list)."""
    saved: list[CodebookChange] = []
    tagged = [Annotation("a1", doc.id, 0, 5, "Staff", "", " turnover", ("staffing",))]
    book = Codebook(
        DEFAULT_CODES,
        host=CodebookHost(
            check_writable=lambda: None,
            annotations_with_code=lambda code_id: [a for a in tagged if code_id in a.codes],
            save=saved.append,
        ),
    )
    book.remove("staffing", reassign_to="strength")
    [change] = saved
    assert change.description == "remove code “staffing” and recode 1 passage as “strength”"
    assert [c.id for c in change.before] == [c.id for c in DEFAULT_CODES]
    assert [c.id for c in change.after] == ["strength", "area-for-improvement"]
    [(before, after)] = change.edits
    assert before is tagged[0] and after is not None and after.codes == ("strength",)
    assert "staffing" in book  # not shown until the host stores it
    book.show(change.after)
    assert "staffing" not in book


def test_a_host_that_refuses_changes_stops_them_before_anything_is_checked() -> None:
    def refuse() -> None:
        raise CodebookError("read-only")

    book = Codebook(DEFAULT_CODES, host=CodebookHost(refuse, lambda _c: [], lambda _c: None))
    with pytest.raises(CodebookError, match="read-only"):
        book.add("Workload")
    assert len(book) == 3
