"""The ``casereader datelines`` contract that tests and other tools read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS


def casereader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60
    )


def test_json_output_is_one_array_with_the_contract_fields() -> None:
    result = casereader("datelines", "--json", str(SEEDS))
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["path"] for row in rows] == sorted(p.name for p in SEEDS.glob("*.txt"))
    by_path = {row["path"]: row for row in rows}
    first = by_path["000_5a060fe8e0fc1d2f.txt"]["dateline"]
    assert set(first) == {
        "text",
        "start",
        "end",
        "date",
        "local",
        "utc",
        "zone",
        "zone_assumed",
        "zone_source",
        "precision",
        "source",
        "flags",
        "place",
    }
    fields = {"path", "title", "dateline", "mentioned", "format", "notes", "extraction"}
    assert all(set(row) == fields for row in rows)
    assert all((row["format"], row["extraction"]) == ("txt", None) for row in rows)
    assert (first["zone_source"], first["source"], first["place"]) == ("text", "text", None)
    assert first["utc"] == "2019-02-01T13:34:00Z"
    assert first["zone"] == "Europe/London" and first["zone_assumed"] is False
    assert by_path["001_4ce5a44545e5f212.txt"]["dateline"]["utc"] == "2020-02-28T08:04:00Z"
    summer = by_path["002_0b49bff90da76fb3.txt"]["dateline"]
    assert summer["utc"] == "2020-07-07T10:03:00Z"
    assert summer["local"] == "2020-07-07T11:03:00+01:00"
    assert summer["zone_assumed"] is True
    blog = by_path["003_93d7185cc9cb614b.txt"]["dateline"]
    assert (blog["date"], blog["utc"], blog["local"]) == ("2009-11-09", None, None)
    assert "day_month_ambiguous" in blog["flags"]
    committee = by_path["004_cb163003ce2c7245.txt"]["dateline"]
    assert (committee["date"], committee["utc"]) == ("2019-09-12", None)


def test_zone_option_changes_the_assumed_zone() -> None:
    result = casereader("datelines", "--json", "--zone", "America/New_York", str(SEEDS))
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    summer = rows["002_0b49bff90da76fb3.txt"]["dateline"]
    assert summer["utc"] == "2020-07-07T15:03:00Z"
    assert summer["zone"] == "America/New_York"


def test_table_output_names_every_document() -> None:
    # The document column is shown where there is room for it (see test_datelines_table).
    result = subprocess.run(
        [sys.executable, "-m", "tui", "datelines", str(SEEDS)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0
    for path in SEEDS.glob("*.txt"):
        assert path.name in result.stdout


def test_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = casereader("datelines", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no such file" in result.stderr


def test_folder_without_documents_is_exit_2(tmp_path: Path) -> None:
    result = casereader("datelines", str(tmp_path))
    assert result.returncode == 2
    assert "no documents" in result.stderr


def test_unknown_zone_is_exit_2() -> None:
    result = casereader("datelines", "--zone", "Mars/Base", str(SEEDS))
    assert result.returncode == 2
    assert "unknown time zone" in result.stderr


def test_binary_files_are_reported_on_stderr_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A document title here\n\nPublished 3 March 2021\n")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    result = casereader("datelines", "--json", str(tmp_path))
    assert result.returncode == 0
    assert [row["path"] for row in json.loads(result.stdout)] == ["a.txt"]
    assert "b.txt" in result.stderr


def test_only_unreadable_files_is_one_line_with_the_reason_for_commands_and_the_app(
    tmp_path: Path,
) -> None:
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c.txt").write_bytes(b"\x00\x02binary")
    for args in (
        ["datelines", str(tmp_path / "b.txt")],
        ["datelines", str(tmp_path)],
        [str(tmp_path), "--store", str(tmp_path / "store")],  # the app, before it starts
    ):
        result = casereader(*args)
        assert result.returncode == 2, args
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert "no readable documents in" in lines[0] and "binary file" in lines[0]
    assert "and 1 more" in lines[0]


def test_python_dash_m_tui_and_the_script_agree() -> None:
    script = Path(sys.executable).parent / "casereader"
    if not script.exists():
        return
    a = subprocess.run([str(script), "datelines", "--json", str(SEEDS)], capture_output=True)
    b = casereader("datelines", "--json", str(SEEDS))
    assert a.stdout.decode() == b.stdout


HOBART_RELEASE = "Tasmania Police\nMedia Release\n\nTuesday, 5 December 2017 - 11:00\n\nCrash\n"
PROSE_ONLY = (
    "Walk for care leavers\n\nOur supporters walked from the town hall on 14 September\n"
    "2019 and raised money for young people leaving care.\n"
)


def _rows(*args: str) -> dict[str, dict]:
    result = casereader("datelines", "--json", *args)
    assert result.returncode == 0, result.stderr
    return {row["path"]: row for row in json.loads(result.stdout)}


def test_zone_from_place_and_mentioned_dates_in_json(tmp_path: Path) -> None:
    (tmp_path / "hobart.txt").write_text(HOBART_RELEASE, encoding="utf-8")
    (tmp_path / "walk.txt").write_text(PROSE_ONLY, encoding="utf-8")
    rows = _rows(str(tmp_path))
    hobart = rows["hobart.txt"]["dateline"]
    assert (hobart["utc"], hobart["zone"]) == ("2017-12-05T00:00:00Z", "Australia/Hobart")
    assert (hobart["zone_source"], hobart["zone_assumed"]) == ("place", True)
    assert hobart["place"]["text"] == "Tasmania" and rows["hobart.txt"]["mentioned"] is None
    walk = rows["walk.txt"]
    assert walk["dateline"] is None
    assert walk["mentioned"] == {
        "text": "14 September\n2019",
        "start": PROSE_ONLY.index("14 September"),
        "end": PROSE_ONLY.index("2019") + 4,
        "date": "2019-09-14",
    }


def test_corpus_setting_beats_place_and_zone_option_beats_the_setting(tmp_path: Path) -> None:
    (tmp_path / "hobart.txt").write_text(HOBART_RELEASE, encoding="utf-8")
    (tmp_path / "casereader.toml").write_text('[datelines]\nzone = "Asia/Tokyo"\n')
    setting = _rows(str(tmp_path))["hobart.txt"]["dateline"]
    assert (setting["zone"], setting["zone_source"], setting["place"]) == (
        "Asia/Tokyo",
        "setting",
        None,
    )
    assert setting["utc"] == "2017-12-05T02:00:00Z"
    flag = _rows("--zone", "UTC", str(tmp_path))["hobart.txt"]["dateline"]
    assert (flag["zone"], flag["zone_source"], flag["utc"]) == (
        "UTC",
        "setting",
        "2017-12-05T11:00:00Z",
    )


def test_a_bad_corpus_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Published 3 March 2021\n")
    (tmp_path / "casereader.toml").write_text('[datelines]\nzone = "Mars/Base"\n')
    result = casereader("datelines", "--json", str(tmp_path))
    assert (result.returncode, result.stdout) == (2, "")
    assert len(result.stderr.strip().splitlines()) == 1 and "Mars/Base" in result.stderr


def test_json_of_many_files_in_workers_equals_one_process(tmp_path: Path) -> None:
    """Above PARALLEL_JSON files the rows come from forked workers: same rows, same order."""
    from annotations.corpus import load_corpus
    from tui.commands.datelines_command import PARALLEL_JSON

    for number in range(PARALLEL_JSON + 50):
        folder = tmp_path / ("a" if number % 2 else "a.b")
        folder.mkdir(exist_ok=True)
        day = number % 28 + 1
        text = (
            HOBART_RELEASE if number % 7 == 0 else f"Title {number}\n\nPublished {day} May 2021\n"
        )
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8")
    rows = list(_rows(str(tmp_path)).values())
    corpus = load_corpus(tmp_path)
    assert [row["path"] for row in rows] == [doc.id for doc in corpus.documents]
    for row, doc in zip(rows, corpus.documents, strict=True):
        assert row["title"] == doc.title
        assert row["dateline"] == (doc.dateline.to_json() if doc.dateline else None)
