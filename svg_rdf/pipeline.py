"""Pipeline: the only module that knows the stage order.

seeds/ -> sources, properties, entities, claims (verified evidence) -> graph -> dataset
description -> SHACL validation -> exports verified by a strict parser -> output/.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf.curation.entities import load_entities
from svg_rdf.curation.facts import Context, load_claims, merge_claims
from svg_rdf.curation.infobox import extract_infoboxes
from svg_rdf.curation.ontology import load_properties
from svg_rdf.curation.sources import load_sources
from svg_rdf.export import jsonld, ntriples, turtle
from svg_rdf.export.void import distribution_graph
from svg_rdf.export.writer import OutputFile, publish
from svg_rdf.graph.dataset import describe
from svg_rdf.graph.mapping import map_curation
from svg_rdf.graph.oxbridge import to_ox_triples
from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
from svg_rdf.model import Curation
from svg_rdf.project import Project
from svg_rdf.reports import render_reports
from svg_rdf.settings import Settings, load_settings
from svg_rdf.validation.shacl import Report, Shapes, load_shapes, validate
from svg_rdf.validation.shapes import SHAPES_NAME, SHAPES_PREFIXES, canonical_triples
from svg_rdf.wikidata import plan as quickstatements
from svg_rdf.wikidata.diff import Diff, diff, load_documents


@dataclass(frozen=True)
class Built:
    """What one build produced: the curation, the graph, its validation and its files."""

    curation: Curation
    graph: Graph
    report: Report
    files: tuple[OutputFile, ...]


def curate(project: Project, settings: Settings | None = None) -> Curation:
    """Read and verify every data file; raises SvgRdfError subclasses on bad input.

    `settings` are read from the project when not given.
    """
    if settings is None:
        settings = load_settings(project)
    sources = load_sources(project)
    properties = load_properties(project)
    entities = load_entities(project, settings.kind_names)
    context = Context(sources, properties, entities)
    claims = [*load_claims(project, context), *extract_infoboxes(project, context)]
    return Curation(sources, properties, entities, merge_claims(claims))


def build_graph(curation: Curation, settings: Settings, ours: OurNamespaces) -> Graph:
    graph = map_curation(curation, ours)
    describe(graph, curation, settings, ours)
    return graph


def render(
    graph: Graph,
    ours: OurNamespaces,
    documents: Sequence[OutputFile] = (),
    triples: frozenset[ox.Triple] | None = None,
    *,
    name: str,
) -> tuple[OutputFile, ...]:
    """The graph files, the given documents, and void.ttl describing all of them.

    RDF files carry the triples they must parse back to (`triples`, when the caller has
    converted the graph already).
    """
    expected = frozenset(to_ox_triples(graph)) if triples is None else triples
    prefixes = all_prefixes(ours)
    data = [
        OutputFile(
            f"{name}.ttl",
            turtle.serialize(expected, prefixes),
            turtle.MEDIA_TYPE,
            ox.RdfFormat.TURTLE,
            expected,
        ),
        OutputFile(
            f"{name}.nt",
            ntriples.serialize(expected),
            ntriples.MEDIA_TYPE,
            ox.RdfFormat.N_TRIPLES,
            expected,
        ),
        OutputFile(
            f"{name}.jsonld",
            jsonld.serialize(graph, prefixes),
            jsonld.MEDIA_TYPE,
            ox.RdfFormat.JSON_LD,
            expected,
        ),
        OutputFile(jsonld.CONTEXT_FILE, jsonld.serialize_context(prefixes), jsonld.MEDIA_TYPE),
        *documents,
    ]
    void = distribution_graph(data, ours)
    data.append(
        OutputFile(
            "void.ttl",
            turtle.serialize(void, prefixes),
            turtle.MEDIA_TYPE,
            ox.RdfFormat.TURTLE,
            frozenset(to_ox_triples(void)),
        )
    )
    return tuple(data)


def shapes_file(shapes: Shapes) -> OutputFile:
    """output/shapes.ttl: the complete shapes graph, for any SHACL engine to repeat the check."""
    triples = canonical_triples(shapes.complete())
    data = turtle.serialize(triples, SHAPES_PREFIXES)
    return OutputFile(SHAPES_NAME, data, turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE, triples)


def build(project: Project, *, base_iri: str | None = None, write: bool = True) -> Built:
    """Run the whole build. Output is written only when the graph conforms to the shapes.

    Raises SvgRdfError subclasses for bad input or a failed export; a non-conforming
    graph is returned in `report`, with nothing written.
    """
    settings = load_settings(project).with_base(base_iri)
    ours = OurNamespaces.of(settings)
    curation = curate(project, settings)
    graph = build_graph(curation, settings, ours)
    triples = frozenset(to_ox_triples(graph))  # converted once, for SPARQL and the exports
    shapes = load_shapes(project.shape_files, curation.properties)
    report = validate(graph, shapes, triples=triples)
    files: tuple[OutputFile, ...] = ()
    if report.passes:
        documents = (
            *quickstatements.output_files(curation, settings.wikidata),
            *render_reports(project, curation),
            shapes_file(shapes),
        )
        files = render(graph, ours, documents, triples, name=settings.name)
        if write:
            publish(project.output, files)
    return Built(curation, graph, report, files)


def wikidata_diff(project: Project, paths: Sequence[Path]) -> Diff:
    """Our statements compared with saved Wikidata entity documents (`paths`).

    Raises DataFileError for bad curation or a malformed entity document.
    """
    settings = load_settings(project)
    documents = load_documents(paths, [project.relative(p) for p in paths])
    return diff(curate(project, settings), settings.wikidata, documents)
