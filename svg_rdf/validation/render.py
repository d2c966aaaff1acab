"""Check reports: findings grouped by subject and statement, as text, JSON or Turtle.

A person reads the text report: each finding sits under the label of its subject and the
statement it concerns (property label, value, the quote and its source), in a stable order,
and the report ends with a one-line summary.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD
from rdflib.term import Node

from svg_rdf.graph.oxbridge import serialize, to_ox_triples
from svg_rdf.graph.vocab import OA, PR, PROV, PS, WIKIBASE, P
from svg_rdf.validation.check import CheckResult
from svg_rdf.validation.shacl import SEVERITY_ORDER, Finding
from svg_rdf.validation.view import StoreView

CLAIM = f"{P}P"
STATEMENT_VALUE = str(PS)


@dataclass(frozen=True)
class Place:
    """Where a finding belongs: a subject and, if any, one of its statements."""

    subject: str
    subject_label: str
    statement: str
    property: str
    property_label: str
    value: str
    quotes: tuple[str, ...]


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    return str(node)


_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`()\[\]]+")


def shorten(text: str, prefixes: Mapping[str, str]) -> str:
    """`text` with every IRI in one of the `prefixes` namespaces written as prefix:name."""
    namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def short(match: re.Match[str]) -> str:
        iri = match.group(0).rstrip(".,;:")
        tail = match.group(0)[len(iri) :]
        for prefix, namespace in namespaces:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", local):
                return f"{prefix}:{local}{tail}"
        return iri + tail

    return _IRI.sub(short, text)


def _label(graph: StoreView, node: Node) -> str:
    labels = sorted(graph.objects(node, RDFS.label), key=str)
    english = [label for label in labels if isinstance(label, Literal) and label.language == "en"]
    chosen = english or labels
    if chosen:
        return str(chosen[0])
    title = graph.value(node, DCTERMS.title) or graph.value(node, DCTERMS.identifier)
    return "" if title is None else str(title)


def _statement_of(graph: StoreView, node: Node) -> Node | None:
    """The statement a focus node belongs to (itself, via its reference or selector)."""
    if (node, RDF.type, WIKIBASE.Statement) in graph or _claim_link(graph, node):
        return node
    for reference in [node, *graph.subjects(OA.hasSelector, node)]:
        statements = sorted(graph.subjects(PROV.wasDerivedFrom, reference), key=str)
        if statements:
            return statements[0]
    return None


def _claim_link(graph: StoreView, statement: Node) -> tuple[Node, str] | None:
    for subject, predicate in sorted(
        graph.subject_predicates(statement), key=lambda pair: (str(pair[0]), str(pair[1]))
    ):
        if str(predicate).startswith(CLAIM):
            return subject, str(predicate).rsplit("/", 1)[1]
    return None


def _quotes(graph: StoreView, statement: Node) -> tuple[str, ...]:
    quotes = []
    for reference in sorted(graph.objects(statement, PROV.wasDerivedFrom), key=str):
        quote = graph.value(reference, PR.P1683)
        source = graph.value(reference, PR.P248)
        name = graph.value(source, DCTERMS.identifier) if source is not None else None
        span = ""
        for selector in graph.objects(reference, OA.hasSelector):
            if (selector, OA.start, None) in graph:
                span = f" {graph.value(selector, OA.start)}-{graph.value(selector, OA.end)}"
        if quote is not None:
            quotes.append(f'"{quote}" ({name or source}{span})')
    return tuple(quotes)


def place_of(graph: StoreView, finding: Finding, labels: Mapping[str, str]) -> Place:
    """The subject and statement a finding is about, with readable labels."""
    statement = _statement_of(graph, finding.focus)
    if statement is not None and (link := _claim_link(graph, statement)):
        subject, pid = link
        value = graph.value(statement, URIRef(STATEMENT_VALUE + pid))
        return Place(
            str(subject),
            _label(graph, subject),
            str(statement),
            pid,
            labels.get(pid, pid),
            _text(value),
            _quotes(graph, statement),
        )
    return Place(str(finding.focus), _label(graph, finding.focus), "", "", "", "", ())


def summary(result: CheckResult, failing: set[str]) -> str:
    report = result.report
    counts = ", ".join(
        f"{report.count(s)} {s}{'s' if report.count(s) != 1 and s != 'info' else ''}"
        for s in SEVERITY_ORDER
    )
    verdict = "fails" if any(f.severity in failing for f in report.findings) else "passes"
    files = len(result.files)
    checked = result.sources_checked
    sources = f", {checked} source{'s' if checked != 1 else ''} verified" if checked else ""
    return (
        f"{counts} in {files} file{'s' if files != 1 else ''} "
        f"({len(result.graph)} triples{sources}): {verdict}"
    )


def _grouped(result: CheckResult, labels: Mapping[str, str]) -> list[tuple[Place, Finding]]:
    placed = [(place_of(result.graph, f, labels), f) for f in result.report.findings]
    placed.sort(
        key=lambda item: (
            item[0].subject_label.lower(),
            item[0].subject,
            item[0].property,
            item[0].value,
            item[0].statement,
            SEVERITY_ORDER.index(item[1].severity),
            item[1].sort_key(),
        )
    )
    return placed


def render_text(
    result: CheckResult,
    labels: Mapping[str, str],
    failing: set[str],
    prefixes: Mapping[str, str],
) -> str:
    """The findings for people, grouped by subject and statement; IRIs in `prefixes`
    namespaces are shortened to prefix:name."""

    def shorten_(text: str) -> str:
        return shorten(text, prefixes)

    lines: list[str] = []
    by_subject: dict[tuple[str, str], dict[Place, list[Finding]]] = defaultdict(dict)
    for place, finding in _grouped(result, labels):
        by_subject[(place.subject_label, place.subject)].setdefault(place, []).append(finding)
    for (label, subject), statements in by_subject.items():
        lines.append(f"{label or '(no label)'} ({shorten_(subject)})")
        for place, findings in statements.items():
            indent = "  "
            if place.statement:
                lines.append(
                    f"  {place.property_label} ({place.property}) = "
                    f"{shorten_(place.value)}  ({shorten_(place.statement)})"
                )
                lines.extend(f"    quote: {quote}" for quote in place.quotes)
                indent = "    "
            for finding in findings:
                detail = ""
                if finding.path is not None:
                    detail += f" [path {shorten_(finding.path_text)}]"
                if finding.value is not None:
                    detail += f" [value {shorten_(str(finding.value))}]"
                lines.append(f"{indent}{finding.severity}: {shorten_(finding.message)}{detail}")
    lines.append(summary(result, failing))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult, labels: Mapping[str, str], failing: set[str]) -> str:
    items = []
    for place, finding in _grouped(result, labels):
        items.append(
            {
                "severity": finding.severity,
                "message": finding.message,
                "focus": _text(finding.focus),
                "path": finding.path_text,
                "value": _text(finding.value),
                "shape": finding.shape,
                "component": str(finding.component),
                "subject": place.subject,
                "subject_label": place.subject_label,
                "statement": place.statement,
                "property": place.property,
                "property_label": place.property_label,
                "statement_value": place.value,
                "quotes": list(place.quotes),
            }
        )
    report = result.report
    document = {
        "conforms": report.conforms,
        "passes": not any(f.severity in failing for f in report.findings),
        "files": list(result.files),
        "triples": len(result.graph),
        "sources_verified": result.sources_checked,
        "counts": {s: report.count(s) for s in SEVERITY_ORDER},
        "findings": items,
        "summary": summary(result, failing),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_turtle(result: CheckResult) -> str:
    """The sh:ValidationReport as Turtle, every literal in the data's own lexical form
    (rdflib's writer would turn "227"^^xsd:decimal into 227.0, another spelling)."""
    triples = sorted(
        to_ox_triples(result.report.graph()),
        key=lambda t: (str(t.subject), t.predicate.value, str(t.object)),
    )
    prefixes = {"sh": str(SH), "rdf": str(RDF), "xsd": str(XSD)}
    return serialize(triples, ox.RdfFormat.TURTLE, prefixes).decode("utf-8")
