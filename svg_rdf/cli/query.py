"""`svg-rdf query`: run SPARQL over the built graph in an embedded store, no server needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from pathlib import Path


@click.command(cls=Command)
@project_option
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "query_file",
    type=PathType(dir_okay=False),
    help="Read the query from this file.",
)
@click.option("--example", "example_name", metavar="NAME", help="Run a shipped example query.")
@click.option("--list", "list_examples", is_flag=True, help="List the example queries and exit.")
@click.option(
    "--format",
    "result_format",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output: an aligned table, or SPARQL results as CSV, TSV or JSON.",
)
@click.option(
    "--label",
    metavar="TEXT",
    help="Bind ?label to TEXT (as a value, never as query text): "
    "for example queries about one entity.",
)
@click.option(
    "--data",
    "data_file",
    type=PathType(dir_okay=False),
    help="Query this RDF file (e.g. output/svg-rdf.nt) instead of building the graph.",
)
@click.option(
    "--base-iri",
    default=None,
    help="Base IRI of our resources (default: base_iri in seeds/dataset.toml).",
)
def query(
    project_dir: Path,
    sparql: str | None,
    query_file: Path | None,
    example_name: str | None,
    list_examples: bool,
    result_format: str,
    label: str | None,
    data_file: Path | None,
    base_iri: str | None,
) -> None:
    """Run a SPARQL query over the built graph and print the answer.

    The query comes from the SPARQL argument, a file (--file), or an example query
    (--example NAME; --list shows them: the package's and the project's queries/*.rq).
    Every prefix of the published graph (wd:, wdt:, p:, ps:, pq:, pr:, the project's own,
    ...) can be used without a PREFIX line. An example about one subject shows the one
    named by --label, else by `label` under [queries] in seeds/dataset.toml.
    """
    from svg_rdf import api
    from svg_rdf.endpoint.query import table
    from svg_rdf.errors import ViolationError

    project = api.open_project(project_dir)
    if list_examples:
        for example in api.example_queries(project):
            takes = "  (takes --label)" if example.takes_label else ""
            click.echo(f"{example.name}: {example.title}{takes}")
        return
    answer = api.query(
        project,
        sparql=sparql,
        file=query_file,
        example=example_name,
        label=label,
        data=data_file,
        base_iri=base_iri,
        fmt=result_format,
    )
    if not answer.conforms:
        assert answer.report is not None
        raise ViolationError(answer.report, "nothing to query")
    if answer.result is not None:
        click.echo(table(answer.result, answer.prefixes), nl=False)
    elif answer.data is not None:
        click.echo(answer.data.decode("utf-8"), nl=not answer.data.endswith(b"\n"))
