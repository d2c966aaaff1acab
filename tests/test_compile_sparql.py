"""The SHACL core -> SPARQL compiler and the `sparql` engine on small graphs.

Each case is a shape and data where the SHACL 1.0 semantics are easy to get wrong in SPARQL
(subclasses, ill-typed literals, incomparable values, nested shapes); the engine's findings
are compared with pyshacl-turbo's on the same graphs. Refusals are one-line configuration
errors naming the shape and the feature, and the default engine gives way instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from svg_rdf.cli import cli
from svg_rdf.validation.compile_sparql import NotCompilable, compile_shapes
from svg_rdf.validation.lost_datatypes import DatatypeLost
from svg_rdf.validation.shacl import Shapes, validate
from svg_rdf.validation.sparql import split_sparql
from tests.broken_corpus import CORPUS
from tests.conftest import make_project

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

CASES: dict[str, tuple[str, str, int]] = {
    # name: (shapes, data, how many findings)
    "class through rdfs:subClassOf*": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property "
        "[ sh:path ex:p ; sh:class ex:B ] .",
        "ex:C rdfs:subClassOf ex:B . ex:a a ex:A ; ex:p ex:c1 , ex:x . ex:c1 a ex:C .",
        1,
    ),
    "ill-typed literal fails sh:datatype": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property "
        "[ sh:path ex:p ; sh:datatype xsd:integer ] .",
        'ex:a ex:p "abc"^^xsd:integer , 5 , "5" .',
        2,
    ),
    "incomparable value fails a range": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property "
        "[ sh:path ex:p ; sh:maxInclusive 14 ] .",
        'ex:a ex:p 3 , 15 , "x" .',
        2,
    ),
    "sh:or of nested shapes with property shapes": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:or ( "
        "[ sh:property [ sh:path ex:p ; sh:minCount 1 ] ] "
        "[ sh:property [ sh:path ex:q ; sh:hasValue ex:v ] ] ) .",
        "ex:a a ex:A ; ex:p 1 . ex:b a ex:A ; ex:q ex:v . ex:c a ex:A ; ex:q ex:w .",
        1,
    ),
    "qualified counts": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; "
        "sh:qualifiedValueShape [ sh:class ex:B ] ; sh:qualifiedMinCount 1 ; "
        "sh:qualifiedMaxCount 1 ] .",
        "ex:a a ex:A ; ex:p ex:b1 . ex:b1 a ex:B . ex:c a ex:A ; ex:p ex:b1 , ex:b2 . "
        "ex:b2 a ex:B . ex:d a ex:A .",
        2,
    ),
    "inverse, alternative and zeroOrMore paths": (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property "
        "[ sh:path [ sh:inversePath ex:p ] ; sh:minCount 2 ] , "
        "[ sh:path [ sh:alternativePath ( ex:q ex:r ) ] ; sh:maxCount 1 ] , "
        "[ sh:path ( ex:s [ sh:zeroOrMorePath ex:s ] ) ; sh:nodeKind sh:IRI ] .",
        'ex:b ex:p ex:a . ex:a ex:q 1 ; ex:r 2 ; ex:s ex:c . ex:c ex:s "lit" .',
        3,
    ),
    "uniqueLang, languageIn, pattern, minLength, lessThan": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:l ; sh:property "
        "[ sh:path ex:l ; sh:uniqueLang true ; sh:languageIn ( 'en' ) ] , "
        "[ sh:path ex:t ; sh:pattern '^a' ; sh:minLength 2 ] , "
        "[ sh:path ex:start ; sh:lessThan ex:end ] .",
        "ex:a ex:l 'x'@en , 'y'@en , 'z'@de ; ex:t 'ab' , 'b' ; ex:start 5 ; ex:end 3 .",
        5,
    ),
}


def findings(shapes: str, data: str, engine: str) -> list[tuple[str, ...]]:
    core, sparql = split_sparql(Graph().parse(data=PREFIXES + shapes, format="turtle"))
    graph = Graph().parse(data=PREFIXES + data, format="turtle")
    report = validate(graph, Shapes(core, tuple(sparql)), engine=engine)
    return sorted(
        (str(f.focus), f.path_text, str(f.value), str(f.component), f.severity)
        for f in report.findings
    )


@pytest.mark.parametrize("name", CASES)
def test_the_sparql_engine_agrees_with_pyshacl_turbo(name: str) -> None:
    shapes, data, count = CASES[name]
    ours = findings(shapes, data, "sparql")
    assert ours == findings(shapes, data, "pyshacl-turbo")
    assert len(ours) == count, ours


@pytest.mark.parametrize(
    ("shape", "feature"),
    [
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed true .", "sh:closed"),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:frobnicate 1 .", "sh:frobnicate"),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:node ex:S .", "recursive"),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:in ( [] ) .", "blank node"),
    ],
)
def test_what_cannot_be_compiled_is_refused_naming_shape_and_feature(
    shape: str, feature: str
) -> None:
    with pytest.raises(NotCompilable) as caught:
        compile_shapes(Graph().parse(data=PREFIXES + shape, format="turtle"))
    message = str(caught.value)
    assert "http://example.org/S" in message and feature in message
    assert "\n" not in message


def test_every_check_of_the_published_shapes_compiles_and_names_its_component() -> None:
    from tests.conftest import REPO

    core, _ = split_sparql(Graph().parse(REPO / "output" / "shapes.ttl"))
    checks = compile_shapes(core)
    assert len(checks) > 500
    assert all(c.query.startswith("SELECT DISTINCT ?this") for c in checks)
    assert {str(c.component).rsplit("#", 1)[1] for c in checks} >= {
        "ClassConstraintComponent",
        "DatatypeConstraintComponent",
        "QualifiedMinCountConstraintComponent",
        "OrConstraintComponent",
        "LessThanOrEqualsConstraintComponent",
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("compile") / "p")


def with_int(tmp_path: Path) -> Path:
    """A broken graph whose time precision is an xsd:int, a datatype the store drops."""
    source = (CORPUS / "time-precision-out-of-range.ttl").read_text(encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(
        source.replace("wikibase:timePrecision 15 ;", 'wikibase:timePrecision "15"^^xsd:int ;'),
        encoding="utf-8",
    )
    return data


def test_sparql_engine_refuses_a_datatype_its_store_drops(project: Path, tmp_path: Path) -> None:
    data = with_int(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--project", str(project), "--engine", "sparql", str(data)]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "xsd:int" in result.stderr and "--engine pyshacl-turbo" in result.stderr


def test_the_default_engine_gives_way_to_pyshacl_turbo(project: Path, tmp_path: Path) -> None:
    data = with_int(tmp_path)

    def report(*engine: str) -> str:
        result = CliRunner().invoke(
            cli, ["check", "--project", str(project), "--format", "json", *engine, str(data)]
        )
        assert result.exit_code == 1, result.stderr
        return result.stdout

    default = report()
    assert default == report("--engine", "pyshacl-turbo")
    assert "#DatatypeConstraintComponent" in default  # xsd:int is not xsd:integer


XSD_INT = b"http://www.w3.org/2001/XMLSchema#int"


def test_only_turtle_and_trig_are_searched_for_a_prefixed_lost_datatype(tmp_path: Path) -> None:
    """N-Triples and N-Quads name a datatype by its full IRI: an IRI with ":int" in it is
    not one (Turtle's ex:int may be), and the full xsd:int IRI is found in every format.
    So such an N-Triples file is checked by the sparql engine, not handed on."""
    from svg_rdf.validation.lost_datatypes import may_name_lost
    from svg_rdf.validation.stream_load import load_store

    colon = b'<http://example.org/a:int> <http://example.org/p:long> "1" .\n'
    full = b'<http://example.org/a> <http://example.org/p> "1"^^<%s> .\n' % XSD_INT
    assert not may_name_lost(colon, fmt="ntriples") and not may_name_lost(colon, fmt="nquads")
    assert may_name_lost(colon, fmt="turtle") and may_name_lost(colon, fmt="trig")
    assert all(may_name_lost(full, fmt=fmt) for fmt in ("ntriples", "nquads", "turtle", "trig"))
    path = tmp_path / "colon.nt"
    path.write_bytes(colon)
    assert len(load_store([path])) == 1
    path.write_bytes(full)
    with pytest.raises(DatatypeLost):
        load_store([path])


AP = b"<http://e.org/a> <http://e.org/p> "
XSD_BASE = b"<http://www.w3.org/2001/XMLSchema>"
HIDDEN = {
    # an escape in an IRI, in every format
    "ntriples": AP + b'"015"^^<http://www.w3.org/2001/XMLSchema\\u0023int> .\n',
    "nquads": AP + b'"015"^^<http://www.w3.org/2001/XMLSchem\\u0061#int> <http://e.org/g> .\n',
    # a '#' escaped in a prefixed name; a relative IRI against a base
    "turtle": b"@prefix x: " + XSD_BASE + b" .\n" + AP + b'"015"^^x:\\#int .\n',
    "trig": b"BASE " + XSD_BASE + b"\n<http://e.org/g> { " + AP + b'"015"^^<#int> }\n',
}


@pytest.mark.parametrize("fmt", sorted(HIDDEN))
def test_a_lost_datatype_spelled_past_the_text_search_is_found(fmt: str) -> None:
    """ "015"^^xsd:int spelled so that no search of the text sees "XMLSchema#int" or ":int":
    the store would read it as "15"^^xsd:integer; the bytes are parsed and it is found.
    The same spellings of a datatype the store keeps are not refused."""
    from svg_rdf.validation.lost_datatypes import may_name_lost

    body = HIDDEN[fmt]
    assert may_name_lost(body, fmt=fmt)
    kept = body.replace(b"int>", b"string>").replace(b"#int ", b"#string ")
    assert kept != body and not may_name_lost(kept, fmt=fmt)
    assert may_name_lost(body, fmt=fmt, whole=False)  # a part: parsed, or taken to name one


def test_a_namespace_holding_the_start_of_a_lost_datatype_is_found() -> None:
    """x:t under a namespace ending "XMLSchema#in" is xsd:int, though neither "XMLSchema#int"
    nor ":int" is in the text; the namespace for a name the store keeps is not refused."""
    from svg_rdf.validation.lost_datatypes import may_name_lost

    body = b"@prefix x: <http://www.w3.org/2001/XMLSchema#in> .\n" + AP + b'"015"^^x:t .\n'
    assert may_name_lost(body, fmt="turtle") and may_name_lost(body, fmt="trig")
    kept = body.replace(b"#in>", b"#str>").replace(b"x:t ", b"x:ing ")
    assert not may_name_lost(kept, fmt="turtle")


def test_an_escaped_lost_datatype_goes_to_pyshacl_turbo(project: Path, tmp_path: Path) -> None:
    source = with_int(tmp_path).read_text(encoding="utf-8")
    data = tmp_path / "escaped.ttl"
    escaped = '"15"^^<http://www.w3.org/2001/XMLSchema\\u0023int>'
    data.write_text(source.replace('"15"^^xsd:int', escaped), encoding="utf-8")
    assert escaped in data.read_text(encoding="utf-8")

    def run(*engine: str) -> tuple[int, str]:
        result = CliRunner().invoke(
            cli, ["check", "--project", str(project), "--format", "json", *engine, str(data)]
        )
        return result.exit_code, result.stdout

    assert run("--engine", "sparql")[0] == 2
    code, default = run()
    assert (code, default) == run("--engine", "pyshacl-turbo")
    assert "#DatatypeConstraintComponent" in default  # xsd:int is not xsd:integer


def test_datatype_lost_is_a_configuration_error() -> None:
    assert "xsd:int" in str(DatatypeLost("x.ttl"))


def test_the_local_plan_finds_what_the_portable_queries_find() -> None:
    """The plan `check` runs in its own store (batched counts, values scanned first) gives
    the findings of the one-query-per-constraint form `check --endpoint` sends, on every
    broken graph and on each case above, in fewer queries."""
    from svg_rdf.validation.plan_sparql import Batch, local_plan
    from svg_rdf.validation.run_sparql import run_checks, store_query
    from svg_rdf.validation.stream_load import load_store
    from tests.conftest import REPO

    core, _ = split_sparql(Graph().parse(REPO / "output" / "shapes.ttl"))
    checks = compile_shapes(core)
    plan = local_plan(checks)
    assert len(plan) < len(checks) * 3 // 4
    assert sum(len(p.checks) if isinstance(p, Batch) else 1 for p in plan) == len(checks)
    graphs = sorted(CORPUS.glob("*.ttl"))
    assert len(graphs) > 40
    found = 0
    for path in graphs:
        query = store_query(load_store([path]))
        portable = sorted(f.identity() for f in run_checks(query, checks))
        assert sorted(f.identity() for f in run_checks(query, plan)) == portable, path.name
        found += len(portable)
    assert found > 40


def test_a_stored_plan_serves_only_data_that_answers_its_subclass_lookups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `sparql` engine keeps its compiled plan in the stage cache with the subclass
    look-ups it was compiled with: validating again takes it (nothing is compiled), and
    data with another subclass closure is compiled again and gets a fresh compile's
    findings (the stale plan would flag ex:d1, an instance of a new subclass of ex:B)."""
    from svg_rdf.cache import StageCache
    from svg_rdf.validation import run_sparql

    shapes, data, count = CASES["class through rdfs:subClassOf*"]
    core, sparql = split_sparql(Graph().parse(data=PREFIXES + shapes, format="turtle"))
    shaped = Shapes(core, tuple(sparql))
    cache = StageCache(tmp_path / "cache")
    compiled: list[object] = []
    real = run_sparql.compiled_plan

    def counted(*args: Any) -> run_sparql.Plan:
        compiled.append(args)
        return real(*args)

    monkeypatch.setattr(run_sparql, "compiled_plan", counted)

    def found(text: str, stages: StageCache | None) -> list[tuple[str, ...]]:
        graph = Graph().parse(data=PREFIXES + text, format="turtle")
        report = validate(graph, shaped, engine="sparql", cache=stages)
        return sorted((str(f.focus), str(f.value), str(f.component)) for f in report.findings)

    first = found(data, cache)
    assert len(first) == count and len(compiled) == 1
    assert found(data, cache) == first and len(compiled) == 1  # the stored plan
    other = data + " ex:D rdfs:subClassOf ex:B . ex:a ex:p ex:d1 . ex:d1 a ex:D ."
    fresh = found(other, None)
    assert len(compiled) == 2 and fresh == first
    assert found(other, cache) == fresh and len(compiled) == 3  # compiled again
    assert found(other, cache) == fresh and len(compiled) == 3  # and stored for it


@pytest.mark.parametrize("name", CASES)
def test_the_local_plan_agrees_on_the_hard_cases(name: str, tmp_path: Path) -> None:
    from svg_rdf.validation.plan_sparql import local_plan
    from svg_rdf.validation.run_sparql import run_checks, store_query
    from svg_rdf.validation.stream_load import load_store

    shapes, data, count = CASES[name]
    core, _ = split_sparql(Graph().parse(data=PREFIXES + shapes, format="turtle"))
    path = tmp_path / "data.ttl"
    path.write_text(PREFIXES + data, encoding="utf-8")
    query = store_query(load_store([path]))
    checks = compile_shapes(core)
    portable = sorted(f.identity() for f in run_checks(query, checks))
    assert sorted(f.identity() for f in run_checks(query, local_plan(checks))) == portable
    assert len(portable) == count


def test_the_value_shapes_kept_are_those_of_the_predicates_the_store_uses() -> None:
    """`predicates_in` (an index look-up per property) decides as reading every predicate
    did: a property counts when its p:, ps: or pq: predicate is in the default graph."""
    import pyoxigraph as ox

    from svg_rdf.model import Property
    from svg_rdf.validation.shacl import predicates_in

    store = ox.Store()
    w = "http://www.wikidata.org/prop/"
    for predicate in (f"{w}P1", f"{w}qualifier/P2", "http://example.org/P3"):
        store.add(
            ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode(predicate), ox.Literal("x"))
        )
    store.add(
        ox.Quad(
            ox.NamedNode("http://example.org/s"),
            ox.NamedNode(f"{w}statement/P4"),
            ox.Literal("x"),
            ox.NamedNode("http://example.org/g"),
        )
    )
    properties = [Property(f"P{n}", "", "string", "test") for n in (1, 2, 3, 4)]
    found = predicates_in(store, properties)
    assert found == {f"{w}P1", f"{w}qualifier/P2"}
    candidates = {f"{w}{ns}P{n}" for ns in ("", "statement/", "qualifier/") for n in (1, 2, 3, 4)}
    every = {row["p"].value for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    assert found == every & candidates


def recording(shapes: str, data: str, tmp_path: Path) -> tuple[list[Any], Any, Any, list[str]]:
    """The checks compiled from `shapes`; a query function on a store holding `data`; the
    same function, recording each query it is sent; and that record."""
    from svg_rdf.validation.run_sparql import store_query
    from svg_rdf.validation.stream_load import load_store

    core, _ = split_sparql(Graph().parse(data=PREFIXES + shapes, format="turtle"))
    path = tmp_path / "data.ttl"
    path.write_text(PREFIXES + data, encoding="utf-8")
    store = store_query(load_store([path]))
    sent: list[str] = []

    def query(text: str) -> Any:
        sent.append(text)
        return store(text)

    return compile_shapes(core), store, query, sent


@pytest.mark.parametrize(
    ("data", "count"),
    [
        ("ex:a a ex:A ; ex:p 5 . ex:b ex:p 6 .", 0),
        ('ex:a a ex:A ; ex:p 5 . ex:b ex:p "x" .', 0),  # a failing value off the focus
        ('ex:a a ex:A ; ex:p "x" , 5 .', 1),
    ],
)
def test_a_scan_runs_only_after_its_probe_finds_a_failing_value(
    data: str, count: int, tmp_path: Path
) -> None:
    """A check whose values are scanned first is planned as a `Scan`: its probe (the
    violation pattern alone) runs first, and the scan, whose focus test Oxigraph would ask
    of every value, only when the probe has a row. The findings are the portable query's."""
    from svg_rdf.validation.plan_sparql import Scan, local_plan
    from svg_rdf.validation.run_sparql import run_checks

    shapes = (
        "ex:S a sh:NodeShape ; sh:targetClass ex:A ; "
        "sh:property [ sh:path ex:p ; sh:datatype xsd:integer ] ."
    )
    checks, store, query, asked = recording(shapes, data, tmp_path)
    (scan,) = local_plan(checks)
    assert isinstance(scan, Scan)
    found = sorted(f.identity() for f in run_checks(query, [scan]))
    failing = '"x"' in data
    assert asked == [scan.probe, scan.check.query] if failing else asked == [scan.probe]
    assert found == sorted(f.identity() for f in run_checks(store, checks))
    assert len(found) == count


def test_a_focus_set_with_more_checks_than_bits_is_split(tmp_path: Path) -> None:
    """61 counts on one class: a batch of 60 (?fails holds 60 bits) and the last check
    alone, as its own query (a batch of one shares nothing), every finding kept."""
    from svg_rdf.validation.plan_sparql import BITS, Batch, local_plan
    from svg_rdf.validation.run_sparql import run_checks, store_query
    from svg_rdf.validation.stream_load import load_store

    properties = " , ".join(f"[ sh:path ex:p{n} ; sh:minCount 1 ]" for n in range(BITS + 1))
    shapes = f"ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property {properties} ."
    core, _ = split_sparql(Graph().parse(data=PREFIXES + shapes, format="turtle"))
    path = tmp_path / "data.ttl"
    path.write_text(PREFIXES + "ex:a a ex:A . ex:b a ex:A ; ex:p0 1 ; ex:p60 2 .", encoding="utf-8")
    checks = compile_shapes(core)
    plan = local_plan(checks)
    assert [len(p.checks) for p in plan if isinstance(p, Batch)] == [BITS]
    assert plan[1:] == [checks[BITS]]
    found = run_checks(store_query(load_store([path])), plan)
    assert len(found) == 2 * (BITS + 1) - 2
    assert sorted(f.identity() for f in found) == sorted(
        f.identity() for f in run_checks(store_query(load_store([path])), checks)
    )


COUNTED = (
    "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property "
    "[ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ] , [ sh:path ex:q ; sh:maxCount 1 ] , "
    "[ sh:path ex:r ; sh:qualifiedValueShape [ sh:class ex:B ] ; "
    "sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] ."
)
CONFORMING = (
    "ex:a a ex:A ; ex:p 1 ; ex:r ex:b , ex:c . ex:b a ex:B . ex:z a ex:A ; ex:p 2 ; ex:r ex:b ."
)
COUNTED_DATA = {  # data -> findings
    CONFORMING: 0,
    CONFORMING + " ex:a ex:p 2 .": 1,
    CONFORMING + " ex:c a ex:B .": 1,
    "ex:a a ex:A .": 2,
    # values of three counted predicates: 7 x 7 x 3 combinations, where the check reads 3
    CONFORMING + " ex:a ex:p 2, 3, 4, 5, 6, 7 ; ex:q 1, 2, 3, 4, 5, 6, 7 . ex:c a ex:B .": 3,
}


@pytest.mark.parametrize("data", sorted(COUNTED_DATA), ids=lambda d: f"{COUNTED_DATA[d]}-found")
def test_counts_of_one_are_asked_first_and_batched_only_when_one_fails(
    data: str, tmp_path: Path
) -> None:
    """sh:maxCount 1 (with sh:minCount 1) and the qualified counts of 1 on one predicate:
    on conforming data one pretest stands for the batch; a focus node with two values, or
    none, sends the batch, which finds what the portable queries find."""
    from svg_rdf.validation.plan_sparql import local_plan
    from svg_rdf.validation.run_sparql import run_checks

    checks, store_asks, query, sent = recording(COUNTED, data, tmp_path)
    found = sorted(f.identity() for f in run_checks(query, local_plan(checks)))
    assert found == sorted(f.identity() for f in run_checks(store_asks, checks))
    assert len(found) == COUNTED_DATA[data]
    assert any("?fails" in text for text in sent) == (COUNTED_DATA[data] > 0)


def test_a_predicate_variable_fixed_by_a_filter_is_read_as_values() -> None:
    """`?s ?p ?o . FILTER(?p = <iri>)` runs as `VALUES ?p { <iri> } ?s ?p ?o .` (one
    predicate's triples, not every triple of ?s), with the same solutions; other filters
    and patterns are left as written."""
    import pyoxigraph as ox

    from svg_rdf.validation.sparql import with_constant_predicates

    query = (
        "SELECT ?s ?path ?o WHERE { ?s ?path ?o .\n  FILTER(?path = <http://example.org/p>) "
        "?s ?q ?r . FILTER(?q != <http://example.org/p>) ?s ?t ?o2 , ?o3 . FILTER(?t = <x:y>) }"
    )
    local = with_constant_predicates(query)
    assert "VALUES ?path { <http://example.org/p> } ?s ?path ?o ." in local
    assert local.count("FILTER") == 2
    store = ox.Store()
    ex = "http://example.org/"
    for s, p, o in [("a", "p", "1"), ("a", "q", "2"), ("b", "q", "3"), ("c", "p", "4")]:
        store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + p), ox.Literal(o)))
    plain = "SELECT ?s ?path ?o WHERE { ?s ?path ?o . FILTER(?path = <http://example.org/p>) }"
    rows = [
        sorted(str(r["o"]) for r in store.query(q))
        for q in (plain, with_constant_predicates(plain))
    ]  # type: ignore[union-attr]
    assert rows[0] == rows[1] == ['"1"', '"4"']
