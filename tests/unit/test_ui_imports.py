"""The window's modules import one another without a circle, deferred imports included.

A circle (app -> session -> wizard -> app, for error reporting) makes a module depend on one
that starts the whole program; error reporting lives in ui/errors.py, which anyone may import.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "clinic_desktop" / "ui"


def module_name(path: Path) -> str:
    parts = path.relative_to(UI.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_ui_modules(path: Path, known: set[str]) -> set[str]:
    """Every clinic_desktop.ui module `path` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found.update(name for name in names if name in known)
    return found - {module_name(path)}


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_window_modules_import_each_other_without_a_circle() -> None:
    files = sorted(UI.rglob("*.py"))
    known = {module_name(path) for path in files}
    graph = {module_name(path): imported_ui_modules(path, known) for path in files}
    # A package's __init__ imported on the way to its modules is not a dependency on them.
    for name in graph:
        graph[name] = {target for target in graph[name] if not name.startswith(f"{target}.")}
    assert cycle(graph) is None, " -> ".join(cycle(graph) or [])


def test_errors_module_depends_on_no_other_part_of_the_window() -> None:
    files = sorted(UI.rglob("*.py"))
    known = {module_name(path) for path in files}
    assert imported_ui_modules(UI / "errors.py", known) == set()
