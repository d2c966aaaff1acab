"""Validation: shapes/ files + generated value shapes + our own component -> one SHACL graph.

The complete shapes graph is what `build` publishes as output/shapes.ttl, so that any SHACL
engine can repeat `svg-rdf check` (`pyshacl -s output/shapes.ttl output/svg-rdf.ttl`). It is
valid SHACL-SPARQL: a constraint using a clause the standard forbids (MINUS, SERVICE, VALUES)
is refused when the shapes are read, naming the file, line, shape and clause.

The source re-verification that `svg-rdf check --sources` adds (checksums, quote spans, the
three copies of each quote) needs the source files, which no SHACL engine can read. Its
results name our own constraint component, `svgsh:SourceVerificationConstraintComponent`,
declared here with the shape they come from: no engine is asked to run it (no shape uses its
parameter), but every result names a component and a shape that exist in the shapes graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from svg_rdf.curation.datafile import read_regular
from svg_rdf.errors import ConfigurationError
from svg_rdf.graph.oxbridge import to_ox_triples
from svg_rdf.graph.vocab import W3C_PREFIXES, WIKIDATA_PREFIXES
from svg_rdf.model import Property
from svg_rdf.validation.shapegen import SVGSH, value_shapes

SOURCE_COMPONENT = SVGSH.SourceVerificationConstraintComponent
SOURCE_SHAPE = SVGSH.SourceVerificationShape
SOURCE_PARAMETER = SVGSH.verifiedAgainstSources

# SHACL 1.0, 5.3.1: SPARQL-based constraints must not contain these.
FORBIDDEN_CLAUSES = ("MINUS", "SERVICE", "VALUES")
_FIXES = {
    "MINUS": "rewrite it as OPTIONAL { ... } FILTER(!BOUND(?x)) or FILTER NOT EXISTS { ... }",
    "SERVICE": "remove the SERVICE clause (constraints must not reach the network)",
    "VALUES": "write the values as FILTER(?x IN (...)) or as triple patterns",
}
# Tokens to step over (strings, IRIs, comments, variables, prefixed names) or a bare word.
_TOKENS = re.compile(
    r'(?:"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[?$]\w+|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]*)"
    r"|(?P<word>[A-Za-z]+)",
    re.DOTALL,
)

SHAPES_NAME = "shapes.ttl"
SHAPES_PREFIXES = {"sh": str(SH), "svgsh": str(SVGSH), **WIKIDATA_PREFIXES, **W3C_PREFIXES}
"""The prefixes of output/shapes.ttl: none depends on the base IRI of the data."""


def forbidden_clauses(query: str) -> list[tuple[str, int]]:
    """The forbidden clauses (MINUS, SERVICE, VALUES) used as keywords in `query`, with the
    offset of each; words inside strings, IRIs, comments and names do not count."""
    found = []
    for match in _TOKENS.finditer(query):
        word = match.group("word")
        if word is not None and word.upper() in FORBIDDEN_CLAUSES:
            found.append((word.upper(), match.start()))
    return found


def _owner(graph: Graph, node: Node) -> Node:
    """The shape (or component) a SPARQL constraint or validator node belongs to."""
    for predicate in (SH.sparql, SH.validator, SH.nodeValidator, SH.propertyValidator):
        for owner in graph.subjects(predicate, node):
            return owner
    return node


def _short(graph: Graph, node: Node) -> str:
    text = str(node)
    if text.startswith(str(SVGSH)):
        return "svgsh:" + text[len(str(SVGSH)) :]
    return text if graph.value(node, RDF.type) is not None or "://" in text else "a blank node"


def refuse_illegal_sparql(graph: Graph, path: Path, text: str) -> None:
    """Raise ConfigurationError for the first sh:select / sh:ask using a forbidden clause.

    `text` is the file's Turtle, used to give the clause's line.
    """
    queries = sorted(
        (str(query), node)
        for predicate in (SH.select, SH.ask)
        for node, query in graph.subject_objects(predicate)
    )
    for query, node in queries:
        clauses = forbidden_clauses(query)
        if not clauses:
            continue
        clause, offset = clauses[0]
        at = text.find(query)
        line = text.count("\n", 0, at + offset) + 1 if at >= 0 else None
        raise ConfigurationError(
            f"the SPARQL constraint of {_short(graph, _owner(graph, node))} uses {clause}, "
            "which SHACL forbids in constraints",
            path=path,
            line=line,
            fix=_FIXES[clause],
        )


def read_shape_files(files: Iterable[Path]) -> Graph:
    """The triples of every shapes file; raises ConfigurationError for unreadable Turtle or
    a SPARQL constraint the standard forbids."""
    graph = Graph(bind_namespaces="none")
    for path in files:
        # a regular file only: a FIFO planted in a cloned project's shapes/ must not hang
        data = read_regular(path, str(path), error=ConfigurationError)
        try:
            text = data.decode("utf-8")
            one = Graph(bind_namespaces="none").parse(data=text, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle
            raise ConfigurationError(
                f"cannot read shapes: {exc}",
                path=path,
                fix="fix the Turtle syntax of the shapes file",
            ) from None
        refuse_illegal_sparql(one, path, text)
        for triple in one:
            graph.add(triple)
    return graph


def declarations() -> Graph:
    """Our own constraint component and the shape that source-verification results name."""
    graph = Graph(bind_namespaces="none")
    parameter = SVGSH.SourceVerificationParameter
    graph.add((SOURCE_COMPONENT, RDF.type, SH.ConstraintComponent))
    graph.add((SOURCE_COMPONENT, RDFS.label, Literal("Source verification", lang="en")))
    graph.add(
        (
            SOURCE_COMPONENT,
            RDFS.comment,
            Literal(
                "Checked by `svg-rdf check --sources DIR`, not by a SHACL engine: each source "
                "document's SHA-256 equals its file's; each reference's text position span "
                "reads, in that file, exactly its oa:exact; and its pr:P1683 quote, its "
                "oa:exact and that span are the same string. Results name this component "
                "and svgsh:SourceVerificationShape.",
                lang="en",
            ),
        )
    )
    graph.add((SOURCE_COMPONENT, SH.parameter, parameter))
    graph.add((parameter, SH.path, SOURCE_PARAMETER))
    graph.add((parameter, SH.datatype, XSD.boolean))
    graph.add((SOURCE_SHAPE, RDF.type, SH.NodeShape))
    graph.add(
        (
            SOURCE_SHAPE,
            RDFS.comment,
            Literal(
                "The shape source-verification results come from. It has no target here: "
                "svg-rdf check applies it to every source document and wikibase:Reference "
                "when it is given the source files.",
                lang="en",
            ),
        )
    )
    return graph


def shapes_graph(files: Iterable[Path], properties: Iterable[Property]) -> Graph:
    """The complete shapes graph: the files, the value shapes of every property in the
    table and the declarations above. Raises ConfigurationError (see read_shape_files)."""
    graph = read_shape_files(files)
    for part in (value_shapes(properties), declarations()):
        for triple in part:
            graph.add(triple)
    return graph


def canonical_triples(graph: Graph) -> frozenset[ox.Triple]:
    """The triples of a shapes graph with RDFC-1.0 canonical blank node labels, so that its
    serialisation depends on the triples only (rdflib labels parsed blank nodes randomly)."""
    dataset = ox.Dataset(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in to_ox_triples(graph)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return frozenset(quad.triple for quad in dataset)
