"""Parsing gate, step 2: cheap token pre-scans run before pyoxigraph sees the bytes.

They refuse, with a line and column, what pyoxigraph must never be given or what it would
accept although svg-rdf cannot use it:

* nesting deeper than `MAX_DEPTH` (JSON `[`/`{`; Turtle/TriG `[`, `(`, `{`);
* JSON-LD `@context` / `@import` values that name a document (a string, or strings inside a
  context array): loading them would read a URL or a local file;
* RDF 1.2 syntax (`<<`, `{|`, `~`, `"x"@en--ltr`): rdflib cannot represent triple terms or
  base directions.

Each scan is one left-to-right pass of a compiled regular expression over the bytes (no
recursion, no decoding of the document, a constant amount of state besides a stack bounded
by `MAX_DEPTH`). Strings, IRIs and comments are matched as whole tokens, so brackets inside
them are not counted. A string or IRI that is never closed is refused here: the scan cannot
know where the document's structure resumes, and no valid document contains one.
"""

from __future__ import annotations

import json
import re

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse.encoding import position

MAX_DEPTH = 128
"""Deepest nesting the gate accepts, in every format (see docs/parsing.md for the reasons)."""

# Token pieces (bytes, compiled with DOTALL so an escape may be followed by any byte). Each
# string/IRI pattern matches every token the grammar allows (and some it does not, which
# pyoxigraph then rejects), and ends where the grammar's token ends.
_COMMENT = rb"\#[^\r\n]*"
_LONG_DQ = rb'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
_LONG_SQ = rb"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
_SHORT_DQ = rb'"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"'
_SHORT_SQ = rb"'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'"
_IRI = rb"<[^<>]*>"  # ends at the first '>', as IRIREF does; '<' cannot occur inside
_LANG = rb"@[A-Za-z][A-Za-z0-9-]*"  # also matches @prefix / @base, harmlessly

_TURTLE = re.compile(
    rb"(?P<skip>" + _COMMENT + rb"|" + _LONG_DQ + rb"|" + _LONG_SQ + rb")"
    rb"|(?P<unclosed_long>\"\"\"|''')"
    rb"|(?P<skip2>" + _SHORT_DQ + rb"|" + _SHORT_SQ + rb"|\\.)"
    rb"|(?P<rdf12><<|\{\||~)"
    rb"|(?P<skip3>" + _IRI + rb")"
    rb"|(?P<unclosed>[\"'<])"
    rb"|(?P<lang>" + _LANG + rb")"
    rb"|(?P<open>[\[({])"
    rb"|(?P<close>[\])}])",
    re.DOTALL,
)
_NTRIPLES = re.compile(
    rb"(?P<skip>" + _COMMENT + rb"|" + _SHORT_DQ + rb")"
    rb"|(?P<rdf12><<)"
    rb"|(?P<skip3>" + _IRI + rb")"
    rb"|(?P<unclosed>[\"<])"
    rb"|(?P<lang>" + _LANG + rb")",
    re.DOTALL,
)
_JSON = re.compile(
    rb'(?P<string>(?P<quoted>"[^"\\]*(?:\\.[^"\\]*)*")(?:\s*(?P<colon>:))?)'
    rb'|(?P<unclosed>")'
    rb"|(?P<open>[\[{])"
    rb"|(?P<close>[\]}])",
    re.DOTALL,
)
_RDF12_TOKENS: dict[bytes, str] = {
    b"<<": "the start of an RDF 1.2 triple term or reified triple",
    b"{|": "the start of an RDF 1.2 annotation",
    b"~": "an RDF 1.2 reifier",
}
_SKIPPED = frozenset({"skip", "skip2", "skip3"})
_CONTEXT_KEYS = frozenset({"@context", "@import"})
_NOT_FETCHED = "nothing is fetched and no other file is read"


def scan(data: bytes, fmt: str, name: str) -> None:
    """Raise ParseError if `data` (UTF-8, in gate format `fmt`) must not reach pyoxigraph."""
    if fmt == "jsonld":
        _scan_json(data, name)
    elif fmt in ("ntriples", "nquads"):
        _scan_rdf(data, name, _NTRIPLES)
    else:
        _scan_rdf(data, name, _TURTLE)


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


def _scan_rdf(data: bytes, name: str, tokens: re.Pattern[bytes]) -> None:
    depth = 0
    for match in tokens.finditer(data):
        kind = match.lastgroup
        if kind in _SKIPPED:
            continue
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(data, match.start(), name)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "lang":
            if b"--" in match.group():
                raise _rdf12(data, match, name, "an RDF 1.2 directional language tag")
        elif kind == "rdf12":
            raise _rdf12(data, match, name, _RDF12_TOKENS[match.group()])
        else:  # unclosed string or IRI
            what = "IRI" if match.group() == b"<" else "string literal"
            closer = ">" if what == "IRI" else match.group().decode()
            raise _error(
                data, match.start(), name, f"{what} is not closed", f"end it with {closer}"
            )


def _rdf12(data: bytes, match: re.Match[bytes], name: str, what: str) -> ParseError:
    token = match.group().decode("ascii", "replace")
    return _error(
        data,
        match.start(),
        name,
        f"'{token}' is {what}, which svg-rdf does not accept (rdflib cannot represent it)",
        "write RDF 1.1: rdf:Statement reification for statements about triples, "
        "plain language tags",
    )


def _scan_json(data: bytes, name: str) -> None:
    # One entry per open container: the keyword ("@context" / "@import") when it is an array
    # of context values, else "". Strings directly inside such an array name documents.
    stack: list[str] = []
    pending = ""  # the keyword whose value comes next, if the previous token was its key
    for match in _JSON.finditer(data):
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
            if len(stack) > MAX_DEPTH:
                raise _too_deep(data, match.start(), name)
        elif kind == "close":
            if stack:
                stack.pop()
        else:
            raise _error(data, match.start(), name, "JSON string is not closed", 'end it with "')
        pending = ""


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
        f"({_NOT_FETCHED})",
        f"inline the context as a JSON object under {key}",
    )
