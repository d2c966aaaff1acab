"""Validation stage: every shape accepts the built graph and catches its own violation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from svg_rdf.api import build
from svg_rdf.errors import ConfigurationError
from svg_rdf.graph.vocab import (
    DCTERMS,
    OA,
    PQ,
    PR,
    PROV,
    PS,
    RDF,
    RDFS,
    SCHEMA,
    SPDX,
    VOID,
    WDT,
    WIKIBASE,
    XSD,
    P,
)
from svg_rdf.project import Project
from svg_rdf.validation.shacl import Shapes, load_shapes, validate
from tests.conftest import make_project

Mutation = Callable[[Graph], None]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Shapes]:
    project = Project.at(make_project(tmp_path_factory.mktemp("v") / "p"))
    result = build(project, write=False)
    assert result.report.passes, result.report.findings
    return result.graph, load_shapes(project.shape_files, result.curation.properties)


def first(graph: Graph, kind: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, kind))[0]  # type: ignore[type-var, return-value]


def statement_with(graph: Graph, predicate: URIRef) -> URIRef:
    return sorted(graph.subjects(predicate, None))[0]  # type: ignore[type-var, return-value]


def drop_references(g: Graph) -> None:
    g.remove((first(g, WIKIBASE.Statement), PROV.wasDerivedFrom, None))


def second_main_value(g: Graph) -> None:
    g.add(
        (statement_with(g, PS.P1120), PS.P1120, Literal("1", datatype=XSD.decimal, normalize=False))
    )


def no_main_value(g: Graph) -> None:
    s = statement_with(g, PS.P1120)
    g.remove((s, PS.P1120, None))


def wrong_datatype(g: Graph) -> None:
    s = statement_with(g, PS.P1120)
    g.set((s, PS.P1120, Literal("twelve")))


def bad_rank(g: Graph) -> None:
    g.set((first(g, WIKIBASE.Statement), WIKIBASE.rank, WIKIBASE.BestRank))


def two_english_labels(g: Graph) -> None:
    g.add((first(g, WIKIBASE.Item), RDFS.label, Literal("Another", lang="en")))


def no_english_label(g: Graph) -> None:
    item = first(g, WIKIBASE.Item)
    g.remove((item, RDFS.label, None))
    g.add((item, RDFS.label, Literal("Nur deutsch", lang="de")))


def reference_without_quote(g: Graph) -> None:
    g.remove((first(g, WIKIBASE.Reference), PR.P1683, None))


def reference_without_source(g: Graph) -> None:
    g.remove((first(g, WIKIBASE.Reference), PR.P248, None))


def reference_without_position(g: Graph) -> None:
    ref = first(g, WIKIBASE.Reference)
    g.remove((ref, OA.hasSelector, URIRef(f"{ref}-position")))


def start_after_end(g: Graph) -> None:
    selector = first(g, OA.TextPositionSelector)
    g.set((selector, OA.start, Literal("999999", datatype=XSD.integer, normalize=False)))


def quote_with_a_no_break_space(g: Graph) -> None:
    """pr:P1683 has a no-break space where oa:exact has a space: both print alike."""
    ref = sorted(r for r, q in g.subject_objects(PR.P1683) if " " in str(q))[0]
    quote = g.value(ref, PR.P1683)
    assert isinstance(quote, Literal)
    g.set((ref, PR.P1683, Literal(str(quote).replace(" ", "\u00a0", 1), lang=quote.language)))


def day_with_a_time_of_day(g: Graph) -> None:
    """A day-precision date whose wikibase:timeValue has a time of day."""
    node = first(g, WIKIBASE.TimeValue)
    g.set((node, WIKIBASE.timePrecision, Literal("11", datatype=XSD.integer, normalize=False)))
    g.set(
        (
            node,
            WIKIBASE.timeValue,
            Literal("1938-03-01T12:30:00Z", datatype=XSD.dateTime, normalize=False),
        )
    )


def qualifier_on_the_item(g: Graph) -> None:
    """A pq: triple moved from its statement onto the statement's item."""
    statement, value = sorted(g.subject_objects(PQ.P585))[0]
    item = next(g.subjects(None, statement))
    g.remove((statement, PQ.P585, value))
    g.add((item, PQ.P585, value))


def quote_differs_from_exact(g: Graph) -> None:
    ref = first(g, WIKIBASE.Reference)
    g.set((ref, PR.P1683, Literal("not what the selector says", lang="en")))


def empty_quote(g: Graph) -> None:
    g.set((first(g, OA.TextQuoteSelector), OA.exact, Literal("")))


def bad_checksum(g: Graph) -> None:
    node = sorted(g.subjects(RDF.type, SPDX.Checksum))[0]
    g.set((node, SPDX.checksumValue, Literal("not-a-hash")))  # type: ignore[arg-type]


def missing_value_node(g: Graph) -> None:
    s = statement_with(g, PS.P1120)
    g.remove((s, URIRef("http://www.wikidata.org/prop/statement/value/P1120"), None))


def item_property_with_literal(g: Graph) -> None:
    s = statement_with(g, PS.P159)
    g.set((s, PS.P159, Literal("Beta Town")))


def best_rank_on_deprecated(g: Graph) -> None:
    s = statement_with(g, PS.P1120)
    g.set((s, WIKIBASE.rank, WIKIBASE.DeprecatedRank))


def missing_truthy(g: Graph) -> None:
    s = statement_with(g, PS.P159)
    value = g.value(s, PS.P159)
    g.remove((None, WDT.P159, value))


def stray_truthy(g: Graph) -> None:
    g.add((first(g, WIKIBASE.Item), WDT.P17, URIRef("https://example.org/elsewhere")))


def inception_after_dissolution(g: Graph) -> None:
    s = statement_with(g, PS.P576)
    g.set((s, PS.P576, Literal("1900-01-01T00:00:00Z", datatype=XSD.dateTime, normalize=False)))


def start_after_end_time(g: Graph) -> None:
    s = statement_with(g, PS.P1120)
    g.add((s, PQ.P580, Literal("1941-01-01T00:00:00Z", datatype=XSD.dateTime, normalize=False)))
    g.add((s, PQ.P582, Literal("1940-01-01T00:00:00Z", datatype=XSD.dateTime, normalize=False)))


def span_longer_than_quote(g: Graph) -> None:
    selector = first(g, OA.TextPositionSelector)
    end = int(g.value(selector, OA.end))  # type: ignore[arg-type]
    g.set((selector, OA.end, Literal(str(end + 1), datatype=XSD.integer, normalize=False)))


def bad_precision(g: Graph) -> None:
    g.set(
        (
            first(g, WIKIBASE.TimeValue),
            WIKIBASE.timePrecision,
            Literal("15", datatype=XSD.integer, normalize=False),
        )
    )


def julian_is_fine_but_other_calendar_is_not(g: Graph) -> None:
    g.set(
        (
            first(g, WIKIBASE.TimeValue),
            WIKIBASE.timeCalendarModel,
            URIRef("http://www.wikidata.org/entity/Q1"),
        )
    )


def quantity_without_unit(g: Graph) -> None:
    g.remove((first(g, WIKIBASE.QuantityValue), WIKIBASE.quantityUnit, None))


def lower_bound_above_amount(g: Graph) -> None:
    g.set(
        (
            first(g, WIKIBASE.QuantityValue),
            WIKIBASE.quantityLowerBound,
            Literal("1000000", datatype=XSD.decimal, normalize=False),
        )
    )


def dataset_without_licence(g: Graph) -> None:
    g.remove((first(g, VOID.Dataset), DCTERMS.license, None))


def remover(kind: URIRef, predicate: URIRef) -> Mutation:
    def mutate(g: Graph) -> None:
        g.remove((first(g, kind), predicate, None))

    return mutate


def two_descriptions(g: Graph) -> None:
    g.add((first(g, WIKIBASE.Item), SCHEMA.description, Literal("one", lang="en")))
    g.add((first(g, WIKIBASE.Item), SCHEMA.description, Literal("two", lang="en")))


def upper_bound_below_amount(g: Graph) -> None:
    g.set(
        (
            first(g, WIKIBASE.QuantityValue),
            WIKIBASE.quantityUpperBound,
            Literal("0", datatype=XSD.decimal, normalize=False),
        )
    )


def negative_start(g: Graph) -> None:
    g.set(
        (
            first(g, OA.TextPositionSelector),
            OA.start,
            Literal("-1", datatype=XSD.integer, normalize=False),
        )
    )


def two_lower_bounds(g: Graph) -> None:
    node = first(g, WIKIBASE.QuantityValue)
    g.add((node, WIKIBASE.quantityLowerBound, Literal("1", datatype=XSD.decimal, normalize=False)))
    g.add((node, WIKIBASE.quantityLowerBound, Literal("2", datatype=XSD.decimal, normalize=False)))


def two_upper_bounds(g: Graph) -> None:
    node = first(g, WIKIBASE.QuantityValue)
    g.add(
        (
            node,
            WIKIBASE.quantityUpperBound,
            Literal("1000001", datatype=XSD.decimal, normalize=False),
        )
    )
    g.add(
        (
            node,
            WIKIBASE.quantityUpperBound,
            Literal("1000002", datatype=XSD.decimal, normalize=False),
        )
    )


def reference_without_quote_selector(g: Graph) -> None:
    ref = first(g, WIKIBASE.Reference)
    g.remove((ref, OA.hasSelector, URIRef(f"{ref}-quote")))


def disagreeing_second_source(g: Graph) -> None:
    """A second source gives another value for a statement's subject and property."""
    statement = statement_with(g, PS.P576)
    subject = next(g.subjects(P.P576, statement))
    other = URIRef(f"{statement}-other")
    reference = URIRef(f"{other}-reference")
    source = URIRef("https://example.org/test/source/other")
    year = Literal("1941-01-01T00:00:00Z", datatype=XSD.dateTime, normalize=False)
    g.add((subject, P.P576, other))
    g.add((subject, WDT.P576, year))
    for triple in list(g.triples((statement, None, None))):
        if triple[1] not in (PS.P576, PROV.wasDerivedFrom):
            g.add((other, triple[1], triple[2]))
    g.add((other, PS.P576, year))
    g.add((other, PROV.wasDerivedFrom, reference))
    old = g.value(statement, PROV.wasDerivedFrom)
    for triple in list(g.triples((old, None, None))):
        g.add((reference, triple[1], triple[2]))
    g.set((reference, PR.P248, source))
    g.set((reference, OA.hasSource, source))
    for triple in list(g.triples((g.value(old, PR.P248), None, None))):
        g.add((source, triple[1], triple[2]))


def quoted_only_by_the_value_name(g: Graph) -> None:
    """An item-valued statement whose every quote becomes its value's label."""
    for statement in sorted(g.subjects(RDF.type, WIKIBASE.Statement)):
        values = [
            v
            for p, v in g.predicate_objects(statement)
            if str(p).startswith(str(PS)) and g.value(v, RDFS.label) is not None
        ]
        if values:
            break
    set_quotes(g, statement, f" {g.value(values[0], RDFS.label)}. ")


def set_quotes(g: Graph, statement: URIRef, quote: str) -> None:
    """Every reference of `statement` quotes `quote` (its selectors agreeing)."""
    for reference in list(g.objects(statement, PROV.wasDerivedFrom)):
        g.set((reference, PR.P1683, Literal(quote, lang="en")))
        for selector in list(g.objects(reference, OA.hasSelector)):
            if g.value(selector, OA.exact) is not None:
                g.set((selector, OA.exact, Literal(quote)))
            start = g.value(selector, OA.start)
            if start is not None:
                end = int(start.toPython()) + len(quote)  # type: ignore[union-attr]
                g.set((selector, OA.end, Literal(str(end), datatype=XSD.integer, normalize=False)))


def only_a_name_in_a_sentence(g: Graph) -> None:
    """Must not warn: the label with words around it states something."""
    quoted_only_by_the_value_name(g)
    for reference, quote in list(g.subject_objects(PR.P1683)):
        if str(quote).startswith(" "):
            statement = next(g.subjects(PROV.wasDerivedFrom, reference))
            set_quotes(g, statement, f"it served{quote}")  # type: ignore[arg-type]


WARNINGS: dict[str, tuple[Mutation, str]] = {
    "sources disagree": (disagreeing_second_source, "sources disagree on"),
    "quote is only the value's name": (quoted_only_by_the_value_name, "only the name of its value"),
}


CASES: dict[str, tuple[Mutation, str]] = {
    "negative start": (negative_start, "integer oa:start, 0 or more"),
    "position selector without end": (
        remover(OA.TextPositionSelector, OA.end),
        "one integer oa:end",
    ),
    "two lower bounds": (two_lower_bounds, "at most one decimal lower bound"),
    "two upper bounds": (two_upper_bounds, "at most one decimal upper bound"),
    "reference without quote selector": (
        reference_without_quote_selector,
        "exactly one TextQuoteSelector",
    ),
    "two descriptions": (two_descriptions, "at most one description per language"),
    "source without file name": (
        remover(SCHEMA.CreativeWork, DCTERMS.identifier),
        "exactly one file name",
    ),
    "source without licence": (remover(SCHEMA.CreativeWork, DCTERMS.license), "licence IRI"),
    "reference without oa:hasSource": (
        remover(WIKIBASE.Reference, OA.hasSource),
        "exactly one oa:hasSource",
    ),
    "time without timeValue": (
        remover(WIKIBASE.TimeValue, WIKIBASE.timeValue),
        "exactly one wikibase:timeValue",
    ),
    "time without timezone": (
        remover(WIKIBASE.TimeValue, WIKIBASE.timeTimezone),
        "integer timezone",
    ),
    "upper bound below amount": (upper_bound_below_amount, "must not exceed its upper bound"),
    "quantity without amount": (
        remover(WIKIBASE.QuantityValue, WIKIBASE.quantityAmount),
        "exactly one amount",
    ),
    "dataset without title": (remover(VOID.Dataset, DCTERMS.title), "needs a title"),
    "dataset without triple count": (remover(VOID.Dataset, VOID.triples), "triple count"),
    "dataset without build": (remover(VOID.Dataset, PROV.wasGeneratedBy), "build activity"),
    "time precision out of range": (bad_precision, "precision from 0 to 14"),
    "unknown calendar model": (julian_is_fine_but_other_calendar_is_not, "calendar model"),
    "quantity without unit": (quantity_without_unit, "exactly one unit"),
    "lower bound above amount": (lower_bound_above_amount, "lower bound must not exceed"),
    "dataset without licence": (dataset_without_licence, "exactly one licence IRI"),
    "best rank on a deprecated statement": (best_rank_on_deprecated, "wikibase:BestRank is wrong"),
    "missing truthy triple": (missing_truthy, "needs its wdt: triple"),
    "truthy triple without statement": (stray_truthy, "has no best-rank statement"),
    "inception after dissolution": (inception_after_dissolution, "is after dissolution"),
    "start time after end time": (start_after_end_time, "is after end time"),
    "span length differs from quote": (span_longer_than_quote, "differs from the quote's length"),
    "statement without reference": (drop_references, "at least one reference"),
    "two main values": (second_main_value, "exactly one main value"),
    "no main value": (no_main_value, "exactly one main value"),
    "quantity as a string": (wrong_datatype, "P1120 (number of deaths) takes a quantity"),
    "item as a literal": (item_property_with_literal, "takes an item"),
    "rank outside the three": (bad_rank, "exactly one rank"),
    "two English labels": (two_english_labels, "at most one label per language"),
    "no English label": (no_english_label, "needs an English label"),
    "reference without quote": (reference_without_quote, "exactly one quote"),
    "reference without source": (reference_without_source, "exactly one source document"),
    "reference without position": (reference_without_position, "TextPositionSelector"),
    "start after end": (start_after_end, "start must be before its end"),
    "empty quote selector": (empty_quote, "non-empty oa:exact"),
    "quote differs from oa:exact": (quote_differs_from_exact, "differs from the selector's"),
    "quote with a no-break space": (
        quote_with_a_no_break_space,
        "⟨U+00A0⟩",
    ),
    "day precision with a time of day": (
        day_with_a_time_of_day,
        "precision 11 (day) or coarser has a time of day",
    ),
    "qualifier on the item": (qualifier_on_the_item, "its subject must be a statement"),
    "malformed checksum": (bad_checksum, "SHA-256 checksum"),
    "time without value node": (missing_value_node, "full value node"),
}


def test_built_graph_conforms(built: tuple[Graph, Shapes]) -> None:
    graph, shapes = built
    assert validate(graph, shapes).conforms


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_shape_catches_its_violation(built: tuple[Graph, Shapes], case: str) -> None:
    graph, shapes = built
    mutate, message = CASES[case]
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    mutate(broken)
    report = validate(broken, shapes)
    assert not report.conforms
    assert any(message in finding.message for finding in report.findings), report.findings


def test_service_in_shapes_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:s> sh:select "SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }" .\n'
    )
    with pytest.raises(ConfigurationError, match="SERVICE"):
        load_shapes([bad], [])


def test_unreadable_shapes_are_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(ConfigurationError, match="cannot read shapes"):
        load_shapes([bad], [])


def test_statement_link_uses_p_namespace(built: tuple[Graph, Shapes]) -> None:
    graph, _ = built
    assert list(graph.triples((None, P.P1120, None)))


@pytest.mark.parametrize("setting", [True, False])
def test_validation_leaves_literal_normalisation_as_it_was(
    built: tuple[Graph, Shapes], setting: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rdflib

    graph, shapes = built
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", setting)
    validate(graph, shapes)
    assert rdflib.NORMALIZE_LITERALS is setting
    assert (
        Literal("1937-01-01T00:00:00Z", datatype=XSD.dateTime, normalize=False)
        .n3()
        .startswith('"1937-01-01T00:00:00Z"')
    )


def test_every_static_shape_message_has_a_violating_example() -> None:
    from rdflib.namespace import SH

    from tests.conftest import REPO

    shapes = Graph()
    for path in sorted((REPO / "shapes").glob("*.ttl")):
        shapes.parse(path)
    messages = {str(m) for m in shapes.objects(None, SH.message)}
    expected = [needle for _, needle in (*CASES.values(), *WARNINGS.values())]
    uncovered = sorted(m for m in messages if not any(needle in m for needle in expected))
    assert uncovered == [], "add a violating example to CASES for each of these shapes"


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_each_warning_shape_warns_without_failing(built: tuple[Graph, Shapes], case: str) -> None:
    graph, shapes = built
    mutate, message = WARNINGS[case]
    changed = Graph()
    for triple in graph:
        changed.add(triple)
    mutate(changed)
    report = validate(changed, shapes)
    assert report.passes, report.findings
    assert not report.conforms  # SHACL: any result, a warning too, means not conforming
    assert [f.severity for f in report.findings if message in f.message] == ["warning"]


def test_a_name_inside_a_sentence_is_not_a_weak_quote(built: tuple[Graph, Shapes]) -> None:
    graph, shapes = built
    changed = Graph()
    for triple in graph:
        changed.add(triple)
    only_a_name_in_a_sentence(changed)
    report = validate(changed, shapes)
    assert not [f for f in report.findings if "only the name of its value" in f.message]


def test_a_quote_that_looks_alike_names_where_it_differs(built: tuple[Graph, Shapes]) -> None:
    graph, shapes = built
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    ref, quote = next((r, q) for r, q in broken.subject_objects(PR.P1683) if "ü" in str(q))
    assert isinstance(quote, Literal)
    decomposed = str(quote).replace("ü", "u\u0308")
    broken.set((ref, PR.P1683, Literal(decomposed, lang=quote.language)))
    [message] = [f.message for f in validate(broken, shapes).findings]
    at = str(quote).index("ü")
    assert message.endswith(
        f"(they look alike but differ at code point {at}: U+0075 LATIN SMALL LETTER U "
        "against U+00FC LATIN SMALL LETTER U WITH DIAERESIS)"
    )


def test_an_invisible_character_is_named_by_code_point(built: tuple[Graph, Shapes]) -> None:
    graph, shapes = built
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    quote_with_a_no_break_space(broken)
    [message] = [f.message for f in validate(broken, shapes).findings]
    assert "\u00a0" not in message
    assert "formed⟨U+00A0⟩in" in message
    assert message.endswith("; ⟨U+00A0⟩ is NO-BREAK SPACE")
