"""N-Triples export: pyoxigraph's serializer, one triple per line, lines sorted."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf.graph.oxbridge import serialize as serialize_ox
from svg_rdf.graph.oxbridge import to_ox_triples

MEDIA_TYPE = "application/n-triples"


def serialize(graph: Graph | Iterable[ox.Triple]) -> bytes:
    """Canonical N-Triples bytes: sorted lines, so the order never depends on hashing."""
    triples = to_ox_triples(graph) if isinstance(graph, Graph) else list(graph)
    data = serialize_ox(triples, ox.RdfFormat.N_TRIPLES)
    lines = sorted(line for line in data.split(b"\n") if line)
    return b"\n".join(lines) + b"\n"
