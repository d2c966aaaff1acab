"""The project's compiled graph, compiled once per test session (a build takes seconds)."""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDFS, SH

from svg_rdf.export.writer import OutputFile
from svg_rdf.outputs import graph_file
from svg_rdf.pipeline import Compiled, compile_project
from svg_rdf.project import Project
from svg_rdf.validation.shacl import Finding, Report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GRAPH = "https://w3id.org/svg-rdf/dataset"


def project() -> Project:
    return Project.at(ROOT)


@functools.cache
def compiled() -> Compiled:
    """The project's graph and its validation, in memory (nothing written)."""
    return compile_project(project())


@functools.cache
def ntriples() -> OutputFile:
    """The compiled graph as N-Triples; its `expected` holds its triples."""
    return graph_file(compiled(), "ntriples")


def cached_compile(*_args: object, **_kwargs: object) -> Compiled:
    """A stand-in for svg_rdf.pipeline.compile_project in CLI tests that need not compile
    again (load, query and serve need only the compiled graph)."""
    return compiled()


def one_violation() -> Report:
    """A validation report with one violation: what load, query and serve must refuse."""
    finding = Finding(
        "violation",
        URIRef("https://w3id.org/svg-rdf/entity/x"),
        RDFS.label,
        None,
        "needs a label",
        "shape",
        SH.MinCountConstraintComponent,
    )
    return Report((finding,))
