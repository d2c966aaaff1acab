"""Fuzzing the parsing gate: every input parses or raises ParseError with a one-line message."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse import parse_bytes

FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld"]
SEEDS: dict[str, bytes] = {
    "turtle": (
        b"@prefix ex: <http://example.org/> .\n"
        b"@base <http://example.org/base/> .\n"
        b"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        b'ex:s ex:p "text"@en-GB, "1937-01-01T00:00:00Z"^^xsd:dateTime ;\n'
        b"  ex:q [ ex:r ( 1 2.5 -3e1 true ) ], <rel>, _:b1 ;\n"
        b'  ex:long """multi\n"line" \\u00e9""" . # comment\n'
    ),
    "ntriples": (
        b'<http://a/s> <http://a/p> "caf\\u00E9\\n" .\n'
        b'_:x <http://a/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        b'<http://a/s> <http://a/p> "hi"@en .\n'
    ),
    "nquads": (
        b"<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n"
        b'_:x <http://a/p> "v" _:g .\n'
        b"<http://a/s> <http://a/p> _:x .\n"
    ),
    "trig": (
        b"PREFIX ex: <http://example.org/>\n"
        b'ex:g { ex:s ex:p "o" ; ex:q [ ex:r ex:t ] . }\n'
        b"GRAPH _:g { ex:s ex:p ( ex:a ex:b ) }\n"
        b"{ ex:s ex:p 'single' . }\n"
    ),
    "jsonld": (
        b'{"@context": {"ex": "http://example.org/", "name": {"@id": "ex:name", "@language": "en"},'
        b' "knows": {"@id": "ex:knows", "@type": "@id"}},\n'
        b' "@id": "ex:s", "@type": "ex:T", "name": "Ann", "knows": ["ex:b", "ex:c"],\n'
        b' "ex:n": [1, 2.5, true, {"@value": "x", "@direction": "rtl", "@language": "ar"}],\n'
        b' "ex:list": {"@list": [{"@id": "ex:l"}, "\\u00e9"]}, "@graph": [{"@id": "ex:g"}]}'
    ),
}
INSERTIONS = [
    *"<>\"\\.;[]()@{}#'~^_:,",
    "\n",
    "\r\n",
    "\x00",
    "é",
    "\ufeff",
    '"""',
    "<<",
    ">>",
    "{|",
    "--",
    "\\u",
    "@context",
    '"@context": "x"',
    "@prefix",
]
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def near_valid(draw: st.DrawFn) -> bytes:
    """A valid document of any format, mutated 1-4 times: deletions, insertions, truncation."""
    document = bytearray(SEEDS[draw(st.sampled_from(FORMATS))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(document)))
        operation = draw(st.sampled_from(["delete", "insert", "insert", "truncate", "duplicate"]))
        if operation == "delete":
            del document[at : at + draw(st.integers(1, 6))]
        elif operation == "insert":
            document[at:at] = draw(st.sampled_from(INSERTIONS)).encode()
        elif operation == "truncate":
            del document[at:]
        else:
            document[at:at] = document[at : at + draw(st.integers(1, 12))]
    return bytes(document)


def check(data: bytes, fmt: str) -> None:
    name = f"fuzz.{fmt}"
    try:
        parsed = parse_bytes(data, fmt=fmt, name=name, base_iri="http://example.org/doc")
    except ParseError as error:
        text = str(error)
        assert text.startswith(f"{name}:") and ": error: " in text, text
        assert len(text.splitlines()) == 1, text
        return
    parsed.to_rdflib()  # whatever passes the gate converts (filterwarnings = error)


@pytest.mark.parametrize("fmt", FORMATS)
def test_seeds_are_valid(fmt: str) -> None:
    assert parse_bytes(SEEDS[fmt], fmt=fmt, name="seed", base_iri="http://example.org/doc").quads


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=200).map(str.encode)))
def test_arbitrary_bytes(fmt: str, data: bytes) -> None:
    check(data, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=near_valid())
def test_near_valid_documents(fmt: str, data: bytes) -> None:
    check(data, fmt)
