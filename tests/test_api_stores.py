"""The public API's store calls, against real servers on free 127.0.0.1 ports:
`svg_rdf.load` into a real Oxigraph server, `svg_rdf.serve` starting one (read back over
plain HTTP, not through our client), and both refusing a graph that violates the shapes."""

from __future__ import annotations

import json
import os
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS, SH

import svg_rdf
from svg_rdf.endpoint import process
from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
from svg_rdf.endpoint.process import BROWSER_BLOCKED_PORTS
from svg_rdf.pipeline import Compiled
from svg_rdf.validation.shacl import Finding, Report
from tests.conftest import make_project
from tests.loopback import LoopbackServer, proxy

GRAPH = "http://example.org/graphs/api#v1"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> svg_rdf.Project:
    return svg_rdf.open_project(make_project(tmp_path_factory.mktemp("stores") / "p"))


@pytest.fixture(scope="module")
def compiled(project: svg_rdf.Project) -> Compiled:
    return svg_rdf.compile_project(project)


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path / "store", port=free_port()) as server:
        yield server


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SVG_RDF_USER", raising=False)
    monkeypatch.delenv("SVG_RDF_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def violating(compiled: Compiled) -> Compiled:
    finding = Finding(
        "violation",
        URIRef("https://example.org/x"),
        RDFS.label,
        None,
        "needs a label",
        "shape",
        SH.MinCountConstraintComponent,
    )
    return replace(compiled, report=Report((finding,)))


def stored(url: str, graph: str) -> set[ox.Triple]:
    """The named graph as the server's own Graph Store Protocol service gives it."""
    request = urllib.request.Request(
        f"{url}/store?graph={urllib.parse.quote(graph, safe='')}",
        headers={"Accept": "application/n-triples"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            data = answer.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return set()
        raise
    return {quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def select(url: str, query: str) -> list[dict[str, str]]:
    """SPARQL 1.1 Protocol GET: the rows, each variable to its value."""
    request = urllib.request.Request(
        f"{url}?query={urllib.parse.quote(query)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        document = json.load(answer)
    return [{k: v["value"] for k, v in row.items()} for row in document["results"]["bindings"]]


def listening(port: int) -> bool:
    """Whether a server accepts connections on the port (a closed one may still be held
    in TIME_WAIT by its last connection, so binding it is not the test)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def own_folders() -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"svg-rdf-serve-{os.getpid()}-*"))


# load ----------------------------------------------------------------------------------


def test_load_puts_exactly_the_compiled_graph(
    project: svg_rdf.Project, compiled: Compiled, oxigraph: OxigraphServer
) -> None:
    sizes: list[tuple[int, int]] = []
    result = svg_rdf.load(
        project,
        server="oxigraph",
        url=oxigraph.url,
        graph=GRAPH,
        progress=lambda sent, total: sizes.append((sent, total)),
    )
    assert stored(oxigraph.url, GRAPH) == compiled.triples
    assert (result.graph, result.triples) == (GRAPH, len(compiled.triples))
    assert result.endpoint.gsp_url == f"{oxigraph.url}/store" and result.attempts == 1
    assert sizes and sizes[-1] == (result.bytes, result.bytes)
    again = svg_rdf.load(project, server="oxigraph", url=oxigraph.url, graph=GRAPH)
    assert again.triples == result.triples and stored(oxigraph.url, GRAPH) == compiled.triples


def test_load_by_service_urls_into_the_dataset_graph(
    project: svg_rdf.Project, compiled: Compiled, oxigraph: OxigraphServer
) -> None:
    result = svg_rdf.load(
        project, gsp_url=f"{oxigraph.url}/store", query_url=f"{oxigraph.url}/query"
    )
    dataset = str(compiled.ours.dataset)
    assert result.graph == dataset and stored(oxigraph.url, dataset) == compiled.triples


def test_load_refuses_a_graph_that_violates_the_shapes(
    project: svg_rdf.Project,
    compiled: Compiled,
    oxigraph: OxigraphServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = violating(compiled)
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", lambda *_a, **_k: bad)
    with pytest.raises(svg_rdf.ViolationError) as caught:
        svg_rdf.load(project, server="oxigraph", url=oxigraph.url, graph=GRAPH)
    assert caught.value.report is bad.report
    assert str(caught.value) == (
        "the graph violates the shapes (1 violations); nothing was sent; "
        "run svg-rdf build to see them"
    )
    assert stored(oxigraph.url, GRAPH) == set()


def test_load_with_a_password_given_in_python(
    project: svg_rdf.Project, compiled: Compiled, oxigraph: OxigraphServer
) -> None:
    """Behind a proxy that wants alice's Basic password: the right one loads, a wrong one is
    refused without showing it, and one without the other is a usage error."""
    with LoopbackServer(proxy(oxigraph.url, password=("alice", "right"))) as guarded:
        with pytest.raises(svg_rdf.EndpointError) as caught:
            svg_rdf.load(
                project, server="oxigraph", url=guarded.url, graph=GRAPH, user="alice",
                password="wrong-s3cret", retries=0,
            )  # fmt: skip
        assert "refused the credentials from the user and password arguments" in str(caught.value)
        assert "s3cret" not in str(caught.value) and stored(oxigraph.url, GRAPH) == set()
        result = svg_rdf.load(
            project, server="oxigraph", url=guarded.url, graph=GRAPH, user="alice",
            password="right",
        )  # fmt: skip
    assert result.triples == len(compiled.triples)
    assert stored(oxigraph.url, GRAPH) == compiled.triples
    with pytest.raises(ValueError, match="both user and password"):
        svg_rdf.load(project, server="oxigraph", url=oxigraph.url, user="alice")


def test_load_says_which_store_failed(project: svg_rdf.Project) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(svg_rdf.EndpointError, match=f"127.0.0.1:{port}"):
        svg_rdf.load(
            project,
            server="oxigraph",
            url=f"http://127.0.0.1:{port}",
            graph=GRAPH,
            retries=0,
            connect_timeout=1.0,
        )


@pytest.mark.parametrize(
    "where",
    [
        {"server": "oxigraph"},
        {"server": "oxigraph", "url": "http://127.0.0.1:1", "gsp_url": "http://127.0.0.1:1/s"},
        {"gsp_url": "http://127.0.0.1:1/store"},
        {"url": "http://127.0.0.1:1"},
    ],
)
def test_load_wants_one_way_to_name_the_store(
    project: svg_rdf.Project, where: dict[str, str]
) -> None:
    with pytest.raises(ValueError):
        svg_rdf.load(project, **where)  # type: ignore[arg-type]


def test_load_refuses_a_bad_graph_iri(project: svg_rdf.Project) -> None:
    with pytest.raises(svg_rdf.ConfigurationError):
        svg_rdf.load(project, server="oxigraph", url="http://127.0.0.1:1", graph="not an iri")


# serve ---------------------------------------------------------------------------------


def test_serve_the_built_graph_with_its_site(project: svg_rdf.Project, compiled: Compiled) -> None:
    port = free_port()
    with svg_rdf.serve(project, port=port) as serving:
        assert serving.url == f"http://127.0.0.1:{port}" and serving.running()
        assert serving.triples == len(compiled.triples) and serving.data is None
        (row,) = select(serving.sparql_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(row["n"]) == len(compiled.triples)
        with urllib.request.urlopen(f"{serving.url}/site/index.html", timeout=30) as page:
            assert page.status == 200 and b"<html" in page.read()
        update = urllib.request.Request(
            f"{serving.server.url}/update",
            data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update"},
        )
        with pytest.raises(urllib.error.HTTPError):  # read-only
            urllib.request.urlopen(update, timeout=30)
        assert serving.wait(timeout=0.1) is None  # still running
        assert own_folders()
    assert not serving.running() and not listening(port)
    assert not listening(serving.server.port) and own_folders() == []
    serving.stop()  # again: nothing to do


def test_serve_a_file_without_a_site(project: svg_rdf.Project, tmp_path: Path) -> None:
    data = tmp_path / "g.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n", encoding="utf-8")
    serving = svg_rdf.serve(project, data=data)  # a free port
    try:
        # no site, but the guarding front: Oxigraph itself is on another port
        assert serving.site is None and serving.url == serving.front.url != serving.server.url
        assert serving.server.port in BROWSER_BLOCKED_PORTS  # no web page reaches it
        assert serving.data == data and serving.triples is None
        rows = select(serving.sparql_url, "SELECT ?o WHERE { <urn:a> <urn:b> ?o } ORDER BY ?o")
        assert [row["o"] for row in rows] == ["urn:c", "urn:d"]
    finally:
        serving.stop()
    assert not serving.running() and own_folders() == []


def test_serve_refuses_when_every_browser_blocked_port_is_taken(
    project: svg_rdf.Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(process, "port_is_free", lambda port, host="127.0.0.1": False)
    with pytest.raises(svg_rdf.EndpointError, match="every port browsers refuse") as refused:
        svg_rdf.serve(project, port=free_port())
    assert "6000" in str(refused.value) and own_folders() == []


def test_serve_refuses_a_taken_port_and_a_missing_file(
    project: svg_rdf.Project, oxigraph: OxigraphServer, tmp_path: Path
) -> None:
    with pytest.raises(svg_rdf.EndpointError, match=f"port {oxigraph.port} .* in use"):
        svg_rdf.serve(project, port=oxigraph.port)
    with pytest.raises(svg_rdf.SvgRdfError, match="file not found"):
        svg_rdf.serve(project, data=tmp_path / "missing.nt")
    assert own_folders() == []


def test_serve_refuses_a_graph_that_violates_the_shapes(
    project: svg_rdf.Project, compiled: Compiled, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = violating(compiled)
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", lambda *_a, **_k: bad)
    port = free_port()
    with pytest.raises(svg_rdf.ViolationError, match="nothing to serve"):
        svg_rdf.serve(project, port=port)
    assert not listening(port) and own_folders() == []


def test_serve_leaves_nothing_when_the_store_cannot_be_filled(
    project: svg_rdf.Project, tmp_path: Path
) -> None:
    data = tmp_path / "bad.nt"
    data.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(svg_rdf.EndpointError, match="oxigraph load failed"):
        svg_rdf.serve(project, data=data)
    assert own_folders() == []


EXPLODING = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c LIMIT 1"


def test_a_query_past_the_memory_limit_stops_the_server_which_restarts(
    project: svg_rdf.Project,
) -> None:
    """A 3-way cartesian product of our 8,608 triples, sorted: unbounded, Oxigraph takes
    the machine's memory for a minute (the timeout). With the limit it stops within a
    second, saying why, and serves again after restart()."""
    graph = Path(__file__).resolve().parents[1] / "output" / "svg-rdf.nt"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with svg_rdf.serve(project, data=graph, query_memory=1024) as serving:
        assert serving.server.memory_limit == 1 << 30
        (row,) = select(serving.sparql_url, count)
        request = urllib.request.Request(
            serving.sparql_url,
            data=EXPLODING.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(request, timeout=60)
        failed.value.close()
        assert failed.value.code == 502  # the front answers for the server that stopped
        assert serving.wait(timeout=30) is not None
        assert serving.ran_out_of_memory()
        serving.restart()
        assert serving.running() and select(serving.sparql_url, count) == [row]
    assert own_folders() == []
