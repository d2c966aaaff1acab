"""Shared test helpers: fixture projects built from tests/data/<case>/ overlays."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def make_project(target: Path, *cases: str) -> Path:
    """A self-contained project in `target`: tests/data/base, then each case's files on top.

    ontology/ and shapes/ come from the repository unless a case brings its own.
    """
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("ontology", "shapes"):
        shutil.copytree(REPO / folder, target / folder, dirs_exist_ok=True)
    for case in ("base", *cases):
        shutil.copytree(
            DATA / case, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected-*")
        )
    return target


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A copy of the base fixture project."""
    return make_project(tmp_path / "project")
