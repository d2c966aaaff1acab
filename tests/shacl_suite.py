"""The W3C SHACL test suite (core + SPARQL manifests, local copy) run on one engine.

A test passes when the engine's report has the expected sh:conforms and the same results
as the expected report, compared as a multiset of (focus node, path, value, source shape,
constraint component, severity): messages are ignored, as the suite allows, and blank nodes
are compared by their structure (a path's list, a shape's "some blank node"). A test whose
expected result is sht:Failure passes when the engine refuses to run (raises).

    python -m tests.shacl_suite [pyshacl|pyshacl-turbo|sparql]
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, Namespace
from rdflib.term import Node

from tests.needs import SHARED

SUITE = SHARED / "w3c-tests" / "shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
Key = tuple[str, ...]


@dataclass(frozen=True)
class Case:
    name: str  # path under the suite, e.g. core/node/class-001
    data: Path
    shapes: Path
    failure: bool  # the engine must refuse the shapes
    conforms: bool
    results: Counter[Key]


def _keep_lexical_forms() -> None:
    """Compare literals as written: rdflib's normalisation would turn the ill-typed
    "2011-01-01"^^xsd:dateTime into another spelling in one report and not the other
    (pyshacl switches it back on when it finishes)."""
    import rdflib

    rdflib.NORMALIZE_LITERALS = False


def _term(graph: Graph, node: Node | None) -> str:
    """A comparable spelling of a report term: blank nodes by their structure."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        # the value for well-typed numbers and the like, the lexical form for the rest
        simple = isinstance(node.value, (int, float, bool, str)) and not node.ill_typed
        value = repr(node.value) if simple else str(node)
        return f"{value}^^{node.datatype or ''}@{node.language or ''}"
    if (node, RDF.first, None) in graph:
        return "(" + " ".join(_term(graph, item) for item in Collection(graph, node)) + ")"
    parts = [
        f"{predicate.n3()}={_term(graph, obj)}"
        for predicate, obj in sorted(graph.predicate_objects(node))
        if str(predicate).startswith(str(SH)) and "Path" in str(predicate)
    ]
    return "[" + ",".join(parts) + "]"


def report_key(report: Graph) -> tuple[bool, Counter[Key]]:
    """sh:conforms and the multiset of results of a report graph."""
    reports = list(report.subjects(RDF.type, SH.ValidationReport))
    conforms = any(str(report.value(r, SH.conforms)).lower() == "true" for r in reports)
    results: Counter[Key] = Counter()
    for root in reports:
        for result in report.objects(root, SH.result):
            shape = report.value(result, SH.sourceShape)
            results[
                (
                    _term(report, report.value(result, SH.focusNode)),
                    _term(report, report.value(result, SH.resultPath)),
                    _term(report, report.value(result, SH.value)),
                    _term(report, shape) if isinstance(shape, URIRef) else "_:shape",
                    _term(report, report.value(result, SH.sourceConstraintComponent)),
                    _term(report, report.value(result, SH.resultSeverity)),
                )
            ] += 1
    return conforms, results


def _manifests(path: Path) -> Iterator[Path]:
    graph = Graph().parse(path, format="turtle")
    yield path
    for included in sorted(graph.objects(None, MF.include)):
        yield from _manifests(Path(str(included).removeprefix("file://")))


def cases() -> list[Case]:
    """Every sht:Validate test of the core and SPARQL manifests."""
    _keep_lexical_forms()
    found = []
    for manifest in (SUITE / "core" / "manifest.ttl", SUITE / "sparql" / "manifest.ttl"):
        for path in _manifests(manifest):
            graph = Graph().parse(path, format="turtle")
            for test in graph.subjects(RDF.type, SHT.Validate):
                result = graph.value(test, MF.result)
                failure = result == SHT.Failure
                expected: tuple[bool, Counter[Key]] = (False, Counter())
                if not failure:
                    sub = Graph()
                    for triple in graph.cbd(result):  # type: ignore[arg-type]
                        sub.add(triple)
                    _copy_paths(graph, sub)
                    expected = report_key(sub)
                action = graph.value(test, MF.action)
                data, shapes = (
                    Path(str(graph.value(action, p)).removeprefix("file://"))  # type: ignore[arg-type]
                    for p in (SHT.dataGraph, SHT.shapesGraph)
                )
                name = str(path.relative_to(SUITE).with_suffix(""))
                found.append(Case(name, data, shapes, failure, *expected))
    return sorted(found, key=lambda case: case.name)


def _copy_paths(source: Graph, target: Graph) -> None:
    """Blank-node paths and lists referenced from the expected results, with their structure."""
    for node in list(target.objects(None, SH.resultPath)):
        if isinstance(node, BNode):
            for triple in source.cbd(node):
                target.add(triple)
            for _, _, obj in list(target):
                if isinstance(obj, BNode) and (obj, None, None) not in target:
                    for triple in source.cbd(obj):
                        target.add(triple)


def _sparql_validate(data: Graph, *, shacl_graph: Graph, **_: Any) -> tuple[bool, Graph, str]:
    """svg-rdf's own `sparql` engine behind pySHACL's `validate()` signature."""
    from svg_rdf.validation.shacl import Shapes, validate
    from svg_rdf.validation.sparql import split_sparql

    core, sparql = split_sparql(shacl_graph)
    report = validate(data, Shapes(core, tuple(sparql)), engine="sparql")
    return report.conforms, report.graph(), ""


def engine(name: str) -> Callable[..., Any]:
    if name == "sparql":
        return _sparql_validate
    if name == "pyshacl":
        from pyshacl import validate
    else:
        from pyshacl_turbo import validate
    return validate  # type: ignore[no-any-return]


def run_case(case: Case, validate: Callable[..., Any]) -> tuple[bool, str]:
    """Whether `case` passes on `validate`, and a note when it does not."""
    _keep_lexical_forms()
    data = Graph().parse(case.data, format="turtle")
    shapes = data if case.shapes == case.data else Graph().parse(case.shapes, format="turtle")
    try:
        _, report, _ = validate(data, shacl_graph=shapes, inference="none", meta_shacl=False)
    except Exception as exc:
        return case.failure, f"raised {type(exc).__name__}: {str(exc)[:120]}"
    finally:
        _keep_lexical_forms()
    if case.failure:
        return False, "ran, but must refuse the shapes"
    conforms, results = report_key(report)
    if conforms != case.conforms:
        return False, f"sh:conforms {conforms}, expected {case.conforms}"
    if results != case.results:
        missing = sorted((case.results - results).elements())[:2]
        extra = sorted((results - case.results).elements())[:2]
        return False, f"results differ: missing {missing}, extra {extra}"
    return True, ""


def run(name: str) -> dict[str, tuple[bool, str]]:
    """Every case on engine `name`; rdflib's literal normalisation is given back as it was."""
    import rdflib

    normalize = rdflib.NORMALIZE_LITERALS
    try:
        validate = engine(name)
        return {case.name: run_case(case, validate) for case in cases()}
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def _quiet() -> None:
    import logging

    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # ill-typed literals in the suite


def main() -> None:
    _quiet()
    for name in sys.argv[1:] or ["pyshacl", "pyshacl-turbo"]:
        outcome = run(name)
        passed = sum(ok for ok, _ in outcome.values())
        print(f"{name}: {passed}/{len(outcome)} passed")
        for test, (ok, note) in outcome.items():
            if not ok:
                print(f"  FAIL {test}: {note}")


if __name__ == "__main__":
    main()
