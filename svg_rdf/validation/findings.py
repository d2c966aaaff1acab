"""Validation findings: one result (Finding), a whole report (Report), and SHACL paths as
SPARQL property paths; shared by every engine (svg_rdf/validation/shacl.py re-exports them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_IRIS = {name: iri for iri, name in SEVERITIES.items()}
SEVERITY_ORDER = ("violation", "warning", "info")


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
