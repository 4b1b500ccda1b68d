"""The core is headless: importing any of it must not import Textual."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import annotations
from tests.import_cycles import cycles

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


# --- no import cycles ---------------------------------------------------------------------------


def imports_of(path: Path, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` that a module imports, anywhere in it (lazily too) but under
    ``if TYPE_CHECKING:``, which never runs."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = resolve(package, node.level, node.module)
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
    return found & known


def resolve(package: str, level: int, module: str | None) -> str:
    """The module ``from <level dots><module> import ...`` names, inside ``package``."""
    if not level:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join([*base, module] if module else base)


def import_graph(root: str) -> dict[str, set[str]]:
    top = Path(annotations.__file__).parent.parent / root
    modules: dict[str, tuple[Path, bool]] = {}
    for path in top.rglob("*.py"):
        parts = path.relative_to(top.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        modules[name] = (path, is_package)
    known = set(modules)
    return {
        name: imports_of(path, name, is_package, known) - {name}
        for name, (path, is_package) in modules.items()
    }


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_import_graph_sees_relative_and_lazy_imports() -> None:
    graph = import_graph("annotations")
    assert "annotations.interchange.refi_qda.read" in graph["annotations.interchange.importing"]
    assert "annotations.model" in graph["annotations.codebook"]


def test_the_core_has_no_import_cycle() -> None:
    assert cycles(import_graph("annotations")) == []
