"""What the `svg-rdf serve` front lets through: the Host it answers to, and SPARQL that
makes no outbound request.

Anything that can send a request to 127.0.0.1 (a web page in the user's browser
included) can reach the front, so:

- DNS rebinding: a page on `evil.example` whose name is made to resolve to 127.0.0.1 sends
  `Host: evil.example:PORT`. Only `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT` are
  answered, plus hosts the user names (`allowed_hosts`); anything else gets 421.
- Federation: SPARQL 1.1 `SERVICE <iri>` makes the Oxigraph server send a request to any
  address and returns its error text, a probe of hosts behind the firewall. A query
  with the keyword SERVICE is refused before it reaches Oxigraph, and so is every update
  (the endpoint is read-only; `LOAD <iri>` would fetch too).

The keyword is found the way a SPARQL lexer finds it (SPARQL 1.1 Query, section 19):
`\\u`/`\\U` escapes are decoded first (they are "processed before parsing"), then strings,
IRIs, comments and escaped characters of local names are skipped, and SERVICE counts
only as a word of its own: not a variable (`?service`), not part of a prefixed name
(`ex:service`, `service:x`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Tokens whose insides are no keywords, leftmost first (as a lexer reads them).
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*"
    r"|\\.",  # an escaped character of a local name (PN_LOCAL_ESC: \# \' ...)
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$])service(?![\w:])", re.IGNORECASE)
SPARQL_TYPES = ("application/sparql-query", "application/sparql-update")
FORM = "application/x-www-form-urlencoded"
_WITH_PORT = re.compile(r":[0-9]+$")


def allowed_host(header: str | None, port: int, extra: tuple[str, ...] = ()) -> bool:
    """Whether a request with this Host header is answered (RFC 9110: Host names the
    server the client meant; a missing one is refused, as HTTP/1.1 requires it)."""
    if header is None:
        return False
    host = header.strip().lower()
    names = {f"{name}:{port}" for name in LOCAL_HOSTS}
    for name in extra:  # "name" (on this port) or "name:port"
        name = name.strip().lower()
        names.add(name if _WITH_PORT.search(name) else f"{name}:{port}")
    return host in names


def _unescape(text: str) -> str:
    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(character, text)


def federates(query: str) -> bool:
    """Whether SPARQL text uses the keyword SERVICE (see the module's docstring)."""
    return _SERVICE.search(_SKIPPED.sub(" ", _unescape(query))) is not None


def refusal(query_string: str, content_type: str | None, body: bytes) -> str | None:
    """Why a request to the SPARQL endpoint is refused, or None: it is an update, or a
    query of it (in the URL, a form body or a SPARQL body) federates."""
    kind = (content_type or "").split(";")[0].strip().lower()
    texts: list[str] = []
    fields = parse_qs(query_string, keep_blank_values=True)
    if kind == FORM:
        for name, values in parse_qs(
            body.decode("utf-8", "replace"), keep_blank_values=True
        ).items():
            fields.setdefault(name, []).extend(values)
    if "update" in fields or kind == SPARQL_TYPES[1]:
        return "this endpoint is read-only: SPARQL updates are refused"
    texts.extend(fields.get("query", []))
    if kind != FORM and body:
        texts.append(body.decode("utf-8", "replace"))
    if any(federates(text) for text in texts):
        return (
            "SERVICE (a federated query) is refused: this endpoint makes no request to "
            "other servers; run the query without SERVICE"
        )
    return None
