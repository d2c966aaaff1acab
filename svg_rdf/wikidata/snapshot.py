"""Wikidata snapshot: wikidata/items/ (written by `svg-rdf wikidata-fetch`) -> Snapshot, offline.

`wikidata/items/index.json` names the site and, for each Q-id fetched, its status
(`found`, `redirect` with its `target`, or `missing`), when it was fetched, the revision
and the file holding its Special:EntityData document. The build compares the batch with
it (svg_rdf.wikidata.live) when it was fetched from the site the project's settings name
(`site` in seeds/wikidata.toml); a snapshot of another wiki (a test server, say) is set
aside, with the reason, and the batch is then not compared. Nothing here touches the
network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svg_rdf.curation.datafile import read_utf8
from svg_rdf.errors import DataFileError
from svg_rdf.model import QID
from svg_rdf.project import Project
from svg_rdf.wikidata.diff import EntityDocument, load_documents

FETCH_AGAIN = "run svg-rdf wikidata-fetch again (it rewrites wikidata/items/)"


@dataclass(frozen=True)
class ItemState:
    """One Q-id as the snapshot saw it."""

    qid: str
    status: str  # found, redirect, missing
    fetched: str
    revision: int | None = None
    target: str | None = None  # the item it was merged into (status redirect)
    document: EntityDocument | None = None


@dataclass(frozen=True)
class Snapshot:
    site: str
    items: Mapping[str, ItemState]  # none when set aside
    place: str  # the index, relative to the project
    set_aside: str | None = None  # why its items are not compared (fetched from another site)


def load_snapshot(project: Project, *, site: str) -> Snapshot | None:
    """The project's snapshot, or None when it has none; one without items, saying why,
    when it was fetched from another site than `site` (the one the settings name).

    Raises DataFileError (path:line:col where known) for a malformed index or document.
    """
    folder = project.wikidata_items
    path = folder / "index.json"
    if not path.exists():
        return None
    shown = project.relative(path)
    try:
        data = json.loads(read_utf8(path, shown))
    except json.JSONDecodeError as exc:
        raise DataFileError(
            f"malformed JSON: {exc.msg}", path=shown, line=exc.lineno, column=exc.colno,
            fix=FETCH_AGAIN,
        ) from None  # fmt: skip
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise DataFileError('not a snapshot index: no "items" object', path=shown, fix=FETCH_AGAIN)
    fetched_from = str(data.get("site", ""))
    if fetched_from.rstrip("/") != site.rstrip("/"):
        why = (
            f"{shown} was fetched from {fetched_from or 'no named site'}, not from "
            f"{site.rstrip('/')} (site in seeds/wikidata.toml); run svg-rdf wikidata-fetch again"
        )
        return Snapshot(fetched_from, {}, shown, why)
    items: dict[str, ItemState] = {}
    for qid, entry in sorted(data["items"].items()):
        items[qid] = _state(project, folder, shown, qid, entry)
    return Snapshot(fetched_from, items, shown)


def _state(project: Project, folder: Path, shown: str, qid: str, entry: Any) -> ItemState:
    def bad(what: str) -> DataFileError:
        return DataFileError(f"{qid}: {what}", path=shown, fix=FETCH_AGAIN)

    if not QID.match(qid) or not isinstance(entry, dict):
        raise bad("not a Q-id with an object of what was fetched")
    status, fetched = entry.get("status"), str(entry.get("fetched", ""))
    if status == "missing":
        return ItemState(qid, "missing", fetched)
    if status not in ("found", "redirect"):
        raise bad(f"unknown status {status!r}")
    name = entry.get("file")
    if not isinstance(name, str) or "/" in name or not name.endswith(".json"):
        raise bad('no "file" naming its document')
    path = folder / name
    if not path.exists():
        raise bad(f"its document {name} is missing")
    documents = load_documents([path], [project.relative(path)])
    target = entry.get("target", qid) if status == "redirect" else qid
    if target not in documents:
        raise bad(f"{name} does not hold {target}")
    revision = entry.get("revision")
    return ItemState(
        qid,
        status,
        fetched,
        revision if isinstance(revision, int) else None,
        target if status == "redirect" else None,
        documents[target],
    )
