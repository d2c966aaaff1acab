"""JSON-LD export: compact JSON-LD with the context inline, arrays in canonical order.

The same context is shipped as `context.jsonld` beside the data for readers who write
their own documents; the data embeds it so no reader ever needs the network.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

MEDIA_TYPE = "application/ld+json"
CONTEXT_FILE = "context.jsonld"


def context(prefixes: dict[str, str]) -> dict[str, Any]:
    """The JSON-LD context: every prefix of the contract, in sorted order."""
    return {prefix: prefixes[prefix] for prefix in sorted(prefixes)}


def _canonical(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _canonical(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_canonical(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return node


def dumps(document: Any) -> bytes:
    """Stable JSON text: sorted keys, two-space indent, UTF-8, final newline."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def serialize(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """Compact JSON-LD bytes whose order does not depend on the hash seed."""
    ctx = context(prefixes)
    text = graph.serialize(format="json-ld", context=ctx, auto_compact=True, indent=None)
    document = json.loads(text)
    if "@graph" not in document:
        body = {k: v for k, v in document.items() if k != "@context"}
        document = {"@context": ctx, "@graph": [body] if body else []}
    document["@context"] = ctx
    document["@graph"] = _canonical(document["@graph"])
    return dumps(document)


def serialize_context(prefixes: dict[str, str]) -> bytes:
    return dumps({"@context": context(prefixes)})
