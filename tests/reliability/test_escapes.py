"""Escape sequences in every field, through every command: none reaches the terminal raw.

Issue 11, point 8: file names, document ids from an import, code names in "no code 'x' in the
codebook (codes: ...)" and the export path in the success line reached stderr raw, including
OSC 52 (a clipboard write), clear-screen and title changes. A generator (hypothesis) builds
escape strings from the sequences that steer terminals and puts one into every field a
message can carry: file names and texts of the corpus, code names, descriptions and keywords,
notes and coders, the store's path, the export path, and the arguments of each command. Then
every command runs (its output as text and as JSON, its success and its errors), and neither
stdout nor stderr may hold a control character other than newline, nor C1 controls or bidi
overrides. JSON stays JSON: such characters appear only as ``\\u`` escapes.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.corpus import load_corpus
from annotations.store import AnnotationStore
from tests.conftest import SEEDS
from tui.cli import main

SEQUENCES = (
    "\x1b]52;c;aGVsbG8gd29ybGQ=\x07",  # OSC 52: write the clipboard
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;pwned\x07",  # set the window title
    "\x1b[31m",  # colour
    "\x9b31m",  # C1 CSI
    "\x1bP1$r\x1b\\",  # DCS
    "\x07",  # bell
    "\x08\x08",  # backspaces over what was written
    "\r",  # carriage return: overwrite the line
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\x7f",
)
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Anything a terminal acts on, but a newline (which ends lines)."""

escapes = st.lists(st.sampled_from(SEQUENCES), min_size=1, max_size=3).map("".join)


def named(escape: str, stem: str) -> str:
    """A file name holding the escape (no NUL or slash can be in one)."""
    return f"{stem}{escape.replace('/', '_')}"


def world(root: Path, escape: str) -> dict[str, Any]:
    """A corpus, a store and an export where every field holds ``escape``."""
    if root.exists():
        shutil.rmtree(root)
    corpus = root / named(escape, "corpus")
    shutil.copytree(SEEDS, corpus)
    hostile = corpus / f"{named(escape, 'report')}.txt"
    hostile.write_text(
        f"Ofsted report {escape} on children's services\n\n"
        f"Staff turnover {escape} remains high in the assessment team.\n",
        encoding="utf-8",
    )
    store = root / named(escape, "store")
    documents = load_corpus(corpus)
    with AnnotationStore.open(store) as opened:
        code = opened.codebook.add(f"Workload {escape}", description=f"About {escape} work")
        opened.codebook.set_keywords(code.id, [f"turnover{escape}", "staff"])
        for document in documents:
            opened.add(document, 0, 20, codes=[code.id], note=f"note {escape}",
                       coder=f"coder {escape}")  # fmt: skip
            opened.add(document, 25, 45, codes=["staffing"], coder="other")
    export = root / f"{named(escape, 'export')}.json"
    return {"corpus": corpus, "store": store, "export": export, "code": code.name}


def commands(w: dict[str, Any], escape: str) -> list[list[str]]:
    corpus, store, export = str(w["corpus"]), str(w["store"]), str(w["export"])
    out = str(Path(export).with_name(named(escape, "out")))
    listing = [
        ["datelines", corpus],
        ["datelines", "--json", corpus],
        ["export", corpus, "--store", store, "--format", "json", "-o", export],
        ["export", corpus, "--store", store, "--format", "json", "-o", export],  # exists
    ]
    for fmt in ("csv", "w3c", "qdpx", "qdc"):
        listing.append(["export", corpus, "--store", store, "--format", fmt, "-o", out + fmt])
    for kind in ("frequencies", "cooccurrence", "timeline", "passages"):
        listing.append(["report", corpus, kind, "--store", store])
        listing.append(["report", corpus, kind, "--store", store, "--json"])
    listing += [
        ["report", corpus, "passages", "--store", store, "--code", f"nothing {escape}"],
        ["export", corpus, "--store", store, "--format", "csv", "-o", out + "x",
         "--coder", f"nobody {escape}"],
        ["export", corpus, "--store", store, "--format", "csv", "-o", out + "y",
         "--document", f"missing {escape}.txt"],
        ["suggest", w["code"], corpus, "--store", store],
        ["suggest", w["code"], corpus, "--store", store, "--json"],
        ["suggest", "staffing", corpus, "--store", store, "--keyword", f"/{escape}(/"],
        ["agree", store, store, "--coder-a", f"coder {escape}", "--coder-b", "other",
         "--corpus", corpus],
        ["agree", store, store, "--coder-a", f"coder {escape}", "--coder-b", "other",
         "--corpus", corpus, "--json"],
        ["agree", export, str(Path(export).with_name(named(escape, "none.json")))],
        ["doctor", corpus, "--store", store],
        ["doctor", corpus, "--store", store, "--json"],
        ["import", export, corpus, "--store", str(Path(store).with_name(named(escape, "in")))],
        ["import", export, corpus, "--store", str(Path(store).with_name(named(escape, "in2"))),
         "--json"],
        ["import", str(Path(export).with_name(named(escape, "nothing.json"))), corpus],
        ["datelines", f"{corpus}/{named(escape, 'missing')}"],
        ["datelines", corpus, "--zone", f"Mars/{escape}"],
        [f"bogus{escape}"],
    ]  # fmt: skip
    return listing


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as stop:  # argparse's usage errors
            status = stop.code if isinstance(stop.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def check(argv: list[str], status: int, out: str, err: str) -> None:
    for name, stream in (("stdout", out), ("stderr", err)):
        found = FORBIDDEN.search(stream)
        assert found is None, (
            f"{' '.join(argv[:2])}: {name} holds {found.group()!r} raw: {stream!r}"
        )
    assert "Traceback" not in err, err
    if "--json" in argv and status == 0:
        json.loads(out)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(escape=escapes)
def test_no_command_writes_a_control_character_from_its_data(escape: str, tmp_path: Path) -> None:
    w = world(tmp_path / "world", escape)
    statuses = []
    for argv in commands(w, escape):
        status, out, err = run(argv)
        check(argv, status, out, err)
        statuses.append(status)
    assert statuses.count(0) >= 20, statuses  # the successes were exercised, not only errors
    assert statuses.count(2) >= 6, statuses


def test_the_installed_command_writes_no_escape_bytes(tmp_path: Path) -> None:
    """The issue's cases through the real ``casereader`` and real pipes: a skipped file's
    name, document ids from an import, a code name in "no code", the export path."""
    import os
    import subprocess

    from tests.e2e.terminal import CASEREADER

    escape = "\x1b]52;c;aGVsbG8=\x07\x1b[2J\x1b]0;pwned\x07"
    w = world(tmp_path / "world", escape)
    (w["corpus"] / f"{named(escape, 'binary')}.txt").write_bytes(b"\x00\x01\x02 binary")
    env = {**os.environ, "HOME": str(tmp_path), "TERM": "xterm"}
    runs = [
        ["datelines", str(w["corpus"])],
        ["export", str(w["corpus"]), "--store", str(w["store"]), "--format", "json",
         "-o", str(w["export"])],
        ["import", str(w["export"]), str(w["corpus"]), "--store", str(tmp_path / "in")],
        ["report", str(w["corpus"]), "passages", "--store", str(w["store"]),
         "--code", f"x{escape}"],
    ]  # fmt: skip
    for argv in runs:
        result = subprocess.run([CASEREADER, *argv], capture_output=True, timeout=60, env=env)
        for stream in (result.stdout, result.stderr):
            assert b"\x1b" not in stream and b"\x07" not in stream, (argv[0], stream)
        assert "␛]52;c;aGVsbG8=␇" in result.stderr.decode(), (argv[0], result.stderr)
