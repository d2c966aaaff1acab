"""Export stage: deterministic bytes, verified by a strict parser, written atomically."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svg_rdf.api import build
from svg_rdf.errors import ExportError
from svg_rdf.export import switch, writer
from svg_rdf.export.writer import OutputFile, publish_set, verify
from svg_rdf.graph.mapping import GraphBuilder
from svg_rdf.graph.vocab import OurNamespaces
from svg_rdf.model import Entity, Evidence, Place, SourceDocument
from svg_rdf.outputs import render
from svg_rdf.project import Project
from tests.conftest import REPO, make_project

GOLDEN = Path(__file__).resolve().parent / "golden" / "base"
UPDATE = os.environ.get("SVG_RDF_UPDATE_GOLDEN") == "1"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the site's subfolders included), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_build(project: Path, seed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "svg_rdf", "build", "--project", str(project)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_golden_files(project_dir: Path) -> None:
    build(Project.at(project_dir))
    produced = files_of(project_dir / "output")
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        for name, data in produced.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    assert produced == files_of(GOLDEN), "run pytest --update-golden and review the diff"
    # Wikidata writes times with Z; rdflib would write +00:00 if normalisation came back on
    assert b"T00:00:00Z" in produced["svg-rdf.nt"]
    assert not any(b"+00:00" in data for data in produced.values())


def test_bytes_do_not_depend_on_hash_seed_or_path(tmp_path: Path) -> None:
    first = make_project(tmp_path / "one")
    second = make_project(tmp_path / "elsewhere" / "two")
    a, b = run_build(first, "1"), run_build(second, "4242")
    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr
    assert files_of(first / "output") == files_of(second / "output")


def test_graph_bytes_do_not_depend_on_input_order(tmp_path: Path) -> None:
    first = make_project(tmp_path / "one")
    second = make_project(tmp_path / "two")
    # the claims reversed and split over several files (reports name those files and
    # lines, so only the graph files must match)
    facts = second / "seeds" / "facts" / "squadron.toml"
    head, *claims = facts.read_text(encoding="utf-8").split("[[claim]]")
    facts.unlink()
    for number, body in enumerate(reversed(claims)):
        (second / "seeds" / "facts" / f"{number:02d}.toml").write_text(
            head + "[[claim]]" + body, encoding="utf-8"
        )
    a, b = run_build(first, "3"), run_build(second, "3")
    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr
    graph_files = ["svg-rdf.ttl", "svg-rdf.nt", "svg-rdf.jsonld", "context.jsonld"]
    assert [files_of(first / "output")[n] for n in graph_files] == [
        files_of(second / "output")[n] for n in graph_files
    ]


def test_committed_output_equals_a_fresh_build(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    # queries/: the site's query page offers the project's example queries
    for folder in ("seeds", "ontology", "shapes", "queries"):
        shutil.copytree(REPO / folder, copy / folder)
    result = run_build(copy, "7")
    assert result.returncode == 0, result.stderr
    assert files_of(copy / "output") == files_of(REPO / "output"), (
        "output/ is stale: run `svg-rdf build` and commit output/"
    )


def test_build_touches_no_network(project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network use during build: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert build(Project.at(project_dir)).report.passes


def test_a_file_that_does_not_reparse_is_refused() -> None:
    good = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
    bad = OutputFile(
        "x.nt",
        b'<http://e/a> <http://e/p> "y" .\n',
        "application/n-triples",
        ox.RdfFormat.N_TRIPLES,
        frozenset({good}),
    )
    with pytest.raises(ExportError, match="does not re-parse"):
        verify(bad)
    broken = OutputFile(
        "x.nt",
        b"<http://e/a> <http://e/p> .\n",
        "application/n-triples",
        ox.RdfFormat.N_TRIPLES,
        frozenset({good}),
    )
    with pytest.raises(ExportError, match="strict parser rejects"):
        verify(broken)


def test_failed_verification_leaves_output_intact(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(Project.at(project_dir))
    before = files_of(project_dir / "output")
    facts = project_dir / "seeds" / "facts" / "squadron.toml"
    facts.write_text(facts.read_text().replace('value = "1938-03"', 'value = "1938"'))

    def fail_on_jsonld(file: OutputFile) -> None:
        if file.name.endswith(".jsonld"):
            raise ExportError("simulated", path=file.name)

    monkeypatch.setattr(writer, "verify", fail_on_jsonld)
    with pytest.raises(ExportError):
        build(Project.at(project_dir))
    assert files_of(project_dir / "output") == before


def test_interrupt_while_writing_leaves_output_intact_and_no_temp_files(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(Project.at(project_dir))
    before = files_of(project_dir / "output")
    real_fsync = os.fsync
    calls = []

    def interrupt(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(switch.os, "fsync", interrupt)
    changed = [OutputFile(f.name, f.data + b"\n", f.media_type) for f in built.files]
    with pytest.raises(KeyboardInterrupt):
        publish_set(project_dir / "output", changed)
    assert files_of(project_dir / "output") == before
    assert not [p for p in (project_dir / "output").rglob("*") if p.name.startswith(".")]
    assert not [p for p in project_dir.iterdir() if p.name.startswith(".")]


HOSTILE = st.text(
    alphabet=st.sampled_from(
        [
            '"',
            "'",
            "\\",
            "\n",
            "\r",
            "\t",
            "<",
            ">",
            "{",
            "}",
            "@",
            "#",
            "é",
            "ß",
            "中",
            "😀",
            "\u0000",
            "\u2028",
            " ",
            "a",
            "Z",
            "1",
            ":",
        ]
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=HOSTILE, quote=HOSTILE)
def test_hostile_strings_round_trip_through_every_format(label: str, quote: str) -> None:
    ours = OurNamespaces("https://example.org/h/", "svg")
    text = f"before {quote} after"
    source = SourceDocument(
        "doc",
        "doc.txt",
        label,
        "test",
        "en",
        "https://example.org/l",
        "0" * 64,
        text,
        Path("doc.txt"),
    )
    builder = GraphBuilder(ours)
    builder.source(source)
    builder.entity(
        Entity(
            "x", (("en", label),), (("en", quote),), (("en", label + quote),), "unit", Place("e", 1)
        )
    )
    builder.reference(Evidence("doc", quote, 7, 7 + len(quote), "before ", " after", Place("f", 1)))
    for file in render(builder.graph, ours, name="svg-rdf"):
        verify(file)  # parses strictly with pyoxigraph and compares with the built graph
        if file.expected is not None and file.name.startswith("svg-rdf."):
            parsed = {q.triple for q in ox.parse(file.data, format=file.rdf_format)}
            assert any(isinstance(t.object, ox.Literal) and t.object.value == quote for t in parsed)
