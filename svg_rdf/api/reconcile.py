"""`svg_rdf.reconcile` and `accept_candidate`: what `svg-rdf reconcile query` and
`reconcile accept` do, Wikidata candidates for our entities asked for and recorded in
seeds/reconciliation.toml, and one accepted with its evidence into seeds/entities/.
The services and the records are svg_rdf.wikidata.candidates' and recon_services'.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.api.project import PathLike
from svg_rdf.errors import ArgumentError

if TYPE_CHECKING:
    from svg_rdf.project import Project
    from svg_rdf.wikidata.candidates import Accepted, Queried


def reconcile(
    project: Project,
    *,
    service: str | None = None,
    entity_json: Sequence[PathLike] = (),
    slugs: Sequence[str] = (),
    limit: int = 5,
    batch_size: int = 10,
    date: str | None = None,
) -> Queried:
    """What `svg-rdf reconcile query` does: ask a W3C Reconciliation Service API `service`
    (only that URL is contacted), or saved Wikidata entity JSON documents (`entity_json`,
    offline), for candidates for the entities named by `slugs` (default: every entity
    without a Q-id and not marked new), and record them in seeds/reconciliation.toml.

    Each entity's label and aliases are sent with the class of its P31 as the type and up
    to three of its statements that identify it best as properties; `limit` candidates are
    kept per entity, at most `batch_size` queries go in one request (fewer when the
    service's manifest says batchSize), `date` (YYYY-MM-DD, default today in UTC) is
    recorded with them. Every request carries a User-Agent naming svg-rdf, its version
    and the project's `contact` (seeds/wikidata.toml). Nothing is accepted (see
    `accept_candidate`). Returns the new records (iterable, best candidate first), with
    the queries and requests sent and the warnings about the service. Raises
    ArgumentError (a ValueError) unless exactly one of `service` and `entity_json` is
    given, ValueError for a limit or batch size below 1; DataFileError, before anything
    is contacted, when the project has no contact, for an unknown slug, a bad date or a
    malformed entity document; EndpointError when the service fails, answers out of the
    protocol or is not a Wikidata service.
    """
    from svg_rdf.errors import DataFileError
    from svg_rdf.pipeline import curate
    from svg_rdf.settings import load_settings
    from svg_rdf.wikidata.candidates import query_and_record
    from svg_rdf.wikidata.recon_services import HttpService, OfflineService
    from svg_rdf.wikidata.useragent import user_agent

    if (service is None) == (not entity_json):
        raise ArgumentError(
            "give either service or entity_json",
            options="give either --service URL or --entity-json FILE; nothing was contacted",
        )
    if limit < 1 or batch_size < 1:
        raise ValueError("limit and batch_size must be at least 1")
    settings = load_settings(project)
    chosen: HttpService | OfflineService
    if service is not None:
        contact = settings.wikidata.contact
        if contact is None:
            raise DataFileError(
                "no contact for the User-Agent Wikimedia's policy asks of every script; "
                "nothing was contacted",
                path="seeds/wikidata.toml",
                fix='add contact = "https://your.page; you@example.org" (a web page, an '
                "email or User:Name on Wikidata)",
            )
        chosen = HttpService(service, agent=user_agent(contact))
    else:
        chosen = OfflineService([Path(p) for p in entity_json], [str(p) for p in entity_json])
    return query_and_record(
        project,
        curate(project, settings),
        chosen,
        slugs=slugs,
        limit=limit,
        batch_size=batch_size,
        date=date or datetime.datetime.now(datetime.UTC).date().isoformat(),
    )


def accept_candidate(
    project: Project,
    slug: str,
    qid: str,
    *,
    min_score: float | None = None,
    reason: str | None = None,
) -> Accepted:
    """What `svg-rdf reconcile accept` does: write `qid` and its evidence (service,
    candidate, name, score, date) into the table of entity `slug` in seeds/entities/,
    keeping the rest of the file as it was.

    A candidate scored below `min_score` (default 80), or whose name is none of the
    entity's label and aliases (case, accents and punctuation ignored), is accepted only
    with a `reason` (`--force --reason`), which the evidence keeps with what was
    overridden. Returns the file written and the evidence. Raises DataFileError, with
    nothing written, when the entity is unknown, already has a Q-id, is marked new, `qid`
    is not among its recorded candidates or is another entity's, or the candidate is in
    doubt and no reason is given.
    """
    from svg_rdf.pipeline import curate
    from svg_rdf.wikidata.candidates import MIN_SCORE, accept

    floor = MIN_SCORE if min_score is None else min_score
    return accept(project, curate(project), slug, qid, min_score=floor, reason=reason)
