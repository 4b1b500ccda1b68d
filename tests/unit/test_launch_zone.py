"""``--zone`` on the command line is the user's setting, even when it names the default."""

from __future__ import annotations

from pathlib import Path

from tui.cli import app_parser
from tui.launch import prepare


def zone_of(tmp_path: Path, *args: str) -> object:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    (tmp_path / "corpus" / "a.txt").write_text("A title\n\nPublished 3 March 2021 at 10:00\n")
    (tmp_path / "corpus" / "casereader.toml").write_text('[datelines]\nzone = "Asia/Tokyo"\n')
    options = app_parser().parse_args(
        [str(tmp_path / "corpus"), "--store", str(tmp_path / "store"), *args]
    )
    session = prepare(options)
    try:
        return session.zone
    finally:
        session.store.close()


def test_an_explicit_default_zone_is_a_setting_and_beats_the_corpus_file(tmp_path: Path) -> None:
    zone = zone_of(tmp_path, "--zone", "Europe/London")
    assert str(zone) == "setting:Europe/London"


def test_without_zone_the_corpus_file_is_the_setting(tmp_path: Path) -> None:
    assert str(zone_of(tmp_path)) == "setting:Asia/Tokyo"
