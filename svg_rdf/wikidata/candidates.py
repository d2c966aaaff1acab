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
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from svg_rdf.curation.reconciliation import FILE, load_reconciliation
from svg_rdf.errors import DataFileError
from svg_rdf.model import QID, Candidate, Curation, Place, Reconciliation
from svg_rdf.project import Project
from svg_rdf.wikidata.reconcile import Result, Service, queries, reconcile

_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
# The lowest score `accept` takes without --force. Our offline scorer gives 80 to an exact
# name with half of the type and properties found; a weaker name scores lower (the 45.9
# an earlier accept took silently). Scores are each service's own scale: --min-score.
MIN_SCORE = 80.0


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


class Queried(tuple[Reconciliation, ...]):
    """What `reconcile query` recorded (the records, in order, as a tuple), and what went
    on the wire: queries and requests sent, the most queries a request carried and what
    limited it ("ours" or "the service's batchSize"), warnings about the service."""

    queries: int
    requests: int
    batch_size: int
    limited_by: str
    warnings: tuple[str, ...]

    def __new__(
        cls,
        records: Sequence[Reconciliation],
        *,
        queries: int,
        requests: int,
        batch_size: int,
        limited_by: str,
        warnings: tuple[str, ...],
    ) -> Queried:
        self = super().__new__(cls, records)
        self.queries, self.requests, self.batch_size = queries, requests, batch_size
        self.limited_by, self.warnings = limited_by, warnings
        return self


def plain(name: str) -> str:
    """`name` as names are compared: compatibility-decomposed, accents and case dropped,
    every run of punctuation and spacing one space (so an en dash between two names equals
    a hyphen or a space)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


def doubts(
    entity_names: Sequence[str], candidate: Candidate, *, min_score: float
) -> tuple[str | None, str | None]:
    """Why `candidate` should not be accepted for an entity called `entity_names` (label
    and aliases): (its score is below `min_score`, its name is none of ours), each None
    when it is not so."""
    low = None
    if candidate.score < min_score:
        low = f"score {candidate.score:g} is below {min_score:g}"
    other = None
    if plain(candidate.name) not in {plain(n) for n in entity_names}:
        other = f"the name {candidate.name!r} is none of its label and aliases"
    return low, other


def evidence(record: Reconciliation, candidate: Candidate) -> str:
    """The qid_evidence an accepted candidate leaves: service, candidate, score, date."""
    return (
        f"reconciled with {record.service} on {record.date}: candidate {candidate.qid} "
        f"{candidate.name!r}, score {candidate.score:g}"
        + (", match" if candidate.match else "")
        + (f", matched {' '.join(candidate.matched)}" if candidate.matched else "")
        + f", from the query {candidate.query!r}"
    )


def accept(
    project: Project,
    curation: Curation,
    slug: str,
    qid: str,
    *,
    min_score: float = MIN_SCORE,
    reason: str | None = None,
) -> Accepted:
    """Write `qid` and its evidence into the entity's table; returns the file and evidence.

    A candidate scored below `min_score`, or whose name is none of the entity's label and
    aliases (compared by `plain`), is accepted only with a `reason` (--force), which the
    evidence keeps with what was overridden. Raises DataFileError, with nothing written,
    when the entity is unknown, already has a Q-id, is marked new, `qid` is not among its
    recorded candidates or is another entity's, or the candidate is in doubt and no
    reason is given.
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
    holders = [e for e in curation.entities if e.qid == qid]
    if holders:
        raise DataFileError(
            f"{qid} is already the Q-id of {holders[0].slug} "
            f"({holders[0].place.path}:{holders[0].place.line}); one item is one entity",
            fix=f"if {slug} and {holders[0].slug} are one thing, merge them; else choose "
            "another candidate",
        )
    names = [text for _, text in (*entity.labels, *entity.aliases)]
    low, other = doubts(names, chosen[0], min_score=min_score)
    text = evidence(records[slug], chosen[0])
    if (low or other) and reason is None:
        said = [low] if low else []
        if other:
            said.append(f"{qid}'s name {chosen[0].name!r} is not a label or alias of {slug}")
        raise DataFileError(
            f"not accepting {qid} for {slug}: {' and '.join(said)}",
            path=records[slug].place.path,
            line=records[slug].place.line,
            fix=(f"if it names the same thing, add it as an alias ({place}); " if other else "")
            + 'if you checked the item yourself, --force --reason "what you checked"',
        )
    if (low or other) and reason is not None:
        if not reason.strip() or "\n" in reason:
            raise DataFileError(
                "the reason is empty or more than one line", fix='e.g. --reason "renamed in 1939"'
            )
        overridden = " and ".join(d for d in (low, other) if d)
        text += f"; accepted with --force although {overridden}, because: {reason.strip()}"
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
) -> Queried:
    """Ask `service` about the entities (default: every one without a Q-id, not marked new)
    and record the candidates; returns the new records and what went on the wire. Raises
    EndpointError when the service fails, DataFileError for an unknown slug or date."""
    if not _DATE.match(date):
        raise DataFileError(f"date {date!r} is not YYYY-MM-DD", fix="e.g. --date 2026-11-30")
    run = reconcile(queries(curation, slugs), service, limit=limit, batch_size=batch_size)
    records = record(project, run.results, service=service.url, date=date)
    return Queried(
        [records[result.slug] for result in run.results],
        queries=run.queries,
        requests=run.requests,
        batch_size=run.batch_size,
        limited_by=run.limited_by,
        warnings=run.warnings,
    )
