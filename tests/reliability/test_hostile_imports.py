"""Hostile imports, through ``casereader import`` against a real store: a clear one-line error,
exit 2, and the store byte for byte as it was (nothing written anywhere else either).

Zip entries with ``..`` or absolute paths, symbolic links, a zip bomb, XML entity expansion and
external entities, and JSON nested 10,000 deep are in ``tests/unit/test_import_hostile.py``;
every field set to every wrong type, and random mutations, in ``test_fuzz.py``. Here are the
cases those leave out: an entry that lies about its size, a project whose text is binary, a
file too large to read, numbers JSON allows but an offset cannot be, and unpaired surrogates
(valid JSON escapes that are not Unicode text and would break every later export).
"""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotations.corpus import load_corpus
from annotations.interchange import FORMATS
from annotations.safety import MAX_JSON_BYTES
from annotations.store import AnnotationStore
from tests.unit.test_import_qdpx import INTERVIEW, SOURCE, other_tool_project, write_qdpx
from tui.cli import main

TEXT = "Staff turnover is high. Caseloads are unmanageable. Leaders are strong.\n"


def store_bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def store(corpus: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    with AnnotationStore.open(folder) as opened:
        opened.add(load_corpus(corpus)["a.txt"], 0, 14, "staffing", note="already here")
    return folder


@pytest.fixture
def valid(corpus: Path, store: Path, tmp_path: Path) -> dict[str, Any]:
    target = tmp_path / "valid.json"
    assert main(["export", str(corpus), "--store", str(store), "--format", "json",
                 "-o", str(target)]) == 0  # fmt: skip
    return json.loads(target.read_bytes())


def refused(capsys, argv: list[str], store: Path, words: str) -> str:
    before = store_bytes(store)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("casereader: ") and words in err, err
    assert store_bytes(store) == before
    return err


# --- archives -------------------------------------------------------------------------------


def lying_archive(path: Path, declared: int) -> Path:
    """A project whose source entry says it holds ``declared`` bytes and inflates to 8 MiB."""
    write_qdpx(path, other_tool_project(), {f"sources/{SOURCE}.txt": b"a" * (8 << 20)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(f"sources/{SOURCE}.txt")
    # Uncompressed size: 22 bytes into the local header, 24 into the central directory entry.
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    central = data.rindex(info.filename.encode()) - 46  # its name's last copy is the central one
    assert data[central : central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))
    return path


def test_an_entry_that_lies_about_its_size_is_stopped_while_inflating(
    tmp_path: Path, store: Path, capsys
) -> None:
    project = lying_archive(tmp_path / "liar.qdpx", declared=len(INTERVIEW))
    err = refused(capsys, ["import", str(project), "--store", str(store)], store, "entry")
    # zipfile stops at the declared size and fails the CRC; SafeZip counts bytes as well.
    assert "is damaged (Bad CRC-32" in err or "inflates past its declared size" in err
    assert not (tmp_path / "liar").exists()


def test_a_project_whose_text_is_binary_imports_without_it(
    tmp_path: Path, store: Path, capsys
) -> None:
    """Issue 14: the binary text is listed as not imported (exit 1), never written."""
    project = write_qdpx(
        tmp_path / "binary.qdpx",
        other_tool_project(),
        {f"sources/{SOURCE}.txt": b"\x00\x01\x02" + INTERVIEW.encode()},
    )
    assert main(["import", str(project), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "text source 'Interview 1' and its 2 selection(s): its text file" in err
    assert "is not text" in err
    assert list((tmp_path / "binary").glob("*.txt")) == []


# --- JSON -----------------------------------------------------------------------------------


def test_a_json_file_past_the_limit_is_refused_without_being_read(
    tmp_path: Path, corpus: Path, store: Path, capsys
) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(MAX_JSON_BYTES + 1)  # sparse: no disk used, nothing to read
    refused(capsys, ["import", str(huge), str(corpus), "--store", str(store)], store,
            "larger than 1024 MiB; refused")  # fmt: skip


def set_field(place: tuple, raw: str) -> Callable[[dict[str, Any]], str]:
    """Put ``raw`` JSON text (NaN, 1e400, an escape...) at ``place`` of the export."""

    def apply(document: dict[str, Any]) -> str:
        target = document
        for step in place[:-1]:
            target = target[step]
        target[place[-1]] = "@@RAW@@"
        return json.dumps(document).replace('"@@RAW@@"', raw)

    return apply


ANNOTATION = ("documents", 0, "annotations", 0)
NUMBERS_AND_TEXT = {
    "start-nan": (set_field((*ANNOTATION, "start"), "NaN"), "'start'"),
    "end-infinity": (set_field((*ANNOTATION, "end"), "Infinity"), "'end'"),
    "start-minus-infinity": (set_field((*ANNOTATION, "start"), "-Infinity"), "'start'"),
    "end-1e400": (set_field((*ANNOTATION, "end"), "1e400"), "'end'"),
    "end-huge-integer": (set_field((*ANNOTATION, "end"), str(10**30)), "end"),
    "start-float": (set_field((*ANNOTATION, "start"), "0.0"), "'start'"),
    "length-negative": (set_field(("documents", 0, "length"), "-1"), "length"),
    "version-huge": (set_field(("version",), str(10**40)), "version"),
    "note-lone-surrogate": (set_field((*ANNOTATION, "note"), '"\\ud800"'), "unpaired surrogate"),
    "code-name-surrogate": (set_field(("codebook", 0, "name"), '"x\\udfff"'), "surrogate"),
    "key-surrogate": (set_field(("corpus", "\udc80"), "1"), "surrogate"),
}


@pytest.mark.parametrize("case", NUMBERS_AND_TEXT)
def test_numbers_json_allows_and_unpaired_surrogates_are_refused(
    tmp_path: Path, corpus: Path, store: Path, valid: dict[str, Any], capsys, case: str
) -> None:
    make, words = NUMBERS_AND_TEXT[case]
    path = tmp_path / "hostile.json"
    path.write_text(make(valid), encoding="utf-8", errors="surrogatepass")
    refused(capsys, ["import", str(path), str(corpus), "--store", str(store)], store, words)


def test_paired_surrogate_escapes_are_just_characters(
    tmp_path: Path, corpus: Path, store: Path, valid: dict[str, Any], capsys
) -> None:
    """Tools that write ASCII JSON escape an emoji as a pair; that is text, and it imports."""
    valid["documents"][0]["annotations"][0].update(id="from-another-tool", note="mood \U0001f600")
    path = tmp_path / "ascii.json"
    path.write_text(json.dumps(valid, ensure_ascii=True), encoding="ascii")
    assert "\\ud83d\\ude00" in path.read_text()
    assert main(["import", str(path), str(corpus), "--store", str(store)]) == 0
    with AnnotationStore.open(store, read_only=True) as opened:
        assert opened.get("from-another-tool").note == "mood \U0001f600"
    capsys.readouterr()
    for format in FORMATS:  # and everything exports again
        target = tmp_path / f"again.{format}"
        assert main(["export", str(corpus), "--store", str(store), "--format", format,
                     "-o", str(target)]) == 0  # fmt: skip
