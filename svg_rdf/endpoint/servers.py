"""Servers: where each known SPARQL server kind takes Graph Store Protocol and query requests.

An `Endpoint` is a pair of URLs (the Graph Store Protocol service and the SPARQL query
service) plus how the server asks for credentials. URLs never carry credentials: a URL with
`user:password@` is refused, and only `display_url()` forms appear in messages.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from svg_rdf.errors import ConfigurationError

Auth = Literal["preemptive", "challenge"]

# The server kinds `svg-rdf load --server` knows: what the Graph Store Protocol service and
# the query service are called under the server's base URL. {dataset} is the Fuseki dataset
# or GraphDB repository name.
SERVER_KINDS: dict[str, tuple[str, str, Auth, bool]] = {
    # kind: (GSP path, query path, auth, needs a dataset)
    "oxigraph": ("/store", "/query", "preemptive", False),
    "fuseki": ("/{dataset}/data", "/{dataset}/sparql", "preemptive", True),
    # Virtuoso's authenticated GSP service asks for HTTP Digest: wait for its challenge
    # instead of sending a Basic password it would not accept anyway.
    "virtuoso": ("/sparql-graph-crud-auth", "/sparql", "challenge", False),
    "graphdb": (
        "/repositories/{dataset}/rdf-graphs/service",
        "/repositories/{dataset}",
        "preemptive",
        True,
    ),
}
# A documented bulk path of a server kind, asked for on each POST of a piece. Oxigraph's
# server (0.3.9 and later) loads a `/store` POST with `no_transaction` through its bulk
# loader instead of one transaction (its CHANGELOG: "better performances at the cost of
# transactional guarantees"): a piece cut off midway may be half stored, which a load of
# pieces accounts for anyway (the graph is partial until the last piece; a rerun
# replaces it).
BULK_PARAMETERS: dict[str, str] = {"oxigraph": "no_transaction"}


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL store's Graph Store Protocol URL and query URL."""

    gsp_url: str
    query_url: str
    auth: Auth = "preemptive"
    bulk_parameter: str | None = None
    """A query parameter a GSP POST of a piece carries (Oxigraph's `no_transaction`)."""

    def graph_url(self, graph: str) -> str:
        """The GSP URL addressing `graph`, its IRI percent-encoded (`#`, `&`, `=` included).

        Query parameters already on the GSP URL (e.g. Oxigraph's `no_transaction`) are kept.
        """
        parts = urllib.parse.urlsplit(self.gsp_url)
        parameter = "graph=" + urllib.parse.quote(graph, safe="")
        query = f"{parts.query}&{parameter}" if parts.query else parameter
        return urllib.parse.urlunsplit(parts._replace(query=query))


def display_url(url: str) -> str:
    """`url` as messages show it: never with a user name or password."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    netloc, slash, path = rest.partition("/")
    return f"{scheme}://{netloc.rpartition('@')[2]}{slash}{path}"


def check_url(url: str, *, option: str) -> str:
    """`url` itself; raises ConfigurationError unless it is a plain http(s) URL."""
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        raise ConfigurationError(
            f"{option}: not a valid URL: {display_url(url)!r}",
            fix="give the server's address, e.g. http://127.0.0.1:7878",
        ) from None
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            f"{option}: credentials in the URL are not accepted ({display_url(url)})",
            fix="remove them and set SVG_RDF_USER and SVG_RDF_PASSWORD, or use a netrc file",
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"{option}: {url!r} is not an http or https URL",
            fix="give the server's address, e.g. http://127.0.0.1:7878",
        )
    if parts.fragment:
        raise ConfigurationError(
            f"{option}: {url!r} has a fragment (#...)",
            fix="remove it; a server never sees the part after #",
        )
    return url


def check_graph_iri(graph: str) -> str:
    """`graph` if it is an absolute IRI; raises ConfigurationError otherwise."""
    try:
        ox.NamedNode(graph)
    except ValueError as exc:
        raise ConfigurationError(
            f"--graph: {graph!r} is not an absolute IRI ({exc})",
            fix="name the graph with an IRI such as https://example.org/graph/svg",
        ) from None
    return graph


def endpoint_for(kind: str, url: str, *, dataset: str | None = None) -> Endpoint:
    """The endpoint of a known server kind at base `url`; raises ConfigurationError on bad input."""
    if kind not in SERVER_KINDS:
        raise ConfigurationError(
            f"--server: unknown server kind {kind!r}",
            fix=f"use one of {', '.join(sorted(SERVER_KINDS))}, or --gsp-url and --query-url",
        )
    gsp_path, query_path, auth, needs_dataset = SERVER_KINDS[kind]
    base = check_url(url, option="--url").rstrip("/")
    if urllib.parse.urlsplit(base).query:
        raise ConfigurationError(
            f"--url: {base!r} has a query string",
            fix="give the server's base address; use --gsp-url for a full service URL",
        )
    if needs_dataset:
        if not dataset:
            raise ConfigurationError(
                f"--server {kind} needs --dataset",
                fix="name the Fuseki dataset or GraphDB repository to load into",
            )
        segment = urllib.parse.quote(dataset, safe="")
        gsp_path = gsp_path.format(dataset=segment)
        query_path = query_path.format(dataset=segment)
    elif dataset:
        raise ConfigurationError(
            f"--server {kind} takes no --dataset",
            fix="leave out --dataset, or use --gsp-url for a different service",
        )
    return Endpoint(base + gsp_path, base + query_path, auth, BULK_PARAMETERS.get(kind))


def custom_endpoint(gsp_url: str, query_url: str, *, auth: Auth = "preemptive") -> Endpoint:
    """An endpoint of any other server from its two URLs; raises ConfigurationError on bad input."""
    return Endpoint(
        check_url(gsp_url, option="--gsp-url"), check_url(query_url, option="--query-url"), auth
    )
