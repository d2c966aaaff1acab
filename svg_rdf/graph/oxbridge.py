"""Bridge: rdflib terms <-> pyoxigraph terms, keeping every literal's lexical form."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term (blank nodes keep their label)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def from_ox_term(term: object) -> Node | None:
    """The rdflib term for a pyoxigraph term, lexical form kept; None for anything else."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return from_ox_literal(term)
    return None


def from_ox_literal(term: ox.Literal) -> Literal:
    """The rdflib literal, lexical form kept; xsd:string becomes a plain literal.

    Raises TypeError for an RDF 1.2 directional literal, which rdflib cannot hold.
    """
    if term.direction is not None:
        raise TypeError(f"RDF 1.2 directional literal reached the rdflib conversion: {term}")
    if term.language is not None:
        return Literal(term.value, lang=term.language, normalize=False)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value, normalize=False)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def to_ox_triples(graph: Graph | Iterable[tuple[Node, Node, Node]]) -> set[ox.Triple]:
    """The triples of `graph` (an rdflib Graph, or its triples) as pyoxigraph triples; a
    term that recurs (a predicate, a class, a shared node) is converted once."""
    known: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        found = known.get(node)
        if found is None:
            found = known[node] = to_ox_term(node)
        return found

    return {ox.Triple(term(s), term(p), term(o)) for s, p, o in graph}  # type: ignore[arg-type]


def serialize(
    triples: list[ox.Triple] | set[ox.Triple],
    rdf_format: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """pyoxigraph's serialization of `triples` as bytes."""
    data = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    if data is None:  # only when an output file is given, which we never do
        raise AssertionError("pyoxigraph returned no bytes")
    return bytes(data)
