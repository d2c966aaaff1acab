"""Pipeline: the only module that knows the stage order.

compile: seeds/ -> curation (sources, properties, entities, claims with verified evidence)
-> graph (with its dataset description) -> validation report, and output/shapes.ttl that
repeats it. The rendering of a compiled project into output/ files is svg_rdf/outputs.py.

The public calls that run these stages, one module per command, are in svg_rdf.api.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf import cache as stage_cache
from svg_rdf.cache import StageCache
from svg_rdf.curation.collect import Errors
from svg_rdf.curation.constraints import load_constraints
from svg_rdf.curation.coverage import load_declarations
from svg_rdf.curation.entities import load_entities, used_entities
from svg_rdf.curation.facts import Context, load_claims, merge_claims
from svg_rdf.curation.infobox import extract_infoboxes
from svg_rdf.curation.ontology import load_properties
from svg_rdf.curation.reconciliation import load_reconciliation
from svg_rdf.curation.reviews import load_reviews
from svg_rdf.curation.sources import load_sources
from svg_rdf.curation.wikidata_constraints import load_wikidata_constraints
from svg_rdf.export import ntriples, turtle
from svg_rdf.export.writer import OutputFile
from svg_rdf.graph.dataset import describe
from svg_rdf.graph.mapping import map_triples
from svg_rdf.graph.oxbridge import to_ox_triples
from svg_rdf.graph.vocab import OurNamespaces, Triple, graph_of
from svg_rdf.model import (
    Constraint,
    Curation,
    Reconciliation,
    ReviewedConflict,
    WikidataConstraint,
)
from svg_rdf.project import Project
from svg_rdf.settings import Settings, load_settings
from svg_rdf.validation.project_shapes import project_shapes
from svg_rdf.validation.shacl import Report, Shapes, validate
from svg_rdf.validation.shapes import SHAPES_NAME, SHAPES_PREFIXES, canonical_triples


@dataclass(frozen=True)
class Compiled:
    """One project's graph and its validation: what every later step starts from."""

    project: Project
    settings: Settings
    curation: Curation
    rdflib_triples: tuple[Triple, ...]  # the graph's triples as rdflib terms, in order
    triples: frozenset[ox.Triple]  # the graph as pyoxigraph triples, converted once
    report: Report
    shapes: Shapes  # what `report` was validated with, for output/shapes.ttl

    @property
    def ours(self) -> OurNamespaces:
        return OurNamespaces.of(self.settings)

    @cached_property
    def graph(self) -> Graph:
        """The graph as an rdflib Graph, made when first asked for: the build's own stages
        read its triples (filling rdflib's store costs as much as mapping the curation)."""
        return graph_of(self.rdflib_triples, self.ours)


def curate(project: Project, settings: Settings | None = None) -> Curation:
    """Read and verify every data file; raises SvgRdfError subclasses on bad input.

    Every independent error of the data files is found in one pass: one is raised as
    itself, several as one CurationErrors (a DataFileError) carrying each; an error that
    only follows from another (a claim naming an entity whose table was refused) is left
    out. `settings` are read from the project when not given.
    """
    if settings is None:
        settings = load_settings(project)
    errors = Errors()
    sources = load_sources(project, errors=errors)
    properties = load_properties(project, errors=errors)
    entities = load_entities(project, settings.kind_names, errors=errors)
    context = Context(sources, properties, entities, errors=errors)
    claims = [*load_claims(project, context), *extract_infoboxes(project, context)]
    merged = merge_claims(claims, errors=errors)
    constraints: tuple[Constraint, ...] = ()
    if not (errors.properties.names or errors.properties.unknown):
        # checked against the property tables: with a bad table, its errors would repeat
        with errors.each():
            constraints = load_constraints(project, properties, settings.kind_names)
    no_fact = load_declarations(project, errors=errors)
    reconciliation: tuple[Reconciliation, ...] = ()
    with errors.each():
        reconciliation = load_reconciliation(project)
    reviewed: tuple[ReviewedConflict, ...] = ()
    with errors.each():
        reviewed = load_reviews(project)
    wikidata_constraints: tuple[WikidataConstraint, ...] = ()
    with errors.each():
        wikidata_constraints = load_wikidata_constraints(project)
    errors.raise_all()
    return Curation(
        sources,
        properties,
        used_entities(entities, merged),
        merged,
        no_fact,
        constraints=constraints,
        reconciliation=reconciliation,
        reviewed=reviewed,
        wikidata_constraints=wikidata_constraints,
        kinds=tuple(sorted((kind.name, kind.classes) for kind in settings.kinds)),
    )


def build_graph(curation: Curation, settings: Settings, ours: OurNamespaces) -> tuple[Triple, ...]:
    """The graph's triples (the statements and the dataset's description), in order."""
    graph = map_triples(curation, ours)
    describe(graph, curation, settings, ours)
    return tuple(graph)


def compile_project(
    project: Project,
    settings: Settings | None = None,
    *,
    base_iri: str | None = None,
    cache: StageCache | None = None,
) -> Compiled:
    """Curation -> graph -> report; nothing is rendered. Raises SvgRdfError subclasses.

    Every stage runs on every call, the validation too; with `cache`, a graph whose
    content (its triples) was validated before against the same shapes (output/shapes.ttl's
    bytes) by the same engine and code takes that report: validation is a function of
    these alone, so the result is the same one.
    """
    settings = (settings or load_settings(project)).with_base(base_iri)
    curation = curate(project, settings)
    ours = OurNamespaces.of(settings)
    graph = build_graph(curation, settings, ours)
    triples = frozenset(to_ox_triples(graph))  # converted once, for SPARQL and the exports
    shapes = project_shapes(project, curation, settings=settings)
    report = _validated(triples, shapes, cache or StageCache(None))
    return Compiled(project, settings, curation, graph, triples, report, shapes)


def _validated(triples: frozenset[ox.Triple], shapes: Shapes, cache: StageCache) -> Report:
    if not cache.enabled:
        return validate(None, shapes, triples=triples)
    from svg_rdf.validation.engines import DEFAULT_ENGINE

    entry = stage_cache.key(
        "validation",
        DEFAULT_ENGINE,
        stage_cache.triples_digest(triples),
        shapes_file(shapes, cache).data,
    )
    report = cache.get(entry)
    if not isinstance(report, Report):
        report = validate(None, shapes, triples=triples, cache=cache)
        cache.put(entry, report)
    return report


def shapes_file(shapes: Shapes, cache: StageCache | None = None) -> OutputFile:
    """output/shapes.ttl: the complete shapes graph, for any SHACL engine to repeat the check.

    With `cache`, its bytes and triples are taken from it when the static shapes (their
    canonical triples) and the property table are those of an earlier build: the complete
    graph is these two alone (`Shapes.complete`)."""
    return stage_cache.remember(
        "shapes", shapes, lambda: _cached_shapes_file(shapes, cache or StageCache(None))
    )


def _cached_shapes_file(shapes: Shapes, cache: StageCache) -> OutputFile:
    properties = stage_cache.fingerprint(shapes.properties)
    if not cache.enabled or properties is None or shapes.static is None:
        return _shapes_file(shapes)
    static = stage_cache.lines_digest(str(t) for t in canonical_triples(shapes.static))
    entry = stage_cache.key("shapes-file", properties, static)
    found = cache.get(entry)
    if isinstance(found, tuple) and len(found) == 2 and all(isinstance(p, bytes) for p in found):
        data, lines = found
        triples = frozenset(q.triple for q in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))
        return OutputFile(SHAPES_NAME, data, turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE, triples)
    file = _shapes_file(shapes)
    assert file.expected is not None
    cache.put(entry, (file.data, ntriples.serialize(file.expected)))
    return file


def _shapes_file(shapes: Shapes) -> OutputFile:
    triples = canonical_triples(shapes.complete())
    data = turtle.serialize(triples, SHAPES_PREFIXES)
    return OutputFile(SHAPES_NAME, data, turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE, triples)
