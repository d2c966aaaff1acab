"""Site: where each statement, reference and value IRI dereferences to (`site/nodes.tsv`).

Our statement, reference and value nodes have no page of their own: each one is described
by the document of the entity whose statement holds it (`site/entity/SLUG.ttl` and the
other formats carry the entity's statements with their qualifiers, references, selectors
and value nodes), and shown on that entity's page at the statement's anchor (`#s-HASH`).
A reference or value shared by several statements belongs to the first of them, by
entity slug and then statement IRI, so every server and rule set sends it to one place.

`nodes.tsv` is the one table `svg-rdf serve`, the nginx rules and the `.htaccess` read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from svg_rdf.site.rdf import Documents

NODE_KINDS = ("statement", "reference", "value")
# a node's path under the base IRI; the hash may carry a suffix (a reference's selectors)
NODE_PATH = re.compile(r"^(statement|reference|value)/[0-9a-f]{8,64}(-[a-z]+)?$")
HEADER = "node\tentity\tanchor"
MEDIA_TYPE = "text/tab-separated-values; charset=utf-8"


@dataclass(frozen=True)
class Anchor:
    """A node's path under the base IRI, the entity describing it, the statement anchor."""

    path: str  # e.g. "reference/5cb5…"
    slug: str  # the entity whose page and documents describe it
    fragment: str  # the statement's anchor on that page, e.g. "s-0013…"


def anchors(documents: Documents, slugs: Iterable[str]) -> tuple[Anchor, ...]:
    """Every statement, reference and value node reachable from the entities, sorted by
    path, with the entity (the first by slug) and statement that describe it."""
    ours = documents.ours
    base = ours.base
    statement = str(ours.statement)
    found: dict[str, Anchor] = {}
    for slug in sorted(slugs):
        subject = ox.NamedNode(str(ours.entity[slug]))
        held = sorted(
            {
                t.object.value
                for t in documents.by_subject.get(subject, [])
                if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(statement)
            }
        )
        for node in held:
            fragment = "s-" + node[len(statement) :]
            for inner in _inner_nodes(documents, ox.NamedNode(node)):
                path = inner[len(base) :]
                if path not in found and NODE_PATH.match(path):
                    found[path] = Anchor(path, slug, fragment)
    return tuple(found[path] for path in sorted(found))


def _inner_nodes(documents: Documents, start: ox.NamedNode) -> list[str]:
    """The IRIs of `start` and the statement, reference and value nodes its triples reach."""
    subjects = {t.subject for t in documents.closure([start])}
    return sorted(
        s.value
        for s in subjects
        if isinstance(s, ox.NamedNode) and s.value.startswith(documents.inner)
    )


def table(rows: Iterable[Anchor]) -> bytes:
    """`nodes.tsv`: a header, then one `path<TAB>slug<TAB>anchor` line per node, sorted."""
    lines = [HEADER, *(f"{a.path}\t{a.slug}\t{a.fragment}" for a in sorted(rows, key=_key))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_table(data: bytes) -> Mapping[str, Anchor]:
    """The rows of a `nodes.tsv` by path (lines not of its form are skipped)."""
    rows: dict[str, Anchor] = {}
    for line in data.decode("utf-8", errors="replace").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 3 and NODE_PATH.match(fields[0]):
            rows[fields[0]] = Anchor(*fields)
    return rows


def _key(anchor: Anchor) -> str:
    return anchor.path
