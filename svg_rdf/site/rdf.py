"""Site: the machine documents beside each page (Turtle, N-Triples, JSON-LD) and schema.org.

An entity's document holds the entity's triples, its statements with their value nodes,
references and selectors (everything reachable through our own statement, reference
and value IRIs), and the English labels of the entities it points to, so a client can
show them. Each file carries the triples it must parse back to, for the writer's check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from svg_rdf.cache import Memo
from svg_rdf.export import jsonld, ntriples, turtle
from svg_rdf.export.writer import OutputFile
from svg_rdf.graph.oxbridge import to_ox_term
from svg_rdf.graph.vocab import RDFS, OurNamespaces, all_prefixes
from svg_rdf.model import Entity, SourceDocument

Triple = tuple[Node, Node, Node]

FORMATS = (
    # suffix, media type, label
    ("ttl", turtle.MEDIA_TYPE, "Turtle"),
    ("nt", ntriples.MEDIA_TYPE, "N-Triples"),
    ("jsonld", jsonld.MEDIA_TYPE, "JSON-LD"),
)
SYNTAXES = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD)  # of FORMATS

SCHEMA_TYPES = {
    "aircraft": "ProductModel",
    "class": "DefinedTerm",
    "concept": "DefinedTerm",
    "country": "Country",
    "event": "Event",
    "monument": "LandmarksOrHistoricalBuildings",
    "organisation": "Organization",
    "person": "Person",
    "place": "Place",
    "treaty": "Legislation",
    "unit": "Organization",
    "war": "Event",
    "work": "CreativeWork",
}


class Documents:
    """The graph indexed by subject, cut into one small document per page."""

    def __init__(
        self, graph: Graph | Iterable[Triple], ours: OurNamespaces, memo: Memo | None = None
    ) -> None:
        self.ours = ours
        self.memo = memo
        self._ox: dict[Triple, ox.Triple] = {}  # labels and shared nodes recur across documents
        self.prefixes = all_prefixes(ours)
        self.by_subject: dict[Node, list[Triple]] = defaultdict(list)
        for triple in graph:
            self.by_subject[triple[0]].append(triple)
        self.inner = (str(ours.statement), str(ours.reference), str(ours.value))
        self._entity = str(ours.entity)

    def closure(self, start: Iterable[Node]) -> list[Triple]:
        """The triples of `start`, of the statement/reference/value nodes they reach, and
        the English labels of our entities among the objects."""
        seen: set[Node] = set()
        todo = list(start)
        out: list[Triple] = []
        labelled: set[Node] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for triple in self.by_subject.get(node, []):
                out.append(triple)
                obj = triple[2]
                if isinstance(obj, URIRef):
                    if str(obj).startswith(self.inner):
                        todo.append(obj)
                    elif str(obj).startswith(self._entity):
                        labelled.add(obj)
        for node in sorted(labelled - seen, key=str):
            out.extend(
                t
                for t in self.by_subject.get(node, [])
                if t[1] == RDFS.label and isinstance(t[2], Literal) and t[2].language == "en"
            )
        return out

    def files(self, stem: str, triples: Iterable[Triple]) -> list[OutputFile]:
        """`<stem>.ttl`, `.nt` and `.jsonld` holding `triples`, each verifiable; taken from
        the memo, when given, for the same stem, prefixes and set of triples (then without
        expected triples: they were verified when stored)."""
        if self.memo is None:
            return self._files(stem, triples)
        held = list(triples)
        made: list[OutputFile] = []

        def compute() -> tuple[bytes, ...]:
            made.extend(self._files(stem, held))
            return tuple(file.data for file in made)

        lines = sorted({f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in held})
        inputs = "\n".join([stem, repr(sorted(self.prefixes.items())), *lines]).encode()
        data = self.memo.recall(inputs, tuple, compute)
        if made:
            return made
        if len(data) != len(FORMATS) or not all(isinstance(d, bytes) for d in data):
            return self._files(stem, held)  # not what this code stores: computed
        return [
            OutputFile(f"{stem}.{suffix}", content, media_type, syntax)
            for (suffix, media_type, _), syntax, content in zip(
                FORMATS, SYNTAXES, data, strict=True
            )
        ]

    def _files(self, stem: str, triples: Iterable[Triple]) -> list[OutputFile]:
        # a set, not an rdflib Graph: the same triples at a fifth of the cost (rdflib's
        # store indexes every triple three ways), and each converted once per site
        graph = set(triples)
        expected = frozenset(self._converted(triple) for triple in graph)
        return [
            OutputFile(
                f"{stem}.ttl",
                turtle.serialize(expected, self.prefixes),
                turtle.MEDIA_TYPE,
                ox.RdfFormat.TURTLE,
                expected,
            ),
            OutputFile(
                f"{stem}.nt",
                ntriples.serialize(expected),
                ntriples.MEDIA_TYPE,
                ox.RdfFormat.N_TRIPLES,
                expected,
            ),
            OutputFile(
                f"{stem}.jsonld",
                jsonld.serialize_triples(expected, self.prefixes),
                jsonld.MEDIA_TYPE,
                ox.RdfFormat.JSON_LD,
                expected,
            ),
        ]

    def _converted(self, triple: Triple) -> ox.Triple:
        found = self._ox.get(triple)
        if found is None:
            s, p, o = (to_ox_term(term) for term in triple)
            found = self._ox[triple] = ox.Triple(s, p, o)  # type: ignore[arg-type]
        return found


def entity_schema(entity: Entity, *, iri: str, url: str, dataset: str) -> dict[str, Any]:
    """schema.org JSON-LD for an entity's page (what search engines read)."""
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(entity.kind, "Thing"),
        "@id": iri,
        "name": entity.label,
        "url": url,
        "subjectOf": {"@type": "Dataset", "@id": dataset},
    }
    description = dict(entity.descriptions).get("en")
    if description:
        document["description"] = description
    aliases = sorted({text for _, text in entity.aliases})
    if aliases:
        document["alternateName"] = aliases
    if entity.qid:
        document["sameAs"] = f"http://www.wikidata.org/entity/{entity.qid}"
        document["identifier"] = entity.qid
    return document


def source_schema(source: SourceDocument, *, iri: str, url: str) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": iri,
        "name": source.title,
        "url": url,
        "inLanguage": source.language,
        "license": source.license,
        "identifier": source.filename,
    }
    if source.url:
        document["sameAs"] = source.url
    return document
