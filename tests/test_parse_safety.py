"""The parsing gate never reaches outside its input and survives hostile nesting.

A sentinel HTTP server on 127.0.0.1 records every request it receives; documents point their
contexts and imports at it, and its log must stay empty.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph
import pytest

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse import MAX_DEPTH, parse_bytes, parse_file
from svg_rdf.rdfparse import gate as gate_module
from svg_rdf.rdfparse.load import load_files

ROOT = Path(__file__).resolve().parents[1]
CONTEXT = b'{"@context": {"name": "http://xmlns.com/foaf/0.1/name"}}'


@dataclass
class Sentinel:
    """A local HTTP server that serves a valid JSON-LD context and logs every request."""

    base: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def sentinel() -> Iterator[Sentinel]:
    log: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            log.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(CONTEXT)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(CONTEXT)

        do_GET = do_POST = do_HEAD = _record

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean; requests are recorded in `log`

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield Sentinel(f"http://127.0.0.1:{server.server_address[1]}", log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def refused(data: bytes, fmt: str = "jsonld", name: str = "doc.jsonld") -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, fmt=fmt, name=name)
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return caught.value


def test_sentinel_records_requests(sentinel: Sentinel) -> None:
    """The sentinel would notice a fetch: a direct request is logged."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(sentinel.base + "/probe.jsonld", timeout=5) as response:
        assert json.loads(response.read()) == json.loads(CONTEXT)
    assert sentinel.requests == ["GET /probe.jsonld"]


# --- JSON-LD contexts and imports ------------------------------------------------------------

REMOTE_SHAPES = {
    "context string": '{"@context": "URL", "@id": "http://a", "name": "x"}',
    "context array": '{"@context": [{"ex": "http://e/"}, "URL"], "@id": "http://a"}',
    "nested array": '{"@context": [["URL"]], "@id": "http://a"}',
    "import": '{"@context": {"@import": "URL", "ex": "http://e/"}, "@id": "http://a"}',
    "scoped": '{"@context": {"t": {"@id": "http://e/t", "@context": "URL"}}, "t": {"@id": "x"}}',
    "type scoped": '{"@context": {"T": {"@id": "http://e/T", "@context": ["URL"]}}, "@type": "T"}',
    "unused scoped": '{"@context": {"t": {"@id": "http://e/t", "@context": "URL"}}, "@id": "x"}',
    "in graph": '{"@graph": [{"@id": "http://a"}, {"@context": "URL", "@id": "http://b"}]}',
    "escaped key": '{"\\u0040context": "URL", "@id": "http://a"}',
    "top array": '[{"@id": "http://a"}, {"@context": "URL"}]',
    "spaced": '{"@context"  \r\n :\t "URL", "@id": "http://a"}',
}


@pytest.mark.parametrize("shape", sorted(REMOTE_SHAPES))
@pytest.mark.parametrize("kind", ["http", "file", "relative"])
def test_context_documents_are_refused_and_not_fetched(
    sentinel: Sentinel, shape: str, kind: str
) -> None:
    url = {
        "http": sentinel.base + "/ctx.jsonld",
        "file": "file:///etc/passwd",
        "relative": "ctx.jsonld",
    }[kind]
    error = refused(REMOTE_SHAPES[shape].replace("URL", url).encode())
    assert json.dumps(url) in str(error)
    assert error.line is not None and error.column is not None
    assert str(error).startswith(f"doc.jsonld:{error.line}:{error.column}: error: JSON-LD @")
    assert "nothing is fetched" in str(error)
    assert sentinel.requests == []


def test_refusal_points_at_the_url() -> None:
    data = b'{\n  "@id": "http://a",\n  "@context": "https://example.org/ctx"\n}'
    error = refused(data)
    assert (error.line, error.column) == (3, 15)
    assert str(error) == (
        'doc.jsonld:3:15: error: JSON-LD @context "https://example.org/ctx" refers to a document '
        "outside this file and is refused (nothing is fetched and no other file is read); "
        "inline the context as a JSON object under @context"
    )


def test_context_file_next_to_the_input_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "ctx.jsonld").write_bytes(CONTEXT)
    document = tmp_path / "doc.jsonld"
    document.write_bytes(b'{"@context": "ctx.jsonld", "@id": "http://a", "name": "x"}')
    with pytest.raises(
        ParseError, match=r'doc\.jsonld:1:14: error: JSON-LD @context "ctx\.jsonld"'
    ):
        parse_file(document)
    uri = (tmp_path / "ctx.jsonld").as_uri()
    document.write_bytes(b'{"@context": {"@import": "%s"}, "@id": "http://a"}' % uri.encode())
    with pytest.raises(ParseError, match=f"JSON-LD @import {json.dumps(uri)}"):
        parse_file(document)


@pytest.mark.parametrize(
    "context",
    [
        "null",
        "{}",
        '{"name": "http://xmlns.com/foaf/0.1/name", "@vocab": "http://e/"}',
        '[null, {"name": {"@id": "http://e/name", "@context": {"@language": "en"}}}]',
        '{"@base": "http://e/", "@version": 1.1, "t": {"@id": "http://e/t", "@context": null}}',
    ],
)
def test_inline_contexts_are_accepted(sentinel: Sentinel, context: str) -> None:
    data = f'{{"@context": {context}, "@id": "http://a", "http://e/p": "@context"}}'.encode()
    parsed = parse_bytes(data, fmt="jsonld", name="x")
    assert parsed.quads
    assert sentinel.requests == []


def test_context_string_in_a_json_literal_is_refused_too() -> None:
    """Known, documented false positive: the pre-scan cannot see term types."""
    data = (
        b'{"@context": {"ex:j": {"@type": "@json"}}, "@id": "http://a",'
        b' "ex:j": {"@context": "not:a:context"}}'
    )
    assert '"not:a:context"' in str(refused(data))


def test_pyoxigraph_itself_has_no_document_loader(sentinel: Sentinel) -> None:
    """Backstop: even without the pre-scan, pyoxigraph refuses to load any context."""
    data = f'{{"@context": "{sentinel.base}/ctx.jsonld", "@id": "http://a", "name": "x"}}'
    with pytest.raises(SyntaxError, match="No LoadDocumentCallback"):
        list(pyoxigraph.parse(data.encode(), pyoxigraph.RdfFormat.JSON_LD))
    assert sentinel.requests == []


def test_gate_translates_the_backstop_refusal(
    sentinel: Sentinel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gate_module, "scan", lambda data, fmt, name: None)
    data = f'{{"@context": "{sentinel.base}/ctx.jsonld", "@id": "http://a"}}'.encode()
    error = refused(data)
    assert str(error) == (
        "doc.jsonld: error: JSON-LD: No LoadDocumentCallback has been set to load remote "
        "contexts; inline the context as a JSON object (nothing is fetched)"
    )
    assert sentinel.requests == []


# --- owl:imports is just a triple ------------------------------------------------------------


def test_owl_imports_is_not_followed(sentinel: Sentinel, tmp_path: Path) -> None:
    turtle = tmp_path / "onto.ttl"
    turtle.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<http://e/onto> a owl:Ontology ; owl:imports <{sentinel.base}/other.ttl> .\n",
        encoding="utf-8",
    )
    parsed = parse_file(turtle)
    assert len(parsed.quads) == 2
    graph = parsed.to_rdflib().default_graph
    assert len(graph) == 2
    jsonld = tmp_path / "onto.jsonld"
    jsonld.write_text(
        json.dumps(
            {
                "@id": "http://e/onto",
                "http://www.w3.org/2002/07/owl#imports": {"@id": f"{sentinel.base}/other.ttl"},
            }
        ),
        encoding="utf-8",
    )
    assert len(parse_file(jsonld).quads) == 1
    assert sentinel.requests == []


# --- nesting ---------------------------------------------------------------------------------


def _json_arrays(depth: int) -> bytes:
    return b'{"@id": "http://a", "http://b": ' + b"[" * depth + b'"x"' + b"]" * depth + b"}"


def _json_objects(depth: int) -> bytes:  # the shape that crashes pyoxigraph (SIGSEGV)
    inner = b'{"http://b": ' * depth + b'"x"' + b"}" * depth
    return b'{"@id": "http://a", "http://b": ' + inner + b"}"


def _json_contexts(depth: int) -> bytes:
    nested = b'{"t": {"@id": "http://e/t", "@context": ' * depth + b"{}" + b"}}" * depth
    return b'{"@context": ' + nested + b', "@id": "http://a"}'


def _turtle_blank_nodes(depth: int) -> bytes:
    return b"@prefix : <http://e/> .\n:s :p " + b"[ :p " * depth + b":o" + b" ]" * depth + b" .\n"


def _turtle_lists(depth: int) -> bytes:
    return b"@prefix : <http://e/> .\n:s :p " + b"( " * depth + b":o" + b" )" * depth + b" .\n"


def _trig_mixed(depth: int) -> bytes:
    half = depth // 2
    return b"<http://g> { <http://s> <http://p> " + b"[ <http://p> ( " * half + b"<http://o>"


DEEP = {
    "json arrays": (_json_arrays, "jsonld"),
    "json objects": (_json_objects, "jsonld"),
    "json contexts": (_json_contexts, "jsonld"),
    "json unclosed": (lambda n: b"[" * n, "jsonld"),
    "turtle blank nodes": (_turtle_blank_nodes, "turtle"),
    "turtle lists": (_turtle_lists, "turtle"),
    "turtle unclosed": (lambda n: b"<http://s> <http://p> " + b"( " * n, "turtle"),
    "trig unclosed": (_trig_mixed, "trig"),
}


@pytest.mark.parametrize("depth", [5_000, 100_000])
@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_is_refused_cleanly(shape: str, depth: int) -> None:
    build, fmt = DEEP[shape]
    error = refused(build(depth), fmt=fmt, name="deep")
    assert f"error: nesting deeper than {MAX_DEPTH} levels; " in str(error)
    assert error.line is not None and error.column is not None


@pytest.mark.parametrize(
    ("build", "fmt"),
    [
        (_json_objects, "jsonld"),
        (_json_arrays, "jsonld"),
        (_turtle_blank_nodes, "turtle"),
        (_turtle_lists, "turtle"),
    ],
)
def test_nesting_up_to_the_limit_is_accepted(build: object, fmt: str) -> None:
    assert callable(build)
    outer = 1 if fmt == "jsonld" else 0  # the JSON-LD wrapper object is one level
    assert parse_bytes(build(MAX_DEPTH - outer), fmt=fmt, name="x").quads
    with pytest.raises(ParseError, match="nesting deeper"):
        parse_bytes(build(MAX_DEPTH - outer + 1), fmt=fmt, name="x")


def test_brackets_in_strings_iris_and_comments_are_not_counted() -> None:
    many = "[" * 10_000 + "(" * 10_000 + "{" * 10_000
    turtle = (
        f'# {many}\n<http://s> <http://p> "{many}", """{many}\n{many}""", \'{many}\', '
        f"'''{many}''', <http://e/x?q=%5B{'%5B' * 1000}> .\n"
    ).encode()
    assert len(parse_bytes(turtle, fmt="turtle", name="x").quads) == 5
    jsonld = json.dumps({"@id": "http://a", "http://b": [many, f'\\"{many}"']}).encode()
    assert len(parse_bytes(jsonld, fmt="jsonld", name="x").quads) == 2


@pytest.mark.parametrize(
    ("data", "fmt", "column", "what"),
    [
        (
            b'<http://s> <http://p> """never closed [[[ .',
            "turtle",
            23,
            'string is not closed; end it with """',
        ),
        (b"<http://s> <http://p> 'open .", "turtle", 23, "string is not closed; end it with '"),
        (b"<http://s> <http://p> <http://o .", "nquads", 23, "IRI is not closed; end it with >"),
        (
            b'{"@id": "http://a", "http://b": "x',
            "jsonld",
            33,
            'string is not closed; end it with "',
        ),
        (b'{"@context": {"@import": "x', "jsonld", 26, 'string is not closed; end it with "'),
    ],
)
def test_unclosed_tokens_are_refused_where_they_start(
    data: bytes, fmt: str, column: int, what: str
) -> None:
    error = refused(data, fmt=fmt, name="x")
    assert str(error).startswith(f"x:1:{column}: error: {what}")


def test_parsing_at_the_limit_needs_little_native_stack() -> None:
    """pyoxigraph's JSON-LD parser recurses natively; at MAX_DEPTH it fits a 1 MiB thread.

    Run in a child process: if this ever crashes (SIGSEGV), the test fails instead of pytest.
    """
    script = textwrap.dedent(
        """
        import sys, threading
        sys.path.insert(0, sys.argv[1])
        from svg_rdf.rdfparse import MAX_DEPTH, parse_bytes
        n = MAX_DEPTH
        docs = [
            b'{"@id":"http://a","http://b":' + b'{"http://b":' * (n - 2)
            + b'{"@id":"http://z"}' + b'}' * (n - 2) + b'}',
            b'{"@context":' + b'{"a":{"@id":"http://a","@context":' * ((n - 2) // 2) + b'{}'
            + b'}}' * ((n - 2) // 2) + b', "@id":"http://a","http://b":"x"}',
            b'{"@id":"http://a","http://b":' + b'{"@list":[' * ((n - 1) // 2) + b'1'
            + b']}' * ((n - 1) // 2) + b'}',
        ]
        def run():
            for doc in docs:
                parse_bytes(doc, fmt="jsonld", name="x")
            print("ok")
        threading.stack_size(1 << 20)
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


# --- the pre-scans stay linear on adversarial input ------------------------------------------

ADVERSARIAL = {
    "turtle": [
        b'"""\\' * 300_000,
        b"<a" * 300_000,
        b'"\\"' * 300_000,
        b"@en-" * 300_000,
        b"'''\\'" * 300_000,
        b"\\" * 1_000_000,
        b"#" * 1_000_000,
        b"[]" * 500_000,
    ],
    "ntriples": [b'"\\"' * 300_000, b"<" * 1_000_000, b"@a--" * 300_000],
    "jsonld": [
        b'"\\' * 500_000,
        b'{"@context":' * 1 + b'["\\"' * 300_000,
        b'{"a":' * 1 + b'"x":' * 300_000,
        b"[]" * 500_000,
        b'"@context"' * 300_000,
    ],
}


@pytest.mark.parametrize(
    ("fmt", "index"), [(fmt, i) for fmt, docs in ADVERSARIAL.items() for i in range(len(docs))]
)
def test_adversarial_inputs_finish_quickly(fmt: str, index: int) -> None:
    data = ADVERSARIAL[fmt][index]
    started = time.perf_counter()
    try:
        parse_bytes(data, fmt=fmt, name="x")
    except ParseError as error:
        assert "\n" not in str(error)
    # About a megabyte each: linear work takes milliseconds, quadratic work would take hours.
    assert time.perf_counter() - started < 10


def _chained_context(terms: int, *, scoped: bool = False) -> bytes:
    """A context whose term i is defined through term i + 1 (issue 24, item 4)."""
    context: dict[str, object] = {f"t{i}": f"t{i + 1}:x" for i in range(terms)}
    context[f"t{terms}"] = "http://example.org/"
    if scoped:
        context = {"s": {"@id": "http://example.org/s", "@context": context}}
    return json.dumps({"@context": context, "@id": "http://example.org/a", "t0": "v"}).encode()


@pytest.mark.parametrize("scoped", [False, True], ids=["top", "scoped"])
def test_a_chain_of_term_definitions_is_refused_before_it_crashes(scoped: bool) -> None:
    """10,000 chained terms (198 KB) made pyoxigraph overflow its stack: exit 139, no word.
    In a child process, so that a crash fails this test instead of ending the run."""
    code = textwrap.dedent(
        f"""
        import sys
        from svg_rdf.errors import ParseError
        from svg_rdf.rdfparse import parse_bytes
        from tests.test_parse_safety import _chained_context
        try:
            parse_bytes(_chained_context(10_000, scoped={scoped}), fmt="jsonld", name="c.jsonld")
        except ParseError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("c.jsonld:1:")
    assert "chain of 10001 terms" in result.stdout and "full IRIs" in result.stdout


def test_short_chains_and_cycles_are_left_to_the_parser() -> None:
    from svg_rdf.rdfparse.contexts import MAX_TERM_CHAIN

    assert parse_bytes(_chained_context(MAX_TERM_CHAIN - 1), fmt="jsonld", name="x").quads
    with pytest.raises(ParseError, match="through a chain of"):
        parse_bytes(_chained_context(MAX_TERM_CHAIN), fmt="jsonld", name="x")
    cyclic = b'{"@context": {"a": "b:x", "b": "a:x"}, "@id": "http://e.org/s", "a": "v"}'
    with pytest.raises(ParseError, match=r"(?i)cyclic"):
        parse_bytes(cyclic, fmt="jsonld", name="x")


# Strings that are no IRIs in an IRI's place (issue 24, item 5) ----------------------------

DROPPED = [
    ('{"@id": "http://e.org/a b", "http://e.org/p": "v"}', '@id "http://e.org/a b"', "U+0020"),
    ('{"@id": "http://e.org/a\\u0001", "http://e.org/p": "v"}', "@id ", "U+0001"),
    ('{"@id": "<x>", "http://e.org/p": "v"}', '@id "<x>"', "U+003C"),
    ('{"@id": "http://e.org/s", "http://e.org/p b": "v"}', 'property "http://e.org/p b"', "U+0020"),
    (
        '{"@id": "http://e.org/s", "http://e.org/p": [{"@id": "http://e.org/o o"}]}',
        '@id "http://e.org/o o"',
        "U+0020",
    ),
    (
        '{"@id": "http://e.org/s", "@type": "http://e.org/T T"}',
        '@type "http://e.org/T T"',
        "U+0020",
    ),
    # what a context maps a term to, or gives as @vocab (review of item 5)
    (
        '{"@context": {"n": {"@id": "http://e.org/a b"}}, "@id": "http://e.org/s", "n": "v"}',
        'the context\'s term "n", "http://e.org/a b", is not an IRI',
        "U+0020",
    ),
    (
        '{"@context": {"n": "http://e.org/a\\u0020b"}, "@id": "http://e.org/s", "n": "v"}',
        'the context\'s term "n", "http://e.org/a b"',
        "U+0020",
    ),
    (
        '{"@context": {"@vocab": "http://e.org/v v#"}, "@id": "http://e.org/s", "n": "v"}',
        'the context\'s @vocab, "http://e.org/v v#"',
        "U+0020",
    ),
    (
        '{"@context": {"n": {"@reverse": "http://e.org/r>"}}, "@id": "http://e.org/s",'
        ' "n": {"@id": "http://e.org/o"}}',
        'the context\'s term "n", "http://e.org/r>"',
        "U+003E",
    ),
    (
        '{"@context": {"p": {"@id": "http://e.org/p", "@context": {"q": "http://e.org/q q"}}},'
        ' "@id": "http://e.org/s", "p": {"q": "v"}}',
        'the context\'s term "q", "http://e.org/q q"',
        "U+0020",
    ),
]


@pytest.mark.parametrize(("document", "named", "character"), DROPPED)
def test_what_json_ld_would_drop_is_refused_naming_it(
    document: str, named: str, character: str
) -> None:
    assert pyoxigraph.parse(document.encode(), format=pyoxigraph.RdfFormat.JSON_LD) is not None
    error = refused(document.encode(), fmt="jsonld", name="d.jsonld")
    assert named in str(error) and f"holds {character}" in str(error)
    assert str(error).endswith("; percent-encode the character (a space as %20), or remove it")


def test_terms_maps_and_json_literals_are_no_iris_to_check() -> None:
    document = {
        "@context": {
            "@version": 1.1,
            "@language": "en",
            "@vocab": "http://e.org/vocab#",
            "first name": "http://e.org/firstName",
            "labels": {"@id": "http://e.org/label", "@container": "@language"},
            "data": {"@id": "http://e.org/data", "@type": "@json"},
        },
        "@id": "http://e.org/s",
        "first name": "Ada",
        "labels": {"en": "x", "de-CH": "y"},
        "data": {"any key at all": 1},
    }
    parsed = parse_bytes(json.dumps(document).encode(), fmt="jsonld", name="x")
    assert len(parsed.quads) == 4


@pytest.mark.parametrize(
    "data",
    [
        "<http://e.org/a\u202eb> <http://e.org/p> <http://e.org/o> .\n".encode(),
        b"<http://e.org/a\\u202Eb> <http://e.org/p> <http://e.org/o> .\n",
        b"<http://e.org/a> <http://e.org/p> <http://e.org/o\\U0000202e> .\n",
    ],
    ids=["raw", "escaped", "long escape"],
)
@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_a_bidi_control_in_an_iri_is_refused(data: bytes, fmt: str, tmp_path: Path) -> None:
    """RFC 3987 excludes bidi controls from IRIs; pyoxigraph accepted U+202E."""
    error = refused(data, fmt=fmt, name="b")
    assert "holds U+202E, a bidirectional control that RFC 3987 excludes" in str(error)
    path = tmp_path / ("b.ttl" if fmt == "turtle" else "b.nt")
    path.write_bytes(data)
    with pytest.raises(ParseError, match="bidirectional control"):
        load_files([path])


def test_a_bidi_control_in_a_literal_is_text() -> None:
    hebrew = "\u05e9\u05dc\u05d5\u05dd"  # right-to-left text, embedded as such
    data = f'<http://e.org/a> <http://e.org/p> "\u202b{hebrew}\u202c" .\n'.encode()
    assert len(parse_bytes(data, fmt="turtle", name="x").quads) == 1
