"""A file casereader cannot import is refused with one line that says what it is and what
would be read, never "not valid JSON" for a file that was never meant to be JSON."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from annotations.store import AnnotationStore
from tui.cli import main


def refused(tmp_path: Path, capsys, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["import", str(path), "--store", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "JSON" not in err.split(";")[0]
    assert not (tmp_path / "s").exists()
    return err


@pytest.mark.parametrize("data", [b"", b"hello, this is text\n"])
def test_a_qdpx_that_is_not_a_zip_says_so(tmp_path, capsys, data):
    err = refused(tmp_path, capsys, "p.qdpx", data)
    assert "not a project" in err and ("is empty" in err or "not a zip archive" in err)


def test_a_semicolon_csv_says_a_codebook_csv_is_comma_separated(tmp_path, capsys):
    err = refused(tmp_path, capsys, "codes.csv", b"tag;description\nstaffing;who works\n")
    assert "separated by ';'; a codebook CSV is comma-separated" in err


def test_a_file_of_no_known_kind_says_what_would_be_read(tmp_path, capsys):
    err = refused(tmp_path, capsys, "notes.txt", b"Some notes\n")
    assert "is not a file casereader imports" in err and "Taguette codebook CSV" in err


def test_two_qde_files_and_no_project_qde_are_named(tmp_path, capsys):
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("first.qde", "<Project/>")
        archive.writestr("second.qde", "<Project/>")
    assert main(["import", str(path), str(tmp_path / "c"), "--store", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "2 other .qde files ('first.qde', 'second.qde')" in err


def test_a_bare_project_xml_says_to_import_the_qdpx(tmp_path, capsys):
    data = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'
    err = refused(tmp_path, capsys, "Project.qde", data)
    assert "the XML of a REFI-QDA project" in err and "import the .qdpx" in err


def test_a_taguette_row_without_a_tag_is_listed_and_the_rest_imported(tmp_path, capsys):
    path = tmp_path / "codes.csv"
    path.write_text("tag,description\ninteresting,Worth it\n,orphan description\nquote,\n")
    store = tmp_path / "s"
    assert main(["import", str(path), "--store", str(store), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["not_imported"] == [
        {"what": "row 3 (',orphan description')", "reason": "it has no tag name"}
    ]
    with AnnotationStore.open(store, read_only=True) as opened:
        assert {"interesting", "quote"} <= {c.name for c in opened.codebook.codes}
