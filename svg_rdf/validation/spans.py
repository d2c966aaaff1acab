"""Source re-verification: what SHACL cannot see, checked against the source texts.

Each source document's SHA-256 must match its file in the sources folder, and each
reference's span in that text must read exactly its oa:exact and its pr:P1683 quote (that
these two agree with each other is a SHACL-SPARQL constraint, svgsh:QuoteShape, which any
engine repeats). Every result names our own component, svgsh:SourceVerificationConstraintComponent,
and svgsh:SourceVerificationShape, both declared in output/shapes.ttl.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from svg_rdf.errors import SourceError
from svg_rdf.graph.oxbridge import from_ox_term
from svg_rdf.graph.vocab import OA, PR, PROV, SPDX
from svg_rdf.validation.shacl import Finding
from svg_rdf.validation.shapes import SOURCE_COMPONENT, SOURCE_SHAPE
from svg_rdf.validation.view import StoreView

SHAPE = str(SOURCE_SHAPE)


def _violation(
    focus: Node, message: str, path: Node | None = None, value: Node | None = None
) -> Finding:
    return Finding("violation", focus, path, value, message, SHAPE, SOURCE_COMPONENT)


def _short(text: str, limit: int = 60) -> str:
    flat = text.replace("\n", "\\n")
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def first_difference(one: str, other: str) -> int:
    """The first code point at which two different strings differ (the shorter one's length
    when it is a prefix of the other)."""
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )


def _character(text: str, at: int) -> str:
    return f"U+{ord(text[at]):04X} {text[at]!r}" if at < len(text) else "the end"


def _difference(actual: str, quote: str, what: str = "the quote") -> str:
    """Where the source text and a quote first differ, with a little context."""
    at = first_difference(actual, quote)
    left = max(0, at - 20)
    return (
        f"differs from {what} at code point {at} ({_character(actual, at)} in the source, "
        f"{_character(quote, at)} in {what}): the source reads "
        f'"{_short(actual[left : at + 20])}", {what} "{_short(quote[left : at + 20])}"'
    )


_SOURCES = """
SELECT ?node ?name ?expected WHERE {
    ?node <http://spdx.org/rdf/terms#checksum> ?checksum .
    ?checksum <http://spdx.org/rdf/terms#checksumValue> ?expected .
    ?node <http://purl.org/dc/terms/identifier> ?name .
}
"""
# One row per reference, pair of selectors and quote (pr:P1683; none: ?quote unbound);
# references without a complete pair are left to SHACL, which reports malformed
# selectors. One query with the quotes as an OPTIONAL group, read by column so that a
# row's reference becomes a Python term only for a finding: at 1M triples 0.8 s against
# 0.9 s for a second query of the quotes joined in a dict of terms in Python.
_SPANS = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?reference ?source ?start ?end ?exact ?quote WHERE {
    ?reference oa:hasSource ?source ; oa:hasSelector ?position , ?selector .
    ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    ?selector a oa:TextQuoteSelector ; oa:exact ?exact .
    OPTIONAL { ?reference <http://www.wikidata.org/prop/reference/P1683> ?quote }
}
"""


def _node(term: object) -> Node:
    node = from_ox_term(term)
    assert node is not None
    return node


def _texts(store: ox.Store, folder: Path) -> tuple[dict[object, tuple[str, str]], list[Finding]]:
    """The file name and text of every source node (by its pyoxigraph term) whose file is
    present and unchanged."""
    from svg_rdf.curation.datafile import read_utf8

    texts: dict[object, tuple[str, str]] = {}
    findings: list[Finding] = []
    rows = sorted(
        (str(row["node"]), row["node"], row["name"].value, row["expected"].value)
        for row in store.query(_SOURCES)  # type: ignore[union-attr]
    )
    for _, term, name, expected in rows:
        if term in texts:
            continue
        node = _node(term)
        path = folder / name
        if "/" in name or not path.is_file():
            findings.append(
                _violation(
                    node,
                    f"source file {name} is not in {folder}; pass --sources DIR with it",
                    DCTERMS.identifier,
                    Literal(name),
                )
            )
            continue
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            findings.append(
                _violation(
                    node,
                    f"source {name} changed: sha256 is {actual}, the data records {expected}",
                    SPDX.checksum,
                    Literal(expected),
                )
            )
            continue
        try:
            texts[term] = (name, read_utf8(path, str(path), error=SourceError))
        except SourceError as exc:
            findings.append(_violation(node, str(exc)))
    return texts, findings


def verify_sources(store: ox.Store, folder: Path) -> tuple[list[Finding], int]:
    """Findings for changed or missing sources and for spans that do not read their quotes
    (oa:exact and pr:P1683); and how many source documents were verified."""
    texts, findings = _texts(store, folder)
    view = StoreView(store)
    for row in store.query(_SPANS):  # type: ignore[union-attr]
        entry = texts.get(row[1])
        if entry is None:
            continue
        name, text = entry
        try:
            first, last = int(row[2].value), int(row[3].value)
        except ValueError:
            continue  # SHACL reports a span that is not an integer
        actual = text[first:last] if 0 <= first <= last <= len(text) else None
        exact, quote_term = row[4], row[5]
        if actual == exact.value and (quote_term is None or actual == quote_term.value):
            continue  # the common case, without building anything
        span = _Span(name, text, first, last, actual)
        findings += _mismatches(view, span, row[0], exact, quote_term)
    return findings, len(texts)


@dataclass(frozen=True)
class _Span:
    name: str
    text: str
    first: int
    last: int
    actual: str | None  # the text between first and last, None when outside it


def _mismatches(
    view: StoreView, span: _Span, term_of_reference: Any, exact: Any, quote_term: Any
) -> list[Finding]:
    """The findings of one span row: its oa:exact and its quote (if any) against the text."""
    name, text, first, last, actual = span.name, span.text, span.first, span.last, span.actual
    findings: list[Finding] = []
    compared = [(OA.exact, exact, "oa:exact")]
    if quote_term is not None:
        compared.append((PR.P1683, quote_term, "the quote pr:P1683"))
    for path, term, label in compared:
        quote = term.value
        if actual == quote:
            continue
        reference = _node(term_of_reference)
        if actual is None:
            what = f"span {first}-{last} is outside {name} ({len(text)} code points)"
        else:
            what = f"span {first}-{last} of {name} {_difference(actual, quote, label)}"
        statements = sorted(view.subjects(PROV.wasDerivedFrom, reference), key=str)
        for statement in statements or [reference]:
            findings.append(
                _violation(statement, f"{what} (reference {reference})", path, _node(term))
            )
        if actual is None:
            break
    return findings
