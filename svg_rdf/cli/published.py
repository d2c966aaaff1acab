"""Shared by load, query and serve: build the graph in memory and insist that it conforms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli import EXIT_VIOLATIONS

if TYPE_CHECKING:
    from svg_rdf.export.writer import OutputFile
    from svg_rdf.project import Project


def conforming_ntriples(project: Project, base_iri: str | None, *, refusal: str) -> OutputFile:
    """The built N-Triples file; exits 1 (saying `refusal`) when the graph violates the shapes."""
    from svg_rdf.endpoint.published import ntriples_file
    from svg_rdf.pipeline import build

    built = build(project, base_iri=base_iri, write=False)
    if not built.report.passes:
        click.echo(
            f"the graph violates the shapes ({built.report.count('violation')} violations); "
            f"{refusal}; run svg-rdf build to see them",
            err=True,
        )
        raise SystemExit(EXIT_VIOLATIONS)
    return ntriples_file(built)
