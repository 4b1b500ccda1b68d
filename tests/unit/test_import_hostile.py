"""Hostile files: zips that climb out, link out or explode; XML that expands or reaches out.

Each is refused with one line, before anything is written, and the store is left unchanged.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from annotations.interchange.importing import read_import
from annotations.safety import (
    MAX_JSON_DEPTH,
    SafeZip,
    UnsafeFileError,
    json_depth,
    load_json,
    parse_xml,
    parse_xml_stdlib,
    unsafe_member_name,
)
from annotations.store import AnnotationStore
from tests.unit.test_import_json import snapshot
from tests.unit.test_import_qdpx import INTERVIEW, SOURCE, other_tool_project, write_qdpx
from tui.cli import main

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""

# A DOCTYPE hidden behind 70 kB of comment, past any quick look at the file's head.
LATE_DOCTYPE = b'<?xml version="1.0"?>\n<!--' + b"x" * 70_000 + b"-->" + EXTERNAL_ENTITY[22:]


def archive(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as handle:
        for info, data in entries:
            handle.writestr(info, data)
    return path


def symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with something in it, to show hostile imports leave it as it was."""
    from annotations.corpus import load_corpus
    from tests.unit.test_export_json import write_corpus

    root = tmp_path / "corpus"
    write_corpus(root, {"a.txt": "Some text to code.\n"})
    with AnnotationStore.open(tmp_path / "store") as opened:
        opened.add(load_corpus(root)["a.txt"], 0, 4, ["staffing"])
    return tmp_path / "store"


VALID_PROJECT = other_tool_project().encode()
SOURCE_ENTRY = (f"sources/{SOURCE}.txt", INTERVIEW.encode())


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("project.qde", VALID_PROJECT), ("../evil.txt", b"x")], "a '..' path"),
        ([("project.qde", VALID_PROJECT), ("sources/../../evil.txt", b"x")], "a '..' path"),
        ([("project.qde", VALID_PROJECT), ("/etc/cron.d/evil", b"x")], "an absolute path"),
        ([("project.qde", VALID_PROJECT), ("C:\\evil.txt", b"x")], "an absolute path"),
        ([("project.qde", VALID_PROJECT), symlink("sources/link.txt", "/etc/passwd")], "symbolic"),
        ([("project.qde", b"\0" * (30 << 20))], "zip bomb"),
        ([("project.qde", BILLION_LAUGHS), SOURCE_ENTRY], "DOCTYPE"),
        ([("project.qde", EXTERNAL_ENTITY), SOURCE_ENTRY], "DOCTYPE"),
        ([("project.qde", LATE_DOCTYPE), SOURCE_ENTRY], "DOCTYPE"),
        ([("project.qde", b"<Project><unclosed></Project>")], "not well-formed XML"),
        ([("other.xml", b"<x/>")], "no project.qde inside"),
        ([("project.qde", b'<Codebook xmlns="urn:x"/>')], "not a REFI-QDA project"),
    ],
    ids=[
        "dotdot",
        "nested-dotdot",
        "absolute",
        "drive",
        "symlink",
        "bomb",
        "billion-laughs",
        "external-entity",
        "late-doctype",
        "malformed-xml",
        "no-project",
        "wrong-root",
    ],
)
def test_hostile_projects_are_refused_and_change_nothing(tmp_path, store, capsys, entries, message):
    path = archive(tmp_path / "hostile.qdpx", entries)
    before = snapshot(store)
    assert main(["import", str(path), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert snapshot(store) == before
    assert not (tmp_path / "hostile").exists()


def test_a_file_that_only_looks_like_a_zip_is_refused(tmp_path):
    path = tmp_path / "fake.qdpx"
    path.write_bytes(b"PK\x03\x04 and then nonsense")
    with pytest.raises(UnsafeFileError, match="not a zip archive"):
        read_import(path)


def test_an_entry_is_never_inflated_past_its_declared_size(tmp_path):
    path = archive(tmp_path / "p.zip", [("a.txt", b"a" * 1000)])
    with SafeZip(path) as safe:
        safe.members["a.txt"] = type(safe.members["a.txt"])("a.txt", 10)
        with pytest.raises(UnsafeFileError, match="inflates past its declared size"):
            safe.read("a.txt")


def test_a_sane_archive_reads_back(tmp_path):
    path = write_qdpx(tmp_path / "ok.qdpx", other_tool_project())
    with SafeZip(path) as safe:
        assert safe.find("PROJECT.QDE") == "project.qde"
        assert safe.read(f"sources/{SOURCE}.txt") == INTERVIEW.encode()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("a/b.txt", None),
        ("sources/x..y.txt", None),
        ("../x", "a '..' path"),
        ("a/../../x", "a '..' path"),
        ("a\\..\\..\\x", "a '..' path"),
        ("/x", "an absolute path"),
        ("\\x", "an absolute path"),
        ("D:x", "an absolute path"),
        ("a\x00b", "an empty or NUL name"),
    ],
)
def test_entry_names_are_judged(name, reason):
    assert unsafe_member_name(name) == reason


# --- XML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("parse", [parse_xml, parse_xml_stdlib], ids=["lxml", "stdlib"])
@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, EXTERNAL_ENTITY, LATE_DOCTYPE], ids=["laughs", "external", "late"]
)
def test_both_xml_parsers_refuse_doctypes(parse, data):
    with pytest.raises(UnsafeFileError, match="DOCTYPE"):
        parse(data, "project.qde")


@pytest.mark.parametrize("parse", [parse_xml, parse_xml_stdlib], ids=["lxml", "stdlib"])
def test_both_xml_parsers_read_namespaced_elements_alike(parse):
    root = parse(b'<P xmlns="urn:a" name="x"><C guid="1">t&amp;x</C></P>', "f")
    assert root.tag == "{urn:a}P" and root.get("name") == "x"
    assert [(c.tag, c.text) for c in root] == [("{urn:a}C", "t&x")]


def test_deeply_nested_xml_is_refused():
    data = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(UnsafeFileError, match="not well-formed"):
        parse_xml(data, "deep.xml")


# --- JSON ------------------------------------------------------------------------------------


def test_json_depth_is_measured_without_recursion():
    value: list = []
    for _ in range(100_000):
        value = [value]
    assert json_depth(value) > MAX_JSON_DEPTH
    assert json_depth({"a": [1, {"b": 2}]}) == 3


def test_json_nested_ten_thousand_deep_is_refused():
    with pytest.raises(UnsafeFileError, match="nested too deeply"):
        load_json(b"[" * 10_000 + b"]" * 10_000, "deep.json")


def test_hostile_json_leaves_the_store_unchanged(tmp_path, store, capsys):
    path = tmp_path / "deep.json"
    path.write_bytes(b'{"format": "casereader-annotations", "x": ' + b"[" * 10_000 + b"]" * 10_000)
    before = snapshot(store)
    assert main(["import", str(path), "--store", str(store)]) == 2
    assert "nested too deeply" in capsys.readouterr().err
    assert snapshot(store) == before
