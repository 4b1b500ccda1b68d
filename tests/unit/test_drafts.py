"""Note drafts in the store folder: kept durably, read back, dropped; a drafts file that is a
link, not a file, or damaged is refused with its name and never overwritten."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotations.drafts import (
    DRAFTS_FILE,
    DraftsError,
    drop_draft,
    keep_draft,
    read_drafts,
)


def test_a_kept_draft_reads_back_and_is_plain_json(tmp_path: Path) -> None:
    kept = keep_draft(tmp_path, "a1", "doc.txt", "half a thought\nand more")
    assert read_drafts(tmp_path) == {"a1": kept}
    data = json.loads((tmp_path / DRAFTS_FILE).read_text(encoding="utf-8"))
    assert data["format"] == "casereader-note-drafts"
    assert data["drafts"]["a1"]["text"] == "half a thought\nand more"
    assert kept.saved.endswith("Z")


def test_no_file_means_no_drafts(tmp_path: Path) -> None:
    assert read_drafts(tmp_path) == {}
    drop_draft(tmp_path, "nothing")  # nothing to drop is no error
    assert not (tmp_path / DRAFTS_FILE).exists()


def test_dropping_one_draft_keeps_the_others_and_the_last_removes_the_file(
    tmp_path: Path,
) -> None:
    keep_draft(tmp_path, "a1", "doc.txt", "one")
    keep_draft(tmp_path, "a2", "doc.txt", "two")
    drop_draft(tmp_path, "a1")
    assert list(read_drafts(tmp_path)) == ["a2"]
    drop_draft(tmp_path, "a2")
    assert not (tmp_path / DRAFTS_FILE).exists()


def test_a_drafts_file_that_is_a_link_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("precious", encoding="utf-8")
    (tmp_path / DRAFTS_FILE).symlink_to(target)
    with pytest.raises(DraftsError, match=f"{DRAFTS_FILE}: a symbolic link"):
        read_drafts(tmp_path)
    with pytest.raises(DraftsError):
        keep_draft(tmp_path, "a1", "doc.txt", "text")
    assert target.read_text(encoding="utf-8") == "precious"
    assert (tmp_path / DRAFTS_FILE).is_symlink()


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"format": "something else"}',
        b"\xff\xfe",
        b'{"format": "casereader-note-drafts", "version": 1, "drafts": {"a": {"text": 3}}}',
    ],
)
def test_a_damaged_drafts_file_is_named_and_never_overwritten(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / DRAFTS_FILE
    path.write_bytes(content)
    with pytest.raises(DraftsError) as raised:
        keep_draft(tmp_path, "a1", "doc.txt", "new text")
    message = str(raised.value)
    assert str(path) in message and "\n" not in message
    with pytest.raises(DraftsError):
        drop_draft(tmp_path, "a1")
    assert path.read_bytes() == content


def test_drafts_from_a_newer_casereader_are_left_alone(tmp_path: Path) -> None:
    path = tmp_path / DRAFTS_FILE
    content = b'{"format": "casereader-note-drafts", "version": 99, "drafts": {}}'
    path.write_bytes(content)
    with pytest.raises(DraftsError, match="newer casereader"):
        keep_draft(tmp_path, "a1", "doc.txt", "text")
    assert path.read_bytes() == content


def test_a_folder_or_fifo_in_place_of_the_drafts_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / DRAFTS_FILE).mkdir()
    with pytest.raises(DraftsError, match="a folder where a file should be"):
        read_drafts(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    os.mkfifo(other / DRAFTS_FILE)
    with pytest.raises(DraftsError, match="not a regular file"):
        read_drafts(other)  # and it does not hang waiting for a writer
