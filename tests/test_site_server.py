"""IRIs that dereference: content negotiation and 303 See Other over real HTTP.

`svg-rdf serve` runs as a subprocess, as a user runs it; requests go over real sockets to
127.0.0.1 and what comes back is parsed with rdflib.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from svg_rdf.graph.vocab import RDFS, OurNamespaces
from svg_rdf.site.negotiation import OFFERS, negotiate
from tests.deref_support import SAMPLES, describes, entity_of, lands_on_the_node, samples
from tests.site_support import serving_site

OURS = OurNamespaces("https://w3id.org/svg-rdf/", "svg")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        (None, "html"),
        ("", "html"),
        ("*/*", "html"),
        (BROWSER, "html"),
        ("text/turtle", "ttl"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "jsonld"),
        ("text/turtle;q=0.5, application/ld+json", "jsonld"),
        ("application/ld+json;q=0.2, text/turtle;q=0.9, */*;q=0.1", "ttl"),
        ("text/*", "html"),
        ("text/*;q=0.5, text/turtle", "ttl"),
        ("TEXT/TURTLE", "ttl"),
        ("text/html;q=0, */*", "ttl"),
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("garbage, ,;;", None),
    ],
)
def test_negotiation(accept: str | None, suffix: str | None) -> None:
    assert negotiate(accept) == suffix


@given(st.text(max_size=80))
def test_negotiation_never_fails_on_any_header(accept: str) -> None:
    assert negotiate(accept) in {None, *(suffix for _, suffix in OFFERS)}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serving_site() as url:
        yield url


def request(
    base: str, path: str, accept: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        headers = {"Accept": accept} if accept is not None else {}
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("accept", "suffix", "media", "rdf_format"),
    [
        ("text/turtle", "ttl", "text/turtle; charset=utf-8", "turtle"),
        ("application/n-triples", "nt", "application/n-triples", "nt"),
        ("application/ld+json", "jsonld", "application/ld+json", "json-ld"),
    ],
)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_an_entity_iri_answers_303_to_rdf(
    base: str, accept: str, suffix: str, media: str, rdf_format: str
) -> None:
    status, headers, _ = request(base, "/entity/lev-shuster", accept)
    assert status == 303
    assert headers["location"] == f"/site/entity/lev-shuster.{suffix}"
    assert headers["vary"] == "Accept"
    status, headers, body = request(base, headers["location"], accept)
    assert status == 200
    assert headers["content-type"] == media
    graph = Graph().parse(data=body, format=rdf_format)
    entity = OURS.entity["lev-shuster"]
    assert (entity, RDFS.label, None) in graph
    assert len(set(graph.predicates(entity))) > 3


def test_a_browser_gets_the_page(base: str) -> None:
    status, headers, _ = request(base, "/entity/lev-shuster", BROWSER)
    assert (status, headers["location"]) == (303, "/site/entity/lev-shuster.html")
    status, headers, body = request(base, headers["location"], BROWSER)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"<h1>Lev Shuster</h1>" in body
    assert "default-src 'self'" in headers["content-security-policy"]


def test_sources_and_the_dataset_dereference(base: str) -> None:
    status, headers, _ = request(base, "/source/001_fac9f245705e1fde", "text/turtle")
    assert (status, headers["location"]) == (303, "/site/source/001_fac9f245705e1fde.ttl")
    status, headers, _ = request(base, "/dataset", "application/ld+json")
    assert (status, headers["location"]) == (303, "/site/dataset.jsonld")
    status, _, body = request(base, "/site/dataset.ttl")
    described = Graph().parse(data=body, format="turtle")
    assert (OURS.dataset, None, None) in described


def test_unknown_things_and_unacceptable_types(base: str) -> None:
    assert request(base, "/entity/no-such-thing", "text/turtle")[0] == 404
    assert request(base, "/site/entity/no-such-thing.html")[0] == 404
    status, headers, body = request(base, "/entity/lev-shuster", "image/png")
    assert status == 406 and headers["vary"] == "Accept"
    assert b"text/turtle" in body


def test_head_etag_and_site_root(base: str) -> None:
    status, headers, body = request(base, "/site/index.html", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 100
    connection = http.client.HTTPConnection("127.0.0.1", urllib.parse.urlsplit(base).port)
    try:
        connection.request("GET", "/site/index.html", headers={"If-None-Match": headers["etag"]})
        assert connection.getresponse().status == 304
    finally:
        connection.close()
    status, headers, _ = request(base, "/site/")
    assert (status, headers["location"]) == (302, "/site/index.html")


def test_downloads_and_sparql_on_the_same_port(base: str) -> None:
    status, headers, body = request(base, "/svg-rdf.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    query = urllib.parse.urlencode(
        {"query": f"SELECT ?l WHERE {{ <{OURS.entity['lev-shuster']}> <{RDFS.label}> ?l }}"}
    )
    status, _, body = request(base, f"/query?{query}", "application/sparql-results+json")
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    assert [row["l"]["value"] for row in rows] == ["Lev Shuster"]
    assert isinstance(OURS.entity["x"], URIRef)


@pytest.mark.parametrize("kind", SAMPLES)
def test_statement_reference_and_value_iris_answer_a_browser(base: str, kind: str) -> None:
    path = samples()[kind]
    status, headers, _ = request(base, f"/{path}", BROWSER)
    assert status == 303 and headers["vary"] == "Accept"
    location = headers["location"]
    assert lands_on_the_node(location, path), location
    status, headers, body = request(base, location.partition("#")[0], BROWSER)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert f'id="{location.partition("#")[2]}"'.encode() in body


@pytest.mark.parametrize("kind", SAMPLES)
@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_statement_reference_and_value_iris_answer_rdf(
    base: str, kind: str, accept: str, rdf_format: str
) -> None:
    path = samples()[kind]
    status, headers, _ = request(base, f"/{path}", accept)
    assert status == 303 and headers["vary"] == "Accept"
    location = headers["location"]
    assert entity_of(location) is not None and "#" not in location, location
    status, headers, body = request(base, location, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    assert describes(Graph().parse(data=body, format=rdf_format), path)


def test_unknown_nodes_are_not_found(base: str) -> None:
    for path in ("/statement/" + "0" * 40, "/reference/" + "0" * 40 + "-quote", "/value/ab12"):
        assert request(base, path, "text/turtle")[0] == 404, path
    path = samples()["statement"]
    status, headers, _ = request(base, f"/{path}", "image/png")
    assert status == 406 and headers["vary"] == "Accept"
