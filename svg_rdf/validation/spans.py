"""Source re-verification: what SHACL cannot see, checked against the source texts.

Each source document's SHA-256 must match its file in the sources folder, and each
reference's span in that text must read exactly its oa:exact and its pr:P1683 quote (that
these two agree with each other is a SHACL-SPARQL constraint, svgsh:QuoteShape, which any
engine repeats). Every result names our own component, svgsh:SourceVerificationConstraintComponent,
and svgsh:SourceVerificationShape, both declared in output/shapes.ttl.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from svg_rdf.errors import SourceError
from svg_rdf.graph.vocab import OA, PR, PROV, SPDX
from svg_rdf.validation.shacl import Finding
from svg_rdf.validation.shapes import SOURCE_COMPONENT, SOURCE_SHAPE

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


def _texts(graph: Graph, folder: Path) -> tuple[dict[Node, str], list[Finding]]:
    """The text of every source node whose file is present and unchanged."""
    from svg_rdf.curation.datafile import read_utf8

    texts: dict[Node, str] = {}
    findings: list[Finding] = []
    for node in sorted(graph.subjects(SPDX.checksum, None, unique=True), key=str):
        name = graph.value(node, DCTERMS.identifier)
        expected = graph.value(graph.value(node, SPDX.checksum), SPDX.checksumValue)
        if name is None or expected is None:
            continue  # SHACL reports the missing identifier or checksum
        path = folder / str(name)
        if "/" in str(name) or not path.is_file():
            findings.append(
                _violation(
                    node,
                    f"source file {name} is not in {folder}; pass --sources DIR with it",
                    DCTERMS.identifier,
                    Literal(str(name)),
                )
            )
            continue
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != str(expected):
            findings.append(
                _violation(
                    node,
                    f"source {name} changed: sha256 is {actual}, the data records {expected}",
                    SPDX.checksum,
                    Literal(str(expected)),
                )
            )
            continue
        try:
            texts[node] = read_utf8(path, str(path), error=SourceError)
        except SourceError as exc:
            findings.append(_violation(node, str(exc)))
    return texts, findings


def verify_sources(graph: Graph, folder: Path) -> tuple[list[Finding], int]:
    """Findings for changed or missing sources and for spans that do not read their quote;
    and how many source documents were verified."""
    texts, findings = _texts(graph, folder)
    for reference in sorted(graph.subjects(OA.hasSource, None, unique=True), key=str):
        source = graph.value(reference, OA.hasSource)
        if source not in texts:
            continue
        text = texts[source]
        name = graph.value(source, DCTERMS.identifier)
        statements = sorted(graph.subjects(PROV.wasDerivedFrom, reference), key=str) or [reference]
        for selector in sorted(graph.objects(reference, OA.hasSelector), key=str):
            if (selector, RDF.type, OA.TextPositionSelector) not in graph:
                continue
            start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
            exact = next(
                (
                    graph.value(q, OA.exact)
                    for q in graph.objects(reference, OA.hasSelector)
                    if (q, RDF.type, OA.TextQuoteSelector) in graph
                ),
                None,
            )
            if not isinstance(start, Literal) or not isinstance(end, Literal) or exact is None:
                continue  # SHACL reports malformed selectors
            try:
                first, last = int(start), int(end)
            except (TypeError, ValueError):
                continue
            actual = text[first:last] if 0 <= first <= last <= len(text) else None
            quote = graph.value(reference, PR.P1683)
            compared = [(OA.exact, exact, "oa:exact")]
            if quote is not None:
                compared.append((PR.P1683, quote, "the quote pr:P1683"))
            for path, value, label in compared:
                if actual == str(value):
                    continue
                if actual is None:
                    what = f"span {first}-{last} is outside {name} ({len(text)} code points)"
                else:
                    what = f"span {first}-{last} of {name} {_difference(actual, str(value), label)}"
                for statement in statements:
                    findings.append(
                        _violation(statement, f"{what} (reference {reference})", path, value)
                    )
                if actual is None:
                    break
    return findings, len(texts)
