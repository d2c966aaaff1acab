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
from rdflib import Graph

from svg_rdf.cache import Memo
from svg_rdf.export import jsonld, ntriples, turtle
from svg_rdf.export.writer import OutputFile
from svg_rdf.graph.oxbridge import to_ox_triples
from svg_rdf.graph.vocab import RDFS, OurNamespaces, all_prefixes
from svg_rdf.model import Entity, SourceDocument

Subject = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # a literal has no triples
_LABEL = ox.NamedNode(str(RDFS.label))

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
    """The graph indexed by subject, cut into one small document per page.

    It holds the graph as pyoxigraph triples (an rdflib Graph is converted), which the
    documents are written from: their terms hash and print in Rust, where rdflib's hash in
    Python (indexing, closing and keying ~250 documents took three times as long).
    """

    def __init__(
        self,
        graph: Graph | Iterable[ox.Triple],
        ours: OurNamespaces,
        memo: Memo | None = None,
    ) -> None:
        self.ours = ours
        self.memo = memo
        self.prefixes = all_prefixes(ours)
        self.by_subject: dict[Subject, list[ox.Triple]] = defaultdict(list)
        for triple in to_ox_triples(graph) if isinstance(graph, Graph) else graph:
            self.by_subject[triple.subject].append(triple)
        self.inner = (str(ours.statement), str(ours.reference), str(ours.value))
        self._entity = str(ours.entity)

    def closure(self, start: Iterable[Subject]) -> list[ox.Triple]:
        """The triples of `start`, of the statement/reference/value nodes they reach, and
        the English labels of our entities among the objects."""
        seen: set[Subject] = set()
        todo = list(start)
        out: list[ox.Triple] = []
        labelled: set[ox.NamedNode] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for triple in self.by_subject.get(node, []):
                out.append(triple)
                obj = triple.object
                if isinstance(obj, ox.NamedNode):
                    if obj.value.startswith(self.inner):
                        todo.append(obj)
                    elif obj.value.startswith(self._entity):
                        labelled.add(obj)
        for node in sorted(labelled.difference(seen), key=lambda n: n.value):
            out.extend(
                t
                for t in self.by_subject.get(node, [])
                if t.predicate == _LABEL
                and isinstance(t.object, ox.Literal)
                and t.object.language == "en"
            )
        return out

    def files(self, stem: str, triples: Iterable[ox.Triple]) -> list[OutputFile]:
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

        lines = sorted({str(triple) for triple in held})  # N-Triples, unambiguous
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

    def _files(self, stem: str, triples: Iterable[ox.Triple]) -> list[OutputFile]:
        expected = frozenset(triples)
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
