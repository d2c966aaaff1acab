"""Parsing gate, step 3: run pyoxigraph on checked bytes; translate its errors to ParseError."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import rdflib

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse.convert import to_dataset
from svg_rdf.rdfparse.encoding import check_encoding
from svg_rdf.rdfparse.formats import check_format_name, detect_format
from svg_rdf.rdfparse.scan import scan

_RDF_FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
_SPECS: dict[str, str] = {
    "turtle": "Turtle (https://www.w3.org/TR/turtle/)",
    "ntriples": "N-Triples (https://www.w3.org/TR/n-triples/)",
    "nquads": "N-Quads (https://www.w3.org/TR/n-quads/)",
    "trig": "TriG (https://www.w3.org/TR/trig/)",
    "jsonld": "JSON-LD 1.1 (https://www.w3.org/TR/json-ld11/)",
}
# pyoxigraph's message reads "Parser error at line L column C: what (line L)"; the place is
# carried separately, so both decorations are removed.
_PLACE = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")
_LINE_NOTE = re.compile(r" \(line \d+\)$")
# Fix hints for pyoxigraph's most common messages, first match wins.
_HINTS: tuple[tuple[str, str], ...] = (
    ("No LoadDocumentCallback", "inline the context as a JSON object (nothing is fetched)"),
    ("No scheme found", "write an absolute IRI, or declare @base before relative IRIs"),
    ("has not been declared", "declare the prefix with @prefix before using it"),
    ("Unexpected end", "the document is cut short: close every string, bracket and statement"),
    ("dot", "end every statement with ' .'"),
    ("Invalid IRI", "percent-encode the character or write it as \\uXXXX"),
    ("escape", 'use only the escapes the syntax allows (\\t \\n \\r \\" \\\\ \\uXXXX ...)'),
)


@dataclass(frozen=True)
class ParsedRdf:
    """A document that passed the gate: RDF 1.1 quads, in document order."""

    path: str
    format: str
    quads: tuple[pyoxigraph.Quad, ...]

    def to_rdflib(self) -> rdflib.Dataset:
        """Return a new rdflib Dataset (always a Dataset, also for triple formats).

        Default-graph quads are in `dataset.default_graph`, named graphs under their names.
        Literal lexical forms are kept exactly; xsd:string literals become plain Literals.
        """
        return to_dataset(self.quads)


def parse_file(path: Path, *, fmt: str | None = None, base_iri: str | None = None) -> ParsedRdf:
    """Read `path` and pass it through the gate (see `parse_bytes`).

    The format comes from `fmt` or the extension (`detect_format`). Raises ParseError if the
    format is unknown or refused, the file cannot be read, or the document is refused.
    """
    name = detect_format(path, fmt)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(
            f"error: cannot read the file: {exc.strerror or exc}",
            path=path,
            fix="check the path and its permissions",
        ) from exc
    return parse_bytes(data, fmt=name, name=str(path), base_iri=base_iri)


def parse_bytes(data: bytes, *, fmt: str, name: str, base_iri: str | None = None) -> ParsedRdf:
    """Check `data` strictly as format `fmt` and return its quads; `name` is used in messages.

    Guarantees on return: the bytes were UTF-8, pyoxigraph accepted them, nothing outside them
    was read or fetched, nesting is at most `MAX_DEPTH`, and every term is RDF 1.1. Relative
    IRIs need `base_iri`: without it they are errors in Turtle, TriG, N-Triples and N-Quads,
    and JSON-LD drops them (as the JSON-LD algorithm specifies).

    Raises ParseError, whose str() is one line `name:line:col: error: what; fix` (JSON-LD
    processing errors, which pyoxigraph reports without a position, are `name: error: ...`).
    """
    fmt = check_format_name(fmt, name)
    body = check_encoding(data, name)
    scan(body, fmt, name)
    try:
        quads = tuple(pyoxigraph.parse(body, format=_RDF_FORMATS[fmt], base_iri=base_iri))
    except SyntaxError as exc:
        raise _translate(exc, fmt, name) from exc
    return ParsedRdf(path=name, format=fmt, quads=_finish(quads, fmt, name))


def _translate(exc: SyntaxError, fmt: str, name: str) -> ParseError:
    what = _LINE_NOTE.sub("", _PLACE.sub("", str(exc.msg or exc)))
    if exc.lineno is None and fmt == "jsonld":
        what = f"JSON-LD: {what}"
    if exc.lineno is None:
        default = f"correct the document; see {_SPECS[fmt]}"
    else:
        default = f"correct the document at this place; see {_SPECS[fmt]}"
    fix = next((hint for needle, hint in _HINTS if needle in what), default)
    return ParseError(
        f"error: {what}",
        path=name,
        line=exc.lineno,
        column=exc.offset if exc.lineno is not None else None,
        fix=fix,
    )


def _finish(quads: tuple[pyoxigraph.Quad, ...], fmt: str, name: str) -> tuple[pyoxigraph.Quad, ...]:
    """Return `quads` with stable blank node labels and RDF 1.1 terms only.

    pyoxigraph names anonymous blank nodes (`[]`, collections, JSON-LD nodes without @id) with
    random ids, so every blank node is renamed b0, b1, ... in order of first appearance: the
    same bytes always give the same quads. JSON-LD 1.1's toRdf drops @direction unless its
    rdfDirection option is set; pyoxigraph keeps it as an RDF 1.2 directional literal, which
    rdflib cannot hold, so it is dropped here. RDF 1.2 triple terms are refused (the pre-scan
    already refuses their syntax; this is the backstop).
    """
    labels: dict[str, pyoxigraph.BlankNode] = {}

    def blank(node: pyoxigraph.BlankNode) -> pyoxigraph.BlankNode:
        found = labels.get(node.value)
        if found is None:
            found = labels[node.value] = pyoxigraph.BlankNode(f"b{len(labels)}")
        return found

    finished = []
    for quad in quads:
        subject, obj, graph = quad.subject, quad.object, quad.graph_name
        changed = False
        if isinstance(subject, pyoxigraph.BlankNode):
            subject, changed = blank(subject), True
        elif isinstance(subject, pyoxigraph.Triple):
            raise _triple_term(name)
        if isinstance(obj, pyoxigraph.BlankNode):
            obj, changed = blank(obj), True
        elif isinstance(obj, pyoxigraph.Literal):
            if obj.direction is not None:
                if fmt != "jsonld":
                    raise ParseError(
                        "error: RDF 1.2 directional literal in the data",
                        path=name,
                        fix="use a plain language tag",
                    )
                obj, changed = pyoxigraph.Literal(obj.value, language=obj.language), True
        elif isinstance(obj, pyoxigraph.Triple):
            raise _triple_term(name)
        if isinstance(graph, pyoxigraph.BlankNode):
            graph, changed = blank(graph), True
        finished.append(pyoxigraph.Quad(subject, quad.predicate, obj, graph) if changed else quad)
    return tuple(finished)


def _triple_term(name: str) -> ParseError:
    return ParseError(
        "error: RDF 1.2 triple term in the data (rdflib cannot represent it)",
        path=name,
        fix="use RDF 1.1 rdf:Statement reification",
    )
