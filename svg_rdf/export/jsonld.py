"""JSON-LD export: compact JSON-LD written directly from the triples, context inline.

One node object per subject, sorted by IRI; properties and values sorted; every IRI in a
contract namespace written as a compact IRI; every literal keeps its lexical form
(`{"@value": "227", "@type": "xsd:decimal"}`), so nothing depends on a JSON-LD library's
choices or on the hash seed. The strict re-parse (pyoxigraph) proves the document expands
to exactly the built graph. The same context is shipped as `context.jsonld` for readers
who write their own documents; the data embeds it, so no reader needs the network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

MEDIA_TYPE = "application/ld+json"
CONTEXT_FILE = "context.jsonld"


def context(prefixes: dict[str, str]) -> dict[str, Any]:
    """The JSON-LD context: every prefix of the contract, in sorted order."""
    return {prefix: prefixes[prefix] for prefix in sorted(prefixes)}


class _Compactor:
    def __init__(self, prefixes: tuple[tuple[str, str], ...]) -> None:
        self.namespaces = sorted(prefixes, key=lambda kv: (-len(kv[1]), kv[0]))
        # the site writes ~250 documents with the same prefixes and mostly the same
        # predicates, classes and datatypes: each IRI is compacted once
        self.known: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self.known.get(iri)
        if found is None:
            found = self.known[iri] = self._compact(iri)
            if len(self.known) > 100_000:  # bounded across documents
                self.known.clear()
        return found

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self.namespaces:
            if iri.startswith(namespace):  # before slicing: most namespaces do not match
                local = iri[len(namespace) :]
                if local and not local.startswith("//"):
                    return f"{prefix}:{local}"
        return iri

    def node(self, term: Node) -> str:
        if isinstance(term, BNode):
            return f"_:{term}"
        return self.iri(str(term))

    def value(self, term: Node) -> Any:
        if isinstance(term, Literal):
            if term.language:
                return {"@value": str(term), "@language": term.language}
            if term.datatype is None or term.datatype == XSD.string:
                return {"@value": str(term)}
            return {"@value": str(term), "@type": self.iri(str(term.datatype))}
        return {"@id": self.node(term)}

    # the same for pyoxigraph terms (a plain literal has the datatype xsd:string there)
    def ox_node(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        raise TypeError(f"not a node: {term}")

    def ox_value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Any:
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == _XSD_STRING:
                return {"@value": term.value}
            return {"@value": term.value, "@type": self.iri(term.datatype.value)}
        return {"@id": self.ox_node(term)}


_XSD_STRING = str(XSD.string)
_RDF_TYPE = str(RDF.type)


@lru_cache(maxsize=4)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> _Compactor:
    return _Compactor(prefixes)


def _order(item: Any) -> tuple[str, ...]:
    if isinstance(item, str):
        return (item,)
    return tuple(str(item.get(key, "")) for key in ("@id", "@value", "@type", "@language"))


def dumps(document: Any) -> bytes:
    """Stable JSON text: sorted keys, two-space indent, UTF-8, final newline."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def serialize(graph: Graph | Iterable[tuple[Node, Node, Node]], prefixes: dict[str, str]) -> bytes:
    """Compact JSON-LD bytes with the context inline, of a graph or a set of triples."""
    compact = _compactor(tuple(sorted(prefixes.items())))
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in graph:
        properties = nodes[compact.node(subject)]
        if predicate == RDF.type and isinstance(obj, URIRef | BNode):
            properties["@type"].append(compact.node(obj))
        else:
            properties[compact.iri(str(predicate))].append(compact.value(obj))
    return _document(nodes, prefixes)


def serialize_triples(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """`serialize`'s bytes for the same triples as pyoxigraph terms (iterating an rdflib
    Graph costs five times as much: its store looks up each triple's contexts)."""
    compact = _compactor(tuple(sorted(prefixes.items())))
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for triple in triples:
        _add(compact, nodes[compact.ox_node(triple.subject)], triple)
    return _document(nodes, prefixes)


def node_lines(
    groups: Iterable[Iterable[ox.Triple]], prefixes: dict[str, str]
) -> list[tuple[str, str]]:
    """Each subject's node object in `serialize_triples`' output, for `groups` of one
    subject each: its identifier (compact IRI) and its line. The document is `assemble` of
    every subject's line in the order of the identifiers, when no two subjects compact to
    one identifier."""
    compact = _compactor(tuple(sorted(prefixes.items())))
    out = []
    for group in groups:
        properties: dict[str, list[Any]] = defaultdict(list)
        identifier = ""
        for triple in group:
            identifier = compact.ox_node(triple.subject)
            _add(compact, properties, triple)
        out.append((identifier, _node_line(identifier, properties)))
    return out


def _add(compact: _Compactor, properties: dict[str, list[Any]], triple: ox.Triple) -> None:
    obj = triple.object
    if triple.predicate.value == _RDF_TYPE and isinstance(obj, ox.NamedNode | ox.BlankNode):
        properties["@type"].append(compact.ox_node(obj))
    else:
        properties[compact.iri(triple.predicate.value)].append(compact.ox_value(obj))


def _node_line(identifier: str, properties: dict[str, list[Any]]) -> str:
    node: dict[str, Any] = {"@id": identifier}
    for key, values in properties.items():
        node[key] = sorted(values, key=_order)
    # one node object per line: readable, diffable, and written by json's C encoder
    return "    " + json.dumps(node, sort_keys=True, ensure_ascii=False)


def _document(nodes: dict[str, dict[str, list[Any]]], prefixes: dict[str, str]) -> bytes:
    return assemble((_node_line(key, nodes[key]) for key in sorted(nodes)), prefixes)


def assemble(lines: Iterable[str], prefixes: dict[str, str]) -> bytes:
    """The document of the node objects' lines, in the order of their identifiers."""
    nodes_text = ",\n".join(lines)
    head = json.dumps(context(prefixes), indent=2, sort_keys=True, ensure_ascii=False)
    head = head.replace("\n", "\n  ")
    text = f'{{\n  "@context": {head},\n  "@graph": [\n{nodes_text}\n  ]\n}}\n'
    return text.encode("utf-8")


def serialize_context(prefixes: dict[str, str]) -> bytes:
    return dumps({"@context": context(prefixes)})
