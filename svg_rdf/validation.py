"""Validation: data graph + shapes -> findings (data, never raised).

pyshacl runs with inference off and without meta-validation; the shapes are the files in
shapes/ plus the value shapes generated from the property table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from svg_rdf.errors import ConfigurationError
from svg_rdf.model import Property
from svg_rdf.shapegen import value_shapes

_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True, order=True)
class Finding:
    """One result of validation, in words a person can act on."""

    severity: str
    focus: str
    path: str
    value: str
    message: str
    shape: str


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]
    graph: Graph

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)


def load_shapes(files: Iterable[Path], properties: Iterable[Property]) -> Graph:
    """The shapes graph; raises ConfigurationError for unreadable shapes or SERVICE use."""
    shapes = value_shapes(properties)
    for path in files:
        try:
            shapes.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle
            raise ConfigurationError(
                f"cannot read shapes: {exc}",
                path=path,
                fix="fix the Turtle syntax of the shapes file",
            ) from None
    for _, _, query in shapes.triples((None, SH.select, None)):
        if "SERVICE" in str(query).upper():
            raise ConfigurationError(
                "a SPARQL constraint uses SERVICE, which would reach the network",
                path=", ".join(str(p) for p in files),
                fix="remove the SERVICE clause",
            )
    return shapes


def _text(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


def validate(data: Graph, shapes: Graph) -> Report:
    """Validate `data` against `shapes` and return every finding, sorted."""
    import rdflib
    from pyshacl import validate as shacl_validate  # slow import: only when validating

    normalize = rdflib.NORMALIZE_LITERALS
    try:
        conforms, results, _ = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            meta_shacl=False,
            allow_warnings=True,
        )
    finally:
        # pyshacl sets rdflib.NORMALIZE_LITERALS to True when it finishes; left so, every
        # later build in this process would write "+00:00" where Wikidata writes "Z".
        rdflib.NORMALIZE_LITERALS = normalize
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult, unique=True):

        def one(predicate: URIRef, result: Node = result) -> Node | None:
            value: Node | None = results.value(result, predicate)
            return value

        severity = _SEVERITIES.get(one(SH.resultSeverity), "violation")  # type: ignore[call-overload]
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        findings.append(
            Finding(
                severity=severity,
                focus=_text(data, one(SH.focusNode)),
                path=_text(data, one(SH.resultPath)),
                value=_text(data, one(SH.value)),
                message="; ".join(messages) or "constraint not met",
                shape=_text(shapes, one(SH.sourceShape)),
            )
        )
    return Report(bool(conforms), tuple(sorted(set(findings))), results)
