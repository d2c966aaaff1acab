"""Mapping stage: Claims -> the Wikibase statement model of the RDF contract."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Literal, URIRef

from svg_rdf.graph.mapping import map_curation, reference_iri, statement_iri
from svg_rdf.graph.vocab import PQ, PS, PSV, RDF, WDT, WIKIBASE, XSD, OurNamespaces, P
from svg_rdf.model import (
    Claim,
    Curation,
    Entity,
    Evidence,
    ItemValue,
    Place,
    Qualifier,
    QuantityValue,
    SourceDocument,
    TimeValue,
)

OURS = OurNamespaces("https://example.org/t/", "svg")
TEXT = "The unit had 10 men. It had 12 men later. It was in Town."
SOURCE = SourceDocument(
    stem="doc",
    filename="doc.txt",
    title="Doc",
    kind="test",
    language="en",
    license="https://example.org/licence",
    sha256="0" * 64,
    text=TEXT,
    path=Path("doc.txt"),
)


def evidence(quote: str) -> Evidence:
    start = TEXT.index(quote)
    return Evidence("doc", quote, start, start + len(quote), TEXT[:start], "", Place("f", 1))


def entity(slug: str) -> Entity:
    return Entity(slug, (("en", slug.title()),), (), (), "unit", Place("e", 1))


def claim(
    pid: str,
    value: object,
    rank: str = "normal",
    quote: str = "The unit",
    qualifiers: tuple[Qualifier, ...] = (),
) -> Claim:
    return Claim(
        "unit",
        pid,
        value,
        qualifiers,
        rank,
        (evidence(quote),),  # type: ignore[arg-type]
        (Place("f", 1),),
    )


def graph_of(*claims: Claim):  # type: ignore[no-untyped-def]
    curation = Curation((SOURCE,), (), (entity("unit"), entity("town")), tuple(claims))
    return map_curation(curation, OURS)


def test_truthy_triples_follow_the_best_rank() -> None:
    preferred = claim(
        "P2124",
        QuantityValue("12"),
        "preferred",
        "It had 12 men later.",
        (Qualifier("P7452", ItemValue("town")),),
    )
    normal = claim("P2124", QuantityValue("10"), "normal", "The unit had 10 men.")
    deprecated = claim("P2124", QuantityValue("11"), "deprecated")
    graph = graph_of(preferred, normal, deprecated)
    unit = OURS.entity["unit"]
    assert set(graph.objects(unit, WDT.P2124)) == {
        Literal("12", datatype=XSD.decimal, normalize=False)
    }
    best = set(graph.subjects(RDF.type, WIKIBASE.BestRank))
    assert best == {statement_iri(preferred, OURS)}
    assert (statement_iri(deprecated, OURS), WIKIBASE.rank, WIKIBASE.DeprecatedRank) in graph


def test_deprecated_only_statements_give_no_truthy_triple() -> None:
    graph = graph_of(claim("P17", ItemValue("town"), "deprecated"))
    assert not list(graph.objects(OURS.entity["unit"], WDT.P17))
    assert not list(graph.subjects(RDF.type, WIKIBASE.BestRank))


def test_equal_normal_ranks_are_all_best() -> None:
    a = claim("P159", ItemValue("town"))
    b = claim("P159", ItemValue("unit"), quote="It was in Town.")
    graph = graph_of(a, b)
    assert len(set(graph.objects(OURS.entity["unit"], WDT.P159))) == 2


def test_time_is_normalised_as_wikidata_does() -> None:
    c = claim("P571", TimeValue(1938, 3, 0, 10))
    graph = graph_of(c)
    node = statement_iri(c, OURS)
    assert graph.value(node, PS.P571) == Literal(
        "1938-03-01T00:00:00Z", datatype=XSD.dateTime, normalize=False
    )
    full = graph.value(node, PSV.P571)
    assert graph.value(full, WIKIBASE.timePrecision) == Literal(
        "10", datatype=XSD.integer, normalize=False
    )
    assert graph.value(full, WIKIBASE.timeTimezone) == Literal(
        "0", datatype=XSD.integer, normalize=False
    )
    assert graph.value(full, WIKIBASE.timeCalendarModel) == URIRef(
        "http://www.wikidata.org/entity/Q1985727"
    )


def test_quantity_value_node_has_unit_one_and_bounds() -> None:
    c = claim("P1120", QuantityValue("1200", "1200", None))
    graph = graph_of(c)
    full = graph.value(statement_iri(c, OURS), PSV.P1120)
    assert graph.value(full, WIKIBASE.quantityUnit) == URIRef("http://www.wikidata.org/entity/Q199")
    assert graph.value(full, WIKIBASE.quantityLowerBound) == Literal(
        "1200", datatype=XSD.decimal, normalize=False
    )
    assert graph.value(full, WIKIBASE.quantityUpperBound) is None


def test_a_quantity_with_a_unit_names_the_units_entity() -> None:
    c = claim("P1120", QuantityValue("50000000", unit="town"))
    graph = graph_of(c)
    full = graph.value(statement_iri(c, OURS), PSV.P1120)
    assert graph.value(full, WIKIBASE.quantityUnit) == OURS.entity["town"]
    assert graph.value(statement_iri(c, OURS), PS.P1120) == Literal(
        "50000000", datatype=XSD.decimal
    )
    # the unit is part of the value: the same amount without it is another value node
    plain = claim("P1120", QuantityValue("50000000"))
    assert graph_of(plain).value(statement_iri(plain, OURS), PSV.P1120) != full


def test_qualifiers_have_simple_and_full_values() -> None:
    c = claim(
        "P159", ItemValue("town"), qualifiers=(Qualifier("P580", TimeValue(1937, 12, 13, 11)),)
    )
    graph = graph_of(c)
    node = statement_iri(c, OURS)
    assert graph.value(node, PQ.P580) == Literal(
        "1937-12-13T00:00:00Z", datatype=XSD.dateTime, normalize=False
    )
    assert graph.value(node, URIRef("http://www.wikidata.org/prop/qualifier/value/P580"))


def test_identical_references_share_one_node_and_carry_selectors() -> None:
    a = claim("P159", ItemValue("town"))
    b = claim("P17", ItemValue("town"))
    graph = graph_of(a, b)
    ref = reference_iri(a.evidence[0], OURS)
    assert set(graph.subjects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), ref)) == {
        statement_iri(a, OURS),
        statement_iri(b, OURS),
    }
    selectors = set(graph.objects(ref, URIRef("http://www.w3.org/ns/oa#hasSelector")))
    assert {URIRef(f"{ref}-position"), URIRef(f"{ref}-quote")} == selectors


def test_no_blank_nodes_and_statement_linked_from_subject() -> None:
    c = claim("P17", ItemValue("town"))
    graph = graph_of(c)
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)
    assert (OURS.entity["unit"], P.P17, statement_iri(c, OURS)) in graph


def test_iris_are_content_hashes_independent_of_order() -> None:
    a = claim("P159", ItemValue("town"))
    b = claim("P17", ItemValue("town"))
    assert set(graph_of(a, b)) == set(graph_of(b, a))
    assert statement_iri(a, OURS) == statement_iri(claim("P159", ItemValue("town")), OURS)
