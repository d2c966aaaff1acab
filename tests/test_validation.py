"""Validation stage: every shape accepts the built graph and catches its own violation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from svg_rdf.errors import ConfigurationError
from svg_rdf.pipeline import build
from svg_rdf.project import Project
from svg_rdf.validation import Shapes, load_shapes, validate
from svg_rdf.vocab import OA, PQ, PR, PROV, PS, RDF, RDFS, SPDX, WDT, WIKIBASE, XSD, P
from tests.conftest import make_project

Mutation = Callable[[Graph], None]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Shapes]:
    project = Project.at(make_project(tmp_path_factory.mktemp("v") / "p"))
    result = build(project, write=False)
    assert result.report.conforms, result.report.findings
    return result.graph, load_shapes(project.shape_files, result.curation.properties)


def first(graph: Graph, kind: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, kind))[0]  # type: ignore[type-var, return-value]


def statement_with(graph: Graph, predicate: URIRef) -> URIRef:
    return sorted(graph.subjects(predicate, None))[0]  # type: ignore[type-var, return-value]


def drop_references(g: Graph) -> None:
    g.remove((first(g, WIKIBASE.Statement), PROV.wasDerivedFrom, None))


def second_main_value(g: Graph) -> None:
    g.add((statement_with(g, PS.P1120), PS.P1120, Literal("1", datatype=XSD.decimal)))


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
    g.set((selector, OA.start, Literal("999999", datatype=XSD.integer)))


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
    g.set((s, PS.P576, Literal("1900-01-01T00:00:00Z", datatype=XSD.dateTime)))


def start_after_end_time(g: Graph) -> None:
    s = statement_with(g, PS.P1120)
    g.add((s, PQ.P580, Literal("1941-01-01T00:00:00Z", datatype=XSD.dateTime)))
    g.add((s, PQ.P582, Literal("1940-01-01T00:00:00Z", datatype=XSD.dateTime)))


def span_longer_than_quote(g: Graph) -> None:
    selector = first(g, OA.TextPositionSelector)
    end = int(g.value(selector, OA.end))  # type: ignore[arg-type]
    g.set((selector, OA.end, Literal(str(end + 1), datatype=XSD.integer)))


CASES: dict[str, tuple[Mutation, str]] = {
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


def test_validation_leaves_literal_normalisation_off(built: tuple[Graph, Shapes]) -> None:
    import rdflib

    graph, shapes = built
    validate(graph, shapes)
    assert rdflib.NORMALIZE_LITERALS is False
    assert (
        Literal("1937-01-01T00:00:00Z", datatype=XSD.dateTime)
        .n3()
        .startswith('"1937-01-01T00:00:00Z"')
    )
