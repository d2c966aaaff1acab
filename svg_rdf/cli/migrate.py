"""`svg-rdf migrate`: rewrite a project made for an older data format, keeping a backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, project_option

if TYPE_CHECKING:
    from pathlib import Path


@click.command(cls=Command)
@project_option
@click.option(
    "--dry-run", is_flag=True, help="Show the changes as a unified diff and write nothing."
)
def migrate(project_dir: Path, dry_run: bool) -> None:
    """Bring the project's files to this svg-rdf's data format (`format` in
    seeds/dataset.toml): shows what changes, copies the files as they were to
    migrate-backup-format-N/, then rewrites them."""
    from svg_rdf import api

    project = api.open_project(project_dir)
    migration = api.migrate(project, dry_run=dry_run)
    if not migration.needed:
        click.echo(f"already data format {migration.target}: nothing to do")
        return
    backup = project.relative(migration.backup)
    if dry_run:
        click.echo(migration.diff(), nl=False)
    click.echo(f"data format {migration.found} -> {migration.target}:")
    for change in migration.changes:
        click.echo(f"  {change.path}: {change.action}: {change.why}")
    for note in migration.notes:
        click.echo(f"  then: {note}")
    if dry_run:
        click.echo(
            f"--dry-run: nothing written; svg-rdf migrate would keep the files as they were "
            f"in {backup}/"
        )
    else:
        click.echo(f"the files as they were are in {backup}/")
