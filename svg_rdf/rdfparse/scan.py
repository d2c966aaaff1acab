"""Parsing gate, step 2: cheap token pre-scans run before pyoxigraph sees the bytes.

They refuse, with a line and column, what pyoxigraph must never be given or what it would
accept although svg-rdf cannot use it:

* nesting deeper than `MAX_DEPTH` (JSON `[`/`{`; Turtle/TriG `[`, `(`, `{`);
* JSON-LD `@context` / `@import` values that name a document (a string, or strings inside a
  context array): loading them would read a URL or a local file;
* JSON-LD term definitions chained deeper than pyoxigraph's stack allows (contexts.py);
* RDF 1.2 syntax (`<<`, `{|`, `~`, `"x"@en--ltr`): rdflib cannot represent triple terms or
  base directions.

Each scan is one left-to-right pass over the bytes with compiled regular expressions: no
recursion, no decoding, no copy, and state bounded by `MAX_DEPTH`. Every match first skips a
possessive run of uninteresting text (strings, IRIs, comments, language tags, ordinary
characters) inside the regex engine and then stops at one token that matters (a bracket, an
RDF 1.2 token, a JSON key that may be a keyword, an unclosed string or IRI), so Python code
runs once per bracket, not once per byte. Brackets inside strings, IRIs and comments are
not counted. A string or IRI that is never closed is refused here: the scan cannot know where
the document's structure resumes, and no valid document contains one.

The string and IRI patterns match every token their grammar allows (and some it does not,
which pyoxigraph then rejects) and end where the grammar's token ends, so the scan sees the
document's structure exactly as far as the document is valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse.contexts import MAX_TERM_CHAIN, longest_chain
from svg_rdf.rdfparse.encoding import position

MAX_DEPTH = 128
"""Deepest nesting the gate accepts, in every format (see docs/parsing.md for the reasons)."""

# Pieces, for bytes compiled with DOTALL (an escape may be followed by any byte). Quantifiers
# are possessive: no token is ever re-scanned, which keeps every scan linear.
_COMMENT = rb"\#[^\r\n]*+"
_LONG_DQ = rb'"""[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+"""'
_LONG_SQ = rb"'''[^'\\]*+(?:(?:\\.|'(?!''))[^'\\]*+)*+'''"
_SHORT_DQ = rb'"[^"\\\r\n]*+(?:\\.[^"\\\r\n]*+)*+"'
_SHORT_SQ = rb"'[^'\\\r\n]*+(?:\\.[^'\\\r\n]*+)*+'"
_IRI = rb"<[^<>]*+>"  # ends at the first '>', as IRIREF does; '<' cannot occur inside
_LANG = rb"@[A-Za-z]++(?:-[A-Za-z0-9]++)*+(?![-A-Za-z0-9])"  # also @prefix, @base
_JSON_STRING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'

_TURTLE = re.compile(
    rb"(?:[^\"'<#\[\](){}\\@~]++|"
    + _COMMENT
    + rb"|"
    + _LONG_DQ
    + rb"|"
    + _LONG_SQ
    + rb"|(?!\"\"\")"
    + _SHORT_DQ
    + rb"|(?!''')"
    + _SHORT_SQ
    + rb"|"
    + _IRI
    + rb"|\\.|"
    + _LANG
    + rb")*+"
    rb"(?:(?P<rdf12><<|\{\||~)"
    rb"|(?P<open>[\[({])"
    rb"|(?P<close>[\])}])"
    rb"|(?P<unclosed>\"\"\"|'''|[\"'<])"
    rb"|(?P<lang>@[A-Za-z][A-Za-z0-9-]*+)"
    rb"|(?P<end>\Z)"
    rb"|(?P<other>.))",
    re.DOTALL,
)
_NTRIPLES = re.compile(
    rb"(?:[^\"<#@]++|" + _COMMENT + rb"|" + _SHORT_DQ + rb"|" + _IRI + rb"|" + _LANG + rb")*+"
    rb"(?:(?P<rdf12><<)"
    rb"|(?P<unclosed>[\"<])"
    rb"|(?P<lang>@[A-Za-z][A-Za-z0-9-]*+)"
    rb"|(?P<end>\Z)"
    rb"|(?P<other>.))",
    re.DOTALL,
)
# Skips ordinary text, strings without escapes other than "@context" / "@import", and any
# string that is not a key: what is left is a bracket or a key that may spell one of those
# two keywords ("@context", "\\u0040context").
_JSON = re.compile(
    rb'(?:[^"\[\]{}]++|"(?!@context"|@import")[^"\\]*+"|' + _JSON_STRING + rb"(?!\s*+:))*+"
    rb"(?:(?P<key>" + _JSON_STRING + rb")\s*+:"
    rb"|(?P<open>[\[{])"
    rb"|(?P<close>[\]}])"
    rb'|(?P<unclosed>")'
    rb"|(?P<end>\Z)"
    rb"|(?P<other>.))",
    re.DOTALL,
)
# Inside a @context / @import value every string matters: one token at a time.
_JSON_TOKEN = re.compile(
    rb"(?P<string>(?P<quoted>" + _JSON_STRING + rb")(?:\s*+(?P<colon>:))?)"
    rb'|(?P<unclosed>")'
    rb"|(?P<open>[\[{])"
    rb"|(?P<close>[\]}])",
    re.DOTALL,
)
_JSON_VALUE = re.compile(rb'\s*+(?:(?P<string>")|(?P<open>[\[{]))?')
_RDF12_TOKENS: dict[bytes, str] = {
    b"<<": "the start of an RDF 1.2 triple term or reified triple",
    b"{|": "the start of an RDF 1.2 annotation",
    b"~": "an RDF 1.2 reifier",
}
_CONTEXT_KEYS = frozenset({"@context", "@import"})


def scan(data: bytes, fmt: str, name: str) -> None:
    """Raise ParseError if `data` (UTF-8, in gate format `fmt`) must not reach pyoxigraph."""
    if fmt == "jsonld":
        _scan_json(data, name)
    elif fmt in ("ntriples", "nquads"):
        _scan_rdf(data, name, _NTRIPLES)
    else:
        _scan_rdf(data, name, _TURTLE)


def holds(data: bytes, needle: bytes) -> bool:
    """`needle in data`, faster on large data: its first byte is looked for at memchr
    speed, and only when it occurs the whole needle, by the regex engine's literal search
    (`in` takes half again as long for a needle of two bytes or more)."""
    return needle[:1] in data and re.compile(re.escape(needle)).search(data) is not None


def may_refuse_valid(data: bytes, fmt: str) -> bool:
    """Whether `scan` may refuse `data` although pyoxigraph would accept it: always, but
    for N-Triples or N-Quads holding neither `<<` nor `--`. There the scan can refuse only
    its RDF 1.2 tokens (a triple term, a language tag with a direction) and a string or IRI
    left open, which no valid document has: such a document may go to pyoxigraph first,
    when `scan` runs before any error is raised, so the scan's error still comes first."""
    if fmt not in ("ntriples", "nquads"):
        return True
    return holds(data, b"<<") or holds(data, b"--")


def _error(data: bytes, offset: int, name: str, message: str, fix: str) -> ParseError:
    line, column = position(data, offset)
    return ParseError(f"error: {message}", path=name, line=line, column=column, fix=fix)


def _too_deep(data: bytes, offset: int, name: str) -> ParseError:
    return _error(
        data,
        offset,
        name,
        f"nesting deeper than {MAX_DEPTH} levels",
        "flatten the structure (name the nested nodes) or split the document",
    )


def _unclosed(data: bytes, offset: int, name: str, token: bytes) -> ParseError:
    if token == b"<":
        return _error(data, offset, name, "IRI is not closed", "end it with >")
    return _error(data, offset, name, "string is not closed", f"end it with {token.decode()}")


def _scan_rdf(data: bytes, name: str, tokens: re.Pattern[bytes]) -> None:
    _walk(data, name, tokens, _rdf_token)


class Unfinished(Exception):
    """A part of a document ends inside a token that may go on in the next part, which
    starts at byte `offset` of the part."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def scan_part(data: bytes, fmt: str, name: str, *, depth: int, last: bool) -> int:
    """Scan `data`, one part of an N-Triples, N-Quads, Turtle or TriG document that starts
    at a line start where the nesting is `depth`, ends at a line end (or the document's
    end, when `last`) and is followed by the next part; return the depth at its end.

    Raises ParseError as `scan` does (the positions counted from the part's start), and
    Unfinished when the part ends inside a long string or an IRI (tokens that may cross
    a line end) and is not the `last`: scan it again with the next part appended.
    """

    def step(data: bytes, match: re.Match[bytes], pos: int, depth: int, name: str) -> int:
        if not last and match.group("unclosed") in (b'"""', b"'''", b"<"):
            raise Unfinished(match.start("unclosed"))
        return _rdf_token(data, match, pos, depth, name)

    if fmt == "jsonld":
        raise ValueError("a JSON-LD document is scanned whole")
    tokens = _NTRIPLES if fmt in ("ntriples", "nquads") else _TURTLE
    return _walk(data, name, tokens, step, depth)


def _walk(
    data: bytes,
    name: str,
    tokens: re.Pattern[bytes],
    step: Callable[[bytes, re.Match[bytes], int, int, str], int],
    depth: int = 0,
) -> int:
    """Match `tokens` from the start of `data` to its end, counting brackets from `depth`
    (ParseError past MAX_DEPTH); every other token goes to `step(data, match, pos, depth,
    name)`, which raises or says where the scan goes on. Returns the depth at the end."""
    pos = 0
    while True:
        match = tokens.match(data, pos)
        assert match is not None  # the last alternatives match any byte and the end
        pos = match.end()
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(data, match.start(kind), name)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "end":
            return depth
        else:
            pos = step(data, match, pos, depth, name)


def _rdf_token(data: bytes, match: re.Match[bytes], pos: int, depth: int, name: str) -> int:
    kind = match.lastgroup
    if kind == "lang":
        if b"--" in match.group(kind):
            raise _rdf12(data, match, name, "an RDF 1.2 directional language tag")
    elif kind == "rdf12":
        raise _rdf12(data, match, name, _RDF12_TOKENS[match.group(kind)])
    elif kind == "unclosed":
        raise _unclosed(data, match.start(kind), name, match.group(kind))
    return pos


def _rdf12(data: bytes, match: re.Match[bytes], name: str, what: str) -> ParseError:
    kind = match.lastgroup or ""
    token = match.group(kind).decode("ascii", "replace")
    return _error(
        data,
        match.start(kind),
        name,
        f"'{token}' is {what}, which svg-rdf does not accept (rdflib cannot represent it)",
        "write RDF 1.1: rdf:Statement reification for statements about triples, "
        "plain language tags",
    )


def _scan_json(data: bytes, name: str) -> None:
    _walk(data, name, _JSON, _json_token)


def _json_token(data: bytes, match: re.Match[bytes], pos: int, depth: int, name: str) -> int:
    kind = match.lastgroup
    if kind == "key":
        keyword = _keyword(data, match.start(kind), match.end(kind))
        if keyword in _CONTEXT_KEYS:
            end = _scan_context(data, pos, keyword, depth, name)
            if keyword == "@context":
                _bound_term_chains(data, pos, end, name)
            return end
    elif kind == "unclosed":
        raise _unclosed(data, match.start(kind), name, b'"')
    return pos


def _scan_context(data: bytes, start: int, keyword: str, depth: int, name: str) -> int:
    """Check the value of `keyword` (@context / @import) at `start`; return where it ends.

    A string names a document and is refused, and so is a string directly inside an array of
    contexts. Objects are inline contexts: their values are IRIs and term definitions, but
    their own @context / @import keys (scoped contexts) are checked the same way.
    """
    value = _JSON_VALUE.match(data, start)
    assert value is not None  # everything in the pattern is optional
    if value.lastgroup == "string":
        string = _JSON_TOKEN.match(data, value.start("string"))
        if string is None or string.lastgroup == "unclosed":
            raise _unclosed(data, value.start("string"), name, b'"')
        raise _remote_context(data, string, name, keyword)
    if value.lastgroup != "open":
        return value.end()  # null, a number, or an error pyoxigraph reports
    # One entry per open container: the keyword when it is an array of contexts, else "".
    stack: list[str] = []
    pending = keyword  # the keyword whose value comes next
    for match in _JSON_TOKEN.finditer(data, value.start("open")):
        kind = match.lastgroup
        if kind == "string":
            if match.start("colon") >= 0:  # an object key
                key = _keyword(data, match.start(), match.end("quoted"))
                pending = key if key in _CONTEXT_KEYS else ""
                continue
            keyword = pending or (stack[-1] if stack else "")
            if keyword:
                raise _remote_context(data, match, name, keyword)
        elif kind == "open":
            inherited = stack[-1] if stack else ""
            stack.append((pending or inherited) if match.group() == b"[" else "")
            if depth + len(stack) > MAX_DEPTH:
                raise _too_deep(data, match.start(), name)
        elif kind == "close":
            stack.pop()
            if not stack:
                return match.end()
        else:
            raise _unclosed(data, match.start(), name, b'"')
        pending = ""
    return len(data)


def _bound_term_chains(data: bytes, start: int, end: int, name: str) -> None:
    """Refuse a context whose term definitions chain past MAX_TERM_CHAIN (contexts.py)."""
    length, term = longest_chain(data[start:end])
    if length > MAX_TERM_CHAIN:
        shown = json.dumps(term if len(term) <= 80 else term[:80] + "...")
        raise _error(
            data,
            start + len(data[start:end]) - len(data[start:end].lstrip()),
            name,
            f"JSON-LD @context defines term {shown} through a chain of {length} terms, each "
            f"using the next; at most {MAX_TERM_CHAIN} are accepted",
            "define the terms with full IRIs",
        )


def _keyword(data: bytes, start: int, end: int) -> str:
    """The key data[start:end] decoded when it could be a JSON-LD keyword, else "".

    Keys longer than any escaped spelling of "@context" are neither decoded nor copied.
    """
    if end - start > 80:
        return ""
    raw = data[start:end]
    if b"@" not in raw and b"\\" not in raw:
        return ""
    try:
        value = json.loads(raw)
    except ValueError:  # a bad escape: pyoxigraph reports it
        return ""
    return value if isinstance(value, str) else ""


def _remote_context(data: bytes, match: re.Match[bytes], name: str, key: str) -> ParseError:
    try:
        target = json.loads(match.group("quoted"))
    except ValueError:
        target = match.group("quoted").decode("utf-8", "replace")
    shown = json.dumps(target if len(target) <= 200 else target[:200] + "...")
    return _error(
        data,
        match.start(),
        name,
        f"JSON-LD {key} {shown} refers to a document outside this file and is refused "
        "(nothing is fetched and no other file is read)",
        f"inline the context as a JSON object under {key}",
    )
