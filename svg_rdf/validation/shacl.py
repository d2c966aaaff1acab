"""Validation: data graph + shapes -> a Report of findings (data; violations never raise).

Core SHACL runs in pyshacl (inference off, no meta-validation). SHACL-SPARQL constraints
are taken out of the shapes and run once each over the whole graph in pyoxigraph
(svg_rdf/validation/sparql.py). The shapes are the files in shapes/ plus the value shapes
generated from the property table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from svg_rdf.graph.oxbridge import from_ox_term, to_ox_triples
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
    """Core shapes for pyshacl, the SPARQL constraints run separately, and the property
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

    def for_data(self, data: Graph) -> Graph:
        """The core shapes plus value shapes for the properties `data` uses.

        A value shape targets one property's predicates; one for a property the data never
        uses selects no focus node, so leaving it out changes no result and halves
        pyshacl's time on this project's graph.
        """
        used = {str(p) for p in data.predicates(unique=True)}
        wanted = [
            prop for prop in self.properties if any(f"{ns}{prop.pid}" in used for ns in (P, PS, PQ))
        ]
        graph = value_shapes(wanted)
        for triple in self.core:
            graph.add(triple)
        return graph


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

    def sort_key(self) -> tuple[str, ...]:
        return (
            str(self.focus),
            self.severity,
            self.message,
            str(self.path),
            str(self.value),
            self.shape,
        )


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
            if finding.value is not None:
                graph.add((result, SH.value, finding.value))
        return graph


def load_shapes(files: Iterable[Path], properties: Iterable[Property]) -> Shapes:
    """The shapes; raises ConfigurationError for unreadable shapes or a SPARQL constraint
    that SHACL forbids (MINUS, SERVICE, VALUES)."""
    static = read_shape_files(files)
    for triple in declarations():
        static.add(triple)
    core, sparql = split_sparql(static)
    return Shapes(core, tuple(sparql), tuple(properties), static)


def _pyshacl_findings(data: Graph, shapes: Graph) -> list[Finding]:
    from pyshacl import validate as shacl_validate  # slow import: only when validating

    normalize = rdflib.NORMALIZE_LITERALS
    try:
        _, results, _ = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            meta_shacl=False,
            allow_warnings=True,
        )
    finally:
        # pyshacl sets rdflib.NORMALIZE_LITERALS to True when it finishes; give the caller
        # back the setting it had.
        rdflib.NORMALIZE_LITERALS = normalize
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult, unique=True):
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        shape = results.value(result, SH.sourceShape)
        findings.append(
            Finding(
                severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "violation"),
                focus=results.value(result, SH.focusNode),
                path=results.value(result, SH.resultPath),
                value=results.value(result, SH.value),
                message="; ".join(messages) or "constraint not met",
                shape=str(shape) if isinstance(shape, URIRef) else "",
                component=results.value(result, SH.sourceConstraintComponent),
            )
        )
    return findings


def validate(data: Graph, shapes: Shapes, *, triples: Iterable[ox.Triple] | None = None) -> Report:
    """Validate `data` against `shapes`; every finding, sorted. Conforms = no violation.

    `triples` are `data` as pyoxigraph triples when the caller has them already (blank
    node labels must match). Raises ConfigurationError when a SPARQL constraint cannot run.
    """
    findings = _pyshacl_findings(data, shapes.for_data(data))
    if shapes.sparql:
        store = ox.Store()
        store.extend(
            ox.Quad(t.subject, t.predicate, t.object)
            for t in (to_ox_triples(data) if triples is None else triples)
        )
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
    unique = {finding.sort_key(): finding for finding in findings}
    ordered = tuple(unique[key] for key in sorted(unique))
    return Report(ordered)
