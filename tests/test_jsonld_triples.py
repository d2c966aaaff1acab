"""JSON-LD from pyoxigraph triples (jsonld.serialize_triples, what the build writes) gives
the bytes of JSON-LD from the same rdflib graph (jsonld.serialize), on our graph and on
hostile terms: plain, language-tagged and typed literals, blank nodes, rdf:type to a
literal, IRIs in and outside the contract's namespaces. One difference, by design: rdflib
holds "x" and "x"^^xsd:string as two terms, RDF 1.1 (and pyoxigraph) as one literal, written
once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from svg_rdf.export import jsonld
from svg_rdf.graph.oxbridge import to_ox_triples
from svg_rdf.graph.vocab import all_prefixes
from svg_rdf.pipeline import compile_project
from svg_rdf.project import Project
from tests.endpoint_data import ROOT

PREFIXES = {"ex": "https://example.org/", "xsd": str(XSD), "rdf": str(RDF)}


def test_our_graph_gives_the_same_bytes_either_way() -> None:
    compiled = compile_project(Project.at(ROOT))
    prefixes = all_prefixes(compiled.ours)
    expected = jsonld.serialize(compiled.graph, prefixes)
    assert jsonld.serialize_triples(compiled.triples, prefixes) == expected
    assert b'"@language"' in expected and b'"@type"' in expected


texts = st.text(min_size=0, max_size=8)
iris = st.sampled_from(
    ["https://example.org/a", "https://example.org/b", "http://other.org/x", str(RDF.type)]
)
literals = st.one_of(
    texts.map(Literal),
    st.tuples(texts, st.sampled_from(["en", "de-ch", "zh-hant"])).map(
        lambda p: Literal(p[0], lang=p[1])
    ),
    st.tuples(texts, st.sampled_from([XSD.integer, XSD.date, RDF.HTML])).map(
        lambda p: Literal(p[0], datatype=p[1])
    ),
)
nodes = st.one_of(iris.map(URIRef), st.sampled_from(["b1", "b2"]).map(BNode))
triples = st.lists(
    st.tuples(nodes, iris.map(URIRef), st.one_of(nodes, literals)), min_size=1, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(triples)
def test_any_triples_give_the_same_bytes_either_way(found: list[tuple[object, ...]]) -> None:
    graph = Graph()
    for triple in found:
        graph.add(triple)  # type: ignore[arg-type]
    assert jsonld.serialize_triples(to_ox_triples(graph), PREFIXES) == jsonld.serialize(
        graph, PREFIXES
    )


def test_a_plain_and_an_xsd_string_literal_are_one_value() -> None:
    graph = Graph()
    a, p = URIRef("https://example.org/a"), URIRef("https://example.org/p")
    graph.add((a, p, Literal("x")))
    graph.add((a, p, Literal("x", datatype=XSD.string)))
    assert len(graph) == 2  # two rdflib terms
    data = jsonld.serialize_triples(to_ox_triples(graph), PREFIXES)
    assert data.count(b'"@value": "x"') == 1
    assert b'"@value": "x"}, {"@value": "x"' in jsonld.serialize(graph, PREFIXES)
