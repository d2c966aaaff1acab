"""Parsing gate, step 5: files -> one pyoxigraph store plus exact N-Triples, no rdflib.

`svg-rdf check` reads inputs of millions of triples, so nothing here makes an rdflib term or
keeps a Python object per triple: each file passes the same checks as `parse_file` (UTF-8,
pre-scans), pyoxigraph parses it straight into N-Triples bytes (every lexical form as the
file spells it; graph names dropped, as the check validates the union), and the store is
loaded from those bytes. Blank nodes of different files stay different (each file's labels
get a prefix of their own when there are several files).

pyoxigraph cannot hold a single literal or IRI over 16 MiB (`MAX_TOKEN`); such a file, or one
that does not fit in memory, is refused as a ParseError naming the limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.rdfparse.encoding import check_encoding
from svg_rdf.rdfparse.formats import detect_format
from svg_rdf.rdfparse.gate import _RDF_FORMATS, _translate, parse_bytes, read_input
from svg_rdf.rdfparse.gate import too_big as _too_big
from svg_rdf.rdfparse.iris import may_hold_bidi, refuse_bidi_iris
from svg_rdf.rdfparse.scan import scan

"""pyoxigraph's largest literal or IRI, in bytes."""


@dataclass(frozen=True)
class LoadedRdf:
    """The union of the triples of the input files."""

    store: ox.Store = field(repr=False)
    ntriples: bytes = field(repr=False)  # the same triples, lexical forms as written
    files: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.store)


def _triples(quads: Iterable[ox.Quad], prefix: str | None) -> Iterator[ox.Triple]:
    """Default-graph triples; blank nodes renamed with `prefix` when given."""
    for quad in quads:
        subject, obj = quad.subject, quad.object
        if prefix is not None:
            if isinstance(subject, ox.BlankNode):
                subject = ox.BlankNode(prefix + subject.value)
            if isinstance(obj, ox.BlankNode):
                obj = ox.BlankNode(prefix + obj.value)
        yield ox.Triple(subject, quad.predicate, obj)


def _ntriples(path: Path, fmt: str | None, prefix: str | None) -> bytes:
    name = str(path)
    gate_format = detect_format(path, fmt)
    data = read_input(path)
    if gate_format == "jsonld":  # small documents; @direction needs the quads
        quads: Iterable[ox.Quad] = parse_bytes(data, fmt=gate_format, name=name).quads
        del data
    else:
        body = check_encoding(data, name)
        del data
        scan(body, gate_format, name)
        rdf_format = _RDF_FORMATS[gate_format]
        if gate_format == "ntriples" and prefix is None:
            # already N-Triples: pyoxigraph checks it and the bytes are kept as they are
            try:
                checked: Iterable[ox.Quad] = ox.parse(body, format=rdf_format)
                if may_hold_bidi(body):
                    checked = refuse_bidi_iris(checked, name)
                for _ in checked:
                    pass
            except SyntaxError as exc:
                raise _translate(exc, gate_format, name) from None
            except MemoryError as exc:
                raise _too_big(name, exc, gate_format) from None
            return body
        quads = ox.parse(body, format=rdf_format)
        if may_hold_bidi(body):
            quads = refuse_bidi_iris(quads, name)
    try:
        if gate_format in ("turtle", "ntriples") and prefix is None:
            out = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)
        else:
            out = ox.serialize(_triples(quads, prefix), format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise _translate(exc, gate_format, name) from None
    except MemoryError as exc:
        raise _too_big(name, exc, gate_format) from None
    assert out is not None
    return bytes(out)


def load_files(paths: Sequence[Path], *, fmt: str | None = None) -> LoadedRdf:
    """Every file through the gate, into one store; raises ParseError for the first file
    that is not valid (one line: path:line:col: error: what; fix)."""
    several = len(paths) > 1
    parts = [
        _ntriples(path, fmt, f"f{index}x" if several else None) for index, path in enumerate(paths)
    ]
    ntriples = parts[0] if len(parts) == 1 else b"".join(parts)
    del parts
    store = ox.Store()
    try:
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    except MemoryError as exc:
        raise _too_big(", ".join(str(p) for p in paths), exc) from None
    return LoadedRdf(store, ntriples, tuple(str(p) for p in paths))
