"""Test helpers for statement, reference and value IRIs: which ones to ask for, and what
a right answer is, judged from the graph (not from the table the servers read).

A right answer to an RDF client is a document in which the node is a subject (its
description); to a browser, an entity page whose anchor names a statement of that entity
that is, or reaches, the node.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.term import Node

from svg_rdf.graph.vocab import OurNamespaces
from tests.site_support import site_files

OURS = OurNamespaces("https://w3id.org/svg-rdf/", "svg")
KINDS = ("statement", "reference", "value")
SAMPLES = (*KINDS, "selector")
INNER = tuple(f"{OURS.base}{kind}/" for kind in KINDS)


@functools.cache
def graph() -> Graph:
    return Graph().parse(data=site_files()["svg-rdf.nt"].data, format="nt")


def path_of(node: Node) -> str:
    return str(node)[len(OURS.base) :]


@functools.cache
def samples() -> dict[str, str]:
    """One node path per kind: a statement with a value node and a reference, a reference
    cited by statements of two entities, a value node used by two statements, and one of
    that reference's selectors."""
    g = graph()
    inner = INNER
    subject_of: dict[Node, Node] = {}
    for s, _, o in g:
        if str(s).startswith(str(OURS.entity)) and str(o).startswith(inner[0]):
            subject_of[o] = s
    cited: dict[Node, set[Node]] = defaultdict(set)
    used: dict[Node, set[Node]] = defaultdict(set)
    for s, _, o in g:
        if s in subject_of and isinstance(o, URIRef):
            if str(o).startswith(inner[1]):
                cited[o].add(subject_of[s])
            elif str(o).startswith(inner[2]):
                used[o].add(s)
    statement = min((s for s in subject_of if any(s in users for users in used.values())), key=str)
    reference = min((r for r, who in cited.items() if len(who) > 1), key=str)
    value = min((v for v, who in used.items() if len(who) > 1), key=str)
    selector = min(o for o in g.objects(reference) if str(o).startswith(INNER[1]))
    return {
        "statement": path_of(statement),
        "reference": path_of(reference),
        "value": path_of(value),
        "selector": path_of(selector),  # a reference's selector: reference/HASH-quote
    }


def describes(document: Graph, path: str) -> bool:
    """The document holds the node's description: every triple the graph has about it."""
    node = URIRef(OURS.base + path)
    mine = set(graph().triples((node, None, None)))
    return bool(mine) and mine <= set(document.triples((node, None, None)))


ANCHORED = re.compile(r"^(?:.*/)?site/entity/([a-z0-9][a-z0-9_-]*)\.html#s-([0-9a-f]+)$")


def lands_on_the_node(location: str, path: str) -> bool:
    """`location` is an entity page's statement anchor; the page has that anchor; the
    statement is the entity's and is, or reaches, the node."""
    match = ANCHORED.match(location)
    if match is None:
        return False
    slug, statement_hash = match[1], match[2]
    page = site_files()[f"site/entity/{slug}.html"].data.decode()
    if f'id="s-{statement_hash}"' not in page:
        return False
    g = graph()
    statement = OURS.statement[statement_hash]
    if (OURS.entity[slug], None, statement) not in g:
        return False
    reached = {statement}
    todo = [statement]
    while todo:
        for o in g.objects(todo.pop()):
            if isinstance(o, URIRef) and o not in reached and str(o).startswith(INNER):
                reached.add(o)
                todo.append(o)
    return URIRef(OURS.base + path) in reached


def entity_of(location: str) -> str | None:
    match = re.match(r"^(?:.*/)?site/entity/([a-z0-9][a-z0-9_-]*)\.(ttl|nt|jsonld)$", location)
    return match[1] if match else None
