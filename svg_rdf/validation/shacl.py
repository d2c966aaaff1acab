"""Validation: data graph + shapes -> a Report of findings (data; violations never raise).

Core SHACL runs in a SHACL engine (svg_rdf/validation/engines.py: pyshacl-turbo by default,
pyshacl as the reference; inference off, no meta-validation). SHACL-SPARQL constraints are
taken out of the shapes and run once each over the whole graph in pyoxigraph
(svg_rdf/validation/sparql.py). The shapes are the files in shapes/ plus the value shapes
generated from the property table (svg_rdf/validation/shapes.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from svg_rdf import cache as stage_cache
from svg_rdf.cache import StageCache
from svg_rdf.graph.oxbridge import from_ox_term, serialize, to_ox_triples
from svg_rdf.graph.vocab import PQ, PS, P
from svg_rdf.model import Property
from svg_rdf.validation.findings import (
    SEVERITIES,
    SEVERITY_IRIS,
    SEVERITY_ORDER,
    Finding,
    Report,
    path_triples,
    report_of,
    sparql_path,
)
from svg_rdf.validation.shapegen import value_shapes
from svg_rdf.validation.shapes import canonical_triples, declarations, read_shape_files
from svg_rdf.validation.sparql import SparqlConstraint, evaluate, split_sparql

if TYPE_CHECKING:
    from svg_rdf.validation.run_sparql import Plan, Subclasses


@dataclass(frozen=True)
class Shapes:
    """Core shapes for the engine, the SPARQL constraints run separately, and the property
    table the value shapes are generated from."""

    core: Graph
    sparql: tuple[SparqlConstraint, ...]
    properties: tuple[Property, ...] = ()
    static: Graph | None = None

    def complete(self) -> Graph:
        """The complete shapes graph, as published in output/shapes.ttl: the static shapes
        with their SPARQL constraints and the value shapes of every property."""
        graph = value_shapes(self.properties)
        for triple in self.core if self.static is None else self.static:
            graph.add(triple)
        return graph

    def for_predicates(self, used: set[str]) -> Graph:
        """The core shapes plus value shapes for the properties whose predicates are `used`.

        A value shape targets one property's predicates; one for a property the data never
        uses selects no focus node, so leaving it out changes no result and halves
        pyshacl's time on this project's graph.
        """
        wanted = [
            prop for prop in self.properties if any(f"{ns}{prop.pid}" in used for ns in (P, PS, PQ))
        ]
        graph = value_shapes(wanted)
        for triple in self.core:
            graph.add(triple)
        return graph


def findings_of(results: Graph) -> list[Finding]:
    """The results of a sh:ValidationReport graph as findings."""
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult, unique=True):
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        shape = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        assert focus is not None
        path = results.value(result, SH.resultPath)
        findings.append(
            Finding(
                severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "violation"),  # type: ignore[call-overload]
                focus=focus,
                path=path,
                value=results.value(result, SH.value),
                message="; ".join(messages) or "constraint not met",
                shape=str(shape) if isinstance(shape, URIRef) else "",
                component=URIRef(str(results.value(result, SH.sourceConstraintComponent))),
                path_triples=path_triples(results, path),
            )
        )
    return findings


def load_shapes(
    files: Iterable[Path], properties: Iterable[Property], *, generated: Graph | None = None
) -> Shapes:
    """The shapes of `files` plus `generated` ones (constraint shapes); raises
    ConfigurationError for unreadable shapes or a SPARQL constraint that SHACL forbids
    (MINUS, SERVICE, VALUES)."""
    static = read_shape_files(files)
    if generated is not None:
        for triple in generated:
            static.add(triple)
    for triple in declarations():
        static.add(triple)
    core, sparql = split_sparql(static)
    return Shapes(core, tuple(sparql), tuple(properties), static)


def validate(
    data: Graph | None,
    shapes: Shapes,
    *,
    triples: Iterable[ox.Triple] | None = None,
    engine: str | None = None,
    cache: StageCache | None = None,
) -> Report:
    """Validate `data` against `shapes` with `engine` (default pyshacl-turbo); every
    finding, sorted.

    `triples` are `data` as pyoxigraph triples when the caller has them already (blank
    node labels must match); `data` may then be None (the `pyshacl` engine reads their
    N-Triples instead). With `cache`, the `sparql` engine's compiled plan of the shapes
    is kept there (`planned`). Raises ConfigurationError when the engine is missing or a
    constraint cannot run.
    """
    from svg_rdf.validation.engines import DEFAULT_ENGINE

    chosen, engine = engine, engine or DEFAULT_ENGINE
    if triples is None:
        if data is None:
            raise ValueError("validate needs the data: a graph or its triples")
        triples = to_ox_triples(data)
    if engine == "sparql":
        from svg_rdf.validation.lost_datatypes import DatatypeLost, lost_datatype

        if any(lost_datatype(triple) for triple in triples):
            if chosen is not None:
                raise DatatypeLost("the data")
            engine = "pyshacl-turbo"  # the default engine gives way, never a wrong verdict
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    if engine == "sparql":
        from svg_rdf.validation.compile_sparql import NotCompilable
        from svg_rdf.validation.run_sparql import relexed

        try:
            report = validate_store(store, b"", shapes, engine=engine, cache=cache)
        except NotCompilable:
            if chosen is not None:
                raise
            engine = "pyshacl-turbo"  # the default engine gives way to one that runs them
        else:
            return relexed(
                report, lambda: (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            )
    if engine == "pyshacl" and data is not None:
        return validate_store(store, data, shapes, engine=engine)
    ntriples = serialize(sorted(triples, key=str), ox.RdfFormat.N_TRIPLES)
    return validate_store(store, ntriples, shapes, engine=engine)


def predicates_in(store: ox.Store, properties: Iterable[Property]) -> set[str]:
    """The predicates of `properties` (p:, ps:, pq:) that the store's default graph uses:
    one index look-up each, where reading every predicate took 0.24 s at 1M triples."""
    found = set()
    for prop in properties:
        for ns in (P, PS, PQ):
            iri = f"{ns}{prop.pid}"
            quads = store.quads_for_pattern(None, ox.NamedNode(iri), None, ox.DefaultGraph())
            if next(quads, None) is not None:
                found.add(iri)
    return found


def validate_store(
    store: ox.Store,
    data: bytes | Graph,
    shapes: Shapes,
    *,
    engine: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: StageCache | None = None,
) -> Report:
    """Validate the data in `store`, also given to the engine as `data` (its exact
    N-Triples, or an rdflib graph of the same triples; the `sparql` engine needs only the
    store and ignores it); every finding, sorted. `progress(done, total)` is told the
    shapes checked (by the `sparql` engine, and the SHACL-SPARQL constraints). With
    `cache`, the `sparql` engine's compiled plan is kept there (`planned`).

    Raises ConfigurationError when the engine is missing or a constraint cannot run.
    """
    from svg_rdf.validation.engines import DEFAULT_ENGINE, run_engine
    from svg_rdf.validation.run_sparql import run_checks, store_query, subclasses_in

    engine = engine or DEFAULT_ENGINE
    used = predicates_in(store, shapes.properties)
    core_shapes = [0]  # how many the compiled checks had
    query = store_query(store)
    subclasses = subclasses_in(query)  # one look-up per class, for the plan and constraints
    if engine == "sparql":

        def tell(done: int, total: int) -> None:
            core_shapes[0] = total
            if progress is not None:
                progress(done, total + len(shapes.sparql))

        plan = planned(subclasses, shapes, used, cache or StageCache(None))
        findings = run_checks(query, plan.items, progress=tell)
    else:
        findings = findings_of(run_engine(engine, data, shapes.for_predicates(used)))

    for number, constraint in enumerate(shapes.sparql, 1):
        for hit in evaluate(store, constraint, subclasses):
            focus = from_ox_term(hit.focus)
            assert focus is not None
            findings.append(
                Finding(
                    severity=constraint.severity,
                    focus=focus,
                    path=from_ox_term(hit.path),
                    value=from_ox_term(hit.value),
                    message=hit.message,
                    shape=constraint.shape,
                    component=SH.SPARQLConstraintComponent,
                )
            )
        if progress is not None:
            progress(core_shapes[0] + number, core_shapes[0] + len(shapes.sparql))
    return report_of(findings)


def planned(subclasses: Subclasses, shapes: Shapes, used: set[str], cache: StageCache) -> Plan:
    """The `sparql` engine's plan of the core shapes for the predicates `used` (see
    `Shapes.for_predicates`), compiled for the data whose subclass look-up is `subclasses`.

    With an enabled `cache`, a plan compiled before for the same core shapes (their
    canonical triples), property table and predicates is taken when the data answers every
    subclass look-up the compiler made as it did then: the plan is a function of these
    alone (0.2 s of a one-edit build's validation was compiling and planning again).
    """
    from svg_rdf.validation.run_sparql import Plan, compiled_plan

    properties = stage_cache.fingerprint(shapes.properties)
    if not cache.enabled or properties is None:
        return compiled_plan(subclasses, shapes.for_predicates(used))
    core = stage_cache.remember(
        "core shapes",
        shapes.core,
        lambda: stage_cache.lines_digest(str(t) for t in canonical_triples(shapes.core)),
    )
    entry = stage_cache.key("sparql-plan", core, properties, "\n".join(sorted(used)))
    found = cache.get(entry)
    if isinstance(found, Plan) and found.holds(subclasses):
        return found
    plan = compiled_plan(subclasses, shapes.for_predicates(used))
    cache.put(entry, plan)
    return plan


__all__ = [
    "SEVERITIES",
    "SEVERITY_IRIS",
    "SEVERITY_ORDER",
    "Finding",
    "Report",
    "Shapes",
    "findings_of",
    "load_shapes",
    "path_triples",
    "planned",
    "predicates_in",
    "report_of",
    "sparql_path",
    "validate",
    "validate_store",
]
