"""Real SPARQL servers for tests: Virtuoso and Oxigraph on free 127.0.0.1 ports.

A test module imports the fixtures it needs (`from tests.stores import virtuoso`). Where
Virtuoso is not installed the tests that need it are skipped with the reason, except when
CI=true: there they fail, so CI can never pass by skipping them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
from svg_rdf.endpoint.virtuoso import INSTALLED_INI, PACKAGED_INI, VirtuosoServer
from tests.needs import missing


def require_program(program: str, package: str) -> None:
    """Skip (or fail when CI=true) unless `program` is installed."""
    if shutil.which(program) is not None:
        return
    missing(program, f"apt-get install {package}")


def require_virtuoso() -> None:
    require_program("virtuoso-t", "virtuoso-opensource")
    if not (PACKAGED_INI.is_file() or INSTALLED_INI.is_file()):
        require_program("no-packaged-virtuoso.ini", "virtuoso-opensource")


def start_virtuoso(folder: Path, **options: int) -> VirtuosoServer:
    """A started Virtuoso in `folder` (skips or fails as `require_virtuoso` says)."""
    require_virtuoso()
    server = VirtuosoServer(folder, **options)
    server.start()
    return server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the session (a new database takes ~10 s); tests use their own graphs."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the session, over an empty store."""
    folder = tmp_path_factory.mktemp("oxigraph")
    with OxigraphServer(folder / "store", port=free_port()) as server:
        yield server
