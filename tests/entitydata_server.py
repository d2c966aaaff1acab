"""A Wikibase Special:EntityData server over saved entity JSON, for the tests.

Run as `python tests/entitydata_server.py ITEMS SCRIPT.json LOG.jsonl`: it listens on a
free port of 127.0.0.1, prints the port on its first line, and answers
GET /wiki/Special:EntityData/<id>.json as Wikibase does:
- 200 with ITEMS/<id>.json when that file exists;
- a 303 redirect to the target's URL when SCRIPT's "redirects" names the id (a merged
  item: the document then carries the target's id);
- 404 otherwise (a deleted item, or one never created).
SCRIPT's "script" gives, per id, answers to use first, one per request, in order:
`{"status": 429, "headers": {"Retry-After": "1"}}`, `{"status": 500}`,
`{"body": "{not json"}` (200 with that body), `{"sleep": 5}` (answer after 5 s).
Every request is appended to LOG as one JSON line (path, query, User-Agent). It imports
nothing from svg_rdf.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PREFIX = "/wiki/Special:EntityData/"


def main() -> None:
    items, script_path, log = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    script: dict[str, Any] = json.loads(script_path.read_text(encoding="utf-8"))
    redirects: dict[str, str] = script.get("redirects", {})
    queued: dict[str, list[dict[str, Any]]] = script.get("script", {})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            with log.open("a", encoding="utf-8") as stream:
                record = {
                    "path": parts.path,
                    "query": urllib.parse.parse_qs(parts.query),
                    "user_agent": self.headers.get("User-Agent"),
                    "time": time.monotonic(),
                }
                stream.write(json.dumps(record) + "\n")
            if not parts.path.startswith(PREFIX) or not parts.path.endswith(".json"):
                self._send(404, b'{"error": "not found"}', {})
                return
            qid = parts.path[len(PREFIX) : -len(".json")]
            if queued.get(qid):
                step = queued[qid].pop(0)
                if "sleep" in step:
                    time.sleep(float(step["sleep"]))
                elif "body" in step:
                    self._send(200, str(step["body"]).encode("utf-8"), {})
                    return
                else:
                    self._send(int(step["status"]), b"{}", step.get("headers", {}))
                    return
            if qid in redirects:
                self._send(303, b"", {"Location": f"{PREFIX}{redirects[qid]}.json"})
                return
            path = items / f"{qid}.json"
            if path.exists():
                self._send(200, path.read_bytes(), {})
            else:
                self._send(404, b'{"error": "no such entity"}', {})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
