"""`check --endpoint` reads a long answer in ranges of focus nodes, never with OFFSET
(svg_rdf/endpoint/remote_pages.py): every row once, on a store that refuses OFFSET pages
past a limit (as Virtuoso's MaxSortedTopRows) and cuts every answer at a few rows (as its
ResultSetMaxRows); one focus node with more rows than an answer may hold is no verdict."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest

from svg_rdf.endpoint import remote_pages
from svg_rdf.errors import EndpointError
from svg_rdf.validation.run_sparql import store_query

P = ox.NamedNode("http://e.org/p")
# Objects that are focus nodes below: IRIs, literals whose STR is another's (an IRI's, a
# typed or tagged twin), hostile strings, and a blank node (no STR on Oxigraph).
OBJECTS = [
    ox.NamedNode("http://e.org/a"),
    ox.Literal("http://e.org/a"),
    ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#int")),
    ox.Literal("5"),
    ox.Literal("x", language="en"),
    ox.Literal('a "quoted"\\ line\nand\r\nmore'),
    ox.Literal(""),
    ox.Literal("\u00e9t\u00e9 \U0001f600"),
    ox.BlankNode("b0"),
]
QUERY = "SELECT ?this ?value WHERE { ?value <http://e.org/p> ?this }"


class Store(remote_pages.Remote):
    """A Remote whose answers come from a local store, capped as Virtuoso caps them."""

    def __init__(self, store: ox.Store, *, rows: int, sorted_rows: int) -> None:
        super().__init__("http://127.0.0.1:9/sparql", None)
        self.store, self.rows, self.sorted_rows = store, rows, sorted_rows
        self.sent: list[str] = []

    def select(self, query: str, what: str) -> list[dict[str, object]]:
        self.sent.append(query)
        limit = re.search(r"ORDER BY .* LIMIT (\d+)(?: OFFSET (\d+))?", query)
        if limit and int(limit.group(1)) + int(limit.group(2) or 0) > self.sorted_rows:
            raise EndpointError("SR353: Sorted TOP clause specifies more rows")
        rows = [
            {name: term for name, term in row.items() if term is not None}
            for row in store_query(self.store)(query)
        ]
        return rows[: self.rows]


def store(values: int) -> ox.Store:
    """Each of OBJECTS the object of `values` subjects (the last one of one more)."""
    graph = ox.Store()
    for number, target in enumerate(OBJECTS):
        for value in range(values + (number == len(OBJECTS) - 1)):
            graph.add(ox.Quad(ox.NamedNode(f"http://e.org/s{number}-{value}"), P, target))
    return graph


def rows(found: list[dict[str, object]]) -> Counter[tuple[str, str]]:
    return Counter((str(row["this"]), str(row["value"])) for row in found)


def test_ranges_of_focus_nodes_give_every_row_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote_pages, "PAGE", 4)
    graph = store(values=2)
    remote = Store(graph, rows=6, sorted_rows=8)  # the key "5" holds 6 rows, read alone
    found = remote.query(QUERY)
    assert rows(found) == rows(list(store_query(graph)(QUERY)))
    assert len(found) == 2 * len(OBJECTS) + 1
    assert all("svgKey" not in row for row in found)
    assert not any("OFFSET" in query for query in remote.sent)


def test_a_short_answer_is_one_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote_pages, "PAGE", 50)
    remote = Store(store(values=2), rows=50, sorted_rows=50)
    assert len(remote.query(QUERY)) == 2 * len(OBJECTS) + 1
    assert len(remote.sent) == 2  # counted, then read


def test_another_key_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote_pages, "PAGE", 3)
    graph = store(values=1)
    remote = Store(graph, rows=3, sorted_rows=3)
    found = remote.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", key="s")
    assert len(found) == len(OBJECTS) + 1


def test_one_focus_node_past_the_cap_is_no_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote_pages, "PAGE", 4)
    remote = Store(store(values=5), rows=4, sorted_rows=8)
    with pytest.raises(EndpointError, match=r"answered \d+ of 51 results.*no verdict"):
        remote.query(QUERY)


def test_focus_nodes_come_in_keyed_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote_pages, "PAGE", 3)
    graph = store(values=1)
    remote = Store(graph, rows=3, sorted_rows=3)
    found = remote.focus_nodes("?this <http://e.org/p> <http://e.org/a> .")
    assert sorted(map(str, found)) == [f"<http://e.org/s0-{n}>" for n in range(1)]
    found = remote.focus_nodes("?this <http://e.org/p> ?o .")
    assert sorted(map(str, found)) == sorted(str(quad.subject) for quad in graph)
    assert not any("OFFSET" in query for query in remote.sent)


def test_focus_nodes_come_in_one_answer_when_the_store_gives_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages of PAGE evaluate the pattern once per page (265 pages, 53 s on Virtuoso at
    1M triples): a store that answers them all is asked twice, counted and read."""
    monkeypatch.setattr(remote_pages, "PAGE", 3)
    graph = store(values=1)
    remote = Store(graph, rows=100, sorted_rows=3)
    found = remote.focus_nodes("?this <http://e.org/p> ?o .")
    assert sorted(map(str, found)) == sorted(str(quad.subject) for quad in graph)
    assert len(remote.sent) == 2
    assert remote.focus_nodes("?this <http://e.org/p> <http://e.org/none> .") == []
    assert len(remote.sent) == 3  # counted: none, so not read


def test_focus_node_pages_are_as_long_as_the_capped_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(remote_pages, "PAGE", 2)
    graph = store(values=1)
    remote = Store(graph, rows=4, sorted_rows=4)
    found = remote.focus_nodes("?this <http://e.org/p> ?o .")
    assert sorted(map(str, found)) == sorted(str(quad.subject) for quad in graph)
    pages = [query for query in remote.sent if "ORDER BY" in query]
    assert pages and all(query.endswith("LIMIT 4") for query in pages)
    assert len(pages) == -(-len(found) // 4)  # ceil: the last page ends the count


# What the span checks fetch, as the CONSTRUCT it replaces would give it (its one answer is
# cut at ResultSetMaxRows by Virtuoso without a word).
SPANS_CONSTRUCT = """
PREFIX oa: <http://www.w3.org/ns/oa#>
CONSTRUCT { ?reference oa:hasSource ?source ; oa:hasSelector ?selector .
    ?selector a ?kind ; ?field ?value .
    ?reference <http://www.wikidata.org/prop/reference/P1683> ?quote .
    ?statement <http://www.w3.org/ns/prov#wasDerivedFrom> ?reference . }
WHERE { ?reference oa:hasSource ?source ; oa:hasSelector ?selector .
    ?selector a ?kind ; ?field ?value .
    FILTER(?field IN (oa:start, oa:end, oa:exact))
    OPTIONAL { ?reference <http://www.wikidata.org/prop/reference/P1683> ?quote }
    OPTIONAL { ?statement <http://www.w3.org/ns/prov#wasDerivedFrom> ?reference } }
"""


def references(count: int) -> ox.Store:
    """`count` references in the shape the span checks read (every fifth without a quote,
    one selector a blank node), and triples they do not read."""
    oa, graph = "http://www.w3.org/ns/oa#", ox.Store()
    for number in range(count):
        reference = ox.NamedNode(f"http://e.org/reference/{number}")
        position = ox.NamedNode(f"http://e.org/reference/{number}-position")
        quote = ox.BlankNode(f"q{number}") if number == 3 else ox.NamedNode(f"{reference.value}-q")
        triples = [
            (reference, ox.NamedNode(f"{oa}hasSource"), ox.NamedNode("http://e.org/source")),
            (reference, ox.NamedNode(f"{oa}hasSelector"), position),
            (reference, ox.NamedNode(f"{oa}hasSelector"), quote),
            (position, ox.NamedNode(TYPE), ox.NamedNode(f"{oa}TextPositionSelector")),
            (position, ox.NamedNode(f"{oa}start"), ox.Literal(str(number))),
            (position, ox.NamedNode(f"{oa}end"), ox.Literal(str(number + 9))),
            (position, ox.NamedNode(f"{oa}refinedBy"), ox.Literal("not read")),
            (quote, ox.NamedNode(TYPE), ox.NamedNode(f"{oa}TextQuoteSelector")),
            (quote, ox.NamedNode(f"{oa}exact"), ox.Literal(f"quote {number}")),
            (ox.NamedNode(f"http://e.org/statement/{number}"), DERIVED, reference),
        ]
        if number % 5:
            triples.append((reference, QUOTE, ox.Literal(f"quote {number}", language="en")))
        graph.extend(ox.Quad(*triple) for triple in triples)
    return graph


TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
QUOTE = ox.NamedNode("http://www.wikidata.org/prop/reference/P1683")


def test_the_span_nodes_come_whole_from_a_store_that_caps_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from svg_rdf.endpoint.check_remote import SPANS, fetched

    monkeypatch.setattr(remote_pages, "PAGE", 10)
    graph = references(40)
    expected = {t for t in graph.query(SPANS_CONSTRUCT)}  # type: ignore[union-attr]
    remote = Store(graph, rows=12, sorted_rows=12)
    got = {quad.triple for quad in fetched(remote, SPANS)}
    assert {(t.subject, t.predicate, t.object) for t in got} == {
        (t.subject, t.predicate, t.object) for t in expected
    }
    assert len(got) > 12 * 10
