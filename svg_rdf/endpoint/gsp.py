"""GSP: replace a named graph with a Graph Store Protocol PUT; ask the query service.

`PUT` replaces the whole graph, so loading twice leaves the same state. Every request is
retried a bounded number of times with exponential backoff on errors worth retrying (no
answer, HTTP 408/429/5xx). Every failure is an EndpointError naming the service and the
graph, never a credential. `verify` checks what a PUT left; `load` does both.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.servers import Endpoint, display_url
from svg_rdf.endpoint.transport import (
    Body,
    Progress,
    Response,
    Timeouts,
    TransportError,
    send,
)
from svg_rdf.errors import EndpointError

NTRIPLES = "application/n-triples"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"


class NoAnswerError(EndpointError):
    """A request got no HTTP answer (refused, cut off, past its deadline): whether the server
    acted on it is unknown."""


@dataclass(frozen=True)
class Policy:
    """How patient to be: timeouts, retries after the first attempt, first backoff delay."""

    timeouts: Timeouts = field(default_factory=Timeouts)
    retries: int = 3
    backoff: float = 1.0


def _digest_authorization(
    credentials: Credentials, challenge: str, method: str, url: str
) -> str | None:
    """An `Authorization: Digest` value answering `challenge`, by urllib's implementation."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, credentials.user, credentials.password)
    handler = urllib.request.AbstractDigestAuthHandler(passwords)
    parameters = urllib.request.parse_keqv_list(
        [item for item in urllib.request.parse_http_list(challenge) if item]
    )
    try:
        value = handler.get_authorization(urllib.request.Request(url, method=method), parameters)
    except (ValueError, urllib.error.URLError):  # an algorithm or qop urllib does not know
        return None
    return None if value is None else f"Digest {value}"


def _answer_challenge(
    response: Response, credentials: Credentials, method: str, url: str
) -> str | None:
    """The Authorization value for a 401's challenges: Digest when offered, else Basic."""
    challenges = [value.strip() for value in response.header_values("WWW-Authenticate")]
    for challenge in challenges:
        scheme, _, parameters = challenge.partition(" ")
        if scheme.lower() == "digest":
            return _digest_authorization(credentials, parameters, method, url)
    if any(challenge.lower().startswith("basic") for challenge in challenges):
        return credentials.basic_authorization()
    return None


class Client:
    """Requests to one endpoint with its credentials, timeouts and retry policy."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        credentials: Credentials | None = None,
        policy: Policy = Policy(),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self.credentials = credentials
        self.policy = policy
        self.sleep = sleep
        # Credentials go only to the server of the GSP service, never to another host.
        self._origin = _origin(endpoint.gsp_url)

    def _once(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Body | None,
        progress: Progress | None,
    ) -> Response:
        credentials = self.credentials if _origin(url) == self._origin else None
        request_headers = dict(headers)
        probed = False
        if credentials is not None and self.endpoint.auth == "preemptive":
            request_headers["Authorization"] = credentials.basic_authorization()
        elif credentials is not None and body:
            # A server that challenges (Virtuoso's Digest) would refuse the first upload
            # and have it sent twice: fetch the challenge with a body-less HEAD first.
            probe = send("HEAD", url, headers={}, timeouts=self.policy.timeouts)
            if probe.status == 401:
                authorization = _answer_challenge(probe, credentials, method, url)
                if authorization is not None:
                    request_headers["Authorization"] = authorization
                    probed = True
        response = send(
            method,
            url,
            headers=request_headers,
            body=body,
            timeouts=self.policy.timeouts,
            progress=progress,
        )
        if response.status != 401 or credentials is None:
            return response
        challenges = " ".join(response.header_values("WWW-Authenticate")).lower()
        if probed and "stale=true" not in challenges.replace('"', "").replace(" ", ""):
            return response  # the credentials themselves were refused: asking again won't help
        authorization = _answer_challenge(response, credentials, method, url)
        if authorization is None or authorization == request_headers.get("Authorization"):
            return response
        request_headers["Authorization"] = authorization
        return send(
            method,
            url,
            headers=request_headers,
            body=body,
            timeouts=self.policy.timeouts,
            progress=progress,
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        headers: Mapping[str, str],
        body: Body | None = None,
        progress: Progress | None = None,
    ) -> tuple[Response, int]:
        """The first answer not worth retrying, and the number of attempts it took.

        Raises EndpointError (`what` says which operation) when every attempt failed.
        """
        attempts = self.policy.retries + 1
        failure: TransportError | Response | None = None
        for attempt in range(1, attempts + 1):
            if attempt > 1:
                self.sleep(min(self.policy.backoff * 2 ** (attempt - 2), MAX_BACKOFF))
            try:
                response = self._once(method, url, headers, body, progress)
            except TransportError as exc:
                failure = exc
                continue
            if response.status not in RETRY_STATUSES:
                return response, attempt
            failure = response
        assert failure is not None
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        if isinstance(failure, TransportError):
            error = self.error(url, f"{what} failed: {failure.reason}{tries}", failure.fix)
            raise NoAnswerError(error.message, path=error.path, fix=error.fix)
        raise self.http_error(url, what, failure, tries)

    def error(self, url: str, message: str, fix: str) -> EndpointError:
        text = message if self.credentials is None else self.credentials.redact(message)
        return EndpointError(text, path=_service(url), fix=fix)

    def http_error(self, url: str, what: str, response: Response, tries: str = "") -> EndpointError:
        said = response.text_summary()
        message = f"{what} failed: HTTP {response.status} {response.reason}{tries}"
        if said:
            message += f" (the server says: {said})"
        return self.error(url, message, self._fix(response, url))

    def _fix(self, response: Response, url: str) -> str:
        status = response.status
        if status == 401:
            if self.credentials is None or _origin(url) != self._origin:
                return (
                    "the server wants credentials: set SVG_RDF_USER and SVG_RDF_PASSWORD, "
                    "or add the host to your netrc file"
                )
            return f"the server refused the credentials from {self.credentials.origin}"
        if status == 403:
            return "the account lacks permission to write this graph, or the server is read-only"
        if status == 404:
            return "check the server kind, --dataset and the URL (or --gsp-url/--query-url)"
        if 300 <= status < 400:
            location = response.header("Location")
            where = f" to {display_url(location)}" if location else ""
            return f"the server redirects{where}; give that URL instead"
        if status == 413:
            return "the server refuses a body this large; raise the server's upload limit"
        if status in (406, 415):
            return "the server does not accept N-Triples or SPARQL results in JSON here"
        if status >= 500:
            return "the server failed; check its log, then rerun svg-rdf load"
        return "check the server's log and the URL"


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def _service(url: str) -> str:
    """A URL as messages name the service: without query string or credentials."""
    parts = urllib.parse.urlsplit(display_url(url))
    return urllib.parse.urlunsplit(parts._replace(query=""))


def graph_label(graph: str) -> str:
    return f"graph <{graph}>"


def put_graph(client: Client, graph: str, data: Body, *, progress: Progress | None = None) -> int:
    """Replace `graph` with the N-Triples `data` (bytes, or a file streamed as it is read;
    every attempt reads it again); returns the attempts it took.

    Raises EndpointError when the server refuses or every attempt fails.
    """
    return _store(client, "PUT", graph, data, progress=progress)


def post_graph(client: Client, graph: str, data: Body, *, progress: Progress | None = None) -> int:
    """Add the N-Triples `data` to `graph` (a GSP POST, with the endpoint's bulk parameter
    when it has one); returns the attempts it took. Sending the same triples again is
    harmless (a graph is a set), so a POST whose answer was lost may be retried.

    Raises EndpointError when the server refuses or every attempt fails.
    """
    return _store(client, "POST", graph, data, progress=progress)


def _store(
    client: Client, method: str, graph: str, data: Body, *, progress: Progress | None
) -> int:
    url = client.endpoint.graph_url(graph)
    if method == "POST" and client.endpoint.bulk_parameter:
        url += f"&{client.endpoint.bulk_parameter}"
    what = f"{method} of {graph_label(graph)}"
    response, attempts = client.request(
        method,
        url,
        what=what,
        headers={"Content-Type": NTRIPLES},
        body=data,
        progress=progress,
    )
    if not 200 <= response.status < 300:
        raise client.http_error(url, what, response)
    return attempts


def select(client: Client, query: str, what: str) -> list[dict[str, dict[str, str]]]:
    """The bindings of a SELECT query on the endpoint's query service (SPARQL JSON results)."""
    url = client.endpoint.query_url
    response, _ = client.request(
        "POST",
        url,
        what=what,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
        body=urllib.parse.urlencode({"query": query}).encode("ascii"),
    )
    if response.status != 200:
        raise client.http_error(url, what, response)
    try:
        bindings = json.loads(response.body)["results"]["bindings"]
        if not isinstance(bindings, list):
            raise TypeError("bindings")
    except (ValueError, KeyError, TypeError):
        raise client.error(
            url,
            f"{what}: the answer is not SPARQL JSON results "
            f"(Content-Type {response.header('Content-Type')!r})",
            "check --query-url: it must be the server's SPARQL query service",
        ) from None
    return bindings
