"""What the SHACL core -> SPARQL compiler knows besides the constraint components: the
SHACL terms it reads (targets, node kinds, ranges, what is not a constraint), the error for
what it cannot compile, and helpers on the SPARQL text it writes (a constant term, a count,
the bracket closing another, a violation pattern negated).

svg_rdf/validation/compile_constraints.py compiles the constraint components with these;
compile_sparql.py and plan_sparql.py assemble and plan the queries.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from svg_rdf.errors import ConfigurationError

TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# datatypes Oxigraph can cast a lexical form to: a failed cast is an ill-typed literal
CASTABLE = frozenset(
    XSD[name]
    for name in [
        "string",
        "boolean",
        "float",
        "double",
        "decimal",
        "integer",
        "date",
        "time",
        "dateTime",
        "duration",
        "yearMonthDuration",
        "dayTimeDuration",
    ]
)
NODE_KINDS: dict[Node, str] = {
    SH.IRI: "!isIRI({v})",
    SH.BlankNode: "!isBlank({v})",
    SH.Literal: "!isLiteral({v})",
    SH.BlankNodeOrIRI: "isLiteral({v})",
    SH.BlankNodeOrLiteral: "isIRI({v})",
    SH.IRIOrLiteral: "isBlank({v})",
}
RANGES: dict[Node, tuple[str, URIRef]] = {
    SH.minInclusive: (">=", SH.MinInclusiveConstraintComponent),
    SH.minExclusive: (">", SH.MinExclusiveConstraintComponent),
    SH.maxInclusive: ("<=", SH.MaxInclusiveConstraintComponent),
    SH.maxExclusive: ("<", SH.MaxExclusiveConstraintComponent),
}
PAIRS: dict[Node, tuple[str, URIRef]] = {
    SH.lessThan: ("<", SH.LessThanConstraintComponent),
    SH.lessThanOrEquals: ("<=", SH.LessThanOrEqualsConstraintComponent),
}
# what a shape may say besides its constraints
NOT_CONSTRAINTS = frozenset(
    {
        *TARGETS,
        SH.path,
        SH.message,
        SH.severity,
        SH.deactivated,
        SH.name,
        SH.description,
        SH.order,
        SH.group,
        SH.defaultValue,
        SH.flags,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH.qualifiedValueShapesDisjoint,
        SH.declare,
        SH.prefixes,
        SH.shapesGraphWellFormed,
        SH.entailment,
        SH.suggestedShapesGraph,
    }
)
Subclasses = Callable[[str], "list[str] | None"]
"""A class IRI -> it and its subclasses (rdfs:subClassOf*) in the data, or None when one
is a blank node (then the query keeps the property path)."""
ATLEAST_PAIRWISE = 3  # up to this many values are counted with distinct variables


class NotCompilable(ConfigurationError):
    """A shape uses what this compiler cannot turn into SPARQL (named in the message)."""


def constant(shapes: Graph, shape: Node, node: Node, feature: str) -> str:
    """`node`, a parameter's value, as a constant of the query text; a blank node cannot
    be one (NotCompilable naming `shape` and `feature`)."""
    if isinstance(node, BNode):
        raise NotCompilable(
            f"shape {shape}: {feature} names a blank node, which a SPARQL query cannot",
            fix="name the value by an IRI or a literal",
        )
    return node.n3()


def count_of(node: Node | None) -> int:
    """A count parameter's value, -1 for one that is not an integer."""
    try:
        return int(str(node))
    except ValueError:
        return -1


def closing(text: str, start: int, pair: str) -> int:
    """The index of the bracket closing the one at `start` (strings in the text hold none
    of the compiler's own brackets unbalanced: they come from n3() literals)."""
    depth = 0
    quoted = False
    for index in range(start, len(text)):
        char = text[index]
        if char == '"' and text[index - 1] != "\\":
            quoted = not quoted
        elif not quoted and char == pair[0]:
            depth += 1
        elif not quoted and char == pair[1]:
            depth -= 1
            if depth == 0:
                return index
    return -1


def negated(body: str) -> str:
    """An expression true when the violation pattern `body` has no solution: `!(expr)` for
    a lone FILTER(expr), `EXISTS {...}` for a lone FILTER NOT EXISTS {...}, else NOT EXISTS
    { body } (stores such as Virtuoso lose the focus binding in a group holding only a
    filter)."""
    text = body.strip()
    if text.startswith("FILTER(") and closing(text, 6, "()") == len(text) - 1:
        return f"!{text[6:]}"
    prefix = "FILTER NOT EXISTS {"
    if text.startswith(prefix) and closing(text, len(prefix) - 1, "{}") == len(text) - 1:
        return f"EXISTS {text[len(prefix) - 1 :]}"
    return f"NOT EXISTS {{ {body} }}"
