"""Check a graph where it lives: the compiled shapes sent to a SPARQL 1.1 endpoint.

`svg-rdf check --endpoint URL [--graph IRI]` runs the same queries as the local `sparql`
engine (svg_rdf/validation/compile_sparql.py, and the SHACL-SPARQL constraints) in the
store, never pulling the graph: with `--graph` each request names it as the default graph
(the protocol's `default-graph-uri`, which scopes every pattern of the query, nested ones
too). Each query is counted first and, when it has results, read in pages ordered by every
projected variable (ORDER BY, LIMIT, OFFSET); a store that caps answers (Virtuoso's
ResultSetMaxRows, 10,000 by default) shows up as pages that do not add up to the count,
which is an EndpointError, never a partial verdict. With `--sources` only the source and
reference nodes the span checks need are fetched (two CONSTRUCT queries) into a small
local store. Timeouts and dropped connections are EndpointErrors (exit 3) from the
transport (svg_rdf/endpoint/gsp.py's Client, retried with backoff).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.endpoint.gsp import Client, Policy
from svg_rdf.endpoint.servers import check_graph_iri, check_url, custom_endpoint
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.errors import ConfigurationError, EndpointError
from svg_rdf.graph.oxbridge import from_ox_term
from svg_rdf.validation.check import CheckResult
from svg_rdf.validation.compile_sparql import compile_shapes
from svg_rdf.validation.run_sparql import Query, run_checks, subclasses_in
from svg_rdf.validation.shacl import Finding, Shapes, report_of
from svg_rdf.validation.sparql import SparqlConstraint, fill_message, with_classes
from svg_rdf.validation.view import StoreView

PAGE = 1000
"""Rows per request: below any usual cap on an answer's size."""
TIMEOUT = 300.0
"""Seconds one query may take, answer included."""
RETRIES = 2
"""Attempts after the first when the store does not answer (with backoff)."""
_SELECT = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)

# What the span checks need of the graph (svg_rdf/validation/spans.py reads these).
SOURCES = """
CONSTRUCT { ?node <http://spdx.org/rdf/terms#checksum> ?checksum .
    ?checksum <http://spdx.org/rdf/terms#checksumValue> ?expected .
    ?node <http://purl.org/dc/terms/identifier> ?name . }
WHERE { ?node <http://spdx.org/rdf/terms#checksum> ?checksum .
    ?checksum <http://spdx.org/rdf/terms#checksumValue> ?expected .
    ?node <http://purl.org/dc/terms/identifier> ?name . }
"""
SPANS = """
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

    def construct(self, query: str, what: str) -> Iterable[ox.Quad]:
        body = self._post(query, "application/n-triples", what)
        try:
            return [
                ox.Quad(t.subject, t.predicate, t.object)
                for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            ]
        except SyntaxError:
            raise EndpointError(
                f"{self.url}: {what}: the answer is not N-Triples",
                fix="give the server's SPARQL query service as --endpoint",
            ) from None

    def query(self, text: str) -> list[dict[str, object]]:
        """Every row of one SELECT: counted first, then read in ordered pages; raises
        EndpointError when the pages do not add up to the count (a capped answer)."""
        start = text.upper().find("SELECT")
        prologue, body = text[:start], text[start:]
        counted = self.select(
            f"{prologue} SELECT (COUNT(*) AS ?svgCount) WHERE {{ {body} }}", "counting results"
        )
        total = int(str(getattr(counted[0].get("svgCount"), "value", "0"))) if counted else 0
        if total == 0:
            return []
        order = " ".join(f"?{name}" for name in _projected(body))
        rows: list[dict[str, object]] = []
        while len(rows) < total:
            page = self.select(
                f"{prologue} SELECT * WHERE {{ {body} }} ORDER BY {order} "
                f"LIMIT {PAGE} OFFSET {len(rows)}",
                "reading results",
            )
            if not page:
                break
            rows += page
        if len(rows) != total:
            raise EndpointError(
                f"{self.url}: the store answered {len(rows):,} of {total:,} results of a "
                "check query: it caps or changes answers, so there is no verdict",
                fix="raise the store's result limit (Virtuoso: ResultSetMaxRows) or check "
                "a copy of the graph locally",
            )
        return rows

    def focus_nodes(self, pattern: str) -> list[object]:
        """The distinct `$this` of `pattern`, read in pages keyed by the last one read
        (`FILTER(STR(?this) > ...)`, no OFFSET: Virtuoso's ResultSetMaxRows counts the rows
        an OFFSET skips, so at 10,000 focus nodes the pages would stop); counted first,
        EndpointError when the pages do not add up to the count."""
        counted = self.select(
            f"SELECT (COUNT(DISTINCT ?this) AS ?svgCount) WHERE {{ {pattern} }}",
            "counting focus nodes",
        )
        total = int(str(getattr(counted[0].get("svgCount"), "value", "0"))) if counted else 0
        found: list[object] = []
        after = ""
        while len(found) < total:
            key = after.replace("\\", "\\\\").replace('"', '\\"')
            page = self.select(
                f'SELECT DISTINCT ?this WHERE {{ {pattern} FILTER(STR(?this) > "{key}") }} '
                f"ORDER BY STR(?this) LIMIT {PAGE}",
                "reading focus nodes",
            )
            if not page:
                break
            found += [row.get("this") for row in page]
            after = str(getattr(found[-1], "value", ""))
        if len(found) != total:
            raise EndpointError(
                f"{self.url}: the store answered {len(found):,} of {total:,} focus nodes: "
                "it caps or changes answers, so there is no verdict",
                fix="check a copy of the graph locally",
            )
        return found

    def triples(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "counting triples")
        return int(str(getattr(rows[0].get("n"), "value", "0"))) if rows else 0


def _projected(select: str) -> list[str]:
    """The variables a SELECT projects, in order."""
    match = _SELECT.search(select)
    projection = match.group(1) if match else ""
    names = re.findall(r"\bAS\s+[?$](\w+)\s*\)", projection, re.IGNORECASE)
    plain = re.findall(r"[?$](\w+)", re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", " ", projection))
    return list(dict.fromkeys(plain + names)) or ["this"]


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PLAIN_TARGET = re.compile(
    r"VALUES \?svgClass \{ ([^{}]*) \} \$this <" + re.escape(RDF_TYPE) + r"> \?svgClass \."
)


def by_focus(foci: Callable[[str], list[object]], text: str) -> Iterator[str]:
    """`text` (a SHACL-SPARQL constraint with a class target, as `with_classes` writes it
    with `always_values`) once per page of PAGE focus nodes, the target replaced by
    `VALUES $this { ... }`; `text` itself when it has no such target or a focus node is a
    blank node (which VALUES cannot name).

    Virtuoso may plan a constraint that joins what belongs to one focus node through a
    predicate computed with BIND as a join over every focus node at once (its plans vary
    from run to run): DisagreementShape took 28 s of its CPU at 10k triples and hit its
    timeout at 50k, BestRankShape's truthy check 1.6 s at 10k and the timeout at 50k.
    Given the focus nodes of a page, it starts from them (docs/validation.md)."""
    target = _PLAIN_TARGET.search(text)
    if target is None:
        yield text
        return
    nodes = foci(target.group(0))
    if not all(isinstance(focus, ox.NamedNode) for focus in nodes):
        yield text
        return
    for start in range(0, len(nodes), PAGE):
        names = " ".join(str(focus) for focus in nodes[start : start + PAGE])
        yield f"{text[: target.start()]}VALUES $this {{ {names} }}{text[target.end() :]}"


def sparql_findings(
    query: Query,
    constraint: SparqlConstraint,
    subclasses: Callable[[str], list[str] | None],
    *,
    foci: Callable[[str], list[object]] | None = None,
) -> list[Finding]:
    """The findings of one SHACL-SPARQL constraint from the rows `query` gives; with
    `foci` (a pattern's focus nodes), one query per page of them (`by_focus`)."""
    from rdflib.namespace import SH

    found = []
    text = with_classes(constraint.query, subclasses, always_values=True)
    texts = [text] if foci is None else by_focus(foci, text)
    for row in (row for page in texts for row in query(page)):
        focus = from_ox_term(row.get("this"))
        if focus is None:
            continue
        value = row.get("value")
        if value is None and constraint.node_shape:
            value = row.get("this")
        path = row.get("path")
        found.append(
            Finding(
                constraint.severity,
                focus,
                from_ox_term(path) if isinstance(path, ox.NamedNode) else None,
                from_ox_term(value),
                fill_message(constraint.message, row, list(row)),  # type: ignore[arg-type]
                constraint.shape,
                SH.SPARQLConstraintComponent,
            )
        )
    return found


def no_files(paths: Sequence[Path], endpoint: str | None) -> str:
    """`endpoint`, once shown to come alone: ConfigurationError for files next to
    --endpoint, and for --graph without it."""
    if endpoint is None:
        raise ConfigurationError(
            "--graph names a graph in a SPARQL store", fix="give the store with --endpoint URL"
        )
    if paths:
        raise ConfigurationError(
            f"--endpoint checks the graph in the store, not {paths[0]}",
            fix="leave out the files, or leave out --endpoint to check them",
        )
    return endpoint


class RemoteView(StoreView):
    """The few nodes fetched for the span checks, counted as the remote graph's size."""

    def __init__(self, store: ox.Store, size: int) -> None:
        super().__init__(store)
        self.size = size

    def __len__(self) -> int:
        return self.size


def check_endpoint(
    url: str,
    shapes: Shapes,
    *,
    graph: str | None = None,
    sources: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckResult:
    """The findings of `shapes` on the graph at `url` (its default graph, or `graph`).

    Raises EndpointError when the store cannot be reached, times out, drops the connection
    or caps an answer, and ConfigurationError for shapes the compiler refuses.
    """
    from svg_rdf.validation.spans import verify_sources

    tell = progress or (lambda stage: None)
    remote = Remote(url, graph)
    tell("asking the store which predicates it uses")
    used = {
        str(getattr(row.get("p"), "value", ""))
        for row in remote.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
    }
    core = shapes.for_predicates(used)
    subclasses = subclasses_in(remote.query)
    checks = compile_shapes(core, subclasses)
    tell(f"running {len(checks) + len(shapes.sparql)} queries in the store")
    findings = run_checks(remote.query, checks)
    for constraint in shapes.sparql:
        foci = remote.focus_nodes if remote.pages_by_focus() else None
        findings += sparql_findings(remote.query, constraint, subclasses, foci=foci)
    local = ox.Store()
    checked = 0
    if sources is not None:
        tell("fetching the source and reference nodes")
        local.extend(remote.construct(SOURCES, "fetching source nodes"))
        local.extend(remote.construct(SPANS, "fetching references"))
        extra, checked = verify_sources(local, sources)
        findings += extra
    where = url if graph is None else f"{url} <{graph}>"
    return CheckResult(RemoteView(local, remote.triples()), (where,), report_of(findings), checked)
