"""Endpoint addresses: each server kind's services, graph IRIs percent-encoded, URLs checked."""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svg_rdf.endpoint.servers import (
    Endpoint,
    check_graph_iri,
    custom_endpoint,
    display_url,
    endpoint_for,
)
from svg_rdf.errors import ConfigurationError


@pytest.mark.parametrize(
    ("kind", "dataset", "gsp", "query", "auth"),
    [
        ("oxigraph", None, "http://h:7878/store", "http://h:7878/query", "preemptive"),
        ("fuseki", "svg", "http://h:7878/svg/data", "http://h:7878/svg/sparql", "preemptive"),
        (
            "virtuoso",
            None,
            "http://h:7878/sparql-graph-crud-auth",
            "http://h:7878/sparql",
            "challenge",
        ),
        (
            "graphdb",
            "svg",
            "http://h:7878/repositories/svg/rdf-graphs/service",
            "http://h:7878/repositories/svg",
            "preemptive",
        ),
    ],
)
def test_each_server_kind_has_its_services(
    kind: str, dataset: str | None, gsp: str, query: str, auth: str
) -> None:
    endpoint = endpoint_for(kind, "http://h:7878/", dataset=dataset)
    bulk = "no_transaction" if kind == "oxigraph" else None  # its server's bulk loader
    assert endpoint == Endpoint(gsp, query, auth, bulk)  # type: ignore[arg-type]


def test_a_dataset_name_is_one_path_segment() -> None:
    endpoint = endpoint_for("fuseki", "http://h:3030", dataset="a/b c")
    assert endpoint.gsp_url == "http://h:3030/a%2Fb%20c/data"


@pytest.mark.parametrize(
    ("kind", "dataset", "says"),
    [
        ("fuseki", None, "needs --dataset"),
        ("graphdb", "", "needs --dataset"),
        ("oxigraph", "x", "takes no --dataset"),
        ("blazegraph", None, "unknown server kind"),
    ],
)
def test_dataset_rules(kind: str, dataset: str | None, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        endpoint_for(kind, "http://h:1", dataset=dataset)


def test_graph_iri_with_hash_and_ampersand_is_percent_encoded() -> None:
    url = Endpoint("http://h/store", "http://h/query").graph_url("http://example.org/g#a&b=c")
    assert url == "http://h/store?graph=http%3A%2F%2Fexample.org%2Fg%23a%26b%3Dc"


def test_existing_query_parameters_are_kept() -> None:
    url = Endpoint("http://h/store?no_transaction", "http://h/query").graph_url("urn:x")
    assert url == "http://h/store?no_transaction&graph=urn%3Ax"


IRI_CHARACTERS = st.sampled_from([*list("abcXYZ019-._~:/?#[]@!$&'()*+,;=%"), "é", "日", "😀"])


@given(st.text(IRI_CHARACTERS, min_size=1, max_size=40), st.booleans())
def test_every_graph_iri_round_trips_through_the_query_string(tail: str, existing: bool) -> None:
    iri = "http://example.org/" + tail
    gsp = "http://h/store?no_transaction" if existing else "http://h/store"
    query = urllib.parse.urlsplit(Endpoint(gsp, "http://h/query").graph_url(iri)).query
    assert urllib.parse.parse_qs(query, keep_blank_values=True)["graph"] == [iri]
    assert "#" not in query and "&graph=" not in query.replace("no_transaction&graph=", "")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://alice:s3cret@h:7878", "credentials in the URL are not accepted"),
        ("ftp://h/store", "is not an http or https URL"),
        ("http://h/store#x", "has a fragment"),
        ("http://h:port/store", "not a valid URL"),
        ("h:7878", "is not an http or https URL"),
    ],
)
def test_bad_urls_are_refused_without_echoing_a_password(url: str, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says) as caught:
        custom_endpoint(url, "http://h/query")
    assert "s3cret" not in str(caught.value)


def test_display_url_drops_user_and_password() -> None:
    assert display_url("https://alice:s3cret@h:8890/sparql?x=1") == "https://h:8890/sparql?x=1"
    assert display_url("http://h/store") == "http://h/store"


@pytest.mark.parametrize("iri", ["relative/graph", "http://a b", "http://a>b", ""])
def test_graph_must_be_an_absolute_iri(iri: str) -> None:
    with pytest.raises(ConfigurationError, match="not an absolute IRI"):
        check_graph_iri(iri)


def test_graph_iri_may_hold_hash_ampersand_and_unicode() -> None:
    assert check_graph_iri("http://example.org/g#a&b=c/é") == "http://example.org/g#a&b=c/é"
