"""The reports screen's comparison names each side by its coders, not by a path."""

from __future__ import annotations

from pathlib import Path

from annotations.model import Annotation
from tui.screens.comparison import side_labels

THEIRS = Path("/shared/team/ben.json")


def passage(coder: str | None) -> Annotation:
    return Annotation(
        id=f"id-{coder}",
        document="d.txt",
        start=0,
        end=4,
        exact="text",
        prefix="",
        suffix="",
        codes=("strength",),
        coder=coder,
    )


def test_each_side_by_its_coder_names() -> None:
    mine = [passage("ana")]
    theirs = [passage("ben"), passage("cai"), passage("ben")]
    assert side_labels(mine, theirs, THEIRS) == ("ana (this store)", "ben, cai")


def test_a_side_without_names_keeps_what_identifies_it() -> None:
    assert side_labels([passage(None)], [passage("")], THEIRS) == ("this store", str(THEIRS))


def test_the_same_name_on_both_sides_is_told_apart_by_the_colleagues_path() -> None:
    # two coders who both kept the default name (their login) on a shared server
    mine, theirs = [passage("coder")], [passage("coder")]
    assert side_labels(mine, theirs, THEIRS) == ("coder (this store)", f"coder ({THEIRS})")
