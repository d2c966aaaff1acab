"""`svg-rdf wikidata-diff`: compare our statements with saved Wikidata entity documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from pathlib import Path


@click.command("wikidata-diff", cls=Command)
@project_option
@click.option(
    "--entity-json",
    "entity_json",
    multiple=True,
    required=True,
    type=PathType(dir_okay=False),
    help="A saved https://www.wikidata.org/wiki/Special:EntityData/Qnnn.json (repeatable).",
)
@click.option(
    "--output",
    type=PathType(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Where to write the QuickStatements lines the diff emits ('-' for stdout).",
)
@click.option(
    "--report",
    type=PathType(dir_okay=False),
    default=None,
    help="Also write the review report (Markdown) to this file.",
)
def wikidata_diff(
    project_dir: Path, entity_json: tuple[Path, ...], output: Path, report: Path | None
) -> None:
    """Emit only the QuickStatements Wikidata lacks; list differences for review.

    Each statement about an item with a Q-id is new (emitted), already on Wikidata
    without our reference (only the reference is emitted), already referenced (nothing)
    or different (listed for review, never overwritten). Nothing is fetched: save the
    entity documents first.
    """
    from svg_rdf import api
    from svg_rdf.export.writer import OutputFile, publish
    from svg_rdf.wikidata.diff import counts, quickstatements
    from svg_rdf.wikidata.diff import report as render_report

    result = api.wikidata_diff(api.open_project(project_dir), entity_json)
    lines = quickstatements(result)
    if str(output) == "-":
        click.echo(lines.decode("utf-8"), nl=False)
    else:
        publish(output.parent, [OutputFile(output.name, lines, "text/plain")])
    if report is not None:
        publish(report.parent, [OutputFile(report.name, render_report(result), "text/markdown")])
    for finding in result.findings:
        if finding.status == "review":
            claim = finding.statement.claim
            click.echo(
                f"review: {finding.statement.subject} {claim.pid} {claim.value.display()} "
                f"({claim.places[0]}): {finding.detail}",
                err=True,
            )
    click.echo(
        ", ".join(f"{count} {status}" for status, count in counts(result).items())
        + f"; {len(result.unchecked)} not compared; {result.pending} pending",
        err=True,
    )
