"""`svg-rdf query`: SPARQL over the built graph in an embedded store, and the shipped examples.

The curated facts grow, so the examples' expected rows are asserted as facts that must
stay true (the 227 and 236 death figures and their sources, ...) and counts that may only
grow, not as snapshots.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from click.testing import Result as Outcome

from svg_rdf.cli import cli
from svg_rdf.endpoint.query import (
    Result,
    examples,
    find_example,
    open_store,
    run_query,
    table,
)
from svg_rdf.errors import ParseError, SvgRdfError
from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
from svg_rdf.settings import load_settings
from tests.endpoint_data import ROOT, cached_compile, ntriples, project

OLD, NEW = "000_4df81df14f38a968.txt", "001_fac9f245705e1fde.txt"
HOSTILE = 'x" } ; CLEAR ALL ; #'
PREFIXES = all_prefixes(OurNamespaces("https://w3id.org/svg-rdf/", "svg"))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return open_store(ntriples().data)


def run(store: ox.Store, name: str, label: str | None = None) -> list[dict[str, str]]:
    """The example's rows; about the project's default subject when it takes a label."""
    example = find_example(project(), name)
    if label is None and example.takes_label:
        label = load_settings(project()).query_label
    return run_query(store, example.text, source=name, prefixes={}, label=label).records()


def source_text(name: str) -> str:
    return (ROOT / "seeds" / name).read_text("utf-8")


# The examples ----------------------------------------------------------------------------


def test_the_examples_shipped() -> None:
    names = [example.name for example in examples(project())]
    # the package's, then this repository's own (queries/members.rq)
    assert names == ["disagreements", "facts", "sources", "timeline", "unreconciled", "members"]
    for example in examples(project()):
        assert example.title and len(example.description) > 40
        assert example.text.startswith(f"# {example.title}\n")


@pytest.mark.parametrize(
    "name", ["disagreements", "facts", "members", "sources", "timeline", "unreconciled"]
)
def test_every_example_runs_without_our_prefixes(store: ox.Store, name: str) -> None:
    """Examples declare their own prefixes, so they run as they are on any endpoint."""
    assert run(store, name)


def test_unit_facts(store: ox.Store) -> None:
    rows = run(store, "facts")
    assert len(rows) >= 51
    assert {row["label"] for row in rows} == {"Soviet Volunteer Group"}
    facts = {(row["property"], row["value"], row["source"]) for row in rows}
    assert {("P1120", "227", OLD), ("P1120", "236", NEW), ("P571", "1937", OLD)} <= facts
    assert ("P159", "Xiangyang aerodrome", NEW) in facts
    for row in rows:  # every fact carries a verbatim quote from its source
        assert row["quote"] and row["quote"] in source_text(row["source"])
    [xiangyang] = [row for row in rows if row["value"] == "Xiangyang aerodrome"]
    assert "P580=1937-12-13" in xiangyang["qualifiers"]


def test_disagreements(store: ox.Store) -> None:
    rows = run(store, "disagreements")
    found = {(row["property"], row["value"], row["source"]) for row in rows}
    assert {("P1120", "227", OLD), ("P1120", "236", NEW)} <= found
    assert {("P1427", "Almaty", OLD), ("P1427", "Moscow", NEW)} <= found
    by_claim: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        by_claim.setdefault((row["subject"], row["property"]), set()).add(row["source"])
        assert row["quote"] in source_text(row["source"])
    assert all(len(sources) >= 2 for sources in by_claim.values())


def test_timeline(store: ox.Store) -> None:
    rows = run(store, "timeline")
    assert len(rows) >= 12
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates, key=lambda date: date[:4])
    events = {(row["date"], row["property"], row["value"], row["dated_by"]) for row in rows}
    assert ("1937-12-13", "P159", "Xiangyang aerodrome", "P580") in events
    assert ("1937", "P571", "1937", "P571") in events
    assert ("1939-02", "P2124", "3665", "P585") in events
    [formed] = [
        row
        for row in rows
        if row["property"] == "P571" and row["subject"] == "Soviet Volunteer Group"
    ]
    assert set(formed["sources"].split(", ")) == {OLD, NEW}


def test_members(store: ox.Store) -> None:
    rows = run(store, "members")
    assert {("Soviet Volunteer Group", "Asanov", "commander (P4791)", OLD)} <= {
        (row["label"], row["person"], row["role"], row["source"]) for row in rows
    }


def test_sources(store: ox.Store) -> None:
    rows = {row["source"]: row for row in run(store, "sources")}
    assert set(rows) >= {OLD, NEW}
    assert int(rows[OLD]["statements"]) >= 15 and int(rows[NEW]["statements"]) >= 30
    assert int(rows[OLD]["only_here"]) >= 5 and int(rows[NEW]["only_here"]) >= 20
    for row in rows.values():
        assert 0 < int(row["only_here"]) <= int(row["statements"])
        assert int(row["quotes"]) > 0
        assert row["title"].startswith("Soviet Volunteer Group")
    shared = int(rows[OLD]["statements"]) - int(rows[OLD]["only_here"])
    assert shared == int(rows[NEW]["statements"]) - int(rows[NEW]["only_here"])


# Values from user text are bound, never spliced ------------------------------------------


def tiny_store(label: str) -> ox.Store:
    """An entity labelled `label` with one statement, as the published graph models it."""
    store = ox.Store()
    turtle = f"""
    @prefix p: <http://www.wikidata.org/prop/> .
    @prefix ps: <http://www.wikidata.org/prop/statement/> .
    @prefix pr: <http://www.wikidata.org/prop/reference/> .
    @prefix wikibase: <http://wikiba.se/ontology#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    <urn:e> rdfs:label {ox.Literal(label, language="en")} ; p:P31 <urn:s> .
    <urn:s> a wikibase:Statement ; ps:P31 "a unit" ; prov:wasDerivedFrom <urn:r> .
    <urn:r> pr:P1683 "quoted" ; pr:P248 <urn:doc> .
    <urn:doc> dcterms:identifier "doc.txt" .
    <urn:other> rdfs:label "Soviet Volunteer Group"@en .
    """
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    return store


def test_a_hostile_label_stays_a_label() -> None:
    store = tiny_store(HOSTILE)
    before = len(store)
    rows = run(store, "facts", label=HOSTILE)
    assert rows == [
        {
            "label": HOSTILE,
            "property": "P31",
            "value": "a unit",
            "qualifiers": "",  # none: an empty string on every store, never unbound
            "quote": "quoted",
            "source": "doc.txt",
        }
    ]
    assert len(store) == before


def test_the_cli_binds_a_hostile_label(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)
    result = query_cli("--example", "facts", "--label", HOSTILE, "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["label,property,value,qualifiers,quote,source"]


def test_label_needs_a_query_that_selects_it(store: ox.Store) -> None:
    with pytest.raises(SvgRdfError, match=r"--label needs a query that selects \?label"):
        run(store, "sources", label="x")


# The command -----------------------------------------------------------------------------


@pytest.fixture
def quick_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("svg_rdf.pipeline.compile_project", cached_compile)


def query_cli(*arguments: str) -> Outcome:
    return CliRunner().invoke(cli, ["query", "--project", str(ROOT), *arguments])


def test_list() -> None:
    result = query_cli("--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "disagreements: Where the sources disagree"
    assert lines[1].startswith("facts: Every fact about a subject (or every subject)")
    assert lines[1].endswith("(takes --label)")
    assert lines[-1] == "members: Who served in the unit  (takes --label)"  # this project's own


@pytest.mark.usefixtures("quick_build")
def test_table_is_aligned() -> None:
    result = CliRunner().invoke(cli, ["query", "--project", str(ROOT), "--example", "members"])
    assert (result.exit_code, result.stderr) == (0, "")
    header, rule, *rows = result.stdout.splitlines()
    assert header.split() == ["?label", "?person", "?role", "?quote", "?source"]
    assert set(rule) == {"-", " "}
    assert any("General Asanov" in row for row in rows)
    starts = [header.index(name) for name in header.split()]
    for row in rows:
        assert all(row[start - 2 : start] in ("  ", "") for start in starts[1:])


@pytest.mark.usefixtures("quick_build")
@pytest.mark.parametrize("result_format", ["csv", "tsv", "json"])
def test_formats(result_format: str) -> None:
    text = "SELECT ?value WHERE { svge:soviet-volunteer-group wdt:P1120 ?value } ORDER BY ?value"
    result = CliRunner().invoke(
        cli, ["query", "--project", str(ROOT), text, "--format", result_format]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    if result_format == "csv":
        assert list(csv.reader(io.StringIO(result.stdout))) == [["value"], ["227"], ["236"]]
    elif result_format == "tsv":
        lines = result.stdout.splitlines()
        assert lines[0] == "?value"
        decimal = "<http://www.w3.org/2001/XMLSchema#decimal>"
        assert lines[1:] == [f'"227"^^{decimal}', f'"236"^^{decimal}']
    else:
        answer = json.loads(result.stdout)
        assert answer["head"]["vars"] == ["value"]
        assert [b["value"]["value"] for b in answer["results"]["bindings"]] == ["227", "236"]


@pytest.mark.usefixtures("quick_build")
def test_query_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text('ASK { ?unit rdfs:label "Soviet Volunteer Group"@en }')
    result = CliRunner().invoke(cli, ["query", "--project", str(ROOT), "--file", str(path)])
    assert (result.exit_code, result.stdout) == (0, "true\n")


@pytest.mark.usefixtures("quick_build")
def test_construct_gives_ntriples() -> None:
    text = "CONSTRUCT { ?s wdt:P1120 ?o } WHERE { ?s wdt:P1120 ?o }"
    result = CliRunner().invoke(cli, ["query", "--project", str(ROOT), text])
    assert result.exit_code == 0
    parsed = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert len(parsed) == 2
    result = CliRunner().invoke(cli, ["query", "--project", str(ROOT), text, "--format", "csv"])
    assert result.exit_code == 2 and "answers with triples" in result.stderr


@pytest.mark.usefixtures("quick_build")
def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?s\nWHERE { ?s nope:p ?o }\n")
    result = CliRunner().invoke(cli, ["query", "--project", str(ROOT), "--file", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:2:18: SPARQL syntax error: expected")
    assert "Prefix not found" in result.stderr
    assert "SPARQL syntax error" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.usefixtures("quick_build")
def test_an_update_is_not_a_query() -> None:
    result = CliRunner().invoke(cli, ["query", "--project", str(ROOT), "CLEAR ALL"])
    assert result.exit_code == 2 and "SPARQL syntax error" in result.stderr


def test_unknown_example_lists_the_names() -> None:
    result = query_cli("--example", "nope")
    assert result.exit_code == 2
    assert "choose one of: disagreements, facts, sources" in result.stderr


@pytest.mark.parametrize(
    "arguments",
    [[], ["SELECT * {}", "--example", "members"], ["--file", "x.rq", "--example", "members"]],
)
def test_exactly_one_query(arguments: list[str]) -> None:
    result = query_cli(*arguments)
    assert result.exit_code == 2
    assert "give exactly one of" in result.stderr


def test_query_a_data_file(tmp_path: Path) -> None:
    data = tmp_path / "svg-rdf.nt"
    data.write_bytes(ntriples().data)
    result = query_cli("--data", str(data), "--example", "sources", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("source,title,statements")


def test_a_bad_data_file_names_line_and_column(tmp_path: Path) -> None:
    data = tmp_path / "bad.nt"
    data.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n")
    result = query_cli("--data", str(data), "ASK {}")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{data}:2:")
    with pytest.raises(ParseError):
        from svg_rdf.endpoint.query import store_from_file

        store_from_file(data, str(data))


def test_table_shortens_iris_and_escapes_newlines() -> None:
    result = Result(
        "solutions",
        variables=("item", "text"),
        rows=(
            (ox.NamedNode("https://w3id.org/svg-rdf/entity/almaty"), ox.Literal("a\nb")),
            (ox.NamedNode("http://example.org/x"), None),
        ),
    )
    assert table(result, PREFIXES).splitlines() == [
        "?item                   ?text",
        "----------------------  -----",
        "svge:almaty             a\\nb",
        "<http://example.org/x>",
    ]


def test_ask_and_construct_tables() -> None:
    assert table(Result("boolean", boolean=False), PREFIXES) == "false\n"
    triple = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))
    assert table(Result("graph", triples=(triple,)), PREFIXES) == '<urn:a> <urn:b> "c" .\n'
