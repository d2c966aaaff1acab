"""The project's built graph, built once per test session (a build takes seconds)."""

from __future__ import annotations

import functools
from pathlib import Path

from svg_rdf.endpoint.published import ntriples_file
from svg_rdf.export.writer import OutputFile
from svg_rdf.pipeline import Built, build
from svg_rdf.project import Project

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GRAPH = "https://w3id.org/svg-rdf/dataset"


def project() -> Project:
    return Project.at(ROOT)


@functools.cache
def built() -> Built:
    """The project's graph, built in memory (nothing written)."""
    return build(project(), write=False)


def ntriples() -> OutputFile:
    """The built N-Triples file; its `expected` holds its triples."""
    return ntriples_file(built())


def cached_build(*_args: object, **_kwargs: object) -> Built:
    """A stand-in for svg_rdf.pipeline.build in CLI tests that need not build again."""
    return built()
