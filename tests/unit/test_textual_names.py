"""No class in tui/ takes over a name Textual's own classes use.

A screen that set ``self.loading`` drew Textual's spinner forever over a corpus of more than
100 documents; a list whose drawing method was called ``_render`` replaced Textual's, and
copying a mouse selection crashed. This finds such names by asking Python, for every Textual
subclass we define, which of its methods and ``self.`` attributes a Textual class in its MRO
already defines, leaving out the hooks Textual means us to override.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap

from textual.dom import DOMNode

import tui

HOOKS = frozenset(
    [
        "compose",
        "render",
        "render_line",
        "render_lines",
        "get_content_width",
        "get_content_height",
        "get_selection",
        "selection_updated",
        "check_action",
        "get_system_commands",
        "get_loading_widget",
        "dismiss",
        "can_focus",
        "can_focus_children",
        "can_replace",
        "notify_style_update",
        "get_css_variables",
        "get_default_screen",
        "get_key_display",
        "watch_theme",
        "search",
        "discover",
        "startup",
        "shutdown",
        "run_action",
        "post_message",
        "app",  # typed with Textual's own getters.app(CasereaderApp), as its docs show
    ]
)
"""Names Textual documents as ours to define."""
WORKAROUNDS = frozenset(
    [
        "tui.dialogs.palette.ReaderPalette._action_command_list",
        "tui.dialogs.palette.ReaderPalette._gather_commands",
    ]
)
"""Textual's own methods taken over on purpose, to guard against its bugs; each is pinned by a
test of Textual's unguarded behaviour (tests/functional/test_palette.py)."""
SETTINGS = frozenset(
    [
        "virtual_size",
        "compact",
        "display",
        "visible",
        "disabled",
        "border_title",
        "border_subtitle",
        "tooltip",
        "title",
        "sub_title",
        "theme",
    ]
)
"""Textual's public settings, which we set on purpose."""
PREFIXES = ("on_", "_on_", "action_", "watch_", "_watch_", "compute_", "validate_", "key_")


def textual_defines(cls: type, name: str) -> bool:
    return any(
        base.__module__.startswith("textual") and name in vars(base) for base in cls.__mro__[1:]
    )


def own_names(cls: type) -> set[str]:
    """What the class's own source defines: methods, class attributes, ``self.X =``."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0]
    assert isinstance(body, ast.ClassDef)
    names: set[str] = set()
    for node in body.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    for node in own_nodes(body):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            names.add(node.attr)
    return {name for name in names if not name.startswith("__")}


def own_nodes(cls: ast.ClassDef) -> list[ast.AST]:
    """Every node of a class body, not descending into classes nested in it."""
    found: list[ast.AST] = []
    todo: list[ast.AST] = list(cls.body)
    while todo:
        node = todo.pop()
        found.append(node)
        if not isinstance(node, ast.ClassDef):
            todo.extend(ast.iter_child_nodes(node))
    return found


def textual_subclasses() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and issubclass(value, DOMNode)
            ):
                found.append(value)
    return found


def test_every_widget_screen_and_app_of_ours_is_found() -> None:
    names = {cls.__name__ for cls in textual_subclasses()}
    assert {"CasereaderApp", "CorpusScreen", "DocumentView", "DocumentList"} <= names


def test_no_class_in_tui_takes_over_a_textual_name() -> None:
    taken = sorted(
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in textual_subclasses()
        for name in own_names(cls)
        if name not in HOOKS | SETTINGS
        and not name.startswith(PREFIXES)
        and not name.isupper()
        and textual_defines(cls, name)
        and f"{cls.__module__}.{cls.__name__}.{name}" not in WORKAROUNDS
    )
    assert taken == []
