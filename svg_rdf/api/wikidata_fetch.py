"""`svg_rdf.wikidata_fetch`: what `svg-rdf wikidata-fetch` does, the batch's Wikidata items
saved as a snapshot in wikidata/items/ (svg_rdf.wikidata.fetch fetches and writes), which
the next build compares with, offline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from svg_rdf.project import Project
    from svg_rdf.wikidata.fetch import Fetched


def wikidata_fetch(
    project: Project,
    qids: Sequence[str] = (),
    *,
    site: str | None = None,
    timeout: float = 30.0,
    pause: float = 1.0,
) -> tuple[Path, list[Fetched]]:
    """Save the Wikidata items the batch adds to (or `qids`) as Special:EntityData JSON in
    wikidata/items/, with an index of revisions and fetch times; the next build compares
    the batch with them. Contacts only `site` (default: site in seeds/wikidata.toml, else
    https://www.wikidata.org). Returns the index's path and what each Q-id gave.

    Raises EndpointError when the site fails (nothing is written), DataFileError when no
    contact is set (Wikimedia's User-Agent policy) or for bad data files.
    """
    from svg_rdf.pipeline import curate
    from svg_rdf.settings import load_settings
    from svg_rdf.wikidata import fetch
    from svg_rdf.wikidata import plan as quickstatements

    settings = load_settings(project)
    if not qids:
        result = quickstatements.plan(curate(project, settings), settings.wikidata)
        qids = sorted({s.subject for s in result.statements if s.subject != "LAST"})
    chosen = sorted(set(qids), key=lambda q: (len(q), q))
    address = (site or settings.wikidata.site).rstrip("/")
    client = fetch.Client(address, settings.wikidata.contact, timeout=timeout, pause=pause)
    fetched = client.fetch(chosen)
    return fetch.write_snapshot(project.wikidata_items, address, fetched), fetched
