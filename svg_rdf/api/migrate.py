"""`svg_rdf.migrate`: what `svg-rdf migrate` does, a project's files brought to the current
data format with a backup (svg_rdf.migration plans and applies the changes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svg_rdf.migration import Migration
    from svg_rdf.project import Project


def migrate(project: Project, *, dry_run: bool = False) -> Migration:
    """What `svg-rdf migrate` does: bring the project's files to the current data format
    (`format = N` in seeds/dataset.toml), keeping the files as they were in
    `Migration.backup`; with `dry_run` nothing is written. The returned migration lists
    every change (`Migration.diff()` shows them) and what only the curator can do.

    Raises DataFileError for a missing or malformed seeds/dataset.toml, SvgRdfError (with
    nothing written) for a newer format or when an earlier backup is in the way.
    """
    from svg_rdf.migration import apply_migration, plan_migration

    migration = plan_migration(project)
    if not dry_run:
        apply_migration(migration)
    return migration
