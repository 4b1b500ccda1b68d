"""The core is headless: importing any of it must not import Textual."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import annotations

CORE = Path(annotations.__file__).parent


def core_modules() -> list[str]:
    names = ["annotations"]
    for info in pkgutil.walk_packages([str(CORE)], prefix="annotations."):
        names.append(info.name)
    return names


def test_every_core_module_is_found() -> None:
    modules = core_modules()
    assert "annotations.corpus" in modules
    assert "annotations.dateline" in modules


def test_importing_the_core_does_not_import_textual() -> None:
    script = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'tui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_cli_start_up_does_not_import_textual_for_subcommands() -> None:
    script = "import sys\nfrom tui import cli\nprint('textual' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


FORMAT_LIBRARIES = (
    "pypdfium2",
    "docx",
    "odf",
    "trafilatura",
    "lxml",
    "olefile",
    "striprtf",
    "htmldate",
    "justext",
    "reportlab",
    "multiprocessing",
)


def test_importing_the_formats_loads_none_of_their_libraries() -> None:
    """Launch time must not grow: every reader library is imported only to extract a file."""
    script = (
        "import importlib, json, sys, pkgutil\n"
        "import annotations, annotations.corpus, annotations.formats\n"
        "for info in pkgutil.iter_modules(annotations.formats.__path__):\n"
        "    importlib.import_module('annotations.formats.' + info.name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{FORMAT_LIBRARIES!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_the_formats_do_load_their_libraries_when_extracting() -> None:
    """The check above can fail: extracting a document does import its library."""
    script = (
        "import json, sys\n"
        "from annotations.formats import extract_bytes\n"
        "extract_bytes(b'<html><title>T</title><body><p>Text of a page.</p></body></html>',"
        " 'html')\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'lxml', "
        "'trafilatura'})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == ["lxml", "trafilatura"]
