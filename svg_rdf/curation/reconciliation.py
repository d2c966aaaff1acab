"""Reconciliation records: seeds/reconciliation.toml -> the candidates recorded per entity.

`svg-rdf reconcile query` writes the file (svg_rdf.wikidata.candidates); the build reads
it with the rest of the curation so the reconciliation report can show the candidates.
"""

from __future__ import annotations

import re

from svg_rdf.curation.datafile import load_tables
from svg_rdf.model import Candidate, Place, Reconciliation
from svg_rdf.project import Project

FILE = "reconciliation.toml"
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def load_reconciliation(project: Project) -> tuple[Reconciliation, ...]:
    """The recorded candidates, by slug (none when the file is absent).

    Raises DataFileError for a malformed file, naming the line.
    """
    path = project.seeds / FILE
    if not path.exists():
        return ()
    display = project.relative(path)
    records: dict[str, Reconciliation] = {}
    for table in load_tables(path, display, "entity", required=False):
        table.check_keys(
            required=["slug", "service", "date", "names"],
            optional=["type", "properties", "candidate"],
        )
        date = table.text("date")
        if not _DATE.match(date):
            raise table.error(f"date {date!r} is not YYYY-MM-DD", key="date")
        try:
            names = tuple(str(n) for n in table.data["names"])
            properties = tuple(
                (str(p["pid"]), str(p["v"]["id"] if isinstance(p["v"], dict) else p["v"]))
                for p in table.data.get("properties", [])
            )
            candidates = tuple(
                Candidate(
                    qid=str(c["id"]),
                    name=str(c["name"]),
                    score=float(c["score"]),
                    match=bool(c["match"]),
                    description=str(c.get("description", "")),
                    types=tuple(str(t) for t in c.get("types", [])),
                    matched=tuple(str(m) for m in c.get("matched", [])),
                    query=str(c["query"]),
                )
                for c in table.data.get("candidate", [])
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise table.error(
                "a malformed record", fix="run `svg-rdf reconcile query` again to rewrite it"
            ) from None
        if not all(_QID.match(c.qid) for c in candidates):
            raise table.error("a candidate id is not a Q-id", key="id")
        slug = table.text("slug")
        records[slug] = Reconciliation(
            slug=slug,
            service=table.text("service"),
            date=date,
            names=names,
            type=table.optional_text("type"),
            properties=properties,
            candidates=candidates,
            place=Place(display, table.line),
        )
    return tuple(records[slug] for slug in sorted(records))
