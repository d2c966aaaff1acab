"""`check --endpoint` runs each SHACL-SPARQL constraint with a class target per page of focus
nodes (svg_rdf/endpoint/check_remote.py's `by_focus`): the queries it writes, and the same
findings from a real Oxigraph server when every page holds two focus nodes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from svg_rdf.endpoint import check_remote
from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
from tests.broken_corpus import CORPUS
from tests.conftest import make_project
from tests.test_check_endpoint import GRAPH, check, essentials, put

TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CONSTRAINT = (
    "SELECT $this ?value WHERE { { VALUES ?svgClass { <http://e.org/C> } "
    f"$this <{TYPE}> ?svgClass . }} $this <http://e.org/p> ?value . }}"
)


def foci(*terms: object) -> check_remote.Query:
    def query(text: str) -> Iterator[dict[str, object]]:
        assert text.startswith("SELECT DISTINCT ?this WHERE { VALUES ?svgClass")
        return iter([{"this": term} for term in terms])

    return query


def test_a_class_target_becomes_pages_of_focus_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_remote, "PAGE", 2)
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
    monkeypatch.setattr(check_remote, "PAGE", 2)
    code, remote, err = check(project, "--endpoint", f"{oxigraph.url}/query", "--graph", GRAPH)
    assert code == local_code, err
    assert essentials(remote) == local
    assert any("disagree" in str(finding) for finding in local) == (name != "combined-statements")
