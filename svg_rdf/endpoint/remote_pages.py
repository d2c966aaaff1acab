"""One SPARQL endpoint's answers for `check --endpoint` (svg_rdf/endpoint/check_remote.py).

`Remote.query` counts a SELECT's results first and reads them whole; when the answer falls
short of a count above PAGE (a store that caps answers), it reads them again in ranges of
focus nodes: the results of each focus node (by `STR(?this)`) are
counted in keyset pages (`FILTER(?svgKey > last)`, `ORDER BY`, `LIMIT`, never `OFFSET`:
see `keyed`), and each range of keys holding at most as many results as the capped answer
is read in one answer: no answer of the ranges holds more rows than the store's cap unless
one focus node has more. `Remote.focus_nodes` reads a target's focus nodes the same way:
counted, one answer, keyset pages as long as a capped answer. Answers
that do not add up to their count (a store that caps them, as Virtuoso's ResultSetMaxRows
does) are an EndpointError, never a partial verdict; timeouts and dropped connections are
EndpointErrors from the transport (svg_rdf/endpoint/gsp.py's Client, retried with backoff).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator

import pyoxigraph as ox

from svg_rdf.endpoint.gsp import Client, Policy
from svg_rdf.endpoint.servers import check_graph_iri, check_url, custom_endpoint
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.errors import EndpointError

PAGE = 1000
"""Rows per request: below any usual cap on an answer's size."""
TIMEOUT = 300.0
"""Seconds one query may take, answer included."""
RETRIES = 2
"""Attempts after the first when the store does not answer (with backoff)."""


def _term(binding: dict[str, str]) -> object:
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


class Remote:
    """Queries to one endpoint, optionally scoped to one named graph."""

    def __init__(self, url: str, graph: str | None) -> None:
        self.url = check_url(url, option="--endpoint")
        self.graph = None if graph is None else check_graph_iri(graph)
        policy = Policy(Timeouts(connect=10.0, request=TIMEOUT), retries=RETRIES, backoff=1.0)
        self.client = Client(custom_endpoint(self.url, self.url), policy=policy)
        self.server = ""  # the store's Server header, from its first answer

    def pages_by_focus(self) -> bool:
        """Whether SHACL-SPARQL constraints go per page of focus nodes (`by_focus`): for
        Virtuoso only; Oxigraph evaluates the rest of such a query for every page (its
        store CPU at 100k triples: 3.2 s whole, 7.1 s in pages)."""
        return self.server.startswith("Virtuoso")

    def _post(self, query: str, accept: str, what: str) -> bytes:
        fields = [("query", query)]
        if self.graph is not None:
            fields.append(("default-graph-uri", self.graph))
        try:
            response, _ = self.client.request(
                "POST",
                self.url,
                what=what,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                body=urllib.parse.urlencode(fields).encode("ascii"),
            )
            if response.status != 200:
                raise self.client.http_error(self.url, what, response)
            self.server = self.server or response.header("Server") or ""
        except EndpointError as exc:  # the transport's advice is for `load`
            exc.fix = (
                "check the store's log: a query past its time limit (Virtuoso: SR171) needs "
                "a longer limit there; or check a copy of the graph locally"
            )
            raise
        return response.body

    def select(self, query: str, what: str) -> list[dict[str, object]]:
        body = self._post(query, "application/sparql-results+json", what)
        try:
            rows = json.loads(body)["results"]["bindings"]
            return [{name: _term(value) for name, value in row.items()} for row in rows]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise EndpointError(
                f"{self.url}: {what}: the answer is not SPARQL JSON results",
                fix="give the server's SPARQL query service as --endpoint",
            ) from None

    def count(self, query: str, what: str) -> int:
        """The number `query` (a SELECT of `?svgCount`) answers."""
        rows = self.select(query, what)
        return int(_text(rows[0].get("svgCount")) or "0") if rows else 0

    def query(self, text: str, key: str = "this") -> list[dict[str, object]]:
        """Every row of one SELECT: counted first, then read whole; when the answer holds
        fewer rows than counted and more than PAGE were (a store that caps answers, as
        Virtuoso at 10,000 rows), read again in ranges of its variable `key`
        (`_in_ranges`). Raises EndpointError when the answers do not add up to the count.

        One answer first: ranges evaluate the query once for each page of keys and each
        range (the span nodes of 100k triples: 4.3 s of Oxigraph's CPU became 9.4 s). The
        pages and ranges then hold as many rows as the capped answer did (the store's cap),
        up to 10 PAGEs, not PAGE: ten times fewer queries on Virtuoso."""
        start = text.upper().find("SELECT")
        prologue, body = text[:start], text[start:]
        where = f"{{ {body} }}"
        total = self.count(
            f"{prologue} SELECT (COUNT(*) AS ?svgCount) WHERE {where}", "counting results"
        )
        if total == 0:
            return []
        rows = self.select(text, "reading results")
        if len(rows) < total and total > PAGE:  # a capped answer: read again, in ranges
            rows = self._in_ranges(prologue, where, total, key, _page_size(len(rows)))
        if len(rows) != total:
            raise self.capped(len(rows), total)
        return rows

    def capped(self, answered: int, total: int) -> EndpointError:
        return EndpointError(
            f"{self.url}: the store answered {answered:,} of {total:,} results of a "
            "check query: it caps or changes answers, so there is no verdict",
            fix="raise the store's result limit (Virtuoso: ResultSetMaxRows) or check "
            "a copy of the graph locally",
        )

    def keyed(
        self,
        prologue: str,
        head: str,
        where: str,
        tail: str,
        key: str,
        what: str,
        size: int | None = None,
    ) -> Iterator[list[Row]]:
        """Pages of `size` (default PAGE) rows of `{head} WHERE {where} {tail}` with
        `?svgKey` bound to `STR(?{key})`, ordered by it, each after the last key of the page
        before, until an empty page.

        No OFFSET: past 10,000 rows (as packaged) Virtuoso stops OFFSET pages, as its plan
        has it, either counting the rows an OFFSET skips against ResultSetMaxRows (pages of
        5 read 15 of 74 results under a cap of 15) or refusing an ORDER BY whose OFFSET and
        LIMIT pass MaxSortedTopRows (SR353). A term whose STR is an error (a blank node on
        Oxigraph) has no key."""
        after = '?svgKey >= ""'
        while True:
            page = self.select(
                f"{prologue} {head} WHERE {{ {where} BIND(STR(?{key}) AS ?svgKey) "
                f"FILTER({after}) }} {tail} ORDER BY ?svgKey LIMIT {size or PAGE}",
                what,
            )
            if not page:
                return
            yield page
            after = f"?svgKey > {_string(_text(page[-1].get('svgKey')))}"

    def _in_ranges(self, prologue: str, where: str, total: int, key: str, size: int) -> list[Row]:
        """The rows of `where` in ranges of `STR(?{key})`: the rows of each key counted
        first (`keyed` pages of `size`), then each range of keys holding at most `size` rows
        read whole (one key holding more is read alone, whole), and the rows without a key
        at the end; EndpointError when a range's rows do not add up to their count."""
        rows: list[Row] = []
        keys: list[tuple[str, int]] = []

        def read(keys: list[tuple[str, int]]) -> None:
            first, last = _string(keys[0][0]), _string(keys[-1][0])
            found = self.select(
                f"{prologue} SELECT * WHERE {{ {where} "
                f"FILTER(STR(?{key}) >= {first} && STR(?{key}) <= {last}) }}",
                "reading results",
            )
            wanted = sum(count for _, count in keys)
            if len(found) != wanted:
                raise self.capped(len(rows) + len(found), total)
            rows.extend(found)

        counted = 0
        head = "SELECT ?svgKey (COUNT(*) AS ?svgRows)"
        pages = self.keyed(
            prologue, head, where, "GROUP BY ?svgKey", key, "counting results per key", size
        )
        for page in pages:
            for row in page:
                text, count = _text(row.get("svgKey")), int(_text(row.get("svgRows")) or "0")
                if keys and sum(n for _, n in keys) + count > size:
                    read(keys)
                    keys = []
                keys.append((text, count))
                counted += count
            if counted >= total:
                break
        if keys:
            read(keys)
        if counted < total:
            rows += self.select(
                f"{prologue} SELECT * WHERE {{ {where} BIND(STR(?{key}) AS ?svgKey) "
                "FILTER(!BOUND(?svgKey)) }",
                "reading results",
            )
        return rows

    def focus_nodes(self, pattern: str) -> list[object]:
        """The distinct `$this` of `pattern`: counted first, then read in one answer, or,
        when the store caps it, in `keyed` pages as long as the capped answer; EndpointError
        when they do not add up to the count.

        One answer first, as `query` reads: pages of PAGE evaluate the pattern and sort its
        nodes once per page (on Virtuoso at 1M triples, 265 pages for 260,874 focus nodes
        took 53 s)."""
        total = self.count(
            f"SELECT (COUNT(DISTINCT ?this) AS ?svgCount) WHERE {{ {pattern} }}",
            "counting focus nodes",
        )
        if total == 0:
            return []
        found = [
            row.get("this")
            for row in self.select(
                f"SELECT DISTINCT ?this WHERE {{ {pattern} }}", "reading focus nodes"
            )
        ]
        if len(found) < total and total > PAGE:  # a capped answer: read again, in pages
            size, found = _page_size(len(found)), []
            head = "SELECT DISTINCT ?svgKey ?this"
            for page in self.keyed("", head, pattern, "", "this", "reading focus nodes", size):
                found += [row.get("this") for row in page]
                if len(found) >= total:
                    break
        if len(found) != total:
            raise EndpointError(
                f"{self.url}: the store answered {len(found):,} of {total:,} focus nodes: "
                "it caps or changes answers, so there is no verdict",
                fix="check a copy of the graph locally",
            )
        return found

    def triples(self) -> int:
        return self.count("SELECT (COUNT(*) AS ?svgCount) WHERE { ?s ?p ?o }", "counting triples")


Row = dict[str, object]


def _page_size(answered: int) -> int:
    """Rows per page after a capped answer of `answered` rows: as many as the store
    answered, up to Virtuoso's MaxSortedTopRows as packaged (ten PAGEs)."""
    return min(answered, 10 * PAGE) or PAGE


def _text(term: object) -> str:
    """The lexical form of a term of an answer ("" for none)."""
    return str(getattr(term, "value", ""))


def _string(text: str) -> str:
    """`text` as a SPARQL string literal."""
    for plain, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(plain, escaped)
    return f'"{text}"'
