"""Parsing gate, step 4: pyoxigraph quads -> an rdflib Dataset, lexical forms kept exactly.

svg-rdf compares and re-serialises literals by their lexical form, and rdflib's default would
rewrite "1937-01-01T00:00:00Z"^^xsd:dateTime as "1937-01-01T00:00:00+00:00" and
"01"^^xsd:integer as "1". Every Literal built here passes normalize=False, so conversion keeps
lexical forms without changing rdflib's global NORMALIZE_LITERALS.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pyoxigraph
import rdflib
from rdflib.term import BNode, Identifier, URIRef

from svg_rdf.graph.oxbridge import from_ox_literal

_Subject = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple
_Object = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
_Graph = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph


def to_dataset(quads: Iterable[pyoxigraph.Quad]) -> rdflib.Dataset:
    """Return a new rdflib Dataset holding `quads` (default graph -> `Dataset.default_graph`).

    IRIs become URIRef; blank nodes become BNode("b0"), BNode("b1"), ... in order of first
    appearance (pyoxigraph names anonymous blank nodes randomly; this keeps rdflib output
    deterministic); literals keep their lexical form, and xsd:string literals become plain
    Literals (no datatype), as rdflib's own parsers produce for "x". The quads must be RDF 1.1
    (the gate guarantees it); an RDF 1.2 term raises TypeError.
    """
    dataset = rdflib.Dataset()
    iris: dict[str, URIRef] = {}
    blanks: dict[str, BNode] = {}

    def node(term: _Subject | _Object) -> Identifier:
        if isinstance(term, pyoxigraph.NamedNode):
            iri = iris.get(term.value)
            if iri is None:
                iri = iris[term.value] = URIRef(term.value)
            return iri
        if isinstance(term, pyoxigraph.BlankNode):
            blank = blanks.get(term.value)
            if blank is None:
                blank = blanks[term.value] = BNode(f"b{len(blanks)}")
            return blank
        if isinstance(term, pyoxigraph.Literal):
            return from_ox_literal(term)
        raise TypeError(f"RDF 1.2 triple term reached the rdflib conversion: {term}")

    graphs: dict[Identifier, rdflib.Graph] = {}
    default: rdflib.Graph = dataset.default_graph

    def graph(name: _Graph) -> rdflib.Graph:
        if isinstance(name, pyoxigraph.DefaultGraph):
            return default
        identifier = node(name)
        found = graphs.get(identifier)
        if found is None:
            found = graphs[identifier] = rdflib.Graph(dataset.store, identifier)
        return found

    with _quiet_ill_typed_literals():
        dataset.addN(
            (node(q.subject), node(q.predicate), node(q.object), graph(q.graph_name)) for q in quads
        )
    return dataset


class _DropIllTypedWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


@contextmanager
def _quiet_ill_typed_literals() -> Iterator[None]:
    # rdflib logs a WARNING with a traceback for every ill-typed literal ("abc"^^xsd:integer),
    # which reaches stderr through logging's last-resort handler. Such literals are valid RDF
    # and kept as they are (Literal.ill_typed is True); the library must not print.
    logger = logging.getLogger("rdflib.term")
    quiet = _DropIllTypedWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
