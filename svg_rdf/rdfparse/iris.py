"""Parsing gate, step 3: IRIs pyoxigraph accepts or drops although they are not IRIs.

* RFC 3987 (section 4.1) excludes the bidirectional formatting characters (U+200E, U+200F,
  U+202A-U+202E, U+2066-U+2069) from IRIs: an IRI holding U+202E can show as another IRI.
  pyoxigraph accepts them (raw or as a `\\u` escape), so the quads of a file whose bytes
  may hold one are looked at; a literal may hold them (right-to-left text), an IRI not.
* JSON-LD: where the JSON-LD algorithm meets a string that is not an IRI in an IRI's place
  (`"@id": "http://e.org/a b"`, a control character, `"<x>"`), it drops the node or the
  property, and pyoxigraph does so without a word: the check passed with 0 triples. The
  document is read before parsing, and a string in an `@id` or `@type` place, a property
  name that no context defines as a term, or an IRI a context maps a term to (or gives as
  `@vocab` or `@base`), holding a character no IRI can hold is refused, naming it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse.contexts import MAPS, context_iris, defined_terms
from svg_rdf.rdfparse.encoding import position

BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# raw UTF-8 of a bidi control, and a \u / \U escape of one (case-insensitive hex): two
# patterns, each starting with one literal byte, which the regex engine skips to (one
# pattern of both was 8 times slower on a 1M-triple file)
_RAW_BIDI = re.compile(rb"\xe2(?:\x80[\x8e\x8f\xaa-\xae]|\x81[\xa6-\xa9])")
_ESCAPED_BIDI = re.compile(rb"\\(?:u|U0000)20(?:0[eEfF]|2[a-eA-E]|6[6-9])")
_BIDI = re.compile(f"[{BIDI}]")
_NEVER_IN_IRI = re.compile(f'[\\x00-\\x20<>"{{}}|\\\\^`\\x7f{BIDI}]')


def may_hold_bidi(body: bytes) -> bool:
    """Whether the bytes may hold a bidi control (raw or escaped): a fast look (each
    pattern is searched only when its first byte occurs, which `in` finds at memchr speed)."""
    return (b"\xe2" in body and _RAW_BIDI.search(body) is not None) or (
        b"\\" in body and _ESCAPED_BIDI.search(body) is not None
    )


def refuse_bidi_iris(quads: Iterable[ox.Quad], name: str) -> Iterator[ox.Quad]:
    """`quads`, unchanged; raises ParseError at the first IRI holding a bidi control."""
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and _BIDI.search(term.value):
                raise ParseError(
                    f"error: IRI <{_shown(term.value)}> holds "
                    f"U+{ord(_BIDI.findall(term.value)[0]):04X}, a bidirectional control that "
                    "RFC 3987 excludes from IRIs (it can make one IRI look like another)",
                    path=name,
                    fix="remove it (or percent-encode it, if it belongs to the name)",
                )
        yield quad


def refuse_dropped_jsonld(body: bytes, name: str) -> None:
    """Raise ParseError when the JSON-LD document has, in an IRI's place, a string that
    cannot be an IRI (pyoxigraph would drop what it names without a word)."""
    try:
        document = json.loads(body)
    except ValueError:
        return  # pyoxigraph reports it, with its position
    for term, target in context_iris(document):
        if _NEVER_IN_IRI.search(target):
            what = (
                "@vocab"
                if term == "@vocab"
                else "@base"
                if term == "@base"
                else f'term "{_shown(term)}"'
            )
            raise _not_an_iri(name, f'the context\'s {what}, "{_shown(target)}",', target, body)
    terms = defined_terms(document)
    pending: list[tuple[object, bool]] = [(document, False)]  # (value, is a container map)
    while pending:
        item, is_map = pending.pop()
        if isinstance(item, list):
            pending.extend((entry, False) for entry in item)
            continue
        if not isinstance(item, dict) or "@value" in item:
            continue
        if is_map:  # keys are indexes, languages, ids or types: left to pyoxigraph
            pending.extend((value, False) for value in item.values())
            continue
        for key, value in item.items():
            if key == "@context":
                continue
            if key in ("@id", "@type"):
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and text not in terms and _NEVER_IN_IRI.search(text):
                        raise _not_an_iri(name, f'{key} "{_shown(text)}"', text, body)
                continue
            if not key.startswith("@") and key not in terms and _NEVER_IN_IRI.search(key):
                raise _not_an_iri(name, f'property "{_shown(key)}"', key, body)
            kinds = terms.get(key, frozenset())
            if "@json" not in kinds:  # a JSON literal's keys are data, not properties
                pending.append((value, bool(kinds & MAPS)))


def _shown(text: str) -> str:
    short = text if len(text) <= 120 else text[:119] + "…"
    return "".join(c if c.isprintable() and c not in BIDI else f"\\u{ord(c):04X}" for c in short)


def _not_an_iri(name: str, what: str, text: str, body: bytes) -> ParseError:
    match = _NEVER_IN_IRI.search(text)
    character = f"U+{ord(match.group()):04X}" if match else "a character"
    line, column = _locate(body, text)
    return ParseError(
        f"error: {what} is not an IRI: it holds {character}, which no IRI may hold "
        "(RFC 3987), and the data it names would be dropped",
        path=name,
        line=line,
        column=column,
        fix="percent-encode the character (a space as %20), or remove it",
    )


def _locate(body: bytes, text: str) -> tuple[int | None, int | None]:
    """Where the JSON string `text` first appears in the document, as written there (its
    usual spellings); (None, None) when it is spelled otherwise."""
    for spelling in (json.dumps(text, ensure_ascii=False), json.dumps(text)):
        offset = body.find(spelling.encode("utf-8"))
        if offset >= 0:
            return position(body, offset)
    return None, None
