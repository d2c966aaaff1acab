"""A W3C Reconciliation Service API (v0.2) server over saved entity JSON, for the tests.

Run as `python tests/recon_server.py ENTITIES.json LOG.jsonl [OPTIONS.json]`: it listens on
a free port of 127.0.0.1, prints the port on its first line, and answers
- GET /api                      the service manifest;
- GET /api?query=<JSON|text>    one query: {"result": [...]};
- POST /api (form queries=...)  a batch: {"q0": {"result": [...]}, ...} (GET works too);
  a batch of more queries than the manifest's `batchSize` is answered 413, as the spec
  allows ("The service MAY respond to batches larger than this number with a 413 HTTP
  error status code", Reconciliation Service API v0.2, service manifest).
Every request received (the manifest too) is appended to LOG as one JSON line with its
User-Agent, so tests see what was sent and by whom.

OPTIONS (a JSON object) changes the answers the way other real services differ:
`manifest` (keys merged into the manifest; a null value removes the key), `string_types`
(candidate types as plain id strings, which the spec's result schema allows) and
`boolean_features` (feature values true/false instead of numbers), `hidden_batch_size`
(answer 413 beyond this many queries without saying so in the manifest).
Its scoring is its own (not svg-rdf's): 100 for a name equal to a label or alias, 80
when one contains the other; `match` when 100 and the type (if asked) fits. It imports
nothing from svg_rdf.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MANIFEST = {
    "versions": ["0.2"],
    "name": "svg-rdf test reconciliation service",
    "identifierSpace": "http://www.wikidata.org/entity/",
    "schemaSpace": "http://www.wikidata.org/prop/direct/",
    "defaultTypes": [],
    "view": {"url": "https://www.wikidata.org/wiki/{{id}}"},
}


def values(entity: dict[str, Any], pid: str) -> set[str]:
    out = set()
    for statement in entity.get("claims", {}).get(pid, []):
        value = statement["mainsnak"]["datavalue"]["value"]
        out.add(value["id"] if "id" in value else str(int(value["time"][1:5])))
    return out


def answer(
    entities: dict[str, Any], query: dict[str, Any], options: dict[str, Any]
) -> list[dict[str, Any]]:
    text = " ".join(str(query["query"]).casefold().split())
    results = []
    for qid, entity in sorted(entities.items()):
        names = {v["value"].casefold() for v in entity.get("labels", {}).values()}
        names |= {a["value"].casefold() for g in entity.get("aliases", {}).values() for a in g}
        if text in names:
            score = 100
        elif any(text in name or name in text for name in names):
            score = 80
        else:
            continue
        boolean = bool(options.get("boolean_features"))
        features: list[dict[str, Any]] = [
            {"id": "all_labels", "value": score == 100 if boolean else score}
        ]
        wanted_type = query.get("type")
        if isinstance(wanted_type, dict):
            wanted_type = wanted_type.get("id")
        typed = wanted_type is None or wanted_type in values(entity, "P31")
        for prop in query.get("properties", []):
            wanted = prop["v"]["id"] if isinstance(prop["v"], dict) else str(prop["v"])
            found = wanted in values(entity, prop["pid"])
            features.append({"id": prop["pid"], "value": found if boolean else 100 * found})
        types: list[Any] = [{"id": t, "name": t} for t in sorted(values(entity, "P31"))]
        if options.get("string_types"):
            types = [t["id"] for t in types]
        results.append(
            {
                "id": qid,
                "name": entity["labels"]["en"]["value"],
                "description": entity.get("descriptions", {}).get("en", {}).get("value", ""),
                "score": score if typed else score - 30,
                "match": score == 100 and typed,
                "type": types,
                "features": features,
            }
        )
    results.sort(key=lambda r: (-r["score"], r["id"]))
    return results[: int(query.get("limit", 10))]


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        entities = json.load(handle)["entities"]
    log_path = sys.argv[2]
    options: dict[str, Any] = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    manifest = dict(MANIFEST)
    for key, value in options.get("manifest", {}).items():
        if value is None:
            manifest.pop(key, None)
        else:
            manifest[key] = value

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _log(self, kind: str, payload: Any) -> None:
            line = {"kind": kind, "payload": payload, "agent": self.headers.get("User-Agent")}
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(line, sort_keys=True) + "\n")

        def _handle(self, params: dict[str, list[str]]) -> None:
            if urllib.parse.urlsplit(self.path).path != "/api":
                self._send(404, {"error": "not found"})
                return
            if "queries" in params:
                batch = json.loads(params["queries"][0])
                self._log("batch", batch)
                most = manifest.get("batchSize", options.get("hidden_batch_size", len(batch)))
                if len(batch) > most:
                    self._send(413, {"error": f"more than {most} queries"})
                    return
                self._send(
                    200, {k: {"result": answer(entities, q, options)} for k, q in batch.items()}
                )
            elif "query" in params:
                raw = params["query"][0]
                query = json.loads(raw) if raw.startswith("{") else {"query": raw}
                self._log("single", query)
                self._send(200, {"result": answer(entities, query, options)})
            else:
                self._log("manifest", None)
                self._send(200, manifest)

        def do_GET(self) -> None:
            self._handle(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            self._handle(urllib.parse.parse_qs(body))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
