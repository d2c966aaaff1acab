"""`check --endpoint` runs each SHACL-SPARQL constraint with a class target per page of focus
nodes (svg_rdf/endpoint/check_remote.py's `by_focus`): the queries it writes, and the same
findings from a real Oxigraph server when every page holds two focus nodes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from svg_rdf.endpoint import check_remote, remote_pages
from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
from svg_rdf.errors import EndpointError
from tests.broken_corpus import CORPUS
from tests.conftest import make_project
from tests.test_check_endpoint import GRAPH, check, essentials, put

TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CONSTRAINT = (
    "SELECT $this ?value WHERE { { VALUES ?svgClass { <http://e.org/C> } "
    f"$this <{TYPE}> ?svgClass . }} $this <http://e.org/p> ?value . }}"
)


def foci(*terms: object) -> Callable[[str], list[object]]:
    def nodes(pattern: str) -> list[object]:
        assert pattern == f"VALUES ?svgClass {{ <http://e.org/C> }} $this <{TYPE}> ?svgClass ."
        return list(terms)

    return nodes


def test_a_class_target_becomes_pages_of_focus_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote_pages, "PAGE", 2)
    names = [ox.NamedNode(f"http://e.org/n{i}") for i in range(5)]
    pages = list(check_remote.by_focus(foci(*names), CONSTRAINT))
    assert pages == [
        "SELECT $this ?value WHERE { { VALUES $this { <http://e.org/n0> <http://e.org/n1> } }"
        " $this <http://e.org/p> ?value . }",
        "SELECT $this ?value WHERE { { VALUES $this { <http://e.org/n2> <http://e.org/n3> } }"
        " $this <http://e.org/p> ?value . }",
        "SELECT $this ?value WHERE { { VALUES $this { <http://e.org/n4> } }"
        " $this <http://e.org/p> ?value . }",
    ]


def test_no_focus_node_means_no_query() -> None:
    assert list(check_remote.by_focus(foci(), CONSTRAINT)) == []


def test_a_blank_focus_node_or_another_target_keeps_the_query_whole() -> None:
    blank = foci(ox.NamedNode("http://e.org/n0"), ox.BlankNode("b0"))
    assert list(check_remote.by_focus(blank, CONSTRAINT)) == [CONSTRAINT]
    other = "SELECT $this WHERE { $this <http://e.org/p> ?value . }"
    assert list(check_remote.by_focus(foci(), other)) == [other]


def test_only_virtuoso_gets_pages() -> None:
    remote = remote_pages.Remote("http://127.0.0.1:9/sparql", None)
    assert not remote.pages_by_focus()
    remote.server = "Virtuoso/07.20.3233 (Linux) x86_64-pc-linux-gnu"
    assert remote.pages_by_focus()
    remote.server = "Oxigraph/0.5.2"
    assert not remote.pages_by_focus()


@pytest.mark.slow
def test_virtuoso_is_sent_pages_and_gives_the_local_findings(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svg_rdf.endpoint import gsp
    from svg_rdf.endpoint.credentials import Credentials
    from svg_rdf.endpoint.servers import endpoint_for
    from svg_rdf.endpoint.transport import Timeouts
    from svg_rdf.endpoint.virtuoso import DBA
    from tests.stores import start_virtuoso

    sent: list[str] = []
    paging = check_remote.by_focus

    def spy(nodes: Callable[[str], list[object]], text: str) -> Iterator[str]:
        for page in paging(nodes, text):
            sent.append(page)
            yield page

    monkeypatch.setattr(check_remote, "by_focus", spy)
    monkeypatch.setattr(remote_pages, "PAGE", 2)
    path = CORPUS / "combined-values.ttl"
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        client = gsp.Client(
            endpoint_for("virtuoso", server.url),
            credentials=Credentials(*DBA, "test"),
            policy=gsp.Policy(Timeouts(connect=5.0, request=60.0), retries=0, backoff=0.0),
        )
        data = ox.serialize(
            ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
        )
        assert data is not None
        gsp.put_graph(client, GRAPH, data)
        code, remote, err = check(project, "--endpoint", f"{server.url}/sparql", "--graph", GRAPH)
    finally:
        server.stop()
    assert code == 1, err
    assert essentials(remote) == essentials(check(project, str(path))[1])
    assert any("VALUES $this {" in page for page in sent)


ITEM = ox.NamedNode("http://wikiba.se/ontology#Item")


def copied(path: Path, copies: int) -> list[ox.Triple]:
    """The triples of `path` and `copies` copies of every item in it, under new IRIs."""
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    items = {t.subject for t in triples if t.predicate.value == TYPE and t.object == ITEM}
    return triples + [
        ox.Triple(ox.NamedNode(f"{t.subject.value}-{n}"), t.predicate, t.object)
        for n in range(copies)
        for t in triples
        if t.subject in items
    ]


@pytest.mark.slow
def test_more_findings_than_virtuoso_sorts_or_answers_give_the_local_verdict(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Virtuoso refuses an ORDER BY whose OFFSET and LIMIT pass MaxSortedTopRows (SR353) and
    cuts answers at ResultSetMaxRows, counting the rows an OFFSET skips in some plans: here
    20 and 15 instead of 10,000 each, pages of 5 (offset pages read 15 of 74 results of a
    query), and 31 findings of one check (an item without an English label, 30 copies)."""
    from svg_rdf.endpoint import gsp
    from svg_rdf.endpoint.credentials import Credentials
    from svg_rdf.endpoint.servers import endpoint_for
    from svg_rdf.endpoint.transport import Timeouts
    from svg_rdf.endpoint.virtuoso import DBA
    from tests.stores import start_virtuoso

    monkeypatch.setattr(remote_pages, "PAGE", 5)
    path = tmp_path / "many.nt"
    triples = copied(CORPUS / "no-english-label.ttl", 30)
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    sources = ("--sources", str(project / "seeds"))  # the span checks: their nodes fetched
    local_code, local_out, _ = check(project, str(path), *sources)
    local = essentials(local_out)
    assert sum("English label" in str(finding) for finding in local) == 31
    server = start_virtuoso(tmp_path / "virtuoso", result_rows=15, sorted_rows=20)
    try:
        client = gsp.Client(
            endpoint_for("virtuoso", server.url),
            credentials=Credentials(*DBA, "test"),
            policy=gsp.Policy(Timeouts(connect=5.0, request=60.0), retries=0, backoff=0.0),
        )
        gsp.put_graph(client, GRAPH, path.read_bytes())
        remote_check = ("--endpoint", f"{server.url}/sparql", "--graph", GRAPH, *sources)
        code, remote, err = check(project, *remote_check)
        offset = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 5 OFFSET 20"
        with pytest.raises(EndpointError, match="SR353"):  # where OFFSET pages stopped
            remote_pages.Remote(f"{server.url}/sparql", GRAPH).select(offset, "paging")
    finally:
        server.stop()
    assert (code, essentials(remote)) == (local_code, local), err
    assert json.loads(remote)["sources_verified"] == json.loads(local_out)["sources_verified"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("pages") / "p")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path_factory.mktemp("ox") / "store", port=free_port()) as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("name", ["combined-statements", "combined-values", "sources-disagree"])
def test_pages_of_two_focus_nodes_give_the_local_findings(
    name: str, project: Path, oxigraph: OxigraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = CORPUS / f"{name}.ttl"
    put(oxigraph.url, path)
    local_code, local_out, _ = check(project, str(path))
    local = essentials(local_out)
    monkeypatch.setattr(remote_pages, "PAGE", 2)
    monkeypatch.setattr(remote_pages.Remote, "pages_by_focus", lambda self: True)
    code, remote, err = check(project, "--endpoint", f"{oxigraph.url}/query", "--graph", GRAPH)
    assert code == local_code, err
    assert essentials(remote) == local
    assert any("disagree" in str(finding) for finding in local) == (name != "combined-statements")
