"""`svg-rdf init` and `svg-rdf add-source`: start a project, register its source texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from pathlib import Path

# Why add-source saved a text under another name than its file's (svg_rdf.curation.register)
NAME_RULE = (
    "a source's name is lowercase letters, digits, '_' or '-' and its file must end in "
    ".txt; pass --name to choose another"
)


@click.command(cls=Command)
@click.argument("directory", type=PathType(file_okay=False))
@click.option("--title", help="The dataset's title (default: the folder's name).")
@click.option(
    "--name", help="The stem of the output files, e.g. my-data (default: from the folder)."
)
@click.option("--prefix", default="ex", show_default=True, help="The prefix of the project's IRIs.")
@click.option(
    "--base-iri",
    help="Where the dataset's resources will live, ending in '/' "
    "(default: https://example.org/<name>/; change it before publishing).",
)
@click.option(
    "--license",
    "licence",
    default="CC-BY-SA-4.0",
    show_default=True,
    help="The dataset's licence: an SPDX id or an IRI.",
)
def init(
    directory: Path,
    title: str | None,
    name: str | None,
    prefix: str,
    base_iri: str | None,
    licence: str,
) -> None:
    """Create a new project in DIRECTORY (new or empty) that builds and checks at once.

    It holds seeds/ (settings and empty data files), empty shapes/, ontology/ and queries/
    for the project's own additions, and GUIDE.md. The contract shapes, the property table
    and the example queries come with svg-rdf.
    """
    import svg_rdf

    svg_rdf.init_project(
        directory, title=title, name=name, prefix=prefix, base_iri=base_iri, license=licence
    )
    click.echo(f"created {directory}: read {directory / 'GUIDE.md'}, then run")
    click.echo(f"  svg-rdf add-source FILE --project {directory} --title TITLE --license ID")
    click.echo(f"  svg-rdf build --project {directory}")


@click.command("add-source", cls=Command)
@click.argument("file", type=PathType(dir_okay=False))
@project_option
@click.option("--title", required=True, help="The source's title.")
@click.option(
    "--license",
    "licence",
    required=True,
    help="The text's licence: an SPDX id (e.g. CC-BY-SA-4.0) or an IRI.",
)
@click.option("--language", default="en", show_default=True, help="The text's language code.")
@click.option(
    "--kind",
    default="text",
    show_default=True,
    help="What the source is, e.g. 'encyclopedia article'.",
)
@click.option("--url", help="Where the text was published.")
@click.option("--name", help="Its file name in seeds/, without .txt (default: from FILE).")
def add_source(
    file: Path,
    project_dir: Path,
    title: str,
    licence: str,
    language: str,
    kind: str,
    url: str | None,
    name: str | None,
) -> None:
    """Copy a UTF-8 text FILE into seeds/ and register it with its checksum.

    The entry goes to seeds/sources.toml; the build then refuses the text if it ever
    changes. Nothing is written when the file, the licence or an option is refused.
    """
    import svg_rdf

    project = svg_rdf.open_project(project_dir)
    source = svg_rdf.add_source(
        project,
        file,
        title=title,
        license=licence,
        language=language,
        kind=kind,
        url=url,
        name=name,
    )
    click.echo(
        f"added {project.relative(source.path)} (sha256 {source.sha256}) "
        f"to {project.relative(project.source_registry)}"
    )
    if name is None and source.filename != file.name:
        click.echo(f"saved as {source.filename}, not {file.name}: {NAME_RULE}")
