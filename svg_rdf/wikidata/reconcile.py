"""Reconciliation: unreconciled entities -> Wikidata candidates, over the W3C Reconciliation API.

The protocol is the Reconciliation Service API of the W3C Entity Reconciliation Community
Group (v0.2, the one OpenRefine and the public Wikidata reconciliation service speak):
the service URL answers GET with its manifest (`name`, `identifierSpace`, `schemaSpace`);
queries go as a form field `queries`, a JSON object of queries by key, each
`{"query", "type", "limit", "properties": [{"pid", "v"}], "type_strict"}`, answered by
an object of `{"result": [{"id", "name", "score", "match", "type", "description",
"features"}]}` by the same keys. A single query goes as `query` and is answered by one
`{"result": [...]}`.

For each entity without a Q-id we send its English label and, as further queries of the
same batch, each alias (a query has one name); the type is the Q-id of the class its
`P31` names when that class has one; the properties are up to three of its statements
whose value is an item with a Q-id (`{"id": ...}`) or a date (its year). Candidates of
an entity's queries are merged by id, keeping the highest score. Nothing is contacted
unless `svg-rdf reconcile query` runs; ids come only from the service's answers.

Offline, `OfflineService` answers the same queries from saved Special:EntityData JSON:
name score 100 when a label or alias equals a name of ours (case and spacing ignored),
else 100 x the similarity ratio of the closest pair; then 60 % name and 40 % the mean of
the type and property features when the query has any; `match` when the name is equal
and the score at least 95.
"""

from __future__ import annotations

import difflib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from svg_rdf.errors import DataFileError, EndpointError
from svg_rdf.model import QID, Candidate, Curation, Entity, ItemValue, TimeValue
from svg_rdf.wikidata.entitydata import read_entities

WIKIDATA_SPACE = "http://www.wikidata.org/entity/"
PROPERTIES_SENT = 3


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
    properties.sort(key=lambda p: (isinstance(p[1], str), int(p[0][1:])))
    names = [entity.label, *(text for language, text in entity.aliases if language == "en")]
    return Query(entity.slug, tuple(names), kind, tuple(properties[:PROPERTIES_SENT]))


def reconcile(
    queries_: Sequence[Query], service: Service, *, limit: int = 5, batch_size: int = 10
) -> list[Result]:
    """Ask `service` about every query, `batch_size` queries a request (OpenRefine sends
    10); raises EndpointError when it fails or is not a Wikidata service."""
    manifest = service.manifest()
    space = str(manifest.get("identifierSpace", "")).rstrip("/") + "/"
    if space != WIKIDATA_SPACE:
        raise EndpointError(
            f"{service.url} reconciles against {manifest.get('identifierSpace')!r}, "
            f"not Wikidata ({WIKIDATA_SPACE})",
            fix="use a Wikidata reconciliation service",
        )
    batch: dict[str, dict[str, Any]] = {}
    owners: dict[str, tuple[int, str]] = {}
    for number, query in enumerate(queries_):
        for position, payload in enumerate(query.payloads(limit)):
            key = f"q{number}_{position}"
            batch[key] = payload
            owners[key] = (number, payload["query"])
    answers: dict[str, list[dict[str, Any]]] = {}
    keys = list(batch)
    for start in range(0, len(keys), batch_size):
        chunk = {key: batch[key] for key in keys[start : start + batch_size]}
        answers.update(service.batch(chunk))
    found: list[dict[str, Candidate]] = [{} for _ in queries_]
    for key, (number, name) in owners.items():
        for raw in answers.get(key, []):
            candidate = _candidate(raw, name, service.url)
            best = found[number].get(candidate.qid)
            if best is None or candidate.score > best.score:
                found[number][candidate.qid] = candidate
    return [
        Result(
            query.slug,
            query,
            tuple(sorted(found[n].values(), key=lambda c: (-c.score, c.qid))[:limit]),
        )
        for n, query in enumerate(queries_)
    ]


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
    types = raw.get("type", [])
    features = raw.get("features", [])
    if not isinstance(types, list) or not isinstance(features, list):
        raise bad("whose type or features are not lists")
    return Candidate(
        qid=qid,
        name=str(raw.get("name", "")),
        score=round(float(score), 2),
        match=raw.get("match") is True,
        description=str(raw.get("description", "") or ""),
        types=tuple(sorted(str(t.get("id", "")) for t in types if isinstance(t, dict))),
        matched=tuple(
            sorted(
                str(f.get("id"))
                for f in features
                if isinstance(f, dict)
                and isinstance(f.get("value"), int | float)
                and not isinstance(f.get("value"), bool)
                and f["value"] > 0
            )
        ),
        query=name,
    )


class HttpService:
    """A reconciliation service over HTTP (only what `url` names is contacted)."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        if not re.match(r"^https?://", url):
            raise EndpointError(f"service URL {url!r} is not http(s)", fix="e.g. --service URL")
        self.url = url
        self.timeout = timeout

    def _fetch(self, request: urllib.request.Request) -> Any:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise EndpointError(f"{self.url} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EndpointError(f"{self.url} could not be reached: {reason}") from None
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise EndpointError(f"{self.url} did not answer JSON") from None

    def manifest(self) -> dict[str, Any]:
        data = self._fetch(urllib.request.Request(self.url, headers={"Accept": "application/json"}))
        if not isinstance(data, dict) or "name" not in data:
            raise EndpointError(f"{self.url} did not answer a service manifest")
        return data

    def batch(self, queries: Mapping[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        form = urllib.parse.urlencode({"queries": json.dumps(queries, sort_keys=True)})
        request = urllib.request.Request(
            self.url,
            data=form.encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        data = self._fetch(request)
        if not isinstance(data, dict):
            raise EndpointError(f"{self.url} did not answer an object of results")
        return {key: _results(self.url, data.get(key)) for key in queries}

    def single(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """One query as `?query=` (the protocol's single-query form)."""
        address = (
            self.url
            + ("&" if "?" in self.url else "?")
            + urllib.parse.urlencode({"query": json.dumps(query, sort_keys=True)})
        )
        return _results(self.url, self._fetch(urllib.request.Request(address)))


def _results(url: str, answer: Any) -> list[dict[str, Any]]:
    if not isinstance(answer, dict) or not isinstance(answer.get("result"), list):
        raise EndpointError(f"{url} answered a query without a result list")
    return list(answer["result"])


class OfflineService:
    """The same protocol answered from saved Special:EntityData JSON (nothing contacted)."""

    def __init__(self, paths: Sequence[Path], display: Sequence[str]) -> None:
        self.url = "offline:" + ",".join(display)
        self.items: dict[str, dict[str, Any]] = {}
        for path, shown in zip(paths, display, strict=True):
            entities = read_entities(path, shown)
            for key, entity in sorted(entities.items()):
                if isinstance(entity, dict) and QID.match(str(entity.get("id", key))):
                    self.items[str(entity.get("id", key))] = entity

    def manifest(self) -> dict[str, Any]:
        return {"name": "saved entity JSON", "identifierSpace": WIKIDATA_SPACE}

    def batch(self, queries: Mapping[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        return {key: self._answer(query) for key, query in queries.items()}

    def _answer(self, query: Mapping[str, Any]) -> list[dict[str, Any]]:
        ours = _plain(str(query["query"]))
        out = []
        for qid, entity in self.items.items():
            names = _names(entity)
            if not names:
                continue
            name = (
                100.0
                if ours in names
                else max(
                    100 * difflib.SequenceMatcher(None, ours, other).ratio() for other in names
                )
            )
            if name < 50:
                continue
            claims = entity.get("claims") or {}
            features = [{"id": "name", "value": round(name, 2)}]
            others = []
            if "type" in query:
                found = query["type"] in _values(claims, "P31")
                features.append({"id": "type", "value": 100 if found else 0})
                others.append(100 if found else 0)
            for prop in query.get("properties", []):
                wanted = prop["v"]["id"] if isinstance(prop["v"], dict) else str(prop["v"])
                found = wanted in _values(claims, prop["pid"])
                features.append({"id": prop["pid"], "value": 100 if found else 0})
                others.append(100 if found else 0)
            score = name if not others else 0.6 * name + 0.4 * sum(others) / len(others)
            labels: dict[str, Any] = entity.get("labels") or {}
            descriptions: dict[str, Any] = entity.get("descriptions") or {}
            label: dict[str, Any] = labels.get("en") or next(iter(labels.values()), {})
            out.append(
                {
                    "id": qid,
                    "name": label.get("value", ""),
                    "description": (descriptions.get("en") or {}).get("value", ""),
                    "score": round(score, 2),
                    "match": name == 100 and score >= 95,
                    "type": [{"id": t} for t in sorted(_values(claims, "P31"))],
                    "features": features,
                }
            )
        out.sort(key=lambda c: (-c["score"], c["id"]))
        return out[: int(query.get("limit", 5))]


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _names(entity: Mapping[str, Any]) -> set[str]:
    names = {_plain(v["value"]) for v in (entity.get("labels") or {}).values() if "value" in v}
    for group in (entity.get("aliases") or {}).values():
        names |= {_plain(a["value"]) for a in group if isinstance(a, dict) and "value" in a}
    return names


def _values(claims: Mapping[str, Any], pid: str) -> set[str]:
    """The item ids and the years of the statements of `pid`."""
    out: set[str] = set()
    for statement in claims.get(pid, []) if isinstance(claims, dict) else []:
        value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and "id" in value:
            out.add(str(value["id"]))
        elif isinstance(value, dict) and "time" in value:
            out.add(str(int(str(value["time"])[1:5])))
    return out
