"""The published shapes graph (output/shapes.ttl): complete, valid SHACL-SPARQL, in void.ttl."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SH

from svg_rdf.cli import cli
from svg_rdf.curation.ontology import load_properties
from svg_rdf.errors import ConfigurationError
from svg_rdf.graph.vocab import DCAT, DCTERMS, SPDX
from svg_rdf.project import Project
from svg_rdf.validation.shacl import load_shapes
from svg_rdf.validation.shapes import (
    SOURCE_COMPONENT,
    SOURCE_SHAPE,
    forbidden_clauses,
    shapes_graph,
)
from tests.conftest import REPO, make_project

PUBLISHED = REPO / "output" / "shapes.ttl"


@functools.cache
def published() -> Graph:
    """output/shapes.ttl parsed once (rdflib takes seconds on it); no test changes it."""
    return Graph().parse(PUBLISHED, format="turtle")


def test_published_shapes_are_the_complete_shapes_graph() -> None:
    from svg_rdf.pipeline import shapes_file
    from svg_rdf.validation.project_shapes import project_shapes

    project = Project.at(REPO)
    shapes = project_shapes(project)
    expected = shapes.complete()  # shapes/, value and constraint-table shapes
    # canonical blank nodes, so equal graphs are equal bytes (rdflib's isomorphic took 18 s)
    assert shapes_file(shapes).data == PUBLISHED.read_bytes()
    assert len(expected) > len(shapes_graph(project.shape_files, load_properties(project)))
    graph = published()
    # the generated value shapes are there, not only shapes/
    assert (None, SH.targetObjectsOf, None) in graph
    assert len(list(graph.subjects(SH.sparql, None))) >= 5


def test_published_shapes_from_the_stage_cache_are_the_rendered_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """shapes.ttl is kept in the stage cache under the static shapes and the property
    table: the same shapes read again take its bytes and triples (nothing rendered), and
    another property table renders again."""
    from dataclasses import replace

    from svg_rdf import pipeline
    from svg_rdf.cache import StageCache
    from svg_rdf.export.writer import OutputFile
    from svg_rdf.validation.project_shapes import project_shapes
    from svg_rdf.validation.shacl import Shapes

    project = Project.at(REPO)
    cache = StageCache(tmp_path / "cache")
    rendered: list[object] = []
    real = pipeline._shapes_file

    def rendering(shapes: Shapes) -> OutputFile:
        rendered.append(shapes)
        return real(shapes)

    monkeypatch.setattr(pipeline, "_shapes_file", rendering)
    first = pipeline.shapes_file(project_shapes(project), cache)
    again = pipeline.shapes_file(project_shapes(project), cache)  # another object
    assert len(rendered) == 1
    assert again.data == first.data == PUBLISHED.read_bytes()
    assert again.expected == first.expected and again.expected
    fewer = replace(project_shapes(project), properties=load_properties(project)[:1])
    assert pipeline.shapes_file(fewer, cache).data != first.data and len(rendered) == 2


def test_no_constraint_uses_a_clause_shacl_forbids() -> None:
    graph = published()
    queries = [str(q) for p in (SH.select, SH.ask) for q in graph.objects(None, p)]
    assert queries
    for query in queries:
        assert forbidden_clauses(query) == [], query
        # a second, cruder look: the words do not occur at all outside comments
        code = "\n".join(line.split("#")[0] for line in query.splitlines())
        assert not re.search(r"\b(MINUS|SERVICE|VALUES)\b", code, re.IGNORECASE), query


def not_exists_groups(query: str) -> list[str]:
    """The text of each `NOT EXISTS { ... }` group of `query` (comments removed)."""
    code = "\n".join(line.split("#")[0] for line in query.splitlines())
    groups = []
    for match in re.finditer(r"NOT\s+EXISTS\s*\{", code, re.IGNORECASE):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(code[end], 0)
            end += 1
        groups.append(code[match.end() : end - 1])
    return groups


def test_not_exists_groups_are_found_whole_and_nested() -> None:
    query = "SELECT * { ?a ?b ?c FILTER NOT EXISTS { ?a ?p ?x FILTER NOT EXISTS { ?x ?q ?y } } }"
    assert not_exists_groups(query) == [
        " ?a ?p ?x FILTER NOT EXISTS { ?x ?q ?y } ",
        " ?x ?q ?y ",
    ]


def test_no_not_exists_reads_a_variable_bound_by_bind() -> None:
    """Virtuoso evaluates such a group without the BIND's value under some of its plans
    (BestRankShape's truthy check lost its finding on combined-values that way), so
    `check --endpoint` on Virtuoso would miss findings: OPTIONAL + !BOUND instead."""
    graph = published()
    queries = [str(q) for q in graph.objects(None, SH.select)]
    assert any("BIND(" in query for query in queries)
    for query in queries:
        bound = set(re.findall(r"\bAS\s+(\?\w+)\s*\)", query))
        for group in not_exists_groups(query):
            used = set(re.findall(r"\?\w+", group))
            assert not used & bound, (sorted(used & bound), query)


def test_published_shapes_are_listed_in_void_with_their_checksum() -> None:
    void = Graph().parse(REPO / "output" / "void.ttl", format="turtle")
    distribution = void.value(None, DCTERMS.identifier, Literal("shapes.ttl"))
    assert distribution is not None
    assert (None, DCAT.distribution, distribution) in void
    checksum = void.value(void.value(distribution, SPDX.checksum), SPDX.checksumValue)
    assert str(checksum) == hashlib.sha256(PUBLISHED.read_bytes()).hexdigest()


def test_our_own_component_and_shape_are_declared() -> None:
    graph = published()
    assert (SOURCE_COMPONENT, None, SH.ConstraintComponent) in graph
    assert (SOURCE_SHAPE, None, SH.NodeShape) in graph
    # no shape uses its parameter: no engine is asked to run what needs the source files
    parameter = graph.value(graph.value(SOURCE_COMPONENT, SH.parameter), SH.path)
    assert parameter is not None
    assert not list(graph.subject_objects(parameter))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT $this WHERE { $this ?p ?o MINUS { $this a ?t } }", ["MINUS"]),
        ("select * where { values ?x { 1 } }", ["VALUES"]),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }", ["SERVICE"]),
        ('SELECT $this WHERE { $this ?p "MINUS VALUES SERVICE" }', []),
        ("SELECT $this WHERE { $this <http://e/MINUS> ?values } # MINUS", []),
        ("SELECT $this WHERE { $this ex:minus ?o ; :values ?v }", []),
        ("SELECT $this WHERE { $this ?p '''a\nSERVICE'''\n}", []),
    ],
)
def test_forbidden_clauses_are_keywords_only(query: str, expected: list[str]) -> None:
    assert [clause for clause, _ in forbidden_clauses(query)] == expected


ILLEGAL = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .

ex:NoMinusShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:sparql [
        sh:select \"\"\"
            SELECT $this WHERE {
                $this ?p ?o .
                MINUS { $this a ex:Other }
            }
        \"\"\" ;
    ] .
"""


def test_illegal_constraint_names_file_line_shape_and_clause(tmp_path: Path) -> None:
    bad = tmp_path / "illegal.ttl"
    bad.write_text(ILLEGAL, encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        load_shapes([bad], [])
    text = str(caught.value)
    assert text.startswith(f"{bad}:10: ")
    assert "https://example.org/NoMinusShape" in text
    assert "uses MINUS, which SHACL forbids" in text
    assert "OPTIONAL" in text  # the fix


def test_illegal_constraint_in_project_shapes_is_exit_2_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "shapes" / "illegal.ttl").write_text(ILLEGAL, encoding="utf-8")
    (project / "data.ttl").write_text("<https://example.org/a> a <https://example.org/Thing> .\n")
    result = CliRunner().invoke(
        cli, ["check", "--project", str(project), str(project / "data.ttl")]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "illegal.ttl:10:" in lines[0] and "MINUS" in lines[0] and "NoMinusShape" in lines[0]
    assert "Traceback" not in result.stderr
