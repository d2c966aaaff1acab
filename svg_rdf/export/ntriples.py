"""N-Triples export: pyoxigraph's serializer, one triple per line, lines sorted."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf.oxbridge import serialize as serialize_ox
from svg_rdf.oxbridge import to_ox_triples

MEDIA_TYPE = "application/n-triples"


def serialize(graph: Graph) -> bytes:
    """Canonical N-Triples bytes: sorted lines, so the order never depends on hashing."""
    data = serialize_ox(to_ox_triples(graph), ox.RdfFormat.N_TRIPLES)
    lines = sorted(line for line in data.split(b"\n") if line)
    return b"\n".join(lines) + b"\n"
