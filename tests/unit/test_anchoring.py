"""Re-anchoring finds a passage again after its document's text changed, or says it cannot."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchoring import (
    anchor,
    approximate_matches,
    edit_distance,
    end_distances,
    reanchor_annotation,
    reanchor_annotations,
)
from annotations.model import Annotation, quote

REPORT = (
    "Ofsted visited the service in March.\n\n"
    "Inspectors found that staffing levels were a concern in the east team, where agency "
    "workers covered a third of posts.\n\n"
    "Leaders have a clear plan. Children are seen regularly and their plans are reviewed.\n\n"
    "The council said recruitment would continue through the summer."
)
PASSAGE = "staffing levels were a concern in the east team"


def at(text: str, start: int, end: int) -> Annotation:
    exact, prefix, suffix = quote(text, start, end)
    return Annotation("a1", "doc.txt", start, end, exact, prefix, suffix, ("x",))


def annotate(text: str, passage: str, occurrence: int = 0) -> Annotation:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return at(text, start, start + len(passage))


def naive_end_distances(pattern: str, text: str) -> list[int]:
    previous = list(range(len(pattern) + 1))
    scores = []
    for char in text:
        row = [0]
        for i, p in enumerate(pattern, start=1):
            row.append(min(previous[i] + 1, row[i - 1] + 1, previous[i - 1] + (p != char)))
        scores.append(row[-1])
        previous = row
    return scores


def naive_edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        row = [i]
        for j, y in enumerate(b, start=1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = row
    return previous[-1]


@given(st.text("abc", max_size=12), st.text("abc", max_size=30))
def test_end_distances_agree_with_the_textbook_algorithm(pattern: str, text: str) -> None:
    expected = naive_end_distances(pattern, text) if pattern else [0] * len(text)
    assert end_distances(pattern, text) == expected


@given(st.text("abcd", max_size=15), st.text("abcd", max_size=15))
def test_edit_distance_agrees_with_the_textbook_algorithm(a: str, b: str) -> None:
    assert edit_distance(a, b) == naive_edit_distance(a, b)


def test_approximate_matches_find_a_misspelt_word_with_its_edit_count() -> None:
    assert approximate_matches("hello", "xxhelxloyy", 2) == [(2, 8, 1)]


def test_an_unchanged_text_keeps_the_offsets() -> None:
    old = annotate(REPORT, PASSAGE)
    assert anchor(REPORT, old).status == "anchored"
    assert (anchor(REPORT, old).start, anchor(REPORT, old).end) == (old.start, old.end)


def test_text_inserted_before_the_passage_moves_it_by_that_much() -> None:
    old = annotate(REPORT, PASSAGE)
    inserted = "UPDATED 4 April: this report was corrected.\n\n"
    place = anchor(inserted + REPORT, old)
    assert place.status == "moved"
    assert (place.start, place.end) == (old.start + len(inserted), old.end + len(inserted))


def test_an_edit_inside_the_passage_keeps_it_whole() -> None:
    old = annotate(REPORT, PASSAGE)
    edited = REPORT.replace("were a concern", "were a serious concern")
    new = reanchor_annotation(edited, old)
    assert new.status == "moved"
    assert new.exact == "staffing levels were a serious concern in the east team"
    assert edited[new.start : new.end] == new.exact


def test_a_moved_paragraph_is_found_where_it_went() -> None:
    paragraph = REPORT.split("\n\n")[2]
    old = annotate(REPORT, paragraph)
    moved = REPORT.replace(paragraph + "\n\n", "") + "\n\n" + paragraph
    new = reanchor_annotation(moved, old)
    assert new.status == "moved"
    assert moved[new.start : new.end] == paragraph
    assert new.start == moved.rindex(paragraph)


def test_a_deleted_passage_becomes_an_orphan_with_its_old_offsets() -> None:
    sentence = (
        "Inspectors found that staffing levels were a concern in the east team, where agency "
        "workers covered a third of posts.\n\n"
    )
    old = annotate(REPORT, PASSAGE)
    new = reanchor_annotation(REPORT.replace(sentence, ""), old)
    assert new.status == "orphan"
    assert (new.start, new.end, new.exact) == (old.start, old.end, old.exact)


def test_a_repeated_phrase_is_told_apart_by_its_context() -> None:
    text = (
        "North team: caseloads are too high for newly qualified staff. Managers know.\n"
        "South team: caseloads are too high for newly qualified staff. Nobody acts.\n"
    )
    old = annotate(text, "caseloads are too high", occurrence=1)
    changed = "Summary first.\n" + text.replace("North team:", "The north team, by contrast:")
    new = reanchor_annotation(changed, old)
    assert new.status == "moved"
    assert new.start == changed.index("caseloads are too high", changed.index("South"))


def test_a_short_quote_is_not_pinned_on_the_same_words_elsewhere() -> None:
    text = "Staff morale is good. The plan covers training and supervision for all."
    old = annotate(text, "good")
    changed = "The plan covers training and supervision for all. Outcomes are good for children."
    assert reanchor_annotation(changed, old).status == "orphan"


def test_offsets_count_code_points_with_emoji_and_combining_marks() -> None:
    text = "Cafe\u0301 review 🙂: 児童相談所 staffing is stretched across the borough."
    old = annotate(text, "児童相談所 staffing is stretched")
    changed = "👍🏽 " + text
    new = reanchor_annotation(changed, old)
    assert new.status == "moved"
    assert new.start == old.start + 3
    assert changed[new.start : new.end] == old.exact


def test_the_report_counts_each_outcome() -> None:
    kept = annotate(REPORT, "Leaders have a clear plan")
    gone = annotate(REPORT, PASSAGE)
    changed = "New intro.\n" + REPORT.replace(PASSAGE, "")
    results, report = reanchor_annotations("doc.txt", changed, [kept, gone])
    assert (report.anchored, report.moved, report.orphan) == (0, 1, 1)
    assert report.orphan_ids == (gone.id,)
    assert [a.status for a in results] == ["moved", "orphan"]


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 300),
    st.integers(1, 60),
    st.integers(0, 400),
    st.integers(0, 40),
    st.text("abc xyz.", max_size=40),
)
def test_a_placed_passage_always_points_at_its_own_quote(
    start: int, length: int, cut: int, removed: int, inserted: str
) -> None:
    start = min(start, len(REPORT) - length)
    old = at(REPORT, start, start + length)
    changed = REPORT[:cut] + inserted + REPORT[cut + removed :]
    new = reanchor_annotation(changed, old)
    if new.status == "orphan":
        assert (new.start, new.end, new.exact) == (old.start, old.end, old.exact)
    else:
        assert changed[new.start : new.end] == new.exact
        assert quote(changed, new.start, new.end) == (new.exact, new.prefix, new.suffix)
