"""Mapping: Curation -> the Wikibase-model graph of the RDF contract (design/rdf-model.md).

Statements carry ranks, `wikibase:BestRank` and truthy `wdt:` triples follow the ranks,
time and quantity values get value nodes, references carry Web Annotation selectors, and
every IRI is a slug or a content hash: no blank nodes.

The triples are collected as tuples of rdflib terms in an insertion-ordered set (a dict),
not added one by one to an rdflib Graph: rdflib's store indexes each of ~13,000 additions
three ways and by context, which made this stage three times slower. `graph_of` makes
the Graph when one is asked for.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from svg_rdf.graph.ids import content_hash
from svg_rdf.graph.vocab import (
    DCTERMS,
    GREGORIAN,
    OA,
    OWL,
    PQ,
    PQV,
    PR,
    PROV,
    PS,
    PSV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    SPDX,
    UNIT_ONE,
    WD,
    WDT,
    WIKIBASE,
    XSD,
    OurNamespaces,
    P,
    Triple,
    graph_of,
)
from svg_rdf.model import (
    Claim,
    Curation,
    Entity,
    Evidence,
    ItemValue,
    MonolingualValue,
    QuantityValue,
    SourceDocument,
    StringValue,
    TimeValue,
    UrlValue,
    Value,
)

RANK_IRIS = {
    "preferred": WIKIBASE.PreferredRank,
    "normal": WIKIBASE.NormalRank,
    "deprecated": WIKIBASE.DeprecatedRank,
}
_RANK_ORDER = {"preferred": 2, "normal": 1, "deprecated": 0}


def _int(number: int) -> Literal:
    return Literal(str(number), datatype=XSD.integer, normalize=False)


def statement_iri(claim: Claim, ours: OurNamespaces) -> URIRef:
    return ours.statement[content_hash(claim.key())]


def reference_iri(evidence: Evidence, ours: OurNamespaces) -> URIRef:
    return ours.reference[content_hash(evidence.key())]


def value_iri(value: Value, ours: OurNamespaces) -> URIRef:
    return ours.value[content_hash(value.key())]


def best_statements(claims: tuple[Claim, ...]) -> set[tuple[tuple[str, ...], ...]]:
    """Keys of the statements with the highest non-deprecated rank of their subject/property."""
    top: dict[tuple[str, str], int] = defaultdict(int)
    for claim in claims:
        key = (claim.subject, claim.pid)
        top[key] = max(top[key], _RANK_ORDER[claim.rank])
    return {
        claim.key()
        for claim in claims
        if claim.rank != "deprecated" and _RANK_ORDER[claim.rank] == top[(claim.subject, claim.pid)]
    }


# the terms every statement and reference is written with, made once: reading an rdflib
# namespace's attribute makes a new URIRef each time (~8,000 a build)
_OA_SpecificResource = OA.SpecificResource
_OA_TextPositionSelector = OA.TextPositionSelector
_OA_TextQuoteSelector = OA.TextQuoteSelector
_OA_end = OA.end
_OA_exact = OA.exact
_OA_hasSelector = OA.hasSelector
_OA_hasSource = OA.hasSource
_OA_prefix = OA.prefix
_OA_start = OA.start
_OA_suffix = OA.suffix
_PR_P1683 = PR.P1683
_PR_P248 = PR.P248
_PROV_wasDerivedFrom = PROV.wasDerivedFrom
_RDF_type = RDF.type
_WIKIBASE_BestRank = WIKIBASE.BestRank
_WIKIBASE_Reference = WIKIBASE.Reference
_WIKIBASE_Statement = WIKIBASE.Statement
_WIKIBASE_rank = WIKIBASE.rank


class GraphBuilder:
    """Adds the contract's triples for sources, entities and claims to one graph."""

    def __init__(self, ours: OurNamespaces) -> None:
        self.ours = ours
        self.triples: dict[Triple, None] = {}  # a set that keeps the order of addition
        self._languages: dict[str, str] = {}

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples[(s, p, o)] = None

    @property
    def graph(self) -> Graph:
        """The triples added so far, as a new rdflib Graph with the contract's prefixes."""
        return graph_of(self.triples, self.ours)

    def source(self, source: SourceDocument) -> None:
        self._languages[source.stem] = source.language
        node = self.ours.source[source.stem]
        checksum = URIRef(f"{node}-sha256")
        self.add(node, RDF.type, SCHEMA.CreativeWork)
        self.add(node, RDF.type, PROV.Entity)
        self.add(node, DCTERMS.identifier, Literal(source.filename))
        self.add(node, DCTERMS.title, Literal(source.title))
        self.add(node, DCTERMS.type, Literal(source.kind))
        self.add(node, DCTERMS.language, Literal(source.language))
        self.add(node, DCTERMS.license, URIRef(source.license))
        if source.url:
            self.add(node, SCHEMA.url, URIRef(source.url))
        if source.imported_from:
            self.add(node, DCTERMS.source, WD[source.imported_from])
        self.add(node, SPDX.checksum, checksum)
        self.add(checksum, RDF.type, SPDX.Checksum)
        self.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        self.add(checksum, SPDX.checksumValue, Literal(source.sha256))

    def entity(self, entity: Entity) -> None:
        node = self.ours.entity[entity.slug]
        self.add(node, RDF.type, WIKIBASE.Item)
        for language, text in entity.labels:
            self.add(node, RDFS.label, Literal(text, lang=language))
        for language, text in entity.aliases:
            self.add(node, SKOS.altLabel, Literal(text, lang=language))
        for language, text in entity.descriptions:
            self.add(node, SCHEMA.description, Literal(text, lang=language))
        if entity.qid:
            self.add(node, OWL.sameAs, WD[entity.qid])

    def unit(self, slug: str | None) -> URIRef:
        """A quantity's unit: its entity (like any item value), or Wikibase's "1"."""
        return UNIT_ONE if slug is None else self.ours.entity[slug]

    def simple(self, value: Value) -> Node:
        """The simple (ps:/pq:/wdt:) form of a value."""
        match value:
            case ItemValue(slug):
                return self.ours.entity[slug]
            case StringValue(text):
                return Literal(text)
            case MonolingualValue(text, language):
                return Literal(text, lang=language)
            case UrlValue(url):
                return URIRef(url)
            case TimeValue():
                return Literal(value.xsd(), datatype=XSD.dateTime, normalize=False)
            case QuantityValue(amount):
                return Literal(amount, datatype=XSD.decimal, normalize=False)
        raise AssertionError(f"unhandled value {value!r}")

    def value_node(self, value: Value) -> URIRef | None:
        """The full value node of a time or quantity (added once), else None."""
        if not isinstance(value, TimeValue | QuantityValue):
            return None
        node = value_iri(value, self.ours)
        if isinstance(value, TimeValue):
            self.add(node, RDF.type, WIKIBASE.TimeValue)
            self.add(node, WIKIBASE.timeValue, self.simple(value))
            self.add(node, WIKIBASE.timePrecision, _int(value.precision))
            self.add(node, WIKIBASE.timeTimezone, _int(0))
            self.add(node, WIKIBASE.timeCalendarModel, GREGORIAN)
        else:
            self.add(node, RDF.type, WIKIBASE.QuantityValue)
            self.add(node, WIKIBASE.quantityAmount, self.simple(value))
            self.add(node, WIKIBASE.quantityUnit, self.unit(value.unit))
            if value.lower is not None:
                self.add(
                    node,
                    WIKIBASE.quantityLowerBound,
                    Literal(value.lower, datatype=XSD.decimal, normalize=False),
                )
            if value.upper is not None:
                self.add(
                    node,
                    WIKIBASE.quantityUpperBound,
                    Literal(value.upper, datatype=XSD.decimal, normalize=False),
                )
        return node

    def claim(self, claim: Claim, *, best: bool) -> None:
        subject = self.ours.entity[claim.subject]
        node = statement_iri(claim, self.ours)
        simple = self.simple(claim.value)
        self.add(subject, P[claim.pid], node)
        self.add(node, _RDF_type, _WIKIBASE_Statement)
        if best:
            self.add(node, _RDF_type, _WIKIBASE_BestRank)
            self.add(subject, WDT[claim.pid], simple)
        self.add(node, _WIKIBASE_rank, RANK_IRIS[claim.rank])
        self.add(node, PS[claim.pid], simple)
        if (full := self.value_node(claim.value)) is not None:
            self.add(node, PSV[claim.pid], full)
        for qualifier in claim.qualifiers:
            self.add(node, PQ[qualifier.pid], self.simple(qualifier.value))
            if (full := self.value_node(qualifier.value)) is not None:
                self.add(node, PQV[qualifier.pid], full)
        for evidence in claim.evidence:
            self.add(node, _PROV_wasDerivedFrom, self.reference(evidence))

    def reference(self, evidence: Evidence) -> URIRef:
        node = reference_iri(evidence, self.ours)
        source = self.ours.source[evidence.source]
        position, quote = URIRef(f"{node}-position"), URIRef(f"{node}-quote")
        language = self._languages.get(evidence.source, "en")
        self.add(node, _RDF_type, _WIKIBASE_Reference)
        self.add(node, _RDF_type, _OA_SpecificResource)
        self.add(node, _PR_P248, source)
        self.add(node, _PR_P1683, Literal(evidence.quote, lang=language))
        self.add(node, _OA_hasSource, source)
        self.add(node, _OA_hasSelector, position)
        self.add(node, _OA_hasSelector, quote)
        self.add(position, _RDF_type, _OA_TextPositionSelector)
        self.add(position, _OA_start, _int(evidence.start))
        self.add(position, _OA_end, _int(evidence.end))
        self.add(quote, _RDF_type, _OA_TextQuoteSelector)
        self.add(quote, _OA_exact, Literal(evidence.quote))
        if evidence.prefix:
            self.add(quote, _OA_prefix, Literal(evidence.prefix))
        if evidence.suffix:
            self.add(quote, _OA_suffix, Literal(evidence.suffix))
        return node


def map_triples(curation: Curation, ours: OurNamespaces) -> dict[Triple, None]:
    """The statement graph of `curation` as its triples, in a fixed order (the dataset
    description is added separately)."""
    builder = GraphBuilder(ours)
    for source in curation.sources:
        builder.source(source)
    for entity in curation.entities:
        builder.entity(entity)
    best = best_statements(curation.claims)
    for claim in curation.claims:
        builder.claim(claim, best=claim.key() in best)
    return builder.triples


def map_curation(curation: Curation, ours: OurNamespaces) -> Graph:
    """The statement graph of `curation` as an rdflib Graph (see `map_triples`)."""
    return graph_of(map_triples(curation, ours), ours)
