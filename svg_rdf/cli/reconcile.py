"""`svg-rdf reconcile query` and `accept`: Wikidata candidates for our entities, recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Group, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from pathlib import Path


@click.group(cls=Group)
def reconcile() -> None:
    """Find Wikidata items for entities without a Q-id (W3C Reconciliation Service API).

    `query` asks a reconciliation service (or saved entity JSON, offline) and records the
    candidates with their scores in seeds/reconciliation.toml; `svg-rdf build` shows them
    in output/reconciliation.md. `accept` records the Q-id you chose, with its evidence.
    """


@reconcile.command("query")
@project_option
@click.option(
    "--service",
    default=None,
    help="The reconciliation service URL, e.g. a Wikidata reconciliation endpoint "
    "(only this URL is contacted).",
)
@click.option(
    "--entity-json",
    "entity_json",
    multiple=True,
    type=PathType(dir_okay=False),
    help="Reconcile offline against a saved Special:EntityData/Qnnn.json (repeatable).",
)
@click.option(
    "--entity",
    "slugs",
    multiple=True,
    help="Only this entity slug (repeatable; default: every entity without a Q-id).",
)
@click.option(
    "--limit",
    default=5,
    show_default=True,
    type=click.IntRange(1, 25),
    help="Candidates kept per entity.",
)
@click.option(
    "--batch-size",
    default=10,
    show_default=True,
    type=click.IntRange(1, 100),
    help="Queries per request at most (each name of an entity is one query); fewer when "
    "the service's manifest says batchSize.",
)
@click.option(
    "--date",
    default=None,
    help="The date recorded with the candidates (default: today, UTC), YYYY-MM-DD.",
)
def query(
    project_dir: Path,
    service: str | None,
    entity_json: tuple[Path, ...],
    slugs: tuple[str, ...],
    limit: int,
    batch_size: int,
    date: str | None,
) -> None:
    """Ask for candidates and record them in seeds/reconciliation.toml.

    Sends each entity's English label and aliases, the class of its P31 as the type and
    up to three of its statements that identify it best (a date, the country, the
    conflict) as properties. Honours the service's manifest (batchSize, versions,
    identifierSpace and schemaSpace: a service that is not Wikidata's is refused before
    any query) and sends a User-Agent naming svg-rdf and the `contact` of
    seeds/wikidata.toml. Nothing is accepted: review the candidates, then run
    `svg-rdf reconcile accept`.
    """
    from svg_rdf import api

    run = api.reconcile(
        api.open_project(project_dir),
        service=service,
        entity_json=entity_json,
        slugs=slugs,
        limit=limit,
        batch_size=batch_size,
        date=date,
    )
    for warning in run.warnings:
        click.echo(f"warning: {warning}", err=True)
    for record in run:
        best = record.candidates[0] if record.candidates else None
        shown = (
            f"best {best.qid} {best.name!r} score {best.score:g}{' (match)' if best.match else ''}"
            if best
            else "no candidate"
        )
        click.echo(f"{record.slug}: {len(record.candidates)} candidates, {shown}")
    click.echo(
        f"{run.queries} queries in {run.requests} requests of at most {run.batch_size}"
        + (f" ({run.limited_by})" if run.limited_by != "ours" else ""),
        err=True,
    )
    click.echo(
        "recorded in seeds/reconciliation.toml; review them (svg-rdf build, then "
        "output/reconciliation.md) and accept with `svg-rdf reconcile accept SLUG QID`",
        err=True,
    )


@reconcile.command("accept")
@project_option
@click.argument("slug")
@click.argument("qid")
@click.option(
    "--min-score",
    default=None,
    type=click.FloatRange(0),
    help="The lowest recorded score accepted without --force (default: 80).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Accept a candidate below --min-score or whose name is none of the entity's "
    "label and aliases; needs --reason.",
)
@click.option(
    "--reason",
    default=None,
    help="Why the forced candidate is right (what you checked); kept in qid_evidence.",
)
def accept(
    project_dir: Path,
    slug: str,
    qid: str,
    min_score: float | None,
    force: bool,
    reason: str | None,
) -> None:
    """Record QID for SLUG from its recorded candidates, with the evidence.

    Writes `qid` and `qid_evidence` (service, candidate, name, score, date) into the
    entity's table in seeds/entities/; refuses a Q-id that was not a candidate, and a
    candidate scored below --min-score or whose name (case, accents and punctuation
    ignored) is none of the entity's label and aliases, unless --force with a --reason,
    which the evidence keeps.
    """
    from svg_rdf import api
    from svg_rdf.errors import SvgRdfError

    if force and reason is None:
        raise SvgRdfError('--force needs --reason "what you checked"; nothing was written')
    if reason is not None and not force:
        raise SvgRdfError("--reason is only for --force; nothing was written")
    project = api.open_project(project_dir)
    path, evidence = api.accept_candidate(
        project, slug, qid, min_score=min_score, reason=reason if force else None
    )
    click.echo(f"{slug} = {qid} in {project.relative(path)}: {evidence}")
