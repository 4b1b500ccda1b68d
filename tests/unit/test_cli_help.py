"""``casereader --help`` lists the commands one a line, each with what it does."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tui.cli import commands_help
from tui.commands import COMMANDS


def help_text(columns: int) -> str:
    env = {**os.environ, "COLUMNS": str(columns)}
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", [80, 120])
def test_help_lists_each_command_on_its_own_line_with_its_description(columns: int) -> None:
    text = help_text(columns)
    lines = text.splitlines()
    start = lines.index("commands:")
    listed = lines[start + 1 : start + 1 + len(COMMANDS)]
    for line, (name, description) in zip(listed, COMMANDS.items(), strict=True):
        assert re.fullmatch(rf"  {re.escape(name)} +{re.escape(description)}", line), line
    assert all(len(line) <= columns for line in lines)
    assert "usage: casereader [PATH ...] [options]" in text
    assert "casereader COMMAND [ARGUMENTS ...]" in text
    assert "Run 'casereader COMMAND --help'" in text


def test_every_description_fits_one_line_at_80_columns() -> None:
    listed = commands_help(78).splitlines()[1:]  # argparse leaves two columns at 80
    assert len(listed) == len(COMMANDS)


def test_a_long_description_wraps_under_itself_not_under_the_names() -> None:
    lines = commands_help(40).splitlines()[1:]
    names = [line for line in lines if not line.startswith(" " * 4)]
    assert [line.split()[0] for line in names] == list(COMMANDS)
    assert all(len(line) <= 40 for line in lines)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_has_its_own_help(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", name, "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert COMMANDS[name] in " ".join(result.stdout.split())
