"""Shared by load, query and serve: compile the graph in memory and insist that it conforms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import EXIT_VIOLATIONS

if TYPE_CHECKING:
    from svg_rdf.export.writer import OutputFile
    from svg_rdf.pipeline import Built
    from svg_rdf.project import Project
    from svg_rdf.validation.shacl import Report


def conforming_ntriples(project: Project, base_iri: str | None, *, refusal: str) -> OutputFile:
    """The compiled graph as verified N-Triples (no report or QuickStatements plan is made);
    exits 1 (saying `refusal`) when the graph violates the shapes."""
    from svg_rdf import pipeline

    compiled = pipeline.compile_project(project, base_iri=base_iri)
    _refuse_violations(compiled.report, refusal)
    return pipeline.graph_file(compiled, "ntriples")


def conforming_build(project: Project, base_iri: str | None, *, refusal: str) -> Built:
    """Every file of output/ (the site included), built in memory and verified, nothing
    written; exits 1 (saying `refusal`) when the graph violates the shapes."""
    from svg_rdf import pipeline

    built = pipeline.build(project, base_iri=base_iri, write=False)
    _refuse_violations(built.report, refusal)
    return built


def _refuse_violations(report: Report, refusal: str) -> None:
    """Exit 1, saying `refusal`, unless `report` passes."""
    if not report.passes:
        click.echo(
            f"the graph violates the shapes ({report.count('violation')} violations); "
            f"{refusal}; run svg-rdf build to see them",
            err=True,
        )
        raise SystemExit(EXIT_VIOLATIONS)
