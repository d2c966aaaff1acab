"""Vocabulary: every namespace of the RDF contract, and graphs with every prefix bound.

Unbound prefixes make rdflib invent `ns1:` names in an order that depends on the run,
so every graph the toolkit writes comes from `new_graph()`.
"""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from svg_rdf.errors import ConfigurationError
from svg_rdf.settings import PREFIX_ENDINGS, Settings

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PSV = Namespace("http://www.wikidata.org/prop/statement/value/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
PQV = Namespace("http://www.wikidata.org/prop/qualifier/value/")
PR = Namespace("http://www.wikidata.org/prop/reference/")
PRV = Namespace("http://www.wikidata.org/prop/reference/value/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
SPDX = Namespace("http://spdx.org/rdf/terms#")

GREGORIAN = WD.Q1985727
UNIT_ONE = WD.Q199

Triple = tuple[Node, Node, Node]

__all__ = [
    "DCAT",
    "DCTERMS",
    "GREGORIAN",
    "OA",
    "OWL",
    "PQ",
    "PQV",
    "PR",
    "PROV",
    "PRV",
    "PS",
    "PSV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "SPDX",
    "UNIT_ONE",
    "VOID",
    "WD",
    "WDT",
    "WIKIBASE",
    "XSD",
    "OurNamespaces",
    "P",
    "Triple",
    "graph_of",
    "new_graph",
]


class OurNamespaces:
    """The IRIs of our own resources under the project's base IRI, and their prefixes.

    `prefix` names them in Turtle and SPARQL: <prefix> for the base, <prefix>e entities,
    <prefix>s statements, <prefix>r references, <prefix>v values, <prefix>src sources.
    Raises ConfigurationError when one of those names is a prefix of the contract.
    """

    def __init__(self, base: str, prefix: str) -> None:
        if not base.endswith("/"):
            base += "/"
        self.base = base
        self.prefix = prefix
        self.entity = Namespace(base + "entity/")
        self.statement = Namespace(base + "statement/")
        self.reference = Namespace(base + "reference/")
        self.value = Namespace(base + "value/")
        self.source = Namespace(base + "source/")
        self.dataset = rdflib.URIRef(base + "dataset")
        self.build = rdflib.URIRef(base + "build")
        self.software = rdflib.URIRef(base + "software/svg-rdf")

        names = [prefix + ending for ending in PREFIX_ENDINGS.values()]
        taken = sorted(set(names) & (set(WIKIDATA_PREFIXES) | set(W3C_PREFIXES)))
        if taken:
            raise ConfigurationError(
                f"prefix {prefix!r} would make {taken[0]!r}, a prefix the graph already uses",
                path="seeds/dataset.toml",
                fix="choose another prefix",
            )
        self._names = names

    @classmethod
    def of(cls, settings: Settings) -> OurNamespaces:
        """The namespaces under the settings' base IRI and prefix."""
        return cls(settings.base_iri, settings.prefix)

    def prefixes(self) -> dict[str, str]:
        iris = [
            self.base,
            str(self.entity),
            str(self.statement),
            str(self.reference),
            str(self.value),
            str(self.source),
        ]
        return dict(zip(self._names, iris, strict=True))


WIKIDATA_PREFIXES: dict[str, str] = {
    "wd": str(WD),
    "wdt": str(WDT),
    "p": str(P),
    "ps": str(PS),
    "psv": str(PSV),
    "pq": str(PQ),
    "pqv": str(PQV),
    "pr": str(PR),
    "prv": str(PRV),
    "wikibase": str(WIKIBASE),
}

W3C_PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "prov": str(PROV),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "spdx": str(SPDX),
}


# The prefixes of the contract, without a project's own.
CONTRACT_PREFIXES: dict[str, str] = {**WIKIDATA_PREFIXES, **W3C_PREFIXES}


def all_prefixes(ours: OurNamespaces) -> dict[str, str]:
    """Every prefix of the contract, in a fixed order."""
    return {**WIKIDATA_PREFIXES, **W3C_PREFIXES, **ours.prefixes()}


def new_graph(ours: OurNamespaces) -> Graph:
    """An empty graph with every contract prefix bound and no others."""
    graph = Graph(bind_namespaces="none")
    for prefix, iri in all_prefixes(ours).items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def graph_of(triples: Iterable[Triple], ours: OurNamespaces) -> Graph:
    """A new graph (as `new_graph`) holding `triples`, added in their order."""
    graph = new_graph(ours)
    add = graph.add
    for triple in triples:
        add(triple)
    return graph
