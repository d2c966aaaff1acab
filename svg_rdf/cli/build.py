"""`svg-rdf build`: read seeds/, build and validate the graph, write output/."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, base_iri_option, project_option

if TYPE_CHECKING:
    from pathlib import Path


@click.command(cls=Command)
@project_option
@base_iri_option
@click.option(
    "--no-cache",
    is_flag=True,
    help="Compute every stage; do not read or write the stage cache "
    "(~/.cache/svg-rdf, or $SVG_RDF_CACHE_DIR).",
)
def build(project_dir: Path, base_iri: str | None, no_cache: bool) -> None:
    """Build the graph from seeds/, validate it, and write output/ (all or nothing)."""
    from svg_rdf import api
    from svg_rdf.errors import ViolationError
    from svg_rdf.export.writer import PublishInterrupted
    from svg_rdf.site import SITE

    project = api.open_project(project_dir)
    try:
        built = api.build(
            project,
            base_iri=base_iri,
            on_wait=lambda message: click.echo(message, err=True),
            cache=not no_cache,
        )
    except PublishInterrupted:
        raise
    except KeyboardInterrupt:  # before the writer started: output/ untouched
        raise PublishInterrupted(published=False) from None
    report = built.report
    if not report.passes:
        for finding in report.findings:
            click.echo(
                f"{finding.severity}: {finding.focus}: {finding.message}"
                + (f" (value {finding.value})" if finding.value else ""),
                err=True,
            )
        raise ViolationError(report, "output/ was not changed", "each is listed above")
    curation = built.curation
    click.echo(
        f"built {len(built.triples)} triples: {len(curation.claims)} statements, "
        f"{sum(len(c.evidence) for c in curation.claims)} evidence spans, "
        f"{len(curation.entities)} entities, {len(curation.sources)} sources"
    )
    site = [file for file in built.files if file.name.startswith(f"{SITE}/")]
    for file in built.files:
        if not file.name.startswith(f"{SITE}/"):  # by name: comparing files compares bytes
            click.echo(f"  {project.relative(project.output / file.name)}  {len(file.data)} bytes")
    if site:
        pages = [file for file in site if file.name.endswith(".html")]
        largest = max(pages, key=lambda file: len(file.data))
        click.echo(
            f"  {project.relative(project.output / SITE)}/  {len(site)} files, "
            f"{sum(len(file.data) for file in site)} bytes; {len(pages)} pages, the largest "
            f"{largest.name.removeprefix(SITE + '/')} ({len(largest.data)} bytes)"
        )
    for file in built.files:
        if file.name == "wikidata-pending.json":
            compared = json.loads(file.data).get("wikidata_comparison") or {}
            if compared.get("not_compared"):
                lines = compared["outcomes"].get("not-compared", 0)
                why = compared.get("set_aside") or (
                    "run svg-rdf wikidata-fetch, then build again (docs/wikidata.md)"
                )
                click.echo(f"wikidata.qs: {lines} lines not compared with Wikidata; {why}")
