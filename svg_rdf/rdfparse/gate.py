"""Parsing gate, step 3: run pyoxigraph on checked bytes; translate its errors to ParseError."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import rdflib

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse.convert import to_dataset
from svg_rdf.rdfparse.encoding import check_encoding
from svg_rdf.rdfparse.formats import check_format_name, detect_format
from svg_rdf.rdfparse.iris import may_hold_bidi, refuse_bidi_iris, refuse_dropped_jsonld
from svg_rdf.rdfparse.scan import scan

MAX_TOKEN = 16 * 1024 * 1024
"""pyoxigraph's buffer for one token (a literal or an IRI), in bytes."""
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
    ("Invalid IRI", "percent-encode the character (a space as %20)"),
    ("escape", 'use only the escapes the syntax allows (\\t \\n \\r \\" \\\\ \\uXXXX ...)'),
)


@dataclass(frozen=True)
class ParsedRdf:
    """A document that passed the gate: its RDF 1.1 quads, in document order.

    Blank nodes keep pyoxigraph's labels: the document's own (`_:alice` -> "alice") and
    random ones for anonymous nodes (`[]`, collections, JSON-LD nodes without @id), so two
    parses of the same bytes can differ in those labels; `to_rdflib` renames them stably.
    """

    path: str
    format: str
    quads: tuple[pyoxigraph.Quad, ...]

    def to_rdflib(self) -> rdflib.Dataset:
        """Return a new rdflib Dataset (always a Dataset, also for triple formats).

        Default-graph quads are in `dataset.default_graph`, named graphs under their names.
        Literal lexical forms are kept exactly; xsd:string literals become plain Literals;
        blank nodes are b0, b1, ... in order of first appearance (the same bytes always give
        the same Dataset).
        """
        return to_dataset(self.quads)


def parse_file(path: Path, *, fmt: str | None = None, base_iri: str | None = None) -> ParsedRdf:
    """Read `path` and pass it through the gate (see `parse_bytes`).

    The format comes from `fmt` or the extension (`detect_format`). Raises ParseError if the
    format is unknown or refused, the file cannot be read, or the document is refused.
    """
    name = detect_format(path, fmt)
    return parse_bytes(read_input(path), fmt=name, name=str(path), base_iri=base_iri)


def read_input(path: Path) -> bytes:
    """The bytes of input file `path`; raises ParseError when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise cannot_read(path, exc) from exc


def cannot_read(path: Path, exc: OSError) -> ParseError:
    """The one-line error for an input file that cannot be opened or read."""
    return ParseError(
        f"error: cannot read the file: {exc.strerror or exc}",
        path=path,
        fix="check the path and its permissions",
    )


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
    if fmt == "jsonld":
        refuse_dropped_jsonld(body, name)
    try:
        parsed: Iterable[pyoxigraph.Quad] = pyoxigraph.parse(
            body, format=_RDF_FORMATS[fmt], base_iri=base_iri
        )
        if may_hold_bidi(body):
            parsed = refuse_bidi_iris(parsed, name)
        quads = tuple(parsed)
    except SyntaxError as exc:
        raise _translate(exc, fmt, name) from exc
    except MemoryError as exc:
        raise too_big(name, exc, fmt) from None
    # Only JSON-LD can still carry RDF 1.2 terms (the pre-scan refuses their syntax elsewhere),
    # and only @direction produces them; any spelling of it contains "direction" or a \u escape.
    if fmt == "jsonld" and (b"direction" in body or b"\\u" in body):
        quads = _drop_directions(quads)
    return ParsedRdf(path=name, format=fmt, quads=quads)


def too_big(name: str, exc: MemoryError, fmt: str | None = None) -> ParseError:
    """What pyoxigraph's MemoryError means: its token buffer (MAX_TOKEN; a JSON-LD string
    needs twice its length, so 8 MiB there), or memory really exhausted."""
    if str(MAX_TOKEN) in str(exc):
        limit = MAX_TOKEN // 2 if fmt == "jsonld" else MAX_TOKEN
        where = " in JSON-LD" if fmt == "jsonld" else ""
        return ParseError(
            f"error: a literal or IRI is too long: the parser (pyoxigraph) holds less than "
            f"{limit // (1024 * 1024)} MiB in one{where}",
            path=name,
            fix="split or shorten the value, or keep large texts in files the data points to",
        )
    return ParseError(
        "error: the file does not fit in the memory available",
        path=name,
        fix="check a smaller file, or raise the memory limit (ulimit -v) of the process",
    )


def _translate(exc: SyntaxError, fmt: str, name: str) -> ParseError:
    what = _printable(_LINE_NOTE.sub("", _PLACE.sub("", str(exc.msg or exc))))
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


def _printable(text: str) -> str:
    """`text` with control characters and line separators escaped: messages stay one line.

    pyoxigraph quotes offending characters raw ("'\r' is not allowed in JSON strings").
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _drop_directions(quads: tuple[pyoxigraph.Quad, ...]) -> tuple[pyoxigraph.Quad, ...]:
    """Return `quads` with the base direction removed from every literal.

    JSON-LD 1.1's toRdf drops @direction unless its rdfDirection option is set; pyoxigraph
    keeps it as an RDF 1.2 directional literal, which rdflib cannot hold.
    """
    finished = []
    for quad in quads:
        obj = quad.object
        if isinstance(obj, pyoxigraph.Literal) and obj.direction is not None:
            obj = pyoxigraph.Literal(obj.value, language=obj.language)
            quad = pyoxigraph.Quad(quad.subject, quad.predicate, obj, quad.graph_name)
        finished.append(quad)
    return tuple(finished)
