"""The parsing gate: formats, error messages and positions, encoding policy, rdflib terms."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import XSD, BNode, Literal, URIRef

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse import FORMATS, ParsedRdf, detect_format, parse_bytes, parse_file
from svg_rdf.rdfparse.load import load_files

EX = "http://example.org/"
TRIPLE = f"<{EX}s> <{EX}p> <{EX}o> .\n".encode()
VALID: dict[str, bytes] = {
    "turtle": f"@prefix ex: <{EX}> .\nex:s ex:p [ ex:q ( 1 2 ) ] .\n".encode(),
    "ntriples": TRIPLE,
    "nquads": f"<{EX}s> <{EX}p> <{EX}o> <{EX}g> .\n".encode(),
    "trig": f"@prefix ex: <{EX}> .\nex:g {{ ex:s ex:p ex:o . }}\n".encode(),
    "jsonld": f'{{"@id": "{EX}s", "{EX}p": {{"@id": "{EX}o"}}}}'.encode(),
}


def parse_error(data: bytes, fmt: str, name: str = "doc") -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, fmt=fmt, name=name)
    return caught.value


def assert_one_line(error: ParseError, name: str, line: int, column: int) -> None:
    text = str(error)
    assert "\n" not in text and "\r" not in text
    assert text.startswith(f"{name}:{line}:{column}: error: "), text
    assert re.fullmatch(r"[^;]+?: error: .+; .+", text), text
    assert (error.line, error.column) == (line, column)


# --- formats ---------------------------------------------------------------------------------


def test_formats_table() -> None:
    assert FORMATS == {
        ".ttl": "turtle",
        ".nt": "ntriples",
        ".nq": "nquads",
        ".trig": "trig",
        ".jsonld": "jsonld",
        ".json": "jsonld",
    }


@pytest.mark.parametrize(("suffix", "fmt"), sorted(FORMATS.items()))
def test_detect_format_from_extension(suffix: str, fmt: str) -> None:
    assert detect_format(Path(f"data/x{suffix}")) == fmt
    assert detect_format(Path(f"data/X{suffix.upper()}")) == fmt


def test_explicit_format_wins() -> None:
    assert detect_format(Path("data.txt"), "turtle") == "turtle"


@pytest.mark.parametrize("suffix", [".rdf", ".owl", ".xml"])
def test_rdf_xml_is_refused(suffix: str) -> None:
    with pytest.raises(ParseError) as caught:
        detect_format(Path(f"onto{suffix}"))
    assert str(caught.value).startswith(f"onto{suffix}: error: RDF/XML")
    assert "convert it to Turtle" in str(caught.value)


def test_rdf_xml_refused_as_explicit_format() -> None:
    with pytest.raises(ParseError, match="RDF/XML is not accepted"):
        detect_format(Path("x.ttl"), "rdfxml")


def test_unknown_extension_says_to_pass_format() -> None:
    with pytest.raises(ParseError) as caught:
        detect_format(Path("notes.txt"))
    assert str(caught.value) == (
        "notes.txt: error: cannot tell the RDF format from the file extension '.txt'; "
        "pass --input-format with one of: jsonld, nquads, ntriples, trig, turtle"
    )


def test_unknown_format_name() -> None:
    with pytest.raises(ParseError, match=r"unknown RDF format 'ttl'.*use one of"):
        parse_bytes(TRIPLE, fmt="ttl", name="x")


# --- parse_file / parse_bytes ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(VALID))
def test_valid_documents_parse(fmt: str) -> None:
    parsed = parse_bytes(VALID[fmt], fmt=fmt, name=f"doc.{fmt}")
    assert isinstance(parsed, ParsedRdf)
    assert parsed.path == f"doc.{fmt}"
    assert parsed.format == fmt
    assert parsed.quads and all(isinstance(q, pyoxigraph.Quad) for q in parsed.quads)


def test_parse_file_uses_extension_and_keeps_path_as_given(tmp_path: Path) -> None:
    path = tmp_path / "data.trig"
    path.write_bytes(VALID["trig"])
    parsed = parse_file(path)
    assert (parsed.path, parsed.format, len(parsed.quads)) == (str(path), "trig", 1)
    assert parse_file(path, fmt="trig").quads == parsed.quads


@pytest.mark.parametrize("read", [parse_file, lambda path: load_files([path])])
def test_parse_file_missing(tmp_path: Path, read: Callable[[Path], object]) -> None:
    path = tmp_path / "missing.ttl"
    with pytest.raises(ParseError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: error: cannot read the file: No such file or directory; "
        "check the path and its permissions"
    )


def test_parse_file_error_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_bytes(b"<http://a> <http://b> .\n")
    with pytest.raises(ParseError) as caught:
        parse_file(path)
    assert_one_line(caught.value, str(path), 1, 23)


def test_parsed_rdf_is_frozen() -> None:
    parsed = parse_bytes(TRIPLE, fmt="ntriples", name="x")
    with pytest.raises(AttributeError):
        parsed.path = "y"  # type: ignore[misc]


# --- errors: one line, 1-based positions -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt", "line", "column", "what"),
    [
        (b"<http://a> <http://b> .", "turtle", 1, 23, ". is not a valid RDF object"),
        (b"<http://a> <http://b> <http://c>", "ntriples", 1, 33, "followed by a dot"),
        (b'\n\n  <http://a> <http://b> "x" <http://g> <x> .', "nquads", 3, 40, ""),
        (b"ex:a ex:b ex:c .", "turtle", 1, 1, "The prefix ex: has not been declared"),
        (b"<http://g> { <http://a> <http://b> }", "trig", 1, 36, ""),
        (b'{"@id": "http://a",\n  "http://b": "x",, }', "jsonld", 2, 19, "keys must be strings"),
    ],
)
def test_syntax_error_position(data: bytes, fmt: str, line: int, column: int, what: str) -> None:
    error = parse_error(data, fmt, name="in/doc")
    assert_one_line(error, "in/doc", line, column)
    assert what in error.message


def test_first_column_is_one() -> None:
    assert_one_line(parse_error(b"] .", "turtle"), "doc", 1, 1)


def test_columns_count_characters_not_bytes() -> None:
    data = '<http://a> <http://b> "ééé😀" <x> .'.encode()
    assert_one_line(parse_error(data, "turtle"), "doc", 1, 30)


def test_crlf_lines_are_counted_once() -> None:
    data = b"<http://a> <http://b> <http://c> .\r\n\r\n<http://a> <http://b> .\r\n"
    assert_one_line(parse_error(data, "turtle"), "doc", 3, 23)


def test_position_suffix_and_prefix_of_pyoxigraph_are_removed() -> None:
    text = str(parse_error(b"<http://a> <http://b> .", "turtle"))
    assert "Parser error" not in text and "(line " not in text


def test_relative_iri_needs_base() -> None:
    error = parse_error(b"<s> <p> <o> .", "turtle")
    assert_one_line(error, "doc", 1, 1)
    assert "declare @base" in str(error)
    parsed = parse_bytes(b"<s> <p> <o> .", fmt="turtle", name="x", base_iri=EX)
    assert parsed.quads[0].subject == pyoxigraph.NamedNode(EX + "s")


def test_jsonld_processing_error_has_path_but_no_position() -> None:
    error = parse_error(b'{"@id": true}', "jsonld")
    assert str(error) == (
        "doc: error: JSON-LD: @id value must be a string; correct the document; see JSON-LD 1.1 "
        "(https://www.w3.org/TR/json-ld11/)"
    )


def test_error_messages_with_newlines_stay_one_line() -> None:
    error = parse_error(b'<http://a> <http://b> "line\none" .', "ntriples")
    assert "\n" not in str(error)


# --- RDF 1.2 is refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt", "column", "token"),
    [
        (b"<http://a> <http://b> <<( <http://a> <http://b> <http://c> )>> .", "ntriples", 23, "<<"),
        (b"<http://a> <http://b> << <http://a> <http://b> <http://c> >> .", "turtle", 23, "<<"),
        (b"<http://a> <http://b> <http://c> {| <http://p> 1 |} .", "trig", 34, "{|"),
        (b"<http://a> <http://b> <http://c> ~ <http://r> .", "turtle", 34, "~"),
        (b'<http://a> <http://b> "x"@en--ltr .', "nquads", 26, "@en--ltr"),
        (b'<http://a> <http://b> "x"@en--rtl .', "turtle", 26, "@en--rtl"),
    ],
)
def test_rdf12_syntax_is_refused(data: bytes, fmt: str, column: int, token: str) -> None:
    error = parse_error(data, fmt)
    assert_one_line(error, "doc", 1, column)
    assert f"'{token}'" in str(error) and "RDF 1.2" in str(error)


def test_rdf11_local_name_escapes_are_not_rdf12() -> None:
    data = b'@prefix ex: <http://e/> .\nex:a\\~b ex:p ex:c--d, "<<", <http://x/~y> . # << ~ {|\n'
    parsed = parse_bytes(data, fmt="turtle", name="x")
    assert parsed.quads[0].subject == pyoxigraph.NamedNode("http://e/a~b")


def test_jsonld_direction_is_dropped_as_json_ld_1_1_does() -> None:
    data = (
        b'{"@id": "http://a", "http://b": {"@value": "x", "@language": "ar", "@direction": "rtl"}}'
    )
    (quad,) = parse_bytes(data, fmt="jsonld", name="x").quads
    assert quad.object == pyoxigraph.Literal("x", language="ar")


# --- encoding policy -------------------------------------------------------------------------


def same_rdf(a: bytes, b: bytes, fmt: str) -> bool:
    graphs = [parse_bytes(data, fmt=fmt, name="x").to_rdflib() for data in (a, b)]
    quads = [{(*t, g.identifier) for g in ds.graphs() for t in g} for ds in graphs]
    return quads[0] == quads[1]


@pytest.mark.parametrize("fmt", sorted(VALID))
def test_utf8_bom_is_accepted_and_ignored(fmt: str) -> None:
    assert same_rdf(b"\xef\xbb\xbf" + VALID[fmt], VALID[fmt], fmt)


def test_columns_after_a_bom_are_counted_without_it() -> None:
    assert_one_line(parse_error(b"\xef\xbb\xbf<http://a> <http://b> .", "turtle"), "doc", 1, 23)


@pytest.mark.parametrize("fmt", sorted(VALID))
def test_crlf_is_accepted(fmt: str) -> None:
    assert same_rdf(VALID[fmt].replace(b"\n", b"\r\n") + b"\r\n", VALID[fmt], fmt)


@pytest.mark.parametrize(
    ("data", "fmt", "line", "column", "byte"),
    [
        (b'<http://a> <http://b> "x\xff" .', "ntriples", 1, 25, "0xFF"),
        (b'<http://a> <http://b> "\xc3\xa9\xc0\xaf" .', "turtle", 1, 25, "0xC0"),  # overlong
        (b'<http://a> <http://b> "\xed\xa0\x80" .', "turtle", 1, 24, "0xED"),  # surrogate
        (b"<http://a> <http://b> <http://c> . # comment \xfe\n", "turtle", 1, 46, "0xFE"),
        (b'{\r\n"@id": "http://a",\r\n"http://b": "\xe9t\xe9"}', "jsonld", 3, 14, "0xE9"),
        (b'<http://a> <http://b> "x" .\n<http://a> <http://b> "\xe2\x82', "nquads", 2, 24, "0xE2"),
    ],
)
def test_invalid_utf8_is_refused_at_the_bad_byte(
    data: bytes, fmt: str, line: int, column: int, byte: str
) -> None:
    error = parse_error(data, fmt)
    assert_one_line(error, "doc", line, column)
    assert str(error).startswith(f"doc:{line}:{column}: error: invalid UTF-8 (byte {byte})")


def test_invalid_utf8_position_across_validation_chunks() -> None:
    # A valid multi-byte character straddles the 1 MiB slice boundary; the bad byte comes later.
    line = '<http://a> <http://b> "' + "é" * 40 + '" .\n'
    body = (line * (3 * (1 << 20) // len(line.encode()))).encode()
    data = body + b'<http://a> <http://b> "\xff" .\n'
    error = parse_error(data, "ntriples")
    assert_one_line(error, "doc", body.count(b"\n") + 1, 24)
    assert parse_bytes(body, fmt="ntriples", name="x").quads


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-16", "UTF-16 (little-endian) (byte-order mark FF FE)"),
        ("utf-16-be", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-32", "UTF-32 (little-endian) (byte-order mark FF FE 00 00)"),
    ],
)
@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_utf16_and_utf32_are_named_and_refused(encoding: str, label: str, fmt: str) -> None:
    data = VALID[fmt].decode().encode(encoding)  # -be / -le: no byte-order mark, NUL bytes
    error = parse_error(data, fmt)
    assert_one_line(error, "doc", 1, 1)
    assert label in str(error)
    assert str(error).endswith(
        "re-encode it as UTF-8 (for example `iconv -f UTF-16 -t UTF-8 IN > OUT`)"
    )


def test_utf16_big_endian_bom() -> None:
    error = parse_error(b"\xfe\xff" + "<http://a>".encode("utf-16-be"), "turtle")
    assert "UTF-16 (big-endian) (byte-order mark FE FF)" in str(error)


def test_empty_documents() -> None:
    assert parse_bytes(b"", fmt="turtle", name="x").quads == ()
    assert parse_bytes(b"{}", fmt="jsonld", name="x").quads == ()
    assert_one_line(parse_error(b"", "jsonld"), "doc", 1, 1)


# --- lexical forms and rdflib conversion -----------------------------------------------------

LEXICAL = f"""@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:s ex:date "1937-01-01T00:00:00Z"^^xsd:dateTime ;
     ex:int "01"^^xsd:integer ;
     ex:dec "1.50"^^xsd:decimal ;
     ex:dbl "1.0E0"^^xsd:double ;
     ex:bool "1"^^xsd:boolean ;
     ex:bad "abc"^^xsd:integer ;
     ex:str "plain", "typed"^^xsd:string ;
     ex:lang "Freiwillige"@de-AT ;
     ex:other "x"^^ex:custom ;
     ex:node _:b1 .
""".encode()


def test_pyoxigraph_keeps_lexical_forms() -> None:
    values = {q.object.value for q in parse_bytes(LEXICAL, fmt="turtle", name="x").quads}
    assert {"1937-01-01T00:00:00Z", "01", "1.50", "1.0E0", "1", "abc"} <= values


@pytest.mark.parametrize("normalize", [True, False])
def test_to_rdflib_keeps_lexical_forms_exactly(
    normalize: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever rdflib's global NORMALIZE_LITERALS says (svg-rdf never sets it)."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", normalize)
    dataset = parse_bytes(LEXICAL, fmt="turtle", name="x").to_rdflib()
    assert isinstance(dataset, rdflib.Dataset)
    graph = dataset.default_graph
    s = URIRef(EX + "s")

    def one(p: str) -> Literal:
        value = graph.value(s, URIRef(EX + p))
        assert isinstance(value, Literal)
        return value

    date = one("date")
    assert str(date) == "1937-01-01T00:00:00Z" and date.datatype == XSD.dateTime
    assert date == Literal("1937-01-01T00:00:00Z", datatype=XSD.dateTime, normalize=False)
    assert str(one("int")) == "01" and one("int").value == 1
    assert str(one("dec")) == "1.50"
    assert str(one("dbl")) == "1.0E0"
    assert str(one("bool")) == "1"
    assert str(one("bad")) == "abc" and one("bad").ill_typed
    assert one("other").datatype == URIRef(EX + "custom")
    # xsd:string literals become plain literals, as rdflib's parsers make "x".
    strings = set(graph.objects(s, URIRef(EX + "str")))
    assert strings == {Literal("plain"), Literal("typed")}
    assert all(lit.datatype is None and lit.language is None for lit in strings)  # type: ignore[union-attr]
    # pyoxigraph lower-cases language tags (RDF 1.2 normal form); the gate keeps that.
    assert one("lang") == Literal("Freiwillige", lang="de-at")
    assert isinstance(graph.value(s, URIRef(EX + "node")), BNode)
    assert "1937-01-01T00:00:00Z" in graph.serialize(format="turtle")


def test_ill_typed_literals_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        parse_bytes(LEXICAL, fmt="turtle", name="x").to_rdflib()
    assert not [r for r in caplog.records if r.name.startswith("rdflib")]


def test_to_rdflib_datasets_keep_graph_names() -> None:
    data = (
        f'<{EX}s> <{EX}p> <{EX}o> .\n<{EX}s> <{EX}p> <{EX}o> <{EX}g> .\n_:x <{EX}p> "v" _:g .\n'
    ).encode()
    dataset = parse_bytes(data, fmt="nquads", name="x").to_rdflib()
    sizes = {g.identifier: len(g) for g in dataset.graphs() if len(g)}
    assert sizes == {dataset.default_graph.identifier: 1, URIRef(EX + "g"): 1, BNode("b1"): 1}
    assert (BNode("b0"), URIRef(EX + "p"), Literal("v")) in dataset.graph(BNode("b1"))


def test_blank_nodes_are_renamed_stably_in_order_of_appearance() -> None:
    data = f'@prefix ex: <{EX}> .\n_:alice ex:knows [ ex:name "x" ], ( 1 ), _:alice .\n'.encode()
    first = parse_bytes(data, fmt="turtle", name="x")
    again = parse_bytes(data, fmt="turtle", name="x")
    # pyoxigraph: the document's label is kept, anonymous nodes get random labels.
    assert first.quads[0].subject == pyoxigraph.BlankNode("alice")
    assert first.quads != again.quads
    # rdflib: stable labels, in order of first appearance.
    graphs = [p.to_rdflib().default_graph for p in (first, again)]
    assert set(graphs[0]) == set(graphs[1])
    labels = {t for g in graphs for triple in g for t in triple if isinstance(t, BNode)}
    assert labels == {BNode("b0"), BNode("b1"), BNode("b2")}
    assert (BNode("b0"), URIRef(EX + "knows"), BNode("b0")) in graphs[0]


def test_to_rdflib_default_graph_only_for_triple_formats() -> None:
    dataset = parse_bytes(VALID["turtle"], fmt="turtle", name="x").to_rdflib()
    assert len(dataset.default_graph) == 6
    assert [
        g for g in dataset.graphs() if len(g) and g.identifier != dataset.default_graph.identifier
    ] == []


# --- the sparql engine's loader: pyoxigraph may read N-Triples before the scan -------------

LATE_UNCLOSED = TRIPLE * 4 + f'<{EX}s> <{EX}p> "never closed .\n'.encode()
EARLIER = {
    "pyoxigraph refuses": f"<{EX}a b> <{EX}p> <{EX}o> .\n".encode(),  # a space in an IRI
    "the store would change": f'<{EX}s> <{EX}p> "1"^^<{XSD}int> .\n'.encode(),
    "a bidi control": f"<{EX}a\\u202Eb> <{EX}p> <{EX}o> .\n".encode(),
}


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
@pytest.mark.parametrize("earlier", sorted(EARLIER))
def test_the_loader_reports_the_scans_error_before_a_later_check(
    earlier: str, suffix: str, tmp_path: Path
) -> None:
    """Without `<<` or `--`, the loader scans N-Triples only when something refuses the
    file: the first error is still the scan's, as the gate reports it."""
    from svg_rdf.validation.stream_load import load_store

    path = tmp_path / f"doc{suffix}"
    path.write_bytes(EARLIER[earlier] + LATE_UNCLOSED)
    with pytest.raises(ParseError) as gate:
        parse_file(path)
    with pytest.raises(ParseError) as loader:
        load_store([path])
    assert str(loader.value) == str(gate.value)
    assert "string is not closed" in str(gate.value) and gate.value.line == 6


@pytest.mark.parametrize(
    "line",
    [
        b"<http://a> <http://b> <<( <http://a> <http://b> <http://c> )>> .\n",
        b'<http://a> <http://b> "x"@en--ltr .\n',
    ],
)
def test_the_loader_refuses_rdf12_n_triples_pyoxigraph_accepts(line: bytes, tmp_path: Path) -> None:
    from svg_rdf.validation.stream_load import load_store

    path = tmp_path / "doc.nt"
    path.write_bytes(TRIPLE + line)
    store = pyoxigraph.Store()
    store.bulk_load(line, format=pyoxigraph.RdfFormat.N_TRIPLES)  # pyoxigraph accepts it
    with pytest.raises(ParseError) as refused:
        load_store([path])
    assert "RDF 1.2" in str(refused.value) and refused.value.line == 2
