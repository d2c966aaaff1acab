"""`svg-rdf conflicts`, `svg-rdf coverage`, `svg-rdf reconciliation`: print one report.

Each reads and verifies seeds/ (as `build` does, without writing output/) and prints the
report as Markdown or JSON, the same bytes `build` writes to output/<name>.md or .json.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, project_option

if TYPE_CHECKING:
    from pathlib import Path

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for reading, JSON for programs.",
)


def _print(name: str, project_dir: Path, fmt: str) -> None:
    from svg_rdf import api

    click.echo(api.curator_report(api.open_project(project_dir), name, fmt), nl=False)


@click.command(cls=Command)
@project_option
@format_option
def conflicts(project_dir: Path, fmt: str) -> None:
    """Print where the sources disagree: values side by side, explained by qualifiers or not."""
    _print("conflicts", project_dir, fmt)


@click.command(cls=Command)
@project_option
@format_option
def coverage(project_dir: Path, fmt: str) -> None:
    """Print which sentences of each source are cited, and which still need curation."""
    _print("coverage", project_dir, fmt)


@click.command(cls=Command)
@project_option
@format_option
def reconciliation(project_dir: Path, fmt: str) -> None:
    """Print every entity with its Wikidata Q-id and evidence, unreconciled ones first."""
    _print("reconciliation", project_dir, fmt)
