"""The layout shows the flow: no import circles, click only in cli/, a ground floor that
imports no stage, and a docstring on every module.

Imports are read from the source (module level and inside functions, not under
`if TYPE_CHECKING:`), so an import done late to keep `--help` fast still counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "svg_rdf"
GROUND_FLOOR = {"errors", "model", "version", "licenses", "project"}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports(name: str) -> set[str]:
    """Every module of svg_rdf and every top-level package `name` imports."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return found


def test_there_are_modules() -> None:
    assert {"svg_rdf", "svg_rdf.api", "svg_rdf.pipeline", "svg_rdf.cli"} <= set(MODULES)


def test_no_import_circles() -> None:
    graph = {name: sorted(i for i in imports(name) if i in MODULES) for name in MODULES}
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = "open"
        stack.append(name)
        for target in graph[name]:
            if state.get(target) == "open":
                circle = [*stack[stack.index(target) :], target]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target)
        stack.pop()
        state[name] = "done"

    for name in graph:
        if name not in state:
            visit(name)


def test_only_the_cli_imports_click() -> None:
    users = sorted(
        name
        for name in MODULES
        if any(i == "click" or i.startswith("click.") for i in imports(name))
        and not (name == "svg_rdf.cli" or name.startswith("svg_rdf.cli."))
    )
    assert users == []


def test_the_ground_floor_imports_no_stage() -> None:
    for short in sorted(GROUND_FLOOR):
        own = {i for i in imports(f"svg_rdf.{short}") if i.startswith("svg_rdf")}
        assert own <= {f"svg_rdf.{g}" for g in GROUND_FLOOR}, (short, sorted(own))


def test_every_module_says_what_it_does() -> None:
    for name, path in MODULES.items():
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 20, f"{name} has no docstring"


def test_the_library_never_exits() -> None:
    """Exit codes are the CLI's business: no sys.exit or SystemExit outside cli/."""
    for name, path in MODULES.items():
        if name.startswith("svg_rdf.cli") or name == "svg_rdf.__main__":
            continue
        text = path.read_text(encoding="utf-8")
        assert "sys.exit(" not in text and "SystemExit" not in text, name
