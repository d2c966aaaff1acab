"""Parsing gate, step 2 for JSON-LD: bound the chains of term definitions in a context.

A term defined by a compact IRI or another term (`"a": "b:x"`, `"b": "c:x"`, ...) is
expanded by expanding its prefix first. pyoxigraph's JSON-LD parser does that by
recursion, so a context of some thousands of chained terms (198 KB) overflows its stack
and the process dies with a segmentation fault, before any error can be reported. Real
contexts chain a few terms; a chain longer than `MAX_TERM_CHAIN` is refused here, with
the term it starts from. Cycles are left to pyoxigraph ("Cyclic IRI mapping").

Only the bytes of each `@context` value are decoded (scan.py found where it ends and
that it nests at most MAX_DEPTH levels), never the whole document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

MAX_TERM_CHAIN = 64
"""Longest chain of term definitions accepted (each term's IRI using the next term)."""

_IRI_KEYS = ("@id", "@reverse", "@type")


def longest_chain(context: bytes) -> tuple[int, str]:
    """The longest chain of term definitions in a JSON `@context` value, and the term it
    starts from; (0, "") when the bytes are not JSON (pyoxigraph reports that)."""
    try:
        value = json.loads(context)
    except ValueError:
        return 0, ""
    edges: dict[str, set[str]] = {}
    for term, target in _definitions(value):
        prefix = target.split(":", 1)[0] if ":" in target else target
        if prefix and not prefix.startswith("@") and not target.startswith(("//", "/")):
            edges.setdefault(term, set()).add(prefix)
    return _longest(edges)


MAPS = frozenset({"@index", "@language", "@id", "@type", "@graph"})
"""Containers whose JSON object is a map: its keys are indexes, languages, ids or types."""


def defined_terms(document: object) -> dict[str, frozenset[str]]:
    """Every term defined by a context anywhere in a parsed JSON-LD document (scoped
    contexts included), with the containers its definitions give it ("@json" for a term
    whose values are JSON literals)."""
    terms: dict[str, frozenset[str]] = {}
    pending: list[tuple[object, bool]] = [(document, False)]  # (value, is a context)
    while pending:
        item, is_context = pending.pop()
        if isinstance(item, list):
            pending.extend((entry, is_context) for entry in item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if is_context and not key.startswith("@"):
                    terms[key] = terms.get(key, frozenset()) | _containers(value)
                    if isinstance(value, dict) and "@context" in value:
                        pending.append((value["@context"], True))
                elif key == "@context":
                    pending.append((value, True))
                elif not is_context:
                    pending.append((value, False))
    return terms


def context_iris(document: object) -> Iterator[tuple[str, str]]:
    """(term, IRI) for every IRI a context in a parsed JSON-LD document maps a term to
    (`"t": "iri"`, `{"@id": ...}`, `@reverse`, `@type`) and for `@vocab` and `@base`,
    scoped contexts included; keywords and remote context URLs (never fetched) are not."""
    pending: list[object] = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key != "@context":
                    pending.append(value)
                    continue
                for term, target in _definitions(value):
                    if target.startswith("@") or (
                        term.startswith("@") and term not in ("@vocab", "@base")
                    ):
                        continue
                    yield term, target


def _containers(definition: object) -> frozenset[str]:
    """The term's containers, and "@json" when its values are JSON literals."""
    if not isinstance(definition, dict):
        return frozenset()
    container = definition.get("@container")
    values = container if isinstance(container, list) else [container]
    if definition.get("@type") == "@json":
        values = [*values, "@json"]
    return frozenset(value for value in values if isinstance(value, str))


def _definitions(value: object) -> Iterator[tuple[str, str]]:
    """(term, IRI or term it is defined by) for every term of every context in `value`,
    scoped contexts included; iterative, so the depth of `value` costs no stack."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        for term, definition in item.items():
            if term == "@context":
                pending.append(definition)
            elif isinstance(definition, str):
                yield term, definition
            elif isinstance(definition, dict):
                for key in _IRI_KEYS:
                    target = definition.get(key)
                    if isinstance(target, str):
                        yield term, target
                if "@context" in definition:
                    pending.append(definition["@context"])


def _longest(edges: dict[str, set[str]]) -> tuple[int, str]:
    """The longest path (in terms) through `edges`, ignoring edges that close a cycle."""
    length: dict[str, int] = {}
    best = (0, "")
    for start in sorted(edges):
        if start in length:
            continue
        on_path = {start}
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges[start])))]
        while stack:
            term, following = stack[-1]
            step = next(following, None)
            if step is None:
                stack.pop()
                on_path.discard(term)
                length[term] = 1 + max(
                    (length.get(n, 0) for n in edges.get(term, ()) if n not in on_path),
                    default=0,
                )
                continue
            if step in length or step in on_path or step not in edges:
                continue
            on_path.add(step)
            stack.append((step, iter(sorted(edges[step]))))
        best = max(best, (length[start], start), key=lambda pair: pair[0])
    return best
