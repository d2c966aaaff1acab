"""SPARQL constraints: SHACL-SPARQL constraints evaluated once over the whole graph.

pyshacl runs a SPARQL constraint once per focus node on rdflib's SPARQL engine (a measured
9 s for this project's 1,000-triple graph). Here each constraint's target is written into
its query as a pattern on `$this` (the join is what pre-binding `$this` means for queries
whose body binds `$this` in its first group), and the query runs once on pyoxigraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from svg_rdf.curation.nearest import char_name, visible
from svg_rdf.errors import ConfigurationError

_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class SparqlConstraint:
    """One sh:sparql constraint of a shape, with its targets already in the query."""

    shape: str
    query: str
    message: str
    severity: str
    # a node shape's result without ?value names its focus node as sh:value (as Jena,
    # rudof, pySHACL and pyshacl-turbo report it); a property shape's names none
    node_shape: bool = True


@dataclass(frozen=True)
class Hit:
    focus: ox.NamedNode | ox.BlankNode
    path: ox.NamedNode | None
    value: object | None
    message: str


def _target_patterns(shapes: Graph, shape: Node) -> list[str]:
    patterns = []
    for cls in shapes.objects(shape, SH.targetClass):
        patterns.append(f"$this <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> .")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        patterns.append(f"$this <{prop}> ?svgTargetObject .")
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        patterns.append(f"?svgTargetSubject <{prop}> $this .")
    for node in shapes.objects(shape, SH.targetNode):
        patterns.append(f"VALUES $this {{ <{node}> }}")
    return patterns


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def split_sparql(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes without their SPARQL constraints, and those constraints, targets folded in.

    Raises ConfigurationError for a SPARQL constraint with no usable target or query.
    """
    core = Graph(bind_namespaces="none")
    for triple in shapes:
        core.add(triple)
    found: list[SparqlConstraint] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
        if str(shapes.value(constraint, SH.deactivated)).lower() == "true":
            continue
        select = shapes.value(constraint, SH.select)
        targets = _target_patterns(shapes, shape)
        if select is None or not targets:
            raise ConfigurationError(
                f"SPARQL constraint of {shape} needs sh:select and a target",
                fix="give the shape sh:targetClass, sh:targetSubjectsOf, sh:targetObjectsOf "
                "or sh:targetNode",
            )
        text = str(select)
        where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
        if where is None:
            raise ConfigurationError(f"SPARQL constraint of {shape} has no WHERE clause")
        union = " UNION ".join(f"{{ {pattern} }}" for pattern in targets)
        query = (
            f"{_prefixes(shapes, constraint)}\n{text[: where.end()]} {union} {text[where.end() :]}"
        )
        messages = sorted(str(m) for m in shapes.objects(constraint, SH.message)) or sorted(
            str(m) for m in shapes.objects(shape, SH.message)
        )
        severity = _SEVERITIES.get(shapes.value(shape, SH.severity), "violation")  # type: ignore[call-overload]
        found.append(
            SparqlConstraint(
                str(shape),
                query,
                "; ".join(messages) or "constraint not met",
                severity,
                node_shape=(shape, SH.path, None) not in shapes,
            )
        )
    return core, found


def fill_message(message: str, row: ox.QuerySolution, variables: Iterable[str]) -> str:
    """The message with each {?name} replaced by its value, invisible characters (a no-break
    space, a line break) written as ⟨U+00A0⟩ and named at the end; when two of the values
    still print alike (a decomposed é against é), where they differ is named by code point."""
    filled: list[str] = []
    for name in variables:
        term = row[name]
        raw = "" if term is None else (term.value if hasattr(term, "value") else str(term))
        text = visible(raw)
        if f"{{?{name}}}" in message or f"{{${name}}}" in message:
            filled.append(raw)
        message = message.replace(f"{{?{name}}}", text).replace(f"{{${name}}}", text)
    return message + _invisible(filled) + _lookalike(filled)


def _invisible(texts: list[str]) -> str:
    """The names of the invisible characters of `texts` (`; ⟨U+00A0⟩ is NO-BREAK SPACE`)."""
    hidden = sorted({char for text in texts for char in text if visible(char) != char})
    return "".join(f"; ⟨U+{ord(c):04X}⟩ is {char_name(c).partition(' ')[2]}" for c in hidden)


def _lookalike(texts: list[str]) -> str:
    """Where two different values that print alike first differ, or ""."""
    for number, one in enumerate(texts):
        for other in texts[number + 1 :]:
            if one != other and _printed(one) == _printed(other):
                at = next(
                    (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
                    min(len(one), len(other)),
                )
                return (
                    f" (they look alike but differ at code point {at}: {_named(one, at)} "
                    f"against {_named(other, at)})"
                )
    return ""


def _printed(text: str) -> str:
    """What a reader sees: canonically equivalent forms (é, e + U+0301) print alike."""
    return unicodedata.normalize("NFC", visible(text))


def _named(text: str, at: int) -> str:
    return char_name(text[at]) if at < len(text) else "the end"


_CLASS_TARGET = re.compile(
    r"\$this <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>/"
    r"<http://www\.w3\.org/2000/01/rdf-schema#subClassOf>\* <([^>]*)> \."
)


def with_classes(
    text: str, subclasses: Callable[[str], list[str] | None], *, always_values: bool = False
) -> str:
    """`text` with each class target folded in by `split_sparql` as rdf:type of the class
    or of one of its subclasses in the data, looked up once by `subclasses` (the property
    path took 1.1 of the 4 s these constraints cost on a 1M-triple graph in Oxigraph;
    Virtuoso does not evaluate it at all). With `always_values`, a single class is written
    as `VALUES ?svgClass` too, the form svg_rdf/endpoint/check_remote.py pages by."""

    def plain(match: re.Match[str]) -> str:
        closure = subclasses(match.group(1))
        if closure is None:
            return match.group(0)
        if len(closure) == 1 and not always_values:
            return f"$this <{RDF.type}> <{closure[0]}> ."
        names = " ".join(f"<{iri}>" for iri in closure)
        return f"VALUES ?svgClass {{ {names} }} $this <{RDF.type}> ?svgClass ."

    return _CLASS_TARGET.sub(plain, text)


# `?s ?p ?o . FILTER(?p = <iri>)`: the filter's group binds ?p in the pattern it follows,
# so `VALUES ?p { <iri> } ?s ?p ?o .` keeps the same solutions, and Oxigraph reads that
# predicate's triples instead of every triple of ?s (QuoteShape: 0.5 s -> 0.3 s at 1M).
_PREDICATE_FILTER = re.compile(r"([$?]\w+) \?(\w+) ([$?]\w+) \.\s*FILTER\(\?\2 = (<[^<>\s]*>)\)")


def with_constant_predicates(text: str) -> str:
    """`text` with each predicate variable a FILTER fixes to one IRI written as VALUES."""
    return _PREDICATE_FILTER.sub(r"VALUES ?\2 { \4 } \1 ?\2 \3 .", text)


def evaluate(
    store: ox.Store,
    constraint: SparqlConstraint,
    subclasses: Callable[[str], list[str] | None] | None = None,
) -> list[Hit]:
    """Every violation of `constraint` in `store` (class targets looked up with
    `subclasses` when given); raises ConfigurationError on a bad query."""
    text = with_constant_predicates(constraint.query)
    text = text if subclasses is None else with_classes(text, subclasses)
    try:
        solutions = store.query(text)
    except SyntaxError as exc:
        raise ConfigurationError(
            f"SPARQL constraint of {constraint.shape} does not parse: {exc}",
            fix="fix the sh:select query",
        ) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise ConfigurationError(f"SPARQL constraint of {constraint.shape} is not a SELECT")
    variables = [v.value for v in solutions.variables]
    hits = []
    for row in solutions:
        focus = row["this"]
        if focus is None:
            continue
        path = row["path"] if "path" in variables else None
        value = row["value"] if "value" in variables else None
        if value is None and constraint.node_shape:
            value = focus
        hits.append(
            Hit(
                focus,
                path if isinstance(path, ox.NamedNode) else None,
                value,
                fill_message(constraint.message, row, variables),
            )
        )
    return hits
