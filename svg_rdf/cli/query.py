"""`svg-rdf query`: run SPARQL over the built graph in an embedded store, no server needed."""

from __future__ import annotations

from pathlib import Path

import click

from svg_rdf.cli.common import handle_errors, project_option
from svg_rdf.cli.published import conforming_ntriples


@click.command()
@project_option
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, path_type=Path),
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
    type=click.Path(dir_okay=False, path_type=Path),
    help="Query this RDF file (e.g. output/svg-rdf.nt) instead of building the graph.",
)
@click.option(
    "--base-iri",
    default=None,
    help="Base IRI of our resources (default: base_iri in seeds/dataset.toml).",
)
@handle_errors
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
    from svg_rdf.endpoint import query as queries
    from svg_rdf.errors import SvgRdfError
    from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
    from svg_rdf.project import Project
    from svg_rdf.settings import load_settings

    project = Project.at(project_dir)
    if list_examples:
        found = queries.examples(project)
        if not found:
            raise SvgRdfError(
                "no example queries",
                path=project.relative(project.queries),
                fix="add NAME.rq files there, or reinstall svg-rdf for its defaults",
            )
        for example in found:
            takes = "  (takes --label)" if example.takes_label else ""
            click.echo(f"{example.name}: {example.title}{takes}")
        return
    given = [sparql is not None, query_file is not None, example_name is not None]
    if sum(given) != 1:
        raise click.UsageError("give exactly one of: a SPARQL argument, --file, --example")
    settings = load_settings(project).with_base(base_iri)
    if query_file is not None:
        source = str(query_file)
        try:
            text = query_file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SvgRdfError(f"cannot read the query: {exc}", path=query_file) from None
    elif example_name is not None:
        example = queries.find_example(project, example_name)
        source, text = project.relative(example.path), example.text
        if example.takes_label and label is None:
            label = settings.query_label
            if label is None:
                raise SvgRdfError(
                    f"the example {example.name!r} shows one subject and none is named",
                    path=project.relative(project.seeds / "dataset.toml"),
                    fix='pass --label TEXT, or add [queries] with label = "..." there',
                )
    else:
        source, text = "query", sparql or ""

    prefixes = all_prefixes(OurNamespaces.of(settings))
    if data_file is not None:
        store = queries.store_from_file(data_file, str(data_file))
    else:
        built = conforming_ntriples(project, base_iri, refusal="nothing to query")
        store = queries.open_store(built.data)
    if result_format == "table":
        result = queries.run_query(store, text, source=source, prefixes=prefixes, label=label)
        click.echo(queries.table(result, prefixes), nl=False)
    else:
        data = queries.results_bytes(
            store, text, result_format, source=source, prefixes=prefixes, label=label
        )
        click.echo(data.decode("utf-8"), nl=not data.endswith(b"\n"))
