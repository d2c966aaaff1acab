"""The public API: `import svg_rdf` does what the commands do, typed and documented."""

from __future__ import annotations

import inspect
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

import svg_rdf
from svg_rdf.export import turtle
from tests.conftest import REPO, make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> svg_rdf.Project:
    return svg_rdf.open_project(make_project(tmp_path_factory.mktemp("api") / "p"))


def test_everything_public_is_documented_and_typed() -> None:
    assert (Path(svg_rdf.__file__).parent / "py.typed").is_file()
    for name in svg_rdf.__all__:
        value = getattr(svg_rdf, name)
        if callable(value):
            doc = inspect.getdoc(value)
            assert doc and len(doc) > 30, f"svg_rdf.{name} needs a docstring"
        if inspect.isfunction(value):
            hints = inspect.get_annotations(value)
            assert "return" in hints, f"svg_rdf.{name} needs a return type"
    functions = [n for n in svg_rdf.__all__ if inspect.isfunction(getattr(svg_rdf, n))]
    assert {"open_project", "build", "check_files", "validate_graph", "export_format"} <= set(
        functions
    )
    assert {"plan_quickstatements", "init_project", "add_source"} <= set(functions)


def test_open_project_refuses_a_folder_without_seeds(tmp_path: Path) -> None:
    with pytest.raises(svg_rdf.SvgRdfError, match="no seeds/ folder here"):
        svg_rdf.open_project(tmp_path)


def test_build_in_memory_gives_verified_files(project: svg_rdf.Project) -> None:
    built = svg_rdf.build(project, write=False)
    assert built.report.passes
    assert not project.output.exists()
    names = [f.name for f in built.files]
    assert names[:3] == ["svg-rdf.ttl", "svg-rdf.nt", "svg-rdf.jsonld"]
    turtle_file = built.files[0]
    parsed = {q.triple for q in ox.parse(turtle_file.data, format=ox.RdfFormat.TURTLE)}
    assert parsed == turtle_file.expected


def test_build_in_memory_re_parses_what_it_renders(
    project: svg_rdf.Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes that do not parse back to the graph are an error even when nothing is written."""
    real = turtle.serialize

    def lossy(graph: object, prefixes: dict[str, str]) -> bytes:
        if isinstance(graph, frozenset):  # the data graph, not void.ttl's
            graph = frozenset(sorted(graph, key=str)[1:])
        return real(graph, prefixes)  # type: ignore[arg-type]

    monkeypatch.setattr(turtle, "serialize", lossy)
    with pytest.raises(svg_rdf.ExportError, match="does not re-parse to the built graph"):
        svg_rdf.build(project, write=False)


def test_export_one_format_equals_the_build(project: svg_rdf.Project) -> None:
    built = svg_rdf.build(project, write=False)
    by_name = {f.name: f.data for f in built.files}
    for fmt, name in [("turtle", "svg-rdf.ttl"), ("ntriples", "svg-rdf.nt")]:
        (file,) = svg_rdf.export_format(project, fmt).files
        assert (file.name, file.data) == (name, by_name[name])
    qs = svg_rdf.export_format(project, "quickstatements").files
    assert [f.name for f in qs] == [
        "wikidata.qs",
        "wikidata-pending.json",
        "wikidata-pending.md",
    ]
    with pytest.raises(ValueError, match="unknown format 'rdfxml'"):
        svg_rdf.export_format(project, "rdfxml")


def test_export_writes_to_a_target(project: svg_rdf.Project, tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.nt"
    built = svg_rdf.export_format(project, "ntriples", target=target, write=True)
    assert target.read_bytes() == built.files[0].data


def test_check_files_and_validate_graph(project: svg_rdf.Project, tmp_path: Path) -> None:
    built = svg_rdf.build(project, write=False)
    path = tmp_path / "data.nt"
    path.write_bytes(next(f.data for f in built.files if f.name == "svg-rdf.nt"))
    result = svg_rdf.check_files([path], project=project, sources=project.seeds)
    assert result.report.passes and result.sources_checked == 1
    outside = svg_rdf.check_files([path])  # no project: the package's contract shapes
    assert outside.report.passes
    graph = Graph()
    graph.parse(data=path.read_text(encoding="utf-8"), format="nt")
    assert svg_rdf.validate_graph(graph).passes
    graph.remove((None, DCTERMS.license, None))
    report = svg_rdf.validate_graph(graph, project=project)
    assert not report.conforms
    assert any("licence" in finding.message for finding in report.findings)


def test_check_files_raises_for_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(svg_rdf.ParseError):
        svg_rdf.check_files([path])


def test_plan_and_reports(project: svg_rdf.Project) -> None:
    plan = svg_rdf.plan_quickstatements(project)
    assert plan.claims == len(svg_rdf.compile_project(project).curation.claims)
    for name in svg_rdf.REPORTS:
        assert svg_rdf.curator_report(project, name, "json").startswith("{")
    with pytest.raises(ValueError):
        svg_rdf.curator_report(project, "gossip")


def test_start_a_project_from_python(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Alpha was founded in 1901.\n", encoding="utf-8")
    new = svg_rdf.init_project(tmp_path / "new", title="New", prefix="nw")
    source = svg_rdf.add_source(new, text, title="A", license="CC0-1.0")
    assert source.license == "https://creativecommons.org/publicdomain/zero/1.0/"
    built = svg_rdf.build(new)
    assert built.report.passes and (new.output / "new.ttl").is_file()
    assert svg_rdf.load_settings(new).prefix == "nw"


def test_this_repository_through_the_api() -> None:
    compiled = svg_rdf.compile_project(svg_rdf.open_project(REPO))
    assert compiled.report.passes and compiled.settings.name == "svg-rdf"


def test_query_the_compiled_graph(project: svg_rdf.Project, tmp_path: Path) -> None:
    names = [example.name for example in svg_rdf.example_queries(project)]
    assert "sources" in names and "unit-facts" in names
    answer = svg_rdf.query(project, example="unit-facts", label="Test Squadron")
    assert answer.conforms and answer.result is not None
    assert set(answer.result.column("label")) == {"Test Squadron"}
    csv = svg_rdf.query(project, sparql="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", fmt="csv")
    assert csv.data is not None and csv.data.startswith(b"n\r\n")
    with pytest.raises(ValueError, match="exactly one"):
        svg_rdf.query(project, sparql="ASK {}", example="sources")
    with pytest.raises(svg_rdf.SvgRdfError, match="shows one subject and none is named"):
        svg_rdf.query(project, example="members")
    data = tmp_path / "g.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    answer = svg_rdf.query(project, sparql="ASK { <urn:a> ?p ?o }", data=data)
    assert answer.report is None and answer.result is not None and answer.result.boolean
