"""Datatypes the `sparql` engine's store would change, and how a file is searched for them.

Oxigraph's store keeps a literal of a derived integer type (and xsd:dateTimeStamp) as
xsd:integer (xsd:dateTime), in its canonical form: "015"^^xsd:int reads back as
"15"^^xsd:integer, which would change what sh:datatype sees and what a report prints. A
file that may name one is refused by the `sparql` engine (`DatatypeLost`), and the default
engine hands it to pyshacl-turbo (svg_rdf/validation/check.py). What `bulk_load` takes
whole is searched as text first (`may_name_lost`); triples made here are read
(`lost_datatype`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from svg_rdf.errors import ConfigurationError
from svg_rdf.rdfparse.gate import _RDF_FORMATS

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
_NAMES = rb"(?:" + "|".join(LOST_DATATYPES).encode() + rb")(?![A-Za-z0-9_.-])"
# A name after "XMLSchema#" or ":", as two patterns, each starting with a literal the regex
# engine skips to (one pattern of both took four times as long on a 1M-triple file).
_LOST = (
    re.compile(rb"XMLSchema#" + _NAMES),
    re.compile(
        rb":(?=[" + "".join(sorted({n[0] for n in LOST_DATATYPES})).encode() + rb"])" + _NAMES
    ),
)
# Spellings of such a datatype that no search of the text finds, each leaving a mark that
# one is found by: an escape in an IRI (<...XMLSchema\u0023int>) or a '#' escaped in a
# prefixed name (x:\#int): a backslash; a fragment-only IRI resolved against a base
# (@base <...XMLSchema> ... <#int>): "<#"; a namespace holding the start of the name
# (@prefix x: <...XMLSchema#in> ... x:t): "XMLSchema#in>" not written as a datatype
# (^^<...XMLSchema#dateTime> names the start of dateTimeStamp). A file with such a mark is
# parsed and its datatypes read (`may_name_lost`). Each search starts with a literal the
# regex engine skips to, and the backslash is looked for first (one memchr).
_STARTS = sorted({name[:end] for name in LOST_DATATYPES for end in range(1, len(name))})
_MARKS = {
    "ntriples": (re.compile(rb"\\[uU]"),),
    "nquads": (re.compile(rb"\\[uU]"),),
    "turtle": (re.compile(rb"\\[uU#]"), re.compile(rb"<#")),
}
_MARKS["trig"] = _MARKS["turtle"]
_START = re.compile(rb"XMLSchema#(?:" + "|".join(_STARTS).encode() + rb")>")
_DATATYPE = b"^^<http://www.w3.org/2001/"
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


def may_name_lost(body: bytes, *, fmt: str = "turtle", whole: bool = True) -> bool:
    """Whether the bytes, in gate format `fmt`, may name a datatype the store would change
    (a text search: in Turtle and TriG a prefixed name such as ex:int is enough). N-Triples
    and N-Quads have no prefixed names, so there only a full IRI is looked for (the search
    for a prefixed name stopped at every ':' of every IRI: 0.12 s of 0.2 s at 1M triples).

    Bytes with a mark of a spelling that the search cannot see (`_MARKS`) are parsed and
    their datatypes read; a part of a file (`whole` false) of Turtle or TriG, which cannot
    be parsed alone, is then taken to name one. Bytes that do not parse name none here:
    the load refuses them, naming the line."""
    lines = fmt in ("ntriples", "nquads")  # no prefixed names
    patterns = _LOST[:1] if lines else _LOST
    if any(pattern.search(body) is not None for pattern in patterns):
        return True
    escape, *others = _MARKS.get(fmt, (None,))
    marked = escape is not None and b"\\" in body and escape.search(body) is not None
    marked = marked or any(mark.search(body) is not None for mark in others)
    if not (marked or (not lines and _namespace_start(body))):
        return False
    if not whole and not lines:
        return True
    try:
        return any(lost_datatype(quad) for quad in ox.parse(body, format=_RDF_FORMATS[fmt]))
    except SyntaxError:
        return False


def _namespace_start(body: bytes) -> bool:
    """Whether an IRI in `body` ends with "XMLSchema#" and the start of a lost datatype's
    name where it is not a literal's datatype (a namespace the rest of the name may follow
    as a prefixed name's local part)."""
    return any(not body.endswith(_DATATYPE, 0, match.start()) for match in _START.finditer(body))


def refuse_lost(quads: Iterable[ox.Quad], name: str) -> Iterator[ox.Quad]:
    for quad in quads:
        if lost_datatype(quad):
            raise DatatypeLost(name)
        yield quad
