"""Shape generation: the property table -> one SHACL value shape per property.

A statement linked by `p:P` has exactly one main value `ps:P` of P's datatype; qualifier
values (`pq:P`) have P's datatype and sit on a statement; time and quantity statements need
their full value node (`psv:P`). Core SHACL only: pyshacl re-parses a SPARQL constraint for
every focus node, which made one generic "exactly one main value" query cost 80% of the build.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from svg_rdf.graph.vocab import PQ, PS, PSV, RDF, WIKIBASE, XSD, P
from svg_rdf.model import Property

SVGSH = Namespace("https://w3id.org/svg-rdf/shapes#")

# datatype -> (constraint predicate, object, words for the message)
_VALUE_RULES: dict[str, tuple[URIRef, URIRef, str]] = {
    "wikibase-item": (SH.nodeKind, SH.IRI, "an item (IRI)"),
    "url": (SH.nodeKind, SH.IRI, "a URL (IRI)"),
    "time": (SH.datatype, XSD.dateTime, "a time (xsd:dateTime)"),
    "quantity": (SH.datatype, XSD.decimal, "a quantity (xsd:decimal)"),
    "string": (SH.datatype, XSD.string, "a string"),
    "monolingualtext": (SH.datatype, RDF.langString, "a monolingual text (with language tag)"),
}
_VALUE_NODES = {"time": WIKIBASE.TimeValue, "quantity": WIKIBASE.QuantityValue}


def value_shapes(properties: Iterable[Property]) -> Graph:
    """A shapes graph with the value shapes of every property in the table."""
    graph = Graph(bind_namespaces="none")
    graph.bind("sh", SH)
    graph.bind("svgsh", SVGSH)
    for prop in properties:
        predicate, obj, words = _VALUE_RULES[prop.datatype]
        for role, namespace in (("statement", PS), ("qualifier", PQ)):
            shape = SVGSH[f"{prop.pid}-{role}"]
            path = namespace[prop.pid]
            graph.add((shape, RDF.type, SH.NodeShape))
            graph.add((shape, SH.targetSubjectsOf, path))
            if role == "statement":
                graph.add((shape, SH.targetObjectsOf, P[prop.pid]))
            rule = BNode(f"{prop.pid}{role}value")
            graph.add((shape, SH.property, rule))
            graph.add((rule, SH.path, path))
            graph.add((rule, predicate, obj))
            graph.add(
                (
                    rule,
                    SH.message,
                    Literal(
                        f"{prop.pid} ({prop.label}) takes {words}; "
                        + (
                            "a statement has exactly one main value (ps:) of that type"
                            if role == "statement"
                            else "this qualifier value is not one"
                        )
                    ),
                )
            )
            if role == "qualifier":
                # a qualifier belongs on a statement: on an item or a reference it is lost
                graph.add((shape, SH["class"], WIKIBASE.Statement))
                graph.add(
                    (
                        shape,
                        SH.message,
                        Literal(
                            f"pq:{prop.pid} ({prop.label}) is a qualifier, so its subject must "
                            "be a statement (wikibase:Statement, the object of a p: triple), "
                            "not an item or a reference; move the triple onto the statement it "
                            f"qualifies (in seeds/facts: qualifiers = {{ {prop.pid} = ... }} of "
                            "that claim)"
                        ),
                    )
                )
            if role == "statement":
                graph.add((rule, SH.minCount, Literal(1)))
                graph.add((rule, SH.maxCount, Literal(1)))
                node_class = _VALUE_NODES.get(prop.datatype)
                if node_class is not None:
                    full = BNode(f"{prop.pid}fullvalue")
                    graph.add((shape, SH.property, full))
                    graph.add((full, SH.path, PSV[prop.pid]))
                    graph.add((full, SH.minCount, Literal(1)))
                    graph.add((full, SH.maxCount, Literal(1)))
                    graph.add((full, SH["class"], node_class))
                    graph.add(
                        (
                            full,
                            SH.message,
                            Literal(
                                f"a {prop.pid} ({prop.label}) statement needs one full value node "
                                f"(psv:{prop.pid}) of class wikibase:{node_class.split('#')[-1]}"
                            ),
                        )
                    )
    return graph
