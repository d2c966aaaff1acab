"""The `sparql` engine: compiled SHACL core queries (compile_sparql.py) run in one store.

Each check is one SELECT over the pyoxigraph store the data was loaded into: the data is
held once, in Oxigraph's compact form. Oxigraph stores numbers, booleans and dates in
canonical form ("015"^^xsd:integer reads back as "15"), so a finding whose value is such a
literal gets the data's own spelling back from `lexical_forms`, one streaming pass over the
input files that looks only at the few (focus, predicate) pairs of those findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from svg_rdf.errors import ConfigurationError
from svg_rdf.graph.oxbridge import from_ox_term
from svg_rdf.validation.compile_sparql import Check, compile_shapes
from svg_rdf.validation.findings import Finding, Report, report_of
from svg_rdf.validation.plan_sparql import Batch, Scan, local_plan, pretest_query

Query = Callable[[str], Iterable[dict[str, object]]]


def store_query(store: ox.Store) -> Query:
    """A function running one SELECT in `store`, its rows as dicts of pyoxigraph terms."""

    def run(query: str) -> Iterable[dict[str, object]]:
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            yield {name: row[name] for name in names}

    return run


def findings_of_check(check: Check, rows: Iterable[dict[str, object]]) -> list[Finding]:
    """The findings of one check from its result rows."""
    shape = str(check.shape) if isinstance(check.shape, URIRef) else ""
    found = []
    for row in rows:
        focus = from_ox_term(row["this"])
        if focus is None:
            continue
        value: Node | None = None
        if check.value == "focus":
            value = focus
        elif check.value == "value":
            value = from_ox_term(row.get("value"))
        found.append(
            Finding(
                severity=check.severity,
                focus=focus,
                path=check.path,
                value=value,
                message=check.message,
                shape=shape,
                component=check.component,
                path_triples=check.path_triples,
            )
        )
    return found


def _rows(query: Query, text: str, check: Check) -> list[dict[str, object]]:
    try:
        return list(query(text))
    except SyntaxError as exc:  # a compiler defect, never the data's
        raise ConfigurationError(
            f"the compiled query of shape {check.shape} ({check.component}) does not parse: {exc}",
            fix="report this; meanwhile use --engine pyshacl-turbo",
        ) from None


def _members(item: Check | Batch | Scan) -> tuple[Check, ...]:
    if isinstance(item, Scan):
        return (item.check,)
    return item.checks if isinstance(item, Batch) else (item,)


def _counts(query: Query, text: str, names: Sequence[str], check: Check) -> list[int | None]:
    (row,) = _rows(query, text, check)
    values = [row.get(name) for name in names]
    return [int(value.value) if isinstance(value, ox.Literal) else None for value in values]


def _none_counted(query: Query, batch: Batch) -> bool:
    """Whether the batch's pretest says none of its counted checks has a violation."""
    (foci,) = _counts(query, batch.foci, ["foci"], batch.checks[0])
    if foci is None:
        return False
    text = pretest_query(batch, foci)
    return _counts(query, text, ["rows", "missing"], batch.checks[0]) == [foci, 0]


def run_checks(
    query: Query,
    checks: Sequence[Check | Batch | Scan],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[Finding]:
    """Every finding of `checks` (or of a local plan of them), each run with `query`;
    `progress(done, total)` is told the shapes whose checks have all run."""
    findings: list[Finding] = []
    last = {check.shape: index for index, item in enumerate(checks) for check in _members(item)}
    ending = Counter(last.values())  # item index -> the shapes whose last check it is
    done = 0
    for index, item in enumerate(checks):
        if isinstance(item, Batch):
            batch = item.rest if item.pretest and _none_counted(query, item) else item
            rows = [] if batch is None else _rows(query, batch.query, batch.checks[0])
            for number, member in enumerate(() if batch is None else batch.checks):
                bit = 1 << number
                failed = [row for row in rows if int(row["fails"].value) & bit]  # type: ignore[attr-defined]
                findings += findings_of_check(member, failed)
        elif isinstance(item, Scan):
            if _rows(query, item.probe, item.check):
                findings += findings_of_check(
                    item.check, _rows(query, item.check.query, item.check)
                )
        else:
            findings += findings_of_check(item, _rows(query, item.query, item))
        if progress is not None and index in ending:
            done += ending[index]
            progress(done, len(last))
    return findings


Subclasses = Callable[[str], list[str] | None]
"""A class IRI -> the class and its subclasses in the data (None when one is a blank node)."""


def subclasses_in(query: Query) -> Subclasses:
    """A look-up of a class and its subclasses in the data, one query per class."""
    known: dict[str, list[str] | None] = {}

    def closure(iri: str) -> list[str] | None:
        if iri not in known:
            rows = query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{iri}> }}")
            terms = [row["c"] for row in rows]
            names = [t.value for t in terms if isinstance(t, ox.NamedNode)]
            known[iri] = sorted({iri, *names}) if len(names) == len(terms) else None
        return known[iri]

    return closure


@dataclass(frozen=True)
class Plan:
    """The local plan of a core shapes graph, and the answers of the subclass look-ups it
    was compiled with: the plan is a function of the shapes and these answers alone, so it
    serves any data that gives the same answers (`holds`)."""

    asked: tuple[tuple[str, tuple[str, ...] | None], ...]  # class IRI -> its closure
    items: tuple[Check | Batch | Scan, ...]

    def holds(self, subclasses: Subclasses) -> bool:
        """Whether the data's look-up `subclasses` answers every one made before as before."""
        return all(_answer(subclasses(iri)) == answer for iri, answer in self.asked)


def _answer(closure: list[str] | None) -> tuple[str, ...] | None:
    return None if closure is None else tuple(closure)


def compiled_plan(subclasses: Subclasses, shapes: Graph) -> Plan:
    """The core shapes `shapes` compiled and planned for the data whose subclass look-up
    is `subclasses` (`subclasses_in`)."""
    asked: dict[str, tuple[str, ...] | None] = {}

    def recorded(iri: str) -> list[str] | None:
        closure = subclasses(iri)
        asked[iri] = _answer(closure)
        return closure

    items = local_plan(compile_shapes(shapes, recorded))
    return Plan(tuple(asked.items()), tuple(items))


# -- lexical forms -------------------------------------------------------------------------


def _canonical(literal: ox.Literal) -> ox.Literal:
    """`literal` as the store holds it."""
    store = ox.Store()
    node = ox.NamedNode("urn:x")
    store.add(ox.Quad(node, node, literal))
    stored = next(iter(store)).object
    assert isinstance(stored, ox.Literal)
    return stored


def lexical_forms(findings: list[Finding], quads: Callable[[], Iterable[ox.Quad]]) -> list[Finding]:
    """`findings` with each typed literal value spelled as the data spells it, read from one
    pass over `quads` (the parsed input, streamed); findings without one are kept as they
    are."""
    from svg_rdf.graph.oxbridge import to_ox_term

    wanted: dict[tuple[object, ...], list[int]] = {}
    for number, finding in enumerate(findings):
        value = finding.value
        if (
            isinstance(value, Literal)
            and value.datatype is not None
            and isinstance(finding.path, URIRef)
        ):
            wanted.setdefault((to_ox_term(finding.focus), to_ox_term(finding.path)), []).append(
                number
            )
    if not wanted:
        return findings
    spelled: dict[tuple[object, ...], ox.Literal] = {}
    for quad in quads():
        pair: tuple[object, ...] = (quad.subject, quad.predicate)
        if pair in wanted and isinstance(quad.object, ox.Literal):
            canonical = _canonical(quad.object)
            if canonical.value != quad.object.value:
                spelled[(*pair, canonical)] = quad.object
    if not spelled:
        return findings
    out = list(findings)
    for key, numbers in wanted.items():
        for number in numbers:
            finding = out[number]
            original = spelled.get((*key, to_ox_term(finding.value)))  # type: ignore[arg-type]
            if original is not None:
                out[number] = replace(finding, value=from_ox_term(original))
    return out


def relexed(report: Report, quads: Callable[[], Iterable[ox.Quad]]) -> Report:
    """`report` with its literal values spelled as in `quads` (see `lexical_forms`)."""
    findings = lexical_forms(list(report.findings), quads)
    if findings == list(report.findings):
        return report
    return report_of(findings)
