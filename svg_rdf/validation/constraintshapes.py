"""Constraint shapes: ontology/constraints.csv -> core SHACL shapes (warnings) on the graph.

Each constraint becomes one node shape of severity sh:Warning, as Wikidata reports a
constraint violation without refusing the edit:

- single-value, single-best-value: a subject has at most one truthy value (`wdt:P`). With
  ranks as Help:Ranking sets them, one preferred statement leaves one truthy value, so
  both kinds read the same on the truthy graph. A constraint with separators (statements
  that differ in a separator qualifier may coexist) needs the statements' qualifiers,
  which no core path compares: the conflicts report applies it, no shape is generated.
- required-qualifier: every `p:P` statement has at least one of the named qualifiers.
- allowed-units: the unit of every `psv:P` value node is one of the named units (`none`
  is Wikibase's unit "1").
- value-type: every main value is an instance (`wdt:P31`, then `wdt:P279*`) of the
  named class.

Core SHACL only (paths, counts, `sh:in`, `sh:hasValue`): no SPARQL, so nothing here is
parsed per focus node and nothing can reach the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from svg_rdf.curation.constraints import NO_UNIT, SINGLE_VALUE_KINDS
from svg_rdf.graph.vocab import PQ, PS, PSV, RDF, UNIT_ONE, WDT, WIKIBASE, OurNamespaces, P
from svg_rdf.model import Constraint, Property
from svg_rdf.validation.shapegen import SVGSH


def constraint_shapes(
    constraints: Iterable[Constraint], properties: Iterable[Property], ours: OurNamespaces
) -> Graph:
    """A shapes graph with one warning shape per constraint."""
    labels = {prop.pid: prop.label for prop in properties}
    graph = Graph(bind_namespaces="none")
    graph.bind("sh", SH)
    graph.bind("svgsh", SVGSH)
    for constraint in constraints:
        pid, kind = constraint.pid, constraint.kind
        if kind in SINGLE_VALUE_KINDS and constraint.parameters:
            continue  # separators compare qualifiers of statements: the conflicts report
        name = f"{pid}-{kind}" + (
            f"-{'-'.join(constraint.parameters)}" if constraint.parameters else ""
        )
        shape = SVGSH[name]
        rule = BNode(f"constraint{name.replace('-', '')}")
        graph.add((shape, RDF.type, SH.NodeShape))
        graph.add((rule, SH.severity, SH.Warning))
        graph.add((shape, SH.property, rule))
        what = f"{pid} ({labels.get(pid, pid)})"
        source = "Wikidata constraint" if constraint.basis == "wikidata" else "project constraint"
        if kind in SINGLE_VALUE_KINDS:
            graph.add((shape, SH.targetSubjectsOf, WDT[pid]))
            graph.add((rule, SH.path, WDT[pid]))
            graph.add((rule, SH.maxCount, Literal(1)))
            message = (
                f"{what} has a {kind} {source}: a subject should have one truthy value; "
                "rank one statement preferred or deprecate the wrong one (Help:Ranking)"
            )
        else:
            graph.add((shape, SH.targetObjectsOf, P[pid]))
            message = _statement_rule(graph, rule, constraint, ours, what, source)
        graph.add((rule, SH.message, Literal(message)))
    return graph


def _statement_rule(
    graph: Graph, rule: BNode, constraint: Constraint, ours: OurNamespaces, what: str, source: str
) -> str:
    pid, parameters = constraint.pid, constraint.parameters
    if constraint.kind == "required-qualifier":
        if len(parameters) == 1:
            graph.add((rule, SH.path, PQ[parameters[0]]))
        else:
            alternative = BNode(f"{rule}alternatives")
            graph.add((rule, SH.path, alternative))
            graph.add((alternative, SH.alternativePath, _list(graph, [PQ[q] for q in parameters])))
        graph.add((rule, SH.minCount, Literal(1)))
        return f"a {what} statement needs a qualifier {' or '.join(parameters)} ({source})"
    if constraint.kind == "allowed-units":
        graph.add((rule, SH.path, _list(graph, [PSV[pid], WIKIBASE.quantityUnit])))
        units = [UNIT_ONE if unit == NO_UNIT else ours.entity[unit] for unit in parameters]
        graph.add((rule, SH["in"], _list(graph, units)))
        return f"the unit of a {what} value must be one of: {', '.join(parameters)} ({source})"
    # value-type: the value is an instance of one of the classes
    steps = BNode(f"{rule}subclasses")
    graph.add((steps, SH.zeroOrMorePath, WDT.P279))
    graph.add((rule, SH.path, _list(graph, [PS[pid], WDT.P31, steps])))
    graph.add((rule, SH.hasValue, ours.entity[parameters[0]]))
    return f"a {what} value must be an instance of {parameters[0]} ({source})"


def _list(graph: Graph, members: Sequence[URIRef | BNode]) -> BNode:
    head = BNode()
    Collection(graph, head, list(members))
    return head
