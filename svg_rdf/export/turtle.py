"""Turtle export: pyoxigraph's serializer over sorted triples, prefixes in a fixed order.

rdflib's Turtle writer turns `"227"^^xsd:decimal` into `227.0`, a different literal, so
the strict re-parse refused it; pyoxigraph keeps every lexical form. Triples are sorted
(subject, then rdf:type first, then predicate and object) and the prefix lines written
in the contract's order, so the bytes never depend on hashing.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf.graph.oxbridge import serialize as serialize_ox
from svg_rdf.graph.oxbridge import to_ox_triples

MEDIA_TYPE = "text/turtle"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _order(triple: ox.Triple) -> tuple[str, bool, str, str]:
    predicate = triple.predicate.value
    return (str(triple.subject), predicate != _RDF_TYPE, predicate, str(triple.object))


def serialize(graph: Graph | Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """Deterministic Turtle bytes, one blank line between subjects."""
    if isinstance(graph, Graph):
        graph = to_ox_triples(graph)
    triples = sorted(graph, key=_order)
    body = serialize_ox(triples, ox.RdfFormat.TURTLE, prefixes).decode()
    lines = [line for line in body.split("\n") if line and not line.startswith("@prefix ")]
    head = [f"@prefix {prefix}: <{iri}> ." for prefix, iri in prefixes.items()]
    out: list[str] = [*head]
    for line in lines:
        if not line.startswith("\t"):
            out.append("")
        out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")
