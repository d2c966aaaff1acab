"""`svg-rdf export`: build, then write one output format (QuickStatements or an RDF syntax)."""

from __future__ import annotations

from pathlib import Path

import click

from svg_rdf.cli import EXIT_VIOLATIONS, cli, handle_errors, project_option

# The file each format is written to in output/ ({name} is `name` in seeds/dataset.toml).
FORMATS = {
    "quickstatements": "wikidata.qs",
    "turtle": "{name}.ttl",
    "ntriples": "{name}.nt",
    "jsonld": "{name}.jsonld",
}


@cli.command()
@project_option
@click.option(
    "--format",
    "format_name",
    type=click.Choice(sorted(FORMATS)),
    required=True,
    help="quickstatements: Wikidata edits (with <name>-pending.json/.md beside them); "
    "turtle, ntriples, jsonld: the graph.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="The file to write ('-' for stdout; default: the file's name in output/).",
)
@click.option(
    "--base-iri",
    default=None,
    help="Base IRI of our resources (default: base_iri in seeds/dataset.toml).",
)
@handle_errors
def export(project_dir: Path, format_name: str, output: Path | None, base_iri: str | None) -> None:
    """Build and validate the graph, then write one format; nothing else in output/ changes."""
    from dataclasses import replace

    from svg_rdf.export.writer import publish
    from svg_rdf.pipeline import build
    from svg_rdf.project import Project
    from svg_rdf.settings import load_settings
    from svg_rdf.wikidata import plan as quickstatements

    project = Project.at(project_dir)
    settings = load_settings(project)
    built = build(project, base_iri=base_iri, write=False)
    if not built.report.passes:
        click.echo(
            f"the graph violates the shapes: {built.report.count('violation')} violations; "
            "run `svg-rdf build` to see them; nothing was written",
            err=True,
        )
        raise SystemExit(EXIT_VIOLATIONS)
    files = {file.name: file for file in built.files}
    chosen = files[FORMATS[format_name].format(name=settings.name)]
    if output is not None and str(output) == "-":
        click.echo(chosen.data.decode("utf-8"), nl=False)
        return
    target = output if output is not None else project.output / chosen.name
    if format_name == "quickstatements":
        written = quickstatements.output_files(built.curation, settings.wikidata, target.name)
    else:
        written = (replace(chosen, name=target.name),)
    publish(target.parent, written)
    for file in written:
        click.echo(f"  {project.relative(target.parent / file.name)}  {len(file.data)} bytes")
