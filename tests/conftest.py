"""Shared test helpers: fixture projects built from tests/data/<case>/ overlays."""

from __future__ import annotations

import os
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


# -- the fast inner loop and golden files ------------------------------------------------

# Modules whose tests start real servers (Oxigraph, Virtuoso, nginx, Apache, PHP), drive
# the browser, trace system calls, run other engines' command lines, or kill, interrupt or
# time out real processes (a build per injected fault): `python -m pytest -m "not slow"`
# leaves them out (docs/developing.md). Chosen from a measured full run (pytest --junitxml,
# per-module time), not by guess.
SLOW_MODULES = frozenset(
    {
        "test_api_stores",
        "test_bad_input",
        "test_benchmark",
        "test_build_cache",
        "test_build_once",
        "test_build_twice",
        "test_check_benchmark",
        "test_check_disk",
        "test_check_endpoint",
        "test_check_remote_pages",
        "test_check_safety",
        "test_cli_startup",
        "test_docs",
        "test_endpoint_gsp",
        "test_endpoint_load_big",
        "test_endpoint_oxigraph",
        "test_endpoint_pieces",
        "test_endpoint_portability",
        "test_endpoint_process",
        "test_endpoint_stream",
        "test_endpoint_virtuoso",
        "test_engines",
        "test_inner_loop",
        "test_interrupt",
        "test_jena",
        "test_output_readonly",
        "test_output_set",
        "test_output_strace",
        "test_packaging",
        "test_rudof",
        "test_serve",
        "test_serve_guard",
        "test_site_browser",
        "test_site_hosting",
        "test_site_memo",
        "test_site_query_browser",
        "test_site_server",
        "test_source_files",
        "test_typing",
        "test_wikidata_live",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files (tests/golden/, tests/data/*/expected-*) from this "
        "run's output instead of comparing; review the diff before committing",
    )


def pytest_configure(config: pytest.Config) -> None:
    # every build computes every stage, as tests that replace a stage expect; the stage
    # cache is tested with its own folder (tests/test_build_cache.py)
    os.environ["SVG_RDF_NO_CACHE"] = "1"
    if config.getoption("--update-golden"):
        # the golden-file helpers read this when their modules are imported, after this
        os.environ["SVG_RDF_UPDATE_GOLDEN"] = "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
