"""The layout shows the flow: every module on a floor, no import from a lower floor to a
higher one, no import circles, click only in cli/, and a docstring on every module.

Imports are read from the source: at module level and inside functions (an import done
late to keep `--help` fast still counts). The floors, the circles and the ground floor
count those under `if TYPE_CHECKING:` too: a type-only import still depends on the module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import REPO

# The floors, lowest first, by the first name under svg_rdf/ (a package or a module): a
# module imports its own floor and the floors below it, never one above (STYLE.md's
# layout). "" is svg_rdf/__init__.py, the public API.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("errors", "model", "version", "licenses", "project", "markdown", "wire", "cache"),  # ground
    ("curation",),  # seeds/ and ontology/ -> Curation; datafile.py reads every data file
    ("settings", "wikidata_settings"),  # dataset.toml and wikidata.toml, read once
    ("graph",),
    ("rdfparse",),
    ("validation",),
    ("export",),
    ("wikidata",),
    ("reports",),
    ("site",),
    ("endpoint",),
    ("pipeline", "outputs"),  # the stage order; the render stage into output/ files
    ("migration", "scaffold"),  # the steps of `migrate` and `init` (their files)
    ("api",),  # one module per command: its public call and what it returns
    ("", "cli", "__main__"),
)
GROUND_FLOOR = set(FLOORS[0])


def scan(root: Path) -> dict[str, Path]:
    """Every module of the svg_rdf package under `root`, by dotted name."""

    def name(path: Path) -> str:
        parts = path.relative_to(root).with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    return {name(p): p for p in sorted((root / "svg_rdf").rglob("*.py"))}


MODULES = scan(REPO)


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def import_lines(
    name: str, modules: dict[str, Path] | None = None, *, type_only: bool = True
) -> list[tuple[str, int]]:
    """(module or package imported, line) for every import in module `name` (those under
    `if TYPE_CHECKING:` unless `type_only` is false): a name from a package is the
    submodule when there is one (`from svg_rdf.wikidata import plan`)."""
    modules = MODULES if modules is None else modules
    path = modules[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set() if type_only else _type_checking_lines(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in modules else base, node.lineno))
    return sorted(set(found))


def imports(name: str, *, type_only: bool = False) -> set[str]:
    """Every module of svg_rdf and every top-level package `name` imports when it runs (and
    under `if TYPE_CHECKING:` with `type_only`)."""
    return {target for target, _ in import_lines(name, type_only=type_only)}


def floor_of(name: str) -> int:
    """The floor of a module of svg_rdf; KeyError for one no floor holds."""
    first = name.split(".")[1] if "." in name else ""
    for number, names in enumerate(FLOORS):
        if first in names:
            return number
    raise KeyError(name)


def upward_imports(modules: dict[str, Path], root: Path) -> list[str]:
    """`path:line: module imports higher` for every import from a floor to a higher one."""
    found = []
    for name, path in modules.items():
        for target, line in import_lines(name, modules):
            if not target.startswith("svg_rdf.") or target not in modules:
                continue
            if floor_of(target) > floor_of(name):
                place = f"{path.relative_to(root)}:{line}"
                found.append(
                    f"{place}: {name} (floor {floor_of(name)}) imports {target} "
                    f"(floor {floor_of(target)})"
                )
    return found


def import_circles(modules: dict[str, Path]) -> list[str]:
    """One `a -> b -> a` line for each circle a depth-first walk closes, in name order."""
    graph = {
        name: sorted({t for t, _ in import_lines(name, modules) if t in modules and t != name})
        for name in modules
    }
    state: dict[str, str] = {}
    stack: list[str] = []
    circles: list[str] = []

    def visit(name: str) -> None:
        state[name] = "open"
        stack.append(name)
        for target in graph[name]:
            if state.get(target) == "open":
                circles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = "done"

    for name in graph:
        if name not in state:
            visit(name)
    return circles


def test_there_are_modules() -> None:
    assert {"svg_rdf", "svg_rdf.api", "svg_rdf.pipeline", "svg_rdf.cli"} <= set(MODULES)


def test_no_import_circles() -> None:
    assert import_circles(MODULES) == []


def test_every_module_is_on_a_floor() -> None:
    assert [name for name in MODULES if not _has_floor(name)] == []


def _has_floor(name: str) -> bool:
    try:
        floor_of(name)
    except KeyError:
        return False
    return True


def test_no_import_runs_up_a_floor() -> None:
    assert upward_imports(MODULES, REPO) == []


# -- the checks catch what they are for: a planted package ---------------------------------


def plant(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for relative, text in files.items():
        path = root / "svg_rdf" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'"""A planted module."""\n\n{text}', encoding="utf-8")
    return scan(root)


SHACL_FROM_ERRORS = "svg_rdf.errors (floor 0) imports svg_rdf.validation.shacl (floor 5)"
PLANTED = {
    "__init__.py": "",
    "validation/__init__.py": "",
    "validation/shacl.py": "from svg_rdf.errors import SvgRdfError\n",
    "wikidata/__init__.py": "",
    "wikidata/plan.py": "from svg_rdf.wikidata import pending\n",
}


@pytest.mark.parametrize(
    ("errors", "found"),
    [
        (
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
            "    from svg_rdf.validation.shacl import Report\n",
            "svg_rdf/errors.py:6: " + SHACL_FROM_ERRORS,
        ),
        (
            "def late() -> None:\n    from .validation import shacl\n",
            "svg_rdf/errors.py:4: " + SHACL_FROM_ERRORS,
        ),
    ],
    ids=["type-only", "inside-a-function"],
)
def test_an_upward_import_is_found(tmp_path: Path, errors: str, found: str) -> None:
    modules = plant(tmp_path, {**PLANTED, "errors.py": errors})
    assert upward_imports(modules, tmp_path) == [found]


def test_a_circle_is_found_type_only_too(tmp_path: Path) -> None:
    pending = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .plan import Plan\n"
    modules = plant(tmp_path, {**PLANTED, "errors.py": "", "wikidata/pending.py": pending})
    assert upward_imports(modules, tmp_path) == []
    assert import_circles(modules) == [
        "svg_rdf.wikidata.pending -> svg_rdf.wikidata.plan -> svg_rdf.wikidata.pending"
    ]


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
        own = {i for i in imports(f"svg_rdf.{short}", type_only=True) if i.startswith("svg_rdf")}
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


def test_the_map_in_developing_md_names_every_part() -> None:
    """docs/developing.md opens with a map of the package: each top-level module and
    package is in it, so a newcomer finds where anything lives."""
    text = (REPO / "docs" / "developing.md").read_text(encoding="utf-8")
    table = text.split("## The map", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+)(?:/|\.py)?`", table))
    package = REPO / "svg_rdf"
    parts = {
        path.stem
        for path in package.iterdir()
        if (path.suffix == ".py" and path.stem not in ("__init__", "__main__"))
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert parts - named == set()
