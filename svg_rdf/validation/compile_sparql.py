"""SHACL core -> SPARQL: each (shape, constraint) of a shapes graph as one SELECT query.

Every query returns the violations of one constraint as rows of `?this` (the focus node),
`?value` (the value node, when the result has one) and `?key` (what tells two results of
the same focus apart when neither has a value, e.g. the duplicated language of
sh:uniqueLang). The focus nodes are the shape's targets (sh:targetClass through
rdfs:subClassOf*, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf, a shape that is
also an rdfs:Class) and, for a property shape, the value nodes of every targeted shape that
names it with sh:property. Nested shapes (sh:node, sh:not, sh:and, sh:or, sh:xone,
sh:qualifiedValueShape, the sh:property of a nested shape) become a conformance expression:
`NOT EXISTS` one violation pattern per constraint, with fresh variables at every level.

The semantics are SHACL 1.0's (https://www.w3.org/TR/shacl/): term equality for sh:in and
sh:hasValue, SPARQL's `<` for sh:lessThan and the range constraints (an incomparable pair is
a violation), ill-typed literals fail sh:datatype, blank nodes fail sh:pattern and
sh:minLength. What this cannot compile (sh:closed, a SPARQL-based constraint or component
inside a nested shape, a recursive shape, a blank node in sh:in or sh:hasValue) raises
ConfigurationError naming the shape and the feature: nothing is skipped silently.
SHACL-SPARQL constraints of targeted shapes are compiled by svg_rdf/validation/sparql.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from svg_rdf.validation.compile_constraints import ConstraintCompiler
from svg_rdf.validation.compile_vocab import TARGETS, NotCompilable, Subclasses, constant
from svg_rdf.validation.findings import SEVERITIES, path_triples

__all__ = ["Check", "Compiler", "NotCompilable", "compile_shapes"]

IRI = re.compile(r"<[^>]*>")
ZERO_LENGTH = re.compile(r"[*?]")  # a path step that also matches a node to itself


@dataclass(frozen=True)
class Check:
    """One constraint of one targeted shape, as a query for its violations."""

    shape: Node
    component: URIRef
    path: Node | None
    path_triples: tuple[tuple[Node, Node, Node], ...]
    severity: str
    message: str
    query: str
    # a node shape's value is its focus node; minCount & co. report no value
    value: str  # "value", "focus" or "none"
    # what the local plan (svg_rdf/validation/plan_sparql.py) builds other queries from:
    # the focus nodes as a group pattern, the violation pattern and what the query projects
    targets: str = ""
    body: str = ""
    projection: str = "?this"
    # the path, when the body starts by binding ?this and the value on it and the path
    # has no zero-length step (then the values can be scanned before the focus is asked)
    scan_path: str = ""


class Compiler(ConstraintCompiler):
    """Compiles the shapes of one shapes graph; `checks()` gives every query."""

    def focus(self, shape: Node, this: str, seen: frozenset[Node] = frozenset()) -> list[str]:
        """Patterns, each binding `this` to focus nodes of `shape` (empty: no target)."""
        if shape in seen or self.deactivated(shape):
            return []
        patterns = []
        classes = list(self.g.objects(shape, SH.targetClass))
        if (shape, RDF.type, RDFS.Class) in self.g:
            classes.append(shape)
        for cls in sorted(classes, key=str):
            patterns.append(self.instance(this, constant(self.g, shape, cls, "sh:targetClass")))
        for node in sorted(self.g.objects(shape, SH.targetNode), key=str):
            patterns.append(f"VALUES {this} {{ {constant(self.g, shape, node, 'sh:targetNode')} }}")
        for prop in sorted(self.g.objects(shape, SH.targetSubjectsOf), key=str):
            patterns.append(f"{this} {prop.n3()} {self.var()} .")
        for prop in sorted(self.g.objects(shape, SH.targetObjectsOf), key=str):
            patterns.append(f"{self.var()} {prop.n3()} {this} .")
        for parent in sorted(self.g.subjects(SH.property, shape), key=str):
            path = self.path(parent)
            if path is None:
                patterns += self.focus(parent, this, seen | {shape})
            else:
                outer = self.var()
                for pattern in self.focus(parent, outer, seen | {shape}):
                    patterns.append(f"{{ {pattern} }} {outer} {path} {this} .")
        return patterns

    # -- constraints ---------------------------------------------------------------------

    # -- queries ---------------------------------------------------------------------------

    def shapes(self) -> list[Node]:
        found: set[Node] = set(self.g.objects(None, SH.property))
        for predicate in TARGETS:
            found.update(self.g.subjects(predicate, None))
        for kind in (SH.NodeShape, SH.PropertyShape):
            found.update(self.g.subjects(RDF.type, kind))
        return sorted(found, key=lambda node: (isinstance(node, BNode), str(node)))

    def checks(self) -> list[Check]:
        checks = []
        for shape in self.shapes():
            focus = self.focus(shape, "?this")
            if not focus or self.deactivated(shape):
                continue
            targets = " UNION ".join(f"{{ {pattern} }}" for pattern in focus)
            severity = SEVERITIES.get(self.g.value(shape, SH.severity), "violation")  # type: ignore[call-overload]
            messages = sorted(str(m) for m in self.g.objects(shape, SH.message))
            path = self.g.value(shape, SH.path)
            triples = path_triples(self.g, path)
            path_text = self.path(shape)
            for component, parameter, body, value, key in self.violations_of_own(shape):
                projection = "?this"
                kind = "none"
                if value == "?this":
                    kind = "focus"
                elif value:
                    projection += f" ({value} AS ?value)"
                    kind = "value"
                if key:
                    projection += f" ({key} AS ?key)"
                query = (
                    f"SELECT DISTINCT {projection} WHERE {{ "
                    f"{{ SELECT DISTINCT ?this WHERE {{ {targets} }} }} {body} }}"
                )
                message = "; ".join(messages) or default_message(component, parameter)
                scan = ""
                if (
                    path_text is not None
                    and _binds_value(body, path_text)
                    and not ZERO_LENGTH.search(IRI.sub("", path_text))
                ):
                    scan = path_text
                checks.append(
                    Check(
                        shape,
                        component,
                        path,
                        triples,
                        severity,
                        message,
                        query,
                        kind,
                        targets=targets,
                        body=body,
                        projection=projection,
                        scan_path=scan,
                    )
                )
        return checks

    def violations_of_own(self, shape: Node) -> Iterator[tuple[URIRef, Node, str, str, str]]:
        """The violations of `shape`'s own constraints (its sh:property shapes are checks of
        their own), with ?this as the focus."""
        yield from self.violations(shape, "?this", (shape,), nested=False)


def _binds_value(body: str, path: str) -> bool:
    """Whether `body` starts with `?this PATH ?vN .` (text, not a regex per path: compiling
    one for each check was a tenth of the compiler's time)."""
    head = f"?this {path} ?v"
    if not body.startswith(head):
        return False
    rest = body[len(head) :]
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return digits > 0 and rest.startswith(" .", digits)


def default_message(component: URIRef, parameter: Node) -> str:
    name = str(component).removeprefix(str(SH)).removesuffix("ConstraintComponent")
    return f"{name} constraint ({parameter.n3() if not isinstance(parameter, BNode) else 'list'})"


def compile_shapes(shapes: Graph, subclasses: Subclasses | None = None) -> list[Check]:
    """Every (shape, constraint) of `shapes` as a query; ConfigurationError for what cannot
    be compiled."""
    return Compiler(shapes, subclasses).checks()
