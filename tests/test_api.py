"""The public API: `import svg_rdf` does what the commands do, typed and documented."""

from __future__ import annotations

import datetime
import inspect
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

import svg_rdf
from svg_rdf.cli import cli
from svg_rdf.export import turtle
from tests.conftest import REPO, make_project
from tests.test_reconcile import ENTITIES, Server, running_service
from tests.test_reconcile import project as reconcile_project


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
    assert {"check", "render_check", "load", "serve", "reconcile", "accept_candidate"} <= set(
        functions
    )
    assert svg_rdf.__all__ == sorted(set(svg_rdf.__all__)) == dir(svg_rdf)
    assert set(svg_rdf.api.__all__) < set(svg_rdf.__all__)


def test_what_the_calls_return_is_exported() -> None:
    """A user's typed code can name what every public call returns (issue 20): each class a
    return annotation names is in svg_rdf.__all__, as is the several-errors type."""
    import re

    named: set[str] = set()
    for name in svg_rdf.__all__:
        value = getattr(svg_rdf, name)
        if inspect.isfunction(value):
            returned = inspect.get_annotations(value).get("return")
            named |= set(re.findall(r"\b[A-Z]\w+", str(returned)))
    named -= {"None", "Path"}  # pathlib's
    assert {"Built", "Report", "CheckResult", "Answer", "Plan"} <= named
    assert named <= set(svg_rdf.__all__), sorted(named - set(svg_rdf.__all__))
    assert "CurationErrors" in svg_rdf.__all__
    for name in named:
        assert inspect.isclass(getattr(svg_rdf, name)), name


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


def test_a_check_counts_its_triples_once(tmp_path: Path) -> None:
    """Counting an in-memory store reads every quad (0.09 s at 1M triples): the check
    counts once, for its progress line, and the result's graph keeps that count for the
    report instead of counting again."""
    path = tmp_path / "data.nt"
    path.write_text(
        "<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
        '<http://example.org/a> <http://example.org/q> "x" .\n',
        encoding="utf-8",
    )
    result = svg_rdf.check_files([path])
    assert result.graph.size == 2 == len(result.graph.store)
    assert "(2 triples" in svg_rdf.render_check(result)


def test_a_check_imports_no_build_stage(project: svg_rdf.Project, tmp_path: Path) -> None:
    """`check` needs the project's shapes, not the build: in a fresh process a check of a
    project's graph loads neither svg_rdf.pipeline nor a stage only the build runs."""
    import subprocess
    import sys

    path = tmp_path / "data.nt"
    path.write_text('<http://example.org/a> <http://example.org/p> "1" .\n', encoding="utf-8")
    code = (
        "import sys, svg_rdf\n"
        f"svg_rdf.check([{str(path)!r}], project=svg_rdf.open_project({str(project.root)!r}))\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    loaded = set(done.stdout.split())
    assert "svg_rdf.validation.project_shapes" in loaded
    assert not loaded & {"svg_rdf.pipeline", "svg_rdf.graph.mapping", "svg_rdf.curation.infobox"}


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
    assert "sources" in names and "facts" in names
    answer = svg_rdf.query(project, example="facts", label="Test Squadron")
    assert answer.conforms and answer.result is not None
    assert set(answer.result.column("label")) == {"Test Squadron"}
    csv = svg_rdf.query(project, sparql="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", fmt="csv")
    assert csv.data is not None and csv.data.startswith(b"n\r\n")
    with pytest.raises(ValueError, match="exactly one"):
        svg_rdf.query(project, sparql="ASK {}", example="sources")
    every = svg_rdf.query(project, example="facts")  # no label named: every subject
    assert every.result is not None and answer.result is not None
    assert sorted(map(str, every.result.rows)) == sorted(map(str, answer.result.rows))
    data = tmp_path / "g.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    answer = svg_rdf.query(project, sparql="ASK { <urn:a> ?p ?o }", data=data)
    assert answer.report is None and answer.result is not None and answer.result.boolean


# check: the call behind `svg-rdf check`, and the report it prints ---------------------


def cli_check(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *arguments])
    return result.exit_code, result.stdout, result.stderr


def test_check_a_built_project_prints_what_the_command_prints(tmp_path: Path) -> None:
    built = svg_rdf.open_project(make_project(tmp_path / "p"))
    with pytest.raises(svg_rdf.SvgRdfError, match="not found; run `svg-rdf build` first"):
        svg_rdf.check(project=built)
    svg_rdf.build(built)
    result = svg_rdf.check(project=built)
    names = [Path(f).name for f in result.files]
    assert names == ["svg-rdf.ttl", "svg-rdf.nt", "svg-rdf.jsonld"]
    assert result.sources_checked == 1 and not result.fails()  # seeds/ verified by default
    assert result.prefixes["svg"] and result.labels["P31"] == "instance of"
    text = svg_rdf.render_check(result)
    assert text.endswith(f"({len(result.graph)} triples, 1 source verified): passes\n")
    for fmt in ("text", "json", "turtle"):
        code, out, err = cli_check("--project", str(built.root), "--format", fmt)
        assert (code, err) == (0, "")
        ours = svg_rdf.render_check(result, fmt)
        if fmt == "turtle":  # blank node labels differ from run to run
            assert isomorphic(Graph().parse(data=out), Graph().parse(data=ours))
        else:
            assert out == ours
    assert json.loads(svg_rdf.render_check(result, "json"))["passes"] is True


def test_check_finds_violations_and_warnings_by_severity(
    project: svg_rdf.Project, tmp_path: Path
) -> None:
    built = svg_rdf.build(project, write=False)
    graph = Graph()
    graph.parse(data=next(f.data for f in built.files if f.name == "svg-rdf.nt"), format="nt")
    graph.remove((None, DCTERMS.license, None))
    path = tmp_path / "no-licence.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    result = svg_rdf.check([path], project=project)
    assert result.fails() and result.fails("info") and result.report.count("violation") >= 1
    text = svg_rdf.render_check(result, severity="violation")
    assert "licence" in text and text.endswith(": fails\n")
    code, out, _ = cli_check("--project", str(project.root), str(path))
    assert (code, out) == (1, text)
    with pytest.raises(ValueError, match="unknown severity"):
        result.fails("fatal")
    with pytest.raises(ValueError, match="unknown report format"):
        svg_rdf.render_check(result, "xml")


def test_check_refuses_an_output_folder_mixed_from_two_builds(tmp_path: Path) -> None:
    mixed = svg_rdf.open_project(make_project(tmp_path / "p"))
    svg_rdf.build(mixed)
    nt = mixed.output / "svg-rdf.nt"
    nt.write_bytes(nt.read_bytes() + b"<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(svg_rdf.OutputMismatchError) as caught:
        svg_rdf.check(project=mixed)
    assert len(caught.value.problems) == 1 and "svg-rdf.nt" in caught.value.problems[0]
    assert str(caught.value).endswith(
        "not the set one build wrote (1 file differs from void.ttl); run `svg-rdf build` again"
    )
    code, out, err = cli_check("--project", str(mixed.root))
    assert (code, out) == (1, "")
    assert err == f"{caught.value.problems[0]}\n{caught.value}\n"


def test_check_reads_a_stream_and_names_bad_inputs(tmp_path: Path) -> None:
    data = b'<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n'
    result = svg_rdf.check(["-"], stdin=io.BytesIO(data), input_format="ntriples")
    assert result.files == ("-",) and len(result.graph) == 1
    with pytest.raises(svg_rdf.SvgRdfError, match="cannot be told from a file extension"):
        svg_rdf.check(["-"], stdin=io.BytesIO(data))
    with pytest.raises(svg_rdf.SvgRdfError, match="is a folder, not an RDF file"):
        svg_rdf.check([tmp_path])
    with pytest.raises(svg_rdf.SvgRdfError, match="file not found"):
        svg_rdf.check([tmp_path / "missing.ttl"])
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(svg_rdf.ParseError) as caught:
        svg_rdf.check([bad])
    assert str(caught.value).startswith(f"{bad}:1:")
    with pytest.raises(svg_rdf.SvgRdfError, match="no files to check"):
        svg_rdf.check()
    with pytest.raises(ValueError, match="at least one path"):
        svg_rdf.check_files([])


# reconcile: candidates from a real Reconciliation API server, then accepted ------------


@pytest.fixture
def recon_server(tmp_path: Path) -> Iterator[Server]:
    """tests/recon_server.py: a real W3C Reconciliation API server on 127.0.0.1."""
    with running_service(tmp_path) as service:
        yield service


def test_reconcile_and_accept_a_candidate(recon_server: Server, tmp_path: Path) -> None:
    new = svg_rdf.open_project(reconcile_project(tmp_path))
    with pytest.raises(ValueError, match="either service or entity_json"):
        svg_rdf.reconcile(new)
    (record,) = svg_rdf.reconcile(
        new, service=recon_server.url, slugs=["test-squadron"], date="2026-11-30", limit=1
    )
    assert (record.slug, record.service, record.date) == (
        "test-squadron",
        recon_server.url,
        "2026-11-30",
    )
    assert [c.qid for c in record.candidates] == ["Q90000001"]
    assert len(recon_server.received()) == 1
    assert "Q90000001" in (new.seeds / "reconciliation.toml").read_text(encoding="utf-8")
    with pytest.raises(svg_rdf.DataFileError, match="Q5 is not a recorded candidate"):
        svg_rdf.accept_candidate(new, "test-squadron", "Q5")
    accepted = svg_rdf.accept_candidate(new, "test-squadron", "Q90000001")
    assert accepted.path == new.seeds / "entities" / "things.toml"
    assert f"reconciled with {recon_server.url} on 2026-11-30" in accepted.evidence
    assert 'qid = "Q90000001"' in accepted.path.read_text(encoding="utf-8")
    compiled = svg_rdf.compile_project(new)
    (squadron,) = [e for e in compiled.curation.entities if e.slug == "test-squadron"]
    assert squadron.qid == "Q90000001"
    with pytest.raises(svg_rdf.DataFileError, match="already has Q90000001"):
        svg_rdf.accept_candidate(new, "test-squadron", "Q90000001")


def test_reconcile_offline_records_today(tmp_path: Path) -> None:
    new = svg_rdf.open_project(reconcile_project(tmp_path))
    records = svg_rdf.reconcile(new, entity_json=[ENTITIES])
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert {r.slug for r in records} >= {"test-squadron", "alpha-town"}
    assert {r.date for r in records} == {today}
    assert {r.service for r in records} == {f"offline:{ENTITIES}"}


def test_the_commands_reach_the_library_through_the_public_api() -> None:
    """check, load, serve, reconcile, init and add-source: one public call each, so the
    command and a Python caller run the same code (printing helpers aside)."""
    from tests.test_layout import imports

    allowed = {
        "svg_rdf",
        "svg_rdf.api",
        "svg_rdf.errors",
        "svg_rdf.project",
        "svg_rdf.cli.common",
        "svg_rdf.cli.startup",  # PathType: click.Path giving a pathlib.Path, imported late
        "svg_rdf.endpoint.servers",  # display_url: a URL without its credentials
        "svg_rdf.endpoint.lifecycle",  # stop_signals: Ctrl-C and SIGTERM end `serve`
    }
    for command in ("check", "load", "serve", "reconcile", "start"):
        own = {i for i in imports(f"svg_rdf.cli.{command}") if i.startswith("svg_rdf")}
        assert own <= allowed, (command, sorted(own - allowed))


# Each public call and what it returns, by the module of svg_rdf.api that owns it.
HOMES = {
    "add_source": ("add_source",),
    "build": ("build", "Built"),
    "check": ("check", "check_files", "render_check"),
    "export": ("export_format", "EXPORT_FORMATS"),
    "init": ("init_project",),
    "load": ("load",),
    "migrate": ("migrate",),
    "plan_quickstatements": ("plan_quickstatements",),
    "project": ("open_project", "load_settings", "compile_project", "validate_graph"),
    "query": ("query", "example_queries", "Answer"),
    "reconcile": ("reconcile", "accept_candidate"),
    "report": ("curator_report", "REPORTS"),
    "serve": ("serve", "Serving"),
    "wikidata_diff": ("wikidata_diff",),
    "wikidata_fetch": ("wikidata_fetch",),
}


def test_each_call_is_defined_in_its_commands_module() -> None:
    """One home per command (issue 23): `svg_rdf.check` is the function of
    svg_rdf.api.check, not a forwarder to another module, and so for every call and the
    type it returns."""
    import importlib

    assert sorted(n for names in HOMES.values() for n in names) == sorted(svg_rdf.api.__all__)
    for module, names in HOMES.items():
        home = importlib.import_module(f"svg_rdf.api.{module}")
        for name in names:
            value = getattr(svg_rdf, name)
            assert value is getattr(home, name) is getattr(svg_rdf.api, name), name
            if callable(value):
                assert value.__module__ == f"svg_rdf.api.{module}", name
