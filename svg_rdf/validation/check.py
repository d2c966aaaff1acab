"""Check: any RDF files -> strict parse -> SHACL findings -> source re-verification.

`check_files` is the library call behind `svg-rdf check`. Every input passes the strict
parsing gate (svg_rdf.rdfparse) before rdflib sees it; findings are returned, never raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from svg_rdf.validation.shacl import Finding, Report, Shapes, validate
from svg_rdf.validation.spans import verify_sources

__all__ = ["CheckResult", "check_files", "read_graph"]


@dataclass(frozen=True)
class CheckResult:
    """The checked graph, the files it came from and the report about it."""

    graph: Graph
    files: tuple[str, ...]
    report: Report
    sources_checked: int


def read_graph(paths: Sequence[Path], *, input_format: str | None = None) -> Graph:
    """The union of the triples of every file, each parsed strictly.

    Raises ParseError (one line with path:line:col) for the first invalid file.
    """
    from svg_rdf.rdfparse import parse_file

    graph = Graph(bind_namespaces="none")
    for path in paths:
        dataset = parse_file(path, fmt=input_format).to_rdflib()
        for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
            graph.add((subject, predicate, obj))
    return graph


def check_files(
    paths: Sequence[Path],
    shapes: Shapes,
    *,
    input_format: str | None = None,
    sources: Path | None = None,
) -> CheckResult:
    """Parse, validate and (with `sources`) re-verify checksums and quote spans.

    Raises ParseError for invalid input and ConfigurationError for unusable shapes.
    """
    graph = read_graph(paths, input_format=input_format)
    report = validate(graph, shapes)
    checked = 0
    if sources is not None:
        extra, checked = verify_sources(graph, sources)
        if extra:
            findings: list[Finding] = [*report.findings, *extra]
            findings.sort(key=Finding.sort_key)
            report = Report(tuple(findings))
    return CheckResult(graph, tuple(str(p) for p in paths), report, checked)
