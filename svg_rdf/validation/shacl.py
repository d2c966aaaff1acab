"""Validation: data graph + shapes -> a Report of findings (data; violations never raise).

Core SHACL runs in a SHACL engine (svg_rdf/validation/engines.py: pyshacl-turbo by default,
pyshacl as the reference; inference off, no meta-validation). SHACL-SPARQL constraints are
taken out of the shapes and run once each over the whole graph in pyoxigraph
(svg_rdf/validation/sparql.py). The shapes are the files in shapes/ plus the value shapes
generated from the property table (svg_rdf/validation/shapes.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from svg_rdf.graph.oxbridge import from_ox_term, serialize, to_ox_triples
from svg_rdf.graph.vocab import PQ, PS, P
from svg_rdf.model import Property
from svg_rdf.validation.shapegen import value_shapes
from svg_rdf.validation.shapes import declarations, read_shape_files
from svg_rdf.validation.sparql import SparqlConstraint, evaluate, split_sparql

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_IRIS = {name: iri for iri, name in SEVERITIES.items()}
SEVERITY_ORDER = ("violation", "warning", "info")


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


_PATH_SUFFIXES = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def sparql_path(graph: Graph, node: Node) -> str:
    """A SHACL path (as described in `graph`) in SPARQL property path syntax."""
    if not isinstance(node, BNode):
        return f"<{node}>"
    if (node, RDF.first, None) in graph:
        return "(" + "/".join(sparql_path(graph, item) for item in Collection(graph, node)) + ")"
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + sparql_path(graph, inverse)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return (
            "("
            + "|".join(sparql_path(graph, item) for item in Collection(graph, alternatives))
            + ")"
        )
    for predicate, suffix in _PATH_SUFFIXES.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            return sparql_path(graph, inner) + suffix
    return "_:path"


def path_triples(graph: Graph, node: Node | None) -> tuple[tuple[Node, Node, Node], ...]:
    """Every triple reachable from a blank-node path in `graph` (its lists and nested paths)."""
    found: list[tuple[Node, Node, Node]] = []
    pending = [node] if isinstance(node, BNode) else []
    seen: set[Node] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for predicate, obj in graph.predicate_objects(current):
            found.append((current, predicate, obj))
            if isinstance(obj, BNode):
                pending.append(obj)
    return tuple(sorted(found))


@dataclass(frozen=True)
class Finding:
    """One validation result; terms are kept so reports can look up labels and quotes."""

    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    shape: str
    component: URIRef
    # the triples of a path that is a blank node (a sequence, an inverse, ...), from the
    # engine's report: they give the path its meaning in our report too
    path_triples: tuple[tuple[Node, Node, Node], ...] = ()

    @property
    def path_text(self) -> str:
        """The path: an IRI, or SPARQL property path syntax for a complex one; "" if none."""
        if self.path is None:
            return ""
        if not isinstance(self.path, BNode):
            return str(self.path)
        graph = Graph(bind_namespaces="none")
        for triple in self.path_triples:
            graph.add(triple)
        return sparql_path(graph, self.path)

    def sort_key(self) -> tuple[str, ...]:
        return (
            str(self.focus),
            self.severity,
            self.message,
            self.path_text,
            str(self.value),
            self.shape,
        )

    def identity(self) -> tuple[str, ...]:
        """What makes two findings the same one: `sort_key` and the value's datatype or
        language ("Berg" and "Berg"@de are two values) and the component."""
        value = "" if self.value is None else self.value.n3()
        return (*self.sort_key(), value, str(self.component))


def report_of(findings: Iterable[Finding]) -> Report:
    """The distinct `findings`, sorted, as a Report."""
    unique = {finding.identity(): finding for finding in findings}
    return Report(tuple(unique[key] for key in sorted(unique)))


@dataclass(frozen=True)
class Report:
    """Every finding of one validation, sorted.

    `conforms` is SHACL's: true only when there is no result at all, whatever its severity.
    `passes` is svg-rdf's policy for `build`: no result of severity violation. `svg-rdf
    check` turns `--severity` into its exit code (see `failed`).
    """

    findings: tuple[Finding, ...]

    @property
    def conforms(self) -> bool:
        return not self.findings

    @property
    def passes(self) -> bool:
        return not self.failed({"violation"})

    def failed(self, severities: Iterable[str]) -> bool:
        """Whether any finding has one of `severities`."""
        wanted = set(severities)
        return any(finding.severity in wanted for finding in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def graph(self) -> Graph:
        """The findings as a standard sh:ValidationReport (literals as the data spells them)."""
        graph = Graph(bind_namespaces="none")
        graph.bind("sh", SH)
        report = BNode("report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add(
            (
                report,
                SH.conforms,
                Literal(
                    "true" if self.conforms else "false", datatype=XSD.boolean, normalize=False
                ),
            )
        )
        for number, finding in enumerate(self.findings):
            result = BNode(f"result{number}")
            graph.add((report, SH.result, result))
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.focusNode, finding.focus))
            graph.add((result, SH.resultSeverity, SEVERITY_IRIS[finding.severity]))
            graph.add((result, SH.resultMessage, Literal(finding.message)))
            graph.add((result, SH.sourceConstraintComponent, finding.component))
            shape = URIRef(finding.shape) if finding.shape else BNode(f"shape{number}")
            graph.add((result, SH.sourceShape, shape))
            if finding.path is not None:
                graph.add((result, SH.resultPath, finding.path))
                for triple in finding.path_triples:
                    graph.add(triple)
            if finding.value is not None:
                graph.add((result, SH.value, finding.value))
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
    data: Graph,
    shapes: Shapes,
    *,
    triples: Iterable[ox.Triple] | None = None,
    engine: str | None = None,
) -> Report:
    """Validate `data` against `shapes` with `engine` (default pyshacl-turbo); every
    finding, sorted.

    `triples` are `data` as pyoxigraph triples when the caller has them already (blank
    node labels must match). Raises ConfigurationError when the engine is missing or a
    constraint cannot run.
    """
    from svg_rdf.validation.engines import DEFAULT_ENGINE

    chosen, engine = engine, engine or DEFAULT_ENGINE
    triples = to_ox_triples(data) if triples is None else triples
    if engine == "sparql":
        from svg_rdf.validation.stream_load import DatatypeLost, lost_datatype

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
            report = validate_store(store, b"", shapes, engine=engine)
        except NotCompilable:
            if chosen is not None:
                raise
            engine = "pyshacl-turbo"  # the default engine gives way to one that runs them
        else:
            return relexed(
                report, lambda: (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            )
    if engine == "pyshacl":
        return validate_store(store, data, shapes, engine=engine)
    ntriples = serialize(sorted(triples, key=str), ox.RdfFormat.N_TRIPLES)
    return validate_store(store, ntriples, shapes, engine=engine)


def used_predicates(store: ox.Store) -> set[str]:
    """Every predicate IRI in the store's default graph."""
    return {
        row["p"].value
        for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")  # type: ignore[union-attr]
    }


def validate_store(
    store: ox.Store, data: bytes | Graph, shapes: Shapes, *, engine: str | None = None
) -> Report:
    """Validate the data in `store`, also given to the engine as `data` (its exact
    N-Triples, or an rdflib graph of the same triples; the `sparql` engine needs only the
    store and ignores it); every finding, sorted.

    Raises ConfigurationError when the engine is missing or a constraint cannot run.
    """
    from svg_rdf.validation.engines import DEFAULT_ENGINE, run_engine

    engine = engine or DEFAULT_ENGINE
    core = shapes.for_predicates(used_predicates(store))
    if engine == "sparql":
        from svg_rdf.validation.run_sparql import validate_compiled

        findings = validate_compiled(store, core)
    else:
        findings = findings_of(run_engine(engine, data, core))
    for constraint in shapes.sparql:
        for hit in evaluate(store, constraint):
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
    return report_of(findings)
