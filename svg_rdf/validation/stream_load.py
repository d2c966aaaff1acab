"""Files -> one pyoxigraph store, through the strict parsing gate, the data held once.

The `sparql` engine needs only the store: each file's bytes pass the gate's checks (UTF-8,
the pre-scans of svg_rdf/rdfparse/scan.py, IRIs with bidi controls) and are parsed straight
into the store (`bulk_load` for one Turtle or N-Triples file, a stream of triples otherwise);
no N-Triples copy and no decoded copy are made, and a file's bytes are dropped once it is in
the store. Graph names are dropped (the check validates the union) and blank nodes of
different files stay different, as in svg_rdf/rdfparse/load.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.errors import ConfigurationError
from svg_rdf.rdfparse.encoding import check_encoding
from svg_rdf.rdfparse.formats import detect_format
from svg_rdf.rdfparse.gate import _RDF_FORMATS, MAX_TOKEN, _translate, parse_bytes, read_input
from svg_rdf.rdfparse.gate import too_big as _too_big
from svg_rdf.rdfparse.iris import may_hold_bidi, refuse_bidi_iris
from svg_rdf.rdfparse.load import _ntriples, _triples
from svg_rdf.rdfparse.scan import scan

# Oxigraph's store keeps these datatypes as xsd:integer or xsd:dateTime ("1"^^xsd:int reads
# back as "1"^^xsd:integer), which would change what sh:datatype sees.
LOST_DATATYPES = [
    "byte",
    "short",
    "int",
    "long",
    "unsignedByte",
    "unsignedShort",
    "unsignedInt",
    "unsignedLong",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "nonNegativeInteger",
    "dateTimeStamp",
]
_LOST = re.compile(
    rb"(?:XMLSchema#|:)(?:" + "|".join(LOST_DATATYPES).encode() + rb")(?![A-Za-z0-9_.-])"
)
XSD = "http://www.w3.org/2001/XMLSchema#"


class DatatypeLost(ConfigurationError):
    """The data uses a datatype the store would not keep (see LOST_DATATYPES)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name}: the data may use a derived XSD datatype (such as xsd:int), which the "
            "sparql engine's store keeps only as xsd:integer or xsd:dateTime",
            fix="check it with --engine pyshacl-turbo",
        )


def lost_datatype(quad: ox.Quad | ox.Triple) -> bool:
    """Whether the store would change `quad`'s literal's datatype."""
    obj = quad.object
    return isinstance(obj, ox.Literal) and obj.datatype.value.removeprefix(XSD) in LOST_DATATYPES


def _refuse_lost(quads: Iterable[ox.Quad], name: str) -> Iterator[ox.Quad]:
    for quad in quads:
        if lost_datatype(quad):
            raise DatatypeLost(name)
        yield quad


def long_line(body: bytes, limit: int = MAX_TOKEN) -> bool:
    """Whether `body` may have a line of `limit` bytes or more: such a line holds a whole
    aligned block of `limit // 2` bytes without a line break (a few C-speed searches)."""
    block = limit // 2
    return any(
        body.find(b"\n", start, start + block) == -1
        for start in range(0, len(body) - block + 1, block)
    )


def _prefix(paths: Sequence[Path], index: int) -> str | None:
    return f"f{index}x" if len(paths) > 1 else None


def _quads(triples: Iterable[ox.Triple]) -> Iterator[ox.Quad]:
    for triple in triples:
        yield ox.Quad(triple.subject, triple.predicate, triple.object)


def _load_one(store: ox.Store, path: Path, fmt: str | None, prefix: str | None) -> None:
    name = str(path)
    gate_format = detect_format(path, fmt)
    data = read_input(path)
    if gate_format == "jsonld":  # small documents; @direction needs the gate's quads
        parsed = parse_bytes(data, fmt=gate_format, name=name).quads
        del data
        store.extend(_refuse_lost(_quads(_triples(parsed, prefix)), name))
        return
    body = check_encoding(data, name)
    del data
    scan(body, gate_format, name)
    if _LOST.search(body):
        raise DatatypeLost(name)
    if long_line(body):
        # the gate's parser refuses a literal or IRI over MAX_TOKEN, bulk_load would not:
        # the same refusal as every engine, from the gate's own path
        _ntriples(path, fmt, prefix)
    rdf_format = _RDF_FORMATS[gate_format]
    try:
        # bulk_load renames every blank node; a file that labels its own keeps them
        simple = prefix is None and gate_format in ("turtle", "ntriples")
        if simple and b"_:" not in body and not may_hold_bidi(body):
            store.bulk_load(body, format=rdf_format)
            return
        quads: Iterable[ox.Quad] = ox.parse(body, format=rdf_format)
        if may_hold_bidi(body):
            quads = refuse_bidi_iris(quads, name)
        store.bulk_extend(_quads(_triples(quads, prefix)))
    except SyntaxError as exc:
        raise _translate(exc, gate_format, name) from None
    except MemoryError as exc:
        raise _too_big(name, exc, gate_format) from None


def load_store(paths: Sequence[Path], *, fmt: str | None = None) -> ox.Store:
    """Every file through the gate into one in-memory store; raises ParseError for the first
    file that is not valid (one line: path:line:col: error: what; fix), and DatatypeLost
    when a file may hold a datatype the store would change (a text search: a prefixed name
    such as ex:int is enough)."""
    store = ox.Store()
    for index, path in enumerate(paths):
        _load_one(store, path, fmt, _prefix(paths, index))
    return store


def stream_quads(paths: Sequence[Path], *, fmt: str | None = None) -> Iterator[ox.Quad]:
    """The default-graph quads of files `load_store` accepted, parsed again one at a time
    (literals as the files spell them), blank nodes named as in the store."""
    for index, path in enumerate(paths):
        gate_format = detect_format(path, fmt)
        prefix = _prefix(paths, index)
        if gate_format == "jsonld":
            parsed: Iterable[ox.Quad] = parse_bytes(
                read_input(path), fmt=gate_format, name=str(path)
            ).quads
        else:
            parsed = ox.parse(path=str(path), format=_RDF_FORMATS[gate_format])
        yield from _quads(_triples(parsed, prefix))
