"""Reconciliation: unreconciled entities -> Wikidata candidates, over the W3C Reconciliation API.

The protocol is the Reconciliation Service API of the W3C Entity Reconciliation Community
Group, v0.2 (https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/,
source reconciliation-api/specs 0.2/source.html; the version OpenRefine and the public
Wikidata reconciliation service speak). The service URL answers GET with its manifest;
queries go as a form field `queries`, a JSON object of queries by key, each
`{"query", "type", "limit", "properties": [{"pid", "v"}], "type_strict"}`, answered by
an object of `{"result": [{"id", "name", "score", "match", "type", "description",
"features"}]}` by the same keys. A single query goes as `query` and is answered by one
`{"result": [...]}`.

The manifest is honoured before any query is sent (see `plan_batches`):
- `versions`: "The array of API versions supported by the endpoint ... services which do
  not declare a versions field are expected to only support version 0.1". We speak 0.2,
  whose queries 0.1 services read too; a service listing neither is refused.
- `identifierSpace` / `schemaSpace`: "The identifier space used by the service, as a URI"
  and "The schema space": ours are Wikidata's entities and direct properties, so a
  service naming others is refused; one that omits schemaSpace is a warning.
- `batchSize`: "The maximum number of reconciliation queries in a single reconciliation
  query batch. The service MAY respond to batches larger than this number with a 413 HTTP
  error status code": batches are at most that size, and a 413 anyway (a service without
  batchSize) halves the batch, with a warning.
Candidates are read in every form the spec's result schema (0.2/schemas/
reconciliation-result-batch.json) allows: types as `{"id", "name"}` objects or plain id
strings; feature values "any boolean or numerical value" (true, or a number above 0,
counts as matched).

For each entity without a Q-id we send its English label and, as further queries of the
same batch, each alias (a query has one name); the type is the Q-id of the class its
`P31` names when that class has one; the properties are up to three of its statements
whose value is an item with a Q-id (`{"id": ...}`) or a date (its year), chosen by how
well they identify it (svg_rdf.wikidata.identifying). Candidates of an entity's queries
are merged by id, keeping the highest score. Nothing is contacted unless `svg-rdf
reconcile query` runs; ids come only from the service's answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from svg_rdf.errors import DataFileError, EndpointError
from svg_rdf.model import QID, Candidate, Curation, Entity, ItemValue, TimeValue
from svg_rdf.wikidata.identifying import choose
from svg_rdf.wikidata.recon_services import WIKIDATA_SCHEMA, WIKIDATA_SPACE, TooLarge

PROPERTIES_SENT = 3
VERSIONS_SPOKEN = ("0.1", "0.2")  # 0.2 queries are read by 0.1 services too


@dataclass(frozen=True)
class Query:
    """What we ask about one entity."""

    slug: str
    names: tuple[str, ...]  # the English label, then the aliases
    type: str | None
    properties: tuple[tuple[str, str | dict[str, str]], ...]

    def payloads(self, limit: int) -> list[dict[str, Any]]:
        """One API query per name."""
        out = []
        for name in self.names:
            query: dict[str, Any] = {"query": name, "limit": limit}
            if self.type is not None:
                query["type"] = self.type
                query["type_strict"] = "should"
            if self.properties:
                query["properties"] = [{"pid": p, "v": v} for p, v in self.properties]
            out.append(query)
        return out


@dataclass(frozen=True)
class Result:
    """The candidates for one entity, best first."""

    slug: str
    query: Query
    candidates: tuple[Candidate, ...]


class Service(Protocol):
    """A reconciliation service: its address, manifest and batch answers."""

    url: str

    def manifest(self) -> dict[str, Any]: ...

    def batch(self, queries: Mapping[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]: ...


def queries(curation: Curation, slugs: Sequence[str] = ()) -> list[Query]:
    """The queries for `slugs` (default: every entity without a Q-id, not marked new or local).

    Raises DataFileError for a slug that is unknown or already has a Q-id.
    """
    entities = {e.slug: e for e in curation.entities}
    for slug in slugs:
        if slug not in entities:
            raise DataFileError(f"no entity {slug!r}", fix="use a slug from seeds/entities/")
        if entities[slug].qid is not None:
            raise DataFileError(
                f"{slug} already has {entities[slug].qid}",
                path=entities[slug].place.path,
                line=entities[slug].place.line,
                fix="remove qid and qid_evidence first to reconcile it again",
            )
        if entities[slug].wikidata == "local":
            raise DataFileError(
                f'{slug} is modelled locally (wikidata = "local"), never a Wikidata item',
                path=entities[slug].place.path,
                line=entities[slug].place.line,
                fix='remove wikidata = "local" and wikidata_reason first to reconcile it',
            )
    chosen = [entities[s] for s in slugs] or [
        e for e in curation.entities if e.qid is None and e.wikidata is None
    ]
    return [_query(entity, curation, entities) for entity in sorted(chosen, key=lambda e: e.slug)]


def _query(entity: Entity, curation: Curation, entities: Mapping[str, Entity]) -> Query:
    kind: str | None = None
    properties: list[tuple[str, str | dict[str, str]]] = []
    for claim in curation.claims:
        if claim.subject != entity.slug or claim.qualifiers:
            continue
        value = claim.value
        if isinstance(value, ItemValue) and entities[value.slug].qid is not None:
            qid = entities[value.slug].qid
            assert qid is not None
            if claim.pid == "P31":
                kind = kind or qid
            elif (claim.pid, {"id": qid}) not in properties:
                properties.append((claim.pid, {"id": qid}))
        elif isinstance(value, TimeValue) and (claim.pid, str(value.year)) not in properties:
            properties.append((claim.pid, str(value.year)))
    names = [entity.label, *(text for language, text in entity.aliases if language == "en")]
    return Query(entity.slug, tuple(names), kind, tuple(choose(properties, PROPERTIES_SENT)))


@dataclass(frozen=True)
class Reconciled:
    """The candidates of one run, and what went on the wire."""

    results: tuple[Result, ...]
    queries: int  # queries sent (one per name of each entity)
    requests: int  # batch requests made
    batch_size: int  # the most queries a request carried
    limited_by: str  # "ours" (--batch-size) or "the service's batchSize"
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class BatchPlan:
    """How queries go to one service, from its manifest: at most `size` a request."""

    size: int
    limited_by: str
    warnings: tuple[str, ...]


def plan_batches(url: str, manifest: Mapping[str, Any], ours: int) -> BatchPlan:
    """Check `manifest` (see the module's docstring) and choose the batch size: `ours`,
    or the service's `batchSize` when smaller. Raises EndpointError when the service is
    not a Wikidata reconciliation service we can speak to."""
    warnings = []
    space = str(manifest.get("identifierSpace", "")).rstrip("/") + "/"
    if space != WIKIDATA_SPACE:
        raise EndpointError(
            f"{url} reconciles against {manifest.get('identifierSpace')!r}, "
            f"not Wikidata ({WIKIDATA_SPACE})",
            fix="use a Wikidata reconciliation service",
        )
    schema = manifest.get("schemaSpace")
    if schema is None:
        warnings.append(
            f"{url} declares no schemaSpace: its property ids are taken as Wikidata's "
            f"({WIKIDATA_SCHEMA})"
        )
    elif str(schema).rstrip("/") + "/" != WIKIDATA_SCHEMA:
        raise EndpointError(
            f"{url} uses the schema space {schema!r}, not Wikidata's ({WIKIDATA_SCHEMA}): "
            "the P-ids we send would mean other properties there",
            fix="use a Wikidata reconciliation service",
        )
    versions = manifest.get("versions")
    if versions is None:
        warnings.append(f"{url} declares no versions: read as 0.1, as the spec says")
    elif not isinstance(versions, list) or not set(map(str, versions)) & set(VERSIONS_SPOKEN):
        shown = ", ".join(map(str, versions)) if isinstance(versions, list) else repr(versions)
        raise EndpointError(
            f"{url} speaks Reconciliation API versions {shown}, not 0.1 or 0.2",
            fix="use a service whose manifest lists 0.2",
        )
    size = manifest.get("batchSize")
    if size is None:
        return BatchPlan(ours, "ours", tuple(warnings))
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise EndpointError(
            f"{url} declares batchSize {size!r}, not a whole number above 0",
            fix="tell the service's maintainers; its manifest is out of the spec",
        )
    if size < ours:
        return BatchPlan(size, "the service's batchSize", tuple(warnings))
    return BatchPlan(ours, "ours", tuple(warnings))


def reconcile(
    queries_: Sequence[Query], service: Service, *, limit: int = 5, batch_size: int = 10
) -> Reconciled:
    """Ask `service` about every query, at most `batch_size` queries a request (OpenRefine
    sends 10) or fewer when its manifest says so; raises EndpointError when it fails or
    is not a Wikidata service (before any query is sent)."""
    plan = plan_batches(service.url, service.manifest(), batch_size)
    warnings = list(plan.warnings)
    batch: dict[str, dict[str, Any]] = {}
    owners: dict[str, tuple[int, str]] = {}
    for number, query in enumerate(queries_):
        for position, payload in enumerate(query.payloads(limit)):
            key = f"q{number}_{position}"
            batch[key] = payload
            owners[key] = (number, payload["query"])
    answers: dict[str, list[dict[str, Any]]] = {}
    keys = list(batch)
    pending = [keys[start : start + plan.size] for start in range(0, len(keys), plan.size)]
    requests = largest = 0
    while pending:
        chunk = pending.pop(0)
        requests += 1
        try:
            answers.update(service.batch({key: batch[key] for key in chunk}))
        except TooLarge:
            if len(chunk) == 1:
                raise
            half = (len(chunk) + 1) // 2
            warnings.append(
                f"{service.url} refused {len(chunk)} queries in one request (HTTP 413); "
                f"sent them {half} at a time"
            )
            pending[:0] = [chunk[:half], chunk[half:]]
            continue
        largest = max(largest, len(chunk))
    found: list[dict[str, Candidate]] = [{} for _ in queries_]
    for key, (number, name) in owners.items():
        for raw in answers.get(key, []):
            candidate = _candidate(raw, name, service.url)
            best = found[number].get(candidate.qid)
            if best is None or candidate.score > best.score:
                found[number][candidate.qid] = candidate
    results = tuple(
        Result(
            query.slug,
            query,
            tuple(sorted(found[n].values(), key=lambda c: (-c.score, c.qid))[:limit]),
        )
        for n, query in enumerate(queries_)
    )
    return Reconciled(
        results, len(keys), requests, largest, plan.limited_by, tuple(dict.fromkeys(warnings))
    )


def _candidate(raw: Any, name: str, url: str) -> Candidate:
    def bad(what: str) -> EndpointError:
        return EndpointError(f"{url} answered a candidate {what}: {str(raw)[:80]}")

    if not isinstance(raw, dict):
        raise bad("that is not an object")
    qid = str(raw.get("id", "")).removeprefix(WIKIDATA_SPACE)
    if not QID.match(qid):
        raise bad("whose id is not a Q-id")
    score = raw.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise bad("without a numeric score")
    match = raw.get("match", False)
    if not isinstance(match, bool):
        raise bad("whose match is not a boolean")
    types = raw.get("type", [])
    features = raw.get("features", [])
    if not isinstance(types, list) or not isinstance(features, list):
        raise bad("whose type or features are not lists")
    return Candidate(
        qid=qid,
        name=str(raw.get("name", "")),
        score=round(float(score), 2),
        match=match,
        description=str(raw.get("description", "") or ""),
        types=tuple(sorted(set(_type_ids(types)))),
        matched=tuple(sorted(set(_matched(features)))),
        query=name,
    )


def _type_ids(types: Sequence[Any]) -> Iterator[str]:
    """The ids of a candidate's types: `{"id", "name"}` objects or plain id strings."""
    for kind in types:
        if isinstance(kind, dict) and kind.get("id"):
            yield str(kind["id"]).removeprefix(WIKIDATA_SPACE)
        elif isinstance(kind, str) and kind:
            yield kind.removeprefix(WIKIDATA_SPACE)


def _matched(features: Sequence[Any]) -> Iterator[str]:
    """The ids of the features that matched: valued true, or a number above 0."""
    for feature in features:
        if not isinstance(feature, dict) or "id" not in feature:
            continue
        value = feature.get("value")
        if value is True or (
            isinstance(value, int | float) and not isinstance(value, bool) and value > 0
        ):
            yield str(feature["id"])
