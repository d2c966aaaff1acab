"""`svg-rdf export`: build, then write one output format (QuickStatements or an RDF syntax)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, base_iri_option, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


class ExportFormat(click.Choice):  # type: ignore[type-arg]
    """click.Choice over svg_rdf.api.EXPORT_FORMATS, which is read when the option is
    parsed or its help shown: `svg-rdf --help` and the other commands never load the API."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from svg_rdf.api import EXPORT_FORMATS

        return tuple(sorted(EXPORT_FORMATS))

    @choices.setter
    def choices(self, _value: Sequence[str]) -> None:
        """click.Choice sets its list on creation; the API's list is the only one."""


@click.command(cls=Command)
@project_option
@click.option(
    "--format",
    "format_name",
    type=ExportFormat(),
    required=True,
    help="quickstatements: Wikidata edits (with <name>-pending.json/.md beside them); "
    "turtle, ntriples, jsonld: the graph.",
)
@click.option(
    "--output",
    type=PathType(dir_okay=False, allow_dash=True),
    default=None,
    help="The file to write ('-' for stdout; default: the file's name in output/).",
)
@base_iri_option
def export(project_dir: Path, format_name: str, output: Path | None, base_iri: str | None) -> None:
    """Build and validate the graph, then write one format; nothing else in output/ changes."""
    from svg_rdf import api
    from svg_rdf.errors import ViolationError

    project = api.open_project(project_dir)
    to_stdout = output is not None and str(output) == "-"
    built = api.export_format(
        project,
        format_name,
        base_iri=base_iri,
        target=None if to_stdout else output,
        write=not to_stdout,
    )
    if not built.report.passes:
        raise ViolationError(built.report, "nothing was written")
    if to_stdout:
        click.echo(built.files[0].data.decode("utf-8"), nl=False)
        return
    folder = project.output if output is None else output.parent
    for file in built.files:
        click.echo(f"  {project.relative(folder / file.name)}  {len(file.data)} bytes")
