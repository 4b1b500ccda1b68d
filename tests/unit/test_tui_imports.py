"""tui/ has no import cycles: every import counts, at the top of a module or inside a function
(a lazy import is still a dependency), except those only for type checkers."""

from __future__ import annotations

import ast
from pathlib import Path

import tui
from tests.import_cycles import cycles

TUI = Path(tui.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(TUI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    found: set[str] = set()
    for node in ast.walk(tree):
        if type_checking_only(node, parents):
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in TUI.rglob("*.py")}
    known = set(paths)
    graph = {name: imports_of(path, known) - {name} for name, path in paths.items()}
    # Importing a module runs its package's __init__ first; those are kept light and are not
    # edges of interest (every module would otherwise depend on its package).
    return {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in graph.items()
    }


def test_the_graph_sees_lazy_imports() -> None:
    """The check below can fail: an import inside a function is an edge."""
    graph = import_graph()
    assert "tui.launch" in graph["tui.cli"]  # imported inside run_app


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_tui_has_no_import_cycles() -> None:
    assert cycles(import_graph()) == []
