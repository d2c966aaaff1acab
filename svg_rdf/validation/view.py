"""Validation: a read-only, rdflib-shaped view of the checked data held in pyoxigraph.

`svg-rdf check` keeps the data in a pyoxigraph Store (compact, in Rust) instead of an rdflib
Graph; reports look up labels, statements and quotes through this view, which answers the
few Graph methods they use with pattern look-ups on the store. Terms come back as rdflib
terms with their lexical form as the store holds it (Oxigraph keeps numbers, booleans and
dates in canonical form: "01"^^xsd:integer reads back as "1").
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib.term import Node

from svg_rdf.graph.oxbridge import from_ox_term, to_ox_term

Pattern = tuple[Node | None, Node | None, Node | None]


def _ox(term: Node | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    return None if term is None else to_ox_term(term)


class StoreView:
    """The triples of a pyoxigraph store's default graph, read through rdflib terms."""

    def __init__(self, store: ox.Store, *, size: int | None = None) -> None:
        """`size`: the store's triple count when the caller has counted them already."""
        self.store = store
        self.size = size

    def __len__(self) -> int:  # counting reads every quad of the store (0.09 s at 1M): once
        if self.size is None:
            self.size = len(self.store)
        return self.size

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return self.triples((None, None, None))

    def triples(self, pattern: Pattern) -> Iterator[tuple[Node, Node, Node]]:
        subject, predicate, obj = (_ox(term) for term in pattern)
        if isinstance(subject, ox.Literal) or isinstance(predicate, (ox.Literal, ox.BlankNode)):
            return
        for quad in self.store.quads_for_pattern(subject, predicate, obj, ox.DefaultGraph()):
            s, p, o = (from_ox_term(t) for t in (quad.subject, quad.predicate, quad.object))
            if s is not None and p is not None and o is not None:
                yield s, p, o

    def __contains__(self, pattern: Pattern) -> bool:
        return next(self.triples(pattern), None) is not None

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        for _, _, obj in self.triples((subject, predicate, None)):
            yield obj

    def subjects(
        self, predicate: Node | None = None, obj: Node | None = None, unique: bool = False
    ) -> Iterator[Node]:
        seen: set[Node] = set()
        for subject, _, _ in self.triples((None, predicate, obj)):
            if unique:
                if subject in seen:
                    continue
                seen.add(subject)
            yield subject

    def subject_predicates(self, obj: Node | None = None) -> Iterator[tuple[Node, Node]]:
        for subject, predicate, _ in self.triples((None, None, obj)):
            yield subject, predicate

    def value(
        self,
        subject: Node | None = None,
        predicate: Node | None = None,
        obj: Node | None = None,
    ) -> Node | None:
        """One matching term (the object, or the subject when `obj` is given), or None;
        of several, the least by its N-Triples form, whatever order the store keeps."""
        pick = obj is not None and subject is None
        found = [s if pick else o for s, _, o in self.triples((subject, predicate, obj))]
        return min(found, key=lambda term: term.n3()) if found else None
