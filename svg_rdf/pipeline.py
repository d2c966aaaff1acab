"""Pipeline: the only module that knows the stage order.

compile: seeds/ -> curation (sources, properties, entities, claims with verified evidence)
-> graph (with its dataset description) -> validation report.
render: the graph files (each re-parsed by a strict parser as it is rendered), the
QuickStatements plan and the curators' reports, and void.ttl describing them -> output/.
`load`, `query` and `serve` need only the compiled graph as N-Triples.

The public calls that run these stages, one module per command, are in svg_rdf.api.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf import cache as stage_cache
from svg_rdf.cache import StageCache
from svg_rdf.curation.collect import Errors
from svg_rdf.curation.constraints import load_constraints
from svg_rdf.curation.coverage import load_declarations
from svg_rdf.curation.entities import is_builtin, load_entities, used_entities
from svg_rdf.curation.facts import Context, load_claims, merge_claims
from svg_rdf.curation.infobox import extract_infoboxes
from svg_rdf.curation.ontology import load_properties
from svg_rdf.curation.reconciliation import load_reconciliation
from svg_rdf.curation.reviews import load_reviews
from svg_rdf.curation.sources import load_sources
from svg_rdf.curation.wikidata_constraints import load_wikidata_constraints
from svg_rdf.endpoint import query as queries
from svg_rdf.export import jsonld, ntriples, turtle
from svg_rdf.export.verified import verified
from svg_rdf.export.void import distribution_graph
from svg_rdf.export.writer import OutputFile, verify
from svg_rdf.graph.dataset import describe
from svg_rdf.graph.mapping import map_curation
from svg_rdf.graph.oxbridge import to_ox_triples
from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
from svg_rdf.model import (
    Constraint,
    Curation,
    Property,
    Reconciliation,
    ReviewedConflict,
    WikidataConstraint,
)
from svg_rdf.project import Project
from svg_rdf.reports import render_reports
from svg_rdf.settings import Settings, load_settings
from svg_rdf.site import SiteSettings, render_site
from svg_rdf.validation.constraintshapes import Typing, constraint_shapes
from svg_rdf.validation.shacl import Report, Shapes, load_shapes, validate
from svg_rdf.validation.shapes import SHAPES_NAME, SHAPES_PREFIXES, canonical_triples
from svg_rdf.wikidata import plan as quickstatements
from svg_rdf.wikidata.live import comparer
from svg_rdf.wikidata.snapshot import load_snapshot

T = TypeVar("T")

# The graph formats: file extension and serialiser for each.
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
_EXTENSIONS = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld"}
_TYPES = {
    "turtle": (turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE),
    "ntriples": (ntriples.MEDIA_TYPE, ox.RdfFormat.N_TRIPLES),
    "jsonld": (jsonld.MEDIA_TYPE, ox.RdfFormat.JSON_LD),
}


@dataclass(frozen=True)
class Compiled:
    """One project's graph and its validation: what every later step starts from."""

    project: Project
    settings: Settings
    curation: Curation
    graph: Graph
    triples: frozenset[ox.Triple]  # the graph as pyoxigraph triples, converted once
    report: Report
    shapes: Shapes  # what `report` was validated with, for output/shapes.ttl

    @property
    def ours(self) -> OurNamespaces:
        return OurNamespaces.of(self.settings)


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


def build_graph(curation: Curation, settings: Settings, ours: OurNamespaces) -> Graph:
    graph = map_curation(curation, ours)
    describe(graph, curation, settings, ours)
    return graph


def project_shapes(
    project: Project,
    curation: Curation | None = None,
    *,
    settings: Settings | None = None,
    properties: tuple[Property, ...] | None = None,
) -> Shapes:
    """The contract shapes, the project's own, the value shapes of its property table and
    the shapes of its constraint table (as warnings).

    `settings` are the ones the graph was compiled with (a `--base-iri` included) and
    `properties` the property table, when the caller has read them (`curation` brings its
    own); each is read from the project when not given. Raises ConfigurationError when the
    contract shapes cannot be found or are unusable, and DataFileError for a malformed
    constraint table.
    """
    if curation is None and not (project.seeds / "dataset.toml").is_file():
        # no project (the package's defaults only): the contract and value shapes
        properties = load_properties(project) if properties is None else properties
        return load_shapes(project.shape_files, properties)
    settings = settings or load_settings(project)
    if curation is not None:
        properties, constraints = curation.properties, curation.constraints
        entities = curation.entities
    else:
        properties = load_properties(project) if properties is None else properties
        constraints = load_constraints(project, properties, settings.kind_names)
        entities = load_entities(project, settings.kind_names)
    # the built-in entities (circa, ...) are values of qualifiers, no instance of a class;
    # left out, the shapes are the same whether or not a claim uses one
    typed = Typing.of(
        ((kind.name, kind.classes) for kind in settings.kinds),
        [entity for entity in entities if not is_builtin(entity)],
    )
    return load_shapes(
        project.shape_files,
        properties,
        generated=constraint_shapes(constraints, properties, typed),
    )


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
    report = _validated(graph, triples, shapes, cache or StageCache(None))
    return Compiled(project, settings, curation, graph, triples, report, shapes)


def _validated(
    graph: Graph, triples: frozenset[ox.Triple], shapes: Shapes, cache: StageCache
) -> Report:
    if not cache.enabled:
        return validate(graph, shapes, triples=triples)
    from svg_rdf.validation.engines import DEFAULT_ENGINE

    entry = stage_cache.key(
        "validation", DEFAULT_ENGINE, _graph_digest(triples), shapes_file(shapes).data
    )
    report = cache.get(entry)
    if not isinstance(report, Report):
        report = validate(graph, shapes, triples=triples)
        cache.put(entry, report)
    return report


_REMEMBERED: list[tuple[str, object, object]] = []


def _remember(what: str, value: object, compute: Callable[[], T]) -> T:
    """`compute()` for `value`, remembered for the last few objects by identity: the
    curation, the graph and the shapes are hashed (and shapes.ttl rendered) by several
    stages of one build."""
    for name, known, result in _REMEMBERED:
        if name == what and known is value:
            return cast(T, result)
    result = compute()
    _REMEMBERED[:] = [*_REMEMBERED[-5:], (what, value, result)]
    return result


def _graph_digest(triples: frozenset[ox.Triple]) -> bytes:
    return _remember("graph", triples, lambda: stage_cache.lines_digest(str(t) for t in triples))


def _fingerprint(value: object) -> bytes | None:
    return _remember("pickle", value, lambda: stage_cache.fingerprint(value) or b"") or None


def _graph_file(
    graph: Graph, triples: frozenset[ox.Triple], prefixes: dict[str, str], fmt: str, name: str
) -> OutputFile:
    filename = f"{name}.{_EXTENSIONS[fmt]}"
    if fmt == "turtle":
        data = turtle.serialize(triples, prefixes)
        return OutputFile(filename, data, turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE, triples)
    if fmt == "ntriples":
        data = ntriples.serialize(triples)
        return OutputFile(filename, data, ntriples.MEDIA_TYPE, ox.RdfFormat.N_TRIPLES, triples)
    if fmt == "jsonld":
        data = jsonld.serialize_triples(triples, prefixes)
        return OutputFile(filename, data, jsonld.MEDIA_TYPE, ox.RdfFormat.JSON_LD, triples)
    raise ValueError(f"unknown graph format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")


def _cached_graph_file(
    graph: Graph,
    triples: frozenset[ox.Triple],
    prefixes: dict[str, str],
    fmt: str,
    name: str,
    cache: StageCache,
) -> OutputFile:
    if not cache.enabled:
        return _graph_file(graph, triples, prefixes, fmt, name)
    entry = stage_cache.key(
        "graph-file", fmt, name, repr(sorted(prefixes.items())), _graph_digest(triples)
    )
    data = cache.get(entry)
    if isinstance(data, bytes):
        media_type, rdf_format = _TYPES[fmt]
        return OutputFile(f"{name}.{_EXTENSIONS[fmt]}", data, media_type, rdf_format, triples)
    file = _graph_file(graph, triples, prefixes, fmt, name)
    cache.put(entry, file.data)
    return file


def graph_file(compiled: Compiled, fmt: str) -> OutputFile:
    """The compiled graph in one format (turtle, ntriples, jsonld), verified: it re-parses
    strictly to exactly the graph. Raises ExportError when it does not (a bug), ValueError
    for an unknown format."""
    prefixes = all_prefixes(compiled.ours)
    file = _graph_file(compiled.graph, compiled.triples, prefixes, fmt, compiled.settings.name)
    verify(file)
    return file


def render(
    graph: Graph,
    ours: OurNamespaces,
    documents: Sequence[OutputFile] = (),
    triples: frozenset[ox.Triple] | None = None,
    *,
    name: str,
    cache: StageCache | None = None,
) -> tuple[OutputFile, ...]:
    """The graph files, the given documents, and void.ttl describing all of them.

    RDF files carry the triples they must parse back to (`triples`, when the caller has
    converted the graph already); `publish` or `verify` checks them. With `cache`, a graph
    file's bytes are taken from it when the same triples were serialised with the same
    prefixes and name before.
    """
    expected = frozenset(to_ox_triples(graph)) if triples is None else triples
    prefixes = all_prefixes(ours)
    data = [
        *(
            _cached_graph_file(graph, expected, prefixes, fmt, name, cache or StageCache(None))
            for fmt in GRAPH_FORMATS
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
    return _remember("shapes", shapes, lambda: _shapes_file(shapes))


def _shapes_file(shapes: Shapes) -> OutputFile:
    triples = canonical_triples(shapes.complete())
    data = turtle.serialize(triples, SHAPES_PREFIXES)
    return OutputFile(SHAPES_NAME, data, turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE, triples)


def documents(compiled: Compiled, cache: StageCache | None = None) -> tuple[OutputFile, ...]:
    """The QuickStatements file with its pending lists, the curators' reports, and the
    complete shapes graph.

    With `cache`, the QuickStatements files and the reports are taken from it when the
    curation, the Wikidata settings and the Wikidata snapshot are the same as before (they
    are computed from these alone); the snapshot is read every time."""
    cache = cache or StageCache(None)
    snapshot = load_snapshot(compiled.project, site=compiled.settings.wikidata.site)
    entry: str | None = None
    if cache.enabled:
        parts = (
            _fingerprint(compiled.curation),
            stage_cache.fingerprint(compiled.settings.wikidata),
            stage_cache.fingerprint(snapshot),
        )
        if all(part is not None for part in parts):
            entry = stage_cache.key("documents", *(part for part in parts if part is not None))
    found = cache.get(entry) if entry is not None else None
    if isinstance(found, tuple) and all(isinstance(file, OutputFile) for file in found):
        return (*found, shapes_file(compiled.shapes))
    compare = comparer(snapshot, compiled.curation)  # the batch and the reports count with it
    wikidata = compiled.settings.wikidata
    # planned and simulated once: the pending lists and the reconciliation report agree
    planned = quickstatements.batch(compiled.curation, wikidata, compare=compare)
    made = (
        *quickstatements.output_files(
            compiled.curation, wikidata, compare=compare, planned=planned
        ),
        *render_reports(
            compiled.project, compiled.curation, wikidata, compare=compare, held=planned.held
        ),
    )
    if entry is not None:
        cache.put(entry, made)
    return (*made, shapes_file(compiled.shapes))


def live_comparison(compiled: Compiled) -> quickstatements.Compare:
    """The batch compared with the project's Wikidata snapshot (wikidata/items/), offline;
    raises DataFileError for a malformed snapshot."""
    snapshot = load_snapshot(compiled.project, site=compiled.settings.wikidata.site)
    return comparer(snapshot, compiled.curation)


def site_settings(settings: Settings, ours: OurNamespaces) -> SiteSettings:
    """The site's settings: the dataset's words, and output/ published at site_url (by
    default at the base IRI itself)."""
    return SiteSettings(
        settings.name,
        settings.title,
        settings.description,
        settings.license,
        ours.base,
        settings.site_url or ours.base,
    )


def site_files(
    compiled: Compiled, downloads: Sequence[OutputFile], cache: StageCache | None = None
) -> tuple[OutputFile, ...]:
    """The Linked Data site (output/site/), listing `downloads` on its dataset page.

    With `cache`, the whole site is taken from it when the curation, the graph's triples,
    the settings, the downloads (bytes and triples) and the example queries are the same
    as before: the site is computed from these alone. Its files are then verified already
    (they carry no expected triples). Else each page and machine document whose inputs
    are those of the project's previous build is taken from a memo (render_site)."""
    cache = cache or StageCache(None)
    ours = compiled.ours
    settings = site_settings(compiled.settings, ours)
    examples = queries.examples(compiled.project)  # offered on the query page
    entry: str | None = None
    if cache.enabled:
        parts = (
            _fingerprint(compiled.curation),
            stage_cache.fingerprint((settings, ours)),
            stage_cache.fingerprint(examples),
        )
        if all(part is not None for part in parts):
            entry = stage_cache.key(
                "site",
                _graph_digest(compiled.triples),
                *(part for part in parts if part is not None),
                *(_download_digest(file) for file in downloads),
            )
    found = cache.get(entry) if entry is not None else None
    if isinstance(found, tuple):
        return tuple(
            OutputFile(name, data, media_type, _rdf_format(rdf_type))
            for name, data, media_type, rdf_type in found
        )
    if not cache.enabled:
        return render_site(compiled.curation, compiled.graph, ours, settings, downloads, examples)
    # else page by page: a page or document rendered from the same inputs in this project's
    # last build is taken from the memo (an edit changes a few of ~1,000 files)
    memo_entry = stage_cache.key("site-pages", str(compiled.project.root))
    memo = stage_cache.Memo.load(cache, memo_entry)
    files = render_site(
        compiled.curation, compiled.graph, ours, settings, downloads, examples, memo=memo
    )
    files = verified(files, cache, scope=f"site {compiled.project.root}")
    memo.save(cache, memo_entry)  # what this build rendered is verified: kept for the next
    if entry is not None:
        stored = [
            (f.name, f.data, f.media_type, f.rdf_format and f.rdf_format.media_type) for f in files
        ]
        cache.put(entry, tuple(stored))
    return files


def _rdf_format(media_type: str | None) -> ox.RdfFormat | None:
    """A stored file's syntax, by its media type (pyoxigraph's formats do not pickle)."""
    return None if media_type is None else ox.RdfFormat.from_media_type(media_type)


def _download_digest(file: OutputFile) -> bytes:
    expected = b"" if file.expected is None else _graph_digest(file.expected)
    return stage_cache.key(
        "download", file.name, file.media_type, str(file.rdf_format), file.data, expected
    ).encode()
