"""Files that are not files, and names that are not text, in a corpus.

Regression tests for issue 11, points 6 and 7: ``mkfifo c/pipe.txt`` made ``datelines`` and
``report`` hang for ever (and the app show a blank screen); ``tty.txt -> /dev/tty`` read the
keyboard as a document; a file named ``caf\\xff\\xfe.txt`` could not be tagged ("surrogates not
allowed"), broke ``export --format qdpx`` with a traceback and made ``datelines --json`` write
raw 0xFF bytes. The rule now: only regular files are read; a name's bytes that are not UTF-8
are written ``\\xNN`` in the document id, and every command and format uses that id.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from annotations.corpus import load_corpus
from annotations.store import AnnotationStore
from tests.e2e.terminal import CASEREADER
from tests.functional.conftest import options
from tui.launch import prepare

BAD_NAME = os.fsdecode(b"caf\xff\xfe.txt")
BAD_ID = "caf\\xff\\xfe.txt"


def run(*args: str, home: Path, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [CASEREADER, *args],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "HOME": str(home), "TERM": "dumb"},
    )


@pytest.fixture
def odd_files(seeds_copy: Path) -> Path:
    os.mkfifo(seeds_copy / "pipe.txt")
    (seeds_copy / "tty.txt").symlink_to("/dev/tty")
    (seeds_copy / "zero.txt").symlink_to("/dev/zero")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(seeds_copy / "socket.txt"))
    yield seeds_copy
    listener.close()


REASONS = {
    "pipe.txt": "a named pipe (FIFO), not a regular file",
    "tty.txt": "a character device, not a regular file",
    "zero.txt": "a character device, not a regular file",
    "socket.txt": "a socket, not a regular file",
}


@pytest.mark.parametrize(
    "command",
    [
        ["datelines"],
        ["datelines", "--json"],
        ["report", "frequencies"],
        ["export", "--format", "json", "-o", "{out}"],
        ["suggest", "staffing"],
        ["doctor"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_commands_skip_what_is_not_a_regular_file_and_never_hang(
    command: list[str], odd_files: Path, tmp_path: Path
) -> None:
    args = [a.replace("{out}", str(tmp_path / "out.json")) for a in command]
    position = 2 if args[0] == "report" else (2 if args[0] == "suggest" else 1)
    args.insert(position, str(odd_files))
    result = run(*args, home=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    for name, reason in REASONS.items():
        assert f"skipped {odd_files / name}: {reason}" in err


def test_the_app_lists_the_corpus_without_them(odd_files: Path, tmp_path: Path) -> None:
    session = prepare(options([str(odd_files)], tmp_path / "store"))
    try:
        session.read_corpus()
        assert len(session.documents) == 5
        assert sorted(s.split(":")[0] for s in session.skipped) == sorted(REASONS)
    finally:
        session.store.close()


def test_a_document_that_became_a_fifo_is_one_clear_error(seeds_copy: Path) -> None:
    (seeds_copy / "long.txt").write_text("Staff turnover remains high.\n" * 2000)
    document = load_corpus(seeds_copy)["long.txt"]  # listed: only its head was read
    document.path.unlink()
    os.mkfifo(document.path)
    from annotations.errors import CorpusError

    with pytest.raises(CorpusError, match=r"a named pipe \(FIFO\), not a regular file"):
        document.text  # noqa: B018


@pytest.fixture
def bad_name(seeds_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The seeds plus a report named with bytes that are not UTF-8, coded. (corpus, store)"""
    source = next(seeds_copy.glob("*.txt"))
    (seeds_copy / BAD_NAME).write_bytes(source.read_bytes())
    corpus = load_corpus(seeds_copy)
    assert BAD_ID in corpus
    store = tmp_path / "store"
    with AnnotationStore.open(store) as opened:
        opened.add(corpus[BAD_ID], 10, 60, codes=["staffing"], note="on the odd name")
        opened.add(corpus.documents[0], 10, 60, codes=["strength"])
    return seeds_copy, store


def utf8(data: bytes) -> str:
    return data.decode("utf-8")  # raises on raw 0xFF: every output must be text


def test_every_command_writes_the_escaped_id_as_text(
    bad_name: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, store = bad_name
    listed = json.loads(utf8(run("datelines", "--json", str(corpus), home=tmp_path).stdout))
    assert BAD_ID in [row["path"] for row in listed]
    passages = run("report", str(corpus), "passages", "--json", "--store", str(store),
                   home=tmp_path)  # fmt: skip
    report = json.loads(utf8(passages.stdout))
    assert BAD_ID in [p["document"] for code in report["codes"] for p in code["passages"]]
    doctor = run("doctor", str(corpus), "--store", str(store), "--json", home=tmp_path)
    assert json.loads(utf8(doctor.stdout))["healthy"], doctor.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "w3c", "qdpx", "qdc"])
def test_every_format_exports_the_escaped_id(
    fmt: str, bad_name: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, store = bad_name
    out = tmp_path / f"out.{fmt}"
    result = run("export", str(corpus), "--store", str(store), "--format", fmt, "-o", str(out),
                 home=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    if fmt in ("qdpx", "qdc"):
        if fmt == "qdpx":
            with zipfile.ZipFile(out) as archive:
                assert BAD_ID in utf8(archive.read("project.qde"))
        return
    text = utf8(out.read_bytes())
    if fmt == "csv":
        assert BAD_ID in text
    elif fmt == "w3c":  # the source is a URN of the escaped id, percent-encoded
        assert f"urn:casereader:document:{quote(BAD_ID, safe='/')}:sha256:" in text
    else:
        assert BAD_ID in json.dumps(json.loads(text), ensure_ascii=False).replace("\\\\", "\\")


def test_an_export_with_the_escaped_id_imports_back_onto_the_same_file(
    bad_name: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, store = bad_name
    out = tmp_path / "out.json"
    assert run("export", str(corpus), "--store", str(store), "--format", "json", "-o", str(out),
               home=tmp_path).returncode == 0  # fmt: skip
    target = tmp_path / "target"
    result = run("import", str(out), str(corpus), "--store", str(target), home=tmp_path)
    assert result.returncode == 0, result.stderr
    with AnnotationStore.open(target, read_only=True) as opened:
        [annotation] = opened.annotations(document=BAD_ID)
    assert load_corpus(corpus)[BAD_ID].text[annotation.start : annotation.end] == (annotation.exact)


def test_a_name_that_reads_like_an_escaped_one_is_skipped_not_merged(seeds_copy: Path) -> None:
    source = next(seeds_copy.glob("*.txt"))
    (seeds_copy / BAD_NAME).write_bytes(source.read_bytes())
    (seeds_copy / BAD_ID).write_text("A different report that only looks the same.\n")
    corpus = load_corpus(seeds_copy)
    assert len([d for d in corpus if d.id == BAD_ID]) == 1
    assert any("is already another file's" in s.reason for s in corpus.skipped)


def test_the_store_refuses_an_id_that_is_not_text(tmp_path: Path) -> None:
    from annotations.corpus import Document
    from annotations.store import AnnotationError

    document = Document.from_text(BAD_NAME, "Staff turnover remains high.")
    with AnnotationStore.open(tmp_path / "store") as store:
        with pytest.raises(AnnotationError, match="not text"):
            store.add(document, 0, 14, codes=["staffing"])
        assert store.annotations() == []
