"""Every example query gives the same answers on every store users have.

Four engines run each query in queries/ over the built graph: the embedded pyoxigraph
store (`svg-rdf query`), the Oxigraph server, a real Virtuoso 7 and rdflib's SPARQL engine.
Their answers must be equal as multisets of rows; a `GROUP_CONCAT` cell is compared as
the set of its parts (its order is not defined). The servers hold the graph in a named
graph and are asked with `default-graph-uri`, as a user of a shared server would.
"""

from __future__ import annotations

import collections
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.term

from svg_rdf.endpoint import gsp
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.oxigraph import OxigraphServer
from svg_rdf.endpoint.query import Example, examples, open_store, run_query
from svg_rdf.endpoint.servers import endpoint_for
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.endpoint.virtuoso import DBA, VirtuosoServer
from tests.endpoint_data import ntriples, project
from tests.stores import oxigraph_server, virtuoso

__all__ = ["oxigraph_server", "virtuoso"]  # the fixtures, imported for pytest

GRAPH = "urn:svg-rdf:test:portability"
POLICY = gsp.Policy(Timeouts(connect=5.0, request=120.0), retries=0)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Cell = tuple[str, ...]
Row = tuple[tuple[str, Cell], ...]
Answer = collections.Counter[Row]

EXAMPLES = examples(project())


def concatenated(text: str) -> dict[str, str]:
    """The variables a query fills with GROUP_CONCAT, and each one's separator."""
    found = {}
    for match in re.finditer(
        r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*\"((?:[^\"\\]|\\.)*)\"\s*\)"
        r"\s+AS\s+\?(\w+)",
        text,
        re.IGNORECASE | re.DOTALL,
    ):
        found[match.group(2)] = json.loads(f'"{match.group(1)}"')
    return found


def cell(kind: str, value: str, language: str, datatype: str) -> Cell:
    """A term compared by kind, lexical form, language and datatype (xsd:string = plain;
    a language-tagged literal's datatype is rdf:langString in SPARQL 1.1, absent in 1.0)."""
    plain = datatype == XSD_STRING or bool(language)
    return (kind, value, language.lower(), "" if plain else datatype)


def answer(rows: Iterator[Mapping[str, Cell]], separators: Mapping[str, str]) -> Answer:
    counted: Answer = collections.Counter()
    for row in rows:
        items = []
        for name, value in row.items():
            if name in separators and value[0] == "literal":
                parts = value[1].split(separators[name]) if value[1] else []
                value = ("concat", *sorted(set(parts)))
            items.append((name, value))
        counted[tuple(sorted(items))] += 1
    return counted


def from_ox(term: object) -> Cell:
    if isinstance(term, ox.NamedNode):
        return cell("uri", term.value, "", "")
    if isinstance(term, ox.Literal):
        return cell("literal", term.value, term.language or "", term.datatype.value)
    return cell("bnode", str(term), "", "")


def from_json(binding: Mapping[str, str]) -> Cell:
    kind = {"typed-literal": "literal"}.get(binding["type"], binding["type"])
    datatype = binding.get("datatype", "")
    language = binding.get("xml:lang", "")
    if kind == "literal" and not datatype and not language:
        datatype = XSD_STRING
    return cell(kind, binding["value"], language, datatype)


def from_rdflib(term: object) -> Cell:
    if isinstance(term, rdflib.URIRef):
        return cell("uri", str(term), "", "")
    if isinstance(term, rdflib.Literal):
        datatype = str(term.datatype) if term.datatype else ("" if term.language else XSD_STRING)
        return cell("literal", str(term), term.language or "", datatype)
    return cell("bnode", str(term), "", "")


@pytest.fixture(scope="module")
def data() -> bytes:
    return ntriples().data


def embedded(example: Example, data: bytes) -> Answer:
    result = run_query(open_store(data), example.text, source=example.name)
    return answer(
        (
            {name: from_ox(term) for name, term in zip(result.variables, row, strict=True) if term}
            for row in result.rows
        ),
        concatenated(example.text),
    )


def with_rdflib(example: Example, data: bytes) -> Answer:
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    result = graph.query(example.text)
    variables = [str(variable) for variable in result.vars or []]
    return answer(
        (
            {
                name: from_rdflib(term)
                for name, term in zip(variables, row, strict=True)  # type: ignore[arg-type]
                if term is not None
            }
            for row in result
        ),
        concatenated(example.text),
    )


def over_http(query_url: str, example: Example) -> Answer:
    body = urllib.parse.urlencode({"query": example.text, "default-graph-uri": GRAPH}).encode()
    request = urllib.request.Request(
        query_url,
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        bindings = json.load(response)["results"]["bindings"]
    return answer(
        ({name: from_json(value) for name, value in row.items()} for row in bindings),
        concatenated(example.text),
    )


@pytest.fixture(scope="module")
def oxigraph_url(oxigraph_server: OxigraphServer, data: bytes) -> str:
    gsp.put_graph(
        gsp.Client(endpoint_for("oxigraph", oxigraph_server.url), policy=POLICY), GRAPH, data
    )
    return f"{oxigraph_server.url}/query"


@pytest.fixture(scope="module")
def virtuoso_url(virtuoso: VirtuosoServer, data: bytes) -> str:
    client = gsp.Client(
        endpoint_for("virtuoso", virtuoso.url),
        credentials=Credentials(*DBA, "test"),
        policy=POLICY,
    )
    gsp.put_graph(client, GRAPH, data)
    return f"{virtuoso.url}/sparql"


def describe(left: Answer, right: Answer) -> str:
    only_left, only_right = left - right, right - left
    return (
        f"{sum(only_left.values())} rows only in the first, {sum(only_right.values())} only "
        f"in the second; e.g. {sorted(only_left)[:1]} against {sorted(only_right)[:1]}"
    )


def test_the_concatenated_columns_are_found() -> None:
    assert concatenated('(GROUP_CONCAT(DISTINCT ?source; separator=", ") AS ?sources)') == {
        "sources": ", "
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_same_answers_on_every_store(
    example: Example, data: bytes, oxigraph_url: str, virtuoso_url: str
) -> None:
    reference = embedded(example, data)
    assert sum(reference.values()) > 0, "an example that answers nothing proves nothing"
    for store, found in (
        ("rdflib", with_rdflib(example, data)),
        ("Oxigraph server", over_http(oxigraph_url, example)),
        ("Virtuoso", over_http(virtuoso_url, example)),
    ):
        assert found == reference, f"{store} differs from the embedded store: " + describe(
            found, reference
        )
