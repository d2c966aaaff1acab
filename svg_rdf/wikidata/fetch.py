"""Wikidata fetch: Q-ids -> their Special:EntityData JSON, saved as the project's snapshot.

The only module that contacts a Wikibase site, and only when `svg-rdf wikidata-fetch`
runs; the build reads the snapshot offline (svg_rdf.wikidata.snapshot). Each item is
asked for as `<site>/wiki/Special:EntityData/<Q-id>.json?maxlag=5`, one request at a
time with a pause between requests (the rate limit), a timeout, and a User-Agent naming
svg-rdf, its version and the project's contact (Wikimedia's User-Agent policy). A 429 or
503 answer (503 is also MediaWiki's answer when replication lag exceeds `maxlag`) is
retried after its `Retry-After`, a few times; a 404 is an item that does not exist
(deleted or never created); an item merged into another answers with the target's
document, and the snapshot records the redirect. Every answer is read and checked
before anything is written: a failure writes nothing, and each file is replaced
atomically (the index last), so the snapshot never holds a partial document.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from svg_rdf.errors import DataFileError, EndpointError
from svg_rdf.export.switch import fsync_folder, write_file
from svg_rdf.model import QID
from svg_rdf.wikidata.diff import parse_entity
from svg_rdf.wikidata.useragent import user_agent
from svg_rdf.wire import header_number

INDEX = "index.json"
MAXLAG = 5  # seconds of replication lag we accept (Wikimedia's advice for bots)
RETRIES = 3  # answers 429/503 retried this often before giving up
LONGEST_WAIT = 300.0  # a Retry-After beyond this ends the run instead of waiting
DEFAULT_WAIT = 5.0  # when a 429/503 gives no Retry-After (or one that is no number or date)
MAX_ANSWER = 32 * 1024 * 1024  # bytes; an entity document is at most a few MB


@dataclass(frozen=True)
class Fetched:
    """What the site answered for one Q-id."""

    qid: str
    status: str  # found, redirect (merged into `target`) or missing (deleted / never created)
    target: str | None  # the id of the document served (the Q-id itself unless merged)
    revision: int | None
    fetched: str  # when, UTC, to the second
    document: bytes | None  # {"entities": {target: ...}} as stored


class Client:
    """Asks one site for entity documents; `sleep` and `now` are injectable for tests."""

    def __init__(
        self,
        site: str,
        contact: str | None,
        *,
        timeout: float = 30.0,
        pause: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if contact is None:
            raise DataFileError(
                "no contact for the User-Agent: Wikimedia's User-Agent policy asks every "
                "client to name a way to reach its operator",
                path="seeds/wikidata.toml",
                fix='add contact = "https://… or you@example.org" (docs/wikidata.md)',
            )
        self.site = site.rstrip("/")
        self.headers = {"User-Agent": user_agent(contact), "Accept": "application/json"}
        self.timeout, self.pause, self.sleep, self.now = timeout, pause, sleep, now
        self.max_answer = MAX_ANSWER  # an answer longer than this is refused, not read whole
        self.requests = 0

    def url(self, qid: str) -> str:
        return f"{self.site}/wiki/Special:EntityData/{qid}.json?maxlag={MAXLAG}"

    def fetch(self, qids: Iterable[str]) -> list[Fetched]:
        """Every Q-id's document, in the order given; raises EndpointError on the first
        failure (nothing is kept from the run then)."""
        return [self.one(qid) for qid in qids]

    def one(self, qid: str) -> Fetched:
        if not QID.match(qid):
            raise DataFileError(f"{qid!r} is not a Q-id", fix="e.g. Q130796")
        url = self.url(qid)
        for attempt in range(RETRIES + 1):
            if self.requests:
                self.sleep(self.pause)
            self.requests += 1
            try:
                request = urllib.request.Request(url, headers=self.headers)
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    answer = read_at_most(response, self.max_answer)
                if answer is None:
                    raise EndpointError(
                        f"{url} answered more than {self.max_answer} bytes",
                        fix="an entity document is at most a few MB: check site in "
                        "seeds/wikidata.toml",
                    )
                body = answer
                break
            except urllib.error.HTTPError as exc:
                exc.close()  # it holds the connection
                if exc.code == 404:
                    return Fetched(qid, "missing", None, None, self._stamp(), None)
                if exc.code not in (429, 503):
                    raise EndpointError(
                        f"{url} answered HTTP {exc.code}",
                        fix="try again later; if it persists, check site in seeds/wikidata.toml",
                    ) from None
                wait = retry_after(exc.headers.get("Retry-After"), self.now())
                if attempt == RETRIES or wait > LONGEST_WAIT:
                    lag = exc.headers.get("X-Database-Lag")
                    why = f" (replication lag {lag} s)" if lag else ""
                    raise EndpointError(
                        f"{url} answered HTTP {exc.code}{why} (attempt {attempt + 1} of "
                        f"{RETRIES + 1}), asking to wait {wait:g} s",
                        fix="the site is busy: run svg-rdf wikidata-fetch again later",
                    ) from None
                self.sleep(wait)
            except http.client.HTTPException as exc:  # a cut-off body, a garbled status line
                raise EndpointError(
                    f"{url} answered a broken HTTP response ({type(exc).__name__})",
                    fix="try again later; if it persists, check site in seeds/wikidata.toml",
                ) from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise EndpointError(
                    f"{url} could not be reached: {reason}",
                    fix="check the network and site in seeds/wikidata.toml, or --timeout",
                ) from None
        return self._read(qid, url, body)

    def _read(self, qid: str, url: str, body: bytes) -> Fetched:
        try:
            data = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            where = ""
            if isinstance(exc, json.JSONDecodeError):
                where = f" at line {exc.lineno} column {exc.colno}"
            raise EndpointError(
                f"{url} answered malformed JSON{where}",
                fix="the site did not send entity JSON; try again later or check site",
            ) from None
        entities = data.get("entities") if isinstance(data, dict) else None
        if not isinstance(entities, dict) or len(entities) != 1:
            raise EndpointError(
                f'{url} answered JSON without one entity in "entities"',
                fix="check that site in seeds/wikidata.toml is a Wikibase site",
            )
        ((key, entity),) = entities.items()
        if isinstance(entity, dict) and "missing" in entity:
            return Fetched(qid, "missing", None, None, self._stamp(), None)
        try:
            parsed = parse_entity(entity, url)
        except DataFileError as exc:
            raise EndpointError(exc.message, path=url, fix="try again later") from None
        if parsed.qid != key:
            raise EndpointError(f"{url} answered entity {parsed.qid} under the key {key}")
        revision = entity.get("lastrevid")
        stored = json.dumps({"entities": {key: entity}}, indent=1, sort_keys=True)
        return Fetched(
            qid,
            "found" if key == qid else "redirect",
            key,
            revision if isinstance(revision, int) else None,
            self._stamp(),
            (stored + "\n").encode("utf-8"),
        )

    def _stamp(self) -> str:
        return self.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_at_most(response: BinaryIO, limit: int) -> bytes | None:
    """The answer's body, or None as soon as it passes `limit` bytes (the rest is not read).
    A body shorter than its Content-Length raises http.client.IncompleteRead."""
    parts: list[bytes] = []
    size = 0
    while True:
        part = response.read(min(65536, limit + 1 - size))
        if not part:
            missing = getattr(response, "length", None)
            if isinstance(missing, int) and missing > 0:
                raise http.client.IncompleteRead(b"".join(parts), missing)
            return b"".join(parts)
        parts.append(part)
        size += len(part)
        if size > limit:
            return None


def retry_after(value: str | None, now: datetime) -> float:
    """Seconds to wait for a Retry-After header: a number of seconds (ASCII digits only, as
    RFC 9110's delay-seconds) or an HTTP date; anything else waits DEFAULT_WAIT."""
    seconds = header_number(value)
    if seconds is not None:
        return float(seconds)
    if value is None or not value.strip():
        return DEFAULT_WAIT
    text = value.strip()
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return DEFAULT_WAIT
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def write_snapshot(folder: Path, site: str, results: Sequence[Fetched]) -> Path:
    """Save `results` in `folder` (wikidata/items/): each document as <target>.json, then the
    index (replacing the entries of these Q-ids, keeping the others when the site is the
    same). Every file is written whole to a temporary name and renamed. Returns the index."""
    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / INDEX
    items: dict[str, Any] = {}
    if index_path.exists():
        try:
            old = json.loads(index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if isinstance(old, dict) and old.get("site") == site and isinstance(old.get("items"), dict):
            items = dict(old["items"])
    for result in results:
        entry: dict[str, Any] = {"status": result.status, "fetched": result.fetched}
        if result.document is not None and result.target is not None:
            _atomic(folder / f"{result.target}.json", result.document)
            entry.update(file=f"{result.target}.json", revision=result.revision)
            if result.status == "redirect":
                entry["target"] = result.target
        items[result.qid] = entry
    index = {"site": site, "items": dict(sorted(items.items(), key=lambda p: int(p[0][1:])))}
    _atomic(index_path, (json.dumps(index, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return index_path


def _atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        write_file(temporary, data)  # mode 0666 less the umask, fsynced
        os.replace(temporary, path)
        fsync_folder(path.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
