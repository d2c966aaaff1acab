"""PEP 561 after the README's editable install: a user's `mypy --strict` finds svg_rdf's
types (issue 20). setuptools' import hook for an editable install is invisible to type
checkers; pyproject.toml's package-dir makes it a static .pth path instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

USER_SCRIPT = """\
import svg_rdf


def statements(root: str) -> int:
    built: svg_rdf.Built = svg_rdf.build(svg_rdf.open_project(root), write=False)
    report: svg_rdf.Report = built.report
    return len(built.curation.claims) if report.passes else 0
"""
# The same call with a wrong annotation: mypy must see svg_rdf's real types, not Any.
WRONG_SCRIPT = """\
import svg_rdf

built: int = svg_rdf.build(svg_rdf.open_project("."), write=False)
"""


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def user_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with svg-rdf installed as the README does (`pip
    install -e .`; its dependencies are not needed to type-check against svg_rdf)."""
    folder = tmp_path_factory.mktemp("user")
    made = run(sys.executable, "-m", "venv", "--without-pip", folder / "venv", cwd=folder)
    assert made.returncode == 0, made.stderr
    python = folder / "venv" / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
        "-e", REPO, cwd=folder,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return python


def mypy(python: Path, script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    (folder / "user.py").write_text(script, encoding="utf-8")
    return run(
        sys.executable, "-m", "mypy", "--strict", "--cache-dir", folder / "cache",
        "--python-executable", python, "user.py", cwd=folder,
    )  # fmt: skip


def test_mypy_strict_passes_on_a_users_script(user_python: Path, tmp_path: Path) -> None:
    result = mypy(user_python, USER_SCRIPT, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "import-not-found" not in result.stdout


def test_mypy_sees_the_real_types(user_python: Path, tmp_path: Path) -> None:
    result = mypy(user_python, WRONG_SCRIPT, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'has type "Built", variable has type "int"' in result.stdout


def test_the_editable_install_is_a_static_path(user_python: Path) -> None:
    site = next((user_python.parent.parent / "lib").glob("python*/site-packages"))
    [pth] = site.glob("__editable__*svg_rdf*.pth")
    assert pth.read_text(encoding="utf-8").split() == [str(REPO)]
    assert not list(site.glob("__editable__*finder*.py"))
