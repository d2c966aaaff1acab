"""`svg-rdf wikidata-fetch`: save the batch's Wikidata items, so the build compares with them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from svg_rdf.cli.common import Command, project_option

if TYPE_CHECKING:
    from pathlib import Path


@click.command("wikidata-fetch", cls=Command)
@project_option
@click.option(
    "--qid",
    "qids",
    multiple=True,
    help="Fetch this item (repeatable; default: every existing item wikidata.qs adds to).",
)
@click.option(
    "--site",
    default=None,
    help="The Wikibase site (default: site in seeds/wikidata.toml, else https://www.wikidata.org).",
)
@click.option(
    "--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for an answer."
)
@click.option(
    "--pause",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests (the rate limit).",
)
def wikidata_fetch(
    project_dir: Path, qids: tuple[str, ...], site: str | None, timeout: float, pause: float
) -> None:
    """Save the items the batch adds to as Special:EntityData JSON in wikidata/items/.

    One request per item, with a User-Agent naming svg-rdf and the contact in
    seeds/wikidata.toml, maxlag=5, Retry-After honoured, a pause between requests. A
    merged item is saved as the item it redirects to; a deleted one is recorded as
    missing. The next `svg-rdf build` compares wikidata.qs with this snapshot, offline.
    Nothing is written when a request fails (exit 3).
    """
    from svg_rdf import api

    project = api.open_project(project_dir)
    index, fetched = api.wikidata_fetch(project, qids, site=site, timeout=timeout, pause=pause)
    for item in fetched:
        if item.status == "found":
            click.echo(f"{item.qid}: revision {item.revision}")
        elif item.status == "redirect":
            click.echo(f"{item.qid}: merged into {item.target} (revision {item.revision})")
        else:
            click.echo(f"{item.qid}: not on Wikidata (deleted, or never created)")
    click.echo(f"{len(fetched)} items saved; index {index}; now run svg-rdf build", err=True)
    configured = api.load_settings(project).wikidata.site.rstrip("/") if site else None
    if site and configured != site.rstrip("/"):
        click.echo(
            f"note: the build compares with {configured} (site in seeds/wikidata.toml), so it "
            f"sets this snapshot of {site.rstrip('/')} aside; write site = "
            f'"{site.rstrip("/")}" there to compare with it',
            err=True,
        )
