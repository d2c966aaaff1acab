"""Check a graph where it lives: the compiled shapes sent to a SPARQL 1.1 endpoint.

`svg-rdf check --endpoint URL [--graph IRI]` runs the same queries as the local `sparql`
engine (svg_rdf/validation/compile_sparql.py, and the SHACL-SPARQL constraints) in the
store, never pulling the graph: with `--graph` each request names it as the default graph
(the protocol's `default-graph-uri`, which scopes every pattern of the query, nested ones
too). Each query is counted, then read whole or in ranges of focus nodes
(svg_rdf/endpoint/remote_pages.py): answers that do not add up to the count are an
EndpointError, never a partial verdict. With `--sources` only the source and
reference nodes the span checks need are fetched (two SELECT queries read as the checks
are, their rows made triples here: `Fetch`) into a small local store. Timeouts and
dropped connections are EndpointErrors (exit 3) from the transport
(svg_rdf/endpoint/gsp.py's Client, retried with backoff).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.endpoint import remote_pages
from svg_rdf.endpoint.remote_pages import Remote
from svg_rdf.errors import ConfigurationError
from svg_rdf.graph.oxbridge import from_ox_term
from svg_rdf.validation.check import CheckResult
from svg_rdf.validation.compile_sparql import compile_shapes
from svg_rdf.validation.run_sparql import Query, run_checks, subclasses_in
from svg_rdf.validation.shacl import Finding, Shapes, report_of
from svg_rdf.validation.sparql import SparqlConstraint, fill_message, with_classes
from svg_rdf.validation.view import StoreView

OA = "http://www.w3.org/ns/oa#"
SPDX = "http://spdx.org/rdf/terms#"


@dataclass(frozen=True)
class Fetch:
    """Triples to fetch as a CONSTRUCT would: the rows of `where` (a SELECT read in ranges
    of `key`, as every check query is), each filling `template` (`?name` a variable, else
    an IRI). Not a CONSTRUCT, whose one answer Virtuoso cuts at ResultSetMaxRows (10,001
    of the 43,500 triples of 100k triples' references) without a word."""

    where: str
    template: tuple[tuple[str, str, str], ...]
    key: str


# What the span checks need of the graph (svg_rdf/validation/spans.py reads these).
SOURCES = Fetch(
    f"?node <{SPDX}checksum> ?checksum . ?checksum <{SPDX}checksumValue> ?expected . "
    "?node <http://purl.org/dc/terms/identifier> ?name .",
    (
        ("?node", f"{SPDX}checksum", "?checksum"),
        ("?checksum", f"{SPDX}checksumValue", "?expected"),
        ("?node", "http://purl.org/dc/terms/identifier", "?name"),
    ),
    "node",
)
SPANS = Fetch(
    f"?reference <{OA}hasSource> ?source ; <{OA}hasSelector> ?selector . "
    "?selector a ?kind ; ?field ?value . "
    f"FILTER(?field IN (<{OA}start>, <{OA}end>, <{OA}exact>)) "
    "OPTIONAL { ?reference <http://www.wikidata.org/prop/reference/P1683> ?quote } "
    "OPTIONAL { ?statement <http://www.w3.org/ns/prov#wasDerivedFrom> ?reference }",
    (
        ("?reference", f"{OA}hasSource", "?source"),
        ("?reference", f"{OA}hasSelector", "?selector"),
        ("?selector", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "?kind"),
        ("?selector", "?field", "?value"),
        ("?reference", "http://www.wikidata.org/prop/reference/P1683", "?quote"),
        ("?statement", "http://www.w3.org/ns/prov#wasDerivedFrom", "?reference"),
    ),
    "reference",
)


def fetched(remote: Remote, fetch: Fetch) -> Iterator[ox.Quad]:
    """The triples `fetch` names, from rows read as `Remote.query` reads them (EndpointError
    when the store caps them); a triple with an unbound variable is left out."""
    rows = remote.query(f"SELECT * WHERE {{ {fetch.where} }}", key=fetch.key)
    for row in rows:
        for pattern in fetch.template:
            subject, predicate, obj = (
                row.get(part[1:]) if part.startswith("?") else ox.NamedNode(part)
                for part in pattern
            )
            named = isinstance(predicate, ox.NamedNode)
            if isinstance(subject, ox.NamedNode | ox.BlankNode) and named and obj is not None:
                yield ox.Quad(subject, predicate, obj)  # type: ignore[arg-type]


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
    for start in range(0, len(nodes), remote_pages.PAGE):
        names = " ".join(str(focus) for focus in nodes[start : start + remote_pages.PAGE])
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
        for row in remote.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }", key="p")
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
        local.extend(fetched(remote, SOURCES))
        local.extend(fetched(remote, SPANS))
        extra, checked = verify_sources(local, sources)
        findings += extra
    where = url if graph is None else f"{url} <{graph}>"
    # the few nodes fetched for the span checks, counted as the remote graph's size
    view = StoreView(local, size=remote.triples())
    return CheckResult(view, (where,), report_of(findings), checked)
