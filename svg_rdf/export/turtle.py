"""Turtle export: pyoxigraph's serializer over sorted triples, prefixes in a fixed order.

rdflib's Turtle writer turns `"227"^^xsd:decimal` into `227.0`, a different literal, so
the strict re-parse refused it; pyoxigraph keeps every lexical form. Triples are sorted
(subject, then rdf:type first, then predicate and object) and the prefix lines written
in the contract's order, so the bytes never depend on hashing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
    return assemble(_lines(sorted(graph, key=_order), prefixes), prefixes)


def subject_parts(groups: Sequence[Iterable[ox.Triple]], prefixes: dict[str, str]) -> list[str]:
    """The lines each subject's triples take in `serialize`'s output (a blank line first),
    joined, for `groups` of one subject each in the order of their IRIs: the file is
    `assemble` of every subject's part in that order, since the triples are written sorted
    by subject and a subject's lines depend on its own triples."""
    triples = sorted((t for group in groups for t in group), key=_order)
    parts: list[list[str]] = []
    for line in _lines(triples, prefixes):
        if not line:  # a subject's first line follows its blank line
            parts.append([])
        parts[-1].append(line)
    if len(parts) != len(groups):  # not one part a subject: each written alone
        return ["\n".join(_lines(sorted(group, key=_order), prefixes)) for group in groups]
    return ["\n".join(part) for part in parts]


def assemble(lines: Iterable[str], prefixes: dict[str, str]) -> bytes:
    """The file: the prefix lines, then `lines` (or the subjects' parts)."""
    head = [f"@prefix {prefix}: <{iri}> ." for prefix, iri in prefixes.items()]
    return ("\n".join([*head, *lines]) + "\n").encode("utf-8")


def _lines(triples: list[ox.Triple], prefixes: dict[str, str]) -> list[str]:
    body = serialize_ox(triples, ox.RdfFormat.TURTLE, prefixes).decode()
    out: list[str] = []
    for line in body.split("\n"):
        if line and not line.startswith("@prefix "):
            if not line.startswith("\t"):
                out.append("")
            out.append(line)
    return out
