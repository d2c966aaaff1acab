"""Reconciliation candidates: seeds/reconciliation.toml, and accepting one into seeds/entities/.

`svg-rdf reconcile query` writes the candidates it got for each entity (service, date,
what was sent, every candidate with score, match and matched properties) to
seeds/reconciliation.toml, which the curation reads back (svg_rdf.curation.reconciliation)
so the reconciliation report shows them for review. Accepting a
candidate writes `qid` and `qid_evidence` (service, candidate, name, score, date) into the
entity's own table in seeds/entities/, which is what the build reads; editing that file
by hand the same way is accepting too. A Q-id is accepted only from the candidates the
service returned: ids never come from memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from svg_rdf.curation.reconciliation import FILE, load_reconciliation
from svg_rdf.errors import DataFileError
from svg_rdf.model import QID, Candidate, Curation, Place, Reconciliation
from svg_rdf.project import Project
from svg_rdf.wikidata.reconcile import Result, Service, queries, reconcile

_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


class Accepted(NamedTuple):
    """An accepted candidate: the entity file that now holds its Q-id, and the evidence
    recorded beside it."""

    path: Path
    evidence: str


def path_of(project: Project) -> Path:
    return project.seeds / FILE


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render(records: Mapping[str, Reconciliation]) -> str:
    """The TOML text of the candidates file, entities by slug, candidates best first."""
    out = [
        "# Written by `svg-rdf reconcile query`: the candidates a reconciliation service",
        "# proposed for each entity without a Q-id. Review them in output/reconciliation.md;",
        "# accept one with `svg-rdf reconcile accept SLUG QID` (it writes qid and qid_evidence",
        "# into the entity's table in seeds/entities/).",
    ]
    for slug in sorted(records):
        record = records[slug]
        out += [
            "",
            "[[entity]]",
            f"slug = {_string(slug)}",
            f"service = {_string(record.service)}",
            f"date = {_string(record.date)}",
            f"names = [{', '.join(_string(n) for n in record.names)}]",
        ]
        if record.type is not None:
            out.append(f"type = {_string(record.type)}")
        if record.properties:
            items = []
            for pid, value in record.properties:
                shown = f"{{ id = {_string(value)} }}" if QID.match(value) else _string(value)
                items.append(f"{{ pid = {_string(pid)}, v = {shown} }}")
            out.append(f"properties = [{', '.join(items)}]")
        for candidate in record.candidates:
            out += [
                "[[entity.candidate]]",
                f"id = {_string(candidate.qid)}",
                f"name = {_string(candidate.name)}",
                f"description = {_string(candidate.description)}",
                f"score = {candidate.score!r}",
                f"match = {'true' if candidate.match else 'false'}",
                f"types = [{', '.join(_string(t) for t in candidate.types)}]",
                f"matched = [{', '.join(_string(m) for m in candidate.matched)}]",
                f"query = {_string(candidate.query)}",
            ]
    return "\n".join(out) + "\n"


def load(project: Project) -> dict[str, Reconciliation]:
    """The recorded candidates by slug; raises DataFileError for a malformed file."""
    return {r.slug: r for r in load_reconciliation(project)}


def record(
    project: Project, results: Sequence[Result], *, service: str, date: str
) -> dict[str, Reconciliation]:
    """Add `results` to the candidates file (replacing those entities' earlier records) and
    write it; returns every record."""
    if not _DATE.match(date):
        raise DataFileError(f"date {date!r} is not YYYY-MM-DD", fix="e.g. --date 2026-11-30")
    records = load(project)
    for result in results:
        query = result.query
        records[result.slug] = Reconciliation(
            slug=result.slug,
            service=service,
            date=date,
            names=query.names,
            type=query.type,
            properties=tuple(
                (pid, value if isinstance(value, str) else value["id"])
                for pid, value in query.properties
            ),
            candidates=result.candidates,
            place=Place(FILE, 0),
        )
    text = render(records)
    target = path_of(project)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return load(project)


def evidence(record: Reconciliation, candidate: Candidate) -> str:
    """The qid_evidence an accepted candidate leaves: service, candidate, score, date."""
    return (
        f"reconciled with {record.service} on {record.date}: candidate {candidate.qid} "
        f"{candidate.name!r}, score {candidate.score:g}"
        + (", match" if candidate.match else "")
        + (f", matched {' '.join(candidate.matched)}" if candidate.matched else "")
        + f", from the query {candidate.query!r}"
    )


def accept(project: Project, curation: Curation, slug: str, qid: str) -> Accepted:
    """Write `qid` and its evidence into the entity's table; returns the file and evidence.

    Raises DataFileError when the entity is unknown, already has a Q-id, is marked new, or
    `qid` is not among its recorded candidates.
    """
    entities = {e.slug: e for e in curation.entities}
    if slug not in entities:
        raise DataFileError(f"no entity {slug!r}", fix="use a slug from seeds/entities/")
    entity = entities[slug]
    place = f"{entity.place.path}:{entity.place.line}"
    if entity.qid is not None:
        raise DataFileError(
            f"{slug} already has {entity.qid} ({place})", fix="remove qid and qid_evidence first"
        )
    if entity.wikidata is not None:
        raise DataFileError(
            f'{slug} is marked wikidata = "{entity.wikidata}" ({place})',
            fix="remove that mark first",
        )
    records = {r.slug: r for r in curation.reconciliation}
    if slug not in records:
        raise DataFileError(
            f"no candidates are recorded for {slug}",
            path=project.relative(path_of(project)),
            fix=f"run `svg-rdf reconcile query --entity {slug}` first",
        )
    chosen = [c for c in records[slug].candidates if c.qid == qid]
    if not chosen:
        offered = ", ".join(c.qid for c in records[slug].candidates) or "none"
        raise DataFileError(
            f"{qid} is not a recorded candidate for {slug} (candidates: {offered})",
            path=records[slug].place.path,
            line=records[slug].place.line,
            fix="accept one of the candidates, or record the Q-id by hand with its evidence",
        )
    text = evidence(records[slug], chosen[0])
    path = project.root / entity.place.path
    _insert(path, entity.place.line, [f"qid = {_string(qid)}", f"qid_evidence = {_string(text)}"])
    return Accepted(path, text)


def _insert(path: Path, header: int, lines: list[str]) -> None:
    """Add `lines` at the end of the `[[entity]]` table starting at line `header`, keeping
    everything else of the file (comments too) as it was."""
    original = path.read_text(encoding="utf-8").split("\n")
    end = header  # index after the table's last key line
    for index in range(header, len(original)):
        stripped = original[index].strip()
        if stripped.startswith("["):
            break
        if stripped and not stripped.startswith("#"):
            end = index + 1
    updated = original[:end] + lines + original[end:]
    partial = path.with_name(path.name + ".partial")
    partial.write_text("\n".join(updated), encoding="utf-8")
    partial.replace(path)


def as_json(records: Sequence[Reconciliation]) -> dict[str, Any]:
    """The candidates by slug, as the reconciliation report shows them."""
    return {
        r.slug: {
            "service": r.service,
            "date": r.date,
            "sent": {
                "names": list(r.names),
                "type": r.type,
                "properties": [list(p) for p in r.properties],
            },
            "candidates": [
                {
                    "id": c.qid,
                    "name": c.name,
                    "description": c.description,
                    "score": c.score,
                    "match": c.match,
                    "types": list(c.types),
                    "matched": list(c.matched),
                    "query": c.query,
                }
                for c in r.candidates
            ],
        }
        for r in sorted(records, key=lambda r: r.slug)
    }


def query_and_record(
    project: Project,
    curation: Curation,
    service: Service,
    *,
    slugs: Sequence[str] = (),
    limit: int = 5,
    batch_size: int = 10,
    date: str,
) -> list[Reconciliation]:
    """Ask `service` about the entities (default: every one without a Q-id, not marked new)
    and record the candidates; returns the new records. Raises EndpointError when the
    service fails, DataFileError for an unknown slug or date."""
    results = reconcile(queries(curation, slugs), service, limit=limit, batch_size=batch_size)
    records = record(project, results, service=service.url, date=date)
    return [records[result.slug] for result in results]
