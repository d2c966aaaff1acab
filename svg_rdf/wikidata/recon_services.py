"""Reconciliation services: the W3C Reconciliation API over HTTP, or saved entity JSON.

`HttpService` contacts only the URL it is given, with the User-Agent Wikimedia's policy
asks for (svg_rdf.wikidata.useragent); an HTTP error, a timeout or an answer that is not
JSON is an EndpointError. A batch the service refuses as too large (HTTP 413, which the
spec allows beyond the manifest's `batchSize`) is a `TooLarge` EndpointError, so the
caller can send smaller batches.

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
from pathlib import Path
from typing import Any

from svg_rdf.errors import EndpointError
from svg_rdf.model import QID
from svg_rdf.wikidata.entitydata import read_entities

WIKIDATA_SPACE = "http://www.wikidata.org/entity/"
WIKIDATA_SCHEMA = "http://www.wikidata.org/prop/direct/"


class TooLarge(EndpointError):
    """The service answered HTTP 413 to a batch: it takes fewer queries a request."""


class HttpService:
    """A reconciliation service over HTTP (only what `url` names is contacted)."""

    def __init__(self, url: str, *, agent: str, timeout: float = 30.0) -> None:
        if not re.match(r"^https?://", url):
            raise EndpointError(f"service URL {url!r} is not http(s)", fix="e.g. --service URL")
        self.url = url
        self.agent = agent
        self.timeout = timeout

    def _fetch(self, request: urllib.request.Request) -> Any:
        request.add_header("User-Agent", self.agent)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 413:
                raise TooLarge(f"{self.url} answered HTTP 413 (too many queries)") from None
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
        return {
            "name": "saved entity JSON",
            "versions": ["0.2"],
            "identifierSpace": WIKIDATA_SPACE,
            "schemaSpace": WIKIDATA_SCHEMA,
        }

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
