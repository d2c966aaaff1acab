"""Constraint shapes: ontology/constraints.csv -> core SHACL shapes (warnings) on the graph.

Each constraint becomes one node shape of severity sh:Warning, as Wikidata reports a
constraint violation without refusing the edit:

- single-value, single-best-value: a subject has at most one truthy value (`wdt:P`). With
  ranks as Help:Ranking sets them, one preferred statement leaves one truthy value, so
  both kinds read the same on the truthy graph. A constraint with separators (statements
  that differ in a separator qualifier may coexist) needs the statements' qualifiers,
  which no core path compares: the conflicts report applies it, no shape is generated.
- required-qualifier: every `p:P` statement has at least one of the named qualifiers.
- allowed-units: the unit of every `psv:P` value node is one of the named units, Q-ids
  matched through the unit entity's `owl:sameAs` (`none` is Wikibase's unit "1").
- value-type: every main value is an instance of the named class: its kind lists the
  class (or is the named kind), or its `wdt:P31`, then `wdt:P279*`, reach an entity whose
  `owl:sameAs` is the class's Q-id. The kind is no triple of the graph, so the shape names
  the entities of the fitting kinds by their slugs, as a pattern on the end of the IRI
  (`/entity/<slug>`) that holds under any base IRI: the published shapes judge a graph
  built with another `--base-iri` (or by another project with the same slugs) alike.

Core SHACL only (paths, counts, `sh:in`, `sh:hasValue`, `sh:pattern`): no SPARQL, so nothing here is
parsed per focus node and nothing can reach the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from svg_rdf.curation.constraints import NO_UNIT, SINGLE_VALUE_KINDS
from svg_rdf.graph.vocab import (
    OWL,
    PQ,
    PS,
    PSV,
    RDF,
    UNIT_ONE,
    WD,
    WDT,
    WIKIBASE,
    P,
)
from svg_rdf.model import QID, Constraint, Entity, Property
from svg_rdf.validation.shapegen import SVGSH


@dataclass(frozen=True)
class Typing:
    """What value-type needs beyond the graph: each kind's classes (Q-ids) and entities."""

    kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, its classes)
    entities: tuple[tuple[str, str], ...] = ()  # (slug, kind)

    @classmethod
    def of(cls, kinds: Iterable[tuple[str, Sequence[str]]], entities: Iterable[Entity]) -> Typing:
        return cls(
            tuple(sorted((name, tuple(classes)) for name, classes in kinds)),
            tuple(sorted((entity.slug, entity.kind) for entity in entities)),
        )

    def kinds_of(self, target: str) -> list[str]:
        """The kinds whose entities are instances of `target` (a Q-id or a kind name)."""
        return [name for name, classes in self.kinds if target == name or target in classes]

    def members(self, target: str) -> list[str]:
        fitting = set(self.kinds_of(target))
        return [slug for slug, kind in self.entities if kind in fitting]


def constraint_shapes(
    constraints: Iterable[Constraint],
    properties: Iterable[Property],
    typed: Typing | None = None,
) -> Graph:
    """A shapes graph with one warning shape per constraint; `typing` gives the kinds that
    count as instances of a value-type class."""
    typed = typed or Typing()
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
            message = _statement_rule(graph, rule, constraint, what, source, typed)
        graph.add((rule, SH.message, Literal(message)))
    return graph


def _statement_rule(
    graph: Graph,
    rule: BNode,
    constraint: Constraint,
    what: str,
    source: str,
    typed: Typing,
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
        return (
            f"a {what} statement needs a qualifier {' or '.join(parameters)} ({source}); "
            f"add qualifiers = {{ {parameters[0]} = ... }} with the value its quote gives"
        )
    if constraint.kind == "allowed-units":
        graph.add((rule, SH.path, _list(graph, [PSV[pid], WIKIBASE.quantityUnit])))
        units = [UNIT_ONE if unit == NO_UNIT else WD[unit] for unit in parameters]
        # the unit is Wikibase's "1" or an entity whose owl:sameAs is an allowed Q-id
        by_qid = BNode(f"{rule}unitqid")
        same = BNode(f"{rule}unitsameas")
        graph.add((by_qid, SH.property, same))
        graph.add((same, SH.path, OWL.sameAs))
        graph.add((same, SH.minCount, Literal(1)))
        graph.add((same, SH["in"], _list(graph, units)))
        plain = BNode(f"{rule}unitplain")
        graph.add((plain, SH["in"], _list(graph, units)))
        graph.add((rule, SH["or"], _list(graph, [plain, by_qid])))
        if parameters == (NO_UNIT,):
            return (
                f"a {what} value is a count with no unit ({source}); write the number "
                "without a unit"
            )
        allowed = ", ".join(parameters)
        return (
            f"the unit of a {what} value must be one of: {allowed} ({source}); write the "
            'amount as { value = ..., unit = "SLUG" } naming an entity whose qid is one of '
            "them" + (", or with no unit for a count" if NO_UNIT in parameters else "")
        )
    # value-type: the value is of a fitting kind, or an instance of the class by P31/P279*
    target = parameters[0]
    choices: list[URIRef | BNode] = []
    members = typed.members(target)
    if members:
        by_kind = BNode(f"{rule}bykind")
        graph.add((by_kind, SH.nodeKind, SH.IRI))
        graph.add((by_kind, SH.pattern, Literal(entity_pattern(members))))
        choices.append(by_kind)
    if QID.match(target):
        by_class = BNode(f"{rule}byclass")
        path = BNode(f"{rule}classpath")
        steps = BNode(f"{rule}subclasses")
        graph.add((steps, SH.zeroOrMorePath, WDT.P279))
        graph.add((by_class, SH.property, path))
        graph.add((path, SH.path, _list(graph, [WDT.P31, steps, OWL.sameAs])))
        graph.add((path, SH.hasValue, WD[target]))
        choices.append(by_class)
    graph.add((rule, SH.path, PS[pid]))
    graph.add((rule, SH["or"], _list(graph, choices)))
    kinds = typed.kinds_of(target)
    if not QID.match(target):
        return (
            f"a {what} value must be of kind {target} ({source}); give the value's entity "
            f'kind = "{target}" in seeds/entities/'
        )
    by_kind_fix = (
        "give the value's entity kind = " + " or ".join(f'"{k}"' for k in kinds)
        if kinds
        else f"list {target} among the classes of its kind in seeds/dataset.toml [kinds]"
    )
    return (
        f"a {what} value must be an instance of {target} ({source}); {by_kind_fix}, or "
        f"give it a claim P31 naming an entity whose qid is {target} (or a subclass of it)"
    )


# XPath regular expressions (SHACL's sh:pattern, SPARQL's REGEX): the characters that need a
# backslash to stand for themselves outside a character class
_REGEX_META = frozenset("\\|.?*+(){}[]^$")


def entity_pattern(slugs: Iterable[str]) -> str:
    """A regular expression that an entity IRI matches, under any base IRI, when its slug is
    one of `slugs`: `/entity/(a|b)$` (the IRI layout of graph/vocab.py)."""
    escaped = ("".join(f"\\{c}" if c in _REGEX_META else c for c in slug) for slug in slugs)
    return f"/entity/({'|'.join(sorted(escaped))})$"


def _list(graph: Graph, members: Sequence[URIRef | BNode]) -> BNode:
    head = BNode()
    Collection(graph, head, list(members))
    return head
