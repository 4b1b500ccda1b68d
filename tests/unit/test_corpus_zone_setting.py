"""The corpus's zone saved from the app: casereader.toml edited, the rest of it kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.dateline.setting import zone_setting
from annotations.errors import CasereaderError
from tui.settings import save_corpus_zone


def test_a_new_file_gets_the_section(tmp_path: Path) -> None:
    save_corpus_zone(tmp_path, "Australia/Hobart")
    assert zone_setting(tmp_path) == "Australia/Hobart"


def test_other_settings_and_comments_are_kept_and_the_zone_replaced_or_removed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "casereader.toml"
    path.write_text(
        '# our corpus\n[datelines]\nzone = "Europe/Paris"  # old\n\n[other]\nkey = 1\n',
        encoding="utf-8",
    )
    save_corpus_zone(tmp_path, "Asia/Tokyo")
    text = path.read_text(encoding="utf-8")
    assert "# our corpus" in text and "[other]\nkey = 1" in text and "Paris" not in text
    assert zone_setting(tmp_path) == "Asia/Tokyo"
    save_corpus_zone(tmp_path, None)
    assert zone_setting(tmp_path) is None
    assert "[other]\nkey = 1" in path.read_text(encoding="utf-8")


def test_a_section_without_a_zone_gets_one(tmp_path: Path) -> None:
    (tmp_path / "casereader.toml").write_text("[datelines]\n[other]\nkey = 1", encoding="utf-8")
    save_corpus_zone(tmp_path, "UTC+05:30")
    assert zone_setting(tmp_path) == "UTC+05:30"


def test_a_broken_file_is_one_line_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "casereader.toml"
    path.write_text("[datelines\nzone = ", encoding="utf-8")
    with pytest.raises(CasereaderError, match="cannot read the corpus settings"):
        save_corpus_zone(tmp_path, "Asia/Tokyo")
    assert path.read_text(encoding="utf-8") == "[datelines\nzone = "


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root may write to any folder")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(CasereaderError, match="cannot save the corpus's zone"):
            save_corpus_zone(tmp_path, "Asia/Tokyo")
    finally:
        tmp_path.chmod(0o700)
